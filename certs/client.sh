#!/usr/bin/env bash
# Creates a client certificate (for FerriumClient, grpcurl, curl, the operator) in the cert-manager layout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $0 --ca CA_DIR [--cn NAME] [--trust CA_FILE]... [--days N] [--key-type rsa|ec]
          [--key-format pkcs8|pkcs1] OUT_DIR

Writes OUT_DIR/tls.crt, OUT_DIR/tls.key and OUT_DIR/ca.crt: a client certificate (clientAuth only)
with subject CN=NAME (default ferrium-client), signed by CA_DIR (made by ca.sh).
  --trust       another CA certificate file to append to ca.crt (repeatable; for CA rotation)
  --days        validity in days (default 365)
  --key-type    rsa (default) or ec;  --key-format pkcs8 (default) or pkcs1
USAGE
}

ca=""
cn=ferrium-client
days=365
key_type=rsa
key_format=pkcs8
out=""
trust=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ca) ca=${2:?--ca needs a value}; shift 2 ;;
    --cn) cn=${2:?--cn needs a value}; shift 2 ;;
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
for file in ${trust[@]+"${trust[@]}"}; do [ -f "$file" ] || die "--trust $file: no such file"; done
need_openssl
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/ext.cnf" <<CNF
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = $(leaf_key_usage "$key_type")
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
issue_leaf "$ca" "$out" "$cn" "$days" "$key_type" "$key_format" "$tmp" ${trust[@]+"${trust[@]}"}
echo "client certificate CN=$cn in $out"
