/**
 * The WebAssembly assembler (src/fast/wasm.ts) and the modules built with it:
 *   - LEB128 against hand-worked encodings and a decoder written here;
 *   - every opcode of wasm.ts byte for byte against the specification's opcode tables (a new
 *     opcode without a case here fails the coverage test);
 *   - small assembled modules run on a WebAssembly.Memory, results worked out in JavaScript;
 *   - the GEMM module: validation, byte size, its relaxed-SIMD build (in a child Node process
 *     with --experimental-wasm-relaxed-simd, since Node 20 refuses it otherwise);
 *   - the B-panel gather (simdGather.ts) and col2im's scatter against plain JavaScript loops.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { availableEngines } from '../src/fast/engines';
import { randomSource } from '../src/random';
import { RELAXED_FLAG, relaxedFlagAccepted } from './relaxedFlag';
import { fillColumnTable, gatherFunction, gatherPanel, panelEntries } from '../src/fast/simdGather';
import { simdGemm, simdGemmModule } from '../src/fast/simdGemm';
import {
  assemble, code, control, f32, f32t, f32x4, i32, i32t, local, s32, u32, v128, v128t, vec, type WasmFunction,
} from '../src/fast/wasm';

/** The core's seeded generator makes the inputs; expected values never come from it. */
const rng = randomSource;
/** An integer in [lo, hi]. */
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** LEB128 decoders written from the specification (Core Spec 2.0, 5.2.2 "Integers"). */
function decodeU32(bytes: readonly number[]): { value: number; length: number } {
  let value = 0, shift = 0, i = 0;
  for (;;) {
    const byte = bytes[i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value, length: i };
  }
}
function decodeS32(bytes: readonly number[]): { value: number; length: number } {
  let value = 0, shift = 0, i = 0, byte: number;
  do {
    byte = bytes[i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while ((byte & 0x80) !== 0);
  if ((byte & 0x40) !== 0) value -= 2 ** shift; // sign bit of the last group: extend
  return { value, length: i };
}

describe('LEB128', () => {
  it('u32: hand-worked encodings (spec 5.2.2; Wikipedia "LEB128" for 624485)', () => {
    expect(u32(0)).toEqual([0x00]);
    expect(u32(1)).toEqual([0x01]);
    expect(u32(127)).toEqual([0x7f]); // largest one-byte value
    expect(u32(128)).toEqual([0x80, 0x01]); // 128 = 0 + 1*128
    expect(u32(255)).toEqual([0xff, 0x01]); // 255 = 127 + 1*128
    expect(u32(300)).toEqual([0xac, 0x02]); // 300 = 44 + 2*128; 44 | 0x80 = 0xac
    expect(u32(16383)).toEqual([0xff, 0x7f]); // 2^14 - 1
    expect(u32(16384)).toEqual([0x80, 0x80, 0x01]); // 2^14
    // 624485 = 0x98765 = 0b100110 0001110 1100101 -> 0x65|0x80, 0x0e|0x80, 0x26
    expect(u32(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(u32(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]); // 31 ones: 4 x 7, then 3
    expect(u32(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]); // 32 ones: 4 x 7, then 4
  });

  it('s32: hand-worked encodings (spec 5.2.2; Wikipedia "LEB128" for -123456)', () => {
    expect(s32(0)).toEqual([0x00]);
    expect(s32(1)).toEqual([0x01]);
    expect(s32(-1)).toEqual([0x7f]); // all ones, sign bit 0x40 set
    expect(s32(63)).toEqual([0x3f]); // largest one-byte positive: 0x40 would read as a sign
    expect(s32(64)).toEqual([0xc0, 0x00]);
    expect(s32(-64)).toEqual([0x40]); // smallest one-byte negative
    expect(s32(-65)).toEqual([0xbf, 0x7f]); // -65 = 0x3f + 128 * -1
    expect(s32(127)).toEqual([0xff, 0x00]);
    expect(s32(-128)).toEqual([0x80, 0x7f]);
    // -123456: two's complement ...1110 0001 1101 1100 0000 -> 0x40|0x80, 0x3b|0x80, 0x78
    expect(s32(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(s32(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(s32(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]); // 28 zero bits, then 0b1111000
  });

  it('u32 and s32 round-trip through an independent decoder, minimal length, over 20000 random values', () => {
    const r = rng(1);
    const minimalU = (v: number) => Math.max(1, Math.ceil(Math.log2(v + 1) / 7)); // 7 bits a byte
    const minimalS = (v: number) => { // bits incl. sign: the smallest b with -2^(b-1) <= v < 2^(b-1)
      let b = 1;
      while (!(v >= -(2 ** (b - 1)) && v < 2 ** (b - 1))) b++;
      return Math.ceil(b / 7);
    };
    const wrong: string[] = []; // collected, so that 20000 values cost one expect
    for (let t = 0; t < 20000; t++) {
      // Magnitudes spread over all byte lengths: 2^(0..32) scaled.
      const u = Math.floor(r() * 2 ** int(r, 0, 32)) % 2 ** 32;
      const s = Math.floor((r() * 2 - 1) * 2 ** int(r, 0, 31));
      const eu = u32(u), es = s32(s);
      const du = decodeU32(eu), ds = decodeS32(es);
      if (du.value !== u || du.length !== eu.length || eu.length !== minimalU(u)) wrong.push(`u32(${u}) = [${eu}]`);
      if (ds.value !== s || ds.length !== es.length || es.length !== minimalS(s)) wrong.push(`s32(${s}) = [${es}]`);
      if (![...eu, ...es].every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) wrong.push(`bytes of ${u}, ${s}`);
    }
    expect(wrong).toEqual([]);
  });

  it('vec: the u32 length, then the items (5.1.3 "Vectors")', () => {
    expect(vec([])).toEqual([0x00]);
    expect(vec([[1, 2], [3]])).toEqual([0x02, 1, 2, 3]);
    expect(vec(new Array(130).fill([7]))).toEqual([0x82, 0x01, ...new Array(130).fill(7)]);
  });
});

/**
 * The expected encodings, written by hand from the specification's tables (Core Spec 2.0):
 *   5.4.1 control instructions, 5.4.4 variable instructions, 5.4.6 memory instructions
 *   (memarg = u32 log2(alignment), u32 offset), 5.4.7 numeric instructions, 5.4.8 vector
 *   instructions (prefix 0xfd, then the opcode as u32); relaxed SIMD from the proposal's
 *   Overview.md, "Binary format" (f32x4.relaxed_madd = 0x105).
 * A function member lists calls (its arguments) with their bytes; a constant member its bytes.
 */
type Case = { args?: number[]; bytes: number[] };
const specification: Record<string, Record<string, Case[]>> = {
  local: { // 5.4.4
    get: [{ args: [1], bytes: [0x20, 0x01] }, { args: [200], bytes: [0x20, 0xc8, 0x01] }],
    set: [{ args: [0], bytes: [0x21, 0x00] }, { args: [127], bytes: [0x21, 0x7f] }],
    tee: [{ args: [3], bytes: [0x22, 0x03] }, { args: [128], bytes: [0x22, 0x80, 0x01] }],
  },
  i32: {
    const: [ // 5.4.7: 0x41 then the value as s32
      { args: [-1], bytes: [0x41, 0x7f] }, { args: [0], bytes: [0x41, 0x00] }, { args: [4], bytes: [0x41, 0x04] },
      { args: [64], bytes: [0x41, 0xc0, 0x00] }, { args: [-123456], bytes: [0x41, 0xc0, 0xbb, 0x78] },
    ],
    load: [{ args: [], bytes: [0x28, 0x02, 0x00] }, { args: [36], bytes: [0x28, 0x02, 0x24] }], // 5.4.6, align 2^2
    eqz: [{ bytes: [0x45] }], ne: [{ bytes: [0x47] }], lt_s: [{ bytes: [0x48] }], gt_s: [{ bytes: [0x4a] }],
    le_s: [{ bytes: [0x4c] }], ge_s: [{ bytes: [0x4e] }],
    add: [{ bytes: [0x6a] }], sub: [{ bytes: [0x6b] }], mul: [{ bytes: [0x6c] }], shl: [{ bytes: [0x74] }],
  },
  f32: {
    load: [{ args: [], bytes: [0x2a, 0x02, 0x00] }, { args: [8], bytes: [0x2a, 0x02, 0x08] }, { args: [200], bytes: [0x2a, 0x02, 0xc8, 0x01] }],
    store: [{ args: [], bytes: [0x38, 0x02, 0x00] }, { args: [28], bytes: [0x38, 0x02, 0x1c] }],
    add: [{ bytes: [0x92] }], mul: [{ bytes: [0x94] }],
  },
  v128: { // 5.4.8: 0xfd, u32 opcode, memarg with align 2^4 (v128) or 2^2 (32-bit splat)
    load: [{ args: [], bytes: [0xfd, 0x00, 0x04, 0x00] }, { args: [16], bytes: [0xfd, 0x00, 0x04, 0x10] }],
    load32_splat: [{ args: [], bytes: [0xfd, 0x09, 0x02, 0x00] }, { args: [12], bytes: [0xfd, 0x09, 0x02, 0x0c] }],
    store: [{ args: [], bytes: [0xfd, 0x0b, 0x04, 0x00] }, { args: [48], bytes: [0xfd, 0x0b, 0x04, 0x30] }],
    zero: [{ bytes: [0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }], // v128.const, 16 zero bytes
  },
  f32x4: { // 5.4.8: opcodes >= 128 take two LEB128 bytes: 228 = 0x64 + 1*128 -> e4 01
    splat: [{ bytes: [0xfd, 0x13] }], // 19
    add: [{ bytes: [0xfd, 0xe4, 0x01] }], // 228
    mul: [{ bytes: [0xfd, 0xe6, 0x01] }], // 230
    relaxed_madd: [{ bytes: [0xfd, 0x85, 0x02] }], // 0x105 = 261 = 5 + 2*128
  },
  control: { // 5.4.1: block type 0x40 = empty
    block: [{ bytes: [0x02, 0x40] }], loop: [{ bytes: [0x03, 0x40] }], if: [{ bytes: [0x04, 0x40] }],
    else: [{ bytes: [0x05] }], end: [{ bytes: [0x0b] }],
    br: [{ args: [2], bytes: [0x0c, 0x02] }, { args: [0], bytes: [0x0c, 0x00] }],
    br_if: [{ args: [1], bytes: [0x0d, 0x01] }, { args: [130], bytes: [0x0d, 0x82, 0x01] }],
    call: [{ args: [0], bytes: [0x10, 0x00] }, { args: [5], bytes: [0x10, 0x05] }],
  },
};
const opcodeObjects: Record<string, Record<string, unknown>> = { local, i32, f32, v128, f32x4, control };

describe('opcode encodings, byte for byte against the specification tables', () => {
  for (const [group, members] of Object.entries(opcodeObjects)) {
    for (const [key, member] of Object.entries(members)) {
      it(`${group}.${key}`, () => {
        const cases = specification[group]?.[key];
        expect(cases, `no case for ${group}.${key} in test/wasm.test.ts (see "Adding an opcode" in wasm.ts)`).toBeDefined();
        for (const c of cases!) {
          if (typeof member === 'function') {
            expect(c.args, `${group}.${key} takes immediates: give args`).toBeDefined();
            expect((member as (...a: number[]) => number[])(...c.args!)).toEqual(c.bytes);
          } else {
            expect(c.args).toBeUndefined();
            expect(member).toEqual(c.bytes);
          }
        }
      });
    }
  }

  it('every opcode object member has a case, and every case names an existing member', () => {
    const members = Object.entries(opcodeObjects).flatMap(([g, m]) => Object.keys(m).map((k) => `${g}.${k}`)).sort();
    const cases = Object.entries(specification).flatMap(([g, m]) => Object.keys(m).map((k) => `${g}.${k}`)).sort();
    expect(members).toEqual(cases);
  });

  it('value types (5.3.1 number types, 5.3.2 vector types): i32 0x7f, f32 0x7d, v128 0x7b', () => {
    expect([i32t, f32t, v128t]).toEqual([0x7f, 0x7d, 0x7b]);
  });
});

const api = WebAssembly;
/** assemble's bytes as the DOM typings' BufferSource (a Uint8Array over an ArrayBuffer). */
const buffer = (bytes: Uint8Array) => new Uint8Array(bytes);

/** Instantiates functions on a fresh memory of `pages` pages. */
function instantiate(functions: readonly WasmFunction[], pages = 1) {
  const memory = new api.Memory({ initial: pages });
  const bytes = assemble(functions);
  expect(api.validate(buffer(bytes))).toBe(true);
  const instance = new api.Instance(new api.Module(buffer(bytes)), { env: { memory } });
  return { memory, bytes, exports: instance.exports as Record<string, (...args: number[]) => void> };
}

describe('assembled modules run', () => {
  it('assemble: header, sections 1, 2, 3, 7, 10 in order with their byte lengths, env.memory import, exports', () => {
    const f: WasmFunction = { name: 'noop', params: [i32t, f32t], locals: [{ type: i32t, count: 2 }], body: [] };
    const bytes = Array.from(assemble([f, { ...f, name: 'second', params: [] }]));
    expect(bytes.slice(0, 8)).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // "\0asm", version 1 (5.5.16)
    // Walk the sections: id, u32 size, contents; the sizes must add up to the whole module.
    const ids: number[] = [];
    let at = 8;
    while (at < bytes.length) {
      ids.push(bytes[at]);
      const { value, length } = decodeU32(bytes.slice(at + 1));
      at += 1 + length + value;
    }
    expect(at).toBe(bytes.length);
    expect(ids).toEqual([1, 2, 3, 7, 10]);
    // The whole module by hand (5.5): sections as id, u32 size, contents.
    const ascii = (t: string) => [t.length, ...[...t].map((ch) => ch.charCodeAt(0))];
    expect(bytes).toEqual([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x09, 0x02, 0x60, 0x02, 0x7f, 0x7d, 0x00, 0x60, 0x00, 0x00, // types: (i32, f32) -> (), () -> ()
      0x02, 0x0f, 0x01, ...ascii('env'), ...ascii('memory'), 0x02, 0x00, 0x01, // import env.memory, limits min 1
      0x03, 0x03, 0x02, 0x00, 0x01, // function i has type i
      0x07, 0x11, 0x02, ...ascii('noop'), 0x00, 0x00, ...ascii('second'), 0x00, 0x01, // exports (kind 0: func)
      0x0a, 0x0b, 0x02, 0x04, 0x01, 0x02, 0x7f, 0x0b, 0x04, 0x01, 0x02, 0x7f, 0x0b, // bodies: size, 1 group of 2 x i32, end
    ]);
    const module = new api.Module(new Uint8Array(bytes));
    expect(api.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(api.Module.exports(module)).toEqual([{ name: 'noop', kind: 'function' }, { name: 'second', kind: 'function' }]);
  });

  it('f32x4: out = a + b and out2 = a * b (v128.load / store with offsets), 4 lanes against Math.fround', () => {
    const f: WasmFunction = {
      name: 'vecops', params: [i32t, i32t, i32t], locals: [],
      body: code(
        local.get(2), local.get(0), v128.load(0), local.get(1), v128.load(0), f32x4.add, v128.store(0),
        local.get(2), local.get(0), v128.load(0), local.get(1), v128.load(0), f32x4.mul, v128.store(16),
      ),
    };
    const { memory, exports } = instantiate([f]);
    const m = new Float32Array(memory.buffer);
    const a = [1.5, -2.25, 1e-3, 3e7], b = [0.1, 4, -1e-3, 7];
    m.set(a, 0); m.set(b, 8); // byte addresses 0 and 32
    exports.vecops(0, 32, 64);
    expect(Array.from(m.subarray(16, 20))).toEqual(a.map((x, i) => Math.fround(Math.fround(x) + Math.fround(b[i]))));
    expect(Array.from(m.subarray(20, 24))).toEqual(a.map((x, i) => Math.fround(Math.fround(x) * Math.fround(b[i]))));
  });

  it('f32x4.splat, v128.load32_splat, v128.zero, f32.load/add/mul/store: y = s*x + t per lane, zeroed block', () => {
    // scaled(x, s, out): out[0..3] = splat(s) * x[0..3] + splat(s2) where s2 = mem[s+4] via load32_splat;
    // out[4] = x[0]*x[1] + x[2] in scalar f32; out[8..11] = 0.
    const f: WasmFunction = {
      name: 'scaled', params: [i32t, i32t, i32t], locals: [{ type: v128t, count: 1 }],
      body: code(
        local.get(1), f32.load(0), f32x4.splat, local.get(0), v128.load(0), f32x4.mul,
        local.get(1), v128.load32_splat(4), f32x4.add, local.set(3),
        local.get(2), local.get(3), v128.store(0),
        local.get(2), local.get(0), f32.load(0), local.get(0), f32.load(4), f32.mul, local.get(0), f32.load(8), f32.add, f32.store(16),
        local.get(2), v128.zero, v128.store(32),
      ),
    };
    const { memory, exports } = instantiate([f]);
    const m = new Float32Array(memory.buffer);
    const x = [0.5, 3, -7.75, 11], s = 1.25, t = -0.375;
    m.set(x, 0); m.set([s, t], 4); m.fill(9, 16, 32);
    exports.scaled(0, 16, 64);
    expect(Array.from(m.subarray(16, 20))).toEqual(x.map((v) => v * s + t)); // exact in float32: dyadic values
    expect(m[20]).toBe(0.5 * 3 - 7.75);
    expect(Array.from(m.subarray(24, 28))).toEqual([0, 0, 0, 0]);
    expect(Array.from(m.subarray(21, 24))).toEqual([9, 9, 9]); // untouched
  });

  /**
   * sum(ptr, count, marks): s = sum of count i32 at ptr (loop, br_if, br, sub, add, shl,
   * local.tee); there is no i32.store in wasm.ts, so the result is observed by copying the f32
   * marker at marks[0] to marks[1 + s] (an address computed from s).
   */
  const sum: WasmFunction = {
    name: 'sum', params: [i32t, i32t, i32t], locals: [{ type: i32t, count: 1 }],
    body: code(
      i32.const(0), local.set(3),
      control.block, control.loop,
      local.get(1), i32.eqz, control.br_if(1),
      local.get(3), local.get(0), i32.load(0), i32.add, local.set(3),
      local.get(0), i32.const(4), i32.add, local.set(0),
      local.get(1), i32.const(1), i32.sub, local.tee(1), control.br_if(0), // tee: count stays on the stack for br_if
      control.end, control.end,
      local.get(2), local.get(3), i32.const(2), i32.shl, i32.add, local.get(2), f32.load(0), f32.store(4),
    ),
  };

  it('a loop summing i32s (observed by the address it writes to), against a JavaScript sum', () => {
    const { memory, exports } = instantiate([sum]);
    const ints = new Int32Array(memory.buffer);
    const floats = new Float32Array(memory.buffer);
    const r = rng(2);
    for (let t = 0; t < 20; t++) {
      const count = int(r, 0, 40);
      const values = Array.from({ length: count }, () => int(r, -50, 150));
      const s = values.reduce((p, v) => p + v, 0);
      if (s < 0) continue;
      ints.set(values, 0);
      floats.fill(0, 1024, 16384);
      floats[1024] = 2.5; // the marker
      exports.sum(0, count, 4096);
      const marked = [];
      for (let i = 1025; i < 16384; i++) if (floats[i] !== 0) marked.push(i - 1025);
      expect(marked).toEqual([s]);
    }
  });

  it('comparisons lt_s, gt_s, le_s, ge_s, ne, eqz with if/else, i32.mul and call, against JavaScript', () => {
    // cmp(a, b, marks): for each test i, marks[1 + i] = marks[0] if true else stays 0;
    // marks[10 + a*b] = marker too (checks i32.mul, for small products); then calls mark(marks) via `call`.
    const mark: WasmFunction = { // function 0: marks[20] = marks[0]
      name: 'mark', params: [i32t], locals: [], body: code(local.get(0), local.get(0), f32.load(0), f32.store(80)),
    };
    const when = (test: number[], slot: number) => code(
      test, control.if, local.get(2), local.get(2), f32.load(0), f32.store(4 * slot), control.else, control.end,
    );
    const cmp: WasmFunction = {
      name: 'cmp', params: [i32t, i32t, i32t], locals: [],
      body: code(
        when(code(local.get(0), local.get(1), i32.lt_s), 1),
        when(code(local.get(0), local.get(1), i32.gt_s), 2),
        when(code(local.get(0), local.get(1), i32.le_s), 3),
        when(code(local.get(0), local.get(1), i32.ge_s), 4),
        when(code(local.get(0), local.get(1), i32.ne), 5),
        when(code(local.get(0), i32.eqz), 6),
        local.get(2), local.get(0), local.get(1), i32.mul, i32.const(2), i32.shl, i32.add, local.get(2), f32.load(0), f32.store(4 * 30),
        local.get(2), control.call(0),
      ),
    };
    const { memory, exports } = instantiate([mark, cmp]);
    const floats = new Float32Array(memory.buffer);
    const pairs = [[3, 5], [5, 3], [4, 4], [-1, 1], [1, -1], [0, 7], [0, 0], [-2147483648, 2147483647], [-6, -6]];
    for (const [a, b] of pairs) {
      floats.fill(0, 256, 512);
      floats[256] = 1;
      exports.cmp(a, b, 1024);
      const expected = [a < b, a > b, a <= b, a >= b, a !== b, a === 0].map((t) => (t ? 1 : 0));
      expect(Array.from(floats.subarray(257, 263)), `a=${a}, b=${b}`).toEqual(expected);
      expect(floats[256 + 20]).toBe(1); // call ran mark
      if (Math.abs(a * b) < 50) {
        const slot = 256 + 30 + a * b;
        expect(floats[slot], `a*b=${a * b}`).toBe(1);
      }
    }
  });

  it('br leaves a block and restarts a loop: count down with an early exit at 0 (negative counts skip the loop)', () => {
    // down(n, marks): for (i = n; i > 0; i--) marks[i] = marks[0]
    const down: WasmFunction = {
      name: 'down', params: [i32t, i32t], locals: [],
      body: code(
        control.block, control.loop,
        local.get(0), i32.const(0), i32.le_s, control.br_if(1),
        local.get(1), local.get(0), i32.const(2), i32.shl, i32.add, local.get(1), f32.load(0), f32.store(0),
        local.get(0), i32.const(1), i32.sub, local.set(0),
        control.br(0), control.end, control.end,
      ),
    };
    const { memory, exports } = instantiate([down]);
    const floats = new Float32Array(memory.buffer);
    for (const n of [0, 1, 5, -3]) {
      floats.fill(0);
      floats[0] = 7;
      exports.down(n, 0);
      expect(Array.from(floats.subarray(1, 10))).toEqual(Array.from({ length: 9 }, (_, i) => (i + 1 <= n ? 7 : 0)));
    }
  });
});

describe('the GEMM module', () => {
  it('plain SIMD build validates and stays under 4096 bytes (browsers compile synchronously only below 4 KB)', () => {
    const bytes = simdGemmModule(false);
    expect(api.validate(buffer(bytes))).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
    const module = new api.Module(buffer(bytes));
    const exports = api.Module.exports(module);
    expect(exports.map((e) => e.name)).toEqual(expect.arrayContaining(['gemm', 'scatter', 'gather']));
    expect(exports.every((e) => e.kind === 'function')).toBe(true);
  });

  it('relaxed build is under 4096 bytes, differs from the plain one, and validates exactly where the wasm-relaxed engine is offered', () => {
    const relaxed = simdGemmModule(true);
    expect(relaxed.length).toBeLessThan(4096);
    expect(Array.from(relaxed)).not.toEqual(Array.from(simdGemmModule(false)));
    // The relaxed opcode's bytes (fd 85 02) occur in the relaxed build, never in the plain one.
    const count = (b: Uint8Array) => b.reduce((n, _, i) => n + (b[i] === 0xfd && b[i + 1] === 0x85 && b[i + 2] === 0x02 ? 1 : 0), 0);
    expect(count(relaxed)).toBeGreaterThan(0);
    expect(count(simdGemmModule(false))).toBe(0);
    expect(api.validate(buffer(relaxed))).toBe(availableEngines().includes('wasm-relaxed'));
    expect(simdGemm(true) !== null).toBe(api.validate(buffer(relaxed)));
  });

  it.runIf(relaxedFlagAccepted)('under node --experimental-wasm-relaxed-simd: wasm-relaxed is offered, and a relaxed GEMM and convTranspose agree with float64 loops within 1e-5', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const src = (file: string) => JSON.stringify(join(root, 'src', file));
    const dir = mkdtempSync(join(tmpdir(), 'deconv-relaxed-'));
    const script = join(dir, 'relaxed.ts');
    writeFileSync(script, `
import { availableEngines, currentEngine, setEngine } from ${src('fast/engines.ts')};
import { simdGemm, simdGemmModule } from ${src('fast/simdGemm.ts')};
import { gemm } from ${src('fast/gemm.ts')};
import { convTranspose, tensor } from ${src('index.ts')};

let seed = 12345;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 * 2 - 1; };
const worst = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  return w;
};

// GEMM: m x k times k x n, B transposed in memory; k > 256 so two k blocks.
const [m, n, k] = [37, 29, 300];
const a = Float64Array.from({ length: m * k }, random), b = Float64Array.from({ length: k * n }, random);
const want = new Float64Array(m * n);
for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { let s = 0; for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j]; want[i * n + j] = s; }
const bt = new Float64Array(k * n);
for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
const relaxed = simdGemm(true)!;
const c = new Float64Array(m * n);
gemm(relaxed, m, n, k, { data: a, offset: 0, rowStride: k, colStride: 1 }, { data: bt, offset: 0, rowStride: 1, colStride: k }, c, false);

// convTranspose, float32, k4 s2 p1, 2 x 16 -> 8 channels, 7x7 -> 14x14, through setEngine('wasm-relaxed').
const [N, C, M, H, W, K, S, P] = [2, 16, 8, 7, 7, 4, 2, 1];
const x = Float32Array.from({ length: N * C * H * W }, random), w = Float32Array.from({ length: C * M * K * K }, random);
const OH = (H - 1) * S + K - 2 * P, OW = (W - 1) * S + K - 2 * P;
const y = new Float64Array(N * M * OH * OW);
for (let nn = 0; nn < N; nn++) for (let ci = 0; ci < C; ci++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++)
  for (let co = 0; co < M; co++) for (let ki = 0; ki < K; ki++) for (let kj = 0; kj < K; kj++) {
    const oi = i * S + ki - P, oj = j * S + kj - P;
    if (oi < 0 || oi >= OH || oj < 0 || oj >= OW) continue;
    y[((nn * M + co) * OH + oi) * OW + oj] += x[((nn * C + ci) * H + i) * W + j] * w[((ci * M + co) * K + ki) * K + kj];
  }
let calls = 0;
const multiply = relaxed.multiply.bind(relaxed);
relaxed.multiply = (...args: Parameters<typeof multiply>) => { calls++; multiply(...args); };
setEngine('wasm-relaxed');
const got = convTranspose(tensor(x, [N, C, H, W], 'float32'), tensor(w, [C, M, K, K], 'float32'), { strides: S, pads: P });
console.log(JSON.stringify({
  engines: availableEngines(), current: currentEngine(), valid: WebAssembly.validate(simdGemmModule(true)),
  distinct: relaxed !== simdGemm(false), gemmError: worst(c, want),
  convShape: got.shape, convFloat32: got.data instanceof Float32Array, convError: worst(got.data, y), relaxedCalls: calls,
}));
`);
    try {
      const out = execFileSync(process.execPath, [RELAXED_FLAG, '--import', 'tsx', script], {
        cwd: root, encoding: 'utf8', timeout: 60_000,
      });
      const result = JSON.parse(out.trim().split('\n').at(-1)!);
      expect(result.engines).toEqual(['wasm-relaxed', 'wasm-simd', 'typescript']);
      expect(result.current).toBe('wasm-relaxed');
      expect(result.valid).toBe(true);
      expect(result.distinct).toBe(true);
      expect(result.gemmError).toBeLessThanOrEqual(1e-5);
      expect(result.convShape).toEqual([2, 8, 14, 14]);
      expect(result.convFloat32).toBe(true);
      expect(result.convError).toBeLessThanOrEqual(1e-5);
      expect(result.relaxedCalls).toBeGreaterThan(0); // the relaxed build ran the convolution's GEMM
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** B(p, j) = source[rows[rowStart + p] + offsets[j]] in packed panels: the definition, as a plain loop. */
function jsGather(source: ArrayLike<number>, rows: ArrayLike<number>, rowStart: number, offsets: ArrayLike<number>, kc: number, panels: number, nr: number): number[] {
  const out: number[] = [];
  for (let q = 0; q < panels; q++) {
    for (let p = 0; p < kc; p++) for (let jj = 0; jj < nr; jj++) out.push(source[rows[rowStart + p] + offsets[q * nr + jj]]);
  }
  return out;
}

/** Column offsets for `panels` panels of nr: consecutive runs, scattered ones, and near-misses, all < limit. */
function panelOffsets(r: () => number, panels: number, nr: number, limit: number): { offsets: number[]; consecutive: boolean[] } {
  const offsets: number[] = [];
  const consecutive: boolean[] = [];
  for (let q = 0; q < panels; q++) {
    const kind = q % 4; // 0: consecutive, 1: scattered, 2: consecutive but one entry off, 3: consecutive descending
    const start = int(r, nr, limit - nr - 1);
    const panel = Array.from({ length: nr }, (_, jj) => (kind === 1 ? int(r, 0, limit - 1) : kind === 3 ? start - jj : start + jj));
    if (kind === 2) panel[int(r, 1, nr - 1)] += 1;
    offsets.push(...panel);
    consecutive.push(panel.every((o, jj) => o === panel[0] + jj));
  }
  return { offsets, consecutive };
}

describe('the B-panel gather (simdGather.ts)', () => {
  it('fillColumnTable: per panel the consecutive flag, then the nr offsets (hand example, nr = 4)', () => {
    const table = new Int32Array(3 * panelEntries(4)).fill(-9);
    fillColumnTable(table, [5, 6, 7, 8, 5, 6, 7, 9, 3, 2, 1, 0], 12, 4);
    expect(panelEntries(4)).toBe(5);
    expect(Array.from(table)).toEqual([1, 5, 6, 7, 8, 0, 5, 6, 7, 9, 0, 3, 2, 1, 0]);
    // A single repeated offset is not a run; a run starting at 0 is.
    fillColumnTable(table, [4, 4, 4, 4, 0, 1, 2, 3], 8, 4);
    expect(Array.from(table.subarray(0, 10))).toEqual([0, 4, 4, 4, 4, 1, 0, 1, 2, 3]);
  });

  it('fillColumnTable flags exactly the consecutive panels (nr = 8, random panels of four kinds)', () => {
    const r = rng(3);
    for (let t = 0; t < 50; t++) {
      const panels = int(r, 1, 9);
      const { offsets, consecutive } = panelOffsets(r, panels, 8, 1000);
      const table = new Int32Array(panels * panelEntries(8));
      fillColumnTable(table, offsets, panels * 8, 8);
      for (let q = 0; q < panels; q++) {
        expect(table[q * 9]).toBe(consecutive[q] ? 1 : 0);
        expect(Array.from(table.subarray(q * 9 + 1, q * 9 + 9))).toEqual(offsets.slice(q * 8, q * 8 + 8));
      }
    }
  });

  const engine = simdGemm();
  it.runIf(engine !== null)('engine.gatherB (nr = 8) equals a JavaScript gather: random source, rows, consecutive and scattered panels, offsets', () => {
    const e = engine!;
    expect(e.nr).toBe(8);
    const r = rng(4);
    for (let t = 0; t < 40; t++) {
      const size = int(r, 64, 3000), kTotal = int(r, 1, 40), rowStart = int(r, 0, kTotal - 1), kc = int(r, 1, kTotal - rowStart);
      const panels = int(r, 1, 7), bOffset = 8 * int(r, 0, 5);
      const span = Math.min(size, 600); // column offsets < span, row offsets + span <= size
      const { offsets, consecutive } = panelOffsets(r, panels, 8, span);
      const rows = Array.from({ length: kTotal }, () => int(r, 0, size - span));
      const source = Float32Array.from({ length: size }, () => r() * 2 - 1);
      const bLength = bOffset + panels * kc * 8 + 8;
      const buffers = e.reserve({ a: 5, b: bLength, c: 3, source: size, rows: kTotal, columns: panels * panelEntries(8) });
      buffers.source!.set(source);
      buffers.rows!.set(rows);
      fillColumnTable(buffers.columns!, offsets, panels * 8, 8);
      expect(Array.from({ length: panels }, (_, q) => buffers.columns![q * 9] === 1)).toEqual(consecutive);
      buffers.b.fill(NaN);
      e.gatherB!(bOffset, rowStart, kc, panels);
      const b = Array.from(buffers.b);
      expect(b.slice(bOffset, bOffset + panels * kc * 8)).toEqual(jsGather(source, rows, rowStart, offsets, kc, panels, 8));
      // Nothing written before bOffset or after the last panel.
      expect(b.slice(0, bOffset).every(Number.isNaN)).toBe(true);
      expect(b.slice(bOffset + panels * kc * 8).every(Number.isNaN)).toBe(true);
    }
  });

  it.runIf(engine !== null)('gatherB: the flag picks the vector copy (flag 1 on scattered offsets copies the run from the first)', () => {
    const e = engine!;
    const source = Float32Array.from({ length: 256 }, (_, i) => i + 0.5);
    const buffers = e.reserve({ a: 4, b: 2 * 8, c: 4, source: 256, rows: 2, columns: panelEntries(8) });
    buffers.source!.set(source);
    buffers.rows!.set([0, 100]);
    buffers.columns!.set([1, 10, 3, 50, 7, 7, 0, 90, 2]); // flag 1, but the offsets are not a run
    e.gatherB!(0, 0, 2, 1);
    // The vector copy reads source[row + 10 .. row + 17]: rows 0 and 100.
    const run = (row: number) => Array.from({ length: 8 }, (_, jj) => row + 10 + jj + 0.5);
    expect(Array.from(buffers.b.subarray(0, 16))).toEqual([...run(0), ...run(100)]);
    buffers.columns![0] = 0; // flag 0: each offset on its own
    e.gatherB!(0, 0, 2, 1);
    const scattered = (row: number) => [10, 3, 50, 7, 7, 0, 90, 2].map((o) => row + o + 0.5);
    expect(Array.from(buffers.b.subarray(0, 16))).toEqual([...scattered(0), ...scattered(100)]);
  });

  it.runIf(engine?.gatherA !== undefined)('engine.gatherA (mr = 4 rows per panel) equals a JavaScript gather of the packed A layout', () => {
    const e = engine!;
    const mr = e.mr;
    const r = rng(8);
    for (let t = 0; t < 30; t++) {
      const size = int(r, 64, 2000), kTotal = int(r, 1, 30), rowStart = int(r, 0, kTotal - 1), kc = int(r, 1, kTotal - rowStart);
      const panels = int(r, 1, 6), aOffset = 4 * int(r, 0, 5);
      const span = Math.min(size, 400);
      const { offsets } = panelOffsets(r, panels, mr, span);
      const rows = Array.from({ length: kTotal }, () => int(r, 0, size - span));
      const weights = Float32Array.from({ length: size }, () => r() * 2 - 1);
      const aLength = aOffset + panels * kc * mr + 4;
      const buffers = e.reserve({ a: aLength, b: 7, c: 3, weights: size, aRows: kTotal, aColumns: panels * panelEntries(mr) });
      buffers.weights!.set(weights);
      buffers.aRows!.set(rows);
      fillColumnTable(buffers.aColumns!, offsets, panels * mr, mr);
      buffers.a.fill(NaN);
      e.gatherA!(aOffset, rowStart, kc, panels);
      const a = Array.from(buffers.a);
      // Panel q holds A(q*mr + ii, p) at (q*kc + p)*mr + ii: the same gather with rows and columns swapped.
      expect(a.slice(aOffset, aOffset + panels * kc * mr)).toEqual(jsGather(weights, rows, rowStart, offsets, kc, panels, mr));
      expect(a.slice(0, aOffset).every(Number.isNaN)).toBe(true);
      expect(a.slice(aOffset + panels * kc * mr).every(Number.isNaN)).toBe(true);
    }
  });

  for (const nr of [4, 16]) {
    it(`gatherFunction(${nr}) in a module of its own equals a JavaScript gather (byte addresses as documented)`, () => {
      const { memory, exports } = instantiate([gatherFunction(nr)], 2);
      const floats = new Float32Array(memory.buffer);
      const ints = new Int32Array(memory.buffer);
      const r = rng(5 + nr);
      for (let t = 0; t < 20; t++) {
        const size = 2000, kc = int(r, 1, 12), panels = int(r, 1, 5);
        const { offsets } = panelOffsets(r, panels, nr, 500);
        const rows = Array.from({ length: kc }, () => int(r, 0, 1500));
        const source = Array.from({ length: size }, () => Math.fround(r() * 2 - 1));
        // Layout (elements): source at 0, rows at 4096, table at 5000, dst at 8192.
        floats.set(source, 0);
        ints.set(rows, 4096);
        const table = new Int32Array(panels * panelEntries(nr));
        fillColumnTable(table, offsets, panels * nr, nr);
        ints.set(table, 5000);
        floats.fill(NaN, 8192, 8192 + panels * kc * nr + 4);
        exports.gather(8192 * 4, 0, 5000 * 4, 4096 * 4, kc, panels);
        expect(Array.from(floats.subarray(8192, 8192 + panels * kc * nr))).toEqual(jsGather(source, rows, 0, offsets, kc, panels, nr));
        expect(Number.isNaN(floats[8192 + panels * kc * nr])).toBe(true);
      }
    });
  }

  it('gatherPanel: a partial panel of width < nr, zeros past width, Float32Array and Float64Array destinations', () => {
    const r = rng(6);
    for (const nr of [4, 8]) {
      for (let width = 1; width < nr; width++) {
        const source = Array.from({ length: 300 }, () => r());
        const rows = Array.from({ length: 10 }, () => int(r, 0, 200));
        const offsets = Int32Array.from({ length: nr + 3 }, () => int(r, 0, 99));
        const rowStart = int(r, 0, 4), kc = int(r, 1, 10 - rowStart), dstOffset = int(r, 0, 7);
        for (const dst of [new Float64Array(dstOffset + kc * nr + 2).fill(-1), new Float32Array(dstOffset + kc * nr + 2).fill(-1)]) {
          gatherPanel(dst, dstOffset, source, rows, rowStart, offsets.subarray(3), width, kc, nr);
          const want: number[] = [];
          for (let p = 0; p < kc; p++) {
            for (let jj = 0; jj < nr; jj++) want.push(jj < width ? source[rows[rowStart + p] + offsets[3 + jj]] : 0);
          }
          const round = dst instanceof Float32Array ? Math.fround : (v: number) => v;
          expect(Array.from(dst.subarray(dstOffset, dstOffset + kc * nr))).toEqual(want.map(round));
          expect(Array.from(dst.subarray(0, dstOffset)).every((v) => v === -1)).toBe(true);
          expect(Array.from(dst.subarray(dstOffset + kc * nr))).toEqual([-1, -1]);
        }
      }
    }
  });
});

describe('col2im scatter in the SIMD module', () => {
  const engine = simdGemm();
  it.runIf(engine !== null)('scatterAdd (strided out, rows of count) equals a JavaScript loop of float32 adds', () => {
    const e = engine!;
    const r = rng(7);
    for (let t = 0; t < 30; t++) {
      const count = int(r, 0, 12), rows = int(r, 0, 6), outStride = int(r, 1, 3);
      const outStep = count * outStride + int(r, 0, 4), cStep = count + int(r, 0, 3);
      const o = int(r, 0, 5), ci = int(r, 0, 5);
      const outLength = o + rows * outStep + count * outStride + 2, cLength = ci + rows * cStep + count + 1;
      const buffers = e.reserve({ a: 1, b: 1, c: cLength, out: outLength });
      const c = Float32Array.from({ length: cLength }, () => r() * 2 - 1);
      const out = Float32Array.from({ length: outLength }, () => r() * 2 - 1);
      buffers.c.set(c);
      buffers.out!.set(out);
      const want = Array.from(out);
      for (let row = 0; row < rows; row++) {
        for (let i = 0; i < count; i++) {
          const at = o + row * outStep + i * outStride;
          want[at] = Math.fround(want[at] + c[ci + row * cStep + i]);
        }
      }
      e.scatterAdd!(o, outStride, outStep, ci, cStep, count, rows);
      expect(Array.from(buffers.out!)).toEqual(want);
      expect(Array.from(buffers.c)).toEqual(Array.from(c));
    }
  });
});
