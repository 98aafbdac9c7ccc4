/**
 * The static tables of the site (frameworks page, up-sampling page, "From the question") show
 * numbers computed by the core at build time. Here those numbers are compared with values
 * worked out by hand (here and in contentTables.expected.ts): the data modules the components
 * render. test/browser/contentTables.test.ts checks the same numbers in the built HTML.
 */
import { describe, expect, it } from 'vitest';
import { canvas, coreWeight, examples, fcnKernel, phaseRows, tfWeight, type FrameworkName } from '../site/components/frameworkTables';
import { cost, COST, roundTrips } from '../site/components/questionNumbers';
import { CANVAS, WANT, windowOf } from './contentTables.expected';

describe('framework tables (data module)', () => {
  it('the canvas is the hand-summed stamps', () => expect(canvas).toEqual(CANVAS));
  for (const framework of Object.keys(WANT) as FrameworkName[]) {
    it(`${framework}: crops, output padding, sizes and outputs match the hand calculation`, () => {
      const rows = examples[framework];
      expect(rows.length).toBe(WANT[framework].length);
      rows.forEach((row, r) => {
        const want = WANT[framework][r];
        expect([row.pads, row.outputPadding, row.size], row.args).toEqual([want.pads, want.a, want.size]);
        expect(row.output, row.args).toEqual(windowOf(want.pads[0], want.size));
      });
    });
  }
  it('Keras same rows carry the torch-backend shift note, valid rows none', () => {
    const notes = examples.keras.map((r) => r.note ?? '');
    expect(notes[0]).toBe('');
    expect(notes[1]).toBe('');
    expect(notes[2]).toMatch(/padding=1, output_padding=1 .*shifted by 1/);
    expect(notes[4]).toMatch(/shifted by 1/);
  });
  it('weight layouts: TF [k, C_out, C_in] is the core [C_in, C_out, k] with axes reversed', () => {
    expect(coreWeight).toEqual([
      [[111, 112], [121, 122], [131, 132]],
      [[211, 212], [221, 222], [231, 232]],
    ]);
    expect(tfWeight).toEqual([
      [[111, 211], [121, 221], [131, 231]],
      [[112, 212], [122, 222], [132, 232]],
    ]);
  });
  it("FCN's kernels: f = 2 is the outer product of [1/4, 3/4, 3/4, 1/4], f = 3 of [1/3, 2/3, 1, 2/3, 1/3]", () => {
    const outer = (p: number[]) => p.map((a) => p.map((b) => a * b));
    const two = fcnKernel(2);
    expect(two.k).toBe(4);
    expect(two.rows).toEqual(outer([0.25, 0.75, 0.75, 0.25]));
    expect(two.rows[1][1]).toBe(0.5625);
    expect(two.phases).toEqual([1, 1, 1, 1]);
    const three = fcnKernel(3);
    expect(three.k).toBe(5);
    three.rows.flat().forEach((v, n) => expect(v).toBeCloseTo(outer([1 / 3, 2 / 3, 1, 2 / 3, 1 / 3]).flat()[n], 9));
    three.phases.forEach((v) => expect(v).toBeCloseTo(1, 9));
  });
});

describe('checkerboard phase table (data module)', () => {
  it('taps per phase and phase sums at stride 2, by hand', () => {
    // phase 0 takes taps 0, 2, ...; phase 1 takes taps 1, 3, ...
    expect(phaseRows.map((r) => [r.taps, r.counts, r.sums])).toEqual([
      [[1, 1, 1], [2, 1], [2, 1]],
      [[1, 1, 1, 1], [2, 2], [2, 2]],
      [[0.5, 1, 0.5], [2, 1], [1, 1]],
      [[0.25, 0.75, 0.75, 0.25], [2, 2], [1, 1]],
      // conv weights [1, 2, 3] act as the impulse response g = [3, 2, 1]; g * [1, 1] = [3, 5, 3, 1]
      [[3, 5, 3, 1], [2, 2], [6, 6]],
    ]);
  });
});

describe('"From the question" numbers (data module)', () => {
  const { channels: C, n, k } = COST;
  it('multiply-adds: zero insertion C²·n_out²·k², scatter C²·n_in²·k²', () => {
    expect(cost.nOut).toBe(64); // 2·31 + 4 - 2
    expect(cost.zeroInsertionMacs).toBe(C * C * 64 * 64 * k * k); // 4,194,304
    expect(cost.scatterMacs).toBe(C * C * n * n * k * k); // 1,048,576
  });
  it('useful products: per axis 32·4 stamps minus the 2 that fall on the cropped border', () => {
    // position 2o + j - 1 must lie in [0, 63]: only (o, j) = (0, 0) and (31, 3) fall outside.
    const perAxis = 32 * 4 - 2;
    expect(cost.scatterUseful).toBe(perAxis * perAxis * C * C);
    expect(cost.zeroInsertionUseful).toBe(perAxis * perAxis * C * C);
    expect(cost.agreement).toBeLessThan(1e-9);
  });
  it('C^T C x = x for the complete orthonormal Haar bank only', () => {
    expect(roundTrips[0].error).toBeLessThan(1e-12);
    expect(roundTrips[1].error).toBeGreaterThan(0.1);
    expect(roundTrips[2].error).toBeGreaterThan(0.1);
  });
});
