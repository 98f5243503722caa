import { KeyedMutex } from '../../../src/service/keyed-mutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('work under one key runs one at a time in arrival order; other keys run alongside', async () => {
  const mutex = new KeyedMutex();
  const log: string[] = [];
  const task = (key: string, name: string) =>
    mutex.run(key, async () => {
      log.push(`start ${name}`);
      await tick();
      await tick();
      log.push(`end ${name}`);
      return name;
    });
  const results = await Promise.all([task('s', 'a'), task('s', 'b'), task('t', 'c')]);
  expect(results).toEqual(['a', 'b', 'c']);
  expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
  expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a'));
});

test('a failing task passes its error on and does not block the next one', async () => {
  const mutex = new KeyedMutex();
  const failing = mutex.run('s', async () => {
    throw new Error('boom');
  });
  const next = mutex.run('s', async () => 'ran');
  await expect(failing).rejects.toThrow('boom');
  await expect(next).resolves.toBe('ran');
});
