/**
 * The drawing library (draw/): one heatmap, matrix table, stem and line plot for the figures,
 * the notebooks and the cells. It must compile as tslab compiles the notebooks (TypeScript 5.0,
 * ES2022, no DOM library), import nothing of the core, and be the only place that draws these
 * kinds of plot: a scan fails on a new Plot.cell / ruleX / line drawing elsewhere. Expected
 * values below are written by hand.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { fmt, heatmap, label, lines, matrixHtml, rowsOf, slicesOf, stems, type DrawDocument } from '../draw/index';

const require = createRequire(import.meta.url);
const root = resolve(__dirname, '..');
const drawDir = join(root, 'draw');

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

const sources = files(drawDir, (p) => p.endsWith('.ts'));
const doc = () => parseHTML('<!doctype html><html><body></body></html>').document as unknown as DrawDocument;

describe('the drawing library compiles where the notebooks run', () => {
  it('under tslab (TypeScript 5.0, ES2022 only: no DOM types), with no diagnostics', () => {
    const ts = require('@tslab/typescript-for-tslab') as typeof import('typescript');
    expect(ts.version.startsWith('5.0')).toBe(true);
    // As tslab's own options (node_modules/tslab/dist/converter.js): Plot's declarations mention
    // DOM types, which tslab skips (skipLibCheck); the library's own files must not need them.
    const program = ts.createProgram(sources, {
      target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, strict: true, noEmit: true, types: [], skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  it('imports only its own files (relative, extensionless, naming a file) and Observable Plot, never the core', () => {
    const bad: string[] = [];
    for (const file of sources) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '([^']*)'/g)) {
        const ownFile = spec.startsWith('./') && !spec.endsWith('.ts') && !spec.endsWith('.js') && existsSync(join(dirname(file), `${spec}.ts`));
        if (!ownFile && spec !== '@observablehq/plot') bad.push(`${relative(root, file)}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('is reached from the notebooks through the committed link notebooks/draw -> ../draw', () => {
    expect(readlinkSync(join(root, 'notebooks/draw'))).toBe('../draw');
    expect(statSync(join(root, 'notebooks/draw')).isDirectory()).toBe(true);
    expect(readFileSync(join(root, 'notebooks/draw/heatmap.ts'), 'utf8')).toBe(readFileSync(join(drawDir, 'heatmap.ts'), 'utf8'));
  });
});

/**
 * Places that still draw one of the library's kinds with Plot directly, each with its reason.
 * The list may only shrink: a new heatmap, stem or line plot goes through draw/.
 */
const ALLOWED: Record<string, string> = {
  'site/figures/polyphase-split.ts': 'cells coloured by phase (categorical), faceted',
  'site/figures/framework-calculator.ts': 'cells as labelled tags (categorical), not values',
  'site/figures/size-collapse.ts': 'landing positions (categorical), not a heatmap of values',
  'site/figures/upsampling-conventions.ts': 'four methods each with its own dash and dots over shaded input samples and an interior band (not yet a lines() option)',
};

