/**
 * The JavaScript side of the byte prefilter (`wasm/prefilter.ts`, compiled to
 * `dist/scan/prefilter.wasm` by `npm run build`): loads the module, feeds it input in chunks and
 * hands back the candidate lines. Input is copied (or read with `readSync`) straight into the
 * module's memory; only candidate lines are ever decoded.
 *
 * Memory is fixed: one carried partial line (≤ MAX_LINE bytes; the rest of a longer line is skipped
 * but the line is still counted), one chunk, the record buffer and the verdict cache.
 */
import { existsSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnchorTable, Gate } from './anchors.js';
import { NOT_ERROR_WORDS } from './detect.js';

export const MAX_LINE = 64 * 1024;
/** Code windows a record carries (MAX_WINDOWS in the wasm). */
const MAX_WINDOWS = 4;
const CHUNK = 1 << 20;
const PAD = 64;
/** Room for the anchor DFA (anchors.ts); pages never written take no memory. */
export const ANCHOR_BYTES = 8 << 20; // both tables and their class maps

interface Exports {
  memory: WebAssembly.Memory;
  init(): void;
  clear(): void;
  setMessages(on: number): void;
  setAllLines(on: number): void;
  scan(start: number, end: number): number;
  resume(): number;
  lines(): number;
  remember(start: number, end: number, variant: number, verdict: number): void;
  rememberCoarse(start: number, end: number, variant: number, verdict: number): void;
  rememberShape(start: number, end: number, variant: number, verdict: number): void;
  notErrorOffset(): number;
  setNotError(n: number): void;
  setAnchors(classes: number, table: number, count: number, tClasses: number, tTable: number, tCount: number): void;
  maskedKeyInto(start: number, end: number, variant: number, dst: number): number;
  inputOffset(): number;
  outOffset(): number;
  outCapacity(): number;
  recordInts(): number;
  setTally(on: number, base: number): void;
  tallyOffset(): number;
  tallyCount(): number;
  shapeBase(): number;
  rememberShapeCodes(record: number, recipe: number): void;
}

let compiled: WebAssembly.Module | undefined;
function wasmModule(): WebAssembly.Module {
  if (compiled) return compiled;
  // Next to this module in dist/scan; from src/scan (tests run the TypeScript) it is in dist.
  const here = new URL('./prefilter.wasm', import.meta.url);
  const built = new URL('../../dist/scan/prefilter.wasm', import.meta.url);
  const path = existsSync(fileURLToPath(here)) ? here : built;
  if (!existsSync(fileURLToPath(path))) throw new Error(`${fileURLToPath(here)} is missing: run npm run build`);
  compiled = new WebAssembly.Module(readFileSync(path));
  return compiled;
}

/**
 * Called for each candidate line with its 1-based line number and the verdict the parser gave
 * earlier for the same line text (n > 0), or -1. While it runs, `text()` decodes the line and
 * `remember()` stores a verdict for its text.
 */
export type CandidateHandler = (line: number, verdict: number) => void;

/**
 * One prefilter instance (its verdict cache belongs to one scanner, whose options the verdicts
 * depend on). `begin` starts an input; `push` / `pushFromFd` feed it; `end` finishes it.
 */
export class Prefilter {
  private x: Exports;
  private mem: Buffer;
  private i32: Int32Array;
  private input: number;
  private out: number;
  private rec: number;
  // Per input:
  private carry = 0;
  private dropping = false;
  private lineBase = 0;
  private handler: CandidateHandler = () => {};
  private inStack: () => boolean = () => false;
  private tally: () => boolean = () => false;
  private cur = 0; // the record being handled (an index into i32)
  private anchorsAt: number;

  constructor(opts: { messages?: boolean } = {}) {
    const inst = new WebAssembly.Instance(wasmModule(), { env: { abort: () => { throw new Error('prefilter: abort'); } } });
    this.x = inst.exports as unknown as Exports;
    this.input = this.x.inputOffset();
    this.anchorsAt = (this.input + MAX_LINE + CHUNK + PAD + 255) & ~255;
    const need = this.anchorsAt + 256 + ANCHOR_BYTES;
    const have = this.x.memory.buffer.byteLength;
    if (need > have) this.x.memory.grow(Math.ceil((need - have) / 65536));
    this.mem = Buffer.from(this.x.memory.buffer);
    this.i32 = new Int32Array(this.x.memory.buffer);
    this.out = this.x.outOffset() >> 2;
    this.rec = this.x.recordInts();
    this.x.init();
    // The words that make a following "code" something else: the prefilter's coarse keys keep them.
    const table = this.x.notErrorOffset();
    NOT_ERROR_WORDS.slice(0, 64).forEach((w, k) => {
      this.mem[table + k * 16] = w.length;
      this.mem.write(w, table + k * 16 + 1, 'latin1');
    });
    this.x.setNotError(Math.min(64, NOT_ERROR_WORDS.length));
    this.x.setMessages(opts.messages === false ? 0 : 1);
  }

