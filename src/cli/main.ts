#!/usr/bin/env node
/**
 * The `ohos-errors` command. Exit codes: 0 found, 1 not found, 2 usage error.
 *
 * Arguments are parsed with Node's own `util.parseArgs` rather than a CLI framework: the
 * framework we tried (commander) added ~17 ms to every start, more than the whole budget for
 * `ohos-errors <code>` (≤ 1.3× `node -e 0`, see bench/cold-start.ts). Heavy modules (readers,
 * schema validator) are imported only by the commands that need them.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { lookup, nearestCodes, parseCode, listKits } from '../lookup/lookup.js';
import type { Lang } from '../registry/types.js';
import { UserError, isUserError } from '../util/errors.js';
import { label, localeLang, makeStyle, pick, renderEntry, wantColor } from './render.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  lang: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

interface CommandSpec {
  usage: string;
  summary: string;
  options: Options;
  optionHelp: [string, string][];
  positionals: [min: number, max: number];
  run(pos: string[], v: Values): number | Promise<number>;
}

type Values = Record<string, string | boolean | undefined>;

const COMMON_HELP: [string, string][] = [
  ['--lang zh|en', 'output language (default: from LC_ALL / LC_MESSAGES / LANG)'],
  ['--json', 'machine-readable JSON on stdout'],
  ['--no-color', 'no colour (colour is used only on a terminal, never with NO_COLOR)'],
  ['-h, --help', 'this help'],
];

const EXAMPLES = `Examples:
  $ ohos-errors 12000011                 explain a code (every kit that defines it)
  $ ohos-errors 401 --kit core-vision-kit --lang en
  $ ohos-errors 1001502001 --json        machine-readable entries
  $ ohos-errors search 密钥 别名 不存在       find codes by symptom (中文 or English)
  $ ohos-errors api RdbStore.insert       codes an SDK API can throw
  $ ohos-errors 14800014 --all           … and every API that throws a code
  $ ohos-errors match "BusinessError: Invalid key size."
  $ hdc shell hilog | ohos-errors scan -   explain every error in a live log
  $ ohos-errors scan jscrash-*.log --format md
  $ ohos-errors serve --port 8080        web reference + JSON API on http://127.0.0.1:8080
  $ ohos-errors kits                     kits and how many codes each documents
  $ ohos-errors stats                    what the registry covers
  $ ohos-errors import saved-page.html --kit "My Kit" --save
  $ ohos-errors gen arkts --kit universal-keystore-kit --out ./error_codes   constants + explain() for an ArkTS app

Exit status: 0 found, 1 not found, 2 usage error.`;

function setup(v: Values) {
  const lang = (v.lang as Lang | undefined) ?? localeLang();
  const st = makeStyle(!v['no-color'] && wantColor(process.stdout));
  return { lang, st };
}

function print(s: string) {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

async function runCode(pos: string[], v: Values): Promise<number> {
  const code = parseCode(pos[0]);
  if (code === undefined) throw new UserError(`"${pos[0]}" is not an error code or a command (expected a number such as 12000011; see --help)`);
  const kit = v.kit as string | undefined;
  const { lang, st } = setup(v);
  const entries = lookup(code, { kit });
  if (v.json) {
    print(JSON.stringify(entries, null, 2));
    if (!entries.length) process.stderr.write(`no entry for ${code}${kit ? ` in kit ${kit}` : ''}\n`);
    return entries.length ? 0 : 1;
  }
  if (!entries.length) {
    const zh = lang === 'zh';
    const lines = [zh ? `未找到错误码 ${code}${kit ? `（Kit：${kit}）` : ''}。` : `No entry for error code ${code}${kit ? ` in kit ${kit}` : ''}.`];
    if (kit && lookup(code).length) lines.push(zh ? '其他 Kit 中有该错误码：去掉 --kit 再试。' : 'Other kits define it: try without --kit.');
    const near = nearestCodes(code, 5);
    if (near.length) {
      lines.push(zh ? '最接近的错误码：' : 'Nearest codes:');
      for (const n of near) {
        const e = lookup(n)[0];
        const t = e ? pick(e.title, lang)?.value ?? '' : '';
        lines.push(`  ${n}  ${t}${e ? st.dim(`  (${pick(e.kit.name, lang)?.value ?? e.kit.id})`) : ''}`);
      }
    }
    process.stderr.write(lines.join('\n') + '\n');
    return 1;
  }
  if (v.all) {
    const { apisFor } = await import('../lookup/apis.js');
    print(entries.map((e) => renderEntry(e, lang, st, apisFor(code, { entry: e }))).join('\n\n'));
    return 0;
  }
  print(entries.map((e) => renderEntry(e, lang, st)).join('\n\n'));
  return 0;
}

async function runApi(pos: string[], v: Values): Promise<number> {
  const { codesFor, findApis, nearestApis } = await import('../lookup/apis.js');
  const { lang, st } = setup(v);
  const query = pos.join(' ').trim();
  const limit = v.limit !== undefined ? strictInt(String(v.limit), '--limit', 1, 100000) : 50;
  const total = findApis(query).length;
  const found = codesFor(query, { limit });
  const zh = lang === 'zh';
  if (v.json) {
    print(JSON.stringify({ query, total, apis: apisJson(found), ...(total > limit ? { more: total - limit } : {}) }, null, 2));
    if (!found.length) process.stderr.write(`no API matches "${query}"${nearestApis(query).length ? `; nearest: ${nearestApis(query).join(', ')}` : ''}\n`);
    return found.length ? 0 : 1;
  }
  if (!found.length) {
    const near = nearestApis(query);
    process.stderr.write((zh ? `没有与“${query}”匹配的接口。` : `No API matches "${query}".`) + (near.length ? `\n${zh ? '最接近的接口：' : 'Nearest API names:'}\n${near.map((n) => '  ' + n).join('\n')}` : '') + '\n');
    return 1;
  }
  printApis(found, lang, st);
  if (total > limit) print(st.dim(zh ? `…… 另有 ${total - limit} 个接口（--limit 调整）` : `… and ${total - limit} more APIs (--limit to see more)`));
  return 0;
}

type ApiCodes = import('../lookup/apis.js').ApiCodes;

function apisJson(found: ApiCodes[]) {
  return found.map(({ api, throws }) => ({
    ...api,
    throws: throws.map((t) => ({ code: t.code, message: t.message, ...(t.note ? { note: t.note } : {}), ...(t.entries[0] ? { title: t.entries[0].title } : {}), kits: [...new Set(t.entries.map((e) => e.kit.id))] })),
  }));
}

function printApis(found: ApiCodes[], lang: Lang, st: ReturnType<typeof makeStyle>) {
  const zh = lang === 'zh';
  let module = '';
  for (const { api, throws } of found) {
    if (api.module !== module) {
      module = api.module;
      print(st.bold(`${module}${api.kit ? st.dim(`  [${api.kit}]`) : ''}`));
    }
    const flags = [api.since ? `since ${api.since}` : '', api.deprecated ? `deprecated ${api.deprecated}` : '', api.systemApi ? 'system API' : '', api.permissions ? `permission ${api.permissions}` : ''].filter(Boolean).join(' · ');
    print(`  ${st.accent(api.name)}${flags ? '  ' + st.dim(flags) : ''}`);
    for (const t of throws) {
      const title = t.entries[0] ? pick(t.entries[0].title, lang)?.value : undefined;
      print(`    ${st.bold(String(t.code).padStart(10))}  ${title ?? t.message}${title && t.message && title !== t.message ? st.dim(`  "${t.message}"`) : ''}${t.note ? st.dim(` [${t.note}]`) : ''}`);
    }
    if (!throws.length) print(st.dim(zh ? '    （未声明错误码）' : '    (no codes declared)'));
  }
}

/** A whole number in [min, max] written in plain decimal digits; anything else is a usage error. */
function strictInt(raw: string, what: string, min: number, max: number): number {
  const t = raw.trim();
  if (!/^-?\d{1,15}$/.test(t) || Number(t) < min || Number(t) > max) throw new UserError(`${what} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return Number(t);
}

function runKits(_pos: string[], v: Values): number {
  const { lang, st } = setup(v);
  const kits = listKits();
  if (v.json) {
    print(JSON.stringify(kits.map((k) => ({ id: k.id, name: k.name, entries: k.entries, pages: k.pages.length })), null, 2));
    return 0;
  }
  const w = Math.max(...kits.map((k) => k.id.length));
  for (const k of kits) {
    const name = pick(k.name, lang)?.value ?? '';
    const otherName = k.name[lang === 'zh' ? 'en' : 'zh'];
    print(`${k.id.padEnd(w)}  ${String(k.entries).padStart(4)}  ${name}${otherName && otherName !== name ? st.dim(` / ${otherName}`) : ''}`);
  }
  const total = kits.reduce((n, k) => n + k.entries, 0);
  print(st.dim(lang === 'zh' ? `共 ${kits.length} 个 Kit，${total} 条错误码` : `${kits.length} kits, ${total} entries`));
  return 0;
}

async function runStats(_pos: string[], v: Values): Promise<number> {
  const { readRegistry } = await import('../registry/store.js');
  const { lang } = setup(v);
  const reg = readRegistry();
  const s = reg.stats;
  if (v.json) {
    print(JSON.stringify({ dataVersion: reg.dataVersion, ...s, conflictList: reg.conflicts, diagnosticList: reg.diagnostics }, null, 2));
    return 0;
  }
  const pct = (n: number) => `${((n / Math.max(1, s.entries)) * 100).toFixed(1)}%`;
  const zh = lang === 'zh';
  const kinds = new Map<string, number>();
  for (const d of reg.diagnostics) {
    const k = `${d.severity}${d.explained ? ' (explained)' : ''} ${d.kind}`;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  print(
    [
      `${zh ? '数据版本' : 'data version'}: ${reg.dataVersion}`,
      `${zh ? 'Kit' : 'kits'}: ${s.kits}   ${zh ? '文档页' : 'pages'}: ${s.pages}   ${zh ? '条目' : 'entries'}: ${s.entries}`,
      `${zh ? '含中文' : 'with zh'}: ${s.withZh} (${pct(s.withZh)})   ${zh ? '含英文' : 'with en'}: ${s.withEn} (${pct(s.withEn)})   ${zh ? '中英俱全' : 'both'}: ${s.withBoth} (${pct(s.withBoth)})`,
      `${zh ? '中英配对' : 'zh↔en pairing'}: ${(s.pairing.ratio * 100).toFixed(2)}% ${zh ? '（中英文页面都有的错误码合并为双语条目）' : 'of codes present in both languages’ pages are one bilingual entry'} (${s.pairing.paired}/${s.pairing.inBoth})`,
      `  ${zh ? '双语页面上两种语言都有的错误码' : 'codes on bilingual pages documented in both languages'}: ${(s.pairing.coverage * 100).toFixed(2)}% (${s.pairing.inBoth}/${s.pairing.codes}; ${zh ? '仅中文' : 'zh only'} ${s.pairing.zhOnly}, ${zh ? '仅英文' : 'en only'} ${s.pairing.enOnly})`,
      `${zh ? '缺错误信息' : 'missing message'}: ${s.missingMessage}   ${zh ? '缺可能原因' : 'missing cause'}: ${s.missingCause}   ${zh ? '缺处理步骤' : 'missing solution'}: ${s.missingSolution}`,
      `${zh ? '来源冲突' : 'source conflicts'}: ${s.conflicts}`,
      `${zh ? '读取诊断' : 'reader diagnostics'}: ${s.diagnostics.errors} ${zh ? '未解释' : 'unexplained'}, ${s.diagnostics.explained} ${zh ? '已解释' : 'explained'}, ${s.diagnostics.notices} notices`,
      ...[...kinds].sort().map(([k, n]) => `  ${k}: ${n}`),
    ].join('\n'),
  );
  return 0;
}

async function runImport(pos: string[], v: Values): Promise<number> {
  const file = pos[0];
  const { statSync } = await import('node:fs');
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    /* reported by the importer */
  }
  if (isDir || /\.d\.e?ts$/i.test(file)) return runImportSdk(file, v);
  const { importPage } = await import('../build/import-page.js');
  const { lang, st } = setup(v);
  const r = await importPage(file, { kit: v.kit as string | undefined, lang: v.lang as Lang | undefined, page: v.page as string | undefined, save: !!v.save });
  for (const d of r.diagnostics) process.stderr.write(`${d.file}${d.line ? ':' + d.line : ''}${d.section ? ` [${d.section}]` : ''}: ${d.severity}: ${d.message}\n`);
  if (v.json) {
    print(JSON.stringify({ kit: r.kit, kitFrom: r.kitFrom, entries: r.entries, diagnostics: r.diagnostics, saved: r.saved ?? null }, null, 2));
    return r.entries.length ? 0 : 1;
  }
  const zh = lang === 'zh';
  print(
    zh
      ? `${file}：${r.format} 格式，${r.pageLang === 'zh' ? '中文' : '英文'}，Kit ${r.kit.id}（依据 ${r.kitFrom}），页面 ${r.page}，提取 ${r.entries.length} 条`
      : `${file}: ${r.format}, ${r.pageLang}, kit ${r.kit.id} (from ${r.kitFrom}), page ${r.page}: ${r.entries.length} entries`,
  );
  for (const e of r.entries) {
    const t = pick(e.title, lang);
    const fields = (['description', 'causes', 'solutions'] as const).filter((f) => e[f]).map((f) => label(f, lang));
    print(`  ${st.bold(String(e.code))}  ${t?.value ?? ''}  ${st.dim(`${e.messages.length} ${zh ? '条信息' : 'message(s)'}; ${fields.join(', ')}`)}`);
  }
  if (r.saved) print(zh ? `已保存到 ${r.saved.path}（新增 ${r.saved.added}，替换 ${r.saved.replaced}）` : `saved to ${r.saved.path} (${r.saved.added} added, ${r.saved.replaced} replaced)`);
  else if (r.entries.length) print(st.dim(zh ? '加 --save 可将这些条目加入本地查询。' : 'Add --save to include these entries in your lookups.'));
  return r.entries.length ? 0 : 1;
}

async function runImportSdk(file: string, v: Values): Promise<number> {
  const { importSdk } = await import('../build/import-sdk.js');
  const { preferredEntries } = await import('../lookup/apis.js');
  const { lang, st } = setup(v);
  const r = await importSdk(file, { save: !!v.save, kit: v.kit as string | undefined });
  for (const d of r.diagnostics) process.stderr.write(`${d.file}${d.line ? ':' + d.line : ''}${d.section ? ` [${d.section}]` : ''}: ${d.severity}: ${d.message}\n`);
  const found: ApiCodes[] = r.apis.map((api) => ({
    api,
    throws: api.throws.map((t) => {
      const own = r.entries.filter((e) => e.code === t.code && e.kit.id === (api.kit ?? 'sdk'));
      return { ...t, entries: own.length ? own : preferredEntries(t.code, api.kit) };
    }),
  }));
  if (v.json) {
    print(JSON.stringify({ files: r.files, apis: apisJson(found), entries: r.entries, diagnostics: r.diagnostics, saved: r.saved ?? null }, null, 2));
    return r.apis.length ? 0 : 1;
  }
  const zh = lang === 'zh';
  const codes = new Set(r.apis.flatMap((a) => a.throws.map((t) => t.code)));
  print(
    zh
      ? `${file}：${r.files} 个声明文件，${r.apis.length} 个声明了错误码的接口，${codes.size} 个错误码（${r.entries.length} 个不在注册表中，记为仅见于 SDK）`
      : `${file}: ${r.files} declaration file(s), ${r.apis.length} APIs that declare codes, ${codes.size} codes (${r.entries.length} not in the registry: SDK-only entries)`,
  );
  printApis(found, lang, st);
  if (r.saved) print(zh ? `已保存到 ${r.saved.path}（新增 ${r.saved.added}，替换 ${r.saved.replaced}）` : `saved to ${r.saved.path} (${r.saved.added} added, ${r.saved.replaced} replaced)`);
  else if (r.apis.length) print(st.dim(zh ? '加 --save 可将这些接口与错误码加入本地查询。' : 'Add --save to include these APIs and codes in your lookups.'));
  return r.apis.length ? 0 : 1;
}

function excerpt(e: import('../registry/types.js').Entry, lang: Lang): string {
  const t = pick(e.title, lang)?.value ?? pick(e.description, lang)?.value?.split('\n')[0] ?? e.messages[0] ?? '';
  return t.length > 80 ? t.slice(0, 79) + '…' : t;
}

async function runSearch(pos: string[], v: Values): Promise<number> {
  const { searchDetailed } = await import('../search/search.js');
  const { lang, st } = setup(v);
  const query = pos.join(' ').trim();
  if (!query) throw new UserError('search: give some words to search for (usage: ohos-errors search <words…>)');
  const limit = v.limit !== undefined ? strictInt(String(v.limit), '--limit', 1, 1000) : 10;
  const { results, partial, didYouMean } = searchDetailed(query, { lang, kit: v.kit as string | undefined, limit });
  if (v.json) {
    print(JSON.stringify(results.map(({ entry: _e, ...r }) => r), null, 2));
    if (didYouMean) process.stderr.write(`did you mean: ${didYouMean}\n`);
    return results.length ? 0 : 1;
  }
  const hint = didYouMean ? (lang === 'zh' ? `您是不是要找：${didYouMean}` : `Did you mean: ${didYouMean}`) : undefined;
  if (!results.length) {
    process.stderr.write((lang === 'zh' ? `没有找到与“${query}”相关的错误码。` : `Nothing found for "${query}".`) + (hint ? `\n${hint}` : '') + '\n');
    return 1;
  }
  if (hint) print(st.dim(hint));
  if (partial) print(st.dim(lang === 'zh' ? '没有同时包含所有词的条目；以下为部分匹配。' : 'No entry matches every word; these are partial matches.'));
  for (const r of results) {
    print(`${st.bold(st.accent(String(r.code).padStart(10)))}  ${excerpt(r.entry, lang)}  ${st.dim(`${pick(r.kit.name, lang)?.value ?? r.kit.id} · ${r.field} · ${r.score.toFixed(1)}`)}`);
  }
  return 0;
}

async function runMatch(pos: string[], v: Values): Promise<number> {
  const { match } = await import('../match/match.js');
  const { lang, st } = setup(v);
  let text = pos.join(' ');
  if (text === '-' || (!text && !process.stdin.isTTY)) text = await readStdin();
  if (!text.trim()) throw new UserError('match: give the message text (usage: ohos-errors match "<message>", or - to read stdin)');
  const limit = v.limit !== undefined ? strictInt(String(v.limit), '--limit', 1, 1000) : 10;
  const r = match(text, { limit, kit: v.kit as string | undefined });
  const found = r.candidates.filter((c) => c.exact || !c.nearMiss);
  if (v.json) {
    print(JSON.stringify(r.candidates.map(({ entry: _e, ...c }) => c), null, 2));
    return found.length ? 0 : 1;
  }
  const zh = lang === 'zh';
  if (!found.length) {
    const lines = [zh ? `没有错误信息与之匹配：“${r.text}”` : `No message template matches "${r.text}".`];
    if (r.candidates.length) {
      lines.push(zh ? '最接近的（并非匹配）：' : 'Near misses (not matches):');
      for (const c of r.candidates.slice(0, 5)) lines.push(`  ${c.code}  "${c.template}"  ${st.dim(`${pick(c.kit.name, lang)?.value ?? c.kit.id} · ${c.score}`)}`);
    }
    process.stderr.write(lines.join('\n') + '\n');
    return 1;
  }
  for (const c of found) {
    const how = c.exact ? (c.truncated ? (zh ? '模板匹配（截断）' : 'template match (truncated)') : zh ? '模板匹配' : 'template match') : zh ? '相似' : 'similar';
    print(
      `${st.dim(`#${c.rank}`)} ${st.bold(st.accent(String(c.code)))}  ${excerpt(c.entry, lang)}  ${st.dim(`${pick(c.kit.name, lang)?.value ?? c.kit.id} · ${how} · ${c.score}`)}` +
        `\n     "${c.template}"` +
        (c.messageInfo !== undefined ? `\n     ${st.dim('${messageInfo} =')} ${JSON.stringify(c.messageInfo)}` : ''),
    );
  }
  const tied = found.filter((c) => c.rank === 1).length;
  if (tied > 1) print(st.dim(zh ? `${tied} 个错误码使用同一条信息，同样可能。` : `${tied} codes share this message: equally likely.`));
  return 0;
}

async function runScan(pos: string[], v: Values): Promise<number> {
  // A scan makes mostly short-lived garbage, and V8 grows the young generation when much of it
  // survives a collection. Kept at its first size, the peak RSS of a file scanned in this thread
  // (under 64 MiB; 200,000 crash blocks in 18.7 MB) went 154–168 → 115 MB with the same CPU time
  // (alternating runs). Files scanned by workers: unchanged (one worker 120–124 MB, two 146–153 MB
  // either way; their young generation is capped by resourceLimits). The flag is read each time
  // the young generation would grow, so setting it now takes effect (as a node flag it did not);
  // this process is the CLI's own, so no host's heap is changed.
  (await import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
  const { Scanner } = await import('../scan/scanner.js');
  const { humanReport, markdownReport } = await import('../scan/report.js');
  const { statSync } = await import('node:fs');
  const { lang, st } = setup(v);
  const format = v.ndjson ? 'ndjson' : v.json ? 'json' : ((v.format as string | undefined) ?? 'text');
  if (!['text', 'md', 'json', 'ndjson'].includes(format)) throw new UserError(`--format must be text, md, json or ndjson, not "${format}"`);
  const level = v.level as string | undefined;
  if (level !== undefined && !['D', 'I', 'W', 'E', 'F'].includes(level.toUpperCase())) throw new UserError(`--level must be one of D I W E F, not "${level}"`);
  const failOn = v['fail-on'] as string | undefined;
  if (failOn !== undefined && failOn !== 'any' && parseCode(failOn) === undefined) throw new UserError(`--fail-on takes a code or "any", not "${failOn}"`);
  const threads = v.threads === undefined ? undefined : strictInt(String(v.threads), '--threads', 1, 2);
  const inputs = pos.length ? pos : process.stdin.isTTY ? [] : ['-'];
  if (!inputs.length) throw new UserError('scan: give log files, or - to read stdin (usage: ohos-errors scan <file…|->)');
  for (const f of inputs) {
    if (f === '-') continue;
    try {
      if (statSync(f).isDirectory()) throw new UserError(`${f}: is a folder; give log files`);
    } catch (e) {
      if (isUserError(e)) throw e;
      throw new UserError(`${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const progress = process.stderr.isTTY && format !== 'ndjson';
  let lastReport = 0;
  const scanner = new Scanner({
    level: level?.toUpperCase() as 'E' | undefined,
    messages: !v['no-messages'],
    threads,
    onOccurrence: format === 'ndjson' ? (o) => process.stdout.write(JSON.stringify(o) + '\n') : undefined,
    onProgress: progress
      ? (bytes) => {
          if (bytes - lastReport >= 64 * 1024 * 1024) {
            lastReport = bytes;
            process.stderr.write(`\rscanning… ${(bytes / 1e6).toFixed(0)} MB`);
          }
        }
      : undefined,
  });
  for (const f of inputs) {
    try {
      if (f === '-') await scanner.scanStream(process.stdin);
      else await scanner.scanFile(f);
    } catch (e) {
      throw new UserError(`${f === '-' ? 'stdin' : f}: ${(e as Error).message}`);
    }
  }
  if (progress && lastReport) process.stderr.write('\r\x1b[K');
  const summary = scanner.summary();
  // Rows without their entries (a spread copies no lazy entry: see Scanner.mergePart).
  if (format === 'json')
    print(
      JSON.stringify(
        {
          ...summary,
          rows: summary.rows.map((r) => {
            const o = { ...r };
            delete o.entry;
            return o;
          }),
        },
        null,
        2,
      ),
    );
  else if (format === 'md') print(markdownReport(summary, lang));
  else if (format === 'text') print(humanReport(summary, lang, st));
  if (failOn !== undefined) {
    const hit = failOn === 'any' ? summary.occurrences > 0 : summary.rows.some((r) => r.code === parseCode(failOn)) || summary.crashes.some((c) => c.code === parseCode(failOn));
    return hit ? 1 : 0;
  }
  return 0;
}

async function runServe(_pos: string[], v: Values): Promise<number> {
  const { startServer, isLoopback } = await import('../server/serve.js');
  const { validOrigin } = await import('../server/app.js');
  const port = v.port !== undefined ? strictInt(String(v.port), '--port', 0, 65535) : 8080;
  const host = (v.host as string | undefined) ?? '127.0.0.1';
  if (!host.trim() || /[\s/]/.test(host)) throw new UserError(`--host must be an address or a host name, not "${host}"`);
  const cors = v.cors as string | undefined;
  if (cors !== undefined && !validOrigin(cors)) throw new UserError(`--cors must be an origin such as http://localhost:3000 (or *), not ${JSON.stringify(cors)}`);
  if (!isLoopback(host)) process.stderr.write(`ohos-errors: warning: listening on ${host}, reachable from other machines; the server has no authentication\n`);
  let started;
  try {
    started = await startServer({ port, host, cors });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'EADDRINUSE' ? `port ${port} is in use (try --port 0 for any free port)` : `cannot listen: ${(e as Error).message}`);
  }
  process.stderr.write(`ohos-errors serving on ${started.url}  (Ctrl-C to stop)\n`);
  // Keep running until a signal stops the server.
  await new Promise<never>(() => {});
  return 0;
}

/** A message read from stdin: at most MAX_STDIN bytes (a message, not a log: use scan for logs). */
const MAX_STDIN = 1024 * 1024;
async function runGen(pos: string[], v: Values): Promise<number> {
  const target = pos[0];
  if (target !== 'arkts' && target !== 'ts') throw new UserError(`gen: the target is arkts or ts, not "${target}"`);
  const lang = (v.lang as 'zh' | 'en' | 'both' | undefined) ?? localeLang();
  const { readRegistry, DEFAULT_DATA_DIR } = await import('../registry/store.js');
  const { readOverlay } = await import('../registry/overlay.js');
  const { readLock } = await import('../gen/names.js');
  const { genModel, renderSource } = await import('../gen/emit.js');
  const { arktsLayout, tsLayout, writeLayout } = await import('../gen/write.js');
  const { join } = await import('node:path');
  const shipped = readRegistry();
  const overlay = readOverlay().entries;
  const reg = { ...shipped, entries: [...shipped.entries, ...overlay], kits: [...shipped.kits] };
  for (const e of overlay) if (!reg.kits.some((k) => k.id === e.kit.id)) reg.kits.push({ id: e.kit.id, name: e.kit.name, entries: 0, pages: [] });
  const kits = ((v.kit as string[] | undefined) ?? []).map((k) => {
    const found = reg.kits.find((x) => x.id === k.toLowerCase() || x.name.en?.toLowerCase() === k.toLowerCase() || x.name.zh === k || x.id.replace(/-kit$/, '') === k.toLowerCase());
    if (!found) {
      const q = k.toLowerCase();
      const guess = reg.kits.find((x) => x.id.startsWith(q))?.id ?? reg.kits.find((x) => closest(q, [x.id.replace(/-kit$/, ''), x.id]))?.id;
      throw new UserError(`gen: no kit "${k}"${guess ? ` (did you mean "${guess}"?)` : ''}; see ohos-errors kits`);
    }
    return found.id;
  });
  const started = process.hrtime.bigint();
  const command = ['ohos-errors gen', target, ...kits.flatMap((k) => ['--kit', k]), '--lang', lang].join(' ');
  const model = genModel(reg, readLock(join(DEFAULT_DATA_DIR, 'names.lock.json')), { kits, lang, command });
  const source = renderSource(model, reg, { kits, lang, command });
  const constants = model.groups.reduce((n, g) => n + g.members.length, 0);
  const out = v.out as string | undefined;
  const name = (v.name as string | undefined) ?? 'ohos-error-codes';
  let files: Record<string, string> = { [target === 'arkts' ? 'ErrorCodes.ets' : 'index.ts']: source };
  if (out) {
    files = target === 'arkts' ? arktsLayout(model, source, name, '1.0.0') : tsLayout(model, source, name, '1.0.0');
    writeLayout(out, files);
  } else process.stdout.write(source);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const kb = (s: string) => (Buffer.byteLength(s) / 1024).toFixed(1);
  const main = target === 'arkts' ? source : (files['index.js'] ?? source);
  const summary = {
    target,
    kits: model.groups.map((g) => g.kit),
    constants,
    bytes: Buffer.byteLength(main),
    ...(out ? { out, files: Object.keys(files).sort() } : {}),
    unlocked: model.unlocked,
    ms: Math.round(ms),
  };
  if (v.json) process.stderr.write(JSON.stringify(summary) + '\n');
  else
    process.stderr.write(
      `${constants} constants in ${model.groups.length} groups (${model.groups.map((g) => g.enumName).join(', ')}); module ${kb(main)} KB${out ? `; wrote ${out}: ${Object.keys(files).filter((f) => !f.startsWith('.')).sort().join(', ')}` : ''} (${ms.toFixed(0)} ms)` +
        (model.unlocked ? `\n${model.unlocked} names are not in the lock file (entries of your overlay): they may change when the registry does.` : '') +
        '\n',
    );
  return 0;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    process.stdin.on('data', (d: Buffer) => {
      n += d.length;
      if (n > MAX_STDIN) {
        process.stdin.destroy();
        reject(new UserError(`stdin: more than ${MAX_STDIN / 1024 / 1024} MiB; match reads one message (use "ohos-errors scan -" for a log)`));
        return;
      }
      parts.push(d);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

const ROOT: CommandSpec = {
  usage: 'ohos-errors <code> [--kit <kit>] [--lang zh|en] [--json]\n       ohos-errors <command> [options]',
  summary: 'HarmonyOS / OpenHarmony ArkTS API error codes, in Chinese and English.',
  options: { ...COMMON, kit: { type: 'string' }, all: { type: 'boolean' } },
  optionHelp: [['--kit <kit>', 'only entries of this kit (id or display name)'], ['--all', 'list every SDK API that throws the code (default: the first few and a count)'], ...COMMON_HELP],
  positionals: [1, 1],
  run: runCode,
};

const COMMANDS: Record<string, CommandSpec> = {
  api: {
    usage: 'ohos-errors api <name | suffix | @ohos.module | @kit.Kit> [--limit N] [--json]',
    summary: 'which codes an SDK API can throw (relationalStore.RdbStore.insert, RdbStore.insert, a module or a kit)',
    options: { ...COMMON, limit: { type: 'string' } },
    optionHelp: [['--limit N', 'at most N APIs (default 50)'], ...COMMON_HELP],
    positionals: [1, 1],
    run: runApi,
  },
  serve: {
    usage: 'ohos-errors serve [--port 8080] [--host 127.0.0.1] [--cors <origin>]',
    summary: 'a local web reference (search, code pages, log paste box) and JSON API, offline',
    options: { port: { type: 'string' }, host: { type: 'string' }, cors: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    optionHelp: [
      ['--port N', 'port (default 8080; 0 picks a free one)'],
      ['--host H', 'address to listen on (default 127.0.0.1: this machine only)'],
      ['--cors <origin>', 'allow this origin to call the API from a browser (off by default)'],
      ['-h, --help', 'this help'],
    ],
    positionals: [0, 0],
    run: runServe,
  },
  scan: {
    usage: 'ohos-errors scan <file…|-> [--level E] [--json | --ndjson | --format md] [--fail-on <code|any>]',
    summary: 'find and explain the error codes, messages and crashes in hilog output, fault logs and app logs (.gz too)',
    options: { ...COMMON, ndjson: { type: 'boolean' }, format: { type: 'string' }, level: { type: 'string' }, 'fail-on': { type: 'string' }, 'no-messages': { type: 'boolean' }, threads: { type: 'string' } },
    optionHelp: [
      ['--level D|I|W|E|F', 'only hilog lines at this level or above'],
      ['--json', 'one JSON document: summary rows and crashes'],
      ['--ndjson', 'one occurrence per line, as found: { line, code, kit, kind, text, time, pid, tid, level, domain, tag }'],
      ['--format text|md', 'human summary (default) or a Markdown report to paste into a bug'],
      ['--fail-on <code|any>', 'exit 1 when that code (or any error) is found: for CI pipelines'],
      ['--no-messages', 'only codes, do not look for messages without a code'],
      ['--threads 1|2', 'threads for a large file (default 2 on a machine with two cores or more; --ndjson uses 1)'],
      ...COMMON_HELP.filter(([k]) => k !== '--json'),
    ],
    positionals: [0, Infinity],
    run: runScan,
  },
  search: {
    usage: 'ohos-errors search <words…> [--kit <kit>] [--lang zh|en] [--limit N] [--json]',
    summary: 'find codes by symptom, title, message, cause or API name (中文 or English)',
    options: { ...COMMON, kit: { type: 'string' }, limit: { type: 'string' } },
    optionHelp: [['--kit <kit>', 'only this kit'], ['--limit N', 'at most N results (default 10)'], ...COMMON_HELP],
    positionals: [1, Infinity],
    run: runSearch,
  },
  match: {
    usage: 'ohos-errors match "<message>" [--kit <kit>] [--limit N] [--json]',
    summary: 'which codes produce this runtime message (BusinessError text, log line; - reads stdin)',
    options: { ...COMMON, kit: { type: 'string' }, limit: { type: 'string' } },
    optionHelp: [['--kit <kit>', 'only this kit'], ['--limit N', 'at most N candidates (default 10)'], ...COMMON_HELP],
    positionals: [0, Infinity],
    run: runMatch,
  },
  kits: { usage: 'ohos-errors kits [--lang zh|en] [--json]', summary: 'list kits with their entry counts', options: COMMON, optionHelp: COMMON_HELP, positionals: [0, 0], run: runKits },
  stats: {
    usage: 'ohos-errors stats [--lang zh|en] [--json]',
    summary: 'what the registry covers: kits, pages, entries, languages, gaps, conflicts, diagnostics',
    options: COMMON,
    optionHelp: COMMON_HELP,
    positionals: [0, 0],
    run: runStats,
  },
  import: {
    usage: 'ohos-errors import <file | file.d.ts | folder> [--kit <kit>] [--page <id>] [--lang zh|en] [--save] [--json]',
    summary: 'read a saved doc page (HTML, text, Markdown) or SDK declaration files (.d.ts, .d.ets, a folder of them); --save adds them to your lookups',
    options: { ...COMMON, kit: { type: 'string' }, page: { type: 'string' }, save: { type: 'boolean' } },
    optionHelp: [
      ['--kit <kit>', 'kit the page belongs to (id or display name; default: named by the page)'],
      ['--page <id>', 'page id (default: from the file name)'],
      ['--lang zh|en', 'language of the page (default: detected) and of the output'],
      ['--save', 'add the entries to your overlay, used by later lookups'],
      ...COMMON_HELP.filter(([k]) => k !== '--lang zh|en'),
    ],
    positionals: [1, 1],
    run: runImport,
  },
  gen: {
    usage: 'ohos-errors gen <arkts|ts> [--kit <kit>…] [--out <dir>] [--lang zh|en|both] [--name <package>]',
    summary: 'error codes as code: an enum of constants per kit, documented, with an offline explain(code) / describe(err)',
    options: { ...COMMON, kit: { type: 'string', multiple: true }, out: { type: 'string' }, name: { type: 'string' } },
    optionHelp: [
      ['--kit <kit>', 'a kit to include (repeat for more; default: all kits); universal codes are always included'],
      ['--out <dir>', 'write a package: arkts → OHPM layout (oh-package.json5, Index.ets, src/main/ets/), ts → ESM (index.js, index.d.ts); default: the source on stdout'],
      ['--lang zh|en|both', 'language of the documentation and the explainer (default: from the locale)'],
      ['--name <package>', 'package name (default ohos-error-codes)'],
      ['--json', 'a JSON summary on stderr (constants, size, files)'],
      ['-h, --help', 'this help'],
    ],
    positionals: [1, 1],
    run: runGen,
  },
};

function help(spec: CommandSpec, name?: string): string {
  const w = Math.max(...spec.optionHelp.map(([k]) => k.length));
  const lines = [`Usage: ${spec.usage}`, '', spec.summary, ''];
  if (!name) {
    lines.push('Commands:');
    for (const [n, c] of Object.entries(COMMANDS)) lines.push(`  ${n.padEnd(8)} ${c.summary}`);
    lines.push('');
  }
  lines.push('Options:', ...spec.optionHelp.map(([k, d]) => `  ${k.padEnd(w)}  ${d}`), '');
  if (!name) lines.push(EXAMPLES);
  return lines.join('\n');
}

function closest(word: string, options: string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length][b.length];
  };
  return options.map((o) => ({ o, d: dist(word, o) })).filter((x) => x.d <= 2).sort((a, b) => a.d - b.d)[0]?.o;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const name = argv[0] && COMMANDS[argv[0]] ? argv[0] : undefined;
    const spec = name ? COMMANDS[name] : ROOT;
    let parsed;
    // `ohos-errors -1` looks up code -1: a negative number is an argument, never an option.
    const rest = name ? argv.slice(1) : argv;
    const dd = rest.indexOf('--');
    const before = dd < 0 ? rest : rest.slice(0, dd);
    const takesValue = (a: string | undefined) => !!a && /^--?[\w-]+$/.test(a) && spec.options[a.replace(/^--?/, '')]?.type === 'string';
    const isNeg = (a: string, i: number) => /^-\d+$/.test(a) && !takesValue(before[i - 1]);
    const negatives = before.filter(isNeg);
    // `--limit -5`: the value of an option, written as `--limit=-5` so parseArgs takes it and our own check explains it.
    const joined = before.filter((a, i) => !isNeg(a, i)).reduce<string[]>((out, a, i, arr) => {
      if (/^-\d+$/.test(a) && takesValue(arr[i - 1])) out[out.length - 1] += `=${a}`;
      else out.push(a);
      return out;
    }, []);
    const args = negatives.length || joined.length !== before.length ? [...joined, '--', ...negatives, ...(dd < 0 ? [] : rest.slice(dd + 1))] : rest;
    try {
      parsed = parseArgs({ args, options: spec.options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UserError(`${(e as Error).message.split('\n')[0].split('. To specify a positional argument')[0]} (see ohos-errors ${name ? name + ' ' : ''}--help)`);
    }
    const v = parsed.values as Values;
    const pos = parsed.positionals;
    if (v.help) {
      print(help(spec, name));
      return 0;
    }
    if (v.lang !== undefined && v.lang !== 'zh' && v.lang !== 'en' && !(name === 'gen' && v.lang === 'both')) throw new UserError(`--lang must be zh or en${name === 'gen' ? ' or both' : ''}, not "${v.lang}"`);
    if (!name && pos.length === 0) {
      process.stderr.write(help(spec) + '\n');
      return 2;
    }
    if (!name && pos.length === 1 && parseCode(pos[0]) === undefined && /^[a-z-]+$/i.test(pos[0])) {
      const guess = closest(pos[0], Object.keys(COMMANDS));
      throw new UserError(`unknown command "${pos[0]}"${guess ? ` (did you mean "${guess}"?)` : ''}; see --help`);
    }
    const [min, max] = spec.positionals;
    if (pos.length < min) throw new UserError(`${name ?? 'ohos-errors'}: missing argument (usage: ${spec.usage.split('\n')[0]})`);
    if (pos.length > max) throw new UserError(`unexpected argument "${pos[max]}" (usage: ${spec.usage.split('\n')[0]})`);
    return await spec.run(pos, v);
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`ohos-errors: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

// A closed pipe (`ohos-errors kits | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (c) => {
    process.exitCode = c;
  },
  (e: unknown) => {
    process.stderr.write(`ohos-errors: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 70;
  },
);
