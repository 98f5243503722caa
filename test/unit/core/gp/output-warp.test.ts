import fc from 'fast-check';
import { LINEAR_WARP, OutputWarp, TAIL_WARP, type WarpShape } from '../../../../src/core/gp/output-warp';

const LOG_WARPS: WarpShape[] = [1, 0.1, 0.01].map((offset) => ({ kind: 'log', offset }));

describe('OutputWarp', () => {
  it('is monotone, standardised and invertible on the better half', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 }), (losses) => {
        const warp = new OutputWarp(losses);
        const t = Array.from(warp.targets);
        const order = losses.map((_, i) => i).sort((a, b) => (losses[a] as number) - (losses[b] as number));
        for (let k = 1; k < order.length; k++) expect(t[order[k] as number]! >= t[order[k - 1] as number]! - 1e-12).toBe(true);
        const mean = t.reduce((s, v) => s + v, 0) / t.length;
        expect(Math.abs(mean)).toBeLessThan(1e-9);
        const best = Math.min(...losses);
        expect(warp.inverse(warp.forward(best))).toBeCloseTo(best, 3);
      }),
    );
  });

  it('keeps one 1e300 trial from flattening the others', () => {
    const losses = [1, 2, 3, 4, 5, 6, 7, 1e300];
    const warp = new OutputWarp(losses);
    const t = Array.from(warp.targets);
    expect(t.every(Number.isFinite)).toBe(true);
    expect((t[1] as number) - (t[0] as number)).toBeGreaterThan(0.1);
    expect(Math.max(...t)).toBeLessThan(3);
  });

  it('puts target 0 at a given centre loss, keeping the scale', () => {
    const losses = [0.5, -3, -2.9, 0, 0.1, -3.1];
    const plain = new OutputWarp(losses, LINEAR_WARP);
    const centred = new OutputWarp(losses, LINEAR_WARP, 0.2);
    expect(centred.forward(0.2)).toBeCloseTo(0, 12);
    expect(centred.inverse(0)).toBeCloseTo(0.2, 12);
    expect(centred.forward(-3) - centred.forward(0)).toBeCloseTo(plain.forward(-3) - plain.forward(0), 12);
  });

  it('keeps losses near +-Number.MAX_VALUE finite, ordered and invertible', () => {
    for (const shape of [TAIL_WARP, LINEAR_WARP, ...LOG_WARPS]) {
      const losses = [-1e308, 1e308, 0.5, -Number.MAX_VALUE, Number.MAX_VALUE, 3];
      const warp = new OutputWarp(losses, shape);
      const t = Array.from(warp.targets);
      expect(t.every(Number.isFinite)).toBe(true);
      expect(t[3]).toBeLessThan(t[0] as number);
      expect(t[0]).toBeLessThan(t[2] as number);
      expect(t[2]).toBeLessThanOrEqual(t[5] as number); // 0.5 and 3 may round together beside 1e308
      expect(warp.inverse(warp.forward(-1e308)) / -1e308).toBeCloseTo(1, 9);
      expect(Number.isFinite(warp.logJacobian(losses))).toBe(true);
      const p = warp.toLossUnits(warp.forward(-1e308), 0.5);
      expect(Number.isFinite(p.mean) && Number.isFinite(p.sd) && p.sd > 0).toBe(true);
    }
  });

  it('gives the same targets for losses scaled by a power of two', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 20 }), fc.integer({ min: -900, max: 900 }), (losses, k) => {
        const scaled = losses.map((v) => v * 2 ** k);
        fc.pre(losses.every((v, i) => v === 0 || (Math.abs(v) > 1e-290 && Math.abs(scaled[i] as number) > 1e-290 && Number.isFinite(scaled[i]))));
        expect(Array.from(new OutputWarp(scaled).targets)).toEqual(Array.from(new OutputWarp(losses).targets));
      }),
    );
  });

  it('handles constant losses', () => {
    const warp = new OutputWarp([3, 3, 3]);
    expect(Array.from(warp.targets)).toEqual([0, 0, 0]);
    expect(warp.inverse(0)).toBe(3);
  });
});

