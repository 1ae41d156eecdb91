/**
 * SDK declarations (`interface_sdk-js`: `api/@ohos.*.d.ts`, `.d.ets`, `kits/@kit.*.d.ts`, and the
 * HarmonyOS `@hms.*.d.ts` shipped with DevEco Studio): every declared API with its JSDoc tags and
 * the codes it documents in `@throws { BusinessError } <code> - <message>` lines.
 *
 * Parsed with `ohos-typescript`, the TypeScript fork DevEco's build uses: it also reads the ArkTS
 * syntax of `.d.ets` files (`struct`, UI decorators) that stock TypeScript rejects (measured on the
 * shared SDK: 21 of 1,552 files with parse errors against 235 for TypeScript 5.9). A file with
 * parse errors is still read: TypeScript recovers and keeps every declaration it can, and each
 * `@throws` comment that no declaration owns is reported with its line.
 *
 * Pure: text in, records + diagnostics out. Walks the tree with an explicit stack (no recursion),
 * with a nesting bound.
 */
import ts from 'ohos-typescript';
import type { Diagnostic } from './types.js';
import { trimStartWhile } from '../util/text.js';

export interface SdkThrow {
  code: number;
  /** The message as written, on one line (`<br>` and line breaks become spaces). */
  message: string;
  /** What followed the message that is not part of it: `[since 20]`, `(deprecated)` … */
  note?: string;
  line: number;
}

export type SdkDeclKind = 'function' | 'method' | 'constructor' | 'accessor' | 'property';

/** One declaration (one overload) of an API. */
export interface SdkDecl {
  /** As a developer writes it: `relationalStore.RdbStore.insert`. */
  name: string;
  kind: SdkDeclKind;
  line: number;
  /** The earliest `@since` (its version as written: `9`, `5.0.0(12)`); `sinceStatic` for ArkTS static. */
  since?: string;
  sinceStatic?: string;
  deprecated?: string;
  syscap?: string;
  permissions?: string;
  systemApi?: true;
  atomicService?: true;
  crossPlatform?: true;
  stageModelOnly?: true;
  faModelOnly?: true;
  throws: SdkThrow[];
}

export interface SdkEnum {
  name: string;
  line: number;
  members: { name: string; value: number }[];
}

export interface SdkFileResult {
  /** `@ohos.data.relationalStore` (a `.static` twin names the same module). */
  module: string;
  /** `@kit` tag of the file (`ArkData`), when it has one. */
  kit?: string;
  decls: SdkDecl[];
  enums: SdkEnum[];
  /** For `kits/@kit.X.d.ts`: the modules it re-exports. */
  reexports: string[];
  /** Number of `@throws` tags seen, owned or not. */
  throwsSeen: number;
  diagnostics: Diagnostic[];
}

const MAX_DEPTH = 64;
const NOTE_TAIL = 120;

export function moduleOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.d\.e?ts$/i, '').replace(/\.e?ts$/i, '').replace(/\.static$/i, '');
}

/** `9`, `9 dynamic`, `23 static`, `5.0.0(12)`, `26.0.0 dynamic&static` → version and whether static only. */
export function parseSince(raw: string): { version: string; api: number; staticOnly: boolean } | undefined {
  const m = /^\s*(\d+(?:\.\d+)*(?:\s*\(\d+\))?)\s*([a-z&]*)/i.exec(raw);
  if (!m) return undefined;
  const version = m[1].replace(/\s+/g, '');
  const paren = /\((\d+)\)/.exec(version);
  const api = Number(paren ? paren[1] : version.split('.')[0]);
  const mode = m[2].toLowerCase();
  return { version, api, staticOnly: mode === 'static' || mode === 'staticonly' };
}

/** `{ Type }` then a code: the type and the code, and where the rest begins. */
const TYPE = /^\{([^{}]*)\}/;
const CODE = /^(-?\d+)(?!\d)/;
/**
 * Trailing notes that are not the message: `[since 20]`, `(since 20)`, `[deprecated]`.
 * recheck: bounded — applied to the last NOTE_TAIL characters of a message only.
 */
const NOTE = /\s*(?:\[\s*((?:since|deprecated|from|until|api)\b[^\]]*)\]|[(（]\s*((?:since|deprecated|from|until|api)\b[^)）]*(?:\(\d+\))?)[)）]|【\s*((?:since|deprecated|from|until|api)\b[^】]*)】)\s*$/i;

