import type { Rng } from '../../core/rng';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Complementary error function, erfc(x) = 1 - erf(x), by the Chebyshev-fitted rational form of
 * Numerical Recipes' erfcc. NOTE: fractional error below 1.2e-7 everywhere, plenty for ranking
 * density ratios (TPE only compares log densities of candidates).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Log density at x of the normal N(mu, sigma^2) truncated to [low, high] (renormalised so that it
 * integrates to one on the interval). Returns -Infinity outside the interval.
 */
export function truncatedNormalLogPdf(x: number, mu: number, sigma: number, low: number, high: number): number {
  if (x < low || x > high) return -Infinity;
  const z = (x - mu) / sigma;
  return -0.5 * z * z - truncatedNormalLogNormalizer(mu, sigma, low, high);
}

/**
 * The part of truncatedNormalLogPdf that does not depend on x: log(sqrt(2 pi) sigma mass), mass
 * being the probability of [low, high] under N(mu, sigma^2). Kernels cache it, so scoring a point
 * costs one multiply-add per kernel and dimension.
 */
export function truncatedNormalLogNormalizer(mu: number, sigma: number, low: number, high: number): number {
  const mass = normalCdf((high - mu) / sigma) - normalCdf((low - mu) / sigma);
  return LOG_SQRT_2PI + Math.log(sigma) + Math.log(Math.max(mass, 1e-300));
}

/**
 * A draw from N(mu, sigma^2) truncated to [low, high], by rejection.
 * NOTE: TPE kernels have mu inside the interval and sigma at most its width, so at least ~34% of
 * draws land inside and rejection is exact and cheap; the clamp after 100 misses is a safety net.
 */
export function sampleTruncatedNormal(rng: Rng, mu: number, sigma: number, low: number, high: number): number {
  for (let attempt = 0; attempt < 100; attempt++) {
    const x = mu + sigma * rng.normal();
    if (x >= low && x <= high) return x;
  }
  return Math.min(Math.max(mu, low), high);
}
