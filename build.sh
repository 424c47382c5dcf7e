#!/usr/bin/env bash
# Paylent build and test runner.
#
#   ./build.sh build                      Release build of Paylent.sln
#   ./build.sh test [dotnet test args]    install what is missing, start a throwaway PostgreSQL,
#                                         build, run every test, print a summary line
#   ./build.sh postgres                   start a throwaway PostgreSQL, print its connection
#                                         string and wait (Ctrl+C stops it and deletes its data)
#   ./build.sh pebble                     start Pebble (a test ACME CA) and pebble-challtestsrv (its
#                                         DNS server), print the exports and wait (Ctrl+C stops them)
#
# Environment the tests read (exported by `test`):
#   PAYLENT_TEST_POSTGRES   Npgsql connection string to a server where tests may create databases
#   PAYLENT_TEST_PEBBLE_DIRECTORY      Pebble's ACME directory URL (https, on 127.0.0.1)
#   PAYLENT_TEST_PEBBLE_ROOTS          PEM file of the root that Pebble's own HTTPS certificate chains to
#   PAYLENT_TEST_PEBBLE_MANAGEMENT     Pebble's management URL (https; /roots/0 is the issuing root)
#   PAYLENT_TEST_PEBBLE_CHALLTESTSRV   pebble-challtestsrv's management URL (POST /add-a sets DNS records)
#   PAYLENT_TEST_PEBBLE_HTTP_PORT      the port on 127.0.0.1 where Pebble fetches HTTP-01 answers
#   PAYLENT_TEST_PEBBLE_DNS            pebble-challtestsrv's DNS server (host:port), for domain verification tests
#   PAYLENT_TEST_CHROMIUM   path to a Chromium/Chrome executable; honoured if already set and executable
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SOLUTION=Paylent.sln
CONFIGURATION=Release
DEFAULT_CHROMIUM=/usr/bin/chromium

log() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'EOF'
Usage: ./build.sh build
       ./build.sh test [extra dotnet test args...]
       ./build.sh postgres
       ./build.sh pebble
EOF
}

# ---------------------------------------------------------------------------
# Cleanup: everything the script starts or creates is undone here, on any exit.
# ---------------------------------------------------------------------------
PG_TMP=""          # temp dir holding the throwaway cluster (data/, sock/, server.log)
PG_BINDIR=""
PG_USER=""         # user the server runs as when we are root; empty = current user
PG_STARTED=0
PEBBLE_TMP=""      # temp dir holding Pebble's config, TLS certificate and logs
PEBBLE_PID=""
CHALLTESTSRV_PID=""
RESULTS_TMP=""     # dotnet test --results-directory
APT_LOG=""
WAIT_PID=""        # `sleep` used by the postgres command to wait for a signal
CLEANED=0

cleanup() {
  set +e
  [[ $CLEANED == 1 ]] && return 0
  CLEANED=1
  if [[ -n $WAIT_PID ]]; then
    kill "$WAIT_PID" 2>/dev/null
  fi
  if [[ $PG_STARTED == 1 && -n $PG_TMP ]]; then
    pg_run "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1
    # If pg_ctl could not stop it, kill the postmaster directly.
    local pid=""
    [[ -f $PG_TMP/data/postmaster.pid ]] && pid=$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null)
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null
      sleep 1
    fi
    echo "==> PostgreSQL stopped"
  fi
  [[ -n $PG_TMP ]] && rm -rf "$PG_TMP"
  if [[ -n $PEBBLE_PID || -n $CHALLTESTSRV_PID ]]; then
    local p
    for p in $PEBBLE_PID $CHALLTESTSRV_PID; do kill "$p" 2>/dev/null; done
    for p in $PEBBLE_PID $CHALLTESTSRV_PID; do wait "$p" 2>/dev/null; done
    echo "==> Pebble stopped"
  fi
  [[ -n $PEBBLE_TMP ]] && rm -rf "$PEBBLE_TMP"
  [[ -n $RESULTS_TMP ]] && rm -rf "$RESULTS_TMP"
  [[ -n $APT_LOG ]] && rm -f "$APT_LOG"
  # In CI, do not leave compiler/MSBuild servers behind: they inherit stdout and can keep a
  # CI log pipe open after this script has exited.
  if [[ -n ${CI:-} && ${CI:-} != false && ${BUILD_SERVERS_USED:-0} == 1 ]]; then
    dotnet build-server shutdown >/dev/null 2>&1
  fi
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------------------------
# Installing what is missing
# ---------------------------------------------------------------------------
APT_UPDATED=0

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then sudo "$@"; else sudo -n "$@"; fi
  else
    die "need root or sudo to run: $*"
  fi
}

