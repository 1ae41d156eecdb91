/**
 * `scan`: find every error a log reports — by code, by message alone, or as a JS crash — and
 * summarise it with the registry.
 *
 * Streaming in the manner of ripgrep: bytes are read in chunks into a WebAssembly prefilter
 * (`prefilter.ts`) that searches them for the few byte needles an error report needs (`code`,
 * `错误码`, `err`, `fail`, level columns, crash fields …); only the lines it selects are decoded and
 * parsed here, and a line text the parser has already judged is not parsed again. Memory stays
 * flat: one chunk, one carried partial line (MAX_LINE bytes), the prefilter's verdict cache, and
 * one summary row per distinct code.
 *
 * `scanText` parses every line with no prefilter: it is the reference the streaming path is
 * tested against.
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Entry, KitRef } from '../registry/types.js';
import { knownCodes, lookup } from '../lookup/lookup.js';
import { Matcher, defaultMatcher, defaultMatcherEntries } from '../match/match.js';
import { CRASH_FIELD, FRAME, MESSAGE_WORDS, findCodes, parseLogLine, type LogFields } from './detect.js';
import { ANCHOR_BYTES, MAX_LINE, Prefilter } from './prefilter.js';
import { buildGate, literalLength, MIN_LITERAL, type Gate } from './anchors.js';
import { maskNumbers } from './mask.js';

export { MAX_LINE };
const LEVELS = ['D', 'I', 'W', 'E', 'F'] as const;
export type Level = (typeof LEVELS)[number];

export type OccurrenceKind = 'code' | 'message' | 'crash';
const KIND_ORDER: OccurrenceKind[] = ['code', 'message', 'crash'];

export interface Occurrence {
  file?: string;
  line: number;
  code: number | null;
  kit: { id: string } | null;
  kind: OccurrenceKind;
  text: string;
  time?: string;
  pid?: number;
  tid?: number;
  level?: Level;
  domain?: string;
  tag?: string;
  /** Entry ids that define this code when the line does not say which kit (e.g. 401). */
  kits?: string[];
  /** A code in an error shape that no registry entry knows. */
  unknown?: true;
  /** For crashes: the error name, message and top stack frame. */
  crash?: { name?: string; message?: string; topFrame?: string };
}

/** Files at least this large are scanned by worker threads, in two parts at once on a machine with two cores. */
const PARALLEL_MIN = 64 * 1024 * 1024;

/** A worker's events for the main thread: a crash line (with text), or a line that ends a stack. */
export interface PartEvent {
  line: number;
  text?: string;
}

export interface PartResult {
  lines: number;
  bytes: number;
  count: number;
  rows: (Omit<SummaryRow, 'entry'> & { entryRef?: { page: string } })[];
  events: PartEvent[];
  /** What the part counted past its row cap: the codes (bounded) and their occurrences. */
  folded: { codes: number[]; saturated: number; occurrences: number };
  /**
   * The first part of a file (it starts where the crash state is known) parses its crash blocks
   * itself: the crashes it listed and folded, and the state the next part continues from.
   */
  first?: { crashes: Occurrence[]; foldedCrashes: number; crash?: CrashState; headerLine: number };
}

/** Where the second part starts: the first line break after `at` of the file; -1: no line break near it, no split. */
function splitPoint(fd: number, size: number, at: number): number {
  const buf = Buffer.alloc(MAX_LINE);
  const mid = Math.floor(size * at);
  const n = readSync(fd, buf, 0, buf.length, mid);
  const nl = buf.subarray(0, n).indexOf(10);
  return nl < 0 || mid + nl + 1 >= size ? -1 : mid + nl + 1;
}

/**
 * A worker's young generation (MB), by how many workers run: it allocates short-lived strings
 * only. Measured on the 1 GB 25 % log with one worker: 8 MB scanned 5–15 % faster than 2 MB (fewer
 * scavenges) for ~10 MB more peak RSS; two workers take 2 MB each to stay near the memory budget.
 */
const WORKER_YOUNG_MB = (workers: number) => (workers === 1 ? 8 : 2);

/**
 * A worker's old generation (MB). With a cap V8 collects sooner: peak RSS on the 1 GB 25 % log
 * ~195 → ~165 MB with two workers, ~136 → ~128 MB with one (48, 64 and 128 MB gave the same
 * peak). Live data stays far below it: templates, bounded caches, rows, at most a million
 * folded codes (test/prefilter.test.ts scans hostile bytes in workers).
 */
const WORKER_OLD_MB = 128;

/** Scan [start, end) of the file in a worker thread; `bytes` tells how far it got, in 64 KiB units. */
function startPart(path: string, start: number, end: number, first: boolean, workers: number, opts: ScanOptions): { done: Promise<PartResult>; bytes: Int32Array } {
  // From the TypeScript sources (tests) the worker is the built one: a worker thread does not
  // inherit the TypeScript loader.
  const here = import.meta.url;
  const url = new URL(here.endsWith('.ts') ? '../../dist/scan/part-worker.js' : './part-worker.js', here);
  const bytes = new Int32Array(new SharedArrayBuffer(4));
  const w = new Worker(url, { workerData: { path, start, end, first, level: opts.level, messages: opts.messages, progress: bytes }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB(workers), maxOldGenerationSizeMb: WORKER_OLD_MB } });
  const done = new Promise<PartResult>((resolve, reject) => {
    w.once('message', (r: PartResult) => resolve(r));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`scan worker stopped (exit ${code})`)));
  }).finally(() => void w.terminate());
  return { done, bytes };
}

/**
 * What a worker's scan reads of an entry: its identity, templates, and its rows' title and first
 * fix. The main thread looks row entries up again, so a worker keeps only this, and the rest of
 * the registry is garbage at once: peak RSS on the 1 GB 25 % log 190 → ~165 MB with two workers,
 * 146 → ~128 MB with one (measured with and without it, same build otherwise).
 */
