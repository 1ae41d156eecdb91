#!/usr/bin/env node
/**
 * The `ohos-errors` command. Exit codes: 0 found, 1 not found, 2 usage error.
 * Heavy modules (readers, schema validator) are imported only by the commands that need them, so
 * that `ohos-errors <code>` starts about as fast as Node itself.
 */
import { Command, CommanderError, Option } from 'commander';
import { lookup, nearestCodes, parseCode, listKits } from '../lookup/lookup.js';
import type { Lang } from '../registry/types.js';
import { UserError } from '../util/errors.js';
import { label, localeLang, makeStyle, pick, renderEntry, wantColor } from './render.js';

const EXAMPLES = `
Examples:
  $ ohos-errors 12000011                 explain a code (every kit that defines it)
  $ ohos-errors 401 --kit core-vision-kit --lang en
  $ ohos-errors 1001502001 --json        machine-readable entries
  $ ohos-errors kits                     kits and how many codes each documents
  $ ohos-errors stats                    what the registry covers
  $ ohos-errors import saved-page.html --kit "My Kit" --save

Exit status: 0 found, 1 not found, 2 usage error.
Language: --lang zh|en, else from LC_ALL / LC_MESSAGES / LANG.`;

function langOption() {
  return new Option('--lang <lang>', 'output language (default: from the locale)').choices(['zh', 'en']);
}

interface Common {
  lang?: Lang;
  json?: boolean;
  color?: boolean;
}

function setup(opts: Common) {
  const lang = opts.lang ?? localeLang();
  const st = makeStyle(opts.color !== false && wantColor(process.stdout));
  return { lang, st };
}

