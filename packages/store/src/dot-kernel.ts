/**
 * A WebAssembly SIMD kernel for the vector index's hot loop: the dot products of one query with
 * every stored vector. V8's JIT does not vectorise the JavaScript loop; f32x4 lanes make the
 * scan about 4× faster (figures in docs/design/store.md).
 *
 * The module is assembled here, byte by byte, from the ten-odd instructions it needs, so there
 * is no build step, no binary file and nothing fetched at run time. Each VectorIndex gets its
 * own instance (and linear memory) holding [query | vectors | scores].
 * @module
 */

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
const vec = (items: number[][]) => [...leb(items.length), ...items.flat()];
const name = (s: string) => [...leb(s.length), ...Buffer.from(s, 'utf8')];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32 = (n: number) => [0x41, ...leb(n)]; // only small non-negative constants (< 64) are used
const simd = (op: number) => [0xfd, ...leb(op)];
const ZERO_V128 = [...simd(0x0c), ...new Array<number>(16).fill(0)];
const load = (ptr: number, offset: number) => [
  ...get(ptr),
  ...get(5),
  0x6a,
  ...simd(0x00),
  2,
  offset,
];
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const lane = (l: number) => [...get(7), ...simd(0x1f), l];

/**
 * dots(q, p, n, d, out): for each of the n vectors of d floats at byte offset p, stores its dot
 * product with the d floats at q as an f32 at out. d must be a multiple of 8 (two f32x4
 * accumulators per step). Locals: 0 q, 1 p, 2 n, 3 d, 4 out, 5 j, 6 row bytes, 7–8 accumulators.
 */
function assemble(): Uint8Array {
  // prettier-ignore
  const body = [
    ...get(3), ...i32(2), 0x74, ...set(6), // row bytes = d << 2
    0x02, 0x40, 0x03, 0x40, // block, loop over rows
    ...get(2), 0x45, 0x0d, 1, // n == 0 → done
    ...ZERO_V128, ...set(7),
    ...ZERO_V128, ...set(8),
    ...i32(0), ...set(5),
    0x03, 0x40, // loop over the row, 32 bytes a step
    ...get(7), ...load(0, 0), ...load(1, 0), ...F32X4_MUL, ...F32X4_ADD, ...set(7),
    ...get(8), ...load(0, 16), ...load(1, 16), ...F32X4_MUL, ...F32X4_ADD, ...set(8),
    ...get(5), ...i32(32), 0x6a, ...tee(5), ...get(6), 0x49, 0x0d, 0,
    0x0b,
    ...get(7), ...get(8), ...F32X4_ADD, ...set(7),
    ...get(4), ...lane(0), ...lane(1), 0x92, ...lane(2), 0x92, ...lane(3), 0x92, 0x38, 2, 0,
    ...get(4), ...i32(4), 0x6a, ...set(4),
    ...get(1), ...get(6), 0x6a, ...set(1),
    ...get(2), ...i32(1), 0x6b, ...set(2),
    0x0c, 0, // next row
    0x0b, 0x0b,
    0x0b, // end of function
  ];
  const code = [
    ...vec([
      [2, 0x7f],
      [2, 0x7b],
    ]),
    ...body,
  ];
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
    ...section(1, vec([[0x60, ...vec([[0x7f], [0x7f], [0x7f], [0x7f], [0x7f]]), 0]])), // (i32 ×5) → ()
    ...section(3, vec([[0]])), // one function of type 0
    ...section(5, vec([[0, 1]])), // one memory, 1 page to start
    ...section(7, vec([[...name('dots'), 0, 0], [...name('memory'), 2, 0]])),
    ...section(10, vec([[...leb(code.length), ...code]])),
  ]);
}

// The lib this repo compiles against (ES2023, no DOM) has no WebAssembly types: name what is used.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (then JS is used). */
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(assemble()) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE = 65536;

/** Vector storage in a SIMD kernel's linear memory. Views are invalid after reserve(). */
export class DotKernel {
  private readonly memory: WasmMemory;
  private readonly dots: (q: number, p: number, n: number, d: number, out: number) => void;
  private readonly dim: number;
  /** Byte offset of the vectors (after the query, 16-byte aligned). */
  private readonly base: number;
  private capacity = 0;

  private constructor(instance: WasmInstance, dim: number) {
    this.memory = instance.exports.memory as WasmMemory;
    this.dots = instance.exports.dots as DotKernel['dots'];
    this.dim = dim;
    this.base = Math.ceil((dim * 4) / 16) * 16;
  }

  /** A kernel for vectors of `dim` floats, or undefined when the JS loop must be used. */
  static create(dim: number): DotKernel | undefined {
    if (dim <= 0 || dim % 8 !== 0) return undefined;
    const module = kernelModule();
    return module && wasm ? new DotKernel(new wasm.Instance(module, {}), dim) : undefined;
  }

  /** Room for `capacity` vectors; returns the (new) view of the vectors region. */
  reserve(capacity: number): Float32Array {
    if (capacity > this.capacity) {
      const needed = this.base + capacity * this.dim * 4 + capacity * 4;
      const have = this.memory.buffer.byteLength;
      if (needed > have) this.memory.grow(Math.ceil((needed - have) / PAGE));
      this.capacity = capacity;
    }
    return this.vectors();
  }

  vectors(): Float32Array {
    return new Float32Array(this.memory.buffer, this.base, this.capacity * this.dim);
  }

  /** Dot products of `query` with the first `n` vectors (a view, valid until the next call). */
  scores(query: Float32Array, n: number): Float32Array {
    const out = this.base + this.capacity * this.dim * 4;
    new Float32Array(this.memory.buffer, 0, this.dim).set(query);
    this.dots(0, this.base, n, this.dim, out);
    return new Float32Array(this.memory.buffer, out, n);
  }
}
