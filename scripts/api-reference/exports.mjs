/**
 * The public surface of the core as the TypeScript compiler sees it: every name src/index.ts exports,
 * with its declaration's doc comment, tags (@example, @throws, @see, ...), kind, signatures and source
 * file. Shared by the doc-test runner (test/doctest.test.ts) and the site's API reference
 * (scripts/api-reference/generate.mjs), so both read the same comments.
 */
import { relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(new URL('../..', import.meta.url).pathname);
const entry = resolve(root, 'src/index.ts');

/** What kind of thing an exported symbol is, for grouping and for which need an @example. */
function kindOf(symbol) {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Variable) return 'constant';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'other';
}

/** An @example tag's code: its text without a Markdown fence around it. */
function exampleCode(text) {
  return text.replace(/^\s*```\w*\n/, '').replace(/\n```\s*$/, '').replace(/^\n+|\s+$/g, '');
}

/**
 * @returns {{ name: string, kind: string, file: string, line: number, doc: string, signatures: string[],
 *   declaration: string, tags: { name: string, text: string }[], examples: string[] }[]}
 *   one entry per public name, in src/index.ts's order of files and then names.
 */
export function publicExports() {
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'],
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const node = symbol.declarations?.[0];
    const source = node?.getSourceFile();
    const kind = kindOf(symbol);
    const tags = symbol.getJsDocTags(checker).map((t) => ({ name: t.name, text: ts.displayPartsToString(t.text ?? []) }));
    let signatures = [];
    if (node && (kind === 'function' || kind === 'constant')) {
      const type = checker.getTypeOfSymbolAtLocation(symbol, node);
      signatures = kind === 'function'
        ? type.getCallSignatures().map((s) => `${exported.name}${checker.signatureToString(s, undefined, flags)}`)
        : [`const ${exported.name}: ${checker.typeToString(type, undefined, flags)}`];
    }
    // Types are shown as declared (with their members' comments); functions by their signatures.
    const declaration = node && (kind === 'interface' || kind === 'type') ? node.getText().replace(/^export\s+/, '') : '';
    return {
      name: exported.name,
      kind,
      file: source ? relative(root, source.fileName) : '',
      line: source && node ? source.getLineAndCharacterOfPosition(node.getStart()).line + 1 : 0,
      doc: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim(),
      signatures,
      declaration,
      tags: tags.filter((t) => t.name !== 'example'),
      examples: tags.filter((t) => t.name === 'example').map((t) => exampleCode(t.text)),
    };
  }).sort((a, b) => (a.file === b.file ? 0 : a.file < b.file ? -1 : 1));
}

/** Whether a public name must carry an @example: anything that runs (functions, constants, classes). */
export function needsExample(entry) {
  return entry.kind === 'function' || entry.kind === 'constant' || entry.kind === 'class';
}
