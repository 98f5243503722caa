/**
 * Tasks queued per key (a study id), handed out so that keys take turns: `next` returns the
 * oldest task of the key that has waited longest for a turn, skipping keys with a task in flight,
 * so a key with many tasks never starves the others and never runs two tasks at once.
 */
export class FairQueue<T> {
  private readonly queues = new Map<string, T[]>();
  /** Keys with queued tasks and none in flight, in the order they became ready. */
  private readonly ready: string[] = [];
  private readonly busy = new Set<string>();

  push(key: string, task: T): void {
    const queue = this.queues.get(key);
    if (queue) return void queue.push(task);
    this.queues.set(key, [task]);
    if (!this.busy.has(key)) this.ready.push(key);
  }

  /**
   * Takes the next task and marks its key busy until `done(key)`. `prefer` picks among ready keys
   * (e.g. those whose state lives on the free thread) within the first `window` of the turn order.
   */
  next(prefer: (key: string) => boolean = () => false, window = 1): { key: string; task: T } | null {
    if (this.ready.length === 0) return null;
    const scan = Math.min(window, this.ready.length);
    let at = 0;
    for (let i = 0; i < scan; i++) {
      if (prefer(this.ready[i] as string)) {
        at = i;
        break;
      }
    }
    const key = this.ready.splice(at, 1)[0] as string;
    const queue = this.queues.get(key) as T[];
    const task = queue.shift() as T;
    if (queue.length === 0) this.queues.delete(key);
    this.busy.add(key);
    return { key, task };
  }

  /** Ends the key's task in flight; its next task (if any) joins the end of the turn order. */
  done(key: string): void {
    this.busy.delete(key);
    if (this.queues.has(key)) this.ready.push(key);
  }

  /** Removes and returns every queued task. */
  drain(): T[] {
    const all = [...this.queues.values()].flat();
    this.queues.clear();
    this.ready.length = 0;
    return all;
  }
}
