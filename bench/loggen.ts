/**
 * A generator of logs with the variety of a busy device, for the scan benchmark and the scan
 * differential tests: thousands of call sites (message shapes) whose numbers, ids, hex values,
 * paths, URLs and sizes are filled in fresh on every line; hilog, DevEco-export and plain app-log
 * prefixes; a settable share of W/E lines; error reports in every shape the scanner knows (code
 * shapes, JSON, Chinese, message-only with registry messages whose placeholders get fresh values);
 * crash blocks; long lines. Deterministic for a seed.
 */
import type { Entry } from '../src/registry/types.js';

export interface LogGenOptions {
  /** Share of lines at W or E level (default 0.25). */
  weShare?: number;
  /** Share of lines that report an error by code or message (default 0.03). */
  errorShare?: number;
  /** Distinct call sites (message shapes) for ordinary lines (default 4000). */
  shapes?: number;
  seed?: number;
}

export type Rnd = () => number;
export function rng(seed: number): Rnd {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = ('AbilityManager WindowManager NetConnection MediaPlayer ImageDecoder BundleMgr RdbStore Preferences HttpClient WebSocket ' +
  'Camera AudioRenderer Sensor Location Bluetooth WifiManager Notification Account Distributed KvStore FileIO Download Upload Render ' +
  'Surface Vsync InputMethod Power Battery Thermal Telephony Sms Contacts Calendar Pasteboard Clipboard Security Huks Crypto Cert ' +
  'Ark JsEngine Worker TaskPool Animator Router Navigation Scroll List Grid Swiper Video Canvas XComponent Font Resource Theme ' +
  'Storage Media Photo Gallery Share Push Ads Map Scan Health Payment IAP Wallet Game Widget FormManager Continuation Accessibility').split(' ');
const VERBS = ('start stop load unload connect disconnect open close read write query update insert delete decode encode render draw ' +
  'measure layout bind unbind register unregister subscribe unsubscribe publish request resolve parse sync flush commit rollback ' +
  'prepare release acquire create destroy attach detach resume pause seek play record capture upload download install uninstall').split(' ');
const OBJECTS = ('ability window session socket frame bitmap bundle info table record cache buffer layer surface texture stream track ' +
  'config profile token channel device service task job timer event listener callback resource file directory database index ' +
  'image thumbnail album asset package module page component node tree context transaction cursor statement').split(' ');
const WORDS = 'alpha beta gamma delta main entry feature common shared ui core net data media demo home detail list settings login cart order'.split(' ');
/** Ordinary outcomes: D/I lines. */
const INFO_OUT = ['done', 'ok', 'success', 'took {ms}ms', 'size={size}', 'ret={small}', 'count={num}', 'ready', 'cost {ms} ms', 'finished in {ms}ms', 'state={small}', 'begin', 'end', 'result: {small}', 'progress {pct}%', 'queued at {num}', 'hit cache', 'miss cache', 'w={num} h={num}', 'version {ver}'];
/** Warning/error outcomes that are not registry messages (what busy devices log at W/E). */
const WARN_OUT = ['timeout after {ms}ms', 'retry {small}/{small}', 'slow frame {ms}ms', 'failed, ret={small}', 'failed, result={neg}', 'not ready, state={small}', 'invalid state {small}', 'skipped: busy', 'queue full ({num})', 'exception caught, will retry', 'error in callback, ignored', 'lost {num} frames', 'fd {num} not valid', 'permission check slow ({ms}ms)', 'memory pressure level {small}', 'deadline missed by {ms}ms', 'unexpected null for {word}', 'cannot find {word}, fallback', 'errno {small} on close', 'disconnected, reason {small}'];
const DETAILS = ['id={hex}', 'uri={url}', 'path={path}', 'session={uuid}', 'pid={num}', 'bundle=com.{word}.{word}', 'fd={small}', 'key={hex}', 'user={num}', 'width={num} height={num}', 'addr={mac}', 'name={word}_{hex}', 'seq={num}', 'token={hex}{hex}', 'ts={ts}', 'thread={word}-{small}', ''];

const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rnd, a: number, b: number) => a + Math.floor(r() * (b - a + 1));
const hex = (r: Rnd, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};

