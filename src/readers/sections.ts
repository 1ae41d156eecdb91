/**
 * The part every reader shares: walk a flat sequence of mdast blocks (from Markdown, from HTML via
 * hast-util-to-mdast, or built from scraped text) and cut it into code sections.
 *
 * - A heading `CODE Title` (any level) opens a section; a later heading at the same or a higher
 *   level that is not a code closes it.
 * - Inside a section, a label (bold paragraph or sub-heading, see labels.ts) switches the field
 *   the following blocks belong to; any other deeper sub-heading starts a variant (a sub-case
 *   with its own message, e.g. Wi-Fi 2501000 "操作失败" / "飞行模式已开启").
 * - A table outside sections whose header names a code column yields one record per row.
 */
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { blockMd, blocksMd, collapse, inlineMd, itemMd, plain, tableCells, tidy, type LinkResolver } from './render.js';
import { columnKind, isAlternatives, labelField, type Column, type Field } from './labels.js';
import type { Diagnostic, RawRecord, RawVariant } from './types.js';
import { isSpace, trimEndWhile } from '../util/text.js';

/** Extra data readers attach to mdast nodes. */
export interface NodeData {
  devices?: string[];
}

type Block = RootContent;
type Fields = Partial<Record<Field | 'intro', Block[]>> & { notes?: Block[][] };
/** Where blocks go: a field, the section's opening text, or the note opened by an unknown label. */
type Target = Field | 'intro' | 'note';

interface OpenSection {
  code: number;
  title?: string;
  heading: string;
  depth: number;
  line?: number;
  devices?: string[];
  fields: Fields;
  variants: { title: string; depth: number; fields: Fields }[];
  field: Target;
  sawLabel: boolean;
}

const CODE_HEADING = /^(-?\d+)(?:[\s\u00a0\u3000]+(\S.*))?$/;

/** Parse `CODE Title` heading text. */
export function parseCodeHeading(text: string): { code: number; title?: string } | undefined {
  const t = trimEndWhile(collapse(text), (c) => c === '#' || isSpace(c));
  const m = CODE_HEADING.exec(t);
  if (!m) return undefined;
  // Any number is a code (DistributedSchedule documents 3 and 7); beyond 15 digits it is not one.
  const digits = m[1].replace('-', '');
  if (digits.length > 15) return undefined;
  const title = m[2]?.trim();
  return { code: Number(m[1]), title: title || undefined };
}

export interface SectionResult {
  records: RawRecord[];
  diagnostics: Diagnostic[];
  hints: string[];
}

