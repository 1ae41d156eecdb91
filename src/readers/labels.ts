/**
 * The one table of words the readers understand: section labels in zh and en, the phrases that
 * introduce a list of alternatives, table column headers and device names. Every reader normalises a
 * candidate with `normalizeLabel` and looks it up here; add a variant here, never in a reader.
 */

import { DEVICE_IDS } from '../registry/types.js';
import { trimChars, trimEndChars } from '../util/text.js';

export type Field = 'message' | 'description' | 'causes' | 'solutions' | 'example' | 'apis';

/**
 * Labels are recognised by what they say, not looked up in a closed list: writers word them in
 * many ways ("处理步骤" / "解决措施" / "Handling Procedure" / "How to fix" / "Possible root causes").
 * A candidate is a label when every word of it is label vocabulary (head words below plus filler
 * such as "error", "possible", "的"), it has at least one head word, and it is short. The field is
 * the one of its first head word. Anything else — "TCP/UDP 错误码说明", "前置条件", "典型日志信息" —
 * is not a label: the caller reports it and keeps its content out of the field before it.
 */
const HEADS: [Field, RegExp, RegExp][] = [
  // [field, zh head words, en head words]
  ['example', /示例|样例|举例|例子/, /^(?:examples?|samples?)$/],
  ['apis', /接口|api/, /^(?:apis?|interfaces?|methods?)$/],
  ['causes', /原因|根因|成因|起因/, /^(?:causes?|reasons?|why|cause\(s\)|reason\(s\))$/],
  ['solutions', /处理|解决|措施|办法|方法|方案|修复|规避|步骤|建议|对策|应对|排查|处置|恢复/, /^(?:solutions?|resolutions?|procedures?|handling|fix(?:es)?|fixing|steps?|remed(?:y|ies)|workarounds?|troubleshooting|suggestions?|actions?|recommendations?|measures?|resolve|resolving|solve|solving|mitigations?|recovery|guide|guidance)$/],
  ['message', /信息|消息|提示/, /^(?:messages?|info|information|text|output)$/],
  ['description', /描述|现象|说明|依据|含义|详情|定义|概述|解释/, /^(?:descriptions?|symptoms?|meaning|details|detail|overview|explanation|criterion|criteria|definition|judgment|judgement|basis|summary)$/],
];
/** Words that may stand around a head word without making the text something else. */
const ZH_FILLER = /错误码|错误|报错|分析|异常|故障|问题|可能|的|和|与|及|以及|或|码|详细|具体|常见|推荐|参考|返回|如下|如何|出现|产生|触发|相关|判断|定位|场景|建议|操作|处理|步骤|方法|[，、,&＆/／\s]/g;
const EN_FILLER = new Set(['error', 'errors', 'code', 'codes', 'possible', 'potential', 'probable', 'likely', 'common', 'root', 'the', 'a', 'an', 'of', 'and', 'or', 'for', 'to', 'handling', 'suggested', 'recommended', 'detailed', 'how', 'what', 'do', 'problem', 'issue', 'fault', 'failure', 'related', 'triggering', 'trigger', 'basis', 'for', 'this', 'returned', 'reported', 'typical', 'scenario', 'scenarios', 'case', 'further', 'steps', 'step', 'check', 'analysis', 'diagnosis', 'by', 'on', 'in', 'with', 'further']);

/** Lower-case, drop surrounding whitespace (incl. NBSP / full-width space) and a trailing colon. */
export function normalizeLabel(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim()
    .replace(/[:：]\s*$/, '')
    .trim()
    .toLowerCase();
}

export function labelField(text: string): Field | undefined {
  return classifyLabel(text);
}

/** Normalise and classify a label candidate; `undefined` when it is not a label. */
export function classifyLabel(raw: string): Field | undefined {
  let t = normalizeLabel(raw).replace(/^(?:\d{1,2}|[一二三四五六七八九十])\s*[、.．)）]\s*/, ''); // "1. 可能原因"
  t = trimEndChars(trimChars(t, '[【(（「]】)）」'), '.。;；!！?？').trim();
  if (!t || t.length > 40) return undefined;
  if (/[\u3400-\u9fff]/.test(t)) {
    if (t.length > 12) return undefined;
    let first: { field: Field; at: number } | undefined;
    for (const [field, zh] of HEADS) {
      const m = zh.exec(t);
      if (m && (!first || m.index < first.at)) first = { field, at: m.index };
    }
    if (!first) return undefined;
    let rest = t;
    for (const [, zh] of HEADS) rest = rest.replace(new RegExp(zh.source, 'g'), '');
    rest = rest.replace(ZH_FILLER, '').replace(/[a-z]+/g, (w: string) => (EN_FILLER.has(w) || HEADS.some(([, , en]) => en.test(w)) ? '' : w));
    return rest ? undefined : first.field;
  }
  const words = t.split(/[\s/&,:-]+/).filter(Boolean);
  if (words.length > 6) return undefined;
  let field: Field | undefined;
  for (const w of words) {
    const head = HEADS.find(([, , en]) => en.test(w));
    if (head) {
      field ??= head[0];
      continue;
    }
    if (!EN_FILLER.has(w)) return undefined;
  }
  return field;
}

