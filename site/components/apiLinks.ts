/**
 * Links from a snippet to the API reference: the names it imports from 'deconv', each with the
 * reference page of the source file that declares it. The page slugs follow
 * scripts/api-reference/generate.mjs (src/views/zeroInsertion.ts -> /api/views-zeroinsertion/,
 * one `## name` heading per export, so the anchor is the lower-cased name). Snippets import only
 * public names (the snippet tests type-check them), and every file with a public name has a page.
 */
const sources = import.meta.glob<string>('../../src/**/*.ts', { query: '?raw', import: 'default', eager: true });

const declared = /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;

/** name -> page slug, from the declarations in src/. */
const pages = new Map<string, string>(Object.entries(sources).flatMap(([path, text]) => {
  const slug = path.replace(/^\.\.\/\.\.\/src\//, '').replace(/\.ts$/, '').replace(/\//g, '-').toLowerCase();
  return [...text.matchAll(declared)].map((m): [string, string] => [m[1], slug]);
}));

/** The names imported from 'deconv' in `code`, in order, with their reference links. */
export function apiLinks(code: string): { name: string; href: string }[] {
  const names = [...code.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]deconv['"]/g)]
    .flatMap((m) => m[1].split(',').map((s) => s.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]))
    .filter((n) => n.length > 0);
  return [...new Set(names)].filter((n) => pages.has(n)).map((name) => ({
    name, href: `/api/${pages.get(name)}/#${name.toLowerCase()}`,
  }));
}
