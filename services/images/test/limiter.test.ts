// The upload limiter alone: slots, the bounded queue, refusal beyond it, and the slot handed on.
import { describe, expect, it } from "vitest";
import { BusyError, createLimiter } from "../src/limiter.ts";

/** A job that runs until `finish()` is called. */
function job(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("the upload limiter", () => {
  it("runs `concurrency` jobs at once, queues up to the limit in order, and refuses the rest at once", async () => {
    const limiter = createLimiter(2, 1);
    const log: string[] = [];
    const [a, b, c, d] = ["a", "b", "c", "d"].map((name) => job(log, name)) as [ReturnType<typeof job>, ReturnType<typeof job>, ReturnType<typeof job>, ReturnType<typeof job>];
    const running = [limiter.run(a.run), limiter.run(b.run), limiter.run(c.run)];
    await tick();
    expect(log).toEqual(["start a", "start b"]);
    await expect(limiter.run(d.run)).rejects.toBeInstanceOf(BusyError);
    b.finish();
    await tick();
    expect(log, "b's slot went to c, the first in line").toEqual(["start a", "start b", "end b", "start c"]);
    a.finish();
    c.finish();
    expect(await Promise.all(running)).toEqual(["a", "b", "c"]);
  });

  it("frees the slot when a job fails", async () => {
    const limiter = createLimiter(1, 0);
    await expect(limiter.run(async () => Promise.reject(new Error("broken")))).rejects.toThrow("broken");
    expect(await limiter.run(async () => "next")).toBe("next");
  });
});
