// The HPA run's load (npm run bench:cluster -- --hpa), inside the cluster's network: seeds the
// release (bench-seed.ts), says "readers: start" on stderr when the readers begin, runs USERS
// simulated readers for SECONDS (think-time-load.ts), and prints the result as one JSON line.
import { blogClient } from "../test/cluster/blog-client.ts";
import { seedBlog } from "./bench-seed.ts";
import { simulateUsers } from "./think-time-load.ts";
import { resolvedUrl } from "./load.ts";

const [gatewayUrl, users, seconds] = process.argv.slice(2);
if (!gatewayUrl || !Number(users) || !Number(seconds)) throw new Error("usage: bench-readers.ts GATEWAY_URL USERS SECONDS");
const gateway = await resolvedUrl(gatewayUrl);
const seed = await seedBlog(blogClient(gateway, 30_000));
console.error("readers: start");
console.log(JSON.stringify(await simulateUsers(gateway, seed, Number(users), Number(seconds))));
