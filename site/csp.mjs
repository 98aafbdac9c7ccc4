// @ts-check
/**
 * The site's Content-Security-Policy, written into every built page after the build (an Astro
 * integration, `astro:build:done`), so it holds on any static host without response headers:
 * a `<meta http-equiv="Content-Security-Policy">` as the first thing in each page's <head>
 * (a meta policy binds only what comes after it). Inline scripts (Starlight's theme and sidebar
 * scripts, Astro's small module scripts, whatever a page adds later) are allowed by their
 * SHA-256, computed here from the built HTML: nothing is listed by hand, so a new page or figure
 * needs no edit here. For hosts that read a `_headers` file (Netlify, Cloudflare Pages) the same
 * policies are written there too, one rule per page, and `scripts/preview.mjs` sends them.
 *
 * Pages: scripts from the site or inline by hash, 'wasm-unsafe-eval' for the core's WebAssembly
 * engines (and Pagefind's), connections to the site only (Pagefind's index, the cell worker's
 * code), no plugins, no <base>. Styles may be inline (KaTeX and Starlight set style attributes;
 * styles cannot reach out: img/font sources are the site's).
 *
 * The cells' sandbox (site/public/cells-sandbox.html, loaded with sandbox="allow-scripts", so its
 * origin is opaque) gets a policy that lets cell code run (eval, WebAssembly) and connect nowhere:
 * connect-src 'none', no script source but its own inline bootstrap by hash, workers from blob:
 * only. The cell worker it starts from a blob: URL inherits this policy (CSP3: a worker from a
 * local-scheme URL inherits its creator's policy container; a worker from its own URL would not
 * be bound by a meta policy at all). Sources: https://www.w3.org/TR/CSP3/#meta-element,
 * https://html.spec.whatwg.org/multipage/workers.html#initialize-worker-policy-container.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sandbox document, relative to the site's root. */
export const SANDBOX = 'cells-sandbox.html';

/** @param {string[]} hashes */
export function pagePolicy(hashes) {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${hashes.map((h) => ` '${h}'`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** @param {string[]} hashes */
export function sandboxPolicy(hashes) {
  return [
    "default-src 'none'",
    `script-src 'unsafe-eval' 'wasm-unsafe-eval'${hashes.map((h) => ` '${h}'`).join('')}`,
    'worker-src blob:',
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>/gi;

/** Script elements the browser runs (not data blocks such as application/ld+json). */
const runs = (/** @type {string} */ attributes) => {
  if (/\ssrc\s*=/i.test(attributes)) return false;
  const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  return !type || type === 'module' || type === 'text/javascript' || type === 'application/javascript';
};

/** sha256-<base64> of each distinct inline script in `html`, in order of first appearance. */
export function inlineScriptHashes(/** @type {string} */ html) {
  const hashes = new Set();
  for (const m of html.matchAll(SCRIPT)) {
    if (runs(m[1])) hashes.add(`sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}`);
  }
  return [...hashes];
}

const escapeAttribute = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * `html` with its policy meta as the first element of <head> after <meta charset> (which must
 * stay in the first 1024 bytes); an older policy meta is replaced.
 */
export function withPolicy(/** @type {string} */ html, /** @type {string} */ policy) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(policy)}">`;
  const clean = html.replace(CSP_META, '');
  const charset = /<meta charset=[^>]*>/i.exec(clean);
  if (charset) return clean.slice(0, charset.index + charset[0].length) + meta + clean.slice(charset.index + charset[0].length);
  const head = /<head\b[^>]*>/i.exec(clean);
  if (!head) throw new Error('csp: a page without <head>');
  return clean.slice(0, head.index + head[0].length) + meta + clean.slice(head.index + head[0].length);
}

/** @param {string} dir @returns {Promise<string[]>} */
async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(path)));
    else if (entry.name.endsWith('.html')) out.push(path);
  }
  return out.sort();
}

/** URL paths a file answers: /a/b/index.html answers /a/b/ and /a/b/index.html. */
const routes = (/** @type {string} */ file) => {
  const path = `/${file.split(sep).join('/')}`;
  return path.endsWith('/index.html') ? [path.slice(0, -'index.html'.length), path] : [path];
};

/** Headers for every file (no policy: a policy is per page, below). */
const COMMON = ['X-Content-Type-Options: nosniff', 'Referrer-Policy: no-referrer'];

/**
 * Writes the policy into every page of `dir` and a `_headers` file; returns what it wrote, per
 * page, for the build log and the tests.
 */
export async function applyPolicies(/** @type {string} */ dir) {
  /** @type {{ file: string, policy: string }[]} */
  const pages = [];
  for (const path of await htmlFiles(dir)) {
    const file = relative(dir, path);
    const html = await readFile(path, 'utf8');
    const hashes = inlineScriptHashes(html);
    const policy = file === SANDBOX ? sandboxPolicy(hashes) : pagePolicy(hashes);
    await writeFile(path, withPolicy(html, policy));
    pages.push({ file, policy });
  }
  const rules = ['/*', ...COMMON.map((h) => `  ${h}`)];
  for (const { file, policy } of pages) {
    for (const route of routes(file)) rules.push(route, `  Content-Security-Policy: ${policy}`);
  }
  await writeFile(join(dir, '_headers'), `# Written by site/csp.mjs after the build: the same policies as each page's <meta>.\n${rules.join('\n')}\n`);
  return pages;
}

/** The Astro integration. */
export default function csp() {
  return {
    name: 'deconv-csp',
    hooks: {
      'astro:build:done': async (/** @type {{ dir: URL, logger: { info(m: string): void } }} */ { dir, logger }) => {
        const pages = await applyPolicies(fileURLToPath(dir));
        logger.info(`Content-Security-Policy written into ${pages.length} pages and _headers`);
      },
    },
  };
}
