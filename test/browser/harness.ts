/**
 * Browser-test harness: serves the built site (dist/) on 127.0.0.1 with a tiny static
 * server, drives Debian's Chromium through playwright-core, and records every request that
 * leaves localhost (it is aborted and fails the test), every console error and every failed
 * response.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const dist = fileURLToPath(new URL('../../dist', import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.json': 'application/json', '.wasm': 'application/wasm', '.ipynb': 'application/x-ipynb+json', '.txt': 'text/plain',
  '.pf_fragment': 'application/octet-stream', '.pf_index': 'application/octet-stream', '.pf_meta': 'application/octet-stream', '.pagefind': 'application/octet-stream',
};

export function serve(root = dist): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return void createReadStream(join(root, '404.html')).pipe(res);
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    ok({ server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
  }));
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface Opened {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, failed responses. */
  errors: string[];
}

/** Requests that tried to leave localhost, over the whole run. */
export const external: string[] = [];

export async function open(browser: Browser, url: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, context, errors };
}

/** The built site served and a browser launched: what every browser test file starts with. */
async function startSite(): Promise<{ server: Server; base: string; browser: Browser }> {
  const { server, base } = await serve();
  return { server, base, browser: await launch() };
}

async function stopSite(site: { server?: Server; browser?: Browser }): Promise<void> {
  await site.browser?.close();
  site.server?.close();
}

/**
 * For a test file: starts the site and a browser before its tests and stops both after them.
 * The returned object is filled in by then: `open(site.browser, `${site.base}/scatter/`)`.
 */
export function useSite(): { server: Server; base: string; browser: Browser } {
  const site = {} as { server: Server; base: string; browser: Browser };
  beforeAll(async () => {
    Object.assign(site, await startSite());
  });
  afterAll(() => stopSite(site));
  return site;
}
