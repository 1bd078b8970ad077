/**
 * An in-memory, brute-force nearest-neighbour index over L2-normalised embeddings, one per
 * collection. Vectors sit in one contiguous Float32Array so a search is a single linear scan
 * of dot products, which for the sizes facegate targets (up to ~100k faces per collection) is
 * fast enough and exact, with no approximate-index recall to calibrate.
 * @module
 */

/** One candidate from a scan: a face id and its dot product with the query. */
export interface VectorHit {
  faceId: string;
  dot: number;
}

const INITIAL_CAPACITY = 64;

export class VectorIndex {
  /** Embedding length, fixed by the first vector added (reset when the index empties). */
  private dimension = 0;
  private data = new Float32Array(0);
  private ids: string[] = [];
  private slotOf = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  /** The embedding length, or undefined while the index is empty. */
  get dim(): number | undefined {
    return this.ids.length > 0 ? this.dimension : undefined;
  }

  has(faceId: string): boolean {
    return this.slotOf.has(faceId);
  }

  /** Adds (or replaces) a vector. The caller checks the dimension first (see accepts). */
  add(faceId: string, vector: Float32Array): void {
    if (!this.accepts(vector.length)) {
      throw new Error(
        `vector of length ${vector.length} in an index of dimension ${this.dimension}`,
      );
    }
    if (this.ids.length === 0) this.dimension = vector.length;
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

  /** Can a vector of this length go into the index? */
  accepts(length: number): boolean {
    return length > 0 && (this.ids.length === 0 || length === this.dimension);
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
    if (this.ids.length === 0) this.data = new Float32Array(0);
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
   * particular order. Cost: one pass over size × dimension floats plus O(size · log k) heap work
   * in the worst case (usually far less: most candidates lose to the heap's minimum).
   */
  topK(query: Float32Array, k: number): VectorHit[] {
    const n = this.ids.length;
    if (n === 0 || k <= 0) return [];
    const d = this.dimension;
    if (query.length !== d)
      throw new Error(`query of length ${query.length}, index dimension ${d}`);
    const cap = Math.min(k, n);
    // Min-heap of the best `cap` so far: heapDot[0] is the weakest kept candidate.
    const heapDot = new Float64Array(cap);
    const heapSlot = new Int32Array(cap);
    let filled = 0;
    const data = this.data;
    const rem = d & 3;
    const end4 = d - rem;
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
      const dot = s0 + s1 + s2 + s3;
      if (filled < cap) {
        heapPush(heapDot, heapSlot, filled++, dot, i);
      } else if (dot > (heapDot[0] as number)) {
        heapReplaceTop(heapDot, heapSlot, filled, dot, i);
      }
    }
    const hits: VectorHit[] = [];
    for (let h = 0; h < filled; h++) {
      hits.push({ faceId: this.ids[heapSlot[h] as number] as string, dot: heapDot[h] as number });
    }
    return hits.sort((a, b) => b.dot - a.dot);
  }

  private ensureCapacity(slots: number): void {
    const needed = slots * this.dimension;
    if (needed <= this.data.length) return;
    let capacity = Math.max(INITIAL_CAPACITY, (this.data.length / this.dimension) | 0);
    while (capacity < slots) capacity *= 2;
    const grown = new Float32Array(capacity * this.dimension);
    grown.set(this.data.subarray(0, this.ids.length * this.dimension));
    this.data = grown;
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