export function extractSections(
  root: Root,
  opts: { file: string; resolveLink?: LinkResolver },
): SectionResult {
  const link = opts.resolveLink ?? ((u: string) => u);
  const records: RawRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const hints: string[] = [];
  let open: OpenSection | undefined;
  let lastParagraph: Paragraph | undefined;
  let tableNo = 0;

  const diag = (kind: string, message: string, severity: Diagnostic['severity'], s?: { heading?: string; line?: number }) =>
    diagnostics.push({ file: opts.file, section: s?.heading, line: s?.line, kind, message, severity });

  const target = (): Fields => (open!.variants.length ? open!.variants[open!.variants.length - 1].fields : open!.fields);
  const push = (b: Block) => {
    const f = target();
    if (open!.field === 'note') {
      (f.notes ??= [[]])[f.notes.length - 1].push(b);
      return;
    }
    // Notes and pictures between fields are notes of the entry, never items of the field above.
    if (b.type === 'blockquote' || isImageOnly(b)) {
      (f.notes ??= []).push([b]);
      return;
    }
    (f[open!.field] ??= []).push(b);
  };

  const close = () => {
    if (!open) return;
    const rec = finishSection(open, link, diag);
    if (rec) records.push(rec);
    open = undefined;
  };

  for (const node of root.children) {
    const line = node.position?.start.line;
    if (node.type === 'html') {
      // `<!--Kit: Network Kit-->` (often one line of a block of such comments) names the kit.
      for (const m of node.value.matchAll(/<!--[ \t]*Kit[ \t]*:([^\n<>]*)-->/gi)) if (m[1].trim()) hints.push(m[1].trim());
      continue; // comments such as <!--Del--> / <!--RP1--> are markers, not content
    }
    if (node.type === 'heading') {
      const text = plain(node);
      const code = parseCodeHeading(text);
      const devices = (node.data as NodeData | undefined)?.devices;
      if (code) {
        close();
        open = {
          code: code.code,
          title: code.title,
          heading: text,
          depth: node.depth,
          line,
          devices,
          fields: {},
          variants: [],
          field: 'intro',
          sawLabel: false,
        };
        continue;
      }
      if (open && node.depth > open.depth) {
        const field = labelField(text);
        if (field) {
          open.field = field;
          open.sawLabel = true;
        } else {
          // A deeper heading inside a variant that is not a label ends that variant's scope only
          // if it is at the variant's level or above; otherwise it is a new variant.
          open.variants.push({ title: text, depth: node.depth, fields: {} });
          open.field = 'intro';
        }
        continue;
      }
      close();
      continue;
    }
    if (node.type === 'paragraph') {
      const devices = (node.data as NodeData | undefined)?.devices;
      if (devices) {
        if (open && !open.devices?.length) open.devices = devices;
        continue;
      }
      const label = paragraphLabel(node);
      if (label && open) {
        open.field = label.field;
        open.sawLabel = true;
        if (label.rest.length) push({ type: 'paragraph', children: label.rest, position: node.position });
        continue;
      }
      if (open && isBoldLine(node)) {
        // A bold line that reads like a label but says something else ("前置条件", "TCP/UDP 错误码
        // 说明"): its text and what follows it up to the next label are a note, not more of the
        // field before it.
        diag('unknown-label', `bold line "${plain(node)}" is not a known label; it and the text under it are kept as a note`, 'notice', { heading: open.heading, line });
        open.field = 'note';
        (target().notes ??= []).push([node]);
        continue;
      }
      if (!open) {
        lastParagraph = node;
        continue;
      }
      push(node);
      continue;
    }
    if (node.type === 'table' && !open) {
      tableNo++;
      records.push(...tableRecords(node, tableNo, lastParagraph, link, (k, m) => diag(k, m, 'error', { heading: `table ${tableNo}`, line }), (k, m) => diag(k, m, 'notice', { heading: `table ${tableNo}`, line })));
      continue;
    }
    if (!open) continue;
    push(node);
  }
  close();
  return { records, diagnostics, hints };
}

/** A paragraph that is only bold text (plus punctuation): a label, or something posing as one. */
function isBoldLine(p: Paragraph): boolean {
  const kids = p.children.filter((c) => !(c.type === 'text' && /^[\s:：;；.。]*$/.test(c.value)));
  return kids.length === 1 && kids[0].type === 'strong' && plain(kids[0]).length <= 80;
}

function isImageOnly(b: Block): boolean {
  if (b.type === 'html') return /^<img\b/i.test(b.value.trim());
  if (b.type !== 'paragraph') return false;
  const kids = b.children.filter((c) => !(c.type === 'text' && !c.value.trim()) && c.type !== 'break');
  return kids.length > 0 && kids.every((c) => c.type === 'image' || c.type === 'imageReference' || (c.type === 'html' && /^<img\b/i.test(c.value.trim())));
}

