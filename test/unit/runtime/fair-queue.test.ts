import { FairQueue } from '../../../src/runtime/fair-queue';

/** Takes tasks one at a time, finishing each before the next, and returns their order. */
function drainInTurn(queue: FairQueue<string>): string[] {
  const order: string[] = [];
  for (let next = queue.next(); next; next = queue.next()) {
    order.push(next.task);
    queue.done(next.key);
  }
  return order;
}

test('studies take turns: one with many queued tasks does not hold back the others', () => {
  const queue = new FairQueue<string>();
  ['a1', 'a2', 'a3'].forEach((t) => queue.push('a', t));
  queue.push('b', 'b1');
  queue.push('c', 'c1');
  expect(drainInTurn(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
});

test('a study never has two tasks in flight', () => {
  const queue = new FairQueue<string>();
  queue.push('a', 'a1');
  queue.push('a', 'a2');
  queue.push('b', 'b1');
  expect(queue.next()?.task).toBe('a1');
  expect(queue.next()?.task).toBe('b1');
  expect(queue.next()).toBeNull();
  queue.done('a');
  expect(queue.next()?.task).toBe('a2');
});

test('a free thread prefers a study whose state it keeps, within the window of the next turns', () => {
  const queue = new FairQueue<string>();
  ['a', 'b', 'c'].forEach((k) => queue.push(k, `${k}1`));
  expect(queue.next((k) => k === 'b', 2)?.task).toBe('b1');
  expect(queue.next((k) => k === 'c', 1)?.task).toBe('a1');
  expect(queue.drain()).toEqual(['c1']);
  expect(queue.next()).toBeNull();
});
