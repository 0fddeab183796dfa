/**
 * The two async iterators a subscription is built of. Both are written out rather than as async
 * generators: a generator waiting for its next value cannot be ended (its return() queues behind
 * the wait), and graphql-ws ends a subscription with return() whenever the client completes it
 * or the socket closes, often while nothing is happening.
 */

/**
 * Events a subscription may have waiting before it is given up (Feed's `onOverflow`). A client
 * that reads its socket slower than updates come would otherwise have them pile up in the server
 * without end; 1,000 is far beyond what a reading client falls behind by.
 */
export const MAX_PENDING_EVENTS: number = 1000;

/**
 * A queue read as an async iterator: push() from the producer, next() from the subscription;
 * return() ends it at once and calls `onEnd`. A push that finds MAX_PENDING_EVENTS waiting ends
 * it instead and calls `onOverflow`.
 */
export class Feed<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private ended = false;

  constructor(
    private readonly onEnd: () => void = () => {},
    private readonly onOverflow: () => void = () => {},
  ) {}

  push(value: T): void {
    if (this.ended) return;
    if (this.queue.length >= MAX_PENDING_EVENTS) {
      void this.return();
      this.onOverflow();
    } else if (this.waiting) {
      this.waiting({ done: false, value });
      this.waiting = null;
    } else {
      this.queue.push(value);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ done: false, value: this.queue.shift()! });
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.ended) {
      this.ended = true;
      this.queue.length = 0;
      this.waiting?.({ done: true, value: undefined });
      this.waiting = null;
      this.onEnd();
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** `source` through `step`, one value at a time and in order, dropping those `step` maps to null; return() reaches `source` at once. */
export function mapEach<T, U>(source: AsyncIterator<T>, step: (value: T) => Promise<U | null>): AsyncIterableIterator<U> {
  const iterator: AsyncIterableIterator<U> = {
    async next() {
      for (;;) {
        const read = await source.next();
        if (read.done) return { done: true, value: undefined };
        const mapped = await step(read.value);
        if (mapped !== null) return { done: false, value: mapped };
      }
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