/** A paragraph that is a label: `**错误信息**`, `**Error Message**:`, or `**错误信息**：text…`. */
function paragraphLabel(p: Paragraph): { field: Field; rest: PhrasingContent[] } | undefined {
  const kids = p.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
  const first = kids[0];
  if (!first || first.type !== 'strong') return undefined;
  const field = labelField(plain(first));
  if (!field) return undefined;
  const idx = p.children.indexOf(first);
  const rest = p.children.slice(idx + 1);
  // Drop a separating colon / line break right after the label.
  const cleaned: PhrasingContent[] = [];
  let leading = true;
  for (const c of rest) {
    if (leading && c.type === 'break') continue;
    if (leading && c.type === 'text') {
      const v = c.value.replace(/^[\s:：;；,，.。]+/, '');
      if (!v) continue;
      cleaned.push({ ...c, value: v });
      leading = false;
      continue;
    }
    leading = false;
    cleaned.push(c);
  }
  return { field, rest: cleaned };
}

function finishSection(
  s: OpenSection,
  link: LinkResolver,
  diag: (kind: string, message: string, severity: Diagnostic['severity'], s?: { heading?: string; line?: number }) => void,
): RawRecord | undefined {
  const where = { heading: s.heading, line: s.line };
  // A labelled section whose message is its first, unlabelled paragraph ("The feature is not
  // supported." then **Description** …): runtime messages are English, so a Latin-only intro of
  // one block, in a section that labels everything else but the message, is the message.
  if (s.sawLabel && !s.fields.message?.length && isUnlabelledMessage(s.fields.intro)) {
    s.fields.message = s.fields.intro;
    delete s.fields.intro;
    diag('unlabelled-message', `section ${s.code}: the first paragraph has no label; read as the error message`, 'notice', where);
  }
  const base = fieldsToRecord(s.fields, link);
  const variants: RawVariant[] = s.variants
    .map((v) => ({ title: v.title, ...fieldsToRecord(v.fields, link) }))
    .filter((v) => v.messages.length || v.description || v.causes || v.solutions || v.example || v.notes);
  const rec: RawRecord = {
    code: s.code,
    section: s.heading,
    line: s.line,
    origin: 'section',
    messages: base.messages,
  };
  if (s.title) rec.title = s.title;
  if (base.description) rec.description = base.description;
  if (base.causes) rec.causes = base.causes;
  if (base.solutions) rec.solutions = base.solutions;
  if (base.apis) rec.apis = base.apis;
  const notes = [...(base.notes ?? []), ...variants.flatMap((v) => v.notes ?? [])];
  if (base.example) notes.unshift(base.example);
  if (notes.length) rec.notes = notes;
  for (const v of variants) delete v.notes;
  if (s.devices?.length) rec.devices = s.devices;
  if (variants.length) {
    rec.variants = variants;
    for (const v of variants) for (const m of v.messages) if (!rec.messages.includes(m)) rec.messages.push(m);
  }
  const empty = !rec.messages.length && !rec.description && !rec.causes && !rec.solutions && !variants.length;
  if (empty) {
    diag('empty-section', `section ${s.code} has no content`, 'error', where);
    return rec;
  }
  if (!s.sawLabel) {
    diag('no-labels', `section ${s.code} has no recognised label (错误信息 / Error Message …); its text was kept as the description`, 'error', where);
  } else if (!rec.messages.length) {
    diag('no-message', `section ${s.code} gives no error message`, 'error', where);
  }
  return rec;
}

function isUnlabelledMessage(intro: Block[] | undefined): boolean {
  if (intro?.length !== 1) return false;
  const b = intro[0];
  if (b.type !== 'paragraph' && b.type !== 'code') return false;
  const text = b.type === 'code' ? b.value : plain(b);
  return text.length > 0 && text.length <= 300 && !/[\u3000-\u9fff\uff00-\uffef]/.test(text);
}

interface FieldValues {
  messages: string[];
  notes?: string[];
  description?: string;
  causes?: string[];
  solutions?: string[];
  example?: string;
  apis?: string[];
}

