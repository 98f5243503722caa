/**
 * Matern-5/2 kernel with ARD length scales on row-major Float64Array inputs.
 *   k(x, x') = s2 * (1 + sqrt5 r + 5 r^2 / 3) * exp(-sqrt5 r),  r^2 = sum_f w_f (x_f - x'_f)^2,
 * where w_f = 1 / lengthscale_f^2 and s2 is the output scale (variance). Inputs are n x d matrices
 * stored as X[i * d + f].
 */

const SQRT5 = Math.sqrt(5);

/** k as a function of r^2. */
export function matern52(r2: number, s2: number): number {
  const r = Math.sqrt(r2);
  return s2 * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** dk / d(r^2) = -(5/6) s2 (1 + sqrt5 r) exp(-sqrt5 r): finite at r = 0. */
export function matern52SquaredDistanceDerivative(r2: number, s2: number): number {
  const r = Math.sqrt(r2);
  return -(5 / 6) * s2 * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

/** d^2 k / d(r^2)^2 = (25/12) s2 exp(-sqrt5 r): finite at r = 0 (Matern-5/2 is twice differentiable). */
export function matern52SquaredDistanceSecondDerivative(r2: number, s2: number): number {
  return (25 / 12) * s2 * Math.exp(-SQRT5 * Math.sqrt(r2));
}

/**
 * k as a function of r^2, also writing dk / d(r^2) into slope[at] (one exp for both; the same
 * numbers as matern52 and matern52SquaredDistanceDerivative).
 */
export function matern52WithSlope(r2: number, s2: number, slope: Float64Array, at: number): number {
  const r = Math.sqrt(r2);
  const e = Math.exp(-SQRT5 * r);
  slope[at] = -(5 / 6) * s2 * (1 + SQRT5 * r) * e;
  return s2 * (1 + SQRT5 * r + (5 / 3) * r2) * e;
}

/** Weighted squared distance between row i of A and row j of B (both with d columns). */
export function weightedSquaredDistance(A: Float64Array, i: number, B: Float64Array, j: number, w: Float64Array, d: number): number {
  let s = 0;
  const ai = i * d;
  const bj = j * d;
  for (let f = 0; f < d; f++) {
    const diff = (A[ai + f] as number) - (B[bj + f] as number);
    s += (w[f] as number) * diff * diff;
  }
  return s;
}

/**
 * n x n kernel matrix of X (n x d) without noise; symmetric by construction. With `fromRow` > 0
 * only the diagonal and the rows (and columns) from `fromRow` on are filled; the leading block is zero.
 */
export function gramMatrix(X: Float64Array, n: number, d: number, w: Float64Array, s2: number, fromRow = 0): Float64Array {
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    K[i * n + i] = s2;
    if (i < fromRow) continue;
    for (let j = 0; j < i; j++) {
      const k = matern52(weightedSquaredDistance(X, i, X, j, w, d), s2);
      K[i * n + j] = k;
      K[j * n + i] = k;
    }
  }
  return K;
}

/** Kernel values k(x, X_i) for one point x (length d) against the rows of X (n x d). */
export function kernelVector(x: Float64Array, X: Float64Array, n: number, d: number, w: Float64Array, s2: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = matern52(weightedSquaredDistance(x, 0, X, i, w, d), s2);
  return out;
}

/** Feature weights w_f = exp(-2 logLengthscale[group(f)]) for ARD length scales per group. */
export function featureWeights(logLengthscales: ArrayLike<number>, groupOf: Int32Array): Float64Array {
  const w = new Float64Array(groupOf.length);
  for (let f = 0; f < groupOf.length; f++) w[f] = Math.exp(-2 * (logLengthscales[groupOf[f] as number] as number));
  return w;
}
