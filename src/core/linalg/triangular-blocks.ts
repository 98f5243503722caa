/**
 * Triangular solves with a lower-triangular L (n x n, row-major) for the posterior's hot loops,
 * worked four rows at a time. NOTE: every entry is accumulated in exactly the order of plain
 * row-by-row substitution (so results match it bit for bit); the blocking only interleaves four
 * independent accumulations, which hides floating-point latency and reads each shared entry once
 * per four rows (measured about 2x faster than one row at a time at n = 200).
 */

/**
 * How many leading rows are solved one at a time: n mod 4, or 4 when that is 0 (never 0 for
 * n >= 1). NOTE: so the one-row code runs for every n; were it skipped whenever 4 divides n, V8
 * would compile the solves without type feedback for it and deoptimise them on the first ask
 * whose n is not a multiple of 4 (measured: a 12 ms recompile inside the second ask of a worker).
 */
function singleRows(n: number): number {
  return Math.min(n, n % 4 || 4);
}

/**
 * Solves L v = b into v (length n) and returns |v|^2 (summed in row order).
 */
export function forwardSolve(L: Float64Array, n: number, b: Float64Array, v: Float64Array): number {
  let vv = 0;
  const head = singleRows(n);
  for (let i = 0; i < head; i++) {
    let s = b[i] as number;
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= (L[ri + j] as number) * (v[j] as number);
    const vi = s / (L[ri + i] as number);
    v[i] = vi;
    vv += vi * vi;
  }
  for (let i = head; i < n; i += 4) vv = forwardFour(L, n, i, b, v, vv);
  return vv;
}

/** Rows i..i+3 of forward substitution (rows before i solved); returns vv plus their squares. */
function forwardFour(L: Float64Array, n: number, i: number, b: Float64Array, v: Float64Array, vv: number): number {
  const r0 = i * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  let s0 = b[i] as number;
  let s1 = b[i + 1] as number;
  let s2 = b[i + 2] as number;
  let s3 = b[i + 3] as number;
  for (let j = 0; j < i; j++) {
    const vj = v[j] as number;
    s0 -= (L[r0 + j] as number) * vj;
    s1 -= (L[r1 + j] as number) * vj;
    s2 -= (L[r2 + j] as number) * vj;
    s3 -= (L[r3 + j] as number) * vj;
  }
  const v0 = s0 / (L[r0 + i] as number);
  s1 -= (L[r1 + i] as number) * v0;
  const v1 = s1 / (L[r1 + i + 1] as number);
  s2 -= (L[r2 + i] as number) * v0;
  s2 -= (L[r2 + i + 1] as number) * v1;
  const v2 = s2 / (L[r2 + i + 2] as number);
  s3 -= (L[r3 + i] as number) * v0;
  s3 -= (L[r3 + i + 1] as number) * v1;
  s3 -= (L[r3 + i + 2] as number) * v2;
  const v3 = s3 / (L[r3 + i + 3] as number);
  v[i] = v0;
  v[i + 1] = v1;
  v[i + 2] = v2;
  v[i + 3] = v3;
  return vv + v0 * v0 + v1 * v1 + v2 * v2 + v3 * v3;
}

/** Solves L^T u = u in place (u has length n). */
export function backSolveInPlace(L: Float64Array, n: number, u: Float64Array): void {
  const head = singleRows(n);
  for (let i = n - 1; i >= head; i -= 4) backFour(L, n, i, u);
  for (let i = head - 1; i >= 0; i--) {
    const ri = i * n;
    const ui = (u[i] as number) / (L[ri + i] as number);
    u[i] = ui;
    for (let j = 0; j < i; j++) u[j] = (u[j] as number) - (L[ri + j] as number) * ui;
  }
}

