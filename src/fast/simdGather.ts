/**
 * Packing B as a gather, in WebAssembly. Both lowerings fill the GEMM's B panels (NR columns
 * per panel, `gemm.ts` layout) from a source tensor copied into the engine's memory:
 *
 *     B(p, j) = source[rows[p] + cols[j]]
 *
 *   - transposed convolution: B = X_g, rows[p] = p * prod(small), cols[j] = image n's offset + o;
 *   - convolution (im2col on a zero-padded copy of x, so that no entry needs a range check):
 *     rows[(c, t)] = c * plane + k_t * d (per axis), cols[(n, o)] = image offset + o * s (per axis).
 *
 * A panel whose NR columns are consecutive source addresses (a run along the last axis with
 * stride 1: every transposed convolution, and stride-1 convolutions) is copied two vectors at
 * a time; other panels by NR scalar loads. With no bounds checks this runs 3-5x faster than
 * the same loops in TypeScript, which took 10-25% of S4 and of the forward mirror of S3.
 */
import { code, control, f32, i32, local, v128, type WasmFunction, i32t } from './wasm';

/** Column-table entries per panel: a flag (1: consecutive), then the NR column offsets. */
export const panelEntries = (nr: number) => nr + 1;

/**
 * gather(dst, src, cols, rows, kc, panels), byte addresses: for each of `panels` panels (table
 * entries at cols, panelEntries(nr) per panel) and p < kc, writes the nr values
 * src[4*(rows[p] + col)] to dst, panel after panel, row after row (the packed B layout; with
 * nr = MR and the roles of rows and columns swapped, the packed A layout).
 */
export function gatherFunction(nr: number, name = 'gather'): WasmFunction {
  const [dst, src, cols, rows, kc, panels] = [0, 1, 2, 3, 4, 5];
  const [p, pr, base] = [6, 7, 8];
  const col = (jj: number) => 9 + jj; // the panel's column byte offsets
  const vectors = nr / 4;
  const loadColumns: number[][] = [];
  for (let jj = 0; jj < nr; jj++) {
    loadColumns.push(code(local.get(cols), i32.load(4 + 4 * jj), i32.const(2), i32.shl, local.set(col(jj))));
  }
  // base = src + 4*rows[p] + col(0); then one row of the panel.
  const rowStart = code(
    local.get(src), local.get(pr), i32.load(0), i32.const(2), i32.shl, i32.add, local.set(base),
  );
  const copyRow: number[][] = [];
  for (let v = 0; v < vectors; v++) {
    copyRow.push(code(local.get(dst), local.get(base), local.get(col(0)), i32.add, v128.load(16 * v), v128.store(16 * v)));
  }
  const gatherRow: number[][] = [];
  for (let jj = 0; jj < nr; jj++) {
    gatherRow.push(code(local.get(dst), local.get(base), local.get(col(jj)), i32.add, f32.load(0), f32.store(4 * jj)));
  }
  const rowLoop = (row: number[]) => code(
    local.get(rows), local.set(pr), local.get(kc), local.set(p),
    control.block, control.loop,
    local.get(p), i32.eqz, control.br_if(1),
    rowStart, row,
    local.get(dst), i32.const(4 * nr), i32.add, local.set(dst),
    local.get(pr), i32.const(4), i32.add, local.set(pr),
    local.get(p), i32.const(1), i32.sub, local.set(p),
    control.br(0), control.end, control.end,
  );
  return {
    name,
    params: new Array<number>(6).fill(i32t),
    locals: [{ type: i32t, count: 3 + nr }],
    body: code(
      control.block, control.loop, // for each panel
      local.get(panels), i32.eqz, control.br_if(1),
      code(...loadColumns),
      local.get(cols), i32.load(0),
      control.if, rowLoop(code(...copyRow)), control.else, rowLoop(code(...gatherRow)), control.end,
      local.get(cols), i32.const(4 * panelEntries(nr)), i32.add, local.set(cols),
      local.get(panels), i32.const(1), i32.sub, local.set(panels),
      control.br(0), control.end, control.end,
    ),
  };
}

/**
 * Writes the column table of `count` columns (source offsets `offsets[0 .. count-1]`, count a
 * multiple of nr) into `table`: per panel the consecutive flag, then the nr offsets.
 */
export function fillColumnTable(table: Int32Array, offsets: ArrayLike<number>, count: number, nr: number): void {
  const entries = panelEntries(nr);
  for (let q = 0, t = 0; q * nr < count; q++, t += entries) {
    const first = offsets[q * nr];
    let consecutive = 1;
    for (let jj = 0; jj < nr; jj++) {
      const o = offsets[q * nr + jj];
      table[t + 1 + jj] = o;
      if (o !== first + jj) consecutive = 0;
    }
    table[t] = consecutive;
  }
}

/**
 * The same gather in TypeScript for one panel of `width` < nr columns (the last, partial panel
 * of a tile): columns past `width` are zero.
 */
export function gatherPanel(
  dst: Float32Array | Float64Array, dstOffset: number, source: ArrayLike<number>, rows: ArrayLike<number>, rowStart: number,
  offsets: ArrayLike<number>, width: number, kc: number, nr: number,
): void {
  for (let p = 0; p < kc; p++) {
    const r = rows[rowStart + p];
    const to = dstOffset + p * nr;
    for (let jj = 0; jj < nr; jj++) dst[to + jj] = jj < width ? source[r + offsets[jj]] : 0;
  }
}
