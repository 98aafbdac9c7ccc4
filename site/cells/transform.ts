/// <reference path="./sucrase.d.ts" />
/**
 * A cell's TypeScript -> a function the worker can run as the next notebook cell.
 *
 * 1. Sucrase strips the types (and only the types: `disableESTransforms`), keeping every line
 *    where it was, so a line in an error is a line of the cell as the reader sees it.
 * 2. The top-level bindings become bindings of the page's shared scope, as in a notebook: the
 *    worker runs the cell inside `with (scope)`, and here `const x = ...` turns into
 *    `__d = x = ...` (an assignment to the scope, which the worker pre-declares), so running a
 *    cell again re-binds its names, later cells see them and closures see the latest value.
 *    Function declarations stay hoisted and are copied into the scope first thing; classes
 *    become class expressions; `import {a} from 'deconv'` becomes a binding to the core the
 *    worker preloaded.
 * 3. The body runs in an async function, so top-level `await` works.
 *
 * Nothing here is typed by hand: the token roles (declaration, access, top level) come from
 * the same Sucrase parser that strips the types.
 */
import { transform } from 'sucrase/dist/esm/index.js';
import { parse } from 'sucrase/dist/esm/parser/index.js';
import { IdentifierRole, type Token } from 'sucrase/dist/esm/parser/tokenizer/index.js';
import { TokenType as tt } from 'sucrase/dist/esm/parser/tokenizer/types.js';

/** Modules a cell may import; the worker provides them (Plot, linkedom and the drawing library load on first use). */
export const MODULES = ['deconv', 'deconv/draw', '@observablehq/plot', 'linkedom'] as const;

export interface Transformed {
  /** An expression: `(function (__cell) {...})`, called by the worker with `{ scope, import }`. */
  js: string;
  /** Names the cell binds at top level (the worker pre-declares them in the shared scope). */
  declared: string[];
  /** Names the cell reads but does not bind anywhere: they come from earlier cells or globals. */
  free: string[];
  /** Modules the cell imports. */
  imports: string[];
}

