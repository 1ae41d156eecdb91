/** ohos-errors: the library. */
export { lookup, listKits, getKit, nearestCodes, formatMessage, parseCode, type LookupOptions } from './lookup/lookup.js';
export { readRegistry } from './registry/store.js';
export { search, searchDetailed, SearchIndex, type SearchOptions, type SearchResult, type SearchField } from './search/search.js';
export { match, Matcher, cleanMessage, type MatchCandidate, type MatchResult } from './match/match.js';
export type * from './registry/types.js';
export { Scanner, scanText, scanStreams, type ScanOptions, type ScanSummary, type SummaryRow, type Occurrence, type OccurrenceKind, type Level } from './scan/scanner.js';
export { apisFor, codesFor, findApis, listApis, nearestApis, preferredEntries, type ApiCodes, type ApiIndexOptions } from './lookup/apis.js';
export { entryRef } from './registry/types.js';
