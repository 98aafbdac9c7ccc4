/**
 * The notebooks (notebooks/NN-*.ipynb, TypeScript through tslab). `npm run notebooks` executes
 * them into notebooks/.executed/ before vitest runs (scripts/test.sh); this test then
 *   - checks the committed notebooks: no outputs, the core imported from './src/index' through
 *     the notebooks/src -> ../src link, no copy of a core function;
 *   - reads the executed ones: same code as committed, no cell error, and the values their
 *     checks printed (`✓ key = JSON  [rule]`, written by notebooks/display.ts), compared here
 *     with the core and with hand-verified literals;
 *   - reads the published HTML (site/public/notebooks/, or NOTEBOOKS_HTML_DIR): offline and
 *     script-free, with the site's favicon, a header back to the chapter, the notebooks page
 *     and the .ipynb, and a dark scheme.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index';
import {
  bilinearProfile, bilinearUpsample, convTranspose, downsampleMatrix, fromTensorFlow, overlapPattern, pixelShuffle, nearestUpsampleKernel, polyphaseKernels, scatter, tensor, toArray, toDense,
  transpose, zeroInsertion,
} from '../src/index';

const dir = resolve(__dirname, '../notebooks');
const executedDir = join(dir, '.executed');

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string }
interface Cell { cell_type: string; source: string | string[]; outputs?: Output[]; execution_count?: number | null }
interface Notebook { cells: Cell[]; metadata: { kernelspec?: { name?: string }; deconv?: { executed?: boolean } } }

const join_ = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join('') : s ?? '');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Notebook;
const code = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === 'code');

const names = readdirSync(dir).filter((f) => /^\d\d-[a-z0-9-]+\.ipynb$/.test(f)).sort();
const committed = new Map(names.map((n) => [n, read(join(dir, n))]));

describe('committed notebooks', () => {
  it('one per chapter, named NN-topic.ipynb', () => {
    const chapters = names.map((n) => n.slice(0, 2));
    for (const ch of ['01', '02', '03', '04', '05', '06', '07', '08']) expect(chapters, `chapter ${ch}`).toContain(ch);
  });

  it('are saved without outputs or execution counts (clean diffs)', () => {
    const dirty = names.flatMap((n) => code(committed.get(n)!).flatMap((c, i) =>
      (c.outputs?.length || c.execution_count != null ? [`${n} code cell ${i}`] : [])));
    expect(dirty, 'clear them: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb').toEqual([]);
  });

  it('use the tslab kernel and import the core from ./src/index (the notebooks/src -> ../src link)', () => {
    expect(lstatSync(join(dir, 'src')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'src'))).toBe('../src');
    for (const n of names) {
      const nb = committed.get(n)!;
      expect(nb.metadata.kernelspec?.name, n).toBe('tslab');
      const imports = code(nb).map((c) => join_(c.source)).join('\n');
      expect(imports, n).toMatch(/from '\.\/src\/index'/);
      expect(imports, `${n} must import the core only through './src/index'`).not.toMatch(/from '(\.\.\/|\.\/src\/(?!index'))/);
    }
  });

  it('never redefine a core function (a notebook shows the core, not a copy of it)', () => {
    const exported = new Set(Object.keys(core));
    const sources = [...names.map((n) => [n, code(committed.get(n)!).map((c) => join_(c.source)).join('\n')]),
      ['display.ts', readFileSync(join(dir, 'display.ts'), 'utf8')]];
    const copies = sources.flatMap(([n, src]) => [...src.matchAll(/(?:function\s+|(?:const|let)\s+)([A-Za-z_$][\w$]*)/g)]
      .map((m) => m[1]).filter((id) => exported.has(id)).map((id) => `${n}: ${id}`));
    expect(copies).toEqual([]);
  });
});

const missing = names.filter((n) => !existsSync(join(executedDir, n)));
const executed = new Map(names.filter((n) => !missing.includes(n)).map((n) => [n, read(join(executedDir, n))]));

/** Every `✓ key = value  [rule]` and `• key = value` line printed by the notebooks. */
interface Printed { notebook: string; value: unknown; rule?: string }
const printed = new Map<string, Printed>();
for (const [n, nb] of executed) {
  for (const c of code(nb)) {
    for (const o of c.outputs ?? []) {
      if (o.output_type !== 'stream' || o.name !== 'stdout') continue;
      for (const line of join_(o.text).split('\n')) {
        const m = /^(?:✓|•) ([a-z]+\.[A-Za-z0-9_.]+) = (.*?)(?:  \[([^\]]+)\])?$/.exec(line);
        if (m) printed.set(m[1], { notebook: n, value: JSON.parse(m[2]), rule: m[3] });
      }
    }
  }
}

