/**
 * Cholesky factorisation on row-major Float64Array matrices. An n x n matrix A is stored as
 * A[i * n + j]; factors are lower triangular L with A = L L^T (upper triangle left at zero).
 * Written as plain loops: measured faster than ml-matrix's CholeskyDecomposition (bench/latency).
 */

/** A lower-triangular factor of A + jitter * I, with the jitter that made it positive definite. */
export interface CholeskyFactor {
  /** n x n row-major, lower triangular. */
  L: Float64Array;
  n: number;
  /** Diagonal jitter added to A (0 when A itself factored). */
  jitter: number;
}

/**
 * Computes rows [fromRow, n) of L in place (Cholesky-Banachiewicz, row by row), assuming rows
 * before `fromRow` are already correct. Reads only the lower triangle of `a`, adding `jitter` to the
 * diagonal. Returns the first row whose pivot is not positive and finite, or -1 on success (rows
 * after it may then be partly written).
 * Because row i depends only on rows < i, extending a factor with new rows gives exactly the numbers
 * a full factorisation would.
 * NOTE: rows go in blocks of four whose entries left of the block are summed side by side (four
 * independent chains of additions); each entry is still a[i][j] minus the products for k = 0..j-1
 * in that order, so the same bits. n = 100: 304 -> 163 us; n = 290: 4.3 -> 2.4 ms.
 */
export function choleskyRows(a: Float64Array, n: number, L: Float64Array, fromRow: number, jitter: number): number {
  for (let i0 = fromRow; i0 < n; i0 += 4) {
    const rows = Math.min(4, n - i0);
    if (rows === 4) leftOfBlock(a, n, L, i0);
    for (let i = i0; i < i0 + rows; i++) {
      const ri = i * n;
      for (let j = rows === 4 ? i0 : 0; j <= i; j++) {
        const rj = j * n;
        let sum = a[ri + j] as number;
        for (let k = 0; k < j; k++) sum -= (L[ri + k] as number) * (L[rj + k] as number);
        if (j === i) {
          sum += jitter;
          if (!(sum > 0) || !Number.isFinite(sum)) return i;
          L[ri + i] = Math.sqrt(sum);
        } else {
          L[ri + j] = sum / (L[rj + j] as number);
        }
      }
    }
  }
  return -1;
}

/** The entries j < i0 of rows i0..i0+3 of L (choleskyRows), the four rows side by side. */
function leftOfBlock(a: Float64Array, n: number, L: Float64Array, i0: number): void {
  const [r0, r1, r2, r3] = [i0 * n, (i0 + 1) * n, (i0 + 2) * n, (i0 + 3) * n];
  for (let j = 0; j < i0; j++) {
    const rj = j * n;
    let [s0, s1, s2, s3] = [a[r0 + j] as number, a[r1 + j] as number, a[r2 + j] as number, a[r3 + j] as number];
    for (let k = 0; k < j; k++) {
      const ljk = L[rj + k] as number;
      s0 -= (L[r0 + k] as number) * ljk;
      s1 -= (L[r1 + k] as number) * ljk;
      s2 -= (L[r2 + k] as number) * ljk;
      s3 -= (L[r3 + k] as number) * ljk;
    }
    const pivot = L[rj + j] as number;
    [L[r0 + j], L[r1 + j], L[r2 + j], L[r3 + j]] = [s0 / pivot, s1 / pivot, s2 / pivot, s3 / pivot];
  }
}

/** Replaces a by (a + a^T) / 2 in place (n x n). */
export function symmetrize(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = 0.5 * ((a[i * n + j] as number) + (a[j * n + i] as number));
      a[i * n + j] = m;
      a[j * n + i] = m;
    }
  }
}

/**
 * Factors a symmetric positive semi-definite n x n matrix, retrying with growing diagonal jitter
 * (1e-10, 1e-9, ... times the mean diagonal, up to 1e-2 of it) when a pivot fails.
 * `reuse`, when given, must be the factor of the leading m x m block of the same matrix: rows
 * [m, n) are then appended (same numbers as a fresh factorisation, see choleskyRows); `a` then
 * needs only its diagonal and rows [m, n) (symmetric), and `fullMatrix` supplies the whole matrix
 * should a failed pivot force a restart from row 0 (without it, `a` must be whole).
 * Throws RangeError when even the largest jitter fails (a matrix with non-finite entries).
 */
