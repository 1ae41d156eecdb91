/** ohos-errors: the library. */
export { lookup, listKits, getKit, nearestCodes, formatMessage, parseCode, type LookupOptions } from './lookup/lookup.js';
export { readRegistry } from './registry/store.js';
export type * from './registry/types.js';
