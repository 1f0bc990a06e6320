#!/usr/bin/env bash
# Everything for a local TLS/mTLS setup: a CA, the nodes' certificate and a client certificate.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

usage() {
  cat <<USAGE
usage: $0 [--cluster NAME] [--namespace NS] [--replicas N] [--key-type rsa|ec] [--key-format pkcs8|pkcs1] OUT_DIR

Writes OUT_DIR/ca (ca.sh), OUT_DIR/node (node.sh) and OUT_DIR/client (client.sh), each with
tls.crt, tls.key and ca.crt. Refuses to overwrite an existing OUT_DIR/ca.
USAGE
}

node_args=()
key_type=rsa
key_format=pkcs8
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster|--namespace|--replicas) node_args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --key-type) key_type=${2:?--key-type needs a value}; shift 2 ;;
    --key-format) key_format=${2:?--key-format needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [ -z "$out" ] || die "only one OUT_DIR"; out=$1; shift ;;
  esac
done
[ -n "$out" ] || { usage >&2; exit 2; }
[ ! -e "$out/ca" ] || die "$out/ca exists; remove it or choose another OUT_DIR"

"$here/ca.sh" --key-type "$key_type" "$out/ca"
"$here/node.sh" --ca "$out/ca" ${node_args[@]+"${node_args[@]}"} --key-type "$key_type" --key-format "$key_format" "$out/node"
"$here/client.sh" --ca "$out/ca" --key-type "$key_type" --key-format "$key_format" "$out/client"
