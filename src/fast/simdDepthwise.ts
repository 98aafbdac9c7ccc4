/**
 * Depthwise transposed convolution (and its separable form) with WebAssembly SIMD, for float32
 * data. Along the last axis a transposed convolution is a sum of stamps (`views/scatter.ts`):
 * input value x[o] adds x[o] * w[k] at i = o*s + k*d - pad. With the kernel row dilated
 * (zeros between taps, padded to a multiple of four), every stamp is one contiguous
 * f32x4 multiply-add run, whatever the stride:
 *
 *     acc[o*s + j] += x[o] * wd[j],   j < roundUp(d(k-1)+1, 4),   then  y[i] = acc[i + pad] + bias
 *
 * The row accumulator `acc` spans the uncropped row, so no stamp needs a bounds check; the
 * other axes are handled by `depthwise.ts`'s tap tables, one stamp row per (row tap, input row).
 * The separable kernel (`separable.ts`) runs its row pass as stamps with v and its column pass
 * as rows of axpy with u.
 */
import { axisTaps } from './depthwise';
import type { Geometry3 } from './geometry';
import { PAGE, assemble, code, control, f32, f32t, f32x4, i32, i32t, local, v128, v128t, instantiate, type WasmMemory } from './wasm';

/**
 * stamp(acc, x, count, accStep, xStep, w, vectors): for each of count inputs,
 * acc[0 .. 4*vectors) += x[0] * w, then acc += accStep and x += xStep (bytes).
 * vectors = 1 (kernels up to four wide) gets its own loop without the inner one.
 */
function stamp(): number[] {
  const [acc, x, count, accStep, xStep, w, vectors] = [0, 1, 2, 3, 4, 5, 6];
  const [pa, pw, j, value, weight] = [7, 8, 9, 10, 11];
  const advance = code(
    local.get(x), local.get(xStep), i32.add, local.set(x),
    local.get(acc), local.get(accStep), i32.add, local.set(acc),
    local.get(count), i32.const(1), i32.sub, local.set(count),
  );
  const single = code(
    local.get(w), v128.load(0), local.set(weight),
    control.block, control.loop,
    local.get(count), i32.eqz, control.br_if(1),
    local.get(acc), local.get(acc), v128.load(0), local.get(x), v128.load32_splat(0), local.get(weight), f32x4.mul, f32x4.add, v128.store(0),
    advance,
    control.br(0), control.end, control.end,
  );
  const general = code(
    control.block, control.loop,
    local.get(count), i32.eqz, control.br_if(1),
    local.get(x), v128.load32_splat(0), local.set(value),
    local.get(acc), local.set(pa), local.get(w), local.set(pw), local.get(vectors), local.set(j),
    control.block, control.loop,
    local.get(j), i32.eqz, control.br_if(1),
    local.get(pa), local.get(pa), v128.load(0), local.get(value), local.get(pw), v128.load(0), f32x4.mul, f32x4.add, v128.store(0),
    local.get(pa), i32.const(16), i32.add, local.set(pa),
    local.get(pw), i32.const(16), i32.add, local.set(pw),
    local.get(j), i32.const(1), i32.sub, local.set(j),
    control.br(0), control.end, control.end,
    advance,
    control.br(0), control.end, control.end,
  );
  return code(local.get(vectors), i32.const(1), i32.ne, control.if, general, control.else, single, control.end);
}

/** crop(dst, src, rows, width, pitch): rows of `width` floats from src (row pitch `pitch` floats) packed at dst (pitch `width`). */
function crop(): number[] {
  const [dst, src, rows, width, pitch] = [0, 1, 2, 3, 4];
  const [from, to, left] = [5, 6, 7];
  return code(
    control.block, control.loop,
    local.get(rows), i32.eqz, control.br_if(1),
    local.get(src), local.set(from), local.get(dst), local.set(to), local.get(width), local.set(left),
    control.block, control.loop, // whole vectors; the last one may run up to 3 floats past the row
    local.get(left), i32.const(0), i32.le_s, control.br_if(1),
    local.get(to), local.get(from), v128.load(0), v128.store(0),
    local.get(from), i32.const(16), i32.add, local.set(from),
    local.get(to), i32.const(16), i32.add, local.set(to),
    local.get(left), i32.const(4), i32.sub, local.set(left),
    control.br(0), control.end, control.end,
    local.get(src), local.get(pitch), i32.const(4), i32.mul, i32.add, local.set(src),
    local.get(dst), local.get(width), i32.const(4), i32.mul, i32.add, local.set(dst),
    local.get(rows), i32.const(1), i32.sub, local.set(rows),
    control.br(0), control.end, control.end,
  );
}

