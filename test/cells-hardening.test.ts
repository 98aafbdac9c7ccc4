/**
 * The cells against hostile values and messages, in Node (issue 16): the printer survives
 * cycles, deep nesting, throwing getters, Proxies, Symbols and BigInt with Node's util.inspect
 * as the reference (compared without whitespace, and with util.inspect's `<ref *1>` markers
 * taken out, since the cells print a cycle as plain [Circular]); the page's parser of worker
 * messages takes only well-formed ones; the budget measures what a block carries; every
 * invisible or bidirectional character is found; the site's policy generator hashes exactly the
 * inline scripts a page runs. test/browser/cells-security.test.ts tries the same in Chromium.
 */
import { createHash } from 'node:crypto';
import { inspect as nodeInspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeInvisible, INVISIBLE, invisibleIn, showInvisible } from '../site/cells/invisible';
import { BUDGET, parseFromWorker, sizeOf } from '../site/cells/protocol';
import { createRuntime } from '../site/cells/runtime';
import { sourceUrl, transformCell } from '../site/cells/transform';
import { displayOutputs, inspect, LIMITS, logOutputs, numericShape, tableOutputs } from '../site/cells/values';
// @ts-expect-error: a JavaScript module without types
import { inlineScriptHashes, pagePolicy, sandboxPolicy, withPolicy } from '../site/csp.mjs';
// @ts-expect-error: a JavaScript module without types
import { headersFor, parseHeaders } from '../scripts/preview.mjs';

/** util.inspect at the cells' depth, without whitespace and reference markers. */
const node = (v: unknown) => nodeInspect(v, { depth: LIMITS.depth - 1 }).replace(/<ref \*\d+> /g, '').replace(/ \*\d+\]/g, ']').replace(/\s+/g, '');
const ours = (v: unknown) => inspect(v).replace(/\s+/g, '');

describe('the printer, with util.inspect as the reference', () => {
  it('prints a cycle as [Circular] and ends at once (an array holding itself looped for 5 s before)', () => {
    const a: unknown[] = [1];
    a.push(a);
    const o: Record<string, unknown> = { n: 1 };
    o.self = o;
    const m = new Map<string, unknown>();
    m.set('me', m);
    for (const v of [a, o, m]) expect(ours(v)).toBe(node(v));
    expect(inspect(a)).toBe('[1, [Circular]]');
    expect(numericShape(a)).toBeUndefined();
    // A cycle in the first element, where the grid check walks.
    const first: unknown[] = [];
    first.push(first);
    expect(numericShape(first)).toBeUndefined();
    expect(ours(first)).toBe(node(first));
  });

  it('cuts deep nesting at the depth limit, for 100,000 levels too (that overflowed the stack)', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(ours(deep)).toBe(node(deep));
    let numbers: unknown = [1];
    for (let i = 0; i < 100_000; i++) numbers = [numbers];
    expect(ours(numbers)).toBe(node(numbers));
    let object: unknown = {};
    for (let i = 0; i < 100_000; i++) object = { a: object };
    expect(ours(object)).toBe(node(object));
  });

  it('shows getters without calling them, as util.inspect does; console.log of a throwing getter throws nothing', () => {
    let calls = 0;
    const v = {
      get boom(): number { calls++; throw new Error('no'); },
      set only(_: number) {},
      get both() { calls++; return 1; },
      set both(_: number) {},
      plain: 2,
    };
    expect(ours(v)).toBe(node(v));
    expect(inspect(v)).toBe('{ boom: [Getter], only: [Setter], both: [Getter/Setter], plain: 2 }');
    expect(calls).toBe(0);
    expect(() => logOutputs([v])).not.toThrow();
    // display and console.table read records' values: a getter that throws falls back to the text.
    expect(displayOutputs(v)).toEqual([{ kind: 'text', text: inspect(v), level: 'log' }]);
    expect(tableOutputs([v])[0].kind).toBe('text');
  });

  it('prints Symbols, symbol keys and BigInt as util.inspect does', () => {
    const values = [Symbol('s'), 10n, -3n, { [Symbol('k')]: 2n, b: Symbol.iterator }, [1n, Symbol()], new Map([[Symbol('a'), 1n]])];
    for (const v of values) expect(ours(v), String(typeof v)).toBe(node(v));
    expect(logOutputs([Symbol('s'), 10n])).toEqual([{ kind: 'text', text: 'Symbol(s) 10n', level: 'log' }]);
  });

  it('contains what it cannot avoid running: Proxy traps and iterators that throw or never end', () => {
    const trap = new Proxy({}, { ownKeys() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } });
    expect(inspect(trap)).toBe('[value could not be inspected: Error: trap]');
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(inspect(proxy)).toMatch(/^\[value could not be inspected: TypeError: /);
    const endless = new Set([1]);
    endless[Symbol.iterator] = function* () { for (;;) yield 1; } as never;
    expect(inspect(endless)).toContain('Set(1)');
    const thrower = { toString() { throw new Error('x'); }, name: 'n' };
    expect(() => logOutputs([thrower, new Proxy(thrower, { get() { throw new Error('get'); } })])).not.toThrow();
    // What is thrown about is not trusted either: an exception whose message getter throws.
    const evil = new Proxy({}, { ownKeys() { throw { get name(): string { throw new Error('again'); } }; } });
    expect(inspect(evil)).toBe('[value could not be inspected: object]');
  });

  it('prints holes and prototypes as util.inspect does', () => {
    // eslint-disable-next-line no-sparse-arrays
    const values = [[1, , , 2], Object.create(null), new (class Point { x = 1; })(), new Array(5)];
    for (const v of values) expect(ours(v)).toBe(node(v));
    // A huge sparse array is no grid and prints at once.
    expect(inspect(new Array(1e9))).toBe('[<1000000000 empty items>]');
  });

  it('a cell whose console.log argument throws keeps running (the runtime path)', async () => {
    const runtime = createRuntime({});
    const out: unknown[] = [];
    const t = transformCell("console.log({ get x() { throw new Error('no'); } }); const a = [1]; a.push(a); display(a); console.log('on');", 'h');
    await runtime.run({ js: t.js, declared: t.declared, url: sourceUrl('h') }, (items) => void out.push(...items));
    expect(out).toEqual([
      { kind: 'text', text: '{ x: [Getter] }', level: 'log' },
      { kind: 'text', text: '[1, [Circular]]', level: 'log' },
      { kind: 'text', text: 'on', level: 'log' },
    ]);
  });
});

