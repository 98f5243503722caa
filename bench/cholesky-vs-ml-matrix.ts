import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { jitteredCholesky } from '../src/core/linalg/cholesky';
import { gramMatrix } from '../src/core/kernels/matern52';
import { Rng } from '../src/core/rng';

/**
 * Times one Cholesky factorisation of a Matern-5/2 kernel matrix (d = 6, noise 1e-6) at
 * n = 250, 500, 1000: core/linalg's Float64Array loop against ml-matrix's CholeskyDecomposition.
 * Prints seconds (best of 3). Run: node dist/bench/cholesky-vs-ml-matrix.js
 */
function kernelMatrix(n: number): Float64Array {
  const rng = new Rng(n);
  const d = 6;
  const X = Float64Array.from({ length: n * d }, () => rng.next());
  const K = gramMatrix(X, n, d, new Float64Array(d).fill(4), 1);
  for (let i = 0; i < n; i++) K[i * n + i] = (K[i * n + i] as number) + 1e-6;
  return K;
}

function bestOf3(run: () => void): number {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

console.log('n       ours (s)  ml-matrix (s)');
for (const n of [250, 500, 1000]) {
  const K = kernelMatrix(n);
  const rows = Array.from({ length: n }, (_, i) => Array.from(K.subarray(i * n, (i + 1) * n)));
  const ours = bestOf3(() => jitteredCholesky(Float64Array.from(K), n));
  const theirs = bestOf3(() => new CholeskyDecomposition(new Matrix(rows)));
  console.log(`${String(n).padEnd(7)} ${ours.toFixed(3).padStart(8)} ${theirs.toFixed(3).padStart(13)}`);
}
