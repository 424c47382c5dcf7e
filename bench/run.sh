#!/usr/bin/env bash
# Paylent's performance benchmark (docs/performance.md): OAuth hot paths and password sign-in, end to end:
#
#   bench/run.sh [benchmark options...]      e.g. bench/run.sh --concurrency 64 --duration 20
#   bench/run.sh --scenarios code-flow,refresh --duration 10     only the user flows
#
# Builds the server and the benchmark (Release), starts a throwaway PostgreSQL (`./build.sh postgres`),
# starts Paylent.Web on a free loopback port against it (rate limits lifted), creates an opaque-token
# client, a first-party code-flow client and the sign-in users in process, starts the peer (node
# oidc-provider, bench/peer, `npm ci` when missing) on another free loopback port when the jwt-token
# scenario runs, runs `Paylent.Benchmarks run` and prints its table. Everything it started is
# stopped on any exit. Exits non-zero only when the harness fails, never because a target is missed.
# PAYLENT_BENCH_PEER_WORKERS sets the peer's processes (default: one per core).
# Options are those of `Paylent.Benchmarks run` (see bench/Paylent.Benchmarks/BenchOptions.cs);
# the results are also written to artifacts/bench/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

CONFIGURATION=Release
WEB_BIN=$ROOT/src/Paylent.Web/bin/$CONFIGURATION/net10.0
BENCH_DLL=$ROOT/bench/Paylent.Benchmarks/bin/$CONFIGURATION/net10.0/Paylent.Benchmarks.dll
ENVIRONMENT_LABEL=demo-test
ENVIRONMENT_HOST=$ENVIRONMENT_LABEL.localhost
PG_WAIT_SECONDS=600     # ./build.sh postgres may first apt-get install PostgreSQL
READY_WAIT_SECONDS=180  # first start migrates and generates two RSA-4096 keys

log() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Cleanup: the server, then PostgreSQL (build.sh's own trap stops it and deletes its data).
# ---------------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/paylent-bench.XXXXXX")
PG_PID=""
SERVER_PID=""
PEER_PID=""
CHILD_PID=""
CLEANED=0

# stop_process PID SECONDS: TERM, wait up to SECONDS, then KILL.
stop_process() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

cleanup() {
  set +e
  [[ $CLEANED == 1 ]] && return 0
  CLEANED=1
  if [[ -n $CHILD_PID ]]; then
    stop_process "$CHILD_PID" 10
  fi
  if [[ -n $SERVER_PID ]]; then
    stop_process "$SERVER_PID" 15
    log "Paylent.Web stopped"
  fi
  if [[ -n $PEER_PID ]]; then
    stop_process "$PEER_PID" 10
    log "Peer stopped"
  fi
  if [[ -n $PG_PID ]]; then
    stop_process "$PG_PID" 30
    log "PostgreSQL stopped"
  fi
  rm -rf "$TMP"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# run_child COMMAND...: runs it in the background and waits, so a signal stops the script (and, through
# cleanup, the command) at once instead of after the command ends. Returns the command's status.
run_child() {
  local status=0
  "$@" </dev/null &
  CHILD_PID=$!
  wait "$CHILD_PID" || status=$?
  CHILD_PID=""
  return "$status"
}

show_log() { printf -- '--- %s (last 40 lines) ---\n' "$1" >&2; tail -n 40 "$2" >&2 || true; }

secret() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# ---------------------------------------------------------------------------
# Prerequisites the server needs at build and run time
# ---------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is needed"
command -v curl >/dev/null 2>&1 || die "curl is needed (apt-get install curl)"
command -v npm >/dev/null 2>&1 || die "npm is needed to build Paylent.Web (./build.sh build installs it)"
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -F 'libargon2.so.1' >/dev/null; then
  die "libargon2.so.1 is needed by the server's bootstrap (apt-get install libargon2-1)"
fi

# `openssl speed` is the machine's signing limit in the report: installed from Debian when missing,
# as build.sh installs its dependencies.
if ! command -v openssl >/dev/null 2>&1; then
  log "Installing openssl (openssl not found)"
  as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
  { as_root env DEBIAN_FRONTEND=noninteractive apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openssl; } \
    </dev/null >"$TMP/apt.log" 2>&1 || { show_log "apt-get install openssl" "$TMP/apt.log"; die "could not install openssl"; }
fi

# The peer runs with the jwt-token scenario only (--scenarios without jwt-token or all: no peer).
RUN_PEER=1
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ ${args[i]} == --scenarios ]]; then
    [[ ,${args[i + 1]:-}, =~ ,(jwt-token|all), ]] || RUN_PEER=0
  fi
