// Tunes the learning rate and momentum of gradient descent on f(x) = (x - 3)^2.
module.exports = {
  name: 'quadratic',
  description: 'gradient descent with momentum on (x - 3)^2',
  space: {
    lr: { type: 'float', low: 1e-3, high: 1, log: true },
    use_momentum: { type: 'categorical', choices: [false, true] },
    momentum: { type: 'float', low: 0.1, high: 0.99, condition: { parent: 'use_momentum', values: [true] } },
  },
  async train(params, context) {
    let x = 0, velocity = 0;
    for (let epoch = 1; epoch <= 20; epoch++) {
      if (context.signal.aborted) throw new Error('interrupted');
      const gradient = 2 * (x - 3);
      velocity = (params.momentum ?? 0) * velocity - params.lr * gradient;
      x += velocity;
      const loss = (x - 3) ** 2;
      if (await context.report(epoch, { value: loss })) return { value: loss }; // pruned
    }
    return { value: (x - 3) ** 2, metrics: { x } };
  },
};