/** Fill a shape's slots with fresh values. */
function fill(r: Rnd, s: string): string {
  return s.replace(/\{(\w+)\}/g, (_, k: string) => {
    switch (k) {
      case 'ms': return String(int(r, 0, 30000));
      case 'size': return `${int(r, 1, 999999)}${pick(r, ['', 'B', 'KB', ' bytes'])}`;
      case 'small': return String(int(r, 0, 99));
      case 'neg': return String(-int(r, 1, 200));
      case 'num': return String(int(r, 0, 9999999));
      case 'pct': return String(int(r, 0, 100));
      case 'ver': return `${int(r, 1, 9)}.${int(r, 0, 9)}.${int(r, 0, 99)}`;
      case 'hex': return (r() < 0.5 ? '0x' : '') + hex(r, int(r, 4, 16));
      case 'uuid': return `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
      case 'url': return `https://${pick(r, WORDS)}.example.com/${pick(r, WORDS)}/${int(r, 1, 99999)}?t=${int(r, 0, 1e9)}`;
      case 'path': return `/data/storage/el${int(r, 1, 2)}/base/${pick(r, WORDS)}/${pick(r, WORDS)}_${hex(r, 6)}.${pick(r, ['jpg', 'db', 'json', 'txt'])}`;
      case 'mac': return Array.from({ length: 6 }, () => hex(r, 2)).join(':');
      case 'ts': return String(1_700_000_000_000 + int(r, 0, 1e9));
      case 'word': return pick(r, WORDS);
      default: return k;
    }
  });
}

/** Fill a registry message's `${placeholders}` with plausible runtime text. */
function fillTemplate(r: Rnd, t: string): string {
  return t.replace(/\$\{[^{}]*\}/g, () => pick(r, [String(int(r, 0, 99999)), pick(r, WORDS), `${pick(r, WORDS)} ${pick(r, WORDS)}`, `'${pick(r, WORDS)}'`, hex(r, 8)]));
}

const APIS = ['generateKey', 'getBundleInfo', 'createRdbStore', 'request', 'startAbility', 'publish', 'getPhotoAssets', 'connect', 'insert', 'query', 'sign', 'requestPermissionsFromUser', 'login', 'pay', 'getLocation'];

export class LogGenerator {
  private r: Rnd;
  private shapes: { text: string; warn: boolean; tag: string; domain: string }[] = [];
  private messages: { code: number; msg: string; zh?: string }[];
  private codes: number[];
  readonly we: number;
  readonly errors: number;
  private line = 0;

  constructor(entries: Entry[], opts: LogGenOptions = {}) {
    this.r = rng(opts.seed ?? 1);
    this.we = opts.weShare ?? 0.25;
    this.errors = opts.errorShare ?? 0.03;
    const r = this.r;
    const n = opts.shapes ?? 4000;
    for (let i = 0; i < n; i++) {
      const warn = i % 3 === 0;
      const subject = pick(r, SUBJECTS);
      const verb = pick(r, VERBS);
      const obj = pick(r, OBJECTS);
      const out = pick(r, warn ? WARN_OUT : INFO_OUT);
      const detail = pick(r, DETAILS);
      const form = int(r, 0, 3);
      const text = form === 0 ? `${verb} ${obj} ${out}${detail ? ', ' + detail : ''}`
        : form === 1 ? `[${subject}::${verb[0].toUpperCase() + verb.slice(1)}${obj[0].toUpperCase() + obj.slice(1)}:${int(r, 20, 900)}] ${out}${detail ? ' ' + detail : ''}`
          : form === 2 ? `${subject}.${verb}(${detail}) -> ${out}`
            : `on${verb[0].toUpperCase() + verb.slice(1)} ${obj}: ${out}`;
      this.shapes.push({ text, warn, tag: subject + (r() < 0.3 ? pick(r, ['Service', 'Client', 'Impl', 'JS', 'Napi']) : ''), domain: `${pick(r, ['A0', 'C0', 'C01', 'A00'])}${hex(r, 3)}`.toUpperCase().slice(0, 6) });
    }
    this.messages = entries
      .filter((e) => e.messages.length && !e.messages[0].includes('\n'))
      .map((e) => ({ code: e.code, msg: e.messages[0], ...(e.title.zh ? { zh: e.title.zh } : {}) }));
    this.codes = [...new Set(entries.map((e) => e.code))];
  }

  private prefix(level: string, tag: string, domain: string): string {
    const r = this.r;
    const f = r();
    const time = `${String(int(r, 1, 12)).padStart(2, '0')}-${String(int(r, 1, 28)).padStart(2, '0')} ${String(int(r, 0, 23)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}.${String(int(r, 0, 999)).padStart(3, '0')}`;
    const pid = int(r, 100, 65000);
    const tid = r() < 0.5 ? pid : int(r, 100, 65000);
    if (f < 0.85) return `${time}  ${pid}  ${tid} ${level} ${domain}/${tag}: `;
    if (f < 0.95) return `${time}   ${pid}-${tid}     ${domain}/${tag}     com.example.${pick(r, WORDS)}     ${level}     `;
    // A plain app log (no hilog prefix).
    return `2026-${time.replace(' ', 'T')} ${pick(r, ['DEBUG', 'INFO', 'WARN', 'ERROR'])} [${tag}] `;
  }

