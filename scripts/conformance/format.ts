/**
 * Reads golden-vector files (format: ../shared/vectors/README.md): {source, license, cases: [...]},
 * each case with op, x, w, b, dy, attrs (ONNX names), y and tol. Throws a clear message for a
 * file that is not in the format.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Op = 'conv_transpose' | 'conv' | 'conv_grad_input' | 'conv_grad_weight' | 'bilinear_kernel';
export const OPS: readonly Op[] = ['conv_transpose', 'conv', 'conv_grad_input', 'conv_grad_weight', 'bilinear_kernel'];

export interface Array_ {
  shape: number[];
  data: number[];
}

export interface Case {
  name: string;
  op: Op;
  x?: Array_;
  w?: Array_;
  b?: Array_;
  dy?: Array_;
  attrs: Record<string, unknown>;
  y: Array_;
  tol: { atol: number; rtol: number };
  features?: string[];
}

export interface VectorFile {
  path: string;
  cases: Case[];
}

export class FormatError extends Error {}

function checkArray(where: string, name: string, a: unknown, required: boolean): void {
  if (a === undefined && !required) return;
  if (a === null || typeof a !== 'object') throw new FormatError(`${where}: "${name}" must be {"shape": [...], "data": [...]}`);
  const { shape, data } = a as Array_;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new FormatError(`${where}: "${name}.shape" must be an array of non-negative integers`);
  }
  if (!Array.isArray(data) || !data.every((v) => typeof v === 'number')) {
    throw new FormatError(`${where}: "${name}.data" must be an array of numbers`);
  }
  const size = shape.reduce((p, d) => p * d, 1);
  if (data.length !== size) throw new FormatError(`${where}: "${name}.data" has ${data.length} numbers but shape [${shape}] needs ${size}`);
}

function checkCase(where: string, c: unknown): Case {
  if (c === null || typeof c !== 'object') throw new FormatError(`${where}: a case must be an object`);
  const k = c as Case;
  if (typeof k.name !== 'string') throw new FormatError(`${where}: "name" must be a string`);
  const at = `${where} (${k.name})`;
  if (!OPS.includes(k.op)) throw new FormatError(`${at}: "op"=${JSON.stringify(k.op)} must be one of ${OPS.join(', ')}`);
  if (k.attrs === null || typeof k.attrs !== 'object') throw new FormatError(`${at}: "attrs" must be an object`);
  const needs: Record<Op, string[]> = {
    conv_transpose: ['x', 'w'], conv: ['x', 'w'], conv_grad_input: ['x', 'w'], conv_grad_weight: ['x', 'dy'], bilinear_kernel: [],
  };
  for (const name of ['x', 'w', 'b', 'dy']) checkArray(at, name, (k as unknown as Record<string, unknown>)[name], needs[k.op].includes(name));
  checkArray(at, 'y', k.y, true);
  const tol = k.tol;
  if (tol === null || typeof tol !== 'object' || typeof tol.atol !== 'number' || typeof tol.rtol !== 'number') {
    throw new FormatError(`${at}: "tol" must be {"atol": number, "rtol": number}`);
  }
  return k;
}

/** Parses one vectors file; throws FormatError naming the file and what is wrong. */
export function readVectorFile(path: string): VectorFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FormatError(`${path} is not a vectors file: not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || !Array.isArray((json as { cases?: unknown }).cases)) {
    throw new FormatError(`${path} is not a vectors file: it has no "cases" array (format: {"source", "license", "cases": [...]})`);
  }
  const cases = (json as { cases: unknown[] }).cases.map((c, i) => checkCase(`${path}: cases[${i}]`, c));
  return { path, cases };
}

/** The .json files named, or found (recursively, sorted) in the folders named. */
export function listVectorFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const st = statSync(p); // throws ENOENT with the path for a missing file
    if (st.isDirectory()) {
      const entries = readdirSync(p).sort();
      out.push(...listVectorFiles(entries.filter((e) => e.endsWith('.json') || statSync(join(p, e)).isDirectory()).map((e) => join(p, e))));
    } else {
      out.push(p);
    }
  }
  return out;
}
