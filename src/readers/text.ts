/**
 * Doc pages scraped as plain text (the site's text with navigation and footer around it). There
 * is no markup, so this reader rebuilds the structure line by line into mdast blocks and hands them
 * to the shared walker:
 * - a line `CODE Title` is a section heading only when a device line or a label follows it before
 *   the next such line (the "Content overview" list repeats the same lines without them);
 * - `Supported devicesPhoneTablet…` (glued) is the device list;
 * - a line that is a label (`Error message`, `可能原因` …) is a label;
 * - cells of a flattened table are separated by lines holding only a tab;
 * - everything from the footer marker (`Send feedback`, `©…`) on, and the previous/next page links
 *   just before it, is dropped.
 */
import type { Heading, Paragraph, Root, RootContent, Table, TableRow } from 'mdast';
import { DEVICE_PREFIXES, FOOTER_MARKERS, labelField, normalizeLabel, splitGluedDevices } from './labels.js';
import { extractSections, parseCodeHeading } from './sections.js';
import { detectLang, type ReaderOptions, type ReaderResult } from './types.js';

const pos = (line: number) => ({ start: { line, column: 1 }, end: { line, column: 1 } });
const para = (text: string, line: number): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value: text }], position: pos(line) });

function deviceLine(line: string): string[] | undefined {
  const n = line.trim();
  for (const p of DEVICE_PREFIXES) {
    if (n.toLowerCase().startsWith(p.toLowerCase())) {
      const { devices } = splitGluedDevices(n.slice(p.length).replace(/^[:：\s]+/, ''));
      return devices;
    }
  }
  return undefined;
}

export function readText(text: string, opts: ReaderOptions): ReaderResult {
  // Undo a UTF-8 → Latin-1 round trip that scrapers often leave in symbols ("Â©").
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const diagnostics: ReaderResult['diagnostics'] = [];

  // Footer: from the first marker, plus up to two short unpunctuated nav lines before it.
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (FOOTER_MARKERS.some((re) => re.test(t))) {
      end = i;
      let back = 0;
      let j = i - 1;
      while (j >= 0 && back < 2) {
        const u = lines[j].trim();
        if (!u) {
          j--;
          continue;
        }
        if (u.length < 80 && !/[.。!?！？:：;；]$/.test(u) && !labelField(u) && !parseCodeHeading(u)) {
          end = j;
          back++;
          j--;
        } else break;
      }
      break;
    }
  }

  // Title: the line before "Last updated", else the first line repeated on the next line.
  let title: string | undefined;
  const kitHints: string[] = [];
  for (let i = 0; i < end; i++) {
    const t = lines[i].trim();
    if (/^(last updated|更新时间|最近更新)/i.test(t)) {
      for (let j = i - 1; j >= 0; j--) {
        if (lines[j].trim()) {
          title = lines[j].trim();
          break;
        }
      }
      // Breadcrumb lines just above the title often name the kit.
      for (let j = i - 1, seen = 0; j >= 0 && seen < 6; j--) {
        const u = lines[j].trim();
        if (u && u !== title) {
          kitHints.push(u);
          seen++;
        }
      }
      break;
    }
  }
  if (!title) {
    for (let i = 0; i + 1 < end; i++) {
      const t = lines[i].trim();
      if (t && t === lines[i + 1].trim()) {
        title = t;
        break;
      }
    }
  }

  // Indices of non-empty lines, to look ahead past blanks.
  const nonEmpty: number[] = [];
  for (let i = 0; i < end; i++) if (lines[i].trim() || lines[i].includes('\t')) nonEmpty.push(i);
  const isTabOnly = (i: number) => lines[i].includes('\t') && !/[^ \t]/.test(lines[i]);

  const isSectionHeading = (k: number): boolean => {
    const i = nonEmpty[k];
    if (!parseCodeHeading(lines[i].trim())) return false;
    for (let n = k + 1; n < Math.min(nonEmpty.length, k + 4); n++) {
      const t = lines[nonEmpty[n]].trim();
      if (deviceLine(t)) return true;
      if (labelField(t)) return true;
      if (parseCodeHeading(t)) return false;
    }
    return false;
  };

  const blocks: RootContent[] = [];
  let k = 0;
  let table: Table | undefined;
  while (k < nonEmpty.length) {
    const i = nonEmpty[k];
    const t = lines[i].trim();
    if (isTabOnly(i)) {
      k++;
      continue;
    }
    // A flattened table row: cells joined by tab-only lines.
    const next = nonEmpty[k + 1];
    if (next !== undefined && isTabOnly(next)) {
      const cells: string[] = [t];
      let n = k + 1;
      while (n < nonEmpty.length && isTabOnly(nonEmpty[n]) && nonEmpty[n + 1] !== undefined) {
        cells.push(lines[nonEmpty[n + 1]].trim());
        n += 2;
      }
      const row: TableRow = {
        type: 'tableRow',
        children: cells.map((c) => ({ type: 'tableCell', children: [{ type: 'text', value: c }] })),
        position: pos(i + 1),
      };
      if (table && table.children[0].children.length === cells.length) table.children.push(row);
      else {
        table = { type: 'table', children: [row], position: pos(i + 1) };
        blocks.push(table);
      }
      k = n;
      continue;
    }
    table = undefined;
    const devices = deviceLine(t);
    if (devices) {
      if (!devices.length) diagnostics.push({ file: opts.file, line: i + 1, kind: 'devices', message: `device list not understood: "${t}"`, severity: 'error' });
      blocks.push({ type: 'paragraph', children: [], data: { devices }, position: pos(i + 1) } as Paragraph);
    } else if (isSectionHeading(k)) {
      blocks.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: t }], position: pos(i + 1) } as Heading);
    } else if (labelField(t) && normalizeLabel(t).length <= 40) {
      blocks.push({ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: t }] }], position: pos(i + 1) });
    } else {
      blocks.push(para(t, i + 1));
    }
    k++;
  }

  const root: Root = { type: 'root', children: blocks };
  const sections = extractSections(root, opts);
  diagnostics.push(...sections.diagnostics);
  const result: ReaderResult = {
    lang: opts.lang ?? detectLang(text),
    kitHints: [...sections.hints, ...kitHints],
    records: sections.records,
    diagnostics,
  };
  if (title) result.title = title;
  if (!sections.records.length) {
    diagnostics.push({ file: opts.file, kind: 'no-sections', message: 'no `CODE Title` section found: is this an error-code page?', severity: 'error' });
  }
  return result;
}