# apt_install PACKAGE... — quiet install; the apt output is shown only if it fails.
apt_install() {
  APT_LOG=${APT_LOG:-$(mktemp)}
  if [[ $APT_UPDATED == 0 ]]; then
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update </dev/null >"$APT_LOG" 2>&1; then
      cat "$APT_LOG" >&2
      die "apt-get update failed"
    fi
    APT_UPDATED=1
  fi
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
      </dev/null >"$APT_LOG" 2>&1; then
    tail -n 40 "$APT_LOG" >&2
    die "apt-get install $* failed"
  fi
}

# Highest-versioned /usr/lib/postgresql/<ver>/bin that has the server tools (a client-only
# install has psql there but no initdb). Prints nothing if there is none.
find_pg_bindir() {
  local f best=""
  while IFS= read -r f; do
    if [[ -x $f && -x ${f%/initdb}/pg_ctl ]]; then best=${f%/initdb}; fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V)
  if [[ -n $best ]]; then printf '%s\n' "$best"; fi
}

have_libargon2() {
  [[ -e /usr/lib/x86_64-linux-gnu/libargon2.so.1 ]] && return 0
  local ldconfig
  ldconfig=$(command -v ldconfig || true)
  [[ -z $ldconfig && -x /sbin/ldconfig ]] && ldconfig=/sbin/ldconfig
  [[ -z $ldconfig ]] && return 1
  # No `grep -q`: with pipefail, an early grep exit can make ldconfig die of SIGPIPE.
  "$ldconfig" -p 2>/dev/null | grep -F 'libargon2.so.1' >/dev/null
}

have_pebble() {
  command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1
}

# ensure_deps WHAT... where WHAT is any of: python3 npm postgresql chromium argon2 pebble
ensure_deps() {
  local what pkgs=() lines=()
  for what in "$@"; do
    case $what in
      python3)
        command -v python3 >/dev/null 2>&1 || { pkgs+=(python3); lines+=("python3"); } ;;
      npm)
        command -v npm >/dev/null 2>&1 || { pkgs+=(nodejs npm); lines+=("nodejs and npm (npm not found)"); } ;;
      postgresql)
        [[ -n $(find_pg_bindir) ]] || { pkgs+=(postgresql); lines+=("postgresql (no initdb under /usr/lib/postgresql/*/bin)"); } ;;
      chromium)
        if [[ -n ${PAYLENT_TEST_CHROMIUM:-} && ! -x ${PAYLENT_TEST_CHROMIUM} ]]; then
          warn "PAYLENT_TEST_CHROMIUM=$PAYLENT_TEST_CHROMIUM is not an executable; using $DEFAULT_CHROMIUM"
          PAYLENT_TEST_CHROMIUM=""
        fi
        if [[ -z ${PAYLENT_TEST_CHROMIUM:-} && ! -x $DEFAULT_CHROMIUM ]]; then
          pkgs+=(chromium); lines+=("chromium ($DEFAULT_CHROMIUM not found)")
        fi ;;
      argon2)
        have_libargon2 || { pkgs+=(libargon2-1); lines+=("libargon2-1 (libargon2.so.1 not found)"); } ;;
      pebble)
        have_pebble || { pkgs+=(pebble); lines+=("pebble (pebble or pebble-challtestsrv not found)"); }
        # Pebble's own HTTPS certificate is made at each start (Debian's package ships none).
        command -v openssl >/dev/null 2>&1 || { pkgs+=(openssl); lines+=("openssl"); } ;;
      *) die "internal: unknown dependency $what" ;;
    esac
  done
  [[ ${#pkgs[@]} -eq 0 ]] && return 0
  local line
  for line in "${lines[@]}"; do log "Installing $line"; done
  apt_install "${pkgs[@]}"
  # Re-check what the packages were supposed to provide.
  for what in "$@"; do
    case $what in
      python3) command -v python3 >/dev/null 2>&1 || die "python3 still missing after install" ;;
      npm) command -v npm >/dev/null 2>&1 || die "npm still missing after install" ;;
      postgresql) [[ -n $(find_pg_bindir) ]] || die "no /usr/lib/postgresql/*/bin/initdb after installing postgresql" ;;
      chromium) [[ -n ${PAYLENT_TEST_CHROMIUM:-} || -x $DEFAULT_CHROMIUM ]] || die "$DEFAULT_CHROMIUM still missing after install" ;;
      argon2) have_libargon2 || die "libargon2.so.1 still missing after install" ;;
      pebble)
        have_pebble || die "pebble or pebble-challtestsrv still missing after install"
        command -v openssl >/dev/null 2>&1 || die "openssl still missing after install" ;;
    esac
  done
}

