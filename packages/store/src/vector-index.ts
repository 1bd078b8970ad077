/**
 * An in-memory, brute-force nearest-neighbour index over L2-normalised embeddings, one per
 * collection. Vectors sit in one contiguous Float32Array so a search is a single linear scan
 * of dot products, which for the sizes facegate targets (up to ~100k faces per collection) is
 * fast enough and exact, with no approximate-index recall to calibrate.
 * @module
 */

import { DotKernel } from './dot-kernel.js';

/** One candidate from a scan: a face id and its dot product with the query. */
export interface VectorHit {
  faceId: string;
  dot: number;
}

const INITIAL_CAPACITY = 64;

export interface VectorIndexOptions {
  /** Use the WebAssembly SIMD kernel when the dimension allows it (default true). */
  simd?: boolean;
}

export class VectorIndex {
  /** Embedding length, fixed by the first vector added (may change once the index empties). */
  private dimension = 0;
  private capacity = 0;
  /** capacity × dimension floats; a view into the kernel's memory when there is a kernel. */
  private data: Float32Array = new Float32Array(0);
  private kernel: DotKernel | undefined;
  private scratch: Float32Array = new Float32Array(0);
  private ids: string[] = [];
  private slotOf = new Map<string, number>();
  private readonly simdWanted: boolean;

  constructor(options: VectorIndexOptions = {}) {
    this.simdWanted = options.simd ?? true;
  }

  get size(): number {
    return this.ids.length;
  }

  /** The embedding length, or undefined while the index is empty. */
  get dim(): number | undefined {
    return this.ids.length > 0 ? this.dimension : undefined;
  }

  /** Is the scan running on the WebAssembly SIMD kernel (else plain JavaScript)? */
  get simd(): boolean {
    return this.kernel !== undefined;
  }

  has(faceId: string): boolean {
    return this.slotOf.has(faceId);
  }

  /** Can a vector of this length go into the index? */
  accepts(length: number): boolean {
    return length > 0 && (this.ids.length === 0 || length === this.dimension);
  }

  /** Adds (or replaces) a vector. The caller checks the dimension first (see accepts). */
  add(faceId: string, vector: Float32Array): void {
    if (!this.accepts(vector.length)) {
      throw new Error(
        `vector of length ${vector.length} in an index of dimension ${this.dimension}`,
      );
    }
    if (this.ids.length === 0 && vector.length !== this.dimension) this.reset(vector.length);
    const existing = this.slotOf.get(faceId);
    if (existing !== undefined) {
      this.data.set(vector, existing * this.dimension);
      return;
    }
    const slot = this.ids.length;
    this.ensureCapacity(slot + 1);
    this.data.set(vector, slot * this.dimension);
    this.ids.push(faceId);
    this.slotOf.set(faceId, slot);
  }

  /**
   * Appends a vector given as its float32 bytes (a SQLite BLOB), copying them straight into
   * place: the rebuild path, where a Float32Array per row would be pure overhead. The caller
   * guarantees the face id is new. Returns false (and adds nothing) on a length mismatch.
   */
  appendBytes(faceId: string, bytes: Uint8Array): boolean {
    const length = bytes.byteLength >>> 2;
    if ((bytes.byteLength & 3) !== 0 || !this.accepts(length)) return false;
    if (this.ids.length === 0 && length !== this.dimension) this.reset(length);
    const slot = this.ids.length;
    this.ensureCapacity(slot + 1);
    const at = this.data.byteOffset + slot * bytes.byteLength;
    new Uint8Array(this.data.buffer, at, bytes.byteLength).set(bytes);
    this.ids.push(faceId);
    this.slotOf.set(faceId, slot);
    return true;
  }

  /** Makes room for `total` vectors of `dimension` floats at once (before a bulk load). */
  reserve(total: number, dimension: number): void {
    if (this.ids.length === 0 && dimension !== this.dimension) this.reset(dimension);
    if (dimension === this.dimension) this.ensureCapacity(total);
  }

  /** Removes a vector by moving the last one into its slot (O(dimension)). */
  remove(faceId: string): boolean {
    const slot = this.slotOf.get(faceId);
    if (slot === undefined) return false;
    const last = this.ids.length - 1;
    if (slot !== last) {
      const lastId = this.ids[last] as string;
      const d = this.dimension;
      this.data.copyWithin(slot * d, last * d, last * d + d);
      this.ids[slot] = lastId;
      this.slotOf.set(lastId, slot);
    }
    this.ids.pop();
    this.slotOf.delete(faceId);
    return true;
  }

