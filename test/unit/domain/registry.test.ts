import { Registry } from '../../../src/domain/registry';

describe('Registry', () => {
  const make = () => new Registry<{ type: string; n: number }>('sampler', 'invalid_sampler', [{ type: 'random', n: 1 }]);

  it('finds built-ins and registered factories, listing built-ins first', () => {
    const registry = make();
    registry.register({ type: 'my-bo.v2', n: 2 });
    expect(registry.get('my-bo.v2').n).toBe(2);
    expect(registry.types()).toEqual(['random', 'my-bo.v2']);
  });

  it('answers an unknown or prototype name with the error code, field and known types', () => {
    const registry = make();
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      expect(() => registry.get(name)).toThrow(expect.objectContaining({ code: 'invalid_sampler', field: 'sampler.type', message: expect.stringContaining('choose one of random') }));
    }
  });

  it('refuses a taken, empty, upper-case or over-long name', () => {
    const registry = make();
    expect(() => registry.register({ type: 'random', n: 3 })).toThrow(/already registered/);
    for (const type of ['', 'MyBo', 'a b', 'x'.repeat(51), '__proto__']) expect(() => registry.register({ type, n: 0 })).toThrow(/must match/);
    expect(registry.get('random').n).toBe(1);
  });
});
