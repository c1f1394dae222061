#!/usr/bin/env bash
# Prepares a cluster (kind, or this project's test cluster) for `ct install --namespace <ns>` over
# charts/blog-platform/ci/*-values.yaml: the Secrets those files name (existingSecret), and a
# Postgres and a Redis at the "external" hosts of ci/external-databases-values.yaml. Every pod here
# meets Pod Security "restricted", which the test cluster enforces on every namespace.
set -euo pipefail
ns=${1:?usage: kind-prerequisites.sh <namespace>}
kubectl create namespace "$ns"
kubectl create namespace databases
password=$(openssl rand -hex 16)
for n in "$ns" databases; do
  kubectl -n "$n" create secret generic blog-db --from-literal=password="$password" --from-literal=db-password="$password"
  kubectl -n "$n" create secret generic blog-redis --from-literal=password="$password"
done
keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$keys/private.pem"
openssl pkey -in "$keys/private.pem" -pubout -out "$keys/public.pem"
kubectl -n "$ns" create secret generic blog-jwt --from-file=private.pem="$keys/private.pem" --from-file=public.pem="$keys/public.pem"
kubectl -n databases apply -f - <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: postgres}
spec:
  selector: {matchLabels: {app: postgres}}
  template:
    metadata: {labels: {app: postgres}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, fsGroup: 70, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: postgres
          image: docker.io/library/postgres:17.6-alpine
          args: ["-p", "6432"]
          env:
            - {name: POSTGRES_DB, value: blog_ci}
            - {name: POSTGRES_USER, value: blog_ci}
            - {name: POSTGRES_PASSWORD, valueFrom: {secretKeyRef: {name: blog-db, key: password}}}
            - {name: PGDATA, value: /var/lib/postgresql/data/pgdata}
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          readinessProbe: {exec: {command: [pg_isready, -h, 127.0.0.1, -p, "6432"]}, periodSeconds: 2}
          volumeMounts:
            - {name: data, mountPath: /var/lib/postgresql/data}
            - {name: run, mountPath: /var/run/postgresql}
      volumes:
        - {name: data, emptyDir: {}}
        - {name: run, emptyDir: {}}
---
apiVersion: v1
kind: Service
metadata: {name: postgres}
spec: {selector: {app: postgres}, ports: [{port: 6432}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: redis}
spec:
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: redis
          image: docker.io/library/redis:8.2.2-alpine
          args: ["--port", "6380", "--requirepass", "$password"]
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          readinessProbe: {tcpSocket: {port: 6380}, periodSeconds: 2}
---
apiVersion: v1
kind: Service
metadata: {name: redis}
spec: {selector: {app: redis}, ports: [{port: 6380}]}
YAML
kubectl -n databases rollout status deployment/postgres deployment/redis --timeout=180s
