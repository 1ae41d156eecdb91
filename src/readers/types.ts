import type { Lang } from '../registry/types.js';

/** What every reader returns: normalised records of one page in one language, plus diagnostics. */
export interface ReaderResult {
  /** Language of the page: given by the caller, else detected from its text. */
  lang: Lang;
  /** The page's own title (`# …`, the HTML doc title, the scraped title line). */
  title?: string;
  /** Text that may name the kit: `<!--Kit: X-->` comments, breadcrumb lines. */
  kitHints: string[];
  records: RawRecord[];
  diagnostics: Diagnostic[];
}

export interface RawVariant {
  title: string;
  messages: string[];
  description?: string;
  causes?: string[];
  solutions?: string[];
  example?: string;
  /** Notes, pictures and text under unknown labels (Markdown), kept apart from the fields. */
  notes?: string[];
}

/** One code as one source documents it, in one language. */
export interface RawRecord {
  code: number;
  title?: string;
  name?: string;
  messages: string[];
  description?: string;
  causes?: string[];
  solutions?: string[];
  devices?: string[];
  apis?: string[];
  variants?: RawVariant[];
  /** Notes, pictures and text under unknown labels (Markdown), kept apart from the fields. */
  notes?: string[];
  /** The section's heading text, or `table row N`. */
  section: string;
  line?: number;
  origin: 'section' | 'table';
  /** For table rows: the paragraph just before the table, which often says whose codes they are. */
  context?: { text: string; links: { text: string; url: string }[] };
}

export interface Diagnostic {
  file: string;
  section?: string;
  line?: number;
  /** Stable machine-readable kind, e.g. `no-message`, `unknown-table`. */
  kind: string;
  message: string;
  /** `error`: content was not understood. `notice`: worth reporting, nothing lost. */
  severity: 'error' | 'notice';
}

export interface ReaderOptions {
  /** Path used in diagnostics and sources. */
  file: string;
  lang?: Lang;
  /** Rewrites link targets (e.g. relative doc links → stable repository paths). */
  resolveLink?: (url: string) => string;
}

export function detectLang(text: string): Lang {
  let cjk = 0;
  let latin = 0;
  for (const ch of text.slice(0, 200_000)) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x4e00 && c <= 0x9fff) cjk++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
  }
  // Chinese pages still carry English messages and identifiers; a modest share of Han decides it.
  return cjk * 8 > latin ? 'zh' : 'en';
}
