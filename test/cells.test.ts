/**
 * The cells' transform, runtime and output formatting, in Node (the browser runs the same
 * modules in a worker; test/browser/cells.test.ts drives the page). Every snippet on the site
 * goes through the cell path here and must print what its `// =>` comments say, exactly as
 * test/snippets.test.ts checks the plain Node path. Expected values are written by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index';
import type { Output } from '../site/cells/protocol';
import { appendOutputs, appendStopped } from '../site/cells/render';
import { createRuntime, type Runtime } from '../site/cells/runtime';
import { decodeCode, encodeCode } from '../site/cells/share';
import { CellSyntaxError, sourceUrl, stripTypes, transformCell } from '../site/cells/transform';
import { displayOutputs, elementOutputs, formatArray, inspect, logOutputs, numericShape, tensorOutput } from '../site/cells/values';

const modules = {
  deconv: async () => core,
  '@observablehq/plot': async () => Plot,
  linkedom: async () => ({ parseHTML }),
  'deconv/draw': async () => (await import('../site/cells/plot-runtime')).Draw,
};

/** A runtime whose console.log prints as test/snippets.test.ts formats it. */
function kernel(): { runtime: Runtime; printed: string[]; outputs: Output[]; run(code: string, id?: string): Promise<void> } {
  const runtime = createRuntime(modules);
  const printed: string[] = [];
  const outputs: Output[] = [];
  const display = runtime.scope.console as Record<string, unknown>;
  runtime.scope.console = { ...display, log: (...a: unknown[]) => void printed.push(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')) };
  return {
    runtime, printed, outputs,
    async run(code, id = 'test') {
      const t = transformCell(code, id);
      await runtime.run({ js: t.js, declared: t.declared, url: sourceUrl(id) }, (items) => void outputs.push(...items));
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

describe('transform', () => {
  it('strips types and keeps every line where it was', () => {
    const source = [
      "import { tensor, type Tensor } from 'deconv';",
      'interface Box {',
      '  size: number;',
      '}',
      'type Size = number;',
      'const x: Tensor = tensor([1, 2]);',
      'function twice<T extends number>(n: T): number { return 2 * n; }',
      'console.log(twice(x.shape[0] as Size));',
    ].join('\n');
    const js = stripTypes(source).split('\n');
    expect(js.length).toBe(8);
    expect(js[5]).toBe('const x = tensor([1, 2]);');
    expect(js[6]).toBe('function twice(n) { return 2 * n; }');
    expect(js[7]).toBe('console.log(twice(x.shape[0] ));');
  });

  it('finds what a cell binds at top level, what it reads from elsewhere, and what it imports', () => {
    const t = transformCell([
      "import * as Plot from '@observablehq/plot';",
      "import { tensor as t } from 'deconv';",
      'const { shape: [n], data } = t([1, 2]);',
      'let count: number;',
      'function f(k: number) { const local = k * n; return local + offset; }',
      'class Box {}',
      'for (const i of [1]) { let inner = i; }',
      'console.log(f(2), earlier, new Box());',
    ].join('\n'));
    expect(t.declared.sort()).toEqual(['Box', 'Plot', 'count', 'data', 'f', 'n', 't'].sort());
    expect(t.free.sort()).toEqual(['console', 'earlier', 'offset'].sort());
    expect(t.imports.sort()).toEqual(['@observablehq/plot', 'deconv']);
  });

  it('reports syntax errors and foreign imports with their line', () => {
    const syntax = (() => {
      try {
        transformCell('const a = 1;\nconst b = ;');
      } catch (e) {
        return e;
      }
    })() as CellSyntaxError;
    expect(syntax).toBeInstanceOf(CellSyntaxError);
    expect(syntax.line).toBe(2);
    const foreign = (() => {
      try {
        transformCell("const a = 1;\nimport fs from 'node:fs';");
      } catch (e) {
        return e;
      }
    })() as CellSyntaxError;
    expect(foreign.line).toBe(2);
    expect(foreign.message).toContain("not 'node:fs'");
    expect(() => transformCell("const m = await import('https://example.com/x.js');")).toThrow(/cannot load modules at run time/);
  });
});

describe('runtime: cells share one scope, in the order they run', () => {
  it('a later cell sees what an earlier one defined; re-running re-binds const, resets let', async () => {
    const k = kernel();
    await k.run("import { tensor } from 'deconv';\nconst a = 40;\nlet b = 1;\nfunction add(n: number) { return a + n; }\nclass Pair { constructor(readonly p: number) {} }");
    await k.run('console.log(add(2), b, new Pair(3).p, tensor([1]).shape);');
    await k.run('const a = 1;\nlet b;'); // const again: a notebook re-binds instead of failing
    await k.run('console.log(add(2), b === undefined);'); // the function sees the new a
    expect(k.printed).toEqual(['42 1 3 [1]', '3 true']);
  });

  it('supports top-level await, destructuring and namespace imports', async () => {
    const k = kernel();
    await k.run("import * as d from 'deconv';\nconst [p, { q }] = await Promise.resolve([2, { q: 3 }]);\nconsole.log(p * q, typeof d.convTranspose);");
    expect(k.printed).toEqual(['6 function']);
  });

  it('runs in strict mode, so a typo in an assignment is an error, not a new global', async () => {
    const k = kernel();
    const e = await rejection(k.run('let total = 0;\ntotl = 1;'));
    expect(e.name).toBe('ReferenceError');
    expect(e.line).toBe(2);
  });

  it("passes the core's validation message through intact, with the cell's line", async () => {
    const k = kernel();
    const e = await rejection(k.run([
      "import { convTranspose, tensor } from 'deconv';",
      'const x = tensor([[[[1, 2], [3, 4]]]]);',
      '',
      'convTranspose(x, tensor([[[[1, 1], [1, 1]]]]), { strides: [1, 2], outputPadding: [0, 2] });',
    ].join('\n')));
    expect(e).toEqual({ name: 'RangeError', message: 'convTranspose: outputPadding[1]=2 must be < max(strides[1], dilations[1])=2', line: 4, column: 1 });
  });

  it('display() and console.log hand rich values to the output', async () => {
    const k = kernel();
    await k.run("import { tensor } from 'deconv';\ndisplay(tensor([[1, 2], [3, 4]]));\ndisplay([{ k: 3, s: 2 }]);");
    expect(k.outputs).toEqual([
      { kind: 'matrix', title: 'Tensor 2×2 float64', slices: [{ label: '', rows: [[1, 2], [3, 4]] }], omitted: 0 },
      { kind: 'table', title: '1 rows', columns: ['k', 's'], rows: [['3', '2']], omitted: 0 },
    ]);
  });

  const snippets = resolve(__dirname, '../site/snippets');
  for (const file of readdirSync(snippets).filter((f) => f.endsWith('.ts')).sort()) {
    it(`snippet ${file} runs as a cell and prints what its comments say`, async () => {
      const source = readFileSync(join(snippets, file), 'utf8');
      const k = kernel();
      await k.run(source, file.slice(0, -3));
      const logs = source.split('\n').filter((l) => /console\.log\(/.test(l));
      logs.forEach((line, i) => {
        const at = line.indexOf('// => ');
        if (at >= 0) expect(k.printed[i], line.trim()).toBe(line.slice(at + 6).trim());
      });
    });
  }
});

describe('output formatting', () => {
  it('prints nested arrays of numbers with aligned columns, like NumPy', () => {
    const v = [[[[1, 1, 3, 2], [1, 1, 3, 2], [4, 4, 10, 6], [3, 3, 7, 4]]]];
    expect(numericShape(v)).toEqual([1, 1, 4, 4]);
    expect(formatArray(v, [1, 1, 4, 4])).toBe([
      '[[[[ 1,  1,  3,  2],',
      '   [ 1,  1,  3,  2],',
      '   [ 4,  4, 10,  6],',
      '   [ 3,  3,  7,  4]]]]',
    ].join('\n'));
    expect(inspect([[1, 2], [3, 4], [5, 6]])).toBe('[[1, 2],\n [3, 4],\n [5, 6]]');
    expect(inspect([1, -0, 2.5])).toBe('[  1,  -0, 2.5]');
  });

  it('prints other values as Node does, strings bare at the top and quoted inside', () => {
    expect(inspect('hi')).toBe('hi');
    expect(inspect({ a: 'x', b: [1, 'y'], c: null, d: undefined })).toBe("{ a: 'x', b: [1, 'y'], c: null, d: undefined }");
    expect(inspect(new Map([['k', 1]]))).toBe("Map(1) { 'k' => 1 }");
    expect(inspect(new Float32Array([1, 2]))).toBe('Float32Array(2) [1, 2]');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(inspect(loop)).toBe('{ self: [Circular] }');
  });

  it('shows a tensor as matrices of its last two axes', () => {
    const t = core.tensor(Array.from({ length: 8 }, (_, i) => i), [2, 1, 2, 2]);
    expect(tensorOutput(t)).toEqual({
      kind: 'matrix', title: 'Tensor 2×1×2×2 float64', omitted: 0,
      slices: [{ label: '[0, 0, :, :]', rows: [[0, 1], [2, 3]] }, { label: '[1, 0, :, :]', rows: [[4, 5], [6, 7]] }],
    });
    expect(logOutputs(['y =', new Float32Array([0.5, 1])])).toEqual([
      { kind: 'text', text: 'y =', level: 'log' },
      { kind: 'matrix', title: 'Float32Array(2)', slices: [{ label: '', rows: [[0.5, 1]] }], omitted: 0 },
    ]);
    expect(displayOutputs([[1, 2, 3]])).toEqual([{ kind: 'matrix', title: '2-D array 1×3', slices: [{ label: '', rows: [[1, 2, 3]] }], omitted: 0 }]);
  });

  it('sends a Plot figure drawn in a DOM-less runtime as standalone SVG markup', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const svg = Plot.dot([[1, 2]]).plot({ document, width: 100, height: 60 }) as unknown as Parameters<typeof elementOutputs>[0];
    const [out] = elementOutputs(svg);
    expect(out.kind).toBe('image');
    const markup = (out as { svg: string }).svg;
    expect(markup).toMatch(/^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(markup).toContain('<circle');
    const figure = Plot.dot([[1, 2]]).plot({ document, title: 'A title', width: 100, height: 60 }) as unknown as Parameters<typeof elementOutputs>[0];
    expect(elementOutputs(figure).map((o) => o.kind)).toEqual(['text', 'image']);
  });
});

describe('the drawing library in a cell', () => {
  it("display(heatmap(y)) from 'deconv/draw' shows the figures' heatmap as an image, its values in its cells", async () => {
    const k = kernel();
    const shown: Output[] = [];
    k.runtime.scope.display = (v: unknown) => void shown.push(...displayOutputs(v));
    await k.run([
      "import { heatmap } from 'deconv/draw';",
      "import { convTranspose, tensor } from 'deconv';",
      'const y = convTranspose(tensor([[[[1, 2]]]]), tensor([[[[1, -1]]]]), { strides: 2 });',
      "display(heatmap(y, { title: 'y' }));",
    ].join('\n'));
    expect(shown.map((o) => o.kind)).toEqual(['text', 'image']);
    expect(shown[0]).toMatchObject({ text: 'y' });
    const svg = (shown[1] as { svg: string }).svg;
    // By hand: x = [1, 2] stamps [1, -1] at 0 and [2, -2] at 2: y = [1, -1, 2, -2].
    const values = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).slice(-4);
    expect(values).toEqual(['1', '-1', '2', '-2']);
  });
});

describe('output of a stopped run', () => {
  it('keeps what was printed, then the stopped mark; output that arrives late goes before the mark', () => {
    const { document } = parseHTML('<!doctype html><html><body><div hidden></div></body></html>');
    const saved = (globalThis as { document?: unknown }).document;
    (globalThis as { document?: unknown }).document = document;
    try {
      const output = document.querySelector('div') as unknown as HTMLElement;
      appendOutputs(output, [{ kind: 'text', text: 'one', level: 'log' }]);
      appendStopped(output, 'stopped after 1.2 s');
      appendOutputs(output, [{ kind: 'text', text: 'two', level: 'log' }]);
      expect(output.hidden).toBe(false);
      expect([...output.children].map((c) => [c.className, c.textContent])).toEqual([
        ['cell-out-text', 'onetwo'],
        ['cell-out-stopped', '■ stopped after 1.2 s'],
      ]);
      expect([...output.querySelectorAll('.cell-out-text > span')].map((s) => s.textContent)).toEqual(['one', 'two']);
    } finally {
      (globalThis as { document?: unknown }).document = saved;
    }
  });
});

describe('shared links', () => {
  it('round-trips any code through a URL-safe parameter', () => {
    const code = "const π = 3.14; // ünïcode ✓\nconsole.log(`a+b/c?d=e&f`);";
    const param = encodeCode(code);
    expect(param).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCode(param)).toBe(code);
    expect(decodeCode('%%%')).toBeUndefined();
  });
});