/** axpy(dst, src, vectors, a): dst[0 .. 4*vectors) += a * src. */
function axpy(): number[] {
  const [dst, src, vectors, a] = [0, 1, 2, 3];
  const splat = 4;
  return code(
    local.get(a), f32x4.splat, local.set(splat),
    control.block, control.loop,
    local.get(vectors), i32.eqz, control.br_if(1),
    local.get(dst), local.get(dst), v128.load(0), local.get(splat), local.get(src), v128.load(0), f32x4.mul, f32x4.add, v128.store(0),
    local.get(dst), i32.const(16), i32.add, local.set(dst),
    local.get(src), i32.const(16), i32.add, local.set(src),
    local.get(vectors), i32.const(1), i32.sub, local.set(vectors),
    control.br(0), control.end, control.end,
  );
}

// Function numbers in the module, for `call`.
const STAMP = 0;
const AXPY = 2;

/**
 * plane(acc, x, w, entries, starts, rows, pitch, step, phases, counts, vectors): every output
 * row of one channel plane. Row r's stamp rows are entries starts[r] .. starts[r+1]-1, pairs
 * (x row offset, w row offset) in bytes from x and w; each is stamped in `phases` interleaved
 * passes (inputs o, o + phases, ...; counts[p] inputs in pass p): with phases*s >= the stamp
 * width, stamps that follow each other never overlap, so no vector load waits on a partly
 * overlapping store (store forwarding fails on partial overlaps, e.g. k=4, s=2, where
 * consecutive stamps overlap by half a vector). acc advances by pitch bytes per row.
 * One call per plane instead of one per stamp: JavaScript-to-WebAssembly calls cost more
 * than a short stamp.
 */
function plane(): number[] {
  const [acc, x, w, entries, starts, rows, pitch, step, phases, counts, vectors] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [e, end, xo, wo, p, pe] = [11, 12, 13, 14, 15, 16];
  return code(
    control.block, control.loop,
    local.get(rows), i32.eqz, control.br_if(1),
    local.get(starts), i32.load(0), local.set(e),
    local.get(starts), i32.load(4), local.set(end),
    control.block, control.loop,
    local.get(e), local.get(end), i32.ge_s, control.br_if(1),
    local.get(entries), local.get(e), i32.const(8), i32.mul, i32.add, local.set(pe),
    local.get(x), local.get(pe), i32.load(0), i32.add, local.set(xo),
    local.get(w), local.get(pe), i32.load(4), i32.add, local.set(wo),
    i32.const(0), local.set(p),
    control.block, control.loop,
    local.get(p), local.get(phases), i32.ge_s, control.br_if(1),
    // stamp(acc + p*step, xo + 4p, counts[p], phases*step, 4*phases, wo, vectors)
    local.get(acc), local.get(p), local.get(step), i32.mul, i32.add,
    local.get(xo), local.get(p), i32.const(4), i32.mul, i32.add,
    local.get(counts), local.get(p), i32.const(4), i32.mul, i32.add, i32.load(0),
    local.get(phases), local.get(step), i32.mul,
    local.get(phases), i32.const(4), i32.mul,
    local.get(wo), local.get(vectors), control.call(STAMP),
    local.get(p), i32.const(1), i32.add, local.set(p),
    control.br(0), control.end, control.end,
    local.get(e), i32.const(1), i32.add, local.set(e),
    control.br(0), control.end, control.end,
    local.get(acc), local.get(pitch), i32.add, local.set(acc),
    local.get(starts), i32.const(4), i32.add, local.set(starts),
    local.get(rows), i32.const(1), i32.sub, local.set(rows),
    control.br(0), control.end, control.end,
  );
}

/**
 * columns(out, t, entries, starts, rows, pitch, vectors): output row r += u * t-row for the
 * entries starts[r] .. starts[r+1]-1, pairs (t row offset in bytes, u as f32); out advances by
 * pitch bytes per row. The separable kernel's column pass for one plane in one call.
 */