function fieldsToRecord(f: Fields, link: LinkResolver): FieldValues {
  const out: FieldValues = { messages: messagesOf(f.message ?? []) };
  const intro = f.intro?.length ? blocksMd(f.intro, link) : '';
  const desc = f.description?.length ? blocksMd(f.description, link) : '';
  // Text between the heading and the first label describes the code when the section has no
  // description of its own; next to a labelled description it is a note ("Similar to 27787277.").
  const description = desc || intro;
  if (description) out.description = description;
  const introNote = desc && intro ? [intro] : [];
  const causes = itemsOf(f.causes ?? [], link);
  if (causes.length) out.causes = causes;
  const solutions = itemsOf(f.solutions ?? [], link);
  if (solutions.length) out.solutions = solutions;
  if (f.example?.length) out.example = blocksMd(f.example, link) || undefined;
  const apis = (f.apis ?? []).flatMap((b) => apiNames(b));
  if (apis.length) out.apis = apis;
  const notes = [...introNote, ...(f.notes ?? []).map((g) => blocksMd(g, link)).filter(Boolean)];
  if (notes.length) out.notes = notes;
  return out;
}

/** Messages: each paragraph, list item or code block is one message; lead-ins are skipped. */
export function messagesOf(blocks: Block[]): string[] {
  const out: string[] = [];
  const add = (m: string) => {
    const t = m.trim();
    if (t && !out.includes(t)) out.push(t);
  };
  const skip = new Set<Block>();
  blocks.forEach((b, i) => {
    if (b.type === 'paragraph') {
      const text = plain(b);
      const next = blocks[i + 1];
      if (labelField(text) === 'message') return; // a repeated label word is not a message
      if (isAlternatives(text) && (next?.type === 'list' || next?.type === 'code')) return;
      if (/^(示例|example)$/i.test(text.replace(/[:：]/, ''))) return;
      // "Input method client error. Possible causes:" + a list is one message, printed whole.
      if (/[:：]$/.test(text) && next?.type === 'list') {
        add([text, ...next.children.map((item, k) => `${next.ordered ? `${(next.start ?? 1) + k}.` : '-'} ${plain(item)}`)].join('\n'));
        skip.add(next);
        return;
      }
      // A paragraph with hard breaks holding several messages is split at the breaks.
      const lines = splitAtBreaks(b.children).map(plain).filter(Boolean);
      if (lines.length > 1 && lines.every((l) => /[.。!)]$/.test(l))) lines.forEach(add);
      else add(text);
    } else if (b.type === 'list') {
      if (skip.has(b)) return;
      for (const item of b.children) add(plain(item));
    } else if (b.type === 'code') {
      add(b.value.trimEnd());
    } else if (b.type === 'blockquote' || b.type === 'table') {
      // Notes under a message are not messages.
    } else {
      add(plain(b as Block & { children: PhrasingContent[] }));
    }
  });
  return out;
}

function splitAtBreaks(kids: PhrasingContent[]): PhrasingContent[][] {
  const parts: PhrasingContent[][] = [[]];
  for (const k of kids) {
    if (k.type === 'break' || (k.type === 'html' && /^<br\s*\/?>$/i.test(k.value.trim()))) parts.push([]);
    else parts[parts.length - 1].push(k);
  }
  return parts.filter((p) => p.length);
}

const NUMBERED = /^\s*(?:\d{1,2}|[一二三四五六七八九十])\s*[、.．)）]\s*(?=\S)/;

/**
 * Causes / solutions as a list of items (Markdown each):
 * list items stay items; paragraphs numbered `1、` / `1.` become items; a code block or table joins
 * the item before it; a bullet list right after a numbered paragraph or a lead-in ending in a colon
 * is nested into that item.
 */
