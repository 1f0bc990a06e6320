# Shared by ca.sh, node.sh and client.sh; sourced, not run.
# shellcheck shell=bash

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

need_openssl() {
  command -v openssl >/dev/null 2>&1 || die "openssl is not on PATH"
  case "$(openssl version)" in
    OpenSSL\ 3.*) ;;
    *) die "needs OpenSSL 3 (found: $(openssl version))" ;;
  esac
}

# A random positive 128-bit serial number.
random_serial() {
  echo "0x$(openssl rand -hex 16)"
}

# new_key TYPE FORMAT FILE: TYPE rsa (2048 bits) or ec (P-256); FORMAT pkcs8 or pkcs1
# (pkcs1 writes "RSA PRIVATE KEY" / "EC PRIVATE KEY", cert-manager's default encoding).
new_key() {
  local type=$1 format=$2 file=$3
  case "$type" in
    rsa) openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$file.tmp" ;;
    ec) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
          -pkeyopt ec_param_enc:named_curve -out "$file.tmp" ;;
    *) die "unknown key type '$type' (rsa or ec)" ;;
  esac
  case "$format" in
    pkcs8) mv "$file.tmp" "$file" ;;
    pkcs1) openssl pkey -in "$file.tmp" -traditional -out "$file" && rm -f "$file.tmp" ;;
    *) die "unknown key format '$format' (pkcs8 or pkcs1)" ;;
  esac
  chmod 600 "$file"
}

# Key usage for a leaf with this key type: RSA keys may also encipher (TLS 1.2 RSA key exchange).
leaf_key_usage() {
  if [ "$1" = rsa ]; then echo "critical, digitalSignature, keyEncipherment"; else echo "critical, digitalSignature"; fi
}

# issue_leaf CA_DIR OUT_DIR CN DAYS KEY_TYPE KEY_FORMAT WORK_DIR [EXTRA_CA_FILE...]
# Writes OUT_DIR/tls.key, OUT_DIR/tls.crt (signed by CA_DIR's tls.crt/tls.key, with the extensions of
# section [ext] of WORK_DIR/ext.cnf) and OUT_DIR/ca.crt (the issuing CA, then any extra CA files: a
# bundle for CA rotation). WORK_DIR is the caller's scratch directory.
issue_leaf() {
  local ca_dir=$1 out=$2 cn=$3 days=$4 key_type=$5 key_format=$6 work=$7
  shift 7
  [ -f "$ca_dir/tls.crt" ] && [ -f "$ca_dir/tls.key" ] || die "$ca_dir has no tls.crt and tls.key (make it with ca.sh)"
  mkdir -p "$out"
  # Complete files first, then renamed into place one right after the other, so that a node watching
  # OUT_DIR never reads a half-written file.
  new_key "$key_type" "$key_format" "$work/tls.key"
  printf '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = %s\n' "$cn" > "$work/req.cnf"
  openssl req -new -key "$work/tls.key" -config "$work/req.cnf" -out "$work/leaf.csr"
  openssl x509 -req -in "$work/leaf.csr" -CA "$ca_dir/tls.crt" -CAkey "$ca_dir/tls.key" \
    -set_serial "$(random_serial)" -days "$days" -sha256 \
    -extfile "$work/ext.cnf" -extensions ext -out "$work/tls.crt" 2>/dev/null
  cat "$ca_dir/tls.crt" "$@" > "$work/ca.crt"
  chmod 644 "$work/tls.crt" "$work/ca.crt"
  local file
  for file in ca.crt tls.key tls.crt; do
    cp -p "$work/$file" "$out/.$file.new"
    mv -f "$out/.$file.new" "$out/$file"
  done
}