/** Rows i, i-1, i-2, i-3 of back substitution (rows above i done), then their shares off u_0..u_{i-4}. */
function backFour(L: Float64Array, n: number, i: number, u: Float64Array): void {
  const ra = i * n;
  const rb = ra - n;
  const rc = rb - n;
  const rd = rc - n;
  const ua = (u[i] as number) / (L[ra + i] as number);
  const ub = ((u[i - 1] as number) - (L[ra + i - 1] as number) * ua) / (L[rb + i - 1] as number);
  const uc = ((u[i - 2] as number) - (L[ra + i - 2] as number) * ua - (L[rb + i - 2] as number) * ub) / (L[rc + i - 2] as number);
  const ud = ((u[i - 3] as number) - (L[ra + i - 3] as number) * ua - (L[rb + i - 3] as number) * ub - (L[rc + i - 3] as number) * uc) / (L[rd + i - 3] as number);
  u[i] = ua;
  u[i - 1] = ub;
  u[i - 2] = uc;
  u[i - 3] = ud;
  for (let j = 0; j < i - 3; j++) {
    u[j] = (u[j] as number) - (L[ra + j] as number) * ua - (L[rb + j] as number) * ub - (L[rc + j] as number) * uc - (L[rd + j] as number) * ud;
  }
}

/**
 * Overwrites the n x m row-major block V with L^{-1} V: row i minus L_ik times row k for every
 * k < i, four k at a time, then divided by L_ii. Rows are eliminated two at a time (see
 * eliminateTwoRows), after a lone first row when n is odd (which only needs dividing); every entry
 * sees the same operations in the same order as one row at a time.
 * NOTE: the pairs read each source row once for two target rows: measured 1.3-1.6x faster than
 * one row at a time at n = 290, m = 48-764 (the screening of the acquisition search); the same
 * bits.
 */
export function forwardSolveBlock(L: Float64Array, n: number, V: Float64Array, m: number): void {
  const head = n % 2;
  if (head === 1) {
    const inv = 1 / (L[0] as number);
    for (let j = 0; j < m; j++) V[j] = (V[j] as number) * inv;
  }
  for (let i = head; i < n; i += 2) eliminateTwoRows(L, n, i, V, m);
}

/**
 * Rows i and i + 1 of forwardSolveBlock (rows before i solved): both minus L_ik times row k for
 * k < i, four k at a time, in k order; then row i scaled, and row i + 1 minus L_{i+1,i} times it
 * and scaled.
 */
function eliminateTwoRows(L: Float64Array, n: number, i: number, V: Float64Array, m: number): void {
  const ra = i * m;
  const rb = ra + m;
  const la = i * n;
  const lb = la + n;
  let k = 0;
  for (; k + 3 < i; k += 4) {
    const a0 = L[la + k] as number;
    const a1 = L[la + k + 1] as number;
    const a2 = L[la + k + 2] as number;
    const a3 = L[la + k + 3] as number;
    const b0 = L[lb + k] as number;
    const b1 = L[lb + k + 1] as number;
    const b2 = L[lb + k + 2] as number;
    const b3 = L[lb + k + 3] as number;
    const r0 = k * m;
    const r1 = r0 + m;
    const r2 = r1 + m;
    const r3 = r2 + m;
    for (let j = 0; j < m; j++) {
      const v0 = V[r0 + j] as number;
      const v1 = V[r1 + j] as number;
      const v2 = V[r2 + j] as number;
      const v3 = V[r3 + j] as number;
      V[ra + j] = (V[ra + j] as number) - a0 * v0 - a1 * v1 - a2 * v2 - a3 * v3;
      V[rb + j] = (V[rb + j] as number) - b0 * v0 - b1 * v1 - b2 * v2 - b3 * v3;
    }
  }
  for (; k < i; k++) {
    const a = L[la + k] as number;
    const b = L[lb + k] as number;
    const rk = k * m;
    for (let j = 0; j < m; j++) {
      const v = V[rk + j] as number;
      V[ra + j] = (V[ra + j] as number) - a * v;
      V[rb + j] = (V[rb + j] as number) - b * v;
    }
  }
  const invA = 1 / (L[la + i] as number);
  const bi = L[lb + i] as number;
  const invB = 1 / (L[lb + i + 1] as number);
  for (let j = 0; j < m; j++) {
    const va = (V[ra + j] as number) * invA;
    V[ra + j] = va;
    V[rb + j] = ((V[rb + j] as number) - bi * va) * invB;
  }
}

