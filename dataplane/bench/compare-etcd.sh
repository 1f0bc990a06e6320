#!/usr/bin/env bash
# Ferrium against etcd on this machine, with the same load generator and the same load.
#
# Starts a 3-member etcd, runs the workloads, stops it; starts a 3-node Ferrium
# (ferrium local-cluster), runs the same workloads, stops it; alternates the order
# for each round. The two are never up at once. Prints ops/s and p99 side by side
# with the ratio Ferrium/etcd, and the resident memory of every member.
#
#   dataplane/bench/compare-etcd.sh [--rounds 2] [--settle 240] [--warmup 1] [--duration 5]
#       [--workloads put,get-linearizable,get-serializable,mixed] [--outstanding 1,64]
#       [--keyspace 10000] [--etcd-port 24379] [--ferrium-port 25001]
#       [--ferrium-java-opt OPT]... [--no-build] [--keep]
#
# Builds the jars if they are missing or older than the sources (Maven, serialised
# with flock on $FERRIUM_MVN_LOCK when flock exists). Installs Debian's etcd-server
# if there is no etcd (needs root). Everything listens on 127.0.0.1 only; every
# process it starts is stopped by pid (etcd) or by `ferrium local-cluster down`
# (Ferrium), also on Ctrl-C or failure. Data and logs go to a temporary directory,
# deleted at the end unless --keep.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench_jar="$root/dataplane/bench/target/ferrium-bench.jar"
server_jar="$root/dataplane/server/target/ferrium-server.jar"

rounds=2
settle=240
warmup=1
duration=5
workloads="put,get-linearizable,get-serializable,mixed"
outstanding="1,64"
keyspace=10000
etcd_port=24379
ferrium_port=25001
ferrium_java_opts=()
build=auto
keep=false

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    --outstanding) outstanding="$2"; shift 2 ;;
    --keyspace) keyspace="$2"; shift 2 ;;
    --etcd-port) etcd_port="$2"; shift 2 ;;
    --ferrium-port) ferrium_port="$2"; shift 2 ;;
    --ferrium-java-opt) ferrium_java_opts+=("--java-opt" "$2"); shift 2 ;;
    --no-build) build=no; shift ;;
    --build) build=yes; shift ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare-etcd: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "compare-etcd: --rounds must be 1..99" >&2; exit 2; }