function value(key: string): unknown {
  const p = printed.get(key);
  if (!p) throw new Error(`no notebook printed "${key}": run npm run notebooks (or a check was removed)`);
  return p.value;
}

describe('executed notebooks (npm run notebooks)', () => {
  it('exist', () => {
    expect(missing, `not executed: ${missing.join(', ')}. Run \`npm run notebooks\` first (scripts/test.sh runs it before vitest)`).toEqual([]);
  });

  it('were executed from the committed code', () => {
    for (const [n, nb] of executed) {
      expect(code(nb).map((c) => join_(c.source)), `${n} changed since it was executed: run npm run notebooks`)
        .toEqual(code(committed.get(n)!).map((c) => join_(c.source)));
    }
  });

  it('ran every code cell, with no error and nothing on stderr', () => {
    for (const [n, nb] of executed) {
      expect(nb.metadata.deconv?.executed, n).toBe(true);
      code(nb).forEach((c, i) => {
        expect(c.execution_count, `${n} cell ${i} did not run`).toBeTypeOf('number');
        const bad = (c.outputs ?? []).filter((o) => o.output_type === 'error' || o.name === 'stderr');
        expect(bad, `${n} cell ${i}`).toEqual([]);
      });
    }
  });

  it('every printed bound holds', () => {
    const checked = [...printed].filter(([, p]) => p.rule?.startsWith('< '));
    expect(checked.length).toBeGreaterThan(10);
    for (const [key, p] of checked) {
      const bound = Number(p.rule!.slice(2));
      expect(p.value, key).toBeTypeOf('number');
      expect(p.value as number, key).toBeGreaterThanOrEqual(0);
      expect(p.value as number, key).toBeLessThan(bound);
    }
  });

  it('chapter 1: the five views agree with convTranspose; the adjoint identity holds', () => {
    for (const view of ['scatter', 'zeroInsertion', 'matrix', 'gradient', 'polyphase']) {
      expect(value(`what.view_${view}_vs_convTranspose`) as number, view).toBeLessThan(1e-12);
    }
    expect(value('what.adjoint_relative_difference') as number).toBeLessThan(1e-12);
  });

  it('chapter 2: the scatter examples, by hand and by the core', () => {
    const y1 = [[[1, 2, 5, 4, 9, 6, 9]]];
    expect(value('scatter.y_1d')).toEqual(y1);
    expect(toArray(scatter(tensor([[[1, 2, 3]]]), tensor([[[1, 2, 3]]]), { strides: 2 }))).toEqual(y1);
    const full = [[[[1, 1, 3, 2, 2], [1, 1, 3, 2, 2], [4, 4, 10, 6, 6], [3, 3, 7, 4, 4], [3, 3, 7, 4, 4]]]];
    expect(value('scatter.y_2x2_full')).toEqual(full);
    expect(value('scatter.y_2x2_pads_0011')).toEqual([[[[1, 1, 3, 2], [1, 1, 3, 2], [4, 4, 10, 6], [3, 3, 7, 4]]]]);
    expect(value('scatter.overlap_k3_s2')).toEqual([[[1, 1, 2, 1, 2, 1, 2, 1, 1]]]);
  });

  it('chapter 3: zero insertion steps, by hand and by the core', () => {
    expect(value('zero.upsampled_1d')).toEqual([[[1, 0, 2, 0, 3]]]);
    expect(value('zero.padded_1d')).toEqual([[[0, 0, 1, 0, 2, 0, 3, 0, 0]]]);
    expect(value('zero.output_1d')).toEqual([[[1, 2, 5, 4, 9, 6, 9]]]);
    expect(toArray(zeroInsertion(tensor([[[1, 2, 3]]]), tensor([[[1, 2, 3]]]), { strides: 2 }))).toEqual([[[1, 2, 5, 4, 9, 6, 9]]]);
    expect(value('zero.size_padding_strides_odd_output_padding')).toEqual([6, 6]);
  });

  it('chapter 4: C^T x equals the scatter result; the adjoint identity holds', () => {
    expect(value('matrix.max_diff_CTx_vs_scatter') as number).toBeLessThan(1e-12);
    expect(value('matrix.adjoint_relative_difference') as number).toBeLessThan(1e-12);
    expect(value('matrix.CT_row_is_reversed_kernel')).toEqual([3, 2, 1]);
    expect(value('matrix.big_sparse_vs_convTranspose') as number).toBeLessThan(1e-12);
    // per axis, 32 inputs x 4 taps land at 2o + k - 1, all inside [0, 64) but (o=0, k=0) and (o=31, k=3);
    // two axes, 4 x 4 channel pairs
    expect(value('matrix.big_nonzeros')).toBe((32 * 4 - 2) ** 2 * 4 * 4);
  });

  it('chapter 5: the gradients are the transposed convolution, a correlation and a sum; learning converges', () => {
    expect(value('gradient.dx_vs_convTranspose') as number).toBeLessThan(1e-12);
    expect(value('gradient.dx_vs_finite_differences') as number).toBeLessThan(1e-8);
    expect(value('gradient.dw_vs_finite_differences') as number).toBeLessThan(1e-8);
    expect(value('gradient.db_vs_finite_differences') as number).toBeLessThan(1e-8);
    expect(value('gradient.dw_vs_correlation') as number).toBeLessThan(1e-12);
    expect(value('gradient.caffe_col2im_vs_convTranspose') as number).toBeLessThan(1e-12);
    expect(value('gradient.learned_weights_error') as number).toBeLessThan(1e-6);
    expect(value('gradient.learned_interpolation_kernel')).toEqual([0.5, 1, 0.5]);
  });

  it('chapter 6: U = D^T, the polyphase split, nearest up-sampling + conv as one kernel', () => {
    const U = [[1, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]];
    expect(value('signal.U_equals_D_transpose')).toEqual(U);
    expect(toArray(toDense(transpose(downsampleMatrix(8, 2))))).toEqual(U);
    // w = [1, 2, 3], s = 2: even taps [w0, w2], odd taps [w1]
    expect(value('signal.phase_kernels_k3_s2')).toEqual([[1, 3], [2]]);
    expect(polyphaseKernels(tensor([[[1, 2, 3]]]), 2).map((p) => Array.from(p.kernel!.data))).toEqual([[1, 3], [2]]);
    // q = [1, 2, 3]: g = reverse(q) = [3, 2, 1], h = [g0, g0+g1, g1+g2, g2]
    expect(value('signal.nearest_kernel_k3_s2')).toEqual([[[3, 5, 3, 1]]]);
    expect(toArray(nearestUpsampleKernel(tensor([[[1, 2, 3]]]), 2))).toEqual([[[3, 5, 3, 1]]]);
    expect(value('signal.polyphase_interleave_vs_convTranspose') as number).toBeLessThan(1e-12);
    expect(value('signal.convTranspose_is_conv_after_upsample') as number).toBeLessThan(1e-12);
  });

  it('chapter 7: the TF SAME example, the PyTorch shift, and output sizes', () => {
    const expected = [[1, 1, 3, 2], [1, 1, 3, 2], [4, 4, 10, 6], [3, 3, 7, 4]]; // by hand, as in TensorFlow
    const tfSame = fromTensorFlow({ kernel_size: 3, output_shape: [4, 4], strides: 2, padding: 'SAME' }, [2, 2]);
    const core = toArray(convTranspose(tensor([[[[1, 2], [3, 4]]]]), tensor(new Float64Array(9).fill(1), [1, 1, 3, 3]), tfSame.options));
    expect(value('frameworks.tf_same_example')).toEqual(expected);
    expect(value('frameworks.tf_same_example')).toEqual((core as number[][][][])[0][0]);
    expect(value('frameworks.tf_same_pads')).toEqual([0, 0, 1, 1]);
    expect(value('frameworks.torch_shifted_example')).toEqual([[1, 3, 2, 2], [4, 10, 6, 6], [3, 7, 4, 4], [3, 7, 4, 4]]);
    expect(value('frameworks.inputs_giving_4')).toEqual([7, 8]);
    expect(value('frameworks.roundtrip_failures')).toEqual([]);
  });

  it('chapter 8: bilinear kernels, conventions, checkerboards, sub-pixel and learned up-sampling', () => {
    expect(value('upsampling.profile_k4')).toEqual([0.25, 0.75, 0.75, 0.25]);
    expect(Array.from(bilinearProfile(4))).toEqual([0.25, 0.75, 0.75, 0.25]);
    expect(value('upsampling.half_pixel_1d') as number).toBeLessThan(1e-12);
    expect(value('upsampling.fcn_1d') as number).toBeLessThan(1e-12);
    // FCN x2 of [1, 2, 4, 3]: half-pixel inside, 0.75 x0 and 0.75 x3 at the ends (zero padding)
    expect(Array.from(bilinearUpsample(tensor([[[1, 2, 4, 3]]]), 2).data)).toEqual([0.75, 1.25, 1.75, 2.5, 3.5, 3.75, 3.25, 2.25]);
    expect(value('upsampling.fcn_vs_half_pixel_border')).toBe(0.75);
    expect(value('upsampling.overlap_k3_s2')).toEqual([2, 1]);
    expect(Array.from(overlapPattern([3], 2).data)).toEqual([2, 1]);
    expect(value('upsampling.checkerboard_free')).toEqual([false, true, false]);
    expect(value('upsampling.bilinear_score') as number).toBeLessThan(1e-12);
    expect(value('upsampling.resize_conv_score') as number).toBeLessThan(1e-12);
    const shuffled = [[0, 4, 1, 5], [8, 12, 9, 13], [2, 6, 3, 7], [10, 14, 11, 15]]; // y[2h+i, 2w+j] = x[2i+j, h, w]
    expect(value('upsampling.pixel_shuffle')).toEqual(shuffled);
    expect((toArray(pixelShuffle(tensor(Float64Array.from({ length: 16 }, (_, j) => j), [1, 4, 2, 2]), 2)) as number[][][][])[0][0]).toEqual(shuffled);
    expect(value('upsampling.sub_pixel_vs_convTranspose') as number).toBeLessThan(1e-12);
    expect(value('upsampling.learned_loss_ratio') as number).toBeGreaterThan(10);
    expect(value('upsampling.learned_beats_bilinear')).toBe(true);
  });
});