done
if [[ $RUN_PEER == 1 ]]; then
  command -v node >/dev/null 2>&1 || die "node is needed for the peer (bench/peer; ./build.sh build installs nodejs and npm)"
  if [[ ! -d bench/peer/node_modules/oidc-provider ]]; then
    log "Installing the peer's packages (npm ci in bench/peer)"
    (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error) </dev/null >"$TMP/npm.log" 2>&1 \
      || { show_log "npm ci" "$TMP/npm.log"; die "npm ci in bench/peer failed"; }
  fi
fi

# ---------------------------------------------------------------------------
# PostgreSQL (in the background while we build)
# ---------------------------------------------------------------------------
log "Starting a throwaway PostgreSQL (./build.sh postgres)"
./build.sh postgres </dev/null >"$TMP/postgres.log" 2>&1 &
PG_PID=$!

log "Building Paylent.Web and Paylent.Benchmarks ($CONFIGURATION)"
# No build servers: nothing of ours keeps running (or using memory) while we measure.
run_child dotnet build src/Paylent.Web/Paylent.Web.csproj -c "$CONFIGURATION" --disable-build-servers -nologo -v minimal
run_child dotnet build bench/Paylent.Benchmarks/Paylent.Benchmarks.csproj -c "$CONFIGURATION" --disable-build-servers -nologo -v minimal

PG_CONNECTION=""
for ((i = 0; i < PG_WAIT_SECONDS * 2; i++)); do
  PG_CONNECTION=$(grep -E '^Host=127\.0\.0\.1;Port=[0-9]+;Username=[a-z]+;Database=[a-z]+$' "$TMP/postgres.log" | head -n 1 || true)
  [[ -n $PG_CONNECTION ]] && break
  if ! kill -0 "$PG_PID" 2>/dev/null; then
    show_log "./build.sh postgres" "$TMP/postgres.log"
    die "PostgreSQL did not start"
  fi
  sleep 0.5
done
[[ -n $PG_CONNECTION ]] || { show_log "./build.sh postgres" "$TMP/postgres.log"; die "PostgreSQL did not start within ${PG_WAIT_SECONDS}s"; }
log "PostgreSQL: $PG_CONNECTION"
# Its postmaster, so the benchmark can report PostgreSQL's CPU use (build.sh prints "(data in DIR)").
PG_DIR=$(sed -n 's/.*(data in \(.*\))$/\1/p' "$TMP/postgres.log" | head -n 1)
PG_POSTMASTER=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
DATABASE_PID_ARGS=()
[[ $PG_POSTMASTER =~ ^[0-9]+$ ]] && DATABASE_PID_ARGS=(--database-pid "$PG_POSTMASTER")

# ---------------------------------------------------------------------------
# The server, configured through the environment (the setup step reads the same configuration)
# ---------------------------------------------------------------------------
MANAGEMENT_SECRET=$(secret)
export ASPNETCORE_ENVIRONMENT=Production
export Database__Provider=Postgres
export ConnectionStrings__Paylent=$PG_CONNECTION  # the throwaway cluster's own database
export Paylent__DataDirectory=$TMP/data
export Paylent__Keys__EncryptionKey
Paylent__Keys__EncryptionKey=$(head -c 32 /dev/urandom | base64)
export Paylent__Bootstrap__AdminPassword
Paylent__Bootstrap__AdminPassword=$(secret)
export Paylent__Bootstrap__ManagementClientSecret=$MANAGEMENT_SECRET
export Paylent__RateLimits__OAuthPerIpPerSecond=1000000
export Paylent__RateLimits__OAuthPerClientPerSecond=1000000
export Paylent__RateLimits__HostedSignInPerIpPerMinute=1000000
export Paylent__RateLimits__AuthorizationPerIpPerMinute=1000000
# The management listener (metrics, health) on a free port: never in the way of a running Paylent or another run.
export Paylent__Management__Url=http://127.0.0.1:0

PORT=$(free_port)
log "Starting Paylent.Web on http://127.0.0.1:$PORT (log: server.log in $TMP)"
dotnet "$WEB_BIN/Paylent.Web.dll" --urls "http://127.0.0.1:$PORT" --contentRoot "$WEB_BIN" </dev/null >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

ready=0
for ((i = 0; i < READY_WAIT_SECONDS * 2; i++)); do
  if curl -fsS -o /dev/null --max-time 2 -H "Host: $ENVIRONMENT_HOST" "http://127.0.0.1:$PORT/readyz" 2>/dev/null; then
    ready=1
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    show_log "Paylent.Web" "$TMP/server.log"
    die "Paylent.Web exited during start-up"
  fi
  sleep 0.5
done
[[ $ready == 1 ]] || { show_log "Paylent.Web" "$TMP/server.log"; die "Paylent.Web was not ready within ${READY_WAIT_SECONDS}s"; }
log "Paylent.Web is ready"