/**
 * Lead-ins that announce alternatives or an example rather than being content themselves
 * ("可能为以下的其中一种：" before a list of messages, "示例" before a code block).
 */
const LEAD_INS = ['可能为以下的其中一种', '可能是以下其中一种', '以下之一', '示例', '例如', 'one of the following', 'it may be one of the following', 'the error message may be one of the following', 'example', 'for example', 'e.g.'];
const LEAD_IN_SET = new Set(LEAD_INS.map(normalizeLabel));
/** A lead-in that says the list after it holds alternative messages ("可能为以下的其中一种："). */
export function isAlternatives(text: string): boolean {
  const n = normalizeLabel(text).replace(/[.。]$/, '');
  return LEAD_IN_SET.has(n) || /其中一种|之一|以下(?:几种)?(?:信息|消息)|(?:one|any) of the following|following (?:error )?messages?/.test(n);
}

/** Table column headers → what the column holds. */
export type Column = 'code' | 'name' | 'message' | 'description' | 'causes' | 'solutions' | 'apis' | 'title';
const COLUMNS: Record<Column, string[]> = {
  code: ['值', '错误码', '错误码id', '错误码 id', '错误码值', '错误码数值', 'value', 'error code', 'error code id', 'error code value', 'code', 'id'],
  name: ['名称', '错误码名称', '错误码定义', '常量名', 'name', 'error code name', 'constant'],
  message: ['错误信息', 'error message', 'message'],
  description: ['说明', '描述', '错误描述', '错误码描述', 'description', 'error description'],
  causes: ['可能原因', 'possible causes', 'possible cause', 'cause'],
  solutions: ['处理建议', '处理步骤', 'solution', 'solutions', 'handling suggestion', 'handling suggestions', 'procedure'],
  apis: ['触发接口', '相关接口', 'apis', 'api', 'trigger apis', 'triggering apis', 'related apis'],
  title: ['错误码标题', '标题', 'title'],
};
const COLUMN_INDEX = new Map<string, Column>();
for (const [col, words] of Object.entries(COLUMNS) as [Column, string[]][]) {
  for (const w of words) COLUMN_INDEX.set(normalizeLabel(w), col);
}
export function columnKind(header: string): Column | undefined {
  return COLUMN_INDEX.get(normalizeLabel(header));
}

/** Device names as the sites print them → normalised ids. Longest names first for glued text. */
export const DEVICE_NAMES: [string, string][] = [
  ['lite wearable', 'lite_wearable'],
  ['lite_wearable', 'lite_wearable'],
  ['litewearable', 'lite_wearable'],
  ['pc/2in1', '2in1'],
  ['2in1', '2in1'],
  ['pc', '2in1'],
  ['phone', 'phone'],
  ['tablet', 'tablet'],
  ['wearable', 'wearable'],
  ['tv', 'tv'],
  ['car', 'car'],
  ['手机', 'phone'],
  ['平板', 'tablet'],
  ['电脑', '2in1'],
  ['智慧屏', 'tv'],
  ['智能穿戴', 'wearable'],
  ['轻量级智能穿戴', 'lite_wearable'],
  ['车机', 'car'],
];
/** Canonical device order: the schema's list. */
export const DEVICE_ORDER: readonly string[] = DEVICE_IDS;

export function normalizeDevices(names: string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const n = raw.trim().toLowerCase();
    const hit = DEVICE_NAMES.find(([k]) => k === n);
    if (hit) out.add(hit[1]);
  }
  return DEVICE_ORDER.filter((d) => out.has(d));
}

/** Split glued device text ("PhoneTabletLite Wearable") into ids; unknown residue is returned. */
export function splitGluedDevices(text: string): { devices: string[]; rest: string } {
  let rest = text.trim();
  const found: string[] = [];
  const names = [...DEVICE_NAMES].sort((a, b) => b[0].length - a[0].length);
  outer: while (rest.length) {
    rest = rest.replace(/^[\s,，、|/]+/, '');
    if (!rest) break;
    for (const [k, id] of names) {
      if (rest.toLowerCase().startsWith(k)) {
        found.push(id);
        rest = rest.slice(k.length);
        continue outer;
      }
    }
    break;
  }
  return { devices: DEVICE_ORDER.filter((d) => found.includes(d)), rest };
}

/** Lines that start the device list in scraped text and HTML. */
export const DEVICE_PREFIXES = ['supported devices', '支持设备'];

/** Lines where a scraped page's footer begins. */
export const FOOTER_MARKERS = [/^send feedback$/i, /^was this page helpful\??$/i, /^意见反馈$/, /^以上内容对您是否有帮助/, /all rights reserved\.?$/i, /^©/];