function columns(): number[] {
  const [out, t, entries, starts, rows, pitch, vectors] = [0, 1, 2, 3, 4, 5, 6];
  const [e, end, pe] = [7, 8, 9];
  return code(
    control.block, control.loop,
    local.get(rows), i32.eqz, control.br_if(1),
    local.get(starts), i32.load(0), local.set(e),
    local.get(starts), i32.load(4), local.set(end),
    control.block, control.loop,
    local.get(e), local.get(end), i32.ge_s, control.br_if(1),
    local.get(entries), local.get(e), i32.const(8), i32.mul, i32.add, local.set(pe),
    local.get(out), local.get(t), local.get(pe), i32.load(0), i32.add, local.get(vectors), local.get(pe), f32.load(4), control.call(AXPY),
    local.get(e), i32.const(1), i32.add, local.set(e),
    control.br(0), control.end, control.end,
    local.get(out), local.get(pitch), i32.add, local.set(out),
    local.get(starts), i32.const(4), i32.add, local.set(starts),
    local.get(rows), i32.const(1), i32.sub, local.set(rows),
    control.br(0), control.end, control.end,
  );
}

/** The module's bytes (exported for the tests, which validate them). */
export function simdDepthwiseModule(): Uint8Array {
  return assemble([
    { name: 'stamp', params: new Array<number>(7).fill(i32t), locals: [{ type: i32t, count: 3 }, { type: v128t, count: 2 }], body: stamp() },
    { name: 'crop', params: new Array<number>(5).fill(i32t), locals: [{ type: i32t, count: 3 }], body: crop() },
    { name: 'axpy', params: [i32t, i32t, i32t, f32t], locals: [{ type: v128t, count: 1 }], body: axpy() },
    { name: 'plane', params: new Array<number>(11).fill(i32t), locals: [{ type: i32t, count: 6 }], body: plane() },
    { name: 'columns', params: new Array<number>(7).fill(i32t), locals: [{ type: i32t, count: 3 }], body: columns() },
  ]);
}

interface Kernels {
  memory: WasmMemory;
  stamp: (acc: number, x: number, count: number, accStep: number, xStep: number, w: number, vectors: number) => void;
  crop: (dst: number, src: number, rows: number, width: number, pitch: number) => void;
  axpy: (dst: number, src: number, vectors: number, a: number) => void;
  plane: (acc: number, x: number, w: number, entries: number, starts: number, rows: number, pitch: number, step: number,
    phases: number, counts: number, vectors: number) => void;
  columns: (out: number, t: number, entries: number, starts: number, rows: number, pitch: number, vectors: number) => void;
}

let kernels: Kernels | null | undefined;

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  const built = instantiate(simdDepthwiseModule());
  kernels = built === null ? null : {
    memory: built.memory, stamp: built.exports.stamp as Kernels['stamp'], crop: built.exports.crop as Kernels['crop'],
    axpy: built.exports.axpy as Kernels['axpy'], plane: built.exports.plane as Kernels['plane'], columns: built.exports.columns as Kernels['columns'],
  };
  return kernels;
}

/** Bytes of WebAssembly memory the depthwise kernels hold (it only grows). */
export function simdDepthwiseBytes(): number {
  return kernels ? kernels.memory.buffer.byteLength : 0;
}

/** Drops the kernels' instance (its memory goes with it); the next call builds it again. */
export function releaseSimdDepthwise(): void {
  kernels = undefined;
  lastRegions = null;
}

/** Whether the SIMD depthwise kernels can run here. */
export function simdDepthwiseAvailable(): boolean {
  return load() !== null;
}

const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;

let lastRegions: { key: string; buffer: ArrayBuffer; views: Float32Array[]; bytes: number[] } | null = null;

/** Float32 regions of the kernels' memory (views and byte addresses); grows the memory as needed. */
function regions(k: Kernels, lengths: number[]): { views: Float32Array[]; bytes: number[] } {
  const key = lengths.join();
  if (lastRegions !== null && lastRegions.key === key && lastRegions.buffer === k.memory.buffer) return lastRegions;
  const bytes: number[] = [];
  let end = 0;
  for (const n of lengths) {
    bytes.push(end * 4);
    end += roundUp4(n) + 4; // four floats of slack: the vector loops round lengths up
  }
  const missing = end * 4 - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / PAGE));
  const buffer = k.memory.buffer;
  lastRegions = { key, buffer, views: lengths.map((n, r) => new Float32Array(buffer, bytes[r], roundUp4(n) + 4)), bytes };
  return lastRegions;
}

