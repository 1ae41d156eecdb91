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
import { columnKind, isLeadIn, labelField, type Column, type Field } from './labels.js';
import type { Diagnostic, RawRecord, RawVariant } from './types.js';

/** Extra data readers attach to mdast nodes. */
export interface NodeData {
  devices?: string[];
}

type Block = RootContent;
type Fields = Partial<Record<Field | 'intro', Block[]>>;

interface OpenSection {
  code: number;
  title?: string;
  heading: string;
  depth: number;
  line?: number;
  devices?: string[];
  fields: Fields;
  variants: { title: string; depth: number; fields: Fields }[];
  field: Field | 'intro';
  sawLabel: boolean;
}

const CODE_HEADING = /^(-?\d+)(?:[\s\u00a0\u3000]+(.*))?$/;

/** Parse `CODE Title` heading text; a code is negative or has at least three digits. */
export function parseCodeHeading(text: string): { code: number; title?: string } | undefined {
  const t = collapse(text).replace(/\s*#+\s*$/, '');
  const m = CODE_HEADING.exec(t);
  if (!m) return undefined;
  const digits = m[1].replace('-', '');
  if (!m[1].startsWith('-') && digits.length < 3) return undefined;
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
      const m = /^<!--\s*Kit\s*:\s*(.+?)\s*-->$/i.exec(node.value.trim());
      if (m) hints.push(m[1]);
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
      if (!open) {
        lastParagraph = node;
        continue;
      }
      push(node);
      continue;
    }
    if (node.type === 'table' && !open) {
      tableNo++;
      records.push(...tableRecords(node, tableNo, lastParagraph, link, (k, m) => diag(k, m, 'error', { heading: `table ${tableNo}`, line })));
      continue;
    }
    if (!open) continue;
    push(node);
  }
  close();
  return { records, diagnostics, hints };
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
      const v = c.value.replace(/^[\s:：]+/, '');
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
  const base = fieldsToRecord(s.fields, link);
  const variants: RawVariant[] = s.variants
    .map((v) => ({ title: v.title, ...fieldsToRecord(v.fields, link) }))
    .filter((v) => v.messages.length || v.description || v.causes || v.solutions || v.example);
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

interface FieldValues {
  messages: string[];
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
  const description = [intro, desc].filter(Boolean).join('\n\n');
  if (description) out.description = description;
  const causes = itemsOf(f.causes ?? [], link);
  if (causes.length) out.causes = causes;
  const solutions = itemsOf(f.solutions ?? [], link);
  if (solutions.length) out.solutions = solutions;
  if (f.example?.length) out.example = blocksMd(f.example, link) || undefined;
  const apis = (f.apis ?? []).flatMap((b) => apiNames(b));
  if (apis.length) out.apis = apis;
  return out;
}

/** Messages: each paragraph, list item or code block is one message; lead-ins are skipped. */
export function messagesOf(blocks: Block[]): string[] {
  const out: string[] = [];
  const add = (m: string) => {
    const t = m.trim();
    if (t && !out.includes(t)) out.push(t);
  };
  blocks.forEach((b, i) => {
    if (b.type === 'paragraph') {
      const text = plain(b);
      const next = blocks[i + 1];
      if (labelField(text) === 'message') return; // a repeated label word is not a message
      if (isLeadIn(text) && (next?.type === 'list' || next?.type === 'code' || /^(示例|example)$/i.test(text.replace(/[:：]/, '')))) return;
      // A paragraph with hard breaks holding several messages is split at the breaks.
      const lines = splitAtBreaks(b.children).map(plain).filter(Boolean);
      if (lines.length > 1 && lines.every((l) => /[.。!)]$/.test(l))) lines.forEach(add);
      else add(text);
    } else if (b.type === 'list') {
      for (const item of b.children) add(plain(item));
    } else if (b.type === 'code') {
      add(b.value.replace(/\s+$/, ''));
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
  for (const b of blocks) {
    if (b.type === 'paragraph') {
      const md = tidy(inlineMd(b.children, link));
      if (!md) continue;
      const numbered = NUMBERED.test(md);
      items.push(numbered ? md.replace(NUMBERED, '') : md);
      prevNumbered = numbered;
      prevLeadIn = /[:：]$/.test(md);
      continue;
    }
    if (b.type === 'list') {
      if (!b.ordered && items.length && (prevNumbered || prevLeadIn)) {
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
      continue;
    }
    if (b.type === 'code' || b.type === 'table' || b.type === 'blockquote') {
      appendToLast(blockMd(b, link));
      continue;
    }
    const md = blockMd(b, link);
    if (md) items.push(md);
    prevNumbered = false;
    prevLeadIn = false;
  }
  return items.filter((s) => s.trim() !== '');
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
  rows.slice(1).forEach((cells, i) => {
    const rawCode = (cells[codeCol] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '').trim();
    if (!/^-?\d+$/.test(rawCode)) {
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
      const unlinked = v.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
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
