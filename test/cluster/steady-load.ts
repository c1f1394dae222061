// Steady load for the cluster suite, run inside the cluster's network (cluster:exec): GET requests
// to a URL from a few connections for a number of seconds, each pausing PAUSE_MS (250 ms unless
// told: four connections stay under the gateway's per-address limit of 20 requests/s; 0 loads a
// Service as hard as it goes, for the HPA test) between requests, then one JSON line with the count
// of each status (0 for a request that got no answer) and the first failures. Bounded in time by
// its argument; it only ever calls the cluster's own Service addresses.
const [url, secondsArg, connectionsArg, pauseArg] = process.argv.slice(2);
if (!url) throw new Error("usage: steady-load.ts URL [SECONDS] [CONNECTIONS] [PAUSE_MS]");
const pauseMs = Number(pauseArg ?? 250);
const until = Date.now() + Number(secondsArg ?? 20) * 1000;
const statuses: Record<string, number> = {};
const failures: string[] = [];

async function worker() {
  while (Date.now() < until) {
    let status = 0;
    try {
      const response = await fetch(url!, { signal: AbortSignal.timeout(5000) });
      status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      if (failures.length < 5) failures.push(error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error));
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== 200 && failures.length < 5 && status !== 0) failures.push(`HTTP ${status}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

await Promise.all(Array.from({ length: Number(connectionsArg ?? 4) }, worker));
console.log(JSON.stringify({ statuses, failures }));
