// @ts-check
/**
 * `npm run preview`: serves the built site (dist/) on 127.0.0.1 with the response headers its
 * `_headers` file names (written by site/csp.mjs: each page's Content-Security-Policy, nosniff,
 * no referrer), as a static host that reads `_headers` would. Usage: node scripts/preview.mjs [port]
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.json': 'application/json', '.wasm': 'application/wasm', '.ipynb': 'application/x-ipynb+json', '.txt': 'text/plain', '.xml': 'application/xml',
};

/**
 * Rules of a `_headers` file: a path pattern (`*` matches anything) on its own line, then its
 * headers indented as `Name: value`; `#` starts a comment.
 * @param {string} text @returns {{ pattern: RegExp, headers: [string, string][] }[]}
 */
export function parseHeaders(text) {
  /** @type {{ pattern: RegExp, headers: [string, string][] }[]} */
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
    } else if (rules.length) {
      const at = line.indexOf(':');
      if (at > 0) rules[rules.length - 1].headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

/** Headers for a URL path: every matching rule's, in file order. @returns {Record<string, string>} */
export function headersFor(/** @type {ReturnType<typeof parseHeaders>} */ rules, /** @type {string} */ path) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const rule of rules) if (rule.pattern.test(path)) for (const [name, value] of rule.headers) out[name] = value;
  return out;
}

/** A server for `root` (not yet listening). */
export function previewServer(root = fileURLToPath(new URL('../dist', import.meta.url))) {
  const headersFile = join(root, '_headers');
  const rules = existsSync(headersFile) ? parseHeaders(readFileSync(headersFile, 'utf8')) : [];
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(resolve(root))) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const found = existsSync(file);
    if (!found) file = join(root, '404.html');
    res.writeHead(found ? 200 : 404, { 'content-type': TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream', ...headersFor(rules, found ? path : '/404.html') });
    createReadStream(file).pipe(res);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 4321);
  previewServer().listen(port, '127.0.0.1', () => console.log(`deconv preview: http://127.0.0.1:${port}/ (with the headers of dist/_headers)`));
}
