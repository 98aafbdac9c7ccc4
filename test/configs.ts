/**
 * Random configurations of a transposed convolution for property tests: 1-3 spatial axes,
 * batch, groups, strides, asymmetric pads, dilations, output padding and bias, kept small.
 */
import fc from 'fast-check';
import { effectiveKernel, randomTensor, type ConvTransposeOptions, type Tensor } from '../src/index';

export interface Config {
  x: Tensor;
  w: Tensor;
  options: ConvTransposeOptions;
  label: string;
}

const axis = fc
  .record({ input: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 1, max: 2 }) })
  .chain((a) => {
    const ek = effectiveKernel(a.k, a.d);
    return fc.record({
      ...Object.fromEntries(Object.entries(a).map(([k, v]) => [k, fc.constant(v)])),
      begin: fc.integer({ min: 0, max: ek - 1 }),
      end: fc.integer({ min: 0, max: ek - 1 }),
      op: fc.integer({ min: 0, max: Math.max(a.s, a.d) - 1 }),
    }) as fc.Arbitrary<{ input: number; k: number; s: number; d: number; begin: number; end: number; op: number }>;
  })
  // The output must keep at least one position.
  .filter((a) => a.s * (a.input - 1) + a.op + effectiveKernel(a.k, a.d) - a.begin - a.end >= 1);

export const configs: fc.Arbitrary<Config> = fc
  .record({
    rank: fc.integer({ min: 1, max: 3 }),
    batch: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 3 }),
    cPerGroup: fc.integer({ min: 1, max: 2 }),
    mPerGroup: fc.integer({ min: 1, max: 2 }),
    bias: fc.boolean(),
    seed: fc.nat(),
  })
  .chain((c) => fc.record({ c: fc.constant(c), axes: fc.array(axis, { minLength: c.rank, maxLength: c.rank }) }))
  .map(({ c, axes }) => {
    const channels = c.groups * c.cPerGroup;
    const x = randomTensor([c.batch, channels, ...axes.map((a) => a.input)], { seed: c.seed });
    const w = randomTensor([channels, c.mPerGroup, ...axes.map((a) => a.k)], { seed: c.seed + 1 });
    const options: ConvTransposeOptions = {
      strides: axes.map((a) => a.s),
      dilations: axes.map((a) => a.d),
      pads: [...axes.map((a) => a.begin), ...axes.map((a) => a.end)],
      outputPadding: axes.map((a) => a.op),
      groups: c.groups,
      ...(c.bias ? { bias: randomTensor([c.groups * c.mPerGroup], { seed: c.seed + 2 }) } : {}),
    };
    const label = `x=${x.shape.join('x')},w=${w.shape.join('x')},s=${options.strides},d=${options.dilations},p=${options.pads},op=${options.outputPadding},g=${c.groups}${c.bias ? ',bias' : ''}`;
    return { x, w, options, label };
  });