describe("the page's reading of worker messages", () => {
  it('takes well-formed messages and drops everything else (postMessage(null) threw in receive())', () => {
    expect(parseFromWorker({ type: 'done', run: 3, ms: 4 })).toEqual({ type: 'done', run: 3, ms: 4 });
    expect(parseFromWorker({ type: 'output', run: 1, items: [] })).toEqual({ type: 'output', run: 1, items: [] });
    expect(parseFromWorker({ type: 'load', run: 0, module: 'plot' })).toEqual({ type: 'load', run: 0, module: 'plot' });
    expect(parseFromWorker({ type: 'load', run: 0, module: '/etc/passwd' })).toBeUndefined();
    expect(parseFromWorker({ type: 'error', run: 2, error: { name: 'E', message: 'm', line: 3 }, ms: 1 })).toEqual({ type: 'error', run: 2, error: { name: 'E', message: 'm', line: 3, column: undefined }, ms: 1 });
    const junk = [null, undefined, 0, 'done', [], {}, { type: 'done' }, { type: 'done', run: -1, ms: 1 }, { type: 'done', run: 1.5, ms: 1 },
      { type: 'done', run: '1', ms: 1 }, { type: 'output', run: 1 }, { type: 'output', run: 1, items: 'x' },
      { type: 'output', run: 1, items: new Array(BUDGET.blocks + 2).fill({ kind: 'text', text: '' }) },
      { type: 'error', run: 1, error: null }, { type: 'error', run: 1, error: { name: 1, message: 'm' } }, { type: 'run', run: 1 }, { type: 'ready', run: 4 }];
    for (const m of junk) expect(parseFromWorker(m), JSON.stringify(m)).toBeUndefined();
  });

  it('measures a block by the characters it carries; a malformed block counts as too big', () => {
    expect(sizeOf({ kind: 'text', text: 'abc', level: 'log' })).toBe(3);
    expect(sizeOf({ kind: 'image', svg: '<svg/>', alt: 'a' })).toBe(7);
    expect(sizeOf({ kind: 'table', title: 't', columns: ['ab'], rows: [['c', 'de']] })).toBe(6);
    expect(sizeOf({ kind: 'matrix', title: '', slices: [{ label: 'l', rows: [[1, 2], [3, 4]] }], omitted: 0 })).toBe(1 + 4 * 8);
    for (const bad of [null, 'x', { kind: 'text', text: 5 }, { kind: 'html', html: '' }, { kind: 'table', rows: 'x' }]) expect(sizeOf(bad)).toBe(Infinity);
  });
});

describe('invisible and bidirectional characters', () => {
  it('finds every one the review named, and the rest of the set, but not tab, newline or letters', () => {
    const named = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x061c, 0x200e, 0x200f, 0x00ad, 0x180e, 0x3164, 0xe0041, 0xfe0f];
    const code = named.map((p) => `a${String.fromCodePoint(p)}`).join('') + '\t\n\r é π ✓';
    expect(invisibleIn(code)).toEqual(named);
    expect(INVISIBLE.test('plain code;\n\tindented')).toBe(false);
    expect(describeInvisible([0x202e, 0x200d, 0x202e])).toBe('U+202E ×2, U+200D');
    expect(showInvisible('a\u202Eb')).toBe('a⟦U+202E⟧b');
  });
});

describe('the Content-Security-Policy generator (site/csp.mjs)', () => {
  const html = '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>t</title><script>one()</script><script type="module">two()</script>' +
    '<script src="/x.js"></script><script type="application/ld+json">{"a":1}</script><script>one()</script></head><body></body></html>';
  const sha = (s: string) => `sha256-${createHash('sha256').update(s).digest('base64')}`;

  it('hashes each inline script the browser runs, once, and no data block or external script', () => {
    expect(inlineScriptHashes(html)).toEqual([sha('one()'), sha('two()')]);
  });

  it('puts the policy right after <meta charset>, replacing an older one', () => {
    const once = withPolicy(html, pagePolicy(inlineScriptHashes(html)));
    const twice = withPolicy(once, 'default-src none');
    expect(once.indexOf('http-equiv="Content-Security-Policy"')).toBe(once.indexOf('<meta charset="utf-8"/>') + '<meta charset="utf-8"/>'.length + '<meta '.length);
    expect(twice.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(pagePolicy(['sha256-A'])).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-A'");
    expect(sandboxPolicy(['sha256-B'])).toContain("connect-src 'none'");
    expect(sandboxPolicy([])).not.toContain("'self'");
  });

  it("the preview server's _headers reader gives each path its rules' headers", () => {
    const rules = parseHeaders('# c\n/*\n  X-A: 1\n/page/\n  Content-Security-Policy: p\n');
    expect(headersFor(rules, '/page/')).toEqual({ 'X-A': '1', 'Content-Security-Policy': 'p' });
    expect(headersFor(rules, '/other.js')).toEqual({ 'X-A': '1' });
  });
});
