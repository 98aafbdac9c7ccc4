/**
 * Argument checks that throw in one voice:
 *   `<function>: <parameter>=<value> must be <rule>`
 * e.g. `convTranspose: outputPadding[1]=2 must be < max(strides[1], dilations[1])=2`.
 * Every public function validates before it computes, so nothing half-computed is returned.
 */

/** Formats a value for an error message: arrays as [a, b], strings quoted. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.prototype.toString.call(value).slice(8, -1);
  return String(value);
}

/** Throws `RangeError("fn: message")` (or the given error type). */
export function fail(fn: string, message: string, Kind: typeof RangeError | typeof TypeError = RangeError): never {
  throw new Kind(`${fn}: ${message}`);
}

/** Throws unless `value` is an integer >= `min` (rejects NaN, Infinity and non-numbers). */
export function checkInteger(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number') fail(fn, `${name}=${show(value)} must be a number`, TypeError);
  if (!Number.isInteger(value) || value < min) {
    const rule = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    fail(fn, `${name}=${show(value)} must be ${rule}`);
  }
  return value;
}

/**
 * Reads a per-axis integer attribute: a single number (used for every axis), an array of
 * `length` numbers, or undefined (the default for every axis).
 */
export function checkIntegers(
  fn: string,
  name: string,
  value: unknown,
  length: number,
  min: number,
  fallback: number,
): number[] {
  if (value === undefined) return new Array<number>(length).fill(fallback);
  if (typeof value === 'number') {
    checkInteger(fn, name, value, min);
    return new Array<number>(length).fill(value);
  }
  if (!Array.isArray(value)) fail(fn, `${name}=${show(value)} must be a number or an array of ${length} numbers`, TypeError);
  if (value.length !== length) fail(fn, `${name}=${show(value)} must have ${length} entries, one per spatial axis`);
  return value.map((v, i) => checkInteger(fn, `${name}[${i}]`, v, min));
}

/** Throws unless `value` is a plain object (or undefined, which reads as {}). */
export function checkOptions<T extends object>(fn: string, name: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(fn, `${name}=${show(value)} must be an object`, TypeError);
  }
  return value;
}

/** Throws if `options` holds a key not in `known` (catches typos such as `stride` for `strides`). */
export function checkKnownKeys(fn: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) fail(fn, `unknown option ${show(key)}; known options are ${known.join(', ')}`, TypeError);
  }
}

/** Throws unless every value is a number (NaN and Infinity pass: formulas return them as they come). */
export function checkNumbers(fn: string, values: Record<string, unknown>): void {
  for (const name in values) {
    if (typeof values[name] !== 'number') fail(fn, `${name}=${show(values[name])} must be a number`, TypeError);
  }
}

/**
 * Throws unless `fn` is a string: helpers that speak for their caller (checkTensor, convInfo,
 * convGeometry, ...) take the caller's name first, and an error message must begin with it.
 */
export function checkSpeaker(helper: string, fn: unknown): void {
  if (typeof fn !== 'string') fail(helper, `fn=${show(fn)} must be a string (the calling function's name)`, TypeError);
}

/** Throws unless `value` is an array (of any entries; the caller checks them). */
export function checkArray(fn: string, name: string, value: unknown): void {
  if (!Array.isArray(value)) fail(fn, `${name}=${show(value)} must be an array`, TypeError);
}