  /** An error report in one of the shapes the scanner knows. */
  private report(): string {
    const r = this.r;
    const m = pick(r, this.messages);
    const code = r() < 0.1 ? int(r, 10000000, 99999999) : r() < 0.5 ? m.code : pick(r, this.codes);
    const msg = fillTemplate(r, m.msg);
    const api = pick(r, APIS);
    switch (int(r, 0, 11)) {
      case 0: return `${api} failed, code: ${code}, message: ${msg}`;
      case 1: return `Code is ${code}, message is ${msg}`;
      case 2: return `${api} errCode=${code} took ${int(r, 1, 900)}ms`;
      case 3: return `${api} error: ${JSON.stringify({ code, message: msg })}`;
      case 4: return `${api}失败，错误码：${code}，${m.zh ?? msg}`;
      case 5: return `BusinessError code: ${code} id=${hex(r, 8)}`;
      case 6: return `${api} callback error_code:${code} seq=${int(r, 0, 1e6)}`;
      case 7: return `${api} failed: ${msg}`;
      case 8: return `Error: ${msg}`;
      case 9: return msg;
      case 10: return `${api} result: "${msg}" (code ${code})`;
      default: return `${api} rejected, err.code=${code} err.message=${msg}`;
    }
  }

  private crash(): string[] {
    const r = this.r;
    const m = pick(r, this.messages);
    const frames = Array.from({ length: int(r, 2, 12) }, (_, i) => `    at ${pick(r, APIS)}${i} (entry/src/main/ets/pages/${pick(r, WORDS)}.ets:${int(r, 1, 900)}:${int(r, 1, 80)})`);
    return [
      'Device info:HUAWEI Mate 60 Pro', `Build info:ALN-AL00 5.0.0.${int(r, 100, 130)}(SP${int(r, 1, 9)})`, `Fingerprint:${hex(r, 64)}`, 'Module name:com.example.demo',
      `Version:1.0.${int(r, 0, 9)}`, `Pid:${int(r, 100, 65000)}`, `Uid:${int(r, 20000000, 20099999)}`, 'Reason:Error', 'Error name:' + pick(r, ['Error', 'TypeError', 'BusinessError']),
      `Error message:${fillTemplate(r, m.msg)}`, ...(r() < 0.5 ? [`Error code:${m.code}`] : []), 'Stacktrace:', ...frames, '',
    ];
  }

  /** The next lines (usually one; a crash block is several). */
  next(): string[] {
    const r = this.r;
    this.line++;
    if (r() < 0.00005) return this.crash();
    if (r() < this.errors) {
      const level = r() < 0.85 ? 'E' : pick(r, ['W', 'I', 'F', 'D']);
      return [this.prefix(level, pick(r, SUBJECTS), `A0${hex(r, 4)}`.toUpperCase()) + this.report()];
    }
    // Call sites follow a skewed distribution: a few are very frequent, most are rare.
    const warn = r() < this.we;
    const idx = Math.floor(Math.pow(r(), 2.5) * this.shapes.length);
    let shape = this.shapes[idx];
    if (shape.warn !== warn) shape = this.shapes[(idx + (warn ? 3 - (idx % 3) : 1)) % this.shapes.length] ?? shape;
    const level = warn ? (r() < 0.6 ? 'W' : 'E') : r() < 0.4 ? 'D' : 'I';
    let text = fill(r, shape.text);
    // Long lines: a dumped object now and then.
    if (r() < 0.001) text += ' ' + JSON.stringify(Array.from({ length: int(r, 20, 400) }, () => ({ id: int(r, 0, 1e6), v: hex(r, 8) })));
    return [this.prefix(level, shape.tag, shape.domain) + text];
  }

  /** At least `bytes` of log, in chunks of about `chunk` bytes. */
  *chunks(bytes: number, chunk = 1 << 20): Generator<string> {
    let total = 0;
    while (total < bytes) {
      const part: string[] = [];
      let n = 0;
      while (n < chunk) {
        for (const l of this.next()) {
          part.push(l);
          n += l.length + 1;
        }
      }
      const s = part.join('\n') + '\n';
      total += Buffer.byteLength(s);
      yield s;
    }
  }
}
