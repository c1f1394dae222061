// Starting points for common environments: plain data to merge under a user's own values, e.g.
// `defineValues(mergeValues(presets.production, { posts: { autoscaling: { maxReplicas: 12 } } }))`.
import type { Values } from "./define.ts";

// One replica each and no autoscaling: a laptop or a CI cluster.
const single = () => ({ replicaCount: 1, autoscaling: { enabled: false } });
const development: Values = {
  gateway: single(),
  frontend: single(),
  auth: single(),
  posts: single(),
  comments: single(),
  images: single(),
};

// The request path that carries user traffic stays up through a node drain: at least two replicas
// through the HPA, and a PodDisruptionBudget so that evictions take them one at a time.
const highlyAvailable = () => ({ autoscaling: { enabled: true, minReplicas: 2 }, pdb: { enabled: true } });
const production: Values = {
  gateway: highlyAvailable(),
  frontend: highlyAvailable(),
  auth: highlyAvailable(),
  posts: highlyAvailable(),
  comments: highlyAvailable(),
  images: highlyAvailable(),
};

export const presets: { readonly development: Values; readonly production: Values } = { development, production };