function scanEntry(e: Entry): Entry {
  const first = (l?: { zh?: string; en?: string }) => (l ? { ...(l.zh ? { zh: l.zh.split('\n')[0] } : {}), ...(l.en ? { en: l.en.split('\n')[0] } : {}) } : undefined);
  const out: Entry = { kit: e.kit, page: { id: e.page.id, title: e.page.title }, code: e.code, title: e.title, messages: e.messages, sources: [] };
  if (e.variants) out.variants = e.variants.map((v) => ({ title: v.title, ...(v.messages ? { messages: v.messages } : {}) }));
  const d = first(e.description);
  if (d) out.description = d;
  const s0 = { ...(e.solutions?.zh?.[0] ? { zh: [e.solutions.zh[0]] } : {}), ...(e.solutions?.en?.[0] ? { en: [e.solutions.en[0]] } : {}) };
  if (s0.zh || s0.en) out.solutions = s0;
  return out;
}

/**
 * Distinct line findings remembered by the verdict cache before it starts over (memory bound);
 * the prefilter counts repeats of recipe ids below its `tallyIds`, which is this.
 */
const MAX_RECIPES = 1 << 13;
/** Verdict ids from here on name a shape (Scanner.shapes), not a recipe: the prefilter's `shapeBase`. */
const SHAPE = 1 << 28;

/** Lines end with a lone CR: the sample has CRs and no LF at all. */
function crOnly(buf: Uint8Array): boolean {
  return buf.indexOf(13) >= 0 && buf.indexOf(10) < 0;
}

function mapCr(chunk: Buffer): Buffer {
  const out = Buffer.from(chunk);
  for (let i = out.indexOf(13); i >= 0; i = out.indexOf(13, i + 1)) out[i] = 10;
  return out;
}

/** What a line reports, apart from where it is: the part of an occurrence that repeats. */
interface Finding {
  kind: 'code' | 'message';
  code: number;
  kit: string | null;
  kits?: string[];
  unknown?: true;
  entry?: Entry;
  /** Its summary row, once reported. */
  row?: SummaryRow;
}

export interface SummaryRow {
  code: number | null;
  kit: KitRef | null;
  title?: { zh?: string; en?: string };
  count: number;
  firstLine: number;
  lastLine: number;
  firstFile?: string;
  sample: string;
  kinds: OccurrenceKind[];
  unknown?: true;
  solution?: { zh?: string; en?: string };
  entry?: Entry;
}

export interface ScanSummary {
  files: string[];
  lines: number;
  bytes: number;
  occurrences: number;
  rows: SummaryRow[];
  crashes: Occurrence[];
  /**
   * What was counted but not listed, to keep memory flat: distinct unknown codes beyond `maxRows` (their
   * occurrences are in `occurrences`) and crashes beyond `maxCrashes`.
   */
  folded?: { codes: number; occurrences: number; crashes: number };
}

/** Summary bounds: distinct unknown codes and crashes listed (the rest is counted in `folded`). */
export const MAX_ROWS = 2_000;
export const MAX_CRASHES = 1_000;

export interface ScanOptions {
  /** Only hilog lines at this level or above (lines without a level are then skipped). */
  level?: Level;
  /** Also find messages without a code (default true). */
  messages?: boolean;
  matcher?: Matcher;
  /** Called for each occurrence as it is found, in input order (files are then read in one thread). */
  onOccurrence?: (o: Occurrence) => void;
  onProgress?: (bytes: number) => void;
  /** Threads for one large file: 1 or 2 (default: 2 when the machine has two cores). */
  threads?: number;
  /** Files from this size (bytes) on are scanned in two parts at once (default 64 MiB). */
  parallelMin?: number;
  /** Where the second part starts, as a fraction of the file (default: balanced by measurement). */
  splitAt?: number;
  /**
   * At most this many rows of codes no entry knows (default MAX_ROWS); every known code gets its
   * row (there are as many as the registry has entries, at most).
   */
  maxRows?: number;
  /** At most this many crashes listed (default MAX_CRASHES). */
  maxCrashes?: number;
}

class Aggregator {
  /** Rows by code, then by kit id ('' for none): numbers and interned ids hash fast. */
  private byCode = new Map<number | null, Map<string, SummaryRow>>();
  private list: SummaryRow[] = [];
  get size(): number {
    return this.list.length;
  }
  rows(): SummaryRow[] {
    return this.list;
  }
  get(code: number | null, kit: string): SummaryRow | undefined {
    return this.byCode.get(code)?.get(kit);
  }
  set(code: number | null, kit: string, row: SummaryRow) {
    let m = this.byCode.get(code);
    if (!m) this.byCode.set(code, (m = new Map()));
    m.set(kit, row);
    this.list.push(row);
  }
  /** Rows of codes no entry knows: these are capped (known codes are bounded by the registry). */
  unknownRows = 0;
  crashes: Occurrence[] = [];
  count = 0;
  /** Codes beyond the row cap: their numbers only (bounded too), and how often they occurred. */
  private foldedCodes = new Set<number>();
  private foldedSaturated = 0;
  foldedOccurrences = 0;
  foldedCrashes = 0;

  constructor(
    readonly maxRows = MAX_ROWS,
    readonly maxCrashes = MAX_CRASHES,
  ) {}

  /** Count `n` occurrences of a code past the row cap (its number kept, up to a million codes). */
  fold(code: number | null, n: number) {
    this.foldedOccurrences += n;
    if (code === null || this.foldedCodes.has(code)) return;
    // Past a million folded codes, count without remembering (an upper bound then).
    if (this.foldedCodes.size < 1_000_000) this.foldedCodes.add(code);
    else this.foldedSaturated++;
  }

  /** The folded codes and counts, for a worker's part result. */
  foldedState(): PartResult['folded'] {
    return { codes: [...this.foldedCodes], saturated: this.foldedSaturated, occurrences: this.foldedOccurrences };
  }

  /** Add a worker's folded codes and counts. */
  mergeFolded(f: PartResult['folded']) {
    for (const c of f.codes) this.fold(c, 0);
    this.foldedSaturated += f.saturated;
    this.foldedOccurrences += f.occurrences;
  }

