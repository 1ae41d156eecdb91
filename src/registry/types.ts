/**
 * The registry contract. Every consumer (lookup, CLI, later search/scan/server) reads only these
 * shapes; `schema.json` beside this file is the same contract as a JSON Schema and is what the
 * build and `import --save` validate against. Extend both together, never break them.
 *
 * Text fields (description, causes, solutions) are Markdown: inline code in backticks, links as
 * `[text](url)`, code blocks fenced. Messages and titles are plain text. `${messageInfo}` (and other
 * `${name}` placeholders) stay literal in message templates.
 */

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A value given in one or both languages. Absent languages are absent keys, never "". */
export type Localized<T = string> = Partial<Record<Lang, T>>;

export interface KitRef {
  id: string;
  name: Localized;
}

export interface PageRef {
  id: string;
  title: Localized;
}

export interface SourceRef {
  /** Source file, relative to the folder the build was given (seeds/… or docs/…), or a user path. */
  file: string;
  /** The section inside the file: its heading text, or `table row N`. */
  section: string;
  lang: Lang;
  /** 1-based line of the section in the file, when the format has lines. */
  line?: number;
}

/** A sub-case of one code: some pages document several situations (each with its own message). */
export interface Variant {
  title: Localized;
  messages?: string[];
  description?: Localized;
  causes?: Localized<string[]>;
  solutions?: Localized<string[]>;
  example?: Localized;
}

/** Which tool reports a code; absent means an ArkTS runtime API. */
export type EntryKind = 'compiler' | 'loader' | 'obfuscation' | 'build-tool';

export interface Entry {
  kit: KitRef;
  page: PageRef;
  code: number;
  /** Official constant name, when a source gives one (e.g. ACCOUNT_NOT_LOGGED_IN). */
  name?: string;
  /** Never empty: an untitled section gets a title derived from its text (`titleDerived`). */
  title: Localized;
  /** The title was derived from the description / message / name, not given by a source. */
  titleDerived?: true;
  /** 1-based, when the page documents this code in more than one section: each is an entry. */
  occurrence?: number;
  /** English runtime message templates, as thrown. */
  messages: string[];
  description?: Localized;
  causes?: Localized<string[]>;
  solutions?: Localized<string[]>;
  devices?: string[];
  /** APIs documented as reporting this code. */
  apis?: string[];
  variants?: Variant[];
  /** Notes, pictures and text under unrecognised labels (Markdown), per language. */
  notes?: Localized<string[]>;
  /** SDK APIs whose `@throws` lines name this code (and mean this entry): how many, and the first few. */
  thrownBy?: { count: number; apis: string[] };
  /** The enum a constant `name` comes from (`@ohos.security.huks:huks.HuksExceptionErrCode`). */
  nameFrom?: string;
  /** No docs page documents this code: the entry comes from the SDK declarations' `@throws` text. */
  sdkOnly?: true;
  /** Documented on a system-API page (`*-sys.md`): not callable by ordinary apps. */
  systemApi?: boolean;
  kind?: EntryKind;
  sources: SourceRef[];
}

export interface PageInfo {
  id: string;
  title: Localized;
  systemApi?: boolean;
  kind?: EntryKind;
  entries: number;
}

export interface KitInfo {
  id: string;
  name: Localized;
  entries: number;
  pages: PageInfo[];
}

export interface Conflict {
  kit: string;
  page: string;
  code: number;
  occurrence?: number;
  field: string;
  lang?: Lang;
  /** What each source says, keyed by source file. */
  values: Record<string, string>;
}

export interface DiagnosticRecord {
  file: string;
  section?: string;
  line?: number;
  kind: string;
  message: string;
  severity: 'error' | 'notice';
  /** Why an error-level diagnostic is accepted (from data/overrides.yaml), if it is. */
  explained?: string;
}

export interface SourceSet {
  id: string;
  description: string;
  license?: string;
  files: { path: string; lang: Lang; commit?: string; origin?: string }[];
}

export interface RegistryStats {
  kits: number;
  pages: number;
  entries: number;
  withZh: number;
  withEn: number;
  withBoth: number;
  missingMessage: number;
  missingCause: number;
  missingSolution: number;
  /**
   * On pages that exist in both languages: `codes` all codes; `inBoth` codes both pages document;
   * `paired` those merged into one entry with text in both languages; `ratio` = paired / inBoth;
   * `coverage` = inBoth / codes; codes only one page has (reported as `unpaired`).
   */
  pairing: { codes: number; inBoth: number; paired: number; ratio: number; coverage: number; zhOnly: number; enOnly: number };
  conflicts: number;
  diagnostics: { errors: number; explained: number; notices: number };
  /** SDK index: APIs that document codes, their `@throws` lines, distinct codes, codes only the SDK documents. */
  sdk?: { apis: number; throws: number; codes: number; sdkOnly: number };
}

/** A code as one API's `@throws` line gives it. */
export interface ApiThrow {
  code: number;
  message: string;
  /** What followed the message and is not part of it (`since 20`). */
  note?: string;
}

/** One SDK API (its overloads together) and the codes it documents. */
export interface ApiInfo {
  /** As a developer writes it: `relationalStore.RdbStore.insert`. */
  name: string;
  /** `@ohos.data.relationalStore`. */
  module: string;
  /** Kit id (as in entries), from the file's `@kit` tag or the `kits/` re-exports. */
  kit?: string;
  file: string;
  line: number;
  /** Number of declarations (overloads, static twins) merged into this API. */
  overloads: number;
  since?: string;
  sinceStatic?: string;
  deprecated?: string;
  systemApi?: true;
  permissions?: string;
  syscap?: string;
  atomicService?: true;
  crossPlatform?: true;
  stageModelOnly?: true;
  faModelOnly?: true;
  throws: ApiThrow[];
}

export interface Registry {
  schemaVersion: 1;
  /** Content hash of everything below: changes whenever the data changes. */
  dataVersion: string;
  sources: SourceSet[];
  kits: KitInfo[];
  entries: Entry[];
  stats: RegistryStats;
  conflicts: Conflict[];
  diagnostics: DiagnosticRecord[];
  /** SDK APIs that document error codes (stored in data/apis.json, loaded only when asked for). */
  apis: ApiInfo[];
  /** Entry ref (`kit/page/code`, `#n` for an occurrence > 1) → indexes in `apis` of the APIs linked to it. */
  apiLinks: Record<string, number[]>;
}

/** The stable reference of an entry, as used in `apiLinks`. */
export function entryRef(e: { kit: { id: string }; page: { id: string }; code: number; occurrence?: number }): string {
  return `${e.kit.id}/${e.page.id}/${e.code}${e.occurrence && e.occurrence > 1 ? `#${e.occurrence}` : ''}`;
}

export const DEVICE_IDS = ['phone', 'tablet', '2in1', 'tv', 'wearable', 'lite_wearable', 'car'] as const;
export type DeviceId = (typeof DEVICE_IDS)[number];