/** Kernel rows w[slice, kz, ky, :] dilated along the last axis and padded to `width` (a multiple of 4). */
function dilatedRows(w: ArrayLike<number>, rows: number, kw: number, dilation: number, width: number, out: Float32Array): void {
  out.fill(0, 0, rows * width);
  for (let r = 0; r < rows; r++) for (let k = 0; k < kw; k++) out[r * width + k * dilation] = w[r * kw + k];
}

/**
 * Transposed depthwise convolution (small channels per group = 1) by SIMD stamps; y is
 * overwritten. The caller checks that the kernels loaded (simdDepthwiseAvailable).
 */
export function simdDepthwiseConvTranspose(
  geo: Geometry3, x: Float32Array, w: ArrayLike<number>, bias: ArrayLike<number> | undefined, y: Float32Array,
): void {
  const k = load()!;
  const [D, H, W] = geo.big;
  const [d, h, wSmall] = geo.small;
  const [kd, kh, kw] = geo.kernel;
  const [sx, dx, px] = [geo.strides[2], geo.dilations[2], geo.pads[2]];
  const width = roundUp4(dx * (kw - 1) + 1);
  // One uncropped accumulator row per output row: output i sits at i + px.
  const pitch = roundUp4(Math.max((wSmall - 1) * sx + width, px + W));
  const rows = D * H;
  const phases = Math.min(wSmall, Math.ceil(width / sx));
  const multiplier = geo.bigChannels;
  const slices = geo.groups * multiplier;
  // The stamp rows of every output row (the same for every plane): pairs (x row, w row) in bytes.
  const zTaps = axisTaps(D, d, kd, geo.strides[0], geo.dilations[0], geo.pads[0]);
  const yTaps = axisTaps(H, h, kh, geo.strides[1], geo.dilations[1], geo.pads[1]);
  let entryCount = 0;
  for (let iz = 0; iz < D; iz++) entryCount += (zTaps.start[iz + 1] - zTaps.start[iz]) * yTaps.start[H];
  const { views, bytes } = regions(k, [x.length, slices * kd * kh * width, rows * pitch, rows * W, 2 * entryCount, rows + 1, phases]);
  const [xView, wView, planeView, outView, entryView, startView, countView] = views;
  const [xAt, wAt, planeAt, outAt, entryAt, startAt, countAt] = bytes;
  const entries = new Int32Array(entryView.buffer, entryView.byteOffset, 2 * entryCount);
  const starts = new Int32Array(startView.buffer, startView.byteOffset, rows + 1);
  const counts = new Int32Array(countView.buffer, countView.byteOffset, phases);
  let e = 0;
  for (let iz = 0; iz < D; iz++) {
    for (let iy = 0; iy < H; iy++) {
      starts[iz * H + iy] = e;
      for (let ez = zTaps.start[iz]; ez < zTaps.start[iz + 1]; ez++) {
        for (let ey = yTaps.start[iy]; ey < yTaps.start[iy + 1]; ey++, e++) {
          entries[2 * e] = (zTaps.small[ez] * h + yTaps.small[ey]) * wSmall * 4;
          entries[2 * e + 1] = (zTaps.tap[ez] * kh + yTaps.tap[ey]) * width * 4;
        }
      }
    }
  }
  starts[rows] = e;
  for (let p = 0; p < phases; p++) counts[p] = Math.ceil((wSmall - p) / phases);
  xView.set(x);
  dilatedRows(w, slices * kd * kh, kw, dx, width, wView);
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < geo.groups; g++) {
      const xPlane = xAt + (n * geo.groups + g) * geo.smallSize * 4;
      for (let m = 0; m < multiplier; m++) {
        const slice = g * multiplier + m;
        planeView.fill(bias === undefined ? 0 : bias[slice], 0, rows * pitch);
        k.plane(planeAt, xPlane, wAt + slice * kd * kh * width * 4, entryAt, startAt, rows, pitch * 4, sx * 4, phases, countAt, width / 4);
        k.crop(outAt, planeAt + px * 4, rows, W, pitch);
        y.set(outView.subarray(0, rows * W), (n * slices + slice) * geo.bigSize);
      }
    }
  }
}

/**
 * Transposed depthwise convolution with rank-1 slices u v^T (2-D), by SIMD: stamps with v along
 * each input row, then each output row as a sum of u-weighted rows. y is overwritten.
 */