/** A syntax error, with its place in the cell. */
export class CellSyntaxError extends SyntaxError {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/** The script URL that stack traces name for a cell (the worker reads line numbers from it). */
export function sourceUrl(id: string): string {
  return `cell-${id.replace(/[^\w.-]/g, '_')}.js`;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const isTopDeclaration = (t: Token) =>
  t.identifierRole === IdentifierRole.TopLevelDeclaration || t.identifierRole === IdentifierRole.ObjectShorthandTopLevelDeclaration;
const isAccess = (t: Token) =>
  t.identifierRole === IdentifierRole.Access || t.identifierRole === IdentifierRole.ExportAccess || t.identifierRole === IdentifierRole.ObjectShorthand;
const isDeclaration = (t: Token) =>
  t.identifierRole !== null && t.identifierRole !== undefined && !isAccess(t) &&
  t.identifierRole !== IdentifierRole.ObjectKey && t.identifierRole !== IdentifierRole.ImportAccess;

const opens = new Set<number>([tt.parenL, tt.bracketL, tt.braceL, tt.dollarBraceL, tt.braceBarL]);
const closes = new Set<number>([tt.parenR, tt.bracketR, tt.braceR, tt.braceBarR]);

/** Line and column (1-based) of an offset. */
function place(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const newlines = (s: string) => s.replace(/[^\n]/g, '');

/** Strips the types; throws CellSyntaxError with the line and column in the cell. */
export function stripTypes(source: string): string {
  try {
    return transform(source, { transforms: ['typescript'], disableESTransforms: true, keepUnusedImports: true }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    const message = err.message.replace(/ \(\d+:\d+\)$/, '');
    throw new CellSyntaxError(message, err.loc?.line ?? 1, err.loc?.column ?? 1);
  }
}

/** The cell as a function of the shared scope. See the module comment. */
export function transformCell(source: string, id = 'cell'): Transformed {
  const js = stripTypes(source);
  let tokens: Token[];
  try {
    ({ tokens } = parse(js, false, false, false));
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    throw new CellSyntaxError(err.message.replace(/ \(\d+:\d+\)$/, ''), err.loc?.line ?? 1, err.loc?.column ?? 1);
  }
  const text = (t: Token) => js.slice(t.start, t.end);
  const edits: Edit[] = [];
  const declared = new Set<string>();
  const hoisted: string[] = [];
  const imports = new Set<string>();
  const bound = new Set<string>();
  const read = new Set<string>();

  // Bracket depth of every token (0 = not inside any bracket of a top-level statement).
  const nesting: number[] = [];
  let level = 0;
  for (const t of tokens) {
    if (closes.has(t.type)) level = Math.max(0, level - 1);
    nesting.push(level);
    if (opens.has(t.type)) level++;
  }

  let keyword: number | undefined; // the keyword of the top-level declaration being read
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === tt.name) {
      if (isAccess(t)) read.add(text(t));
      else if (isDeclaration(t)) bound.add(text(t));
      if (t.scopeDepth === 0 && isTopDeclaration(t)) declared.add(text(t));
    }
    if (t.scopeDepth !== 0 || nesting[i] !== 0) continue;
    const next = tokens[i + 1];
    switch (t.type) {
      case tt._import: {
        if (next?.type === tt.dot) break; // import.meta
        if (next?.type === tt.parenL) {
          const at = place(js, t.start);
          throw new CellSyntaxError('cells cannot load modules at run time (import(...)); use an import declaration', at.line, at.column);
        }
        i = rewriteImport(i);
        break;
      }
      case tt._export: {
        // A cell is not a module: `export const x` is `const x`; `export { a }` means nothing.
        if (next?.type === tt.braceL) {
          let j = i + 1;
          while (j < tokens.length && tokens[j].type !== tt.braceR) j++;
          if (tokens[j + 1]?.type === tt.name && text(tokens[j + 1]) === 'from') j += 2;
          if (tokens[j + 1]?.type === tt.semi) j++;
          edits.push({ start: t.start, end: tokens[j].end, text: newlines(js.slice(t.start, tokens[j].end)) });
          i = j;
        } else {
          const end = next?.type === tt._default ? next.end : t.end;
          edits.push({ start: t.start, end, text: '' });
          if (next?.type === tt._default) i++;
        }
        break;
      }
      case tt._const:
      case tt._let:
      case tt._var:
        keyword = t.type;
        edits.push({ start: t.start, end: t.end, text: '__d =' });
        break;
      case tt._function: {
        let j = i + 1;
        if (tokens[j]?.type === tt.star) j++;
        const name = tokens[j];
        if (name?.type === tt.name && isTopDeclaration(name)) hoisted.push(text(name));
        break;
      }
      case tt._class: {
        const name = next;
        if (!(name?.type === tt.name && isTopDeclaration(name))) break;
        // `class A ... { }` -> `__d = A = class A ... { };` (the body is the first top-level brace)
        let j = i + 2;
        while (j < tokens.length && !(tokens[j].type === tt.braceL && nesting[j] === 0)) j++;
        let depth = 0;
        for (; j < tokens.length; j++) {
          if (opens.has(tokens[j].type)) depth++;
          else if (closes.has(tokens[j].type) && --depth === 0) break;
        }
        edits.push({ start: t.start, end: t.start, text: `__d = ${text(name)} = ` });
        if (j < tokens.length) edits.push({ start: tokens[j].end, end: tokens[j].end, text: ';' });
        break;
      }
      case tt.name:
        if (isTopDeclaration(t)) {
          // `let a;` re-run must reset `a`, as a fresh `let` would.
          const prev = tokens[i - 1];
          const simple = prev && (prev.type === tt._let || prev.type === tt._const || prev.type === tt._var || prev.type === tt.comma);
          if (simple && keyword === tt._let && next?.type !== tt.eq) edits.push({ start: t.end, end: t.end, text: ' = void 0' });
        }
        break;
    }
  }

  /** Rewrites the import declaration starting at token i; returns the index of its last token. */
  function rewriteImport(i: number): number {
    const start = tokens[i].start;
    let j = i + 1;
    const bindings: string[] = []; // destructuring entries
    let namespace: string | undefined;
    let fallback: string | undefined;
    if (tokens[j]?.type === tt.name) {
      // A name right after `import` is the default binding.
      fallback = text(tokens[j]);
      j++;
      if (tokens[j]?.type === tt.comma) j++;
    }
    if (tokens[j]?.type === tt.star) {
      namespace = text(tokens[j + 2]);
      j += 3;
    } else if (tokens[j]?.type === tt.braceL) {
      j++;
      while (j < tokens.length && tokens[j].type !== tt.braceR) {
        if (tokens[j].type === tt.comma) {
          j++;
          continue;
        }
        const imported = tokens[j];
        let local = imported;
        if (tokens[j + 1] && text(tokens[j + 1]) === 'as') {
          local = tokens[j + 2];
          j += 3;
        } else j++;
        bindings.push(text(imported) === text(local) ? text(local) : `${text(imported)}: ${text(local)}`);
        declared.add(text(local));
      }
      j++; // }
    }
    if (tokens[j]?.type === tt.name && text(tokens[j]) === 'from') j++;
    const source = tokens[j];
    if (!source || source.type !== tt.string) {
      const at = place(js, tokens[i].start);
      throw new CellSyntaxError('a cell can only use import declarations of the form import ... from "module"', at.line, at.column);
    }
    const module = JSON.parse(`"${text(source).slice(1, -1).replace(/"/g, '\\"')}"`) as string;
    if (!(MODULES as readonly string[]).includes(module)) {
      const at = place(js, source.start);
      throw new CellSyntaxError(`cells can import from ${MODULES.map((m) => `'${m}'`).join(', ')} only, not '${module}'`, at.line, at.column);
    }
    imports.add(module);
    let end = source.end;
    if (tokens[j + 1]?.type === tt.semi) {
      j++;
      end = tokens[j].end;
    }
    const load = `await __cell.import(${JSON.stringify(module)})`;
    const parts: string[] = [];
    if (fallback) {
      declared.add(fallback);
      parts.push(`__d = ${fallback} = (${load}).default;`);
    }
    if (namespace) {
      declared.add(namespace);
      parts.push(`__d = ${namespace} = ${load};`);
    }
    if (bindings.length) parts.push(`__d = {${bindings.join(', ')}} = ${load};`);
    if (!parts.length) parts.push(`${load};`);
    edits.push({ start, end, text: parts.join(' ') + newlines(js.slice(start, end)) });
    return j;
  }

  edits.sort((a, b) => a.start - b.start);
  let body = '';
  let at = 0;
  for (const e of edits) {
    body += js.slice(at, e.start) + e.text;
    at = e.end;
  }
  body += js.slice(at);
  const prologue = hoisted.map((n) => `__cell.scope[${JSON.stringify(n)}] = ${n};`).join('');
  // One header line, so line n of the cell is line n + HEADER_LINES of the script.
  const wrapped = `(function (__cell) { with (__cell.scope) { return async function () { "use strict"; let __d; ${prologue}\n${body}\n}; } })\n//# sourceURL=${sourceUrl(id)}`;
  const free = [...read].filter((n) => !bound.has(n) && !declared.has(n));
  return { js: wrapped, declared: [...declared], free, imports: [...imports] };
}