export function jitteredCholesky(a: Float64Array, n: number, reuse?: CholeskyFactor, fullMatrix?: () => Float64Array): CholeskyFactor {
  symmetrize(a, n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale += Math.abs(a[i * n + i] as number);
  scale = n > 0 ? Math.max(scale / n, 1e-300) : 1;
  const L = new Float64Array(n * n);
  let jitter = 0;
  let from = 0;
  if (reuse && reuse.n <= n) {
    copyLeadingBlock(reuse.L, reuse.n, L, n);
    jitter = reuse.jitter;
    from = reuse.n;
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    if (choleskyRows(a, n, L, from, jitter) < 0) return { L, n, jitter };
    // NOTE: a restart must redo every row with the new jitter, so the factor stays that of A + jitter I.
    jitter = jitter === 0 ? 1e-10 * scale : jitter * 10;
    if (jitter > 1e-2 * scale) break;
    if (from > 0 && fullMatrix) {
      a = fullMatrix();
      symmetrize(a, n);
    }
    from = 0;
    L.fill(0);
  }
  throw new RangeError('matrix is not positive definite even with jitter (non-finite entries?)');
}

function copyLeadingBlock(src: Float64Array, m: number, dst: Float64Array, n: number): void {
  for (let i = 0; i < m; i++) dst.set(src.subarray(i * m, i * m + i + 1), i * n);
}

/** Solves L x = b for lower-triangular L (n x n); returns a new vector. */
export function solveLower(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= (L[ri + k] as number) * (x[k] as number);
    x[i] = s / (L[ri + i] as number);
  }
  return x;
}

/** Solves L^T x = b for lower-triangular L (n x n); returns a new vector. */
export function solveLowerTransposed(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from({ length: n }, (_, i) => b[i] as number);
  for (let i = n - 1; i >= 0; i--) {
    const xi = (x[i] as number) / (L[i * n + i] as number);
    x[i] = xi;
    for (let k = 0; k < i; k++) x[k] = (x[k] as number) - (L[i * n + k] as number) * xi;
  }
  return x;
}

/** Solves (L L^T) x = b. */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return solveLowerTransposed(L, n, solveLower(L, n, b));
}

/** log det(L L^T) = 2 sum log L_ii. */
export function logDeterminant(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i] as number);
  return 2 * s;
}

/**
 * (L L^T)^{-1} as a full symmetric n x n row-major matrix, via M = L^{-1} (O(n^3)), kept
 * transposed (Mt[j * n + k] = M[k][j], zero for k < j) so both steps are dot products of
 * contiguous rows: M[i][j] = -(sum_{k = j..i-1} L[i][k] M[k][j]) / L[i][i] (zero L[i][k] skipped),
 * then A^{-1}[i][j] = sum_{k >= i} M[k][i] M[k][j] (j <= i; zero M[k][i] skipped).
 * NOTE: each entry is the same sum in the same order (k increasing) as the row-wise rank-one
 * updates this replaced, so the same bits; four entries of a row are summed side by side (four
 * independent chains of additions, not one). n = 100 (the fit's cap): 552 -> 265 us a call.
 * The four of M share the range from the first one's j: the extra terms are products with zeros
 * of Mt (k < j), and subtracting a zero from a sum that started at +0 leaves it unchanged.
 */
export function choleskyInverse(L: Float64Array, n: number): Float64Array {
  const Mt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const inv = 1 / (L[ri + i] as number);
    let j = 0;
    for (; j + 4 <= i; j += 4) {
      const [r0, r1, r2, r3] = [j * n, (j + 1) * n, (j + 2) * n, (j + 3) * n];
      let [s0, s1, s2, s3] = [0, 0, 0, 0];
      for (let k = j; k < i; k++) {
        const lik = L[ri + k] as number;
        if (lik === 0) continue;
        s0 -= lik * (Mt[r0 + k] as number);
        s1 -= lik * (Mt[r1 + k] as number);
        s2 -= lik * (Mt[r2 + k] as number);
        s3 -= lik * (Mt[r3 + k] as number);
      }
      Mt[r0 + i] = s0 * inv;
      Mt[r1 + i] = s1 * inv;
      Mt[r2 + i] = s2 * inv;
      Mt[r3 + i] = s3 * inv;
    }
    for (; j < i; j++) {
      const rj = j * n;
      let s = 0;
      for (let k = j; k < i; k++) {
        const lik = L[ri + k] as number;
        if (lik !== 0) s -= lik * (Mt[rj + k] as number);
      }
      Mt[rj + i] = s * inv;
    }
    Mt[ri + i] = inv;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let j = 0;
    for (; j + 4 <= i + 1; j += 4) {
      const [r0, r1, r2, r3] = [j * n, (j + 1) * n, (j + 2) * n, (j + 3) * n];
      let [s0, s1, s2, s3] = [0, 0, 0, 0];
      for (let k = i; k < n; k++) {
        const mki = Mt[ri + k] as number;
        if (mki === 0) continue;
        s0 += mki * (Mt[r0 + k] as number);
        s1 += mki * (Mt[r1 + k] as number);
        s2 += mki * (Mt[r2 + k] as number);
        s3 += mki * (Mt[r3 + k] as number);
      }
      [out[ri + j], out[ri + j + 1], out[ri + j + 2], out[ri + j + 3]] = [s0, s1, s2, s3];
      [out[r0 + i], out[r1 + i], out[r2 + i], out[r3 + i]] = [s0, s1, s2, s3];
    }
    for (; j <= i; j++) {
      const rj = j * n;
      let s = 0;
      for (let k = i; k < n; k++) {
        const mki = Mt[ri + k] as number;
        if (mki !== 0) s += mki * (Mt[rj + k] as number);
      }
      out[ri + j] = s;
      out[rj + i] = s;
    }
  }
  return out;
}