export function simdSeparableConvTranspose(
  geo: Geometry3, x: Float32Array, factors: readonly { u: Float64Array; v: Float64Array }[],
  bias: ArrayLike<number> | undefined, y: Float32Array,
): void {
  const k = load()!;
  const [, H, W] = geo.big;
  const [, h, wSmall] = geo.small;
  const [, kh, kw] = geo.kernel;
  const [sx, dx, px] = [geo.strides[2], geo.dilations[2], geo.pads[2]];
  const width = roundUp4(dx * (kw - 1) + 1);
  const rowLength = roundUp4(Math.max((wSmall - 1) * sx + width, px + roundUp4(W)));
  const multiplier = geo.bigChannels;
  const slices = geo.groups * multiplier;
  const W4 = roundUp4(W);
  const phases = Math.min(wSmall, Math.ceil(width / sx));
  const rowTaps = axisTaps(H, h, kh, geo.strides[1], geo.dilations[1], geo.pads[1]);
  const taps = rowTaps.start[H];
  const { views, bytes } = regions(k, [x.length, slices * width, h * rowLength, H * W4, H * W, 2 * h, h + 1, phases, 2 * taps, H + 1]);
  const [xView, vView, tView, outView, croppedView, rowView, rowStartView, countView, columnView, columnStartView] = views;
  const [xAt, vAt, tAt, outAt, croppedAt, rowAt, rowStartAt, countAt, columnAt, columnStartAt] = bytes;
  const ints = (view: Float32Array, length: number) => new Int32Array(view.buffer, view.byteOffset, length);
  // Row pass tables: one stamp row per input row, into t row oy.
  const rowEntries = ints(rowView, 2 * h);
  const rowStarts = ints(rowStartView, h + 1);
  for (let oy = 0; oy <= h; oy++) rowStarts[oy] = oy;
  for (let oy = 0; oy < h; oy++) {
    rowEntries[2 * oy] = oy * wSmall * 4;
    rowEntries[2 * oy + 1] = 0;
  }
  const counts = ints(countView, phases);
  for (let p = 0; p < phases; p++) counts[p] = Math.ceil((wSmall - p) / phases);
  // Column pass tables: for output row iy, pairs (t row offset cropped by px, u[ky]); u is filled per plane.
  const columnInts = ints(columnView, 2 * taps);
  const columnStarts = ints(columnStartView, H + 1);
  columnStarts.set(rowTaps.start.subarray(0, H + 1));
  for (let e = 0; e < taps; e++) columnInts[2 * e] = (rowTaps.small[e] * rowLength + px) * 4;
  xView.set(x);
  vView.fill(0, 0, slices * width);
  factors.forEach(({ v }, q) => v.forEach((value, kx) => (vView[q * width + kx * dx] = value)));
  for (let n = 0; n < geo.batch; n++) {
    for (let g = 0; g < geo.groups; g++) {
      const xPlane = xAt + (n * geo.groups + g) * geo.smallSize * 4;
      for (let m = 0; m < multiplier; m++) {
        const slice = g * multiplier + m;
        const { u } = factors[slice];
        // Row pass: t[oy] = the 1-D transposed convolution of x[oy] with v (uncropped).
        tView.fill(0, 0, h * rowLength);
        k.plane(tAt, xPlane, vAt + slice * width * 4, rowAt, rowStartAt, h, rowLength * 4, sx * 4, phases, countAt, width / 4);
        // Column pass: y[iy] = bias + sum over row taps of u[ky] t[oy] (cropped by px).
        for (let e = 0; e < taps; e++) columnView[2 * e + 1] = u[rowTaps.tap[e]];
        outView.fill(bias === undefined ? 0 : bias[slice], 0, H * W4);
        k.columns(outAt, tAt, columnAt, columnStartAt, H, W4 * 4, W4 / 4);
        const yPlane = (n * slices + slice) * geo.bigSize;
        if (W4 === W) {
          y.set(outView.subarray(0, H * W), yPlane);
        } else {
          k.crop(croppedAt, outAt, H, W, W4);
          y.set(croppedView.subarray(0, H * W), yPlane);
        }
      }
    }
  }
}

/** The depthwise kernels' WebAssembly memory as a memory pool (kernel.ts). */
export const simdDepthwiseMemory = { name: 'wasm depthwise', bytes: simdDepthwiseBytes, release: releaseSimdDepthwise };
