import { SeededDropout } from '../../trainers/shared/seeded-dropout';
import { tf } from '../../trainers/shared/tf';

beforeAll(() => tf.setBackend('cpu'));

function zeros(t: tf.Tensor): boolean[] {
  return Array.from(t.dataSync()).map((v) => v === 0);
}

describe('SeededDropout', () => {
  const x = tf.ones([1, 400]);

  it('drops about `rate` of the units in training, scaling the rest by 1/(1-rate)', () => {
    const out = new SeededDropout(0.5, 7).apply(x, { training: true }) as tf.Tensor;
    const dropped = zeros(out).filter(Boolean).length;
    expect(dropped).toBeGreaterThan(150);
    expect(dropped).toBeLessThan(250);
    expect(Array.from(out.dataSync()).filter((v) => v !== 0).every((v) => Math.abs(v - 2) < 1e-6)).toBe(true);
  });

  it('draws a fresh mask per call, the same sequence for the same seed', () => {
    const a = new SeededDropout(0.5, 7);
    const b = new SeededDropout(0.5, 7);
    const [a1, a2] = [zeros(a.apply(x, { training: true }) as tf.Tensor), zeros(a.apply(x, { training: true }) as tf.Tensor)];
    const [b1, b2] = [zeros(b.apply(x, { training: true }) as tf.Tensor), zeros(b.apply(x, { training: true }) as tf.Tensor)];
    expect(a1).not.toEqual(a2);
    expect([b1, b2]).toEqual([a1, a2]);
  });

  it('is active inside model.trainOnBatch and inactive in evaluate', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 400, inputShape: [1], useBias: false, kernelInitializer: 'ones', trainable: false }));
    model.add(new SeededDropout(0.5, 3));
    model.add(tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones' }));
    model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
    const [input, target] = [tf.ones([1, 1]), tf.zeros([1, 1])];
    const training = (await model.trainOnBatch(input, target)) as number;
    const inference = (await (model.evaluate(input, target) as tf.Scalar).data())[0] as number;
    expect(inference).toBe(400 * 400);
    expect(training).not.toBe(inference);
  });

  it('is the identity at inference', () => {
    expect(Array.from((new SeededDropout(0.5, 7).apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
  });
});