# ---------------------------------------------------------------------------
# Setup (in process, same database) and the benchmark
# ---------------------------------------------------------------------------
log "Creating the opaque-token client, the code-flow client, the ES256 client, the RBAC client and user (20 roles, 200 permissions) and the sign-in users in $ENVIRONMENT_LABEL"
run_child dotnet "$BENCH_DLL" setup --environment "$ENVIRONMENT_LABEL" --output "$TMP/fixtures"
{ read -r OPAQUE_ID && read -r OPAQUE_SECRET && read -r USER_PASSWORD && read -r CODE_ID && read -r CODE_SECRET \
    && read -r ES256_ID && read -r ES256_SECRET && read -r RBAC_ID && read -r RBAC_SECRET; } <"$TMP/fixtures" \
  || die "the setup step wrote no clients and users"

# ---------------------------------------------------------------------------
# The peer: node oidc-provider, idle until the benchmark loads it right after Paylent's jwt-token scenario
# ---------------------------------------------------------------------------
PEER_ARGS=()
if [[ $RUN_PEER == 1 ]]; then
  PEER_PORT=$(free_port)
  PEER_WORKERS=${PAYLENT_BENCH_PEER_WORKERS:-$(nproc)}
  PEER_VERSION=$(node -p 'require("./bench/peer/node_modules/oidc-provider/package.json").version')
  export PAYLENT_BENCH_PEER_CLIENT_ID=bench-peer
  export PAYLENT_BENCH_PEER_CLIENT_SECRET
  PAYLENT_BENCH_PEER_CLIENT_SECRET=$(secret)
  log "Starting node oidc-provider $PEER_VERSION on http://127.0.0.1:$PEER_PORT ($PEER_WORKERS processes; log: peer.log in $TMP)"
  NODE_ENV=production PEER_PORT=$PEER_PORT PEER_WORKERS=$PEER_WORKERS \
    PEER_CLIENT_ID=$PAYLENT_BENCH_PEER_CLIENT_ID PEER_CLIENT_SECRET=$PAYLENT_BENCH_PEER_CLIENT_SECRET \
    node bench/peer/server.js </dev/null >"$TMP/peer.log" 2>&1 &
  PEER_PID=$!
  for ((i = 0; i < 120; i++)); do
    grep -q '^peer ready' "$TMP/peer.log" && break
    kill -0 "$PEER_PID" 2>/dev/null || { show_log "peer" "$TMP/peer.log"; die "the peer exited during start-up"; }
    sleep 0.5
  done
  grep -q '^peer ready' "$TMP/peer.log" || { show_log "peer" "$TMP/peer.log"; die "the peer was not ready within 60s"; }
  PEER_ARGS=(--peer-server "http://127.0.0.1:$PEER_PORT" --peer-pid "$PEER_PID"
    --peer-name "node oidc-provider $PEER_VERSION, $PEER_WORKERS process$([[ $PEER_WORKERS == 1 ]] || echo es)")
fi

mkdir -p artifacts/bench
RESULTS=$ROOT/artifacts/bench/results-$(date -u +%Y%m%dT%H%M%SZ).md
log "Running the benchmark"
export PAYLENT_BENCH_MANAGEMENT_SECRET=$MANAGEMENT_SECRET
export PAYLENT_BENCH_OPAQUE_CLIENT_ID=$OPAQUE_ID
export PAYLENT_BENCH_OPAQUE_CLIENT_SECRET=$OPAQUE_SECRET
export PAYLENT_BENCH_USER_PASSWORD=$USER_PASSWORD
export PAYLENT_BENCH_CODE_CLIENT_ID=$CODE_ID
export PAYLENT_BENCH_CODE_CLIENT_SECRET=$CODE_SECRET
export PAYLENT_BENCH_ES256_CLIENT_ID=$ES256_ID
export PAYLENT_BENCH_ES256_CLIENT_SECRET=$ES256_SECRET
export PAYLENT_BENCH_RBAC_CLIENT_ID=$RBAC_ID
export PAYLENT_BENCH_RBAC_CLIENT_SECRET=$RBAC_SECRET
export PAYLENT_BENCH_ANALYZE=$PG_CONNECTION
run_child dotnet "$BENCH_DLL" run \
  --server "http://127.0.0.1:$PORT" --host "$ENVIRONMENT_HOST" --server-pid "$SERVER_PID" "${DATABASE_PID_ARGS[@]}" \
  "${PEER_ARGS[@]}" --markdown "$RESULTS" "$@" || die "the benchmark failed (exit $?)"

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  show_log "Paylent.Web" "$TMP/server.log"
  die "Paylent.Web died during the benchmark"
fi
echo
log "Results also in ${RESULTS#"$ROOT"/}"
