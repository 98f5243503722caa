import { GaussianProcess } from '../../../../src/core/gp/gaussian-process';
import { noiseResolution } from '../../../../src/samplers/gp/search-plan';

/** A 2-feature GP on one point with length scales `ls`, kernel variance s2 and noise variance `noise`. */
function gp(ls: [number, number], s2: number, noise: number): GaussianProcess {
  const data = { X: Float64Array.from([0.5, 0.5]), y: Float64Array.from([0]), n: 1, d: 2, groupOf: Int32Array.from([0, 1]) };
  return new GaussianProcess(data, { logLengthscales: Float64Array.from(ls.map(Math.log)), logOutputScale: Math.log(s2), logNoise: Math.log(noise) });
}

describe('noiseResolution', () => {
  it('is the distance where f changes by the noise sd: sqrt(3/5) sd_noise / sd_f length scales, per feature', () => {
    // sd_noise / sd_f = 0.1, so the radius is sqrt(3/5) * 0.1 = 0.0775 length scales: 0.0155 along x (length 0.2), 0.155 along y (length 2).
    const indistinct = noiseResolution([gp([0.2, 2], 4, 0.04)]);
    const at = (dx: number, dy: number): boolean => indistinct(Float64Array.from([0.5, 0.5]), Float64Array.from([0.5 + dx, 0.5 + dy]));
    expect(at(0.015, 0)).toBe(true);
    expect(at(0.016, 0)).toBe(false);
    expect(at(0, 0.15)).toBe(true);
    expect(at(0, 0.16)).toBe(false);
    expect(at(0.01, 0.1)).toBe(true); // 0.0707 length scales
    expect(at(0.012, 0.12)).toBe(false); // 0.0849 length scales
  });

  it('shrinks to one configuration for a noise-free model, and needs every model to be unable to tell the points apart', () => {
    const a = Float64Array.from([0.5, 0.5]);
    const noiseFree = noiseResolution([gp([0.3, 0.3], 1, 1e-10)]);
    expect(noiseFree(a, Float64Array.from([0.5, 0.5]))).toBe(true);
    expect(noiseFree(a, Float64Array.from([0.5 + 1e-5, 0.5]))).toBe(false);
    const noisy = gp([0.3, 0.3], 1, 0.25);
    expect(noiseResolution([noisy])(a, Float64Array.from([0.6, 0.5]))).toBe(true);
    expect(noiseResolution([noisy, gp([0.3, 0.3], 1, 1e-10)])(a, Float64Array.from([0.6, 0.5]))).toBe(false);
  });
});
