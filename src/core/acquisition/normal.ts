/**
 * Standard normal functions with the tails handled in log space, for log-EI.
 * erfcx(x) = exp(x^2) erfc(x) uses a rational Chebyshev fit (fractional error < 1.2e-7, Numerical
 * Recipes' erfcc form, which is naturally erfcx) below x = 3 and Laplace's continued fraction above
 * (accurate to double precision there).
 */

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** Scaled complementary error function exp(x^2) erfc(x), for any finite x. */
export function erfcx(x: number): number {
  if (x < 0) return 2 * Math.exp(x * x) - erfcx(-x);
  if (x < 3) {
    const t = 1 / (1 + 0.5 * x);
    const poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    return t * Math.exp(poly);
  }
  // NOTE: erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated backwards.
  let frac = x;
  for (let k = 60; k >= 1; k--) frac = x + k / 2 / frac;
  return 1 / (Math.sqrt(Math.PI) * frac);
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  const x = -z / SQRT2;
  if (x >= 0) return 0.5 * Math.exp(-x * x) * erfcx(x);
  return 1 - 0.5 * Math.exp(-x * x) * erfcx(-x);
}

/** log of the standard normal CDF, finite for every finite z. */
export function logNormalCdf(z: number): number {
  if (z > -5) return Math.log(normalCdf(z));
  const x = -z / SQRT2;
  return Math.log(0.5 * erfcx(x)) - x * x;
}

/** log(1 - exp(x)) for x < 0, accurate near 0 and for very negative x. */
export function log1mexp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}
