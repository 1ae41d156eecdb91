/**
 * A second log generator, written apart from bench/loggen.ts so that `scan` is not tuned to one
 * mix of texts: 600 tags, 16 kinds of noise line in which numbers, ids and hashes change on every
 * line, and among them lines that look like reports but are not (`statusCode=404`, `keyCode 23`,
 * `exitCode: 0`, `errno 11` in info lines, "error while …", "Exception caught …" at every level),
 * Chinese text, and error reports in ten shapes of its own (JSON, `BusinessError: … (code N)`,
 * `错误码：N，错误信息：…`, `errCode=N errMsg=…`, messages alone after "failed: " …) with random
 * registry codes and messages whose placeholders are filled anew. Hilog format; crash blocks.
 */
import type { Entry } from '../src/registry/types.js';

export interface LogGen2Options {
  /** Share of noise lines at level W or E (default 0.25). */
  weShare?: number;
  /** Share of lines that are error reports (default 0.02). */
  reportRate?: number;
  seed?: number;
}

export class LogGenerator2 {
  private s: number;
  private entries: Entry[];
  private tags: string[];
  private domains: string[];
  private t = 1_700_000_000_000;

  constructor(entries: Entry[], private opts: LogGen2Options = {}) {
    this.s = opts.seed ?? 12345;
    this.entries = entries.filter((e) => e.messages.length);
    const pick = <T>(a: T[]) => this.pick(a);
    this.tags = Array.from({ length: 600 }, () => pick(['App', 'Sys', 'Net', 'Media', 'UI', 'Data', 'Ark', 'Ace', 'Wm', 'Ams', 'Bms']) + cap(pick(WORDS)) + pick(['', 'Mgr', 'Client', 'Impl', 'Proxy', 'Stub', 'Kit']));
    this.domains = this.tags.map(() => (this.r() < 0.5 ? 'A' : 'C') + this.hex(this.i(4, 5)).toUpperCase());
  }