  /** The stored vector of a face (a copy), if present. */
  get(faceId: string): Float32Array | undefined {
    const slot = this.slotOf.get(faceId);
    if (slot === undefined) return undefined;
    const d = this.dimension;
    return this.data.slice(slot * d, slot * d + d);
  }

  /**
   * The `k` vectors with the highest dot product with `query`, best first. Ties keep no
   * particular order. Cost: one pass over size × dimension floats (SIMD when available) plus
   * O(size · log k) heap work in the worst case, usually far less since most candidates lose
   * to the heap's minimum.
   */
  topK(query: Float32Array, k: number): VectorHit[] {
    const n = this.ids.length;
    if (n === 0 || k <= 0) return [];
    const d = this.dimension;
    if (query.length !== d)
      throw new Error(`query of length ${query.length}, index dimension ${d}`);
    const scores = this.kernel ? this.kernel.scores(query, n) : this.jsScores(query, n);
    const cap = Math.min(k, n);
    // Min-heap of the best `cap` so far: heapDot[0] is the weakest kept candidate.
    const heapDot = new Float64Array(cap);
    const heapSlot = new Int32Array(cap);
    let filled = 0;
    for (let i = 0; i < n; i++) {
      const dot = scores[i] as number;
      if (filled < cap) heapPush(heapDot, heapSlot, filled++, dot, i);
      else if (dot > (heapDot[0] as number)) heapReplaceTop(heapDot, heapSlot, filled, dot, i);
    }
    const hits: VectorHit[] = [];
    for (let h = 0; h < filled; h++) {
      hits.push({ faceId: this.ids[heapSlot[h] as number] as string, dot: heapDot[h] as number });
    }
    return hits.sort((a, b) => b.dot - a.dot);
  }

  /** The same dot products in JavaScript, for dimensions the kernel does not take. */
  private jsScores(query: Float32Array, n: number): Float32Array {
    if (this.scratch.length < n) this.scratch = new Float32Array(Math.max(n, this.capacity));
    const out = this.scratch;
    const data = this.data;
    const d = this.dimension;
    const end4 = d - (d & 3);
    for (let i = 0, base = 0; i < n; i++, base += d) {
      // Four accumulators let the JIT overlap the multiply-adds.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < end4; j += 4) {
        s0 += (query[j] as number) * (data[base + j] as number);
        s1 += (query[j + 1] as number) * (data[base + j + 1] as number);
        s2 += (query[j + 2] as number) * (data[base + j + 2] as number);
        s3 += (query[j + 3] as number) * (data[base + j + 3] as number);
      }
      for (; j < d; j++) s0 += (query[j] as number) * (data[base + j] as number);
      out[i] = s0 + s1 + s2 + s3;
    }
    return out;
  }

  private reset(dimension: number): void {
    this.dimension = dimension;
    this.capacity = 0;
    this.data = new Float32Array(0);
    this.scratch = new Float32Array(0);
    this.kernel = this.simdWanted ? DotKernel.create(dimension) : undefined;
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.capacity) return;
    let capacity = Math.max(INITIAL_CAPACITY, this.capacity);
    while (capacity < slots) capacity *= 2;
    if (this.kernel) {
      // Linear memory grows in place: the vectors stay where they are.
      this.data = this.kernel.reserve(capacity);
    } else {
      const grown = new Float32Array(capacity * this.dimension);
      grown.set(this.data.subarray(0, this.ids.length * this.dimension));
      this.data = grown;
    }
    this.capacity = capacity;
  }
}

function heapPush(dots: Float64Array, slots: Int32Array, size: number, dot: number, slot: number) {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((dots[parent] as number) <= dot) break;
    dots[i] = dots[parent] as number;
    slots[i] = slots[parent] as number;
    i = parent;
  }
  dots[i] = dot;
  slots[i] = slot;
}

function heapReplaceTop(
  dots: Float64Array,
  slots: Int32Array,
  size: number,
  dot: number,
  slot: number,
) {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && (dots[r] as number) < (dots[l] as number) ? r : l;
    if ((dots[c] as number) >= dot) break;
    dots[i] = dots[c] as number;
    slots[i] = slots[c] as number;
    i = c;
  }
  dots[i] = dot;
  slots[i] = slot;
}
