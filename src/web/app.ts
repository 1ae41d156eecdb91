/**
 * The web reference: a small client-side app over the JSON API. No framework: four views
 * (search, code page, kits, paste box) built with DOM APIs. All text from the registry or the
 * user goes through textContent / safe element construction — never innerHTML.
 */
import type { Entry, Lang, Localized } from '../registry/types.js';
import { FIELD_LABELS } from '../i18n/labels.js';

const T: Record<string, Localized> = {
  ...FIELD_LABELS,
  case: FIELD_LABELS.variant,
  search: { zh: '搜索', en: 'Search' },
  kits: { zh: 'Kit 列表', en: 'Kits' },
  paste: { zh: '粘贴日志', en: 'Paste a log' },
  searchLabel: { zh: '搜索错误码、错误信息或现象', en: 'Search codes, messages or symptoms' },
  searchHint: { zh: '例如：12000011、密钥别名不存在、Invalid key size', en: 'e.g. 12000011, key alias not found, 图片没有主体' },
  noResults: { zh: '没有找到结果。', en: 'No results.' },
  copyLink: { zh: '复制链接', en: 'Copy link' },
  copied: { zh: '已复制', en: 'Copied' },
  notFound: { zh: '未找到错误码', en: 'No entry for code' },
  near: { zh: '最接近的错误码', en: 'Nearest codes' },
  pasteLabel: { zh: '粘贴日志或错误信息', en: 'Paste a log or an error message' },
  explain: { zh: '解析', en: 'Explain' },
  matches: { zh: '匹配的错误码', en: 'Matching codes' },
  found: { zh: '日志中的错误', en: 'Errors in the log' },
  none: { zh: '没有找到错误。', en: 'No errors found.' },
  lines: { zh: '行', en: 'lines' },
  count: { zh: '次数', en: 'Count' },
  loading: { zh: '加载中…', en: 'Loading…' },
  entries: { zh: '条', en: 'entries' },
  crashes: { zh: '崩溃', en: 'Crashes' },
  similar: { zh: '相似（非精确匹配）', en: 'similar, not an exact match' },
};

let lang: Lang = ((): Lang => {
  const saved = localStorage.getItem('ohos-errors.lang');
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
})();

const tr = (k: string) => T[k][lang] ?? T[k].en ?? k;
function pick<V>(v: Localized<V> | undefined): { value: V; other?: boolean } | undefined {
  if (!v) return undefined;
  if (v[lang] !== undefined) return { value: v[lang]! };
  const o: Lang = lang === 'zh' ? 'en' : 'zh';
  return v[o] !== undefined ? { value: v[o]!, other: true } : undefined;
}

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function fallbackMark(other?: boolean): Child {
  return other ? h('span', { class: 'fallback', title: lang === 'zh' ? '仅有英文' : 'Chinese only' }, lang === 'zh' ? 'EN' : '中文') : null;
}

