/**
 * The protobuf wire format, only as far as an ONNX file needs it
 * (https://protobuf.dev/programming-guides/encoding/): every field is a key varint
 * (field number << 3 | wire type) followed by a varint (type 0), 8 bytes (type 1), a length
 * varint and that many bytes (type 2) or 4 bytes (type 5). Types 3 and 4 (groups) are not
 * used by onnx.proto. Nothing is copied: length-delimited fields are views into the buffer.
 */
import { ModelError } from './model';

export interface Field {
  /** Field number from onnx.proto. */
  number: number;
  wire: 0 | 1 | 2 | 5;
  /** Varint value (wire 0); 64-bit values beyond 2^53 lose precision, which no shape reaches. */
  value: number;
  /** Start and end (exclusive) of the payload in the buffer (wires 1, 2, 5). */
  start: number;
  end: number;
}

/** A cursor over bytes [start, end) of one message. */
export class Reader {
  pos: number;
  constructor(readonly bytes: Uint8Array, start = 0, readonly end = bytes.length, readonly what = 'the model') {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private truncated(need: string): never {
    throw new ModelError('truncated', `the file ends inside ${this.what} (byte ${this.pos} of ${this.bytes.length}, ${need}): it is truncated or not a protobuf`);
  }

  /** A varint as a JavaScript number; 10-byte negative int64 values come back negative. */
  varint(): number {
    let lo = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.pos >= this.end) this.truncated('a number is cut');
      b = this.bytes[this.pos++];
      lo |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return lo >>> 0;
    }
    if (this.pos >= this.end) this.truncated('a number is cut');
    b = this.bytes[this.pos++];
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b & 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 31) throw new ModelError('format', `a number at byte ${this.pos} is longer than 10 bytes: not a protobuf`);
        if (this.pos >= this.end) this.truncated('a number is cut');
        b = this.bytes[this.pos++];
        hi |= (b & 0x7f) << shift;
        if (!(b & 0x80)) break;
      }
    }
    return (hi | 0) * 2 ** 32 + (lo >>> 0);
  }

  /** The next field, its payload skipped (read it with `sub`, `packed` or the offsets). */
  field(): Field {
    const at = this.pos;
    const key = this.varint();
    const wire = key % 8;
    const number = Math.floor(key / 8);
    if (number === 0) throw new ModelError('format', `field number 0 at byte ${at}: not a protobuf (wrong format?)`);
    switch (wire) {
      case 0:
        return { number, wire, value: this.varint(), start: this.pos, end: this.pos };
      case 1:
      case 5: {
        const size = wire === 1 ? 8 : 4;
        return { number, wire, value: 0, start: this.pos, end: this.skip(size) };
      }
      case 2: {
        const length = this.varint();
        if (length < 0) throw new ModelError('format', `a negative length at byte ${at}: not a protobuf (wrong format?)`);
        const start = this.pos;
        return { number, wire, value: length, start, end: this.skip(length) };
      }
      default:
        throw new ModelError('format', `wire type ${wire} at byte ${at} does not occur in ONNX files: not an ONNX model (wrong format?)`);
    }
  }

  private skip(length: number): number {
    if (this.end - this.pos < length) this.truncated(`a field needs ${length} bytes, ${this.end - this.pos} are left`);
    this.pos += length;
    return this.pos;
  }

  /** A reader over a length-delimited field's payload. */
  sub(f: Field, what: string): Reader {
    return new Reader(this.bytes, f.start, f.end, what);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function text(r: Reader, f: Field): string {
  return utf8.decode(r.bytes.subarray(f.start, f.end));
}

/** Repeated integers: packed (wire 2) or one per field (wire 0). */
export function ints(r: Reader, f: Field, into: number[]): void {
  if (f.wire === 0) {
    into.push(f.value);
    return;
  }
  const p = r.sub(f, 'a list of integers');
  while (!p.done) into.push(p.varint());
}

/** Little-endian float32 values of a payload, copied to an aligned array. */
export function float32s(bytes: Uint8Array, start: number, end: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const out = new Float32Array((end - start) >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

export function float64s(bytes: Uint8Array, start: number, end: number): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const out = new Float64Array((end - start) >> 3);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

/** Repeated floats: packed (wire 2) or one per field (wire 5). */
export function floats(r: Reader, f: Field, into: number[]): void {
  for (const v of float32s(r.bytes, f.start, f.end)) into.push(v);
}
