#!/usr/bin/env bash
# Creates the certificate the data-plane nodes of one cluster share, in the cert-manager Secret layout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $0 --ca CA_DIR [--cluster NAME] [--namespace NS] [--replicas N] [--dns NAME]... [--ip IP]...
          [--trust CA_FILE]... [--days N] [--key-type rsa|ec] [--key-format pkcs8|pkcs1] OUT_DIR

Writes OUT_DIR/tls.crt, OUT_DIR/tls.key and OUT_DIR/ca.crt: one server-and-client certificate
(serverAuth and clientAuth, so it serves the API and authenticates to peers) signed by CA_DIR
(made by ca.sh), valid for 127.0.0.1, ::1, localhost and, for the cluster's Kubernetes names,
  NAME-I.NAME-peer.NS.svc[.cluster.local] for I in 0..N-1, *.NAME-peer.NS.svc[.cluster.local],
  NAME.NS.svc[.cluster.local], NAME.NS, NAME
  --cluster     cluster name (default ferrium)
  --namespace   Kubernetes namespace (default default)
  --replicas    number of nodes named (default 3)
  --dns, --ip   extra subject alternative names (repeatable)
  --trust       another CA certificate file to append to ca.crt (repeatable; for CA rotation)
  --days        validity in days (default 365)
  --key-type    rsa (default) or ec;  --key-format pkcs8 (default) or pkcs1
USAGE
}

ca=""
cluster=ferrium
namespace=default
replicas=3
days=365
key_type=rsa
key_format=pkcs8
out=""
extra_dns=()
extra_ip=()
trust=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ca) ca=${2:?--ca needs a value}; shift 2 ;;
    --cluster) cluster=${2:?--cluster needs a value}; shift 2 ;;
    --namespace) namespace=${2:?--namespace needs a value}; shift 2 ;;
    --replicas) replicas=${2:?--replicas needs a value}; shift 2 ;;
    --dns) extra_dns+=("${2:?--dns needs a value}"); shift 2 ;;
    --ip) extra_ip+=("${2:?--ip needs a value}"); shift 2 ;;
    --trust) trust+=("${2:?--trust needs a value}"); shift 2 ;;
    --days) days=${2:?--days needs a value}; shift 2 ;;
    --key-type) key_type=${2:?--key-type needs a value}; shift 2 ;;
    --key-format) key_format=${2:?--key-format needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [ -z "$out" ] || die "only one OUT_DIR"; out=$1; shift ;;
  esac
done
[ -n "$out" ] && [ -n "$ca" ] || { usage >&2; exit 2; }
[[ "$cluster" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "--cluster must be a DNS label: $cluster"
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "--namespace must be a DNS label: $namespace"
[[ "$replicas" =~ ^[0-9]+$ ]] || die "--replicas must be a number: $replicas"
for file in ${trust[@]+"${trust[@]}"}; do [ -f "$file" ] || die "--trust $file: no such file"; done
need_openssl
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

peer="$cluster-peer.$namespace.svc"
dns=(localhost "$cluster" "$cluster.$namespace" "$cluster.$namespace.svc" "$cluster.$namespace.svc.cluster.local"
  "*.$peer" "*.$peer.cluster.local")
for ((i = 0; i < replicas; i++)); do
  dns+=("$cluster-$i.$peer" "$cluster-$i.$peer.cluster.local")
done
dns+=(${extra_dns[@]+"${extra_dns[@]}"})
ips=(127.0.0.1 ::1 ${extra_ip[@]+"${extra_ip[@]}"})
{
  echo "[ext]"
  echo "basicConstraints = critical, CA:FALSE"
  echo "keyUsage = $(leaf_key_usage "$key_type")"
  echo "extendedKeyUsage = serverAuth, clientAuth"
  echo "subjectKeyIdentifier = hash"
  echo "authorityKeyIdentifier = keyid"
  echo "subjectAltName = @alt"
  echo "[alt]"
  n=0; for name in "${dns[@]}"; do n=$((n + 1)); echo "DNS.$n = $name"; done
  n=0; for ip in "${ips[@]}"; do n=$((n + 1)); echo "IP.$n = $ip"; done
} > "$tmp/ext.cnf"
issue_leaf "$ca" "$out" "$cluster" "$days" "$key_type" "$key_format" "$tmp" ${trust[@]+"${trust[@]}"}
echo "node certificate for cluster '$cluster' in namespace '$namespace' ($replicas replicas) in $out"
