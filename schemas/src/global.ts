// `global`: what really spans components. Helm copies it into every subchart, which is how the
// services of every subchart learn where Postgres, Redis and the JWT keys are.
import { bool, int, k8s, k8sList, named, object, oneOfStrings, pullSecrets, str, type Schema } from "./dsl.ts";

const selector = (description: string, def: Record<string, unknown>) => k8s("LabelSelector", description, def);

export const globalSchema: Schema = named("GlobalValues", {
  ...object("Values shared by every subchart. Keys other charts put into `global` are allowed when this chart is itself a subchart.", {
    imageRegistry: str("Registry that replaces every image's registry when set.", ""),
    imagePullSecrets: pullSecrets("Image pull Secrets added to every pod, by name (`regcred`) or in the Kubernetes form (`{name: regcred}`)."),
    storageClass: str("StorageClass for every PersistentVolumeClaim; empty uses the cluster default.", ""),
    database: object("The Postgres server the services use: the bundled `postgres` subchart when `host` is empty, else an external server.", {
      host: str("Host of an external Postgres; empty means the bundled one (`postgres.enabled` must then be true).", ""),
      port: int("Postgres port.", 5432, { minimum: 1, maximum: 65535 }),
      name: str("Database name.", "blog", { minLength: 1 }),
      user: str("Database user.", "blog", { minLength: 1 }),
      password: str("Password, rendered into a Secret. Prefer `existingSecret` in production; with neither, the credentials Job creates one for the bundled Postgres.", ""),
      existingSecret: str("Existing Secret holding the password; used by the services and by the bundled Postgres.", ""),
      existingSecretPasswordKey: str("Key of the password in `existingSecret`.", "password", { minLength: 1 }),
      sslMode: oneOfStrings("libpq sslmode of the services' connections.", ["disable", "prefer", "require", "verify-ca", "verify-full"], "disable"),
      serviceRoles: bool("With the bundled Postgres, give each service a login role of its own, owning its schema alone and holding no other right, with a password the credentials Job makes (`<release>-database-<service>`); the Postgres pod creates the roles. False: every service logs in as `user`, the server's superuser. An external server always takes `user`.", true),
    }),
    redis: object("The Redis server the services use: the bundled `redis` subchart when `host` is empty, else an external server.", {
      host: str("Host of an external Redis; empty means the bundled one (`redis.enabled` must then be true).", ""),
      port: int("Redis port.", 6379, { minimum: 1, maximum: 65535 }),
      password: str("Password, rendered into a Secret. Prefer `existingSecret` in production; with neither, the credentials Job creates one for the bundled Redis.", ""),
      existingSecret: str("Existing Secret holding the password: the bundled Redis's default user's (its probes and exporter), and the services' with an external Redis or `serviceUsers: false`.", ""),
      existingSecretPasswordKey: str("Key of the password in `existingSecret`.", "password", { minLength: 1 }),
      tls: bool("Connect to Redis over TLS.", false),
      serviceUsers: bool("With the bundled Redis, give auth, posts and comments each an ACL user of its own, allowed only the keys and commands that service uses, with a password the credentials Job makes (`<release>-redis-<service>`). False: every service logs in with `password`, as Redis's default user. An external server always takes `password`.", true),
    }),
    jwt: object("Key pair for the JWTs that auth signs; the other services get the public key only.", {
      privateKey: str("PEM private key (ES256 or RS256), rendered into a Secret. Prefer `existingSecret`.", ""),
      publicKey: str("PEM public key matching `privateKey`.", ""),
      existingSecret: str("Existing Secret with the keys `private.pem` and `public.pem`; with neither it nor the keys, the credentials Job creates an ES256 pair.", ""),
    }),
    networkPolicy: object("Cluster facts the NetworkPolicies need.", {
      defaultDeny: bool("Deny all traffic to and from the release's pods except what the component policies allow.", true),
      dns: object("Where cluster DNS runs; every pod may reach it on port 53.", {
        namespaceSelector: selector("Namespaces of the DNS pods.", { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }),
        podSelector: selector("DNS pods.", { matchLabels: { "k8s-app": "kube-dns" } }),
      }),
      prometheus: object("Where Prometheus runs; it may scrape every pod's metrics port.", {
        namespaceSelector: selector("Namespaces of the Prometheus pods; `{}` means every namespace.", { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }),
        podSelector: selector("Prometheus pods; `{}` means every pod of those namespaces.", {}),
      }),
      extraIngress: k8sList("NetworkPolicyIngressRule", "Ingress rules added to every component's policy (e.g. a service mesh's control plane)."),
      extraEgress: k8sList("NetworkPolicyEgressRule", "Egress rules added to every component's policy: a mesh control plane (istiod 15012, linkerd 8080/8086/8090), NodeLocal DNSCache (ipBlock 169.254.20.10/32, port 53)."),
      ingressController: object("Where the ingress controller runs; it alone, of all the cluster's pods, may reach the gateway. The defaults are ingress-nginx's own namespace and labels; set yours for another controller.", {
        namespaceSelector: selector("Namespaces of the ingress controller; `{}` means every namespace.", { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } }),
        podSelector: selector("Ingress controller pods; `{}` means every pod of those namespaces.", { matchLabels: { "app.kubernetes.io/name": "ingress-nginx" } }),
      }),
    }),
  }),
  additionalProperties: true,
});