/** Parse the text after `@throws`; undefined when it names no code. */
export function parseThrows(text: string): { type?: string; code: number; message: string; note?: string } | undefined {
  let t = text.replace(/<br\s*\/?>/gi, ' ').replace(/\s+/g, ' ').trim();
  let type: string | undefined;
  const tm = TYPE.exec(t);
  if (tm) {
    type = tm[1].trim();
    t = t.slice(tm[0].length).trimStart();
  }
  const cm = CODE.exec(t);
  if (!cm || cm[1].replace('-', '').length > 15) return undefined;
  const code = cm[1];
  // The separator between code and message: blanks and dashes or colons.
  let message = trimStartWhile(t.slice(cm[0].length), (c) => c === ' ' || '-–—:：'.includes(c)).trim();
  let note: string | undefined;
  const notes: string[] = [];
  // A leading note: "(Deprecated in 12) The specified tokenID does not exist …".
  const lead = /^[([（【]\s*((?:deprecated|since|from|until)\b[^)\]）】]{0,40})[)\]）】]\s*/i.exec(message);
  if (lead) {
    notes.push(lead[1].trim());
    message = message.slice(lead[0].length);
  }
  for (let k = 0; k < 4; k++) {
    const head = message.slice(0, Math.max(0, message.length - NOTE_TAIL));
    const nm = NOTE.exec(message.slice(head.length));
    if (!nm) break;
    notes.splice(lead ? 1 : 0, 0, (nm[1] ?? nm[2] ?? nm[3]).trim());
    message = (head + message.slice(head.length, head.length + nm.index)).trim();
  }
  if (notes.length) note = notes.join('; ');
  return { ...(type ? { type } : {}), code: Number(code), message, ...(note ? { note } : {}) };
}

type Named = ts.Node & { name?: ts.Node };

function nameText(n: ts.Node | undefined, sf: ts.SourceFile): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) return n.text;
  if (ts.isStringLiteral(n) || ts.isNumericLiteral(n)) return n.text;
  if (ts.isComputedPropertyName(n)) return `[${n.expression.getText(sf)}]`;
  return n.getText(sf);
}

/** The JSDoc block closest to a node (TypeScript keeps them on `node.jsDoc`). */
function jsDocOf(node: ts.Node): ts.JSDoc | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  return docs?.length ? docs[docs.length - 1] : undefined;
}

/** A tag's own text, as written, without the comment's `*` gutters. */
function tagText(tag: ts.JSDocTag, text: string): string {
  return text
    .slice(tag.tagName.end, tag.end)
    .split('\n')
    .map((l) => l.replace(/^\s*\*(?!\/)\s?/, ''))
    .join('\n')
    .replace(/\*\/\s*$/, '')
    .trim();
}

