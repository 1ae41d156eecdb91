/**
 * `scan`: find every error a log reports — by code, by message alone, or as a JS crash — and
 * summarise it with the registry.
 *
 * Streaming in the manner of ripgrep: bytes are read in chunks and searched for a few cheap byte
 * needles (`code`, `rror`, `错误码`, hilog level markers …); only lines that contain one are decoded
 * and parsed. Memory stays flat: one chunk, one carried partial line (capped at MAX_LINE bytes; the
 * rest of a longer line is skipped but still counted), and one summary row per distinct code.
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { Entry, KitRef } from '../registry/types.js';
import { lookup } from '../lookup/lookup.js';
import { Matcher, defaultMatcher } from '../match/match.js';
import { CRASH_FIELD, FRAME, findCodes, parseLogLine, type LogFields } from './detect.js';

export const MAX_LINE = 64 * 1024;
const LEVELS = ['D', 'I', 'W', 'E', 'F'] as const;
export type Level = (typeof LEVELS)[number];

export type OccurrenceKind = 'code' | 'message' | 'crash';

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
}

export interface ScanOptions {
  /** Only hilog lines at this level or above (lines without a level are then skipped). */
  level?: Level;
  /** Also find messages without a code (default true). */
  messages?: boolean;
  matcher?: Matcher;
  onOccurrence?: (o: Occurrence) => void;
  onProgress?: (bytes: number) => void;
}

/**
 * The prefilter: a line that matches none of these byte patterns cannot hold a report and is never
 * decoded. One regular expression over the chunk read as Latin-1 (one char per byte, so offsets
 * are byte offsets); measured faster than one Buffer.indexOf pass per needle (bench/scan.ts).
 * Message-only reports are looked for on warning/error/fatal hilog lines and on lines that say
 * error / fail / exception.
 */
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const PREFILTER = new RegExp(
  [
    'ode', 'ODE', 'errno', latin1('错误码'), 'rror', 'RROR', '[Ff]ail', 'FAIL', 'xception', 'Reason:', 'Stacktrace:', '\\.(?:ets|js|ts):',
    'Device info:', 'Build info:', 'Process name:',
    // Level columns: hilog (" E A03200/"), DevEco exports ("     E     ").
    ' [EFW] [AC]', '  [EFW]  ',
  ].join('|'),
  'g',
);

class Aggregator {
  rows = new Map<string, SummaryRow>();
  crashes: Occurrence[] = [];
  count = 0;

  add(o: Occurrence, entry: Entry | undefined) {
    this.count++;
    if (o.kind === 'crash') this.crashes.push(o);
    if (o.kind === 'crash' && o.code === null) return;
    const key = `${o.kit?.id ?? ''}\u0000${o.code}`;
    let row = this.rows.get(key);
    if (!row) {
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
      this.rows.set(key, row);
    }
    row.count++;
    row.lastLine = o.line;
    if (!row.kinds.includes(o.kind)) row.kinds.push(o.kind);
  }
}