  folded(): ScanSummary['folded'] {
    const codes = this.foldedCodes.size + this.foldedSaturated;
    return codes || this.foldedCrashes ? { codes, occurrences: this.foldedOccurrences, crashes: this.foldedCrashes } : undefined;
  }

  /**
   * Rows with an occurrence in the current input: their `lastLine` is the greatest line of the
   * input that reported them (occurrences may come out of order: a crash is reported when it
   * ends, repeats counted by the prefilter when it hands them over), a row first seen in this
   * input takes this input's line.
   */
  private inInput = new Set<SummaryRow>();
  newInput() {
    this.inInput.clear();
  }
  last(row: SummaryRow, line: number) {
    if (this.inInput.has(row)) {
      if (line > row.lastLine) row.lastLine = line;
    } else {
      row.lastLine = line;
      this.inInput.add(row);
    }
  }
  /** Rows the current input reported (a worker's part's rows, merged). */
  markInInput(row: SummaryRow) {
    this.inInput.add(row);
  }

  add(o: Occurrence, entry: Entry | undefined): SummaryRow | undefined {
    this.count++;
    if (o.kind === 'crash') {
      if (this.crashes.length < this.maxCrashes) this.crashes.push(o);
      else this.foldedCrashes++;
    }
    if (o.kind === 'crash' && o.code === null) return undefined;
    let row = this.get(o.code, o.kit?.id ?? '');
    if (!row && o.unknown && this.unknownRows >= this.maxRows) {
      this.fold(o.code, 1);
      return undefined;
    }
    if (!row) {
      if (o.unknown) this.unknownRows++;
      row = { code: o.code, kit: entry ? entry.kit : null, count: 0, firstLine: o.line, lastLine: o.line, sample: o.text.slice(0, 300), kinds: [] };
      if (o.file) row.firstFile = o.file;
      if (entry) {
        // Entries from code tables have no title: their description says what the code means.
        row.title = entry.title.zh || entry.title.en ? entry.title : { ...(entry.description?.zh ? { zh: entry.description.zh.split('\n')[0] } : {}), ...(entry.description?.en ? { en: entry.description.en.split('\n')[0] } : {}) };
        row.entry = entry;
        const sol: SummaryRow['solution'] = {};
        if (entry.solutions?.zh?.[0]) sol.zh = entry.solutions.zh[0];
        if (entry.solutions?.en?.[0]) sol.en = entry.solutions.en[0];
        if (sol.zh || sol.en) row.solution = sol;
      }
      if (o.unknown) row.unknown = true;
      this.set(o.code, o.kit?.id ?? '', row);
    }
    row.count++;
    this.last(row, o.line);
    if (!row.kinds.includes(o.kind)) row.kinds.push(o.kind);
    return row;
  }

  /** `n` more occurrences of the same kind in an existing row, the last of them on `line`. */
  bump(row: SummaryRow, line: number, kind: OccurrenceKind, n = 1) {
    this.count += n;
    row.count += n;
    this.last(row, line);
    if (row.kinds[0] !== kind && !row.kinds.includes(kind)) row.kinds.push(kind);
  }
}

export interface CrashState {
  startLine: number;
  file?: string;
  name?: string;
  message?: string;
  code?: number;
  topFrame?: string;
  inStack: boolean;
  /** "Error name:" was seen (a second one starts the next crash). */
  named?: boolean;
}

export class Scanner {
  private matcherInstance: Matcher | undefined;
  /**
   * The templates with numbers masked, as lines are judged (mask.ts). Built on first use: a log
   * with no message to look up never loads them. From then on the prefilter also drops warning
   * lines that hold no template's anchor (anchors.ts).
   */
  private get matcher(): Matcher {
    if (!this.matcherInstance) {
      if (this.opts.matcher) this.matcherInstance = this.opts.matcher.masked(maskNumbers);
      else if (this.worker) this.matcherInstance = new Matcher(defaultMatcherEntries().map(scanEntry), { transform: maskNumbers });
      else this.matcherInstance = defaultMatcher({ transform: maskNumbers });
      this.prefilter?.setGate(this.gate());
    }
    return this.matcherInstance;
  }

  private gateTables: Gate | undefined | null = null;
  private gate(): Gate | undefined {
    if (this.gateTables === null) this.gateTables = buildGate(this.matcher.templateParts(), ANCHOR_BYTES - 1024);
    return this.gateTables;
  }
  private agg: Aggregator;
  private crash: CrashState | undefined;
  /** Line of the last crash-log header field (Device info, Build info, Process name …). */
  private headerLine = -1000;
  private lines = 0;
  private bytes = 0;
  private files: string[] = [];
  private file: string | undefined;
  private minLevel: number;
  /** Log texts repeat (the same message from the same call site): message lookups are cached. */
  private messageCache = new Map<string, { code: number; entry: Entry; kit: string }[]>();

  constructor(private opts: ScanOptions = {}) {
    this.minLevel = opts.level ? LEVELS.indexOf(opts.level) : -1;
    this.agg = new Aggregator(opts.maxRows, opts.maxCrashes);
  }

  /** Scan one input stream (plain or gzip, detected by its first bytes). */
  async scanStream(input: Readable, file?: string): Promise<void> {
    this.startInput(file);
    // Peek at the first chunk: gzip (by its magic bytes) is decompressed on the way.
    const iterator = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const head = await iterator.next();
    if (head.done) return this.finishInput(0);
    const firstChunk = head.value as Buffer;
    const rest = { [Symbol.asyncIterator]: () => iterator };
    let chunks: AsyncIterable<Buffer>;
    if (firstChunk[0] === 0x1f && firstChunk[1] === 0x8b) {
      const gunzip = createGunzip();
      const all = Readable.from((async function* () { yield firstChunk; yield* rest; })());
      all.on('error', (e) => gunzip.destroy(e));
      chunks = all.pipe(gunzip);
    } else {
      this.feed(firstChunk);
      chunks = rest;
    }
    for await (const chunk of chunks) this.feed(chunk as Buffer);
    if (this.crMode === undefined) this.release();
    this.finishInput(this.pre().end());
  }

