// Faults under steady load through the gateway: Postgres killed, Redis killed, a service killed, each
// restarted by the kubelet as a crashed container is. While each lasts, readiness must report it;
// afterwards every pod must be Ready again with nobody's help, and every write the platform answered
// with success must still be there.
import type { Installation } from "./install.ts";

export interface FaultResult {
  fault: string;
  /** Pods seen not Ready while the fault lasted. */
  notReadyDuringOutage: string[];
  /** Seconds from the kill until every pod was Ready again. */
  recoveredAfterSeconds: number | null;
}

export interface FaultReport {
  faults: FaultResult[];
  /** Failed attempts by what answered them: a status, or `no answer`. */
  writes: { acknowledged: number; failed: Record<string, number>; lost: string[] };
  reads: { ok: number; failed: Record<string, number> };
}

type Json = Record<string, any>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function faultDrill(installation: Installation, gateway: string, log: (line: string) => void): Promise<FaultReport> {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Token ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Json };
  };
  const registered = await call("POST", "/api/users", undefined, { user: { username: "steady", email: "steady@example.com", password: "password123" } });
  const token = registered.body.user.token as string;
  const slug = (await call("POST", "/api/articles", token, { article: { title: "Under load", description: "d", body: "b" } })).body.article.slug as string;

  // the steady load: writers adding comments (each acknowledged one remembered) and readers listing
  const acknowledged = new Set<string>();
  const writesFailed: Record<string, number> = {};
  const readsFailed: Record<string, number> = {};
  let readsOk = 0;
  const count = (tally: Record<string, number>, what: string | number) => void (tally[what] = (tally[what] ?? 0) + 1);
  let running = true;
  const writer = async (id: number) => {
    for (let n = 0; running; n++) {
      const text = `writer ${id} comment ${n}`;
      try {
        const answer = await call("POST", `/api/articles/${slug}/comments`, token, { comment: { body: text } });
        if (answer.status === 200 && answer.body.comment?.body === text) acknowledged.add(text);
        else count(writesFailed, answer.status);
      } catch {
        count(writesFailed, "no answer");
      }
      // four clients at 4 requests/s each stay under the gateway's per-address limit (20/s)
      await sleep(250);
    }
  };
  const reader = async () => {
    while (running) {
      try {
        const answer = await call("GET", "/api/articles?limit=5");
        if (answer.status === 200) readsOk++;
        else count(readsFailed, answer.status);
      } catch {
        count(readsFailed, "no answer");
      }
      await sleep(250);
    }
  };
  const load = [writer(1), writer(2), reader(), reader()];

  const pod = (name: string) => installation.pods.find((p) => p.plan.name === name)!;
  const faults: FaultResult[] = [];
  for (const [fault, podName, container] of [
    ["Postgres killed", "blog-postgres-0", "postgres"],
    ["Redis killed", "blog-redis-0", "redis"],
    ["the posts service killed", "blog-posts-0", "posts"],
  ] as const) {
    await sleep(2000);
    log(`fault: ${fault}`);
    const killedAt = Date.now();
    pod(podName).crash(container);
    const notReady = new Set<string>();
    let recovered: number | null = null;
    // the outage lasts at least the kubelet's first back-off (10 s); give recovery two minutes
    while (Date.now() - killedAt < 120_000) {
      for (const p of installation.pods) if (!p.ready) notReady.add(p.plan.name);
      if (Date.now() - killedAt > 5000 && installation.pods.every((p) => p.ready)) {
        recovered = (Date.now() - killedAt) / 1000;
        break;
      }
      await sleep(250);
    }
    log(`${fault}: not ready meanwhile ${[...notReady].join(", ") || "nothing"}; recovered after ${recovered ?? "never"} s`);
    faults.push({ fault, notReadyDuringOutage: [...notReady].sort(), recoveredAfterSeconds: recovered });
    if (recovered === null) break;
  }
  running = false;
  await Promise.all(load);

  const stored = new Set(((await call("GET", `/api/articles/${slug}/comments`)).body.comments as Json[] | undefined ?? []).map((c) => c.body as string));
  return {
    faults,
    writes: { acknowledged: acknowledged.size, failed: writesFailed, lost: [...acknowledged].filter((text) => !stored.has(text)) },
    reads: { ok: readsOk, failed: readsFailed },
  };
}
