// Metric learning on embeddings: within-class whitening (WCCN) and LDA, fitted on some people.

/** Symmetric eigen-decomposition by cyclic Jacobi: returns eigenvalues and row eigenvectors. */
export function eigSym(
  a0: Float64Array[],
  sweeps = 60,
): { values: number[]; vectors: Float64Array[] } {
  const n = a0.length;
  const a = a0.map((r) => Float64Array.from(r));
  const v = Array.from({ length: n }, (_, i) => {
    const r = new Float64Array(n);
    r[i] = 1;
    return r;
  });
  for (let s = 0; s < sweeps; s++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!,
            akq = a[k]![q]!;
          a[k]![p] = c * akp - sn * akq;
          a[k]![q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!,
            aqk = a[q]![k]!;
          a[p]![k] = c * apk - sn * aqk;
          a[q]![k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vpk = v[p]![k]!,
            vqk = v[q]![k]!;
          v[p]![k] = c * vpk - sn * vqk;
          v[q]![k] = sn * vpk + c * vqk;
        }
      }
    }
  }
  const values = a.map((r, i) => r[i]!);
  const order = values.map((_, i) => i).sort((x, y) => values[y]! - values[x]!);
  return { values: order.map((i) => values[i]!), vectors: order.map((i) => v[i]!) };
}

function zeros(n: number) {
  return Array.from({ length: n }, () => new Float64Array(n));
}

/** Rows of a d_out × d_in projection. */
export type Projection = Float64Array[];

export function project(P: Projection, x: ArrayLike<number>, mean?: Float64Array): Float32Array {
  const out = new Float32Array(P.length);
  let n = 0;
  for (let i = 0; i < P.length; i++) {
    let s = 0;
    const r = P[i]!;
    for (let j = 0; j < r.length; j++) s += r[j]! * (x[j]! - (mean ? mean[j]! : 0));
    out[i] = s;
    n += s * s;
  }
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= n;
  return out;
}

/**
 * classes: embeddings grouped by person (only people with >= 2 photos add within-class scatter).
 * Returns the projection: LDA directions (top `dims`) after within-class whitening with shrinkage.
 */
export function fitLda(
  classes: Float32Array[][],
  dims: number,
  shrink = 0.1,
): { P: Projection; mean: Float64Array } {
  const d = classes[0]![0]!.length;
  const mean = new Float64Array(d);
  let total = 0;
  for (const c of classes)
    for (const x of c) {
      for (let j = 0; j < d; j++) mean[j]! += x[j]!;
      total++;
    }
  for (let j = 0; j < d; j++) mean[j]! /= total;
  const sw = zeros(d),
    sb = zeros(d);
  let nw = 0;
  for (const c of classes) {
    const m = new Float64Array(d);
    for (const x of c) for (let j = 0; j < d; j++) m[j]! += x[j]! / c.length;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) sb[i]![j]! += (m[i]! - mean[i]!) * (m[j]! - mean[j]!);
    if (c.length < 2) continue;
    for (const x of c) {
      for (let i = 0; i < d; i++) {
        const xi = x[i]! - m[i]!;
        for (let j = 0; j < d; j++) sw[i]![j]! += xi * (x[j]! - m[j]!);
      }
      nw++;
    }
  }
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      sw[i]![j]! /= nw;
      sb[i]![j]! /= classes.length;
    }
  // shrink Sw towards its mean diagonal (few samples per class)
  let tr = 0;
  for (let i = 0; i < d; i++) tr += sw[i]![i]!;
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++)
      sw[i]![j] = (1 - shrink) * sw[i]![j]! + (i === j ? (shrink * tr) / d : 0);
  // whitening W = Sw^{-1/2}
  const e = eigSym(sw);
  const W: Projection = e.vectors.map((v, k) =>
    v.map((x) => x / Math.sqrt(Math.max(e.values[k]!, 1e-12))),
  );
  // Sb in whitened space: W Sb W^T
  const wsb = zeros(d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let a = 0; a < d; a++) {
        const wia = W[i]![a]!;
        if (!wia) continue;
        let t = 0;
        for (let b = 0; b < d; b++) t += sb[a]![b]! * W[j]![b]!;
        s += wia * t;
      }
      wsb[i]![j] = s;
    }
  const e2 = eigSym(wsb);
  const P: Projection = [];
  for (let k = 0; k < Math.min(dims, d); k++) {
    const u = e2.vectors[k]!;
    const row = new Float64Array(d);
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += u[i]! * W[i]![a]!;
      row[a] = s;
    }
    P.push(row);
  }
  return { P, mean };
}