# ---------------------------------------------------------------------------
# Throwaway PostgreSQL
# ---------------------------------------------------------------------------

# Run a PostgreSQL tool as the server's user (PostgreSQL refuses to run as root).
pg_run() {
  if [[ -n $PG_USER ]]; then
    (cd "$PG_TMP" && runuser -u "$PG_USER" -- "$@")
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# start_postgres: starts the cluster and sets PG_PORT; cleanup() stops it.
start_postgres() {
  PG_BINDIR=$(find_pg_bindir)
  [[ -n $PG_BINDIR ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"

  if [[ $EUID -eq 0 ]]; then
    if id -u postgres >/dev/null 2>&1; then
      PG_USER=postgres
    else
      PG_USER=paylent-pg
      if ! id -u "$PG_USER" >/dev/null 2>&1; then
        log "Creating system user $PG_USER to run PostgreSQL"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
      fi
    fi
    # The server user must be able to reach the directory: use /tmp, not a root-only $TMPDIR.
    PG_TMP=$(mktemp -d /tmp/paylent-pg.XXXXXX)
  else
    PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/paylent-pg.XXXXXX")
  fi
  mkdir "$PG_TMP/sock"
  [[ -n $PG_USER ]] && chown -R "$PG_USER:" "$PG_TMP"

  if ! pg_run "$PG_BINDIR/initdb" -D "$PG_TMP/data" -A trust -U paylent --encoding=UTF8 --locale=C \
      >"$PG_TMP/initdb.log" 2>&1; then
    cat "$PG_TMP/initdb.log" >&2
    die "initdb failed"
  fi

  local attempt
  for attempt in 1 2 3; do
    PG_PORT=$(free_port)
    # Durability is pointless for a throwaway cluster; turning it off makes tests faster.
    if pg_run "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -s \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_TMP/sock' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      PG_STARTED=1
      log "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_TMP)"
      return 0
    fi
    warn "PostgreSQL did not start on port $PG_PORT (attempt $attempt)"
  done
  tail -n 30 "$PG_TMP/server.log" >&2 2>/dev/null || true
  die "could not start PostgreSQL"
}

# ---------------------------------------------------------------------------
# Throwaway Pebble (a test ACME CA) with pebble-challtestsrv as its DNS server
# ---------------------------------------------------------------------------

# wait_for_https URL CAFILE PID: polls until URL answers over TLS trusting CAFILE; fails if PID dies.
wait_for_https() {
  local url=$1 cafile=$2 pid=$3 attempt
  for attempt in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 1
    if python3 - "$url" "$cafile" >/dev/null 2>&1 <<'PY'
import ssl, sys, urllib.request
urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile=sys.argv[2]), timeout=2).read()
PY
    then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# start_pebble: starts both servers on free loopback ports and exports PAYLENT_TEST_PEBBLE_*;
# cleanup() stops them.
start_pebble() {
  PEBBLE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/paylent-pebble.XXXXXX")
  local dir=$PEBBLE_TMP
  # Debian's package ships no certificate for Pebble's own HTTPS: make a throwaway root and a
  # certificate for 127.0.0.1 under it. Tests trust that root (PAYLENT_TEST_PEBBLE_ROOTS) for the
  # directory's HTTPS only; the certificates Pebble issues chain to its own root (/roots/0).
  if ! {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
      -subj "/CN=Paylent test root for Pebble" -keyout "$dir/root.key" -out "$dir/root.pem" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
      -keyout "$dir/server.key" -out "$dir/server.csr" &&
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext" &&
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/root.pem" -CAkey "$dir/root.key" -CAcreateserial \
      -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem"
  } >"$dir/openssl.log" 2>&1; then
    cat "$dir/openssl.log" >&2
    die "could not make Pebble's TLS certificate"
  fi

  local dns_port challtestsrv_port port management_port http_port tls_port
  dns_port=$(free_port)
  challtestsrv_port=$(free_port)
  port=$(free_port)
  management_port=$(free_port)
  http_port=$(free_port)
  tls_port=$(free_port)
  cat >"$dir/pebble.json" <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:$port",
    "managementListenAddress": "127.0.0.1:$management_port",
    "certificate": "$dir/server.pem",
    "privateKey": "$dir/server.key",
    "httpPort": $http_port,
    "tlsPort": $tls_port,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
JSON

  # DNS only: a name resolves to nothing until a test adds its record (no default A/AAAA answer);
  # the HTTP-01 answers come from the tests' own listener on $http_port.
  pebble-challtestsrv -dns01 "127.0.0.1:$dns_port" -http01 "" -https01 "" -tlsalpn01 "" \
    -defaultIPv4 "" -defaultIPv6 "" -management "127.0.0.1:$challtestsrv_port" \
    >"$dir/challtestsrv.log" 2>&1 </dev/null &
  CHALLTESTSRV_PID=$!
  # No artificial validation delays, real validation, and no good nonce rejected at random (the
  # client's badNonce retry is tested against a fake CA, where it happens when the test says).
  PEBBLE_VA_NOSLEEP=1 PEBBLE_VA_ALWAYS_VALID=0 PEBBLE_WFE_NONCEREJECT=0 \
    pebble -config "$dir/pebble.json" -dnsserver "127.0.0.1:$dns_port" >"$dir/pebble.log" 2>&1 </dev/null &
  PEBBLE_PID=$!

  if ! wait_for_https "https://127.0.0.1:$port/dir" "$dir/root.pem" "$PEBBLE_PID"; then
    tail -n 30 "$dir/pebble.log" "$dir/challtestsrv.log" >&2 2>/dev/null || true
    die "could not start Pebble"
  fi
  if ! kill -0 "$CHALLTESTSRV_PID" 2>/dev/null; then
    tail -n 30 "$dir/challtestsrv.log" >&2 2>/dev/null || true
    die "could not start pebble-challtestsrv"
  fi

  export PAYLENT_TEST_PEBBLE_DIRECTORY="https://127.0.0.1:$port/dir"
  export PAYLENT_TEST_PEBBLE_ROOTS="$dir/root.pem"
  export PAYLENT_TEST_PEBBLE_MANAGEMENT="https://127.0.0.1:$management_port"
  export PAYLENT_TEST_PEBBLE_CHALLTESTSRV="http://127.0.0.1:$challtestsrv_port"
  export PAYLENT_TEST_PEBBLE_HTTP_PORT="$http_port"
  export PAYLENT_TEST_PEBBLE_DNS="127.0.0.1:$dns_port"
  log "Pebble at $PAYLENT_TEST_PEBBLE_DIRECTORY, DNS on 127.0.0.1:$dns_port, HTTP-01 answers expected on port $http_port (files in $dir)"
}

print_pebble_exports() {
  local name
  for name in PAYLENT_TEST_PEBBLE_DIRECTORY PAYLENT_TEST_PEBBLE_ROOTS PAYLENT_TEST_PEBBLE_MANAGEMENT \
      PAYLENT_TEST_PEBBLE_CHALLTESTSRV PAYLENT_TEST_PEBBLE_HTTP_PORT PAYLENT_TEST_PEBBLE_DNS; do
    echo "  export $name=\"${!name}\""
  done
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
BUILD_SERVERS_USED=0

dotnet_build() {
  log "dotnet $(dotnet --version)"
  log "dotnet build $SOLUTION -c $CONFIGURATION"
  BUILD_SERVERS_USED=1
  dotnet build "$SOLUTION" -c "$CONFIGURATION" </dev/null
  check_package_versions src/*/obj/project.assets.json tests/*/obj/project.assets.json
}

# Fails when a package resolves below the version a package depending on it asks for. Central
# transitive pinning (Directory.Build.props) turns that downgrade into silence at restore (no NU1605)
# and into a FileNotFoundException at run time (STACK.md); this reads what each project restored.
check_package_versions() {
  log "checking that no package resolves below what its parents ask for"
  python3 - "$@" <<'PY'
import json, re, sys

def key(version):
    release, _, pre = version.partition("-")
    numbers = [int(n) for n in release.split(".")]
    return (numbers + [0] * (4 - len(numbers)), pre == "", pre)

def minimum(requested):
    match = re.match(r"^\[?\s*([^,\s\]\)]+)", requested)
    return match.group(1) if match and not requested.startswith("(") else None

problems = []
for assets in sys.argv[1:]:
    with open(assets, encoding="utf-8") as f:
        data = json.load(f)
    for framework, packages in data.get("targets", {}).items():
        resolved = {name.split("/")[0].lower(): name.split("/")[1] for name in packages}
        for name, package in packages.items():
            for dependency, requested in package.get("dependencies", {}).items():
                wanted = minimum(requested)
                have = resolved.get(dependency.lower())
                if wanted and have and key(have) < key(wanted):
                    problems.append(f"{assets}: {dependency} {have} is below the {wanted} that {name} asks for ({framework})")
for problem in sorted(set(problems)):
    print(f"error: {problem}", file=sys.stderr)
if problems:
    print("Pin the whole family at a version every parent accepts (Directory.Packages.props).", file=sys.stderr)
    sys.exit(1)
PY
}

# Sums the <Counters> of every .trx under $1; prints "total executed passed failed".
trx_counts() {
  python3 - "$1" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET
total = executed = passed = failed = 0
for path in glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"warning: cannot read {path}: {e}", file=sys.stderr)
        continue
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "Counters":
            continue
        n = lambda k: int(el.get(k) or 0)
        total += n("total")
        executed += n("executed")
        passed += n("passed")
        failed += n("failed") + n("error") + n("timeout") + n("aborted")
print(total, executed, passed, failed)
PY
}

cmd_build() {
  ensure_deps npm
  dotnet_build
}

cmd_postgres() {
  ensure_deps python3 postgresql
  start_postgres
  echo
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=paylent;Database=postgres"
  echo
  echo "  export PAYLENT_TEST_POSTGRES=\"Host=127.0.0.1;Port=$PG_PORT;Username=paylent;Database=postgres\""
  echo "  psql \"host=127.0.0.1 port=$PG_PORT user=paylent dbname=postgres\""
  echo
  log "Running; press Ctrl+C to stop it and delete its data."
  sleep infinity &
  WAIT_PID=$!
  wait "$WAIT_PID" || true
}

cmd_pebble() {
  ensure_deps python3 pebble
  start_pebble
  echo
  print_pebble_exports
  echo
  log "Running; press Ctrl+C to stop it and delete its files."
  sleep infinity &
  WAIT_PID=$!
  wait "$WAIT_PID" || true
}

cmd_test() {
  ensure_deps python3 npm postgresql chromium argon2 pebble

  export PAYLENT_TEST_CHROMIUM=${PAYLENT_TEST_CHROMIUM:-$DEFAULT_CHROMIUM}
  log "Chromium: $PAYLENT_TEST_CHROMIUM"

  start_postgres
  export PAYLENT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=paylent;Database=postgres"
  log "PAYLENT_TEST_POSTGRES=$PAYLENT_TEST_POSTGRES"

  start_pebble

  dotnet_build

  RESULTS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/paylent-test-results.XXXXXX")
  log "dotnet test $SOLUTION -c $CONFIGURATION --no-build $*"
  local rc=0
  dotnet test "$SOLUTION" -c "$CONFIGURATION" --no-build \
    --logger "console;verbosity=normal" \
    --logger "trx;LogFilePrefix=paylent" \
    --results-directory "$RESULTS_TMP" \
    "$@" </dev/null || rc=$?

  local total=0 executed=0 passed=0 failed=0
  read -r total executed passed failed < <(trx_counts "$RESULTS_TMP") || true
  echo
  if [[ ${total:-0} -eq 0 || ${executed:-0} -eq 0 ]]; then
    echo "error: no tests ran (no test results found in any .trx file; dotnet test exited $rc)." >&2
    echo "       Check that Paylent.sln contains test projects and that any --filter matches tests." >&2
    [[ $rc -ne 0 ]] && exit "$rc"
    exit 1
  fi
  echo "Tests: $passed passed, $failed failed, $((total - executed)) skipped"
  exit "$rc"
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case $cmd in
    test) cmd_test "$@" ;;
    build) [[ $# -eq 0 ]] || die "build takes no arguments"; cmd_build ;;
    postgres) [[ $# -eq 0 ]] || die "postgres takes no arguments"; cmd_postgres ;;
    pebble) [[ $# -eq 0 ]] || die "pebble takes no arguments"; cmd_pebble ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
