import { isSpace, trimEndChars } from '../util/text.js';
/**
 * Line-level detection for `scan`: hilog / DevEco prefixes, error codes by context, crash-log
 * fields. Pure functions over one decoded line.
 */

export interface LogFields {
  time?: string;
  pid?: number;
  tid?: number;
  level?: 'D' | 'I' | 'W' | 'E' | 'F';
  domain?: string;
  tag?: string;
  /** DevEco exports name the bundle. */
  bundle?: string;
  /** The log text after the prefix. */
  text: string;
}

// Columns are separated by blanks (space, tab), and the text is everything after the prefix (the
// `s` flag: a stray \r or U+2028 inside it changes nothing). The prefilter (wasm/prefilter.ts)
// reads the same prefixes byte by byte: keep the two in step.
// hdc shell hilog:  MM-DD HH:MM:SS.mmm  PID  TID L DOMAIN/TAG: text
const HILOG = /^(\d\d-\d\d \d\d:\d\d:\d\d\.\d+)[ \t]+(\d+)[ \t]+(\d+)[ \t]+([DIWEF])[ \t]+([AC][0-9A-Fa-f]{4,6})\/([^:]*?):[ \t]?(.*)$/s;
// DevEco Studio export:  MM-DD HH:MM:SS.mmm   PID-TID     A0XXXX/tag     com.bundle.name     E     text
const DEVECO = /^(\d\d-\d\d \d\d:\d\d:\d\d\.\d+)[ \t]+(\d+)-(\d+)[ \t]+([AC][0-9A-Fa-f]{4,6})\/(\S*)[ \t]+(\S+)[ \t]+([DIWEF])[ \t]+(.*)$/s;

/** A line without a level is searched for a message only when it says so (err…, fail, xcep…). */
export const MESSAGE_WORDS = /err|fail|xcep/i;

export function parseLogLine(line: string): LogFields {
  let m = HILOG.exec(line);
  if (m) return { time: m[1], pid: Number(m[2]), tid: Number(m[3]), level: m[4] as LogFields['level'], domain: m[5], tag: m[6].trim(), text: m[7] };
  m = DEVECO.exec(line);
  if (m) return { time: m[1], pid: Number(m[2]), tid: Number(m[3]), domain: m[4], tag: m[5], bundle: m[6], level: m[7] as LogFields['level'], text: m[8] };
  return { text: line };
}

/**
 * Words that, right before "code", make it something else: version codes, HTTP statuses, key
 * codes, verification codes, exit statuses …
 */
export const NOT_ERROR_WORDS = [
  'version', 'versions', 'exit', 'status', 'http', 'response', 'resp', 'zip', 'post', 'postal', 'country', 'area', 'region', 'verification', 'verify',
  'sms', 'invite', 'invitation', 'promo', 'qr', 'bar', 'key', 'keys', 'char', 'color', 'hash', 'lang', 'language', 'currency', 'product', 'order', 'source',
  'op', 'opcode', 'auth', 'authorization', 'activation', 'pin', 'scan', 'mcc', 'mnc', 'bundle', 'app', 'build', 'install', 'reason', 'event', 'msg', 'message',
];
const NOT_ERROR = new Set(NOT_ERROR_WORDS);
/** What may stand glued before "code" and still mean an error code (errCode, error_code, resultCode). */
const GLUED_OK = new Set(['', 'err', 'error', 'errno', 'ret', 'retcode', 'result', 'business', 'biz', 'fail', 'failure', 'exception', 'return', 'res']);

// "<prefix>code<sep><number>": code: 401 | Code is 401 | errCode=401 | error_code:401 | "code":401 | code 401 | (code 201)
// Separators are optional, but blanks are only on either side of one: no two adjacent `\s*`, so a
// long run of blanks is read once (linear time; checked by recheck in test/reliability).
const CODE_CTX = /(?:^|[^A-Za-z0-9_])([A-Za-z_]*?)([ _-]?)(code|errno)"?[ \t]*(?:(?:is\b|=|:|：)[ \t]*)?"?(-?\d+)(?![\d.]|[ \t]?(?:(?:ms|s|sec|bytes?|kb|mb|gb)\b|%))/gi;
const CN_CODE = /错误码[ \t]*(?:[:：=为是][ \t]*)?(-?\d+)/g;

export interface CodeHit {
  code: number;
  /** Offset of the number in the line. */
  index: number;
}

/** Numbers that are error codes by their context in the line. */
export function findCodes(text: string): CodeHit[] {
  const out: CodeHit[] = [];
  CODE_CTX.lastIndex = 0;
  for (let m = CODE_CTX.exec(text); m; m = CODE_CTX.exec(text)) {
    let glued = trimEndChars(m[1].toLowerCase(), '_-');
    const word = m[3].toLowerCase();
    // "BusinessError code: 401", "open failed code: 401": a word and a blank before "code" is the
    // word before, not a glued prefix such as errCode / error_code.
    const spaced = m[2] === ' ' && !GLUED_OK.has(glued);
    if (spaced) glued = '';
    if (word === 'errno' ? glued !== '' : !GLUED_OK.has(glued)) continue;
    // The word before: "version code: 123", "exit code 137", "HTTP status code 404".
    const before = spaced ? m[1].toLowerCase() : wordBefore(text, m.index + m[0].indexOf(m[1] || m[3]));
    if (before && NOT_ERROR.has(before)) continue;
    const n = Number(m[4]);
    if (!Number.isSafeInteger(n) || n === 0) continue;
    out.push({ code: n, index: m.index + m[0].lastIndexOf(m[4]) });
  }
  CN_CODE.lastIndex = 0;
  for (let m = CN_CODE.exec(text); m; m = CN_CODE.exec(text)) {
    const n = Number(m[1]);
    if (Number.isSafeInteger(n) && n !== 0) out.push({ code: n, index: m.index + m[0].lastIndexOf(m[1]) });
  }
  // One code once per line.
  const seen = new Set<number>();
  return out.filter((h) => (seen.has(h.code) ? false : (seen.add(h.code), true)));
}

/** The ASCII word that ends before `end` (blanks, `_` and `-` between), lower-cased: a backward scan. */
function wordBefore(text: string, end: number): string | undefined {
  let i = end;
  while (i > 0 && (text[i - 1] === '_' || text[i - 1] === '-' || isSpace(text[i - 1]))) i--;
  const stop = i;
  while (i > 0 && /[A-Za-z]/.test(text[i - 1])) i--;
  return i < stop ? text.slice(i, stop).toLowerCase() : undefined;
}

/** Crash fault-log header fields (`Key:value`). */
export const CRASH_FIELD = /^\s*(Device info|Build info|Fingerprint|Module name|Version|VersionCode|Timestamp|Pid|Uid|Process name|Process life time|Reason|Error name|Error message|Error code|Stacktrace|HybridStack|HiLog|SourceMap|Cause|Sanitizer)\s*:\s?(.*)$/;
export const FRAME = /^[ \t]*at[ \t]+(\S.*)$/;