export function itemsOf(blocks: Block[], link: LinkResolver): string[] {
  const items: string[] = [];
  let prevNumbered = false;
  let prevLeadIn = false;
  const appendToLast = (md: string) => {
    if (!md) return;
    if (items.length) items[items.length - 1] += '\n' + md;
    else items.push(md);
  };
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    if (b.type === 'paragraph') {
      const md = tidy(inlineMd(b.children, link));
      if (!md) return;
      // "可能原因如下：" / "The possible causes are as follows:" only announce the list after them.
      if (next?.type === 'list' && isAnnouncement(md)) {
        prevNumbered = false;
        prevLeadIn = false;
        return;
      }
      // Items separated by line breaks (`a<br>b`) inside one paragraph are separate items.
      const lines = md.split('\n').map((l) => l.trim()).filter(Boolean);
      for (const l of lines.length > 1 && next?.type !== 'list' ? lines : [md]) {
        const numbered = NUMBERED.test(l);
        items.push(numbered ? l.replace(NUMBERED, '') : l);
        prevNumbered = numbered;
      }
      prevLeadIn = /[:：]$/.test(md);
      return;
    }
    if (b.type === 'list') {
      // A list after a numbered paragraph or a lead-in ending in a colon ("场景一：") belongs to it.
      if (items.length && ((!b.ordered && prevNumbered) || prevLeadIn)) {
        appendToLast(blockMd(b, link));
      } else {
        for (const item of (b as List).children) {
          const md = itemMd(item as ListItem, link);
          if (md) items.push(md);
        }
      }
      // An ordered list followed by a bullet list: the bullets belong to its last item.
      prevNumbered = !!b.ordered;
      prevLeadIn = false;
      return;
    }
    if (b.type === 'code' || b.type === 'table' || b.type === 'blockquote') {
      appendToLast(blockMd(b, link));
      return;
    }
    const md = blockMd(b, link);
    if (md) items.push(md);
    prevNumbered = false;
    prevLeadIn = false;
  });
  return items.filter((s) => s.trim() !== '');
}

/** A short sentence whose only job is to announce the list after it. */
export function isAnnouncement(text: string): boolean {
  const t = text.replace(/\*\*/g, '').trim().replace(/[:：。.]$/, '').trim();
  // Only a sentence that says nothing but "the causes / steps are as follows": one that also says
  // something ("该错误码表示服务异常，可能原因如下") is content and stays an item.
  if (/[\u3400-\u9fff]/.test(t)) return /^(?:(?:可能的?)?原因|处理步骤|解决方法|处理方法|步骤|具体步骤)?(?:如下|有以下几种|包括以下几种|可能为以下几种|为以下几种)$/.test(t) || /^(?:可能原因|原因|处理步骤|步骤)(?:包括|有)?$/.test(t);
  return /^(?:the )?(?:possible |potential |likely )?(?:causes?|reasons?|steps?|solutions?|procedures?)(?: (?:are|is|include|includes))?(?: as follows| the following)?$/i.test(t) && / as follows| the following/i.test(t);
}

function apiNames(b: Block): string[] {
  const text = b.type === 'list' ? b.children.map((i) => plain(i)).join(',') : plain(b as Block);
  return text
    .split(/[,，、;；\s]+/)
    .map((s) => s.replace(/^`|`$/g, '').trim())
    .filter((s) => /^[A-Za-z_$][\w$.]*(\(\))?$/.test(s));
}

