import { TuneRagError } from '../../errors.js';

/**
 * Little-endian writer/reader for the local components' serialised state (IDF tables, LSA bases,
 * BM25 indexes). Typed-array sections are 8-byte aligned so a reader can copy them in one go,
 * and the reader copies out of the input, which may start at any byte offset (SQLite blobs do).
 */
export class BinaryWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  u32(value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    return this.push(bytes);
  }

  f64(value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.push(bytes);
  }

  /** A typed array, preceded by its element count and padded to 8 bytes. */
  array(values: Uint32Array | Int32Array | Float32Array | Float64Array): this {
    this.u32(values.length).pad();
    return this.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).pad();
  }

  /** UTF-8 strings joined by "\n"; callers guarantee no string contains a newline. */
  strings(values: readonly string[]): this {
    const bytes = new TextEncoder().encode(values.join('\n'));
    this.u32(values.length).u32(bytes.byteLength).pad();
    return this.push(bytes).pad();
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.byteLength;
    }
    return out;
  }

  private pad(): this {
    const rest = this.length % 8;
    return rest === 0 ? this : this.push(new Uint8Array(8 - rest));
  }

  private push(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.length += bytes.byteLength;
    return this;
  }
}

/** Reads what a {@link BinaryWriter} wrote, in the same order; throws a `pipeline` error on truncation. */
export class BinaryReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  uint32Array(): Uint32Array {
    return this.array((n) => new Uint32Array(n));
  }

  int32Array(): Int32Array {
    return this.array((n) => new Int32Array(n));
  }

  float32Array(): Float32Array {
    return this.array((n) => new Float32Array(n));
  }

  float64Array(): Float64Array {
    return this.array((n) => new Float64Array(n));
  }

  strings(): string[] {
    const count = this.u32();
    const byteLength = this.u32();
    this.pad();
    this.need(byteLength);
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + byteLength));
    this.offset += byteLength;
    this.pad();
    if (count === 0) return [];
    const values = text.split('\n');
    if (values.length !== count) this.fail();
    return values;
  }

  /** Checks a magic number and format version written first by the writer. */
  expectHeader(magic: number, version: number): void {
    if (this.u32() !== magic || this.u32() !== version) this.fail();
  }

  private array<T extends Uint32Array | Int32Array | Float32Array | Float64Array>(make: (n: number) => T): T {
    const count = this.u32();
    this.pad();
    const out = make(count);
    this.need(out.byteLength);
    // Copy: the input may not be aligned for a typed-array view over it.
    new Uint8Array(out.buffer).set(this.bytes.subarray(this.offset, this.offset + out.byteLength));
    this.offset += out.byteLength;
    this.pad();
    return out;
  }

  private pad(): void {
    const rest = this.offset % 8;
    if (rest !== 0) this.offset += 8 - rest;
  }

  private need(byteCount: number): void {
    if (this.offset + byteCount > this.bytes.byteLength) this.fail();
  }

  private fail(): never {
    throw new TuneRagError('pipeline', `corrupt or incompatible ${this.what} state in the stage cache`, {
      hint: 'Delete the cache directory (or the entry) so it is rebuilt.',
    });
  }
}
