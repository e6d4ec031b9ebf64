#!/bin/sh
# The namespace the product runs in and the search attributes it sets (the same list as
# SEARCH_ATTRIBUTES in scripts/dev-server.mjs; test/docker-compose.spec.ts keeps them equal).
# Idempotent. Run by the `temporal-setup` one-shot service of docker/compose.yml
# (temporalio/admin-tools image) and by the production-mode tests, with TEMPORAL_ADDRESS,
# TEMPORAL_NAMESPACE and TEMPORAL_RETENTION.
set -eu

address="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is not set}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_RETENTION:-30d}"
t() { temporal --address "$address" "$@"; }

tries=0
until t operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "temporal-setup: Temporal at $address is not healthy" >&2
    t operator cluster health
    exit 1
  fi
  sleep 2
done

if ! t operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  t operator namespace create --namespace "$namespace" --retention "$retention"
fi
# a new namespace reaches the frontends' namespace cache within seconds (describe reads the
# database, the search-attribute calls need the cache): wait until those calls see it
tries=0
until t operator search-attribute list --namespace "$namespace" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "temporal-setup: namespace $namespace is not served" >&2
    exit 1
  fi
  sleep 1
done

for attribute in processKey businessKey definitionId TthcDossierCode; do
  if ! t operator search-attribute list --namespace "$namespace" | grep -q "^ *$attribute "; then
    t operator search-attribute create --namespace "$namespace" --name "$attribute" --type Keyword
  fi
done
echo "temporal-setup: namespace $namespace ready with search attributes processKey businessKey definitionId TthcDossierCode"
