#!/usr/bin/env bash
# Creates a self-signed development CA in the cert-manager Secret layout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $0 [--name CN] [--days N] [--key-type rsa|ec] OUT_DIR

Writes OUT_DIR/tls.key (the CA key: keep it private), OUT_DIR/tls.crt (the CA certificate) and
OUT_DIR/ca.crt (the same certificate, as a cert-manager CA Secret holds it).
  --name      subject CN (default "Ferrium development CA")
  --days      validity in days (default 3650)
  --key-type  rsa (2048 bits, default) or ec (P-256)
USAGE
}

name="Ferrium development CA"
days=3650
key_type=rsa
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --days) days=${2:?--days needs a value}; shift 2 ;;
    --key-type) key_type=${2:?--key-type needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [ -z "$out" ] || die "only one OUT_DIR"; out=$1; shift ;;
  esac
done
[ -n "$out" ] || { usage >&2; exit 2; }
need_openssl
umask 077
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

new_key "$key_type" pkcs8 "$out/tls.key"
cat > "$tmp/ca.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = $name
[ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
openssl req -x509 -new -key "$out/tls.key" -config "$tmp/ca.cnf" -extensions ext \
  -set_serial "$(random_serial)" -days "$days" -sha256 -out "$out/tls.crt"
cp "$out/tls.crt" "$out/ca.crt"
chmod 644 "$out/tls.crt" "$out/ca.crt"
echo "CA '$name' in $out"