  /**
   * Scan a file by path: read straight into the prefilter's memory (no stream, no copies). A large
   * file is cut in two at a line break and the second part scanned by a worker thread at the same
   * time (see `part-worker.ts`); gzip (by magic bytes) and pipes go through `scanStream`.
   */
  async scanFile(path: string): Promise<void> {
    const fd = openSync(path, 'r');
    let stream = false; // gzip, or not a regular file (a pipe: `scan <(hdc shell hilog)`, /dev/stdin)
    try {
      const st = fstatSync(fd);
      const head = Buffer.alloc(64 * 1024);
      const got = st.isFile() ? readSync(fd, head, 0, head.length, 0) : 0;
      // gzip, a pipe, or CR-only line ends (mapped to LF on the stream path) go through scanStream.
      stream = !st.isFile() || (got >= 2 && head[0] === 0x1f && head[1] === 0x8b) || crOnly(head.subarray(0, got));
      if (!stream) {
        const size = st.size;
        const inWorkers = !this.opts.onOccurrence && !this.part && size >= (this.opts.parallelMin ?? PARALLEL_MIN);
        this.startInput(path, !inWorkers);
        // A large file is scanned by worker threads (one per part, two parts on two cores): their
        // young generation is kept small (resourceLimits), which a main thread's cannot be
        // without flags to node, and garbage is most of a scan's memory. This thread only merges.
        if (!inWorkers) return this.finishInput(this.readRange(fd, 0, Infinity));
        const split = this.threads() < 2 ? -1 : splitPoint(fd, size, this.opts.splitAt ?? 0.5);
        const parts = split < 0 ? [[0, size]] : [[0, split], [split, size]];
        const workers = parts.map(([a, b], i) => startPart(path, a, b, i === 0, parts.length, this.opts));
        this.partBytes = workers.map((w) => w.bytes);
        const timer = this.opts.onProgress ? setInterval(() => this.progress(), 100) : undefined;
        try {
          const results = await Promise.all(workers.map((w) => w.done));
          let lines = 0;
          for (const r of results) {
            this.mergePart(r, lines);
            lines += r.lines;
          }
        } finally {
          clearInterval(timer);
          this.partBytes = undefined;
        }
        this.finishInput(0);
      }
    } finally {
      closeSync(fd);
    }
    if (stream) await this.scanStream(createReadStream(path, { highWaterMark: 1 << 20 }), path);
  }

  /** Scan bytes [start, end) of a file (end: Infinity for all); returns the lines. */
  readRange(fd: number, start: number, end: number): number {
    const pre = this.pre();
    let pos = start;
    for (let n = pre.pushFromFd(fd, pos, end - pos); n > 0; n = pos < end ? pre.pushFromFd(fd, pos, end - pos) : 0) {
      pos += n;
      this.bytes += n;
      this.progress();
    }
    return pre.end();
  }

  /** How far the workers got (in 64 KiB units), while they run. */
  private partBytes: Int32Array[] | undefined;
  private progress() {
    if (!this.opts.onProgress) return;
    let n = this.bytes;
    for (const b of this.partBytes ?? []) n += Atomics.load(b, 0) * 65536;
    this.opts.onProgress(n);
  }

  private threads(): number {
    return this.opts.threads ?? Math.min(2, availableParallelism());
  }

  // ---- the second part of a file, scanned by a worker ----
  /** Set in a worker: crash lines are passed on, not parsed (the crash state is the main thread's). */
  private part: PartEvent[] | undefined;
  /**
   * Whether the main thread may be inside a stack trace here (it may be at the part's start, and
   * after any crash line): then every line is looked at, and the first that is not a frame or
   * blank is marked for the main thread, where it ends the trace.
   */
  private partStack = true;

  /** Set in a worker: its rows go back to the main thread, which looks their entries up again. */
  private worker = false;

  /**
   * Make this a worker's scanner for a part of `file`: see `mergePart`. `first`: the part starts
   * the file, so crash blocks are parsed here (the state at its start is known: none).
   */
  startPart(file: string, first = false): void {
    this.worker = true;
    if (!first) this.part = [];
    this.startInput(file);
  }

  partResult(lines: number): PartResult {
    this.flushTallies();
    const rows = this.agg.rows().map(({ entry, ...r }) => ({ ...r, ...(entry ? { entryRef: { page: entry.page.id } } : {}) }));
    const r: PartResult = { lines, bytes: this.bytes, count: this.agg.count, rows, events: this.part ?? [], folded: this.agg.foldedState() };
    if (!this.part) r.first = { crashes: this.agg.crashes, foldedCrashes: this.agg.foldedCrashes, crash: this.crash, headerLine: this.headerLine };
    return r;
  }