/** Plot marks that draw a heatmap (cell), a stem (ruleX) or a line: the library's kinds. */
const DRAWING = /\bPlot\.(cell|cellX|cellY|ruleX|line|lineX|lineY)\(/;

function usesDrawing(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.ipynb')) return DRAWING.test(text);
  const nb = JSON.parse(text) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells.some((c) => c.cell_type === 'code' && DRAWING.test(Array.isArray(c.source) ? c.source.join('') : c.source));
}

describe('heatmaps, stems and lines are drawn by the library only', () => {
  const scanned = [
    ...files(join(root, 'site'), (p) => /\.(ts|astro|mdx)$/.test(p)),
    ...files(join(root, 'notebooks'), (p) => /\.(ts|ipynb)$/.test(p) && !p.includes('/draw/') && !p.includes('/src/')),
    ...files(join(root, 'inspect'), (p) => p.endsWith('.ts')),
  ].map((p) => relative(root, p));

  it('no figure, notebook, cell or page draws one with Plot directly (outside the list of reasons)', () => {
    const found = scanned.filter((p) => usesDrawing(join(root, p)));
    expect(found.length).toBeGreaterThan(0); // the scan reads real files: the listed figures match
    expect(found.filter((p) => !(p in ALLOWED))).toEqual([]);
  });

  it('the list of reasons names only files that still need it', () => {
    expect(Object.keys(ALLOWED).filter((p) => !existsSync(join(root, p)) || !usesDrawing(join(root, p)))).toEqual([]);
  });

  it('the scan would catch a heatmap, a stem or a line drawn directly', () => {
    expect(DRAWING.test("marks: [Plot.cell(cells, { x: 'j', y: 'i', fill: 'v' })]")).toBe(true);
    expect(DRAWING.test("Plot.ruleX(data, { x: 'i', y1: 0, y2: 'v' })")).toBe(true);
    expect(DRAWING.test("Plot.line(curve, { x: 'step', y: 'loss' })")).toBe(true);
    expect(DRAWING.test("Plot.barY(rows, { x: 'peer', y: 'value' })")).toBe(false);
  });
});

describe('numbers and rows', () => {
  it('writes cell labels and readable numbers', () => {
    expect([label(0.125), label(-0.001), label(2), label(1 / 3, 3)]).toEqual(['0.13', '0', '2', '0.333']);
    expect([fmt(3), fmt(1 / 3), fmt(0.0001234), fmt(2.5e7 + 0.5)]).toEqual(['3', '0.3333', '1.23e-4', '2.50e+7']);
  });

  it('takes the first matrix of the last two axes; a 1-D tensor is one row', () => {
    const t = { shape: [2, 1, 2, 3], data: Float64Array.from({ length: 12 }, (_, j) => j) };
    expect(rowsOf(t)).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(rowsOf({ shape: [3], data: [7, 8, 9] })).toEqual([[7, 8, 9]]);
    expect(rowsOf({ shape: [], data: [5] })).toEqual([[5]]);
    expect(rowsOf([[[[1, 2]], [[3, 4]]]])).toEqual([[1, 2]]);
    expect(rowsOf([1, 2])).toEqual([[1, 2]]);
  });

  it('slices every leading index, cut to side x side and count slices', () => {
    const t = { shape: [3, 2, 2], data: Float64Array.from({ length: 12 }, (_, j) => j) };
    expect(slicesOf(t, { side: 1, count: 2 })).toEqual({
      slices: [{ label: '[0, :, :]', rows: [[0]] }, { label: '[1, :, :]', rows: [[4]] }], omitted: 1, clipped: true,
    });
  });
});

describe('drawings', () => {
  const texts = (markup: string) => [...markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

  it('heatmap: one coloured cell and one label per value, zeros left out on request, outlines on top', () => {
    const m = [[1, -2], [0, 3]];
    const all = heatmap(m, { document: doc(), title: 'W' }).outerHTML;
    expect(all).toContain('<h2>W</h2>');
    const grid = all.slice(all.indexOf('<g aria-label="cell"'));
    expect(grid.match(/<rect /g)?.length).toBe(4);
    // Axis ticks 0, 1 (columns) and 0, 1 (rows), then the values in reading order.
    expect(texts(all).slice(-4)).toEqual(['1', '-2', '0', '3']);
    const sparse = heatmap(m, { document: doc(), hideZeros: true, highlight: [[1, 1]], dashed: [[0, 1]] }).outerHTML;
    expect(sparse).toContain('aria-label="frame"');
    expect(sparse).toContain('stroke-dasharray="2.5 2"');
    expect(texts(sparse).slice(-3)).toEqual(['1', '3', '-2']); // values, then the dashed cell's grey value
    expect(sparse.lastIndexOf('stroke="#e8590c"')).toBeGreaterThan(sparse.lastIndexOf('<text'));
  });

  it('heatmap: a tooltip per cell on request, and every n-th row and column numbered', () => {
    const out = heatmap([[1, 2, 3], [4, 5, 6]], { document: doc(), tip: (i, j, v) => `C[${i}][${j}] = ${v}`, tickEvery: 2, values: false }).outerHTML;
    expect([...out.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual(
      ['C[0][0] = 1', 'C[0][1] = 2', 'C[0][2] = 3', 'C[1][0] = 4', 'C[1][1] = 5', 'C[1][2] = 6']);
    expect(texts(out)).toEqual(['0', '0', '2']); // row 0 (the y axis is drawn first), columns 0 and 2; no values
  });

  it('stems: a rule and a dot per sample, a legend for several series', () => {
    const one = stems({ x: [1, -1, 2] }, { document: doc() }).outerHTML;
    expect(one.slice(one.indexOf('aria-label="rule"', one.indexOf('aria-label="rule"') + 1)).match(/<line /g)?.length).toBe(3);
    expect(one.match(/<circle /g)?.length).toBe(3);
    const two = stems({ a: [1, 2], b: [3, 4] }, { document: doc() }).outerHTML;
    expect(two).toContain('swatch');
  });

  it('stems: every index numbered, a dashed marker, value labels, one colour on request', () => {
    const out = stems({ p: [0.25, 0.75, 0.75, 0.25] }, { document: doc(), everyIndex: true, marker: 1.5, valueDigits: 3, color: '#1c7ed6', yDomain: [0, 1] }).outerHTML;
    const ticks = /aria-label="x-axis tick label"[^]*?<\/g>/.exec(out)?.[0] ?? '';
    expect(texts(ticks)).toEqual(['0', '1', '2', '3']);
    expect(out).toContain('stroke-dasharray="4 3"');
    expect(texts(out).slice(-4)).toEqual(['0.25', '0.75', '0.75', '0.25']);
    expect(out).not.toContain('swatch');
    expect(out.match(/fill="#1c7ed6"/g)?.length).toBe(1); // the dots' group
  });

  it('lines: a log axis leaves out what it cannot place; levels are dashed', () => {
    const out = lines({ loss: [4, 2, 0, 1] }, { document: doc(), logY: true, levels: [1.5] }).outerHTML;
    const path = /aria-label="line"[^]*?<path[^>]* d="([^"]+)"/.exec(out)?.[1] ?? '';
    expect(path.match(/[ML]/g)?.length).toBe(3);
    expect(out).toContain('stroke-dasharray="4 4"');
  });

  it('lines: fixed extents, one colour, a point with its note, labelled levels', () => {
    const out = lines({ loss: [1, 0.1] }, {
      document: doc(), logY: true, xDomain: [0, 10], yDomain: [1e-3, 1], yTicks: [1e-3, 1], yTickFormat: (v) => String(v), color: '#1c7ed6',
      levels: [0.01], levelColor: '#2f9e44', levelNote: (v) => `fixed ${v}`, point: { x: 1, y: 0.1, color: '#c92a2a', note: 'diverged' }, clip: true,
    }).outerHTML;
    expect(texts(out)).toEqual(['0.001', '1', '0', '2', '4', '6', '8', '10', 'fixed 0.01', 'diverged']);
    expect(out).toContain('stroke="#1c7ed6"');
    expect(out).toContain('stroke="#2f9e44"');
    expect(out).toContain('<circle r="3" cy=');
    expect(out).toContain('clip-path');
    expect(out).not.toContain('swatch');
  });

  it('matrix: the numbers in an HTML table, labels escaped', () => {
    expect(matrixHtml([[1, 0.5]], { rowLabels: ['<r>'], colLabels: ['a', 'b'], caption: 'C' })).toBe(
      '<div style="font: 600 13px sans-serif; margin: 4px 0">C</div><table><thead><tr><th></th><th>a</th><th>b</th></tr></thead>\n'
      + '<tbody>\n<tr><th>&lt;r&gt;</th><td>1</td><td>0.5</td></tr>\n</tbody>\n</table>');
  });
});
