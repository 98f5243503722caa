/** Copies of x with coordinate f moved up and down by h: the two points of a central difference. */
export function shiftedPair(x: Float64Array, f: number, h: number): [Float64Array, Float64Array] {
  const up = Float64Array.from(x);
  const down = Float64Array.from(x);
  up[f] = (up[f] as number) + h;
  down[f] = (down[f] as number) - h;
  return [up, down];
}

/** The central difference (fn(x + h e_f) - fn(x - h e_f)) / 2h: d fn / d x_f at x, to O(h^2). */
export function centralDifference(fn: (x: Float64Array) => number, x: Float64Array, f: number, h = 1e-6): number {
  const [up, down] = shiftedPair(x, f, h);
  return (fn(up) - fn(down)) / (2 * h);
}
