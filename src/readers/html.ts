/**
 * Huawei developer-site doc pages saved as HTML: `<h1 class="doc-title">`, one
 * `<div class="tiledSection">` per code with `<h2 device-type="phone,tablet">CODE Title</h2>`,
 * a device list and bold labels. Parsed with parse5 (hast-util-from-html), turned into mdast with
 * hast-util-to-mdast, then cut by the same walker as Markdown pages.
 */
import { fromHtml } from 'hast-util-from-html';
import { toMdast, type Handle } from 'hast-util-to-mdast';
import type { Element, Root as HastRoot, ElementContent } from 'hast';
import type { Root } from 'mdast';
import { normalizeDevices } from './labels.js';
import { collapse } from './render.js';
import { extractSections } from './sections.js';
import { detectLang, type ReaderOptions, type ReaderResult } from './types.js';
import { htmlTooDeep } from './bounds.js';

function classes(el: Element): string[] {
  const c: unknown = el.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

function textOf(node: ElementContent | HastRoot): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as ElementContent[]).map(textOf).join('');
  return '';
}

function findAll(node: HastRoot | Element, pred: (e: Element) => boolean, out: Element[] = []): Element[] {
  for (const c of node.children) {
    if (c.type === 'element') {
      if (pred(c)) out.push(c);
      findAll(c, pred, out);
    }
  }
  return out;
}

const heading: Handle = (state, node) => {
  const depth = Number(node.tagName.slice(1)) as 1 | 2 | 3 | 4 | 5 | 6;
  // Icons and anchors inside the heading carry no text.
  const kids = node.children.filter((c) => !(c.type === 'element' && c.tagName === 'i'));
  const result = {
    type: 'heading' as const,
    depth,
    children: state.toFlow(state.all({ ...node, children: kids })).flatMap((n) => ('children' in n ? (n.children as never[]) : [n as never])),
  };
  const dt = node.properties?.dataDeviceType ?? node.properties?.deviceType ?? (node.properties as Record<string, unknown>)['device-type'];
  const data = typeof dt === 'string' && dt.trim() ? { devices: normalizeDevices(dt.split(',')) } : undefined;
  state.patch(node, result as never);
  return data ? { ...result, data } : result;
};

const deviceList: Handle = (state, node) => {
  const names = findAll(node, (e) => classes(e).includes('support-device-item')).map((e) => collapse(textOf(e)));
  const result = { type: 'paragraph' as const, children: [], data: { devices: normalizeDevices(names) } };
  state.patch(node, result as never);
  return result;
};

const div: Handle = (state, node) => {
  if (classes(node).includes('device-list')) return deviceList(state, node, undefined);
  return state.toFlow(state.all(node));
};

export function readHtml(text: string, opts: ReaderOptions): ReaderResult {
  const deep = htmlTooDeep(text);
  if (deep) {
    return { lang: opts.lang ?? 'en', kitHints: [], records: [], diagnostics: [{ file: opts.file, line: deep.line, kind: 'too-deep', message: `${deep.what}; the page was not read`, severity: 'error' }] };
  }
  const hast = fromHtml(text, { fragment: true });
  const titleEl = findAll(hast, (e) => e.tagName === 'h1')[0];
  const mdast = toMdast(hast, {
    handlers: { h1: heading, h2: heading, h3: heading, h4: heading, h5: heading, h6: heading, div },
  }) as Root;
  const { records, diagnostics, hints } = extractSections(mdast, opts);
  const title = titleEl ? collapse(String(titleEl.properties?.title ?? '') || textOf(titleEl)) : undefined;
  const result: ReaderResult = { lang: opts.lang ?? detectLang(textOf(hast)), kitHints: hints, records, diagnostics };
  if (title) result.title = title;
  if (!records.length) {
    diagnostics.push({ file: opts.file, kind: 'no-sections', message: 'no `CODE Title` heading found: is this an error-code page?', severity: 'error' });
  }
  return result;
}