  /** Fold a worker's part (which starts after `lines` lines) into this scan. */
  private mergePart(r: PartResult, lines: number) {
    if (r.first) {
      for (const c of r.first.crashes) {
        if (this.agg.crashes.length < this.agg.maxCrashes) this.agg.crashes.push(c);
        else this.agg.foldedCrashes++;
      }
      this.agg.foldedCrashes += r.first.foldedCrashes;
      this.crash = r.first.crash;
      this.headerLine = r.first.headerLine;
    }
    // The part's crash lines first (the crash state goes on from the part before), then its rows:
    // a row keeps its latest line in this input, one the crash lines created takes the part's
    // first occurrence when that came earlier.
    const created = this.agg.size;
    for (const ev of r.events) {
      if (ev.text === undefined) {
        if (this.crash?.inStack) this.endCrash();
      } else this.line(ev.text, lines + ev.line);
    }
    const fresh = new Set(this.agg.rows().slice(created));
    for (const row of r.rows) {
      const { entryRef, ...rest } = row;
      const mine = this.agg.get(row.code, row.kit?.id ?? '');
      if (mine) {
        mine.count += row.count;
        this.agg.last(mine, lines + row.lastLine);
        if (fresh.has(mine) && lines + row.firstLine < mine.firstLine) {
          mine.firstLine = lines + row.firstLine;
          mine.sample = row.sample;
        }
        for (const k of row.kinds) if (!mine.kinds.includes(k)) mine.kinds.push(k);
        continue;
      }
      if (row.unknown && this.agg.unknownRows >= this.agg.maxRows) {
        this.agg.fold(row.code, row.count);
        continue;
      }
      if (row.unknown) this.agg.unknownRows++;
      const merged: SummaryRow = { ...rest, firstLine: lines + row.firstLine, lastLine: lines + row.lastLine };
      if (entryRef && row.code !== null) {
        // Looked up when read (the row has its title and first fix already): a summary printed
        // as JSON never loads the entries of thousands of rows.
        const code = row.code;
        const kit = row.kit!.id;
        let entry: Entry | undefined | null = null;
        Object.defineProperty(merged, 'entry', {
          configurable: true,
          enumerable: false,
          get: () => (entry === null ? (entry = lookup(code, { kit }).find((e) => e.kit.id === kit && e.page.id === entryRef.page)) : entry),
        });
      }
      this.agg.set(row.code, row.kit?.id ?? '', merged);
      this.agg.markInInput(merged);
    }
    this.agg.count += r.count;
    this.agg.mergeFolded(r.folded);
    this.bytes += r.bytes;
    this.lines += r.lines;
  }

  private prefilter: Prefilter | undefined;
  private pre(): Prefilter {
    if (!this.prefilter) {
      this.prefilter = new Prefilter({ messages: this.opts.messages });
      // Both sides read verdict ids the same way (a stale build of the module would not).
      if (this.prefilter.shapeBase !== SHAPE || this.prefilter.tallyIds !== MAX_RECIPES) throw new Error('scan: the prefilter module does not match this scanner: run npm run build');
      if (this.matcherInstance) this.prefilter.setGate(this.gate());
    }
    return this.prefilter;
  }

