/** Human-readable terminal output for entries, in one language with a marked fallback. */
import type { ApiInfo, Entry, Lang, Localized, Variant } from '../registry/types.js';
import { FIELD_LABELS } from '../i18n/labels.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  code(s: string): string;
  accent(s: string): string;
}

export function makeStyle(color: boolean): Style {
  const w = (open: number, close: number) => (s: string) => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: w(1, 22), dim: w(2, 22), code: w(36, 39), accent: w(33, 39) };
}

/** Colour only on a terminal, never with NO_COLOR (any value) or TERM=dumb. */
export function wantColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== undefined) return false;
  if (env.TERM === 'dumb') return false;
  return !!stream.isTTY;
}

/** Language from the locale: LC_ALL > LC_MESSAGES > LANG > LANGUAGE, else the ICU default. */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const v = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE;
  if (v && v !== 'C' && v !== 'POSIX') return /^zh/i.test(v) ? 'zh' : 'en';
  try {
    return /^zh/i.test(Intl.DateTimeFormat().resolvedOptions().locale) ? 'zh' : 'en';
  } catch {
    return 'en';
  }
}

const LABELS: Record<string, Localized> = FIELD_LABELS;

export function label(key: string, lang: Lang): string {
  return LABELS[key][lang]!;
}

const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');
const marker = (lang: Lang) => (lang === 'zh' ? '[中文]' : '[en]');

/** The value in `lang`, else the other language with a visible marker. */
export function pick<T>(v: Localized<T> | undefined, lang: Lang): { value: T; fallback?: Lang } | undefined {
  if (!v) return undefined;
  if (v[lang] !== undefined) return { value: v[lang]! };
  const o = other(lang);
  if (v[o] !== undefined) return { value: v[o]!, fallback: o };
  return undefined;
}

