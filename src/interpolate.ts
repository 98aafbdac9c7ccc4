/**
 * Resizing by interpolation, for comparison with learned and fixed transposed convolutions.
 * Every axis is resized on its own (bilinear in 2-D, multilinear in N-d), so one 1-D rule per
 * convention describes everything. Output index o of an axis of input size `in` and output
 * size `out` reads the continuous source position (ONNX Resize coordinate_transformation_mode
 * names; for bilinear the ratio is computed first, as TensorFlow and PyTorch do; nearest indices
 * are exact integer floors, see nearestIndex):
 *
 *   align_corners  src = o * (in-1)/(out-1)      (0 when out = 1)   PyTorch/TF1 align_corners=True
 *   half_pixel     src = (o + 0.5) * in/out - 0.5                   PyTorch align_corners=False,
 *                                                                   TF2 / TF1 half_pixel_centers=True
 *   asymmetric     src = o * in/out                                 legacy TF1 (both flags false),
 *                                                                   PyTorch mode='nearest'
 *
 * bilinear: src is clamped to [0, in-1], i0 = floor(src), i1 = min(i0+1, in-1),
 *           y = (1 - t) x[i0] + t x[i1] with t = src - i0  (TF ResizeBilinear, PyTorch upsample_linear).
 * nearest (TensorFlow's ResizeNearestNeighbor rules):
 *   align_corners  i = round(o * (in-1)/(out-1))    (half rounds up)
 *   half_pixel     i = floor((o + 0.5) * in/out)    (PyTorch mode='nearest-exact')
 *   asymmetric     i = floor(o * in/out)            (PyTorch mode='nearest')
 *   each clamped to [0, in-1].
 */
import { checkElements } from './checks';
import { checkInteger, checkIntegers, checkKnownKeys, checkOptions, fail, show } from './errors';
import { bilinearUpsample } from './bilinear';
import { allocate, checkTensor, dtypeOf, sizeOf, stridesOf, type Tensor } from './tensor';
import type { SparseMatrix } from './views/matrix';

/** How `resize` interpolates: 'nearest' or 'bilinear' (linear along each axis). */
export type ResizeMode = 'nearest' | 'bilinear';

/**
 * How `resize` maps an output index to a source position (ONNX Resize's coordinate_transformation_mode
 * names; see the table in src/interpolate.ts and `sourceCoordinate`).
 */
export type CoordinateMode = 'align_corners' | 'half_pixel' | 'asymmetric';

/**
 * Every ResizeMode, in the order the site lists them.
 *
 * @example
 * import { RESIZE_MODES } from 'deconv';
 * console.log(RESIZE_MODES); // => ["nearest","bilinear"]
 */
export const RESIZE_MODES: readonly ResizeMode[] = ['nearest', 'bilinear'];

/**
 * Every CoordinateMode, in the order the site lists them.
 *
 * @example
 * import { COORDINATE_MODES } from 'deconv';
 * console.log(COORDINATE_MODES); // => ["align_corners","half_pixel","asymmetric"]
 */
export const COORDINATE_MODES: readonly CoordinateMode[] = ['align_corners', 'half_pixel', 'asymmetric'];

/** Options of `resize`, `resizeBy`, `resizeTaps` and `resizeMatrix`. */
export interface ResizeOptions {
  /** 'bilinear' (default; linear along each axis) or 'nearest'. */
  mode?: ResizeMode;
  /** How output positions map to input positions (default 'half_pixel'). */
  coordinates?: CoordinateMode;
}

/** One output position of a 1-D resize: the input indices it reads and their weights. */
export interface ResizeTap {
  index: number[];
  weight: number[];
}

/** Checks resize options under the caller's name; returns them with defaults filled in. */
export function checkResizeOptions(fn: string, options: ResizeOptions | undefined): Required<ResizeOptions> {
  const opts = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, opts, ['mode', 'coordinates']);
  const mode = opts.mode ?? 'bilinear';
  const coordinates = opts.coordinates ?? 'half_pixel';
  if (!RESIZE_MODES.includes(mode)) fail(fn, `mode=${show(mode)} must be one of ${RESIZE_MODES.join(', ')}`);
  if (!COORDINATE_MODES.includes(coordinates)) {
    fail(fn, `coordinates=${show(coordinates)} must be one of ${COORDINATE_MODES.join(', ')}`);
  }
  return { mode, coordinates };
}