log() { printf '[compare-etcd %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- build ----------------------------------------------------------------
needs_build() {
  [[ "$build" == yes ]] && return 0
  [[ "$build" == no ]] && return 1
  [[ -f "$bench_jar" && -f "$server_jar" ]] || return 0
  [[ -n "$(find "$root/pom.xml" "$root/dataplane" -path '*/target' -prune -o -newer "$bench_jar" \
      \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' -o -name '*.xml' -o -name '*.toml' \) -print -quit)" ]]
}
if needs_build; then
  log "building ferrium-server and ferrium-bench (mvn package -DskipTests)"
  mvn_cmd=(mvn -B -ntp -q -f "$root/pom.xml" package -pl dataplane/bench -am -DskipTests)
  if command -v flock >/dev/null; then
    flock "${FERRIUM_MVN_LOCK:-/tmp/ferrium-mvn.lock}" "${mvn_cmd[@]}"
  else
    "${mvn_cmd[@]}"
  fi
fi
[[ -f "$bench_jar" && -f "$server_jar" ]] || { echo "compare-etcd: build did not produce the jars" >&2; exit 1; }

# ---- etcd -----------------------------------------------------------------
if ! command -v etcd >/dev/null; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "compare-etcd: etcd is not installed; run as root to install Debian's etcd-server, or install it" >&2
    exit 1
  fi
  log "installing Debian's etcd-server"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ferrium-compare.XXXXXX")"
results="$work/results.jsonl"
etcd_pids=()
ferrium_dir=""

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_etcd() {
  local pid
  for pid in "${etcd_pids[@]}"; do
    # Only a process that is still the etcd we started with our data directory.
    if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--data-dir $work/"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${etcd_pids[@]}"; do
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--data-dir $work/"; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  etcd_pids=()
}

stop_ferrium() {
  if [[ -n "$ferrium_dir" ]]; then
    "$root/bin/ferrium" local-cluster down --dir "$ferrium_dir" >>"$work/ferrium-down.log" 2>&1 || true
    ferrium_dir=""
  fi
}

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  stop_etcd
  stop_ferrium
  if [[ "$keep" == true || $code -ne 0 ]]; then
    log "data, logs and results kept in $work"
  else
    rm -rf "$work"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_etcd() {
  local dir="$1" cluster="" i client peer
  for i in 1 2 3; do
    peer=$((etcd_port + 2 * i - 1))
    cluster+="${cluster:+,}m$i=http://127.0.0.1:$peer"
  done
  for i in 1 2 3; do
    client=$((etcd_port + 2 * (i - 1)))
    peer=$((client + 1))
    for p in "$client" "$peer"; do
      if port_in_use "$p"; then echo "compare-etcd: port $p is in use; choose --etcd-port" >&2; exit 1; fi
    done
    mkdir -p "$dir/m$i"
    etcd --name "m$i" --data-dir "$dir/m$i/data" \
      --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
      --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
      --initial-cluster "$cluster" --initial-cluster-token ferrium-compare --initial-cluster-state new \
      --logger zap --log-outputs stderr >"$dir/m$i.log" 2>&1 &
    etcd_pids+=($!)
  done
  for i in 1 2 3; do
    client=$((etcd_port + 2 * (i - 1)))
    for attempt in $(seq 1 120); do
      if curl -fsS "http://127.0.0.1:$client/health" 2>/dev/null | grep -q '"health":"true"'; then
        break
      fi
      if ! kill -0 "${etcd_pids[$((i - 1))]}" 2>/dev/null; then
        echo "compare-etcd: etcd m$i exited; see $dir/m$i.log" >&2; exit 1
      fi
      [[ $attempt == 120 ]] && { echo "compare-etcd: etcd m$i not healthy after 60 s; see $dir/m$i.log" >&2; exit 1; }
      sleep 0.5
    done
  done
}

# One load generator process per cluster: it first runs --settle seconds of unmeasured load, every
# measured workload and window in turn in passes of at most 10 s each (3 passes by default), then
# the measured runs. A JVM compiles its hot paths during the first minutes of load, and recompiles
# them when a later workload changes what it had assumed: a node that has run for a while is what
# the comparison is about, and a cold load generator adds its own delay to every request it times
# (Ferrium's puts at 1 in flight measured 876/s in a load generator's first run, 1,324/s in its
# second, on the same cluster).
bench() {
  local target="$1" endpoints="$2" pids="$3" tag="$4" out="$5" code=0
  java ${BENCH_JAVA_OPTS:-} -jar "$bench_jar" --target "$target" -e "$endpoints" -w "$workloads" \
    -c "$outstanding" --settle "$settle" --warmup "$warmup" --duration "$duration" --keyspace "$keyspace" \
    --rss-pid "$pids" --json-out "$results" --tag "$tag" >"$out" || code=$?
  if [[ $code == 1 ]]; then
    log "$target $tag: some requests failed (see $out)"
  elif [[ $code != 0 ]]; then
    echo "compare-etcd: the load generator failed against $target (exit $code); see $out" >&2
    exit 1
  fi
}

run_etcd() {
  local round="$1" dir="$work/round$1/etcd" endpoints
  mkdir -p "$dir"
  log "round $round: starting a 3-member etcd ($(etcd --version | head -1))"
  start_etcd "$dir"
  endpoints="127.0.0.1:$etcd_port,127.0.0.1:$((etcd_port + 2)),127.0.0.1:$((etcd_port + 4))"
  bench etcd "$endpoints" "$(IFS=,; echo "${etcd_pids[*]}")" "round-$round" "$work/round$round/etcd-bench.txt"
  stop_etcd
  log "round $round: etcd stopped"
}

run_ferrium() {
  local round="$1" dir="$work/round$1/ferrium" endpoints pids
  log "round $round: starting a 3-node Ferrium"
  for i in 0 1 2; do
    for p in $((ferrium_port + 1000 * i)) $((ferrium_port + 1000 * i + 1)) $((ferrium_port + 1000 * i + 2)); do
      if port_in_use "$p"; then echo "compare-etcd: port $p is in use; choose --ferrium-port" >&2; exit 1; fi
    done
  done
  ferrium_dir="$dir"
  if ! "$root/bin/ferrium" local-cluster up --nodes 3 --base-port "$ferrium_port" --dir "$dir" \
      "${ferrium_java_opts[@]}" >"$work/round$round/ferrium-up.txt" 2>&1; then
    echo "compare-etcd: the Ferrium cluster did not start; see $work/round$round/ferrium-up.txt and $dir" >&2
    exit 1
  fi
  pids="$(grep -o '"pid" *: *[0-9]*' "$dir/cluster.json" | grep -o '[0-9]*$' | paste -sd, -)"
  endpoints="127.0.0.1:$((ferrium_port + 1)),127.0.0.1:$((ferrium_port + 1001)),127.0.0.1:$((ferrium_port + 2001))"
  bench ferrium "$endpoints" "$pids" "round-$round" "$work/round$round/ferrium-bench.txt"
  stop_ferrium
  log "round $round: Ferrium stopped"
}

load_before="$(uptime)"
log "machine: $(nproc) cores; load: ${load_before##*load average: }"
log "workloads $workloads at $outstanding outstanding; ${settle}s settling load per cluster, then ${warmup}s warm-up and ${duration}s measured per run; $rounds rounds"
for round in $(seq 1 "$rounds"); do
  mkdir -p "$work/round$round"
  if (( round % 2 == 1 )); then
    run_etcd "$round"; run_ferrium "$round"
  else
    run_ferrium "$round"; run_etcd "$round"
  fi
done
load_after="$(uptime)"

echo
echo "Ferrium vs etcd: 3 members each on 127.0.0.1, $(nproc) cores; ${warmup}s warm-up + ${duration}s per run;" \
  "$rounds rounds; keys 16 B, values 100 B, keyspace $keyspace"
echo "load average before: ${load_before##*load average: }; after: ${load_after##*load average: }"
echo
java -jar "$bench_jar" compare "$results"
cp "$results" "$root/dataplane/bench/target/compare-etcd-last.jsonl" 2>/dev/null || true
