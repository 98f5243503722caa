/**
 * Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9),
 * for p in (0, 1); clamps p to [1e-300, 1 - 1e-16].
 */
export function inverseNormalCdf(p: number): number {
  const q0 = Math.min(Math.max(p, 1e-300), 1 - 1e-16);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const poly = (coef: number[], x: number): number => coef.reduce((acc, k) => acc * x + k, 0);
  const low = 0.02425;
  if (q0 < low) {
    const q = Math.sqrt(-2 * Math.log(q0));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (q0 > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - q0));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = q0 - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