/** in/out, or (in-1)/(out-1) for align_corners (TF's effective sizes: in/out again when out = 1). */
function ratioOf(inSize: number, outSize: number, coordinates: CoordinateMode): number {
  return coordinates === 'align_corners' && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

function sourcePosition(o: number, ratio: number, coordinates: CoordinateMode): number {
  return coordinates === 'half_pixel' ? ratio * (o + 0.5) - 0.5 : ratio * o;
}

/**
 * The continuous source position of output index o (see the file's table), before clamping.
 * E.g. sourceCoordinate(0, 4, 8, 'half_pixel') = -0.25.
 *
 * Throws RangeError for sizes or o that are not integers in range (o < outSize), or an unknown convention.
 * Sources: ONNX Resize (coordinate_transformation_mode), PyTorch F.interpolate (align_corners), TensorFlow
 * tf.image.resize (half_pixel_centers).
 *
 * @example
 * import { sourceCoordinate } from 'deconv';
 * // 4 -> 8 samples: half_pixel (0 + 0.5) * 4/8 - 0.5; align_corners 7 * 3/7; asymmetric 3 * 4/8.
 * console.log(sourceCoordinate(0, 4, 8, 'half_pixel'), sourceCoordinate(7, 4, 8, 'align_corners'), sourceCoordinate(3, 4, 8, 'asymmetric')); // => -0.25 3 1.5
 */
export function sourceCoordinate(o: number, inSize: number, outSize: number, coordinates: CoordinateMode = 'half_pixel'): number {
  const fn = 'sourceCoordinate';
  checkInteger(fn, 'inSize', inSize, 1);
  checkInteger(fn, 'outSize', outSize, 1);
  checkInteger(fn, 'o', o, 0);
  if (o >= outSize) fail(fn, `o=${o} must be < outSize=${outSize}`);
  if (!COORDINATE_MODES.includes(coordinates)) fail(fn, `coordinates=${show(coordinates)} must be one of ${COORDINATE_MODES.join(', ')}`);
  return sourcePosition(o, ratioOf(inSize, outSize, coordinates), coordinates);
}

/**
 * The nearest input index of output o, from integers only: floor(o*in/out), floor((2o+1)*in/(2out)),
 * or round(o*(in-1)/(out-1)) with halves up, as floor((2o(in-1) + out-1) / (2(out-1))). Taking the
 * ratio in/out first and then multiplying can land just below a whole number (26 -> 46, o = 23:
 * (26/46)*23 = 12.999999999999998) and pick the previous input; PyTorch 1.13 returns the exact floor
 * (test/torchOracle.test.ts sweeps every in, out <= 64). A quotient of two integers below 2^53 is
 * exact or at least 1/b below the next integer, so Math.floor of it is the exact floor.
 */
function nearestIndex(o: number, inSize: number, outSize: number, coordinates: CoordinateMode): number {
  if (coordinates === 'half_pixel') return Math.floor(((2 * o + 1) * inSize) / (2 * outSize));
  if (coordinates === 'asymmetric' || outSize === 1) return Math.floor((o * inSize) / outSize);
  return Math.floor((2 * o * (inSize - 1) + (outSize - 1)) / (2 * (outSize - 1)));
}

function taps(inSize: number, outSize: number, mode: ResizeMode, coordinates: CoordinateMode): ResizeTap[] {
  const ratio = ratioOf(inSize, outSize, coordinates);
  return Array.from({ length: outSize }, (_, o) => {
    if (mode === 'nearest') {
      const i = nearestIndex(o, inSize, outSize, coordinates);
      return { index: [Math.max(0, Math.min(inSize - 1, i))], weight: [1] };
    }
    const src = Math.max(0, Math.min(inSize - 1, sourcePosition(o, ratio, coordinates)));
    const i0 = Math.floor(src);
    const i1 = Math.min(i0 + 1, inSize - 1);
    const t = src - i0;
    if (t === 0 || i1 === i0) return { index: [i0], weight: [1] };
    return { index: [i0, i1], weight: [1 - t, t] };
  });
}

/**
 * The taps of every output position of a 1-D resize from inSize to outSize samples.
 *
 * Throws RangeError for sizes that are not positive integers, and for unknown options.
 *
 * @example
 * import { resizeTaps } from 'deconv';
 * // 2 -> 4, bilinear, half_pixel: output 1 reads source 0.25, so 0.75 x[0] + 0.25 x[1].
 * console.log(resizeTaps(2, 4)[1]); // => {"index":[0,1],"weight":[0.75,0.25]}
 * // nearest, asymmetric (PyTorch mode='nearest'): floor(o * 2/4).
 * console.log(resizeTaps(2, 4, { mode: 'nearest', coordinates: 'asymmetric' }).map((t) => t.index[0])); // => [0,0,1,1]
 */
export function resizeTaps(inSize: number, outSize: number, options?: ResizeOptions): ResizeTap[] {
  const fn = 'resizeTaps';
  checkInteger(fn, 'inSize', inSize, 1);
  checkInteger(fn, 'outSize', outSize, 1);
  const { mode, coordinates } = checkResizeOptions(fn, options);
  return taps(inSize, outSize, mode, coordinates);
}

/**
 * The outSize x inSize matrix R of a 1-D resize, y = R x (sorted by row, then column).
 *
 * Throws what `resizeTaps` throws, naming `resizeMatrix`.
 *
 * @example
 * import { resizeMatrix, toArray, toDense } from 'deconv';
 * // Sources -0.25, 0.25, 0.75, 1.25, clamped to [0, 1]: rows [1, 0], [0.75, 0.25], [0.25, 0.75], [0, 1].
 * console.log(toArray(toDense(resizeMatrix(2, 4)))); // => [[1,0],[0.75,0.25],[0.25,0.75],[0,1]]
 */
export function resizeMatrix(inSize: number, outSize: number, options?: ResizeOptions): SparseMatrix {
  const fn = 'resizeMatrix';
  checkInteger(fn, 'inSize', inSize, 1);
  checkInteger(fn, 'outSize', outSize, 1);
  const { mode, coordinates } = checkResizeOptions(fn, options);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  taps(inSize, outSize, mode, coordinates).forEach((tap, o) => {
    tap.index.forEach((i, e) => {
      rows.push(o);
      cols.push(i);
      values.push(tap.weight[e]);
    });
  });
  return { rows: outSize, cols: inSize, rowIndex: Int32Array.from(rows), colIndex: Int32Array.from(cols), values: Float64Array.from(values) };
}

/** Applies 1-D taps along spatial axis `axis` of a row-major array of shape `shape`. */
function resizeAxis(data: Float64Array, shape: number[], axis: number, t: ResizeTap[]): { data: Float64Array; shape: number[] } {
  const outShape = [...shape];
  outShape[axis] = t.length;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const out = new Float64Array(sizeOf(outShape));
  for (let a = 0; a < outer; a++) {
    for (let o = 0; o < t.length; o++) {
      const { index, weight } = t[o];
      const target = (a * t.length + o) * inner;
      for (let e = 0; e < index.length; e++) {
        const source = (a * shape[axis] + index[e]) * inner;
        const w = weight[e];
        for (let b = 0; b < inner; b++) out[target + b] += w * data[source + b];
      }
    }
  }
  return { data: out, shape: outShape };
}

/**
 * Resizes x [N, C, ...spatial] to [N, C, ...size] (size: one number per spatial axis, or one
 * for all), by nearest or (multi)linear interpolation with the given coordinate convention.
 * Computed in float64, returned in x's dtype.
 *
 * Throws TypeError/RangeError for an x of rank < 3, sizes that are not positive integers, or unknown options.
 *
 * @example
 * import { resize, tensor } from 'deconv';
 * const x = tensor([0, 3], [1, 1, 2]);
 * // half_pixel (default): sources clamped to 0, 0.25, 0.75, 1, so [0, 0.75, 2.25, 3].
 * console.log(Array.from(resize(x, 4).data)); // => [0,0.75,2.25,3]
 * // align_corners: sources 0, 1/3, 2/3, 1, so [0, 1, 2, 3].
 * console.log(Array.from(resize(x, 4, { coordinates: 'align_corners' }).data)); // => [0,1,2,3]
 */
export function resize(x: Tensor, size: number | readonly number[], options?: ResizeOptions): Tensor {
  const fn = 'resize';
  checkTensor(fn, 'x', x);
  if (x.shape.length < 3) fail(fn, `x rank (${x.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  const rank = x.shape.length - 2;
  const sizes = checkIntegers(fn, 'size', size, rank, 1, 1);
  const { mode, coordinates } = checkResizeOptions(fn, options);
  checkElements(fn, 'the output', [x.shape[0], x.shape[1], ...sizes]);
  let current: { data: Float64Array; shape: number[] } = { data: Float64Array.from(x.data), shape: [...x.shape] };
  for (let a = 0; a < rank; a++) {
    current = resizeAxis(current.data, current.shape, a + 2, taps(x.shape[a + 2], sizes[a], mode, coordinates));
  }
  const data = allocate(dtypeOf(x.data), current.data.length);
  data.set(current.data);
  return { shape: current.shape, data };
}

/**
 * Resize by an integer factor per spatial axis (one number for all): size = factor * spatial.
 *
 * Throws what `resize` throws, naming `resizeBy`, and RangeError for a factor that is not a positive integer.
 *
 * @example
 * import { resizeBy, tensor } from 'deconv';
 * // nearest, half_pixel: floor((o + 0.5) * 2/4) = 0, 0, 1, 1.
 * console.log(Array.from(resizeBy(tensor([0, 4], [1, 1, 2]), 2, { mode: 'nearest' }).data)); // => [0,0,4,4]
 */
export function resizeBy(x: Tensor, factor: number | readonly number[], options?: ResizeOptions): Tensor {
  const fn = 'resizeBy';
  checkTensor(fn, 'x', x);
  if (x.shape.length < 3) fail(fn, `x rank (${x.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  const f = checkIntegers(fn, 'factor', factor, x.shape.length - 2, 1, 1);
  checkResizeOptions(fn, options);
  return resize(x, x.shape.slice(2).map((n, a) => n * f[a]), options);
}

/** What FCN's transposed convolution and the three bilinear resizing conventions give on one input. */
export interface UpsamplingComparison {
  factor: number;
  /** Per spatial axis, the output range [begin, end) where half-pixel bilinear reads no clamped position. */
  interior: [number, number][];
  /** max |FCN - half_pixel| over the interior (rounding error only: the two are equal there). */
  interiorMaxError: number;
  /** max |FCN - half_pixel| outside the interior (the zero-padding attenuation). */
  borderMaxError: number;
  /** max |FCN - align_corners| and max |FCN - asymmetric| over the whole output. */
  alignCornersMaxDiff: number;
  asymmetricMaxDiff: number;
  /** The same two, over the interior only. */
  alignCornersInteriorMaxDiff: number;
  asymmetricInteriorMaxDiff: number;
}

/**
 * Compares FCN's up-sampling, bilinearUpsample(x, factor), with resize(x, factor * spatial,
 * bilinear) in the three conventions: the page's live numbers. x [N, C, ...spatial].
 * The interior of an axis of input size n is {i : 0 <= (i + 0.5)/f - 0.5 <= n - 1}.
 *
 * Throws TypeError/RangeError for an x of rank < 3 or a factor that is not a positive integer.
 *
 * @example
 * import { compareUpsampling, tensor } from 'deconv';
 * // x = [0, 4], f = 2: FCN gives [0, 1, 3, 3] (see bilinearUpsample), half_pixel [0, 1, 3, 4].
 * // Interior: outputs i with 0 <= (i + 0.5)/2 - 0.5 <= 1, that is i = 1, 2.
 * const c = compareUpsampling(tensor([0, 4], [1, 1, 2]), 2);
 * console.log(c.interior, c.interiorMaxError, c.borderMaxError); // => [[1,3]] 0 1
 */
export function compareUpsampling(x: Tensor, factor: number): UpsamplingComparison {
  const fn = 'compareUpsampling';
  checkTensor(fn, 'x', x);
  checkInteger(fn, 'factor', factor, 1);
  if (x.shape.length < 3) fail(fn, `x rank (${x.shape.length}) must be at least 3: [batch, channels, ...spatial]`);
  checkElements(fn, 'the up-sampled x', x.shape.map((n, a) => (a < 2 ? n : n * factor)));
  const fcn = bilinearUpsample(x, factor);
  const interior = x.shape.slice(2).map((n): [number, number] => {
    // (i + 0.5)/f - 0.5 >= 0  <=>  i >= (f - 1)/2;   <= n - 1  <=>  i <= f(n - 1/2) - 1/2
    const begin = Math.ceil((factor - 1) / 2);
    const end = Math.floor(factor * (n - 0.5) - 0.5) + 1;
    return [begin, Math.max(begin, end)];
  });
  const strides = stridesOf(fcn.shape);
  const inside = (flat: number) => interior.every(([b, e], a) => {
    const i = Math.floor(flat / strides[a + 2]) % fcn.shape[a + 2];
    return i >= b && i < e;
  });
  const compare = (other: Tensor) => {
    let all = 0;
    let inner = 0;
    let outer = 0;
    for (let f = 0; f < fcn.data.length; f++) {
      const d = Math.abs(fcn.data[f] - other.data[f]);
      all = Math.max(all, d);
      if (inside(f)) inner = Math.max(inner, d);
      else outer = Math.max(outer, d);
    }
    return { all, inner, outer };
  };
  const size = fcn.shape.slice(2);
  const half = compare(resize(x, size, { coordinates: 'half_pixel' }));
  const corners = compare(resize(x, size, { coordinates: 'align_corners' }));
  const legacy = compare(resize(x, size, { coordinates: 'asymmetric' }));
  return {
    factor,
    interior,
    interiorMaxError: half.inner,
    borderMaxError: half.outer,
    alignCornersMaxDiff: corners.all,
    asymmetricMaxDiff: legacy.all,
    alignCornersInteriorMaxDiff: corners.inner,
    asymmetricInteriorMaxDiff: legacy.inner,
  };
}