/** Inline Markdown subset → nodes: `code`, **bold**, [text](http…) links; everything else is text. */
function inline(text: string): Node[] {
  const out: Node[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|!?\[([^[\]]*)\]\(([^()\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) out.push(h('code', {}, m[1]));
    else if (m[2] !== undefined) out.push(h('strong', {}, m[2]));
    else if (/^https?:\/\//i.test(m[4])) out.push(h('a', { href: m[4], rel: 'noopener noreferrer', target: '_blank' }, m[0].startsWith('!') ? `[${tr('image')}${m[3] ? ': ' + m[3] : ''}]` : m[3]));
    else out.push(document.createTextNode(m[3]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/** Block Markdown subset: fenced code, list lines, paragraphs. */
function md(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const fence = /^\s*(```|~~~~)(\S*)/.exec(l);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) body.push(lines[i]);
      frag.append(h('pre', {}, h('code', {}, body.join('\n'))));
      continue;
    }
    if (!l.trim()) continue;
    frag.append(h('div', {}, ...inline(l)));
  }
  return frag;
}

async function api<T>(path: string, init?: RequestInit): Promise<{ status: number; data: T }> {
  const r = await fetch(path, init);
  return { status: r.status, data: (await r.json()) as T };
}

const main = () => document.getElementById('main')!;
function setView(title: string, ...children: Child[]) {
  document.title = `${title} · ohos-errors`;
  main().replaceChildren(...(children.filter(Boolean) as Node[]));
}

function entryLink(code: number, kit: string, ...children: Child[]) {
  return h('a', { href: `/codes/${code}?kit=${encodeURIComponent(kit)}`, 'data-link': '' }, ...children);
}

// ----- views -----

let searchSeq = 0;
function viewSearch(params: URLSearchParams) {
  const input = h('input', { type: 'search', id: 'q', name: 'q', autocomplete: 'off', 'aria-describedby': 'q-hint', 'aria-controls': 'results', value: params.get('q') ?? '' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'results', id: 'results', 'aria-label': tr('search') });
  let timer: number | undefined;
  const run = async () => {
    const q = input.value.trim();
    history.replaceState(null, '', q ? `/?q=${encodeURIComponent(q)}` : '/');
    const seq = ++searchSeq;
    if (!q) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const { data: d } = await api<{ results: { code: number; kit: { id: string; name: Localized }; title?: string; field: string; messages: string[] }[]; partial: boolean; didYouMean?: string }>(
      `/api/search?q=${encodeURIComponent(q)}&limit=20&detailed=1`,
    );
    if (seq !== searchSeq) return; // a newer query is on its way
    const data = d.results;
    const count = data.length ? tr(data.length === 1 ? 'oneResult' : 'nResults').replace('{n}', String(data.length)) : tr('noResults');
    // A misspelled word: offer the corrected query as a link; results matching only some words say so.
    const suggest = d.didYouMean
      ? [' ', tr('didYouMean'), h('a', { href: `/?q=${encodeURIComponent(d.didYouMean)}`, class: 'did-you-mean', 'data-link': '' }, d.didYouMean)]
      : [];
    status.replaceChildren(count, ...(d.partial ? [' ', tr('partial')] : []), ...suggest);
    list.replaceChildren(
      ...data.map((r) =>
        h(
          'li',
          {},
          entryLink(r.code, r.kit.id, h('span', { class: 'code' }, String(r.code)), h('span', {}, r.title ?? r.messages[0] ?? ''), h('span', { class: 'kit' }, pick(r.kit.name)?.value ?? r.kit.id)),
        ),
      ),
    );
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(run, 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      (list.querySelector('a') as HTMLElement | null)?.focus();
      e.preventDefault();
    }
  });
  list.addEventListener('keydown', (e) => {
    const links = [...list.querySelectorAll('a')];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'ArrowDown' && i < links.length - 1) links[i + 1].focus();
    else if (e.key === 'ArrowUp') (i > 0 ? links[i - 1] : input).focus();
    else return;
    e.preventDefault();
  });
  setView(tr('search'), h('label', { for: 'q' }, tr('searchLabel')), input, h('p', { class: 'hint', id: 'q-hint' }, tr('searchHint')), status, list);
  input.focus();
  if (input.value) void run();
}

function listBlock(items: string[], ordered: boolean): HTMLElement {
  const el = ordered ? h('ol') : h('ul');
  for (const it of items) el.append(h('li', {}, md(it)));
  return el;
}

function field(label: string, v: Localized | Localized<string[]> | undefined, ordered = false): Child[] {
  const p = pick<string | string[]>(v as Localized<string | string[]>);
  if (!p) return [];
  return [h('h3', {}, label, fallbackMark(p.other)), Array.isArray(p.value) ? listBlock(p.value, ordered) : h('div', {}, md(p.value))];
}

function renderEntry(e: Entry): HTMLElement {
  const t = pick(e.title);
  const copy = h('button', { type: 'button', class: 'copy' }, tr('copyLink'));
  copy.addEventListener('click', async () => {
    const url = `${location.origin}/codes/${e.code}?kit=${encodeURIComponent(e.kit.id)}`;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      /* clipboard unavailable (insecure context): the URL is still in the address bar */
    }
    copy.textContent = tr('copied');
    setTimeout(() => (copy.textContent = tr('copyLink')), 1500);
  });
  return h(
    'article',
    { class: 'entry', 'data-kit': e.kit.id, 'aria-labelledby': `e-${e.kit.id}-${e.code}${e.occurrence ? `-${e.occurrence}` : ''}` },
    h(
      'h2',
      { id: `e-${e.kit.id}-${e.code}${e.occurrence ? `-${e.occurrence}` : ''}` },
      h('span', { class: 'code' }, String(e.code)),
      ' ',
      t?.value ?? '',
      fallbackMark(t?.other),
      e.titleDerived ? h('small', { class: 'derived' }, ' ', tr('derived')) : null,
      e.occurrence ? h('small', { class: 'derived' }, ' ', tr('occurrence').replace('{n}', String(e.occurrence))) : null,
    ),
    h(
      'p',
      { class: 'meta' },
      h('a', { href: `/kits/${e.kit.id}`, 'data-link': '' }, pick(e.kit.name)?.value ?? e.kit.id),
      ` · ${tr('page')}: ${pick(e.page.title)?.value ?? e.page.id}`,
      e.name ? h('span', {}, ' · ', h('code', {}, e.name)) : null,
      e.systemApi ? ` · ${tr('system')}` : '',
      e.kind ? ` · ${e.kind}` : '',
    ),
    h('div', { class: 'toolbar' }, copy),
    e.messages.length ? h('h3', {}, tr('message')) : null,
    ...e.messages.map((m) => h('code', { class: 'msg' }, m)),
    ...field(tr('description'), e.description),
    ...field(tr('causes'), e.causes),
    ...field(tr('solutions'), e.solutions, true),
    ...(e.variants ?? []).flatMap((v, i) => [
      h('h3', {}, `${tr('case')} ${i + 1}: ${pick(v.title)?.value ?? ''}`),
      ...(v.messages ?? []).map((m) => h('code', { class: 'msg' }, m)),
      ...field(tr('description'), v.description),
      ...field(tr('causes'), v.causes),
      ...field(tr('solutions'), v.solutions, true),
    ]),
    ...field(tr('notes'), e.notes),
    e.devices?.length ? h('p', {}, h('strong', {}, `${tr('devices')}: `), e.devices.join(', ')) : null,
    e.apis?.length ? h('p', {}, h('strong', {}, `${tr('apis')}: `), e.apis.join(', ')) : null,
    e.sdkOnly ? h('p', { class: 'meta' }, '⚠ ', tr('sdkOnly')) : null,
    e.thrownBy ? thrownBy(e) : null,
    h('p', { class: 'meta' }, `${tr('sources')}: ${[...new Set(e.sources.map((s) => s.file))].join(', ')}`),
  );
}

/** "Thrown by": the first APIs from the entry, and a button that loads every one. */
function thrownBy(e: Entry): HTMLElement {
  const list = h('ul', { class: 'apis' }, ...e.thrownBy!.apis.map((n) => h('li', {}, apiLink(n))));
  const box = h('section', { class: 'thrown-by' }, h('h3', {}, `${tr('thrownBy')} (${e.thrownBy!.count})`), list);
  if (e.thrownBy!.count > e.thrownBy!.apis.length) {
    const more = h('button', { type: 'button' }, `${tr('showAll')} (${e.thrownBy!.count})`);
    more.addEventListener('click', async () => {
      const { data } = await api<{ kit: string; page: string; occurrence?: number; apis: { name: string; module: string }[] }[]>(`/api/codes/${e.code}/apis?kit=${encodeURIComponent(e.kit.id)}`);
      const mine = data.find((x) => x.page === e.page.id && (x.occurrence ?? 0) === (e.occurrence ?? 0));
      if (mine) list.replaceChildren(...mine.apis.map((a) => h('li', {}, apiLink(a.name), h('span', { class: 'kit' }, ` ${a.module}`))));
      more.remove();
    });
    box.append(more);
  }
  return box;
}

function apiLink(name: string): HTMLElement {
  return h('a', { href: `/apis/${encodeURIComponent(name)}`, 'data-link': '' }, h('code', {}, name));
}

async function viewApi(name: string) {
  setView(name, h('p', { class: 'status' }, tr('loading')));
  const { status, data } = await api<{ apis: ApiInfoView[]; near?: string[] }>(`/api/apis?q=${encodeURIComponent(name)}`);
  if (status !== 200) {
    setView(name, h('h1', {}, `${tr('notFound')} ${name}`), ...(data.near?.length ? [h('h2', {}, tr('near')), h('ul', { class: 'results' }, ...data.near.map((n) => h('li', {}, apiLink(n))))] : []));
    return;
  }
  setView(
    name,
    ...data.apis.map((a) =>
      h(
        'article',
        { class: 'entry' },
        h('h2', {}, h('code', {}, a.name)),
        h('p', { class: 'meta' }, `${a.module}${a.kit ? ` · ${a.kit}` : ''}${a.since ? ` · since ${a.since}` : ''}${a.deprecated ? ` · deprecated ${a.deprecated}` : ''}${a.systemApi ? ` · ${tr('system')}` : ''}${a.permissions ? ` · ${a.permissions}` : ''}`),
        h('ul', { class: 'results' }, ...a.throws.map((t) => h('li', {}, entryLink(t.code, t.kits[0] ?? '', h('span', { class: 'code' }, String(t.code)), h('span', {}, (t.title ? pick(t.title)?.value : undefined) ?? t.message), h('span', { class: 'kit' }, t.message))))),
      ),
    ),
  );
}

interface ApiInfoView {
  name: string;
  module: string;
  kit?: string;
  since?: string;
  deprecated?: string;
  systemApi?: boolean;
  permissions?: string;
  throws: { code: number; message: string; title?: Localized; kits: string[] }[];
}

async function viewCode(code: string, params: URLSearchParams) {
  setView(code, h('p', { class: 'status' }, tr('loading')));
  const kit = params.get('kit');
  const { status, data } = await api<Entry[] | { error: string; near: { code: number; entries: { kit: { id: string; name: Localized }; title: Localized }[] }[] }>(`/api/codes/${encodeURIComponent(code)}${kit ? `?kit=${encodeURIComponent(kit)}` : ''}`);
  if (status !== 200 || !Array.isArray(data)) {
    const near = Array.isArray(data) ? [] : data.near ?? [];
    setView(
      code,
      h('h1', {}, `${tr('notFound')} ${code}`),
      near.length ? h('h2', {}, tr('near')) : null,
      h('ul', { class: 'results' }, ...near.flatMap((n) => n.entries.map((e) => h('li', {}, entryLink(n.code, e.kit.id, h('span', { class: 'code' }, String(n.code)), h('span', {}, pick(e.title)?.value ?? ''), h('span', { class: 'kit' }, pick(e.kit.name)?.value ?? e.kit.id)))))),
    );
    return;
  }
  setView(`${code} ${pick(data[0].title)?.value ?? ''}`, ...data.map(renderEntry));
}

async function viewKits() {
  const { data } = await api<{ id: string; name: Localized; entries: number; pages: number }[]>('/api/kits');
  setView(
    tr('kits'),
    h('h1', {}, tr('kits')),
    h('ul', { class: 'results' }, ...data.map((k) => h('li', {}, h('a', { href: `/kits/${k.id}`, 'data-link': '' }, h('span', { class: 'code' }, pick(k.name)?.value ?? k.id), h('span', {}, `${k.entries} ${tr('entries')}`), h('span', { class: 'kit' }, k.id))))),
  );
}

async function viewKit(id: string) {
  const { status, data } = await api<{ id: string; name: Localized; codes: { code: number; kit: { id: string }; page: { id: string; title: Localized }; title: Localized }[] }>(`/api/kits/${encodeURIComponent(id)}`);
  if (status !== 200) return setView(id, h('h1', {}, `${tr('kits')}: ${id}`), h('p', {}, tr('noResults')));
  setView(
    pick(data.name)?.value ?? id,
    h('h1', {}, pick(data.name)?.value ?? id),
    h('ul', { class: 'results' }, ...data.codes.map((c) => h('li', {}, entryLink(c.code, data.id, h('span', { class: 'code' }, String(c.code)), h('span', {}, pick(c.title)?.value ?? ''), h('span', { class: 'kit' }, pick(c.page.title)?.value ?? c.page.id))))),
  );
}

function viewPaste() {
  const area = h('textarea', { id: 'paste', name: 'paste', spellcheck: 'false' });
  const button = h('button', { type: 'submit' }, tr('explain'));
  const out = h('section', { 'aria-live': 'polite', id: 'paste-result' });
  const form = h('form', {}, h('label', { for: 'paste' }, tr('pasteLabel')), area, h('div', { class: 'toolbar' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = area.value;
    if (!text.trim()) return;
    const lines = text.split('\n').filter((l) => l.trim());
    if (lines.length > 1 || /\b(code|errCode)\b|错误码/.test(text)) {
      const { data } = await api<{ rows: { code: number | null; kit: { id: string; name: Localized } | null; title?: Localized; count: number; firstLine: number; lastLine: number; unknown?: boolean; solution?: Localized }[]; crashes: { line: number; crash?: { name?: string; message?: string; topFrame?: string }; code: number | null }[] }>('/api/scan', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });
      out.replaceChildren(
        h('h2', {}, tr('found')),
        data.rows.length
          ? h(
              'table',
              {},
              h('thead', {}, h('tr', {}, h('th', {}, 'Code'), h('th', {}, 'Kit'), h('th', {}, tr('description')), h('th', {}, tr('count')), h('th', {}, tr('lines')))),
              h(
                'tbody',
                {},
                ...data.rows.map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, r.code !== null && r.kit ? entryLink(r.code, r.kit.id, String(r.code)) : String(r.code)),
                    h('td', {}, r.kit ? pick(r.kit.name)?.value ?? r.kit.id : '-'),
                    h('td', {}, pick(r.title)?.value ?? (r.unknown ? '?' : ''), r.solution ? h('div', { class: 'hint' }, '→ ', ...inline((pick(r.solution)?.value ?? '').split('\n')[0])) : null),
                    h('td', {}, String(r.count)),
                    h('td', {}, r.firstLine === r.lastLine ? String(r.firstLine) : `${r.firstLine}-${r.lastLine}`),
                  ),
                ),
              ),
            )
          : h('p', {}, tr('none')),
        ...(data.crashes.length ? [h('h3', {}, tr('crashes'))] : []),
        ...data.crashes.map((c) => h('p', {}, `${tr('lines')} ${c.line}: `, h('code', {}, `${c.crash?.name ?? 'Error'}${c.crash?.message ? `: ${c.crash.message}` : ''}`), c.crash?.topFrame ? ` at ${c.crash.topFrame}` : '')),
      );
    } else {
      const { data } = await api<{ candidates: { code: number; kit: { id: string; name: Localized }; template: string; exact: boolean; messageInfo?: string; title: Localized; nearMiss?: boolean }[] }>('/api/match', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });
      out.replaceChildren(
        h('h2', {}, tr('matches')),
        data.candidates.length
          ? h(
              'ul',
              { class: 'results' },
              ...data.candidates.map((c) => h('li', {}, entryLink(c.code, c.kit.id, h('span', { class: 'code' }, String(c.code)), h('span', {}, pick(c.title)?.value ?? '', c.exact ? '' : ` (${tr('similar')})`), h('span', { class: 'kit' }, `${pick(c.kit.name)?.value ?? c.kit.id} · ${c.template}${c.messageInfo ? ` · \${messageInfo} = ${c.messageInfo}` : ''}`)))),
            )
          : h('p', {}, tr('none')),
      );
    }
  });
  setView(tr('paste'), form, out);
  area.focus();
}

// ----- routing -----

function render() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const langButton = document.getElementById('lang')!;
  langButton.textContent = lang === 'zh' ? 'English' : '中文';
  langButton.setAttribute('aria-label', lang === 'zh' ? 'Switch to English' : '切换到中文');
  for (const [id, key] of [['nav-search', 'search'], ['nav-kits', 'kits'], ['nav-paste', 'paste']] as const) document.getElementById(id)!.textContent = tr(key);
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  const section = path.startsWith('/kits') ? 'kits' : path.startsWith('/paste') ? 'paste' : 'search';
  for (const a of document.querySelectorAll('nav a')) a.removeAttribute('aria-current');
  document.querySelector(`nav a[data-nav="${section}"]`)?.setAttribute('aria-current', 'page');
  let m: RegExpExecArray | null;
  if ((m = /^\/codes\/(-?\d+)$/.exec(path))) return void viewCode(m[1], params);
  if ((m = /^\/kits\/([a-z0-9._-]+)$/.exec(path))) return void viewKit(m[1]);
  if ((m = /^\/apis\/(.+)$/.exec(path))) return void viewApi(decodeURIComponent(m[1]));
  if (path === '/kits') return void viewKits();
  if (path === '/paste') return viewPaste();
  return viewSearch(params);
}

document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest?.('a');
  if (!a || a.target === '_blank' || e.metaKey || e.ctrlKey || e.shiftKey || a.origin !== location.origin) return;
  e.preventDefault();
  history.pushState(null, '', a.pathname + a.search);
  render();
  (document.getElementById('main') as HTMLElement).focus({ preventScroll: true });
});
window.addEventListener('popstate', render);
document.getElementById('lang')!.addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('ohos-errors.lang', lang);
  render();
});
render();
