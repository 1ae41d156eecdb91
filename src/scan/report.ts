/** Scan summaries as text for people: the terminal summary and a Markdown report for bug trackers. */
import type { Lang } from '../registry/types.js';
import { MAX_ROWS, type ScanSummary, type SummaryRow } from './scanner.js';

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

function title(r: SummaryRow, lang: Lang): string {
  if (r.unknown) return t(lang, '未知错误码（注册表中没有）', 'unknown code (not in the registry)');
  if (!r.title) return r.kit ? '' : t(lang, '多个 Kit 定义了此错误码', 'defined by several kits');
  return r.title[lang] ?? r.title[lang === 'zh' ? 'en' : 'zh'] ?? '';
}

function kitName(r: SummaryRow, lang: Lang): string {
  if (!r.kit) return '-';
  return r.kit.name[lang] ?? r.kit.name.en ?? r.kit.id;
}

function solution(r: SummaryRow, lang: Lang): string | undefined {
  const s = r.solution?.[lang] ?? r.solution?.[lang === 'zh' ? 'en' : 'zh'];
  return s?.replace(/\[([^[\]]+)\]\([^()]+\)/g, '$1');
}

const where = (r: SummaryRow) => (r.firstLine === r.lastLine ? `${r.firstLine}` : `${r.firstLine}-${r.lastLine}`);

/** Rows and crashes a text report lists; the JSON output has them all (up to the scan's caps). */
const SHOWN_ROWS = 100;

/** "… and 480,000 more codes": what the report or the scan did not list. */
function folded(s: ScanSummary, lang: Lang): string | undefined {
  const rows = Math.max(0, s.rows.length - SHOWN_ROWS) + (s.folded?.codes ?? 0);
  const crashes = Math.max(0, s.crashes.length - SHOWN_ROWS) + (s.folded?.crashes ?? 0);
  if (!rows && !crashes) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  const json = (s.folded?.codes ?? 0) > 0 ? t(lang, `（--json 列出全部已知错误码和前 ${n(MAX_ROWS)} 个未知错误码）`, ` (--json lists every known code and up to ${n(MAX_ROWS)} unknown ones)`) : t(lang, '（--json 列出全部）', ' (--json lists them all)');
  return t(lang, `…… 另有 ${n(rows)} 个错误码${crashes ? `、${n(crashes)} 次崩溃` : ''}未列出`, `… and ${n(rows)} more codes${crashes ? ` and ${n(crashes)} more crashes` : ''} not listed`) + json;
}

export function humanReport(s: ScanSummary, lang: Lang, style: { bold(x: string): string; dim(x: string): string; accent(x: string): string }): string {
  const out: string[] = [];
  out.push(
    t(lang, `扫描 ${s.lines} 行（${(s.bytes / 1e6).toFixed(1)} MB），发现 ${s.occurrences} 处错误，${s.rows.length} 个不同的错误码，${s.crashes.length} 次崩溃。`, `Scanned ${s.lines} lines (${(s.bytes / 1e6).toFixed(1)} MB): ${s.occurrences} error reports, ${s.rows.length} distinct codes, ${s.crashes.length} crashes.`),
  );
  if (!s.rows.length && !s.crashes.length) return out.join('\n');
  out.push('');
  for (const r of s.rows.slice(0, SHOWN_ROWS)) {
    out.push(`${style.bold(style.accent(String(r.code).padStart(10)))}  ${style.bold(title(r, lang))}  ${style.dim(`${kitName(r, lang)} · ×${r.count} · ${t(lang, '行', 'lines')} ${where(r)}${r.firstFile ? ` · ${r.firstFile}` : ''}`)}`);
    out.push(`            ${style.dim(r.sample.length > 160 ? r.sample.slice(0, 159) + '…' : r.sample)}`);
    const sol = solution(r, lang);
    if (sol) out.push(`            → ${sol.split('\n')[0]}`);
  }
  const more = folded(s, lang);
  if (more) out.push(style.dim(more));
  if (s.crashes.length) {
    out.push('', style.bold(t(lang, '崩溃', 'Crashes')));
    for (const c of s.crashes.slice(0, SHOWN_ROWS)) {
      out.push(`  ${t(lang, '行', 'line')} ${c.line}${c.file ? ` (${c.file})` : ''}: ${style.bold(c.crash?.name ?? 'Error')}${c.crash?.message ? `: ${c.crash.message}` : ''}${c.code !== null ? `  [${c.code}]` : ''}`);
      if (c.crash?.topFrame) out.push(`    at ${c.crash.topFrame}`);
    }
  }
  const fixes = s.rows.slice(0, 20).filter((r) => r.entry?.solutions);
  if (fixes.length) {
    out.push('', style.bold(t(lang, '如何处理', 'How to fix')));
    for (const r of fixes) {
      const steps = r.entry!.solutions?.[lang] ?? r.entry!.solutions?.[lang === 'zh' ? 'en' : 'zh'] ?? [];
      out.push(`  ${style.bold(String(r.code))} ${title(r, lang)}`);
      steps.slice(0, 3).forEach((st, i) => out.push(`    ${i + 1}. ${st.split('\n')[0].replace(/\[([^[\]]+)\]\([^()]+\)/g, '$1')}`));
      if (steps.length > 3) out.push(style.dim(`    … ohos-errors ${r.code}${r.kit ? ` --kit ${r.kit.id}` : ''}`));
    }
  }
  return out.join('\n');
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownReport(s: ScanSummary, lang: Lang): string {
  const out: string[] = [];
  out.push(`## ${t(lang, '日志中的错误', 'Errors in the log')}`, '');
  out.push(t(lang, `扫描 ${s.lines} 行，${s.occurrences} 处错误，${s.rows.length} 个错误码，${s.crashes.length} 次崩溃。`, `${s.lines} lines scanned: ${s.occurrences} error reports, ${s.rows.length} codes, ${s.crashes.length} crashes.`), '');
  if (s.rows.length) {
    out.push(`| ${t(lang, '错误码', 'Code')} | Kit | ${t(lang, '标题', 'Title')} | ${t(lang, '次数', 'Count')} | ${t(lang, '行', 'Lines')} | ${t(lang, '首个处理步骤', 'First step')} |`, '|---|---|---|---|---|---|');
    for (const r of s.rows.slice(0, SHOWN_ROWS)) out.push(`| ${r.code} | ${mdCell(kitName(r, lang))} | ${mdCell(title(r, lang))} | ${r.count} | ${where(r)} | ${mdCell(solution(r, lang)?.split('\n')[0] ?? '')} |`);
    out.push('');
  }
  if (s.crashes.length) {
    out.push(`### ${t(lang, '崩溃', 'Crashes')}`, '');
    for (const c of s.crashes) out.push(`- ${t(lang, '行', 'line')} ${c.line}: \`${c.crash?.name ?? 'Error'}\`${c.crash?.message ? ` ${c.crash.message}` : ''}${c.code !== null ? ` (${c.code})` : ''}${c.crash?.topFrame ? ` at \`${c.crash.topFrame}\`` : ''}`);
    out.push('');
  }
  out.push('<details><summary>' + t(lang, '样例行', 'Sample lines') + '</summary>', '', '```');
  for (const r of s.rows.slice(0, SHOWN_ROWS)) out.push(`${r.firstLine}: ${r.sample}`);
  const more = folded(s, lang);
  if (more) out.push(more);
  out.push('```', '', '</details>');
  return out.join('\n');
}