const htmlDir = process.env.NOTEBOOKS_HTML_DIR || resolve(__dirname, '../site/public/notebooks');

describe('published HTML (npm run notebooks)', () => {
  // The chapter page of each notebook, as the site's sidebar orders them.
  const chapters: Record<string, string> = {
    '01': '/', '02': '/scatter/', '03': '/zero-insertion/', '04': '/matrix/', '05': '/gradient/',
    '06': '/signal-processing/', '07': '/frameworks/', '08': '/upsampling/',
  };
  const unpublished = names.filter((n) => !existsSync(join(htmlDir, n.replace(/\.ipynb$/, '.html'))));

  it('exists for every notebook, next to the .ipynb it offers for download', () => {
    expect(unpublished, `not published in ${htmlDir}: run npm run notebooks`).toEqual([]);
    for (const n of names) expect(existsSync(join(htmlDir, n)), n).toBe(true);
  });

  for (const n of names.filter((x) => !unpublished.includes(x))) {
    it(`${n}: offline, script-free, and linked to the site`, () => {
      const stem = n.replace(/\.ipynb$/, '');
      const html = readFileSync(join(htmlDir, `${stem}.html`), 'utf8');
      expect(html).not.toMatch(/<script/i);
      expect(html, 'an event handler attribute runs script').not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      // Nothing loaded from elsewhere (links to read are fine; sources and stylesheets are not).
      expect(html.match(/\b(?:src|srcset)\s*=\s*["']?(?:[a-z]+:)?\/\/[^"'\s>]*/gi) ?? []).toEqual([]);
      expect(html.match(/<link\b[^>]*\bhref\s*=\s*["']?(?:[a-z]+:)?\/\/[^>]*>/gi) ?? []).toEqual([]);
      expect(html.match(/@import|url\(\s*["']?(?:https?:)?\/\//gi) ?? []).toEqual([]);
      // Served as /notebooks/<stem>.html: relative links resolve against that.
      const page = new URL(`http://site.invalid/notebooks/${stem}.html`);
      const hrefs = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => new URL(m[1], page).pathname);
      expect(hrefs(/<link\b[^>]*rel="icon"[^>]*href="([^"]+)"/g)).toEqual(['/favicon.svg']);
      const header = /<header class="deconv-nav">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
      expect(header, 'the header back to the site').not.toBe('');
      const home = /<a class="deconv-home" href="([^"]+)">([^<]*)<\/a>/.exec(header);
      expect(home && new URL(home[1], page).pathname).toBe(chapters[n.slice(0, 2)]);
      expect(home?.[2]).toMatch(/^← deconv: \S/);
      const links = [...header.matchAll(/<a\b([^>]*)href="([^"]+)"([^>]*)>/g)].map((m) => ({ path: new URL(m[2], page).pathname, download: /\bdownload\b/.test(m[1] + m[3]) }));
      expect(links).toContainEqual({ path: '/notebooks/', download: false });
      expect(links).toContainEqual({ path: `/notebooks/${n}`, download: true });
      // Dark readers get a dark page; figures keep their white card.
      expect(html).toMatch(/<meta name="color-scheme" content="light dark">/);
      expect(html).toMatch(/@media \(prefers-color-scheme: dark\)\s*\{[\s\S]*--jp-layout-color0:/);
      expect(html).toMatch(/\.jp-MarkdownOutput \{ max-width: 80ch; \}/);
    });
  }
});