describe('OutputWarp.toLossUnits', () => {
  it('maps sd linearly below the tail and stays finite far up it', () => {
    const warp = new OutputWarp([1, 2, 3, 4, 5, 6, 7, 1e6]);
    const best = warp.forward(1);
    const a = warp.toLossUnits(best, 0.01);
    expect(a.mean).toBeCloseTo(1, 9);
    expect(a.sd).toBeCloseTo((warp.inverse(best + 0.01) - warp.inverse(best - 0.01)) / 2, 9);
    const far = warp.toLossUnits(warp.forward(1e6) + 2, 5);
    expect(Number.isFinite(far.sd)).toBe(true);
    expect(Number.isFinite(far.mean)).toBe(true);
  });

  it('keeps an uncertain prediction uncertain for a study told +-1e308 (the band is not saturated at Number.MAX_VALUE)', () => {
    const losses = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? -1e308 : 1e308));
    for (const shape of [TAIL_WARP, LINEAR_WARP, ...LOG_WARPS]) {
      const warp = new OutputWarp(losses, shape);
      for (const target of [0, 2, 3, -3]) {
        const p = warp.toLossUnits(target, 1);
        expect(Number.isFinite(p.mean) && Number.isFinite(p.sd)).toBe(true);
        expect(p.sd).toBeGreaterThan(1e306);
      }
    }
  });

  it('has a log Jacobian equal to the summed log slopes of forward, for every shape', () => {
    const losses = [0.1, 0.5, 0.7, 1, 2, 3, 40, 900, 1e5];
    for (const shape of [TAIL_WARP, LINEAR_WARP, ...LOG_WARPS]) {
      const warp = new OutputWarp(losses, shape);
      const numeric = losses.reduce((s, l) => s + Math.log((warp.forward(l * (1 + 1e-7)) - warp.forward(l * (1 - 1e-7))) / (2e-7 * l)), 0);
      expect(warp.logJacobian(losses)).toBeCloseTo(numeric, 4);
    }
    expect(new OutputWarp(losses, LINEAR_WARP).forward(1e5)).toBeGreaterThan(new OutputWarp(losses, TAIL_WARP).forward(1e5));
  });
});

describe('OutputWarp, log shape', () => {
  it('is monotone and invertible everywhere, below the lowest loss too, and standardised', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 }), fc.constantFrom(...LOG_WARPS), fc.double({ min: -3, max: 3, noNaN: true }), (losses, shape, probe) => {
        const warp = new OutputWarp(losses, shape);
        const t = Array.from(warp.targets);
        expect(Math.abs(t.reduce((s, v) => s + v, 0) / t.length)).toBeLessThan(1e-9);
        const spread = Math.max(...losses) - Math.min(...losses) || 1;
        const loss = Math.min(...losses) + probe * spread;
        expect(warp.inverse(warp.forward(loss))).toBeCloseTo(loss, Math.max(0, 6 - Math.ceil(Math.log10(spread + 1))));
        const above = loss + 1e-3 * spread;
        if (above > loss) expect(warp.forward(above)).toBeGreaterThan(warp.forward(loss));
      }),
    );
  });

  it('resolves the best losses where the linear shape cannot: losses falling by decades', () => {
    const losses = [1e-3, 1e-2, 1e-1, 1, 10, 100];
    const share = (warp: OutputWarp): number => (warp.forward(1e-1) - warp.forward(1e-3)) / (warp.forward(100) - warp.forward(1e-3));
    // The three best span 12-41% of the targets' range under the log shapes (more the smaller the offset), 0.1% under the linear one.
    for (const shape of LOG_WARPS) expect(share(new OutputWarp(losses, shape))).toBeGreaterThan(0.1);
    expect(share(new OutputWarp(losses, LINEAR_WARP))).toBeLessThan(0.002);
  });
});