/** Records from a table whose header has a code column (名称/值/说明, 错误码 ID/错误信息/…). */
function tableRecords(
  table: Table,
  tableNo: number,
  context: Paragraph | undefined,
  link: LinkResolver,
  report: (kind: string, message: string) => void,
  notice: (kind: string, message: string) => void,
): RawRecord[] {
  const rows = tableCells(table, link);
  if (rows.length < 2) return [];
  const header = rows[0].map((h) => columnKind(h.replace(/\*\*/g, '')));
  const codeCol = header.indexOf('code');
  if (codeCol < 0) return [];
  const ctx = context
    ? {
        text: plain(context),
        links: collectLinks(context.children),
      }
    : undefined;
  const out: RawRecord[] = [];
  const nameCol = header.indexOf('name');
  const codeCell = (cells: string[]) => (cells[codeCol] ?? '').replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1').replace(/[`*]/g, '').trim();
  const nameCell = (cells: string[]) => (nameCol >= 0 ? (cells[nameCol] ?? '').replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1').replace(/[`*]/g, '').trim() : '');
  // Constant name → its code, so that a row whose code cell names another row's constant
  // (`| EAGAIN | EWOULDBLOCK | … |`: EWOULDBLOCK is EAGAIN) is read as an alias of that code.
  const codeOfName = new Map<string, number>();
  for (const cells of rows.slice(1)) {
    const c = codeCell(cells);
    const n = nameCell(cells);
    if (n && /^-?\d+$/.test(c) && !codeOfName.has(n)) codeOfName.set(n, Number(c));
  }
  const aliases: { code: number; row: number; cells: string[] }[] = [];
  rows.slice(1).forEach((cells, i) => {
    const rawCode = codeCell(cells);
    if (!/^-?\d+$/.test(rawCode)) {
      const target = codeOfName.get(rawCode);
      if (target !== undefined) {
        aliases.push({ code: target, row: i + 1, cells });
        return;
      }
      report('table-row', `table ${tableNo} row ${i + 1}: "${rawCode}" is not a code`);
      return;
    }
    const rec: RawRecord = {
      code: Number(rawCode),
      messages: [],
      section: `table ${tableNo} row ${i + 1}`,
      line: table.children[i + 1]?.position?.start.line,
      origin: 'table',
    };
    if (ctx) rec.context = ctx;
    header.forEach((col: Column | undefined, c) => {
      const v = cells[c]?.trim();
      if (!v || col === undefined || col === 'code') return;
      const unlinked = v.replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1');
      switch (col) {
        case 'name':
          rec.name = unlinked.replace(/[`*]/g, '');
          break;
        case 'title':
          rec.title = unlinked;
          break;
        case 'message':
          rec.messages = v.split('\n').map((m) => collapse(m.replace(/`/g, ''))).filter(Boolean);
          break;
        case 'description':
          rec.description = v;
          break;
        case 'causes':
          rec.causes = cellItems(v);
          break;
        case 'solutions':
          rec.solutions = cellItems(v);
          break;
        case 'apis':
          rec.apis = unlinked.split(/[,，、;；\s]+/).map((s) => s.replace(/`/g, '')).filter(Boolean);
          break;
      }
    });
    out.push(rec);
  });
  for (const a of aliases) {
    const rec = out.find((r) => r.code === a.code);
    if (!rec) continue;
    const v: RawVariant = { title: nameCell(a.cells) || `${codeCell(a.cells)} (row ${a.row})`, messages: [] };
    header.forEach((col, c) => {
      const val = a.cells[c]?.trim();
      if (!val) return;
      if (col === 'description') v.description = val;
      else if (col === 'message') v.messages = val.split('\n').map((m) => collapse(m.replace(/`/g, ''))).filter(Boolean);
      else if (col === 'causes') v.causes = cellItems(val);
      else if (col === 'solutions') v.solutions = cellItems(val);
    });
    (rec.variants ??= []).push(v);
    for (const m of v.messages) if (!rec.messages.includes(m)) rec.messages.push(m);
    notice('table-alias', `table ${tableNo} row ${a.row}: "${codeCell(a.cells)}" names the constant of code ${a.code}; the row is kept as a variant of ${a.code}`);
  }
  return out;
}

function cellItems(v: string): string[] {
  return v
    .split('\n')
    .map((l) => l.replace(NUMBERED, '').trim())
    .filter(Boolean);
}

function collectLinks(kids: PhrasingContent[]): { text: string; url: string }[] {
  const out: { text: string; url: string }[] = [];
  for (const k of kids) {
    if (k.type === 'link') out.push({ text: plain(k), url: k.url });
    else if ('children' in k) out.push(...collectLinks((k as { children: PhrasingContent[] }).children));
  }
  return out;
}

export type { Heading };