  private feed(chunk: Buffer) {
    this.bytes += chunk.length;
    this.opts.onProgress?.(this.bytes);
    // Old Mac-style logs end lines with a lone CR: decided on the input's first 4 KiB (held back
    // until then, so that a CRLF cut between two small chunks cannot mislead the decision).
    if (this.crMode === undefined) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      // A line feed decides at once (a live `hilog | scan -` is not held back).
      if (this.heldBytes < 4096 && chunk.indexOf(10) < 0) return;
      return this.release();
    }
    this.pre().push(this.crMode ? mapCr(chunk) : chunk);
  }

  /** Decide the line ends on what was held back, and feed it. */
  private release() {
    const held = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    this.crMode = crOnly(held);
    if (held.length) this.pre().push(this.crMode ? mapCr(held) : held);
  }

  /** Whether the current input ends its lines with CR alone; undefined until 4 KiB were seen. */
  private crMode: boolean | undefined;
  private held: Buffer[] = [];
  private heldBytes = 0;

  /** `scan`: false when workers read the input (this thread then needs no prefilter). */
  private startInput(file: string | undefined, scan = true) {
    this.file = file;
    this.crMode = undefined;
    this.agg.newInput();
    if (file) this.files.push(file);
    if (!scan) return;
    this.pre().begin(
      (line, verdict) => this.candidate(line, verdict),
      () => (this.part ? this.partStack : !!this.crash?.inStack),
      // A repeat is only counted (see candidate) when no occurrence is passed on and no crash
      // is open: the prefilter then counts repeats itself.
      () => !this.opts.onOccurrence && !this.crash,
    );
  }

  /** Count the repeats the prefilter counted (see Prefilter.takeTallies) in their rows. */
  private flushTallies() {
    this.prefilter?.takeTallies((id, n, last) => {
      for (const x of this.recipes[id]) this.agg.bump(x.row!, last, x.kind, n);
    });
  }

  /** What each verdict id stands for: the findings of a line text, replayed for every repeat. */
  private recipes: Finding[][] = [[]];
  private recipeIds = new Map<string, number>();
  private codeRecipes = new Map<SummaryRow, number>();
  private messageRecipes = new Map<SummaryRow, number>();

  private candidate(lineNo: number, verdict: number) {
    const pre = this.prefilter!;
    if (verdict >= SHAPE) {
      if (this.shapeHit(lineNo, verdict - SHAPE)) return;
    } else if (verdict > 0) {
      // A repeat that is only counted never comes here: the prefilter counts it (see
      // startInput). This one's occurrences are passed on, or a crash is open.
      const recipe = this.recipes[verdict];
      const line = pre.text();
      if (this.crash) this.crashLine(line, lineNo);
      const f = parseLogLine(line);
      for (const x of recipe) this.emitFinding(x, f, line, lineNo);
      return;
    }
    const raw = pre.text();
    const found = this.line(raw, lineNo);
    // Crash fields and frames depend on what came before them: never cached. (Both start with
    // a letter after blanks: a log line starting with a digit is neither.)
    if (!found) return;
    const c0 = raw.charCodeAt(0);
    if (!(c0 >= 0x30 && c0 <= 0x39) && (CRASH_FIELD.test(raw) || FRAME.test(raw))) return;
    if (!found.length) {
      // A quiet line (D or I, or without a level and without err / fail / xcep, or one whose
      // text fails the message gate) whose codes give nothing reports nothing whatever else it
      // says: keyed by its code contexts (the coarse key starts with the class, so a loud line
      // never shares it), and by its shape when no code was dropped for its value.
      if (!pre.quietLine() || this.minLevel >= 0) return pre.remember(0);
      pre.remember(0, true);
      const vals = this.windowValues;
      const n = pre.windows(vals);
      if (n > 0 && vals.slice(0, n).every((v) => v === null || (v !== 0 && !Number.isNaN(v)))) pre.rememberShape(0);
      return;
    }
    // Findings past the summary's row cap are counted, not cached: caching one-off codes would only
    // churn the cache (and the heap) on a log of many distinct codes.
    if (found.some((x) => !x.row)) return;
    const id = this.recipeOf(found);
    // Codes of one entry (or none) are what they are whatever the rest of the line says.
    const coarse = this.minLevel < 0 && found.every((x) => x.kind === 'code' && this.entries(x.code).length <= 1);
    pre.remember(id, coarse);
    if (coarse) this.learnShape(found);
  }

  /** The recipe id of these findings (each with its row), a new one if they have none. */
  private recipeOf(found: Finding[]): number {
    // One finding of a row (the usual case) is keyed by the row itself, without building a string.
    const one = found.length === 1 && !found[0].kits ? found[0] : undefined;
    const key = one ? undefined : found.map((x) => `${x.kind}:${x.code}:${x.kit ?? ''}:${x.kits?.join(',') ?? ''}`).join('|');
    let id = one ? (one.kind === 'code' ? this.codeRecipes : this.messageRecipes).get(one.row!) : this.recipeIds.get(key!);
    if (id === undefined) {
      if (this.recipes.length >= MAX_RECIPES) {
        // Ids are never reused while the prefilter may still hold them; what it counted under
        // them is taken first.
        this.flushTallies();
        this.prefilter!.clear();
        this.recipes = [[]];
        this.recipeIds.clear();
        this.codeRecipes.clear();
        this.messageRecipes.clear();
      }
      id = this.recipes.length;
      this.recipes.push(found);
      if (one) (one.kind === 'code' ? this.codeRecipes : this.messageRecipes).set(one.row!, id);
      else this.recipeIds.set(key!, id);
    }
    return id;
  }

  /** Shape verdicts (ids from SHAPE on): the code windows (see Prefilter.windows) that report a code. */
  private shapes: number[][] = [];
  private shapeIds = new Map<string, number>();
  private windowValues: (number | null)[] = [];
  private shapeRows: SummaryRow[] = [];
  private shapeFolds: number[] = [];
  /** A code's summary row for shape hits, once it has one (null: several entries). Rows are never removed. */
  private shapeRow = new Map<number, SummaryRow | null>();

  /**
   * The line's findings are codes of one entry or none, and each came from a code window: its
   * shape (coarse key, digits masked) may stand for it, when nothing the parser decides by value
   * differs between lines of that shape. The parser reads a code's value only to drop 0 and to
   * keep equal codes once (findCodes), and the entries decide the row (checked per line in
   * shapeHit); so the shape is kept only when this line's numbers are distinct, not 0, and each
   * finding is one window's number.
   */
  private learnShape(found: Finding[]) {
    const pre = this.prefilter!;
    const vals = this.windowValues;
    const n = pre.windows(vals);
    if (n <= 0) return;
    const wins: number[] = [];
    for (let k = 0; k < n; k++) {
      const v = vals[k];
      if (v === null) continue;
      if (v === 0 || Number.isNaN(v)) return;
      for (let j = 0; j < k; j++) if (vals[j] === v) return;
      if (found.some((x) => x.code === v)) wins.push(k);
    }
    if (wins.length !== found.length) return;
    const key = wins.join(',');
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push(wins);
      this.shapeIds.set(key, id);
    }
    pre.rememberShape(SHAPE + id);
  }

  /**
   * A line of a known shape, counted from its code windows alone when every code it states
   * has a row already and one entry or none; false: parse it (a code of several entries is
   * resolved by the line's message, a new row needs the line's text).
   */
  private shapeHit(lineNo: number, id: number): boolean {
    if (this.opts.onOccurrence || this.crash) return false;
    const vals = this.windowValues;
    const n = this.prefilter!.windows(vals);
    const wins = this.shapes[id];
    const rows = this.shapeRows;
    rows.length = 0;
    const folds = this.shapeFolds;
    folds.length = 0;
    for (let i = 0; i < wins.length; i++) {
      const k = wins[i];
      const v = k < n ? vals[k] : null;
      if (v === null || Number.isNaN(v)) return false;
      // As findCodes: 0 is no code; a code stated twice is one.
      if (v === 0) continue;
      let again = false;
      for (let j = 0; j < i; j++) if (vals[wins[j]] === v) again = true;
      if (again) continue;
      let row = this.shapeRow.get(v);
      if (row === undefined) {
        const entries = this.entries(v);
        // A code of several entries: resolved by the line's message, never from its shape.
        row = entries.length > 1 ? null : this.agg.get(v, entries.length ? entries[0].kit.id : '') ?? undefined;
        if (row === undefined) {
          // A code no entry knows, past the cap of unknown rows: only counted (as Aggregator.add
          // does), so the line's text is not needed. (Most unknown codes in a log are seen once.)
          if (!entries.length && this.agg.unknownRows >= this.agg.maxRows) {
            folds.push(v);
            continue;
          }
          return false;
        }
        if (this.shapeRow.size >= 1 << 16) this.shapeRow.clear();
        this.shapeRow.set(v, row);
      }
      if (row === null) return false;
      rows.push(row);
    }
    // Only zeros: the parser finds no code, and looks for a message.
    if (!rows.length && !folds.length) return false;
    for (const r of rows) this.agg.bump(r, lineNo, 'code');
    for (const v of folds) {
      this.agg.count++;
      this.agg.fold(v, 1);
    }
    // Lines of this shape with these code values report these rows: the prefilter may count
    // them (see Prefilter.begin). Not with a folded code: those are counted, not cached.
    if (!folds.length) this.prefilter!.rememberShapeCodes(this.recipeOf(rows.map((r) => ({ kind: 'code' as const, code: r.code!, kit: r.kit?.id ?? null, row: r }))));
    return true;
  }

  private finishInput(lines: number) {
    this.flushTallies();
    // A crash header belongs to its own input.
    this.headerLine = -1000;
    if (this.part) return;
    this.lines += lines;
    this.endCrash();
  }

  /** Scan a whole string (tests, the HTTP API). */
  scanText(text: string, file?: string): void {
    this.file = file;
    this.agg.newInput();
    if (file) this.files.push(file);
    const lines = text.split(crOnly(Buffer.from(text.slice(0, 65536))) ? /\r/ : /\n/);
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    // A CRLF line loses its CR, as in the prefilter (which drops one CR before the line feed).
    lines.forEach((l, i) => {
      const t = l.endsWith('\r') ? l.slice(0, -1) : l;
      this.line(t.length > MAX_LINE ? t.slice(0, MAX_LINE) : t, i + 1);
    });
    this.bytes += Buffer.byteLength(text);
    this.finishInput(lines.length);
  }

  summary(): ScanSummary {
    this.flushTallies();
    const rows = [...this.agg.rows()].sort((a, b) => b.count - a.count || (a.code ?? 0) - (b.code ?? 0));
    // Kinds in one order (a set: the order they were first seen in differs between threads).
    for (const r of rows) r.kinds.sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
    const folded = this.agg.folded();
    return { files: this.files, lines: this.lines, bytes: this.bytes, occurrences: this.agg.count, rows, crashes: this.agg.crashes, ...(folded ? { folded } : {}) };
  }

  private emit(o: Occurrence, entry: Entry | undefined): SummaryRow | undefined {
    if (this.file !== undefined) o.file = this.file;
    const row = this.agg.add(o, entry);
    this.opts.onOccurrence?.(o);
    return row;
  }

  /**
   * Parse one line and report what it holds. Returns its findings — a function of the line text
   * without its time, PID and TID, so the prefilter may cache them — or undefined when the line
   * belonged to a crash block.
   */
  private line(line: string, lineNo: number): Finding[] | undefined {
    if (this.part) {
      // In a worker: crash fields and frames go to the main thread in order; the first other
      // line after them is marked, as it would end a stack trace there.
      if (CRASH_FIELD.test(line) || FRAME.test(line)) {
        this.part.push({ line: lineNo, text: line });
        this.partStack = true;
        return undefined;
      }
      if (this.partStack) {
        if (!line.trim()) return undefined;
        this.part.push({ line: lineNo });
        this.partStack = false;
      }
    } else if (this.crashLine(line, lineNo)) return undefined;
    const f = parseLogLine(line);
    const found = this.findings(f);
    for (const x of found) this.emitFinding(x, f, line, lineNo);
    return found;
  }

  /** What a line reports: a function of its level and its text with numbers masked (mask.ts). */
  private findings(raw: LogFields): Finding[] {
    if (this.minLevel >= 0 && (!raw.level || LEVELS.indexOf(raw.level) < this.minLevel)) return [];
    const f = { level: raw.level, text: maskNumbers(raw.text) };
    const codes = findCodes(f.text);
    if (codes.length) {
      return codes.map((c) => {
        const { entry, kits } = this.resolve(c.code, f.text);
        const x: Finding = { kind: 'code', code: c.code, kit: entry?.kit.id ?? null };
        if (entry) x.entry = entry;
        else if (kits.length) x.kits = kits;
        else x.unknown = true;
        return x;
      });
    }
    if (this.opts.messages === false) return [];
    // Messages without a code: on W/E/F hilog lines, and on lines without a level that say so.
    if (f.level === 'D' || f.level === 'I' || (!f.level && !MESSAGE_WORDS.test(f.text))) return [];
    let best = this.messageCache.get(f.text);
    if (!best) {
      const m = this.matcher.match(f.text, { limit: 20, fuzzy: false, complete: true });
      best = m.candidates
        .filter((c) => c.exact && !c.truncated && c.rank === 1 && literalLength(c.template) >= MIN_LITERAL)
        .map((c) => ({ code: c.code, entry: c.entry, kit: c.kit.id }));
      // Texts that match nothing are not kept: on a log of ever-new texts they would only churn
      // the cache (repeats of a line are answered by the prefilter's verdict cache anyway).
      if (best.length) {
        if (this.messageCache.size >= 4096) this.messageCache.clear();
        this.messageCache.set(f.text, best);
      }
    }
    const out: Finding[] = [];
    for (const code of new Set(best.map((c) => c.code))) {
      const mine = best.filter((c) => c.code === code);
      const x: Finding = { kind: 'message', code, kit: mine.length === 1 ? mine[0].kit : null };
      if (mine.length === 1) x.entry = mine[0].entry;
      else x.kits = mine.map((c) => c.kit);
      out.push(x);
    }
    return out;
  }

  private emitFinding(x: Finding, f: LogFields, line: string, lineNo: number) {
    const o = this.occurrence(x.kind, x.code, f, line, lineNo);
    if (x.kit) o.kit = { id: x.kit };
    if (x.kits) o.kits = x.kits;
    if (x.unknown) o.unknown = true;
    x.row = this.emit(o, x.entry);
  }

  private occurrence(kind: OccurrenceKind, code: number | null, f: LogFields, line: string, lineNo: number): Occurrence {
    const o: Occurrence = { line: lineNo, code, kit: null, kind, text: line.length > 1000 ? line.slice(0, 1000) + '…' : line };
    if (f.time) o.time = f.time;
    if (f.pid !== undefined) o.pid = f.pid;
    if (f.tid !== undefined) o.tid = f.tid;
    if (f.level) o.level = f.level;
    if (f.domain) o.domain = f.domain;
    if (f.tag !== undefined) o.tag = f.tag;
    return o;
  }

  /** Which entry a code on this line means: the only one, the one whose message is on the line, or universal. */
  private resolveCache = new Map<string, { entry?: Entry; kits: string[] }>();
  private resolve(code: number, text: string): { entry?: Entry; kits: string[] } {
    const entries = this.entries(code);
    if (entries.length <= 1) return { entry: entries[0], kits: entries.map((e) => e.kit.id) };
    const key = `${code}\u0000${text}`;
    let r = this.resolveCache.get(key);
    if (!r) {
      r = this.resolveUncached(code, text);
      // Only codes with several entries need the text to decide: cache those answers only.
      if (r.kits.length > 1 || (r.entry && this.entries(code).length > 1)) {
        if (this.resolveCache.size >= 4096) this.resolveCache.clear();
        this.resolveCache.set(key, r);
      }
    }
    return r;
  }

  /** Entries by code, for this scan (a log names few codes, each many times). */
  private entryMemo = new Map<number, Entry[]>();
  private known: Set<number> | undefined;
  private entries(code: number): Entry[] {
    if (!(this.known ??= knownCodes()).has(code)) return [];
    let e = this.entryMemo.get(code);
    if (!e) {
      if (this.entryMemo.size >= 1 << 16) this.entryMemo.clear();
      // Once the templates are loaded, their entries answer (no second copy from the shards).
      this.entryMemo.set(code, (e = this.matcherInstance ? this.matcherInstance.entriesOf(code) : lookup(code)));
    }
    return e;
  }

  private resolveUncached(code: number, text: string): { entry?: Entry; kits: string[] } {
    const entries = this.entries(code);
    if (entries.length <= 1) return { entry: entries[0], kits: entries.map((e) => e.kit.id) };
    const m = this.matcher.match(text, { limit: 50, fuzzy: false, complete: true });
    const exact = m.candidates.filter((c) => c.exact && c.code === code);
    const top = exact.filter((c) => c.score === exact[0]?.score);
    const universal = entries.find((e) => e.kit.id === 'universal');
    if (top.length === 1) return { entry: top[0].entry, kits: [top[0].kit.id] };
    if (top.length > 1 && universal && top.some((c) => c.kit.id === 'universal')) return { entry: universal, kits: ['universal'] };
    if (top.length > 1) return { kits: top.map((c) => c.kit.id) };
    if (universal) return { entry: universal, kits: [universal.kit.id] };
    return { kits: entries.map((e) => e.kit.id) };
  }

  /** Crash fault-log fields; returns true when the line belongs to a crash header. */
  private crashLine(line: string, lineNo: number): boolean {
    const m = CRASH_FIELD.exec(line);
    if (m) {
      const [, key, value] = m;
      const v = value.trim();
      if (key === 'HiLog') {
        this.endCrash();
        return true;
      }
      if (key === 'Device info' || key === 'Build info' || key === 'Fingerprint' || key === 'Module name' || key === 'Process name') {
        if (this.crash?.name) this.endCrash();
        this.headerLine = lineNo;
        return true;
      }
      // "Reason:" opens a crash only inside a fault-log header; "Error name:" always does.
      if ((key === 'Reason' && lineNo - this.headerLine <= 40) || key === 'Error name') {
        if (!this.crash || (key === 'Error name' && this.crash.named) || (key === 'Reason' && this.crash.named)) {
          this.endCrash();
          this.crash = { startLine: lineNo, file: this.file, inStack: false };
        }
        if (key === 'Error name') {
          this.crash.name = v;
          this.crash.named = true;
        }
        else this.crash.name ??= v.split(':')[0] || undefined;
        return true;
      }
      if (!this.crash) return lineNo - this.headerLine <= 40 && ['Pid', 'Uid', 'Process life time', 'Version', 'VersionCode', 'Timestamp'].includes(key);
      if (key === 'Error message') this.crash.message = v;
      else if (key === 'Error code') {
        const n = Number((/-?\d+/.exec(v) ?? [''])[0]);
        if (Number.isSafeInteger(n) && n !== 0) this.crash.code = n;
      } else if (key === 'Stacktrace' || key === 'HybridStack') this.crash.inStack = true;
      return true;
    }
    if (this.crash?.inStack) {
      const fr = FRAME.exec(line);
      if (fr) {
        this.crash.topFrame ??= fr[1].trimEnd();
        return true;
      }
      if (!line.trim()) return true;
      this.endCrash();
    }
    return false;
  }

  private crashMessages = new Map<string, { code: number; entry: Entry } | null>();

  private endCrash() {
    const c = this.crash;
    if (!c) return;
    this.crash = undefined;
    let code = c.code ?? null;
    let entry: Entry | undefined;
    if (code !== null) entry = this.resolve(code, maskNumbers(c.message ?? '')).entry;
    else if (c.message) {
      // Crash messages repeat (the same error thrown again): one lookup per masked text.
      const text = maskNumbers(c.message);
      let found = this.crashMessages.get(text);
      if (found === undefined) {
        const m = this.matcher.match(text, { limit: 5, fuzzy: false, complete: true }).candidates.filter((x) => x.exact && !x.truncated && x.rank === 1);
        found = m.length === 1 ? { code: m[0].code, entry: m[0].entry } : null;
        if (this.crashMessages.size >= 4096) this.crashMessages.clear();
        this.crashMessages.set(text, found);
      }
      if (found) {
        code = found.code;
        entry = found.entry;
      }
    }
    const o: Occurrence = {
      line: c.startLine,
      code,
      kit: entry ? { id: entry.kit.id } : null,
      kind: 'crash',
      text: [c.name, c.message].filter(Boolean).join(': '),
      crash: { ...(c.name ? { name: c.name } : {}), ...(c.message ? { message: c.message } : {}), ...(c.topFrame ? { topFrame: c.topFrame } : {}) },
    };
    if (code !== null && !entry && !this.entries(code).length) o.unknown = true;
    const prev = this.file;
    this.file = c.file;
    this.emit(o, entry);
    this.file = prev;
  }
}

export async function scanStreams(inputs: { stream: Readable; name?: string }[], opts: ScanOptions = {}): Promise<ScanSummary> {
  const s = new Scanner(opts);
  for (const i of inputs) await s.scanStream(i.stream, i.name);
  return s.summary();
}

export function scanText(text: string, opts: ScanOptions = {}): ScanSummary {
  const s = new Scanner(opts);
  s.scanText(text);
  return s.summary();
}
