#!/usr/bin/env bash
# Prepares a kind cluster for `ct install --namespace <ns>` over charts/blog-platform/ci/*-values.yaml:
# the Secrets those files name (existingSecret), and a Postgres and a Redis at the "external" hosts
# of ci/external-databases-values.yaml.
set -euo pipefail
ns=${1:?usage: kind-prerequisites.sh <namespace>}
kubectl create namespace "$ns"
kubectl create namespace databases
password=$(openssl rand -hex 16)
for n in "$ns" databases; do
  kubectl -n "$n" create secret generic blog-db --from-literal=password="$password" --from-literal=db-password="$password"
  kubectl -n "$n" create secret generic blog-redis --from-literal=password="$password"
done
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out /tmp/private.pem
openssl pkey -in /tmp/private.pem -pubout -out /tmp/public.pem
kubectl -n "$ns" create secret generic blog-jwt --from-file=private.pem=/tmp/private.pem --from-file=public.pem=/tmp/public.pem
kubectl -n databases apply -f - <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: postgres}
spec:
  selector: {matchLabels: {app: postgres}}
  template:
    metadata: {labels: {app: postgres}}
    spec:
      containers:
        - name: postgres
          image: docker.io/library/postgres:17.6-alpine
          args: ["-p", "6432"]
          env:
            - {name: POSTGRES_DB, value: blog_ci}
            - {name: POSTGRES_USER, value: blog_ci}
            - {name: POSTGRES_PASSWORD, valueFrom: {secretKeyRef: {name: blog-db, key: password}}}
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
      containers:
        - name: redis
          image: docker.io/library/redis:8.2.2-alpine
          args: ["--port", "6380", "--requirepass", "$password"]
---
apiVersion: v1
kind: Service
metadata: {name: redis}
spec: {selector: {app: redis}, ports: [{port: 6380}]}
YAML
kubectl -n databases rollout status deployment/postgres deployment/redis --timeout=180s