/** Markdown subset → terminal text: links show their text, bold is bold, fences are indented. */
export function mdToTerminal(md: string, st: Style): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of md.split('\n')) {
    if (/^(```|~~~~)/.test(line.trim())) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push('    ' + st.code(line));
      continue;
    }
    out.push(
      line
        .replace(/\[([^[\]]+)\]\(([^()\s]+)\)/g, (_m, t: string) => st.accent(t))
        .replace(/\*\*([^*]+)\*\*/g, (_m, t: string) => st.bold(t))
        .replace(/`([^`]+)`/g, (_m, t: string) => st.code(t)),
    );
  }
  return out.join('\n');
}

function indent(s: string, pad: string): string {
  return s
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

function listBlock(items: string[], ordered: boolean, st: Style, pad: string): string {
  return items
    .map((it, i) => {
      const bullet = ordered && items.length > 1 ? `${i + 1}. ` : items.length > 1 ? '• ' : '';
      const body = mdToTerminal(it, st);
      const [first, ...rest] = body.split('\n');
      return pad + bullet + first + (rest.length ? '\n' + indent(rest.join('\n'), pad + ' '.repeat(bullet.length)) : '');
    })
    .join('\n');
}

function fieldLines(
  out: string[],
  key: string,
  v: Localized | Localized<string[]> | undefined,
  lang: Lang,
  st: Style,
  pad: string,
  ordered = false,
) {
  const p = pick<string | string[]>(v as Localized<string | string[]>, lang);
  if (!p) return;
  const head = `${pad}${st.bold(label(key, lang))}${p.fallback ? ' ' + st.dim(marker(p.fallback)) : ''}`;
  if (Array.isArray(p.value)) {
    out.push(head, listBlock(p.value, ordered, st, pad + '  '));
  } else {
    out.push(head, indent(mdToTerminal(p.value, st), pad + '  '));
  }
}

export function titleOf(e: Entry | Variant, lang: Lang): { value: string; fallback?: Lang } | undefined {
  return pick(e.title, lang);
}

export function renderEntry(e: Entry, lang: Lang, st: Style, allApis?: ApiInfo[]): string {
  const out: string[] = [];
  const t = titleOf(e, lang);
  const kitName = pick(e.kit.name, lang);
  out.push(
    `${st.bold(st.accent(String(e.code)))}  ${st.bold(t?.value ?? label('untitled', lang))}${t?.fallback ? ' ' + st.dim(marker(t.fallback)) : ''}` +
      (e.titleDerived ? ' ' + st.dim(label('derived', lang)) : '') +
      (e.occurrence ? ' ' + st.dim(`(${label('occurrence', lang).replace('{n}', String(e.occurrence))})`) : '') +
      (e.systemApi ? ' ' + st.dim(`(${label('system', lang)})`) : '') +
      (e.kind ? ' ' + st.dim(`(${e.kind})`) : ''),
  );
  const kitLine = [kitName?.value, kitName?.value !== e.kit.name[other(lang)] ? e.kit.name[other(lang)] : undefined].filter(Boolean).join(' / ');
  const pageTitle = pick(e.page.title, lang)?.value;
  out.push(`  ${st.dim(label('kit', lang) + ':')} ${kitLine} ${st.dim(`[${e.kit.id}]`)}   ${st.dim(label('page', lang) + ':')} ${pageTitle ?? e.page.id}`);
  if (e.sdkOnly) out.push(`  ${st.dim('⚠ ' + label('sdkOnly', lang))}`);
  if (e.name) out.push(`  ${st.dim(label('name', lang) + ':')} ${st.code(e.name)}${e.nameFrom ? st.dim(` (${label('nameFrom', lang)} ${e.nameFrom})`) : ''}`);
  if (e.messages.length) {
    out.push(`  ${st.bold(label('message', lang))}`);
    for (const m of e.messages) out.push(indent(m.includes('\n') ? m : `"${m}"`, '    '));
  }
  fieldLines(out, 'description', e.description, lang, st, '  ');
  fieldLines(out, 'causes', e.causes, lang, st, '  ');
  fieldLines(out, 'solutions', e.solutions, lang, st, '  ', true);
  for (const [i, v] of (e.variants ?? []).entries()) {
    const vt = pick(v.title, lang);
    out.push(`  ${st.bold(`${label('variant', lang)} ${i + 1}: ${vt?.value ?? ''}`)}${vt?.fallback ? ' ' + st.dim(marker(vt.fallback)) : ''}`);
    if (v.messages?.length) out.push(`    ${st.dim(label('message', lang) + ':')} ${v.messages.map((m) => `"${m}"`).join(' / ')}`);
    fieldLines(out, 'description', v.description, lang, st, '    ');
    fieldLines(out, 'causes', v.causes, lang, st, '    ');
    fieldLines(out, 'solutions', v.solutions, lang, st, '    ', true);
  }
  fieldLines(out, 'notes', e.notes, lang, st, '  ');
  if (e.devices?.length) out.push(`  ${st.dim(label('devices', lang) + ':')} ${e.devices.join(', ')}`);
  if (e.apis?.length) out.push(`  ${st.dim(label('apis', lang) + ':')} ${e.apis.join(', ')}`);
  if (allApis?.length) {
    out.push(`  ${st.dim(label('thrownBy', lang) + ` (${allApis.length}):`)}`);
    for (const a of allApis) out.push(`    ${a.name}  ${st.dim(`${a.module}${a.since ? ' · since ' + a.since : ''}`)}`);
  } else if (e.thrownBy) {
    const more = e.thrownBy.count - e.thrownBy.apis.length;
    const tail = more > 0 ? (lang === 'zh' ? `，…… 共 ${e.thrownBy.count} 个接口（--all 列出全部）` : `, … ${e.thrownBy.count} APIs in all (--all lists every one)`) : '';
    out.push(`  ${st.dim(label('thrownBy', lang) + ':')} ${e.thrownBy.apis.join(', ')}${st.dim(tail)}`);
  }
  out.push(`  ${st.dim(label('sources', lang) + ': ' + e.sources.map((s) => `${s.file}${s.line ? ':' + s.line : ''}`).filter((v, i, a) => a.indexOf(v) === i).join(', '))}`);
  return out.join('\n');
}