  private r(): number {
    return (this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  }
  private i(a: number, b: number): number {
    return a + Math.floor(this.r() * (b - a + 1));
  }
  private pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.r() * a.length)];
  }
  private hex(n: number): string {
    let s = '';
    for (let k = 0; k < n; k++) s += '0123456789abcdef'[this.i(0, 15)];
    return s;
  }

  private noise(): string {
    const p = <T>(a: readonly T[]) => this.pick(a);
    switch (this.i(0, 15)) {
      case 0: return `${p(VERBS)} ${p(WORDS)} id=${this.i(1, 1e6)} cost ${this.i(0, 900)}ms`;
      case 1: return `${p(WORDS)}: ${p(VERBS)} finished, size=${this.i(0, 1e7)} bytes, hash=${this.hex(16)}`;
      case 2: return `on${cap(p(VERBS))} uri=datashare:///com.ohos.${p(WORDS)}/${p(WORDS)}/${this.i(1, 99999)}`;
      case 3: return `statusCode=${p([200, 204, 301, 404, 500])} url=https://api.example.net/${p(WORDS)}/${this.i(1, 1e5)}`;
      case 4: return `keyCode ${this.i(1, 3000)} action ${this.i(0, 3)} deviceId ${this.i(0, 20)} ts ${this.t + this.i(0, 1e9)}`;
      case 5: return `exitCode: 0, pid ${this.i(100, 65000)} uid ${this.i(20000000, 20099999)}`;
      case 6: return `${p(WORDS)} ${p(WORDS)} state ${p(STATES)} -> ${p(STATES)} (${this.hex(8)})`;
      case 7: return `${p(VERBS)} ${p(WORDS)} failed, ret=${this.i(-30, -1)}, retry ${this.i(1, 5)}/5`;
      case 8: return `error while ${p(VERBS)}ing ${p(WORDS)} ${this.hex(8)}-${this.hex(4)}-${this.hex(4)}: errno ${this.i(1, 133)}`;
      case 9: return `Exception caught in ${p(WORDS)}Handler: ${p(['NullPointer', 'IllegalState', 'Timeout', 'Range'])} at offset ${this.i(0, 1e5)}`;
      case 10: return `frame ${this.i(1, 1e6)} dropped ${this.i(1, 30)} vsync ${this.i(1e6, 9e6)} jank ${(this.r() * 100).toFixed(2)}%`;
      case 11: return `GET /v${this.i(1, 3)}/${p(WORDS)}s/${this.i(1, 1e6)}?page=${this.i(1, 50)}&lang=${p(['zh', 'en'])} took ${this.i(1, 5000)} ms`;
      case 12: return `mem rss=${this.i(1e4, 9e5)}KB pss=${this.i(1e4, 9e5)}KB swap=${this.i(0, 1e5)}KB gc=${this.i(0, 99)}`;
      case 13: return `${p(WORDS)} list size ${this.i(0, 500)}, visible ${this.i(0, 30)}..${this.i(30, 60)}, scrollY ${(this.r() * 5000).toFixed(1)}`;
      case 14: return `录制${p(['开始', '结束', '暂停'])}，时长 ${this.i(1, 9999)} 秒，文件 /data/storage/el2/base/${this.hex(12)}.mp4`;
      default: return `用户 ${this.i(100, 999)} 登录成功，耗时 ${this.i(1, 900)} 毫秒`;
    }
  }

  private fill(m: string): string {
    return m.replace(/\$\{[^}]+\}/g, () => this.pick([String(this.i(1, 9999)), this.pick(WORDS), `/data/${this.hex(6)}`, `com.example.${this.pick(WORDS)}`]));
  }

  private report(e: Entry): string {
    const m = () => this.fill(this.pick(e.messages));
    switch (this.i(0, 9)) {
      case 0: return `${this.pick(VERBS)}${this.r() < 0.5 ? '' : ' ' + this.pick(WORDS)} failed, code: ${e.code}, message: ${m()}`;
      case 1: return `BusinessError: ${m()} (code ${e.code})`;
      case 2: return `{"code":${e.code},"message":"${m().replace(/"/g, "'")}","name":"BusinessError"}`;
      case 3: return `callback err: errCode=${e.code} errMsg=${m()}`;
      case 4: return `${this.pick(VERBS)} ${this.pick(WORDS)} error ${e.code}`;
      case 5: return `错误码：${e.code}，错误信息：${m()}`;
      case 6: return `${this.pick(VERBS)} failed: ${m()}`;
      case 7: return m();
      case 8: return `promise rejected, err.code=${e.code}`;
      default: return `result code is ${this.i(1000000, 99999999)}, msg ${this.pick(WORDS)} unavailable`;
    }
  }

  /** Chunks of whole lines, about `bytes` in all. */
  *chunks(bytes: number): Generator<string> {
    const we = this.opts.weShare ?? 0.25;
    const rate = this.opts.reportRate ?? 0.02;
    let written = 0;
    while (written < bytes) {
      const lines: string[] = [];
      for (let k = 0; k < 4096; k++) {
        this.t += this.i(0, 40);
        const d = new Date(this.t);
        const ts = `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 23)}`;
        const ti = this.i(0, this.tags.length - 1);
        const pid = this.i(300, 60000);
        const isReport = this.r() < rate;
        const level = isReport ? this.pick(['E', 'E', 'W', 'I']) : this.r() < we ? this.pick(['W', 'E']) : this.pick(['D', 'I', 'I']);
        const text = isReport ? this.report(this.pick(this.entries)) : this.noise();
        let line = `${ts}  ${pid}  ${this.r() < 0.5 ? pid : this.i(300, 60000)} ${level} ${this.domains[ti]}/${this.tags[ti]}: ${text}\n`;
        if (this.r() < 0.0005) line += `Error name:TypeError\nError message:Cannot read property ${this.pick(WORDS)} of undefined\nStacktrace:\n    at ${this.pick(VERBS)} (entry/src/main/ets/pages/Index.ets:${this.i(1, 300)}:${this.i(1, 40)})\n    at anonymous (entry/src/main/ets/pages/Index.ets:${this.i(1, 300)}:${this.i(1, 40)})\n`;
        lines.push(line);
      }
      const chunk = lines.join('');
      written += Buffer.byteLength(chunk);
      yield chunk;
    }
  }
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const WORDS = 'user session token cache window page list item image video audio file db table row column request response socket channel stream buffer frame layout view node task job worker timer alarm sensor battery wifi bluetooth location camera photo album contact message notification account profile bundle ability service extension module package resource string color theme font icon'.split(' ');
const VERBS = 'load save open close read write start stop bind unbind connect disconnect query insert update delete sync fetch parse render draw measure init release register unregister'.split(' ');
const STATES = ['IDLE', 'RUNNING', 'PAUSED', 'READY'];
