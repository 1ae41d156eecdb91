/**
 * mdast → text. Two renderings: `plain` for messages and titles (what a runtime prints), and `md`
 * for display fields (a readable Markdown subset: inline code, links, lists, fenced code).
 *
 * Written here rather than with mdast-util-to-markdown because that serialiser escapes for
 * round-tripping (`VOIP\_CALL`, `\[`), which would put backslashes into every displayed and
 * searched text; we need readable text, not re-parseable Markdown.
 */
import type { Nodes, PhrasingContent, RootContent, ListItem, List, Table } from 'mdast';

export type LinkResolver = (url: string) => string;
const identity: LinkResolver = (u) => u;

/** A `${name}` placeholder written as inline code is the placeholder, not code. */
const PLACEHOLDER = /^\$\{\w+\}$/;

export function plain(node: Nodes | Nodes[]): string {
  const out = collapse(plainRaw(node));
  return out;
}

function plainRaw(node: Nodes | Nodes[]): string {
  if (Array.isArray(node)) return node.map(plainRaw).join('');
  switch (node.type) {
    case 'text':
      return node.value;
    case 'inlineCode':
      return node.value;
    case 'code':
      return node.value;
    case 'break':
      return ' ';
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? ' ' : '';
    case 'image':
      return node.alt ?? '';
    case 'paragraph':
    case 'heading':
      return plainRaw(node.children) + ' ';
    default:
      return 'children' in node ? plainRaw((node as { children: Nodes[] }).children) : '';
  }
}

export function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

export function inlineMd(nodes: PhrasingContent[], link: LinkResolver = identity): string {
  let s = '';
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        s += n.value.replace(/[\s\u00a0]+/g, ' ');
        break;
      case 'inlineCode':
        s += PLACEHOLDER.test(n.value.trim()) ? n.value.trim() : '`' + n.value + '`';
        break;
      case 'strong':
        s += wrap('**', inlineMd(n.children, link));
        break;
      case 'emphasis':
        s += wrap('*', inlineMd(n.children, link));
        break;
      case 'delete':
        s += wrap('~~', inlineMd(n.children, link));
        break;
      case 'link': {
        const text = inlineMd(n.children, link).trim();
        const url = n.url ? link(n.url) : '';
        s += url && text ? `[${text}](${url})` : text || url;
        break;
      }
      case 'image': {
        // An image is a reference to a picture, not words of the text around it.
        const url = n.url ? link(n.url) : '';
        s += url ? `![${(n.alt ?? '').replace(/[[\]]/g, '')}](${url})` : n.alt ?? '';
        break;
      }
      case 'break':
        s += '\n';
        break;
      case 'html':
        if (/^<br\s*\/?>$/i.test(n.value.trim())) s += '\n';
        else if (!n.value.trim().startsWith('<!--')) s += n.value.replace(/<[^<>]*>/g, '');
        break;
      default:
        if ('children' in n) s += inlineMd((n as { children: PhrasingContent[] }).children, link);
    }
  }
  return s;
}

function wrap(mark: string, inner: string): string {
  const t = inner.trim();
  return t ? `${mark}${t}${mark}` : '';
}

/** Render blocks as Markdown text (items of a list each on their own line, code fenced). */
export function blockMd(node: RootContent | ListItem, link: LinkResolver = identity): string {
  switch (node.type) {
    case 'paragraph':
      return tidy(inlineMd(node.children, link));
    case 'heading':
      return `**${tidy(inlineMd(node.children, link))}**`;
    case 'code': {
      const fence = node.value.includes('```') ? '~~~~' : '```';
      return `${fence}${node.lang ?? ''}\n${node.value.trimEnd()}\n${fence}`;
    }
    case 'list':
      return listMd(node, link);
    case 'listItem':
      return itemMd(node, link);
    case 'blockquote':
      return node.children
        .map((c) => blockMd(c, link))
        .filter(Boolean)
        .join('\n\n')
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    case 'table':
      return tableMd(node, link);
    case 'html': {
      const v = node.value.trim();
      if (v.startsWith('<!--')) return '';
      return tidy(v.replace(/<br\s*\/?>/gi, '\n').replace(/<[^<>]*>/g, ''));
    }
    case 'thematicBreak':
      return '';
    default:
      return 'children' in node ? tidy(plain(node as Nodes)) : '';
  }
}

export function blocksMd(nodes: (RootContent | ListItem)[], link: LinkResolver = identity): string {
  return nodes
    .map((n) => blockMd(n, link))
    .filter((s) => s.trim() !== '')
    .join('\n\n');
}

/** The Markdown of one list item's content (without its own bullet). */
export function itemMd(item: ListItem, link: LinkResolver = identity): string {
  const parts = item.children.map((c) => blockMd(c, link)).filter((s) => s.trim() !== '');
  // A loose item's paragraphs are separate lines; nested lists follow on their own lines.
  return parts.join('\n');
}

function listMd(list: List, link: LinkResolver): string {
  const start = list.start ?? 1;
  return list.children
    .map((item, i) => {
      const bullet = list.ordered ? `${start + i}. ` : '- ';
      const body = itemMd(item, link);
      const pad = ' '.repeat(bullet.length);
      return bullet + body.split('\n').join('\n' + pad);
    })
    .join('\n');
}

export function tableCells(table: Table, link: LinkResolver = identity): string[][] {
  return table.children.map((row) => row.children.map((cell) => tidy(inlineMd(cell.children, link))));
}

function tableMd(table: Table, link: LinkResolver): string {
  const rows = tableCells(table, link).map((r) => r.map((c) => c.replace(/\n/g, '<br>')));
  if (!rows.length) return '';
  const head = `| ${rows[0].join(' | ')} |`;
  const sep = `| ${rows[0].map(() => '---').join(' | ')} |`;
  return [head, sep, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Trim each line and drop blank runs, keeping intentional line breaks. */
export function tidy(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0\u3000]+/g, ' ').trim())
    .filter((l, i, a) => l !== '' || (i > 0 && a[i - 1] !== ''))
    .join('\n')
    .trim();
}