  /** The current candidate line, decoded as UTF-8 (invalid bytes become U+FFFD), without its line break. */
  text(): string {
    return this.mem.toString('utf8', this.i32[this.cur + 1], this.i32[this.cur + 2]);
  }

  /**
   * Remember the parser's verdict for the current line's text: 0 reports nothing, n > 0 an id.
   * `coarse`: the verdict depends only on the line's code contexts (see coarseKey in the wasm).
   */
  remember(verdict: number, coarse = false): void {
    const o = this.cur;
    // A coarse verdict is found on the full key's miss: the full key is then not needed.
    if (coarse) this.x.rememberCoarse(this.i32[o + 3], this.i32[o + 2], this.i32[o + 4], verdict);
    else this.x.remember(this.i32[o + 3], this.i32[o + 2], this.i32[o + 4], verdict);
  }

  /**
   * Remember a verdict for the current line's shape: its coarse key with the codes' digits
   * masked (see shapeKey in the wasm). The verdict then comes back for any line of that shape,
   * whatever its codes; `windows` reads them.
   */
  rememberShape(verdict: number): void {
    const o = this.cur;
    this.x.rememberShape(this.i32[o + 3], this.i32[o + 2], this.i32[o + 4], verdict);
  }

  /**
   * Whether the current line's codes alone decide what it reports (the class coarseKey in the
   * wasm gave it: D or I, no level and no err / fail / xcep, or loud but failing the message gate).
   */
  quietLine(): boolean {
    return this.i32[this.cur + 15] === 0x71;
  }

  /**
   * The numbers after the current line's code words (code / errno / 错误码), in order, into
   * `out`: null where no digits follow, NaN where a number has more than 15 digits. Returns how
   * many, or -1 when the line has more code words than a shape key holds.
   */
  windows(out: (number | null)[]): number {
    const o = this.cur;
    const n = this.i32[o + 6];
    if (n > MAX_WINDOWS) return -1;
    const m = this.mem;
    for (let k = 0; k < n; k++) {
      let p = this.i32[o + 7 + 2 * k];
      const e = p + this.i32[o + 8 + 2 * k];
      const neg = p < e && m[p] === 0x2d;
      if (neg) p++;
      if (p >= e) {
        out[k] = null;
        continue;
      }
      if (e - p > 15) {
        out[k] = NaN;
        continue;
      }
      let v = 0;
      for (; p < e; p++) v = v * 10 + (m[p] - 0x30);
      out[k] = neg ? -v : v;
    }
    return n;
  }

  /**
   * From now on, lines that could only report a message must contain one of these anchors
   * (undefined: every such line passes). Cached verdicts stay valid: anchors only drop lines
   * that report nothing.
   */
  setGate(g: Gate | undefined): void {
    if (!g) return this.x.setAnchors(0, 0, 0, 0, 0, 0);
    // Each: its class maps (AnchorTable.classes), then its table.
    const put = (t: AnchorTable, at: number) => {
      this.mem.set(t.classes, at);
      this.mem.set(new Uint8Array(t.table.buffer, t.table.byteOffset, t.table.byteLength), at + t.classes.length);
      return at + t.classes.length + ((t.table.byteLength + 255) & ~255);
    };
    const a = this.anchorsAt;
    const b = put(g.anchors, a);
    put(g.tails, b);
    this.x.setAnchors(a, a + g.anchors.classes.length, g.anchors.count, b, b + g.tails.classes.length, g.tails.count);
  }

  /** The cache key the prefilter computes for a line (tests): the line's text from its key start, numbers masked. */
  maskedKey(line: Uint8Array, variant: number, keyStart: number): Buffer {
    const at = this.input;
    this.mem.set(line, at);
    this.mem.fill(10, at + line.length, at + line.length + PAD);
    const out = this.input + MAX_LINE;
    const n = this.x.maskedKeyInto(at + keyStart, at + line.length, variant, out);
    return Buffer.from(this.mem.subarray(out, out + n));
  }

