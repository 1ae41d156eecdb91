/**
 * The one table of words the readers understand: section labels in zh and en, the phrases that
 * introduce a list of alternatives, table column headers and device names. Every reader normalises a
 * candidate with `normalizeLabel` and looks it up here; add a variant here, never in a reader.
 */

import { DEVICE_IDS } from '../registry/types.js';

export type Field = 'message' | 'description' | 'causes' | 'solutions' | 'example' | 'apis';

const LABELS: Record<Field, string[]> = {
  message: ['错误信息', '错误码信息', '报错信息', 'Error Message', 'Error Messages', 'Error Information', 'Error Code Information', 'Message', 'Error Info'],
  // "判断依据" (how to recognise the case) and "Symptom" describe what the developer observes.
  description: ['错误描述', '描述', '问题现象', '判断依据', 'Description', 'Error Description', 'Symptom', 'Symptoms', 'Basis for Judgment'],
  causes: ['可能原因', '可能的原因', '原因', 'Possible Causes', 'Possible Cause', 'Possible causes', 'Cause', 'Causes', 'Possible Reasons', 'Reason'],
  solutions: ['处理步骤', '处理建议', '处理方法', '解决方法', '解决方案', 'Solution', 'Solutions', 'Resolution', 'Procedure', 'Handling Procedure', 'Handling Procedures', 'Handling Suggestion', 'Handling Suggestions', 'Troubleshooting', 'Fix'],
  example: ['错误示例场景', '错误示例', '示例场景', 'Error Example Scenario', 'Error Example', 'Example Scenario'],
  apis: ['触发接口', '相关接口', 'APIs', 'Related APIs', 'Trigger APIs', 'Triggering APIs'],
};

/** Lower-case, drop surrounding whitespace (incl. NBSP / full-width space) and a trailing colon. */
export function normalizeLabel(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim()
    .replace(/[:：]\s*$/, '')
    .trim()
    .toLowerCase();
}

const LABEL_INDEX = new Map<string, Field>();
for (const [field, words] of Object.entries(LABELS) as [Field, string[]][]) {
  for (const w of words) LABEL_INDEX.set(normalizeLabel(w), field);
}

export function labelField(text: string): Field | undefined {
  return LABEL_INDEX.get(normalizeLabel(text));
}

/**
 * Lead-ins that announce alternatives or an example rather than being content themselves
 * ("可能为以下的其中一种：" before a list of messages, "示例" before a code block).
 */
const LEAD_INS = ['可能为以下的其中一种', '可能是以下其中一种', '以下之一', '示例', '例如', 'one of the following', 'it may be one of the following', 'the error message may be one of the following', 'example', 'for example', 'e.g.'];
const LEAD_IN_SET = new Set(LEAD_INS.map(normalizeLabel));
export function isLeadIn(text: string): boolean {
  const n = normalizeLabel(text);
  return LEAD_IN_SET.has(n) || /[:：]\s*$/.test(text.trim());
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