interface CrashState {
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
  private matcher: Matcher;
  private agg = new Aggregator();
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
    this.matcher = opts.matcher ?? defaultMatcher();
    this.minLevel = opts.level ? LEVELS.indexOf(opts.level) : -1;
  }

  /** Scan one input stream (plain or gzip, detected by its first bytes). */
  async scanStream(input: Readable, file?: string): Promise<void> {
    this.file = file;
    if (file) this.files.push(file);
    let lineNo = 0; // lines completed so far in this input
    let carry: Buffer | undefined; // the start of an unfinished line (≤ MAX_LINE bytes)
    let carryDropped = false; // the unfinished line was longer than MAX_LINE
    // Peek at the first chunk: gzip (by its magic bytes) is decompressed on the way.
    const iterator = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const head = await iterator.next();
    if (head.done) return this.finishInput();
    const firstChunk = head.value as Buffer;
    const all = Readable.from(
      (async function* () {
        yield firstChunk;
        yield* { [Symbol.asyncIterator]: () => iterator };
      })(),
    );
    let chunks: AsyncIterable<Buffer> = all;
    if (firstChunk[0] === 0x1f && firstChunk[1] === 0x8b) {
      const gunzip = createGunzip();
      all.on('error', (e) => gunzip.destroy(e));
      chunks = all.pipe(gunzip);
    }

    for await (const chunk0 of chunks) {
      const chunk = chunk0 as Buffer;
      this.bytes += chunk.length;
      this.opts.onProgress?.(this.bytes);
      // Complete the carried line with this chunk's first line.
      let pos = 0;
      if (carry || carryDropped) {
        const nl = chunk.indexOf(10);
        const end = nl < 0 ? chunk.length : nl;
        if (!carryDropped) {
          const room = MAX_LINE - carry!.length;
          if (end > room) {
            carry = Buffer.concat([carry!, chunk.subarray(0, room)]);
            carryDropped = true;
          } else carry = Buffer.concat([carry!, chunk.subarray(0, end)]);
        }
        if (nl < 0) continue;
        lineNo++;
        if (carry && hasNeedle(carry, 0, carry.length)) this.line(decode(carry, 0, carry.length), lineNo);
        carry = undefined;
        carryDropped = false;
        pos = nl + 1;
      }
      // Lines wholly inside this chunk: find prefilter hits, decode only their lines.
      const lastNl = chunk.lastIndexOf(10);
      const limit = lastNl + 1; // [pos, limit) holds complete lines
      if (limit > pos) {
        const text = chunk.toString('latin1', pos, limit);
        let cursor = 0;
        PREFILTER.lastIndex = 0;
        for (let m = PREFILTER.exec(text); m; m = PREFILTER.exec(text)) {
          const start = text.lastIndexOf('\n', m.index - 1) + 1;
          lineNo += countNewlines(chunk, pos + cursor, pos + start);
          const end = text.indexOf('\n', m.index);
          lineNo++;
          this.line(decode(chunk, pos + start, pos + Math.min(end, start + MAX_LINE)), lineNo);
          cursor = end + 1;
          PREFILTER.lastIndex = cursor;
        }
        lineNo += countNewlines(chunk, pos + cursor, limit);
      }
      if (limit < chunk.length) {
        const tail = chunk.subarray(Math.max(limit, pos));
        if (tail.length > MAX_LINE) {
          carry = Buffer.from(tail.subarray(0, MAX_LINE));
          carryDropped = true;
        } else carry = Buffer.from(tail);
      }
    }
    if (carry) {
      lineNo++;
      if (hasNeedle(carry, 0, carry.length)) this.line(decode(carry, 0, carry.length), lineNo);
    }
    this.lines += lineNo;
    this.finishInput();
  }

  private finishInput() {
    this.endCrash();
  }

  /** Scan a whole string (tests, the HTTP API). */
  scanText(text: string, file?: string): void {
    this.file = file;
    if (file) this.files.push(file);
    const lines = text.split(/\n/);
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.forEach((l, i) => this.line(l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l, i + 1));
    this.lines += lines.length;
    this.bytes += Buffer.byteLength(text);
    this.endCrash();
  }

  summary(): ScanSummary {
    const rows = [...this.agg.rows.values()].sort((a, b) => b.count - a.count || (a.code ?? 0) - (b.code ?? 0));
    return { files: this.files, lines: this.lines, bytes: this.bytes, occurrences: this.agg.count, rows, crashes: this.agg.crashes };
  }

  private emit(o: Occurrence, entry: Entry | undefined) {
    if (this.file !== undefined) o.file = this.file;
    this.agg.add(o, entry);
    this.opts.onOccurrence?.(o);
  }

  private line(raw: string, lineNo: number): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.crashLine(line, lineNo)) return;
    const f = parseLogLine(line);
    if (this.minLevel >= 0 && (!f.level || LEVELS.indexOf(f.level) < this.minLevel)) return;
    const codes = findCodes(f.text);
    if (codes.length) {
      for (const c of codes) this.codeOccurrence(c.code, f, line, lineNo);
      return;
    }
    if (this.opts.messages === false) return;
    // Messages without a code: only warnings and worse in hilog, or lines without a level.
    if (f.level === 'D' || f.level === 'I') return;
    let best = this.messageCache.get(f.text);
    if (!best) {
      const m = this.matcher.match(f.text, { limit: 20, fuzzy: false });
      best = m.candidates
        .filter((c) => c.exact && !c.truncated && c.rank === 1 && literalLength(c.template) >= 10)
        .map((c) => ({ code: c.code, entry: c.entry, kit: c.kit.id }));
      if (this.messageCache.size >= 20_000) this.messageCache.clear();
      this.messageCache.set(f.text, best);
    }
    if (!best.length) return;
    const codesFound = [...new Set(best.map((c) => c.code))];
    for (const code of codesFound) {
      const mine = best.filter((c) => c.code === code);
      const o = this.occurrence('message', code, f, line, lineNo);
      if (mine.length === 1) o.kit = { id: mine[0].kit };
      else o.kits = mine.map((c) => c.kit);
      this.emit(o, mine.length === 1 ? mine[0].entry : undefined);
    }
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
    const key = `${code}\u0000${text}`;
    let r = this.resolveCache.get(key);
    if (!r) {
      r = this.resolveUncached(code, text);
      if (this.resolveCache.size >= 20_000) this.resolveCache.clear();
      this.resolveCache.set(key, r);
    }
    return r;
  }

  private resolveUncached(code: number, text: string): { entry?: Entry; kits: string[] } {
    const entries = lookup(code);
    if (entries.length <= 1) return { entry: entries[0], kits: entries.map((e) => e.kit.id) };
    const m = this.matcher.match(text, { limit: 50, fuzzy: false });
    const exact = m.candidates.filter((c) => c.exact && c.code === code);
    const top = exact.filter((c) => c.score === exact[0]?.score);
    const universal = entries.find((e) => e.kit.id === 'universal');
    if (top.length === 1) return { entry: top[0].entry, kits: [top[0].kit.id] };
    if (top.length > 1 && universal && top.some((c) => c.kit.id === 'universal')) return { entry: universal, kits: ['universal'] };
    if (top.length > 1) return { kits: top.map((c) => c.kit.id) };
    if (universal) return { entry: universal, kits: [universal.kit.id] };
    return { kits: entries.map((e) => e.kit.id) };
  }

  private codeOccurrence(code: number, f: LogFields, line: string, lineNo: number) {
    const o = this.occurrence('code', code, f, line, lineNo);
    const { entry, kits } = this.resolve(code, f.text);
    if (entry) o.kit = { id: entry.kit.id };
    else if (kits.length) o.kits = kits;
    else o.unknown = true;
    this.emit(o, entry);
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
        this.crash.topFrame ??= fr[1];
        return true;
      }
      if (!line.trim()) return true;
      this.endCrash();
    }
    return false;
  }

  private endCrash() {
    const c = this.crash;
    if (!c) return;
    this.crash = undefined;
    let code = c.code ?? null;
    let entry: Entry | undefined;
    if (code !== null) entry = this.resolve(code, c.message ?? '').entry;
    else if (c.message) {
      const m = this.matcher.match(c.message, { limit: 5, fuzzy: false }).candidates.filter((x) => x.exact && !x.truncated && x.rank === 1);
      if (m.length === 1) {
        code = m[0].code;
        entry = m[0].entry;
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
    if (code !== null && !entry && !lookup(code).length) o.unknown = true;
    const prev = this.file;
    this.file = c.file;
    this.emit(o, entry);
    this.file = prev;
  }
}

function literalLength(template: string): number {
  return template.replace(/\$\{[^}]+\}/g, '').replace(/\s+/g, '').length;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
function decode(buf: Buffer, start: number, end: number): string {
  return decoder.decode(buf.subarray(start, end));
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf(10, from);
  while (i >= 0 && i < to) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

function hasNeedle(buf: Buffer, start: number, end: number): boolean {
  PREFILTER.lastIndex = 0;
  return PREFILTER.test(buf.toString('latin1', start, end));
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