  /** Forget cached verdicts (the caller's verdict ids are then free to reuse). */
  clear(): void {
    this.x.clear();
  }

  /**
   * Verdict ids from here on name a shape (see `rememberShape`); below it, up to `tallyIds`, a
   * recipe: what a line reports, the same for every repeat.
   */
  get shapeBase(): number {
    return this.x.shapeBase();
  }
  get tallyIds(): number {
    return this.x.tallyCount();
  }

  /**
   * With tallies on (see `begin`), tie the current line's shape verdict and code values to a
   * recipe id: lines of that shape with the same code values are then counted under the recipe.
   */
  rememberShapeCodes(recipe: number): void {
    this.x.rememberShapeCodes(this.cur * 4, recipe);
  }

  /**
   * Hand over and zero the repeats counted since the last call: for each recipe id, how many
   * lines and the last one's number.
   */
  takeTallies(fn: (id: number, count: number, lastLine: number) => void): void {
    const n = this.x.tallyCount();
    const f = new Float64Array(this.x.memory.buffer, this.x.tallyOffset(), n * 2);
    for (let id = 1; id < n; id++) {
      const c = f[id * 2];
      if (!c) continue;
      const last = f[id * 2 + 1];
      f[id * 2] = 0;
      f[id * 2 + 1] = 0;
      fn(id, c, last);
    }
  }

  /**
   * `inStack`, asked before each step: is the parser inside a stack trace, where every line
   * counts (see setAllLines in wasm/prefilter.ts)? `tally`, asked then too: is a repeat only
   * counted? Then a line with a recipe verdict (from 1 to below `tallyIds`), or with a shape
   * verdict and code values tied to a recipe, is counted in the module (`takeTallies`) and not
   * handed to `handler`.
   */
  begin(handler: CandidateHandler, inStack: () => boolean = () => false, tally: () => boolean = () => false): void {
    this.inStack = inStack;
    this.tally = tally;
    this.carry = 0;
    this.dropping = false;
    this.lineBase = 0;
    this.handler = handler;
  }

  /** Feed bytes (any size). */
  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(CHUNK, chunk.length - off);
      this.mem.set(chunk.subarray(off, off + n), this.input + this.carry);
      this.consume(this.input + this.carry + n);
      off += n;
    }
  }

  /**
   * Read the next chunk of a file descriptor into memory, at most `max` bytes from `position`
   * (null: the current position); returns the bytes read (0 at its end).
   */
  pushFromFd(fd: number, position: number | null = null, max = CHUNK): number {
    const n = readSync(fd, this.mem, this.input + this.carry, Math.min(CHUNK, max), position);
    if (n > 0) this.consume(this.input + this.carry + n);
    return n;
  }

  /** The input has ended: scan a last line without a newline. Returns the input's line count. */
  end(): number {
    if (this.carry > 0) {
      this.mem[this.input + this.carry] = 10;
      this.run(this.input, this.input + this.carry + 1);
      this.carry = 0;
    }
    return this.lineBase;
  }

  /** [input, dataEnd) holds the carried partial line and new bytes. */
  private consume(dataEnd: number) {
    const fresh = this.input + this.carry;
    if (this.dropping) {
      // Still inside an over-long line: skip up to its end.
      const nl = this.mem.subarray(fresh, dataEnd).indexOf(10);
      if (nl < 0) return;
      this.mem.copyWithin(fresh, fresh + nl, dataEnd);
      dataEnd -= nl;
      this.dropping = false;
    }
    const last = this.mem.subarray(this.input, dataEnd).lastIndexOf(10);
    if (last >= 0) {
      const end = this.input + last + 1;
      this.run(this.input, end);
      this.mem.copyWithin(this.input, end, dataEnd);
      this.carry = dataEnd - end;
    } else this.carry = dataEnd - this.input;
    if (this.carry > MAX_LINE) {
      this.carry = MAX_LINE;
      this.dropping = true;
    }
  }

  private run(start: number, end: number) {
    const { x, i32, rec } = this;
    let s = start;
    for (;;) {
      x.setAllLines(this.inStack() ? 1 : 0);
      x.setTally(this.tally() ? 1 : 0, this.lineBase);
      const n = x.scan(s, end);
      for (let r = 0; r < n; r++) {
        const o = (this.cur = this.out + r * rec);
        this.handler(this.lineBase + i32[o] + 1, i32[o + 5]);
      }
      this.lineBase += x.lines();
      s = x.resume();
      if (s >= end) break;
    }
  }
}
