// How many uploads are processed at once. sharp holds a decoded image per job and keeps a CPU busy,
// so at most `concurrency` jobs run, at most `queueLimit` more wait their turn, and any beyond those
// are refused at once: an unbounded queue would grow memory with every upload held in it.
// (p-limit would cover the first half but not the refusal, and is not a dependency: 20 lines here.)

export class BusyError extends Error {
  override name = "BusyError";
}

export function createLimiter(concurrency: number, queueLimit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    /** Runs `job` when a slot is free; BusyError when the queue is full. */
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running < concurrency) running++;
      else if (waiting.length < queueLimit) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new BusyError(`${running} uploads are being processed and ${waiting.length} are waiting`);
      try {
        return await job();
      } finally {
        // the slot passes straight to the next job in line, if any
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

export type Limiter = ReturnType<typeof createLimiter>;