function print(s: string) {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

function codeCommand(codeArg: string | undefined, opts: Common & { kit?: string }, program: Command): number {
  if (codeArg === undefined) {
    program.outputHelp();
    return 2;
  }
  const code = parseCode(codeArg);
  if (code === undefined) throw new UserError(`"${codeArg}" is not an error code (expected a number such as 12000011)`);
  const { lang, st } = setup(opts);
  const entries = lookup(code, { kit: opts.kit });
  if (opts.json) {
    print(JSON.stringify(entries, null, 2));
    if (!entries.length) process.stderr.write(`no entry for ${code}${opts.kit ? ` in kit ${opts.kit}` : ''}\n`);
    return entries.length ? 0 : 1;
  }
  if (!entries.length) {
    const near = nearestCodes(code, 5);
    const lines = [
      lang === 'zh'
        ? `未找到错误码 ${code}${opts.kit ? `（Kit：${opts.kit}）` : ''}。`
        : `No entry for error code ${code}${opts.kit ? ` in kit ${opts.kit}` : ''}.`,
    ];
    if (opts.kit && lookup(code).length) lines.push(lang === 'zh' ? `其他 Kit 中有该错误码：去掉 --kit 再试。` : `Other kits define it: try without --kit.`);
    if (near.length) {
      lines.push(lang === 'zh' ? '最接近的错误码：' : 'Nearest codes:');
      for (const n of near) {
        const e = lookup(n)[0];
        const t = e ? pick(e.title, lang)?.value ?? '' : '';
        lines.push(`  ${n}  ${t}${e ? st.dim(`  (${pick(e.kit.name, lang)?.value ?? e.kit.id})`) : ''}`);
      }
    }
    process.stderr.write(lines.join('\n') + '\n');
    return 1;
  }
  print(entries.map((e) => renderEntry(e, lang, st)).join('\n\n'));
  return 0;
}

function kitsCommand(opts: Common): number {
  const { lang, st } = setup(opts);
  const kits = listKits();
  if (opts.json) {
    print(JSON.stringify(kits.map((k) => ({ id: k.id, name: k.name, entries: k.entries, pages: k.pages.length })), null, 2));
    return 0;
  }
  const w = Math.max(...kits.map((k) => k.id.length));
  for (const k of kits) {
    const name = pick(k.name, lang)?.value ?? '';
    const otherName = k.name[lang === 'zh' ? 'en' : 'zh'];
    print(`${k.id.padEnd(w)}  ${String(k.entries).padStart(4)}  ${name}${otherName && otherName !== name ? st.dim(` / ${otherName}`) : ''}`);
  }
  print(st.dim(lang === 'zh' ? `共 ${kits.length} 个 Kit，${kits.reduce((n, k) => n + k.entries, 0)} 条错误码` : `${kits.length} kits, ${kits.reduce((n, k) => n + k.entries, 0)} entries`));
  return 0;
}

async function statsCommand(opts: Common): Promise<number> {
  const { readRegistry } = await import('../registry/store.js');
  const { lang } = setup(opts);
  const reg = readRegistry();
  const s = reg.stats;
  if (opts.json) {
    print(JSON.stringify({ dataVersion: reg.dataVersion, ...s, conflictList: reg.conflicts, diagnosticList: reg.diagnostics }, null, 2));
    return 0;
  }
  const pct = (n: number) => `${((n / Math.max(1, s.entries)) * 100).toFixed(1)}%`;
  const zh = lang === 'zh';
  const kinds = new Map<string, number>();
  for (const d of reg.diagnostics) kinds.set(`${d.severity}${d.explained ? ' (explained)' : ''} ${d.kind}`, (kinds.get(`${d.severity}${d.explained ? ' (explained)' : ''} ${d.kind}`) ?? 0) + 1);
  const lines = [
    `${zh ? '数据版本' : 'data version'}: ${reg.dataVersion}`,
    `${zh ? 'Kit' : 'kits'}: ${s.kits}   ${zh ? '文档页' : 'pages'}: ${s.pages}   ${zh ? '条目' : 'entries'}: ${s.entries}`,
    `${zh ? '含中文' : 'with zh'}: ${s.withZh} (${pct(s.withZh)})   ${zh ? '含英文' : 'with en'}: ${s.withEn} (${pct(s.withEn)})   ${zh ? '中英俱全' : 'both'}: ${s.withBoth} (${pct(s.withBoth)})`,
    `${zh ? '中英配对' : 'zh↔en pairing'}: ${(s.pairing.ratio * 100).toFixed(2)}% (${s.pairing.paired}/${s.pairing.codes}; ${zh ? '仅中文' : 'zh only'} ${s.pairing.zhOnly}, ${zh ? '仅英文' : 'en only'} ${s.pairing.enOnly})`,
    `${zh ? '缺错误信息' : 'missing message'}: ${s.missingMessage}   ${zh ? '缺可能原因' : 'missing cause'}: ${s.missingCause}   ${zh ? '缺处理步骤' : 'missing solution'}: ${s.missingSolution}`,
    `${zh ? '来源冲突' : 'source conflicts'}: ${s.conflicts}`,
    `${zh ? '读取诊断' : 'reader diagnostics'}: ${s.diagnostics.errors} ${zh ? '未解释' : 'unexplained'}, ${s.diagnostics.explained} ${zh ? '已解释' : 'explained'}, ${s.diagnostics.notices} notices`,
    ...[...kinds].sort().map(([k, n]) => `  ${k}: ${n}`),
  ];
  print(lines.join('\n'));
  return 0;
}

async function importCommand(file: string, opts: Common & { kit?: string; page?: string; save?: boolean }): Promise<number> {
  const { importPage } = await import('../build/import-page.js');
  const { lang, st } = setup(opts);
  const r = await importPage(file, { kit: opts.kit, lang: opts.lang, page: opts.page, save: opts.save });
  if (opts.json) {
    print(JSON.stringify({ entries: r.entries, diagnostics: r.diagnostics, saved: r.saved ?? null }, null, 2));
    return r.entries.length ? 0 : 1;
  }
  const zh = lang === 'zh';
  print(
    zh
      ? `${file}：${r.format} 格式，${r.pageLang === 'zh' ? '中文' : '英文'}，Kit ${r.kit.id}，页面 ${r.page}，提取 ${r.entries.length} 条`
      : `${file}: ${r.format}, ${r.pageLang}, kit ${r.kit.id}, page ${r.page}: ${r.entries.length} entries`,
  );
  for (const e of r.entries) {
    const t = pick(e.title, lang);
    const fields = ['description', 'causes', 'solutions'].filter((f) => (e as unknown as Record<string, unknown>)[f]).map((f) => label(f, lang));
    print(`  ${st.bold(String(e.code))}  ${t?.value ?? ''}  ${st.dim(`${e.messages.length} ${zh ? '条信息' : 'message(s)'}; ${fields.join(', ')}`)}`);
  }
  for (const d of r.diagnostics) process.stderr.write(`${d.file}${d.line ? ':' + d.line : ''}${d.section ? ` [${d.section}]` : ''}: ${d.severity}: ${d.message}\n`);
  if (r.saved) print(zh ? `已保存到 ${r.saved.path}（新增 ${r.saved.added}，替换 ${r.saved.replaced}）` : `saved to ${r.saved.path} (${r.saved.added} added, ${r.saved.replaced} replaced)`);
  else if (r.entries.length) print(st.dim(zh ? '加 --save 可将这些条目加入本地查询。' : 'Add --save to include these entries in your lookups.'));
  return r.entries.length ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('ohos-errors');
  program
    .description('HarmonyOS / OpenHarmony ArkTS API error codes, in Chinese and English.')
    .argument('[code]', 'error code to explain')
    .option('--kit <kit>', 'only entries of this kit (id or name)')
    .addOption(langOption())
    .option('--json', 'print entries as JSON')
    .option('--no-color', 'no colour (also: NO_COLOR)')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s.replace(/^error: /, 'ohos-errors: ')) })
    .action((c: string | undefined, opts: Common & { kit?: string }) => {
      code = codeCommand(c, opts, program);
    });
  program
    .command('kits')
    .description('list kits with their entry counts')
    .addOption(langOption())
    .option('--json', 'print JSON')
    .option('--no-color', 'no colour')
    .action((opts: Common) => {
      code = kitsCommand(opts);
    });
  program
    .command('stats')
    .description('what the registry covers: kits, pages, entries, languages, gaps, conflicts, diagnostics')
    .addOption(langOption())
    .option('--json', 'print JSON')
    .action(async (opts: Common) => {
      code = await statsCommand(opts);
    });
  program
    .command('import')
    .description('read a saved doc page (HTML, text or Markdown) and show what it documents; --save adds it to your lookups')
    .argument('<file>', 'the saved page')
    .option('--kit <kit>', 'kit the page belongs to (id or display name)')
    .option('--page <id>', 'page id (default: from the file name)')
    .addOption(new Option('--lang <lang>', 'language of the page (default: detected)').choices(['zh', 'en']))
    .option('--save', 'add the entries to your overlay (used by later lookups)')
    .option('--json', 'print JSON')
    .option('--no-color', 'no colour')
    .action(async (file: string, opts: Common & { kit?: string; page?: string; save?: boolean }) => {
      code = await importCommand(file, opts);
    });
  for (const c of program.commands) c.exitOverride().configureOutput({ outputError: (s, write) => write(s.replace(/^error: /, 'ohos-errors: ')) });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`ohos-errors: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
  return code;
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