export function readSdk(text: string, opts: { file: string }): SdkFileResult {
  const file = opts.file;
  const diagnostics: Diagnostic[] = [];
  const isEts = /\.e?ets$/i.test(file) && /\.d\.ets$|\.ets$/i.test(file);
  const scriptKind = isEts ? ((ts.ScriptKind as unknown as Record<string, number>).ETS ?? ts.ScriptKind.TS) : ts.ScriptKind.TS;
  // No parent pointers: nothing below walks upwards, and setting them costs 40% of the parse.
  const sf = ts.createSourceFile(file, text.replace(/^\uFEFF/, ''), ts.ScriptTarget.Latest, false, scriptKind as ts.ScriptKind);
  const src = sf.text;
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const parseErrors = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (parseErrors.length) {
    const d = parseErrors[0];
    diagnostics.push({
      file,
      line: d.start !== undefined ? lineOf(d.start) : undefined,
      kind: 'sdk-parse',
      message: `${parseErrors.length} syntax error(s), first: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}; declarations around them may be missing`,
      severity: 'notice',
    });
  }

  const result: SdkFileResult = { module: moduleOf(file), decls: [], enums: [], reexports: [], throwsSeen: 0, diagnostics };
  // `@kit X` in the file's header comment.
  const kitTag = /@kit\s+([A-Za-z][\w.]*)/.exec(src.slice(0, 20_000));
  if (kitTag) result.kit = kitTag[1].replace(/^@?kit\./, '');

  const ownedAt = new Set<number>();
  const readDoc = (node: ts.Node, name: string, kind: SdkDeclKind) => {
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
    if (!docs.length) return;
    const decl: SdkDecl = { name, kind, line: lineOf(node.getStart(sf)), throws: [] };
    let since: { version: string; api: number } | undefined;
    let sinceStatic: { version: string; api: number } | undefined;
    // Writers stack an older doc block above the current one for the same declaration: the codes
    // and `@since` of every block count; the other tags are the last (current) block's.
    const last = docs[docs.length - 1];
    for (const { tag, doc } of docs.flatMap((d) => (d.tags ?? []).map((tag) => ({ tag, doc: d })))) {
      ownedAt.add(tag.getStart(sf));
      const tn = tag.tagName.text.toLowerCase();
      if (doc !== last && !/^(throws?|exception|since)$/.test(tn)) continue;
      const body = tagText(tag, src);
      switch (tn) {
        case 'throws':
        case 'throw':
        case 'exception': {
          const t = parseThrows(body);
          if (!t) {
            // Old-style `@throws Throws this exception if …` documents no code: noted, nothing lost.
            diagnostics.push({ file, line: lineOf(tag.getStart(sf)), section: name, kind: 'sdk-throws-no-code', message: `@throws without a code: "${body.slice(0, 80)}"`, severity: 'notice' });
            break;
          }
          if (t.type && !/error/i.test(t.type)) break; // `@throws { TypeError }` etc. carry no code
          decl.throws.push({ code: t.code, message: t.message, ...(t.note ? { note: t.note } : {}), line: lineOf(tag.getStart(sf)) });
          break;
        }
        case 'since': {
          const s = parseSince(body);
          if (!s) {
            diagnostics.push({ file, line: lineOf(tag.getStart(sf)), section: name, kind: 'sdk-since', message: `@since without a version: "${body.slice(0, 40)}"`, severity: 'notice' });
            break;
          }
          if (s.staticOnly) {
            if (!sinceStatic || s.api < sinceStatic.api) sinceStatic = s;
          } else if (!since || s.api < since.api) since = s;
          break;
        }
        case 'deprecated':
          decl.deprecated = body.replace(/\s+/g, ' ') || 'yes';
          break;
        case 'syscap':
          if (body) decl.syscap = body.split(/\s+/)[0];
          break;
        case 'permission':
          if (body) decl.permissions = body.replace(/\s+/g, ' ');
          break;
        case 'systemapi':
          decl.systemApi = true;
          break;
        case 'atomicservice':
          decl.atomicService = true;
          break;
        case 'crossplatform':
          decl.crossPlatform = true;
          break;
        case 'stagemodelonly':
          decl.stageModelOnly = true;
          break;
        case 'famodelonly':
          decl.faModelOnly = true;
          break;
      }
    }
    if (since) decl.since = since.version;
    if (sinceStatic) decl.sinceStatic = sinceStatic.version;
    result.throwsSeen += decl.throws.length;
    result.decls.push(decl);
  };

  // Explicit stack of [node, qualified prefix, depth].
  const stack: [ts.Node, string, number][] = [];
  for (let i = sf.statements.length - 1; i >= 0; i--) stack.push([sf.statements[i], '', 0]);
  const q = (prefix: string, n: string) => (prefix ? `${prefix}.${n}` : n);
  while (stack.length) {
    const [node, prefix, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) {
      diagnostics.push({ file, line: lineOf(node.getStart(sf)), kind: 'sdk-depth', message: `declarations nested deeper than ${MAX_DEPTH} levels are not read`, severity: 'error' });
      continue;
    }
    const push = (children: readonly ts.Node[], p: string) => {
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], p, depth + 1]);
    };
    if (ts.isModuleDeclaration(node)) {
      // `declare namespace a.b {}` nests ModuleDeclarations; `declare module 'x'` names no prefix.
      const p = ts.isStringLiteral(node.name) ? prefix : q(prefix, node.name.text);
      if (node.body) push([node.body], p);
      continue;
    }
    if (ts.isModuleBlock(node)) {
      push(node.statements, prefix);
      continue;
    }
    if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || (ts as unknown as { isStructDeclaration?: (n: ts.Node) => boolean }).isStructDeclaration?.(node)) {
      const n = nameText((node as Named).name, sf) ?? 'default';
      const members = (node as unknown as { members: ts.NodeArray<ts.Node> }).members;
      push(members, q(prefix, n));
      continue;
    }
    if (ts.isEnumDeclaration(node)) {
      const name = q(prefix, node.name.text);
      const members: SdkEnum['members'] = [];
      let next = 0;
      for (const m of node.members) {
        let value: number | undefined;
        const init = m.initializer;
        if (!init) value = next;
        else if (ts.isNumericLiteral(init)) value = Number(init.text);
        else if (ts.isPrefixUnaryExpression(init) && init.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(init.operand)) value = -Number(init.operand.text);
        if (value !== undefined && Number.isSafeInteger(value)) {
          members.push({ name: nameText(m.name, sf) ?? '', value });
          next = value + 1;
        } else next = NaN;
      }
      result.enums.push({ name, line: lineOf(node.getStart(sf)), members });
      continue;
    }
    if (ts.isFunctionDeclaration(node)) {
      readDoc(node, q(prefix, nameText(node.name, sf) ?? 'default'), 'function');
      continue;
    }
    if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) {
      readDoc(node, q(prefix, nameText(node.name, sf) ?? '?'), 'method');
      continue;
    }
    if (ts.isConstructorDeclaration(node) || ts.isConstructSignatureDeclaration(node)) {
      readDoc(node, q(prefix, 'constructor'), 'constructor');
      continue;
    }
    if (ts.isCallSignatureDeclaration(node)) {
      if (prefix) readDoc(node, prefix, 'function');
      continue;
    }
    if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
      readDoc(node, q(prefix, nameText(node.name, sf) ?? '?'), 'accessor');
      continue;
    }
    if (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) {
      // A property is an API when its doc says what it throws, or its type is a function.
      const fnType = node.type && ts.isFunctionTypeNode(node.type);
      const doc = jsDocOf(node);
      if (doc && (fnType || doc.tags?.some((t) => /^throws?$/i.test(t.tagName.text)))) readDoc(node, q(prefix, nameText(node.name, sf) ?? '?'), fnType ? 'method' : 'property');
      continue;
    }
    if (ts.isIndexSignatureDeclaration(node)) {
      readDoc(node, `${prefix}[]`, 'property');
      continue;
    }
    if (ts.isTypeAliasDeclaration(node)) {
      // `declare type EnvDecorator = (value: …) => PropertyDecorator` with its own @throws.
      const doc = jsDocOf(node);
      if (doc?.tags?.some((t) => /^throws?$/i.test(t.tagName.text))) readDoc(node, q(prefix, node.name.text), 'function');
      else if (ts.isTypeLiteralNode(node.type)) push(node.type.members, q(prefix, node.name.text));
      continue;
    }
    if (ts.isVariableStatement(node)) {
      const doc = jsDocOf(node);
      if (doc?.tags?.some((t) => /^throws?$/i.test(t.tagName.text))) {
        for (const d of node.declarationList.declarations) readDoc(node, q(prefix, nameText(d.name, sf) ?? '?'), 'property');
      }
      continue;
    }
    if (ts.isExpressionStatement(node) && jsDocOf(node)?.tags?.some((t) => /^throws?$/i.test(t.tagName.text))) {
      // Syntax the parser could not read (`get serial(): string;` straight inside a namespace, in
      // ArkTS static files) leaves its doc on a stray expression: take the name from the source.
      const lineText = src.slice(node.getStart(sf), src.indexOf('\n', node.getStart(sf)) >>> 0 || undefined);
      const m = /^(?:(?:export|declare|static|readonly|async|function|get|set|default)\s+)*([A-Za-z_$][\w$]*)/.exec(lineText);
      if (m) {
        readDoc(node, q(prefix, m[1]), /^\s*(?:get|set)\s/.test(lineText) ? 'accessor' : 'method');
        diagnostics.push({ file, line: lineOf(node.getStart(sf)), section: q(prefix, m[1]), kind: 'sdk-recovered', message: `declaration not understood by the parser; read as "${q(prefix, m[1])}" from its source line`, severity: 'notice' });
      }
      continue;
    }
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const spec = node.moduleSpecifier;
      if (spec && ts.isStringLiteral(spec)) result.reexports.push(spec.text.replace(/^\.\//, '').replace(/\.d$/, ''));
      continue;
    }
  }

  // `@throws` tags that no declaration owns (inside a construct the parser could not read): report.
  for (const m of src.matchAll(/@throws?\b/g)) {
    const pos = m.index!;
    if (ownedAt.has(pos)) continue;
    // Only those inside a /** */ comment count.
    const open = src.lastIndexOf('/**', pos);
    const close = src.lastIndexOf('*/', pos);
    if (open < 0 || close > open) continue;
    result.throwsSeen++;
    const rest = src.slice(pos + m[0].length, src.indexOf('\n', pos) < 0 ? undefined : src.indexOf('\n', pos)).trim();
    diagnostics.push({ file, line: lineOf(pos), kind: 'sdk-unowned-throws', message: `@throws ${rest.slice(0, 60)} is in a comment no declaration owns; not indexed`, severity: 'error' });
  }
  result.reexports = [...new Set(result.reexports)].sort();
  return result;
}
