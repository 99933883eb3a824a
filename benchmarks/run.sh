#!/usr/bin/env bash
# Benchmark of the Toolbox REST runtime (Karaf + Pax Web + the REST bundles) against a bare
# embedded Jetty 9.4 serving the very same response bytes. Not a test: it only prints numbers.
#
# Run from the repository root after `mvn -B install -DskipTests`:
#     bash benchmarks/run.sh                      # DURATION=10 s per run, ROUNDS=2
#     DURATION=5 ROUNDS=1 bash benchmarks/run.sh
#
# It talks only to 127.0.0.1, uses free ports (never Karaf's defaults), and on exit stops
# everything it started and removes its temporary folder.
set -euo pipefail

DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-2}"
WARMUP=3
JIT_WARMUP="${JIT_WARMUP:-20}"   # seconds of load per target before round 1 (JIT compilation)
THREADS=2
CONNECTIONS=32
START_TIMEOUT=120

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST_TGZ="$ROOT/karaf-distribution/target/toolbox-distribution-0.1.0-SNAPSHOT.tar.gz"
BENCH_POM="$ROOT/benchmarks/bare-jetty/pom.xml"
BARE_JAR="$ROOT/benchmarks/bare-jetty/target/toolbox-bench-bare-jetty.jar"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive integer (seconds)"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
[[ "$JIT_WARMUP" =~ ^[1-9][0-9]*$ ]] || die "JIT_WARMUP must be a positive integer (seconds)"
[[ -f "$DIST_TGZ" ]] || die "$DIST_TGZ not found: run 'mvn -B install -DskipTests' first"
for tool in curl python3 java mvn tar; do
    command -v "$tool" >/dev/null || die "'$tool' is required"
done

# --- wrk ---------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "wrk not found: installing it with apt-get"
    SUDO=""
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "wrk is missing and this is not root: install wrk first"
        SUDO="sudo"
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

# --- bare Jetty baseline jar -------------------------------------------------------------
log "building the bare Jetty baseline"
# output only on failure: stdout is kept for the report
if ! mvn_out="$(mvn -B -q -f "$BENCH_POM" package 2>&1)"; then
    printf '%s\n' "$mvn_out" >&2
    die "building $BENCH_POM failed"
fi
[[ -f "$BARE_JAR" ]] || die "$BARE_JAR was not built"

# --- state and cleanup -------------------------------------------------------------------
WORK="$(mktemp -d -t toolbox-bench.XXXXXX)"
KARAF_HOME=""
KARAF_LAUNCHER_PID=""   # bin/karaf (session leader of its own process group)
KARAF_JAVA_PID=""
BARE_PID=""
STARTUP_MS=""

alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

# Waits up to $2 seconds for process $1 to end; returns 0 if it did.
wait_gone() {
    local pid="$1" limit=$(( $2 * 10 )) i
    for (( i = 0; i < limit; i++ )); do
        alive "$pid" || return 0
        sleep 0.1
    done
    ! alive "$pid"
}

# Karaf JVM: the java process whose command line contains our unpacked folder.
find_karaf_java() {
    local f pid cmd
    for f in /proc/[0-9]*/cmdline; do
        pid="${f#/proc/}"; pid="${pid%/cmdline}"
        cmd="$(tr '\0' ' ' < "$f" 2>/dev/null || true)"
        if [[ "$cmd" == *java* && "$cmd" == *"$KARAF_HOME"* && "$cmd" == *org.apache.karaf.main.Main* ]]; then
            echo "$pid"
            return 0
        fi
    done
    return 1
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if alive "$BARE_PID"; then
        log "stopping bare Jetty (pid $BARE_PID)"
        kill "$BARE_PID" 2>/dev/null
        wait_gone "$BARE_PID" 10 || kill -KILL "$BARE_PID" 2>/dev/null
        wait "$BARE_PID" 2>/dev/null
    fi
    if [[ -n "$KARAF_HOME" ]]; then
        [[ -n "$KARAF_JAVA_PID" ]] || KARAF_JAVA_PID="$(find_karaf_java)"
        if alive "$KARAF_JAVA_PID" || alive "$KARAF_LAUNCHER_PID"; then
            log "stopping Karaf"
            (cd "$KARAF_HOME" && timeout 30 bin/stop) >>"$WORK/karaf-stop.log" 2>&1
            if ! wait_gone "${KARAF_JAVA_PID:-$KARAF_LAUNCHER_PID}" 20; then
                log "Karaf still alive after 20 s: killing it"
                alive "$KARAF_JAVA_PID" && kill -KILL "$KARAF_JAVA_PID" 2>/dev/null
            fi
            # the launcher and anything else left in its own process group (all started by us)
            if alive "$KARAF_LAUNCHER_PID"; then
                kill -TERM -- "-$KARAF_LAUNCHER_PID" 2>/dev/null
                wait_gone "$KARAF_LAUNCHER_PID" 5 || kill -KILL -- "-$KARAF_LAUNCHER_PID" 2>/dev/null
            fi
            wait "$KARAF_LAUNCHER_PID" 2>/dev/null
        fi
        # a failed start leaves the Karaf logs as the only clue
        if (( rc != 0 )) && [[ -z "$STARTUP_MS" ]]; then
            for f in "$WORK/karaf-console.log" "$KARAF_HOME/data/log/karaf.log"; do
                [[ -s "$f" ]] || continue
                log "last lines of ${f#"$WORK"/}:"
                tail -n 30 "$f" >&2
            done
        fi
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# N distinct free TCP ports on 127.0.0.1 (all sockets held open until every port is picked).
free_ports() {
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

# Sets KEY = VALUE in a .cfg file (replacing the existing line, or appending it).
set_cfg() {
    local file="$1" key="$2" value="$3"
    if grep -qE "^[[:space:]]*${key//./\\.}[[:space:]]*[=:]" "$file"; then
        sed -i -E "s|^[[:space:]]*${key//./\\.}[[:space:]]*[=:].*|${key} = ${value}|" "$file"
    else
        printf '\n%s = %s\n' "$key" "$value" >> "$file"
    fi
    grep -qE "^${key//./\\.} = ${value}\$" "$file" || die "could not set $key in $file"
}

now_ms() { date +%s%3N; }

# --- unpack and configure Karaf ----------------------------------------------------------
log "unpacking the distribution into $WORK"
tar -xzf "$DIST_TGZ" -C "$WORK"
KARAF_HOME="$(find "$WORK" -mindepth 1 -maxdepth 1 -type d -name 'toolbox-distribution-*' | head -n 1)"
[[ -n "$KARAF_HOME" && -x "$KARAF_HOME/bin/karaf" ]] || die "no Karaf distribution found in $DIST_TGZ"

read -r HTTP_PORT SSH_PORT RMI_REGISTRY_PORT RMI_SERVER_PORT BARE_PORT <<<"$(free_ports 5)"
set_cfg "$KARAF_HOME/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$HTTP_PORT"
set_cfg "$KARAF_HOME/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
set_cfg "$KARAF_HOME/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY_PORT"
set_cfg "$KARAF_HOME/etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER_PORT"
log "ports: http $HTTP_PORT, ssh $SSH_PORT, rmi registry $RMI_REGISTRY_PORT, rmi server $RMI_SERVER_PORT, bare Jetty $BARE_PORT"

KARAF_URL="http://127.0.0.1:$HTTP_PORT"
BARE_URL="http://127.0.0.1:$BARE_PORT"

# --- start Karaf and time it -------------------------------------------------------------
log "starting Karaf (bin/karaf server)"
T0="$(now_ms)"
# setsid: the launcher leads its own process group, so cleanup can reach all of it.
(cd "$KARAF_HOME" && exec setsid bin/karaf server </dev/null >"$WORK/karaf-console.log" 2>&1) &
KARAF_LAUNCHER_PID=$!

deadline=$(( T0 + START_TIMEOUT * 1000 ))
while (( $(now_ms) < deadline )); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$KARAF_URL/api/v1/health" || true)"
    if [[ "$code" == 200 ]]; then
        STARTUP_MS=$(( $(now_ms) - T0 ))
        break
    fi
    alive "$KARAF_LAUNCHER_PID" || die "Karaf exited during start-up (see its log above)"
    sleep 0.1
done
[[ -n "$STARTUP_MS" ]] || die "no HTTP 200 from $KARAF_URL/api/v1/health within ${START_TIMEOUT} s"
STARTUP_S="$(awk -v ms="$STARTUP_MS" 'BEGIN { printf "%.1f", ms / 1000 }')"
log "start-up to first 200 of /api/v1/health: ${STARTUP_S} s"

# ready: both boot stages installed and every critical and required contributor up (503 before)
while (( $(now_ms) < deadline )); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$KARAF_URL/api/v1/health/ready" || true)"
    if [[ "$code" == 200 ]]; then
        READY_MS=$(( $(now_ms) - T0 ))
        break
    fi
    sleep 0.1
done
[[ -n "${READY_MS:-}" ]] || die "/api/v1/health/ready did not answer 200 within ${START_TIMEOUT} s"
READY_S="$(awk -v ms="$READY_MS" 'BEGIN { printf "%.1f", ms / 1000 }')"
log "start-up to ready (/api/v1/health/ready 200): ${READY_S} s"

KARAF_JAVA_PID="$(find_karaf_java)" || die "cannot find the Karaf java process"

log "idling 10 s before measuring RSS"
sleep 10
RSS_KB="$(awk '/^VmRSS:/ { print $2 }' "/proc/$KARAF_JAVA_PID/status")"
RSS_MB="$(awk -v kb="$RSS_KB" 'BEGIN { printf "%.0f", kb / 1024 }')"
log "Karaf JVM RSS after 10 s idle: ${RSS_MB} MB"

# --- admin token and reference bodies ----------------------------------------------------
TOKEN_FILE="$KARAF_HOME/data/toolbox/initial-admin-token"
for (( i = 0; i < 300; i++ )); do
    [[ -s "$TOKEN_FILE" ]] && break
    sleep 0.1
done
[[ -s "$TOKEN_FILE" ]] || die "$TOKEN_FILE did not appear"
TOKEN="$(tr -d '[:space:]' < "$TOKEN_FILE")"
[[ -n "$TOKEN" ]] || die "$TOKEN_FILE is empty"

# the header goes through a file so the token is never on a command line we print or log
AUTH_HEADER_FILE="$WORK/auth-header"
( umask 077; printf 'Authorization: Bearer %s\n' "$TOKEN" > "$AUTH_HEADER_FILE" )

code="$(curl -sS -o "$WORK/health.json" -w '%{http_code}' --max-time 10 "$KARAF_URL/api/v1/health" || true)"
[[ "$code" == 200 ]] || die "GET /api/v1/health answered $code"
code="$(curl -sS -o "$WORK/me.json" -w '%{http_code}' --max-time 10 -H "@$AUTH_HEADER_FILE" "$KARAF_URL/api/v1/me" || true)"
[[ "$code" == 200 ]] || die "GET /api/v1/me answered $code (token rejected?)"
HEALTH_BYTES="$(wc -c < "$WORK/health.json" | tr -d ' ')"
ME_BYTES="$(wc -c < "$WORK/me.json" | tr -d ' ')"
log "reference bodies: /api/v1/health $HEALTH_BYTES bytes, /api/v1/me $ME_BYTES bytes"

# --- bare Jetty baseline -----------------------------------------------------------------
log "starting bare Jetty on port $BARE_PORT"
# setsid as for Karaf: with the kernel's autogroup scheduling each session is one CPU-sharing
# group, so both servers must sit in a session of their own, apart from wrk's. (Launched in
# wrk's session, a server gets a different share of the 2 cores, and a 5x different p99.)
(exec setsid java -jar "$BARE_JAR" "$BARE_PORT" "$WORK/health.json" /health "$WORK/me.json" /me \
    </dev/null >"$WORK/bare-jetty.log" 2>&1) &
BARE_PID=$!
for (( i = 0; i < 300; i++ )); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BARE_URL/health" || true)"
    [[ "$code" == 200 ]] && break
    alive "$BARE_PID" || { cat "$WORK/bare-jetty.log" >&2; die "bare Jetty exited"; }
    sleep 0.1
done
[[ "$code" == 200 ]] || die "bare Jetty did not answer on $BARE_URL/health"
cmp -s <(curl -s "$BARE_URL/me") "$WORK/me.json" || die "bare Jetty /me does not serve the saved bytes"

# --- load ----------------------------------------------------------------------------------
TARGETS=(karaf-health karaf-me bare-health bare-me)
declare -A LABEL=(
    [karaf-health]="Karaf GET /api/v1/health"
    [karaf-me]="Karaf GET /api/v1/me (Bearer)"
    [bare-health]="bare Jetty GET /health"
    [bare-me]="bare Jetty GET /me"
)
declare -A URL=(
    [karaf-health]="$KARAF_URL/api/v1/health"
    [karaf-me]="$KARAF_URL/api/v1/me"
    [bare-health]="$BARE_URL/health"
    [bare-me]="$BARE_URL/me"
)
declare -A RPS=() P99=() ERRORS=()

# p99 from wrk's latency distribution, in milliseconds ("950.00us", "1.23ms", "1.02s", "2.00m").
parse_p99_ms() {
    awk '$1 == "99%" {
        v = $2; unit = v; sub(/^[0-9.]+/, "", unit); num = v + 0
        if (unit == "us") num /= 1000; else if (unit == "s") num *= 1000; else if (unit == "m") num *= 60000
        printf "%.2f", num; found = 1; exit
    } END { if (!found) print "n/a" }' "$1"
}

run_wrk() {   # target seconds output-file
    local target="$1" seconds="$2" out="$3"
    local args=(--latency "-t$THREADS" "-c$CONNECTIONS" "-d${seconds}s")
    if [[ "$target" == karaf-me ]]; then
        args+=(-H "Authorization: Bearer $TOKEN")
    fi
    wrk "${args[@]}" "${URL[$target]}" >"$out" 2>&1 || die "wrk failed against ${LABEL[$target]}"
}

# Karaf has far more code on the request path than a bare Jetty (OSGi wiring, pax-web, the
# dispatcher, Jackson, pax-logging): its JIT needs longer before the numbers settle.
for t in "${TARGETS[@]}"; do
    log "JIT warm-up: ${LABEL[$t]} (${JIT_WARMUP} s, not counted)"
    run_wrk "$t" "$JIT_WARMUP" "$WORK/warmup.txt"
done

for (( r = 1; r <= ROUNDS; r++ )); do
    for t in "${TARGETS[@]}"; do
        log "round $r/$ROUNDS: ${LABEL[$t]} (${WARMUP} s warm-up + ${DURATION} s)"
        run_wrk "$t" "$WARMUP" "$WORK/warmup.txt"
        out="$WORK/wrk-$t-$r.txt"
        run_wrk "$t" "$DURATION" "$out"
        RPS[$t,$r]="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
        P99[$t,$r]="$(parse_p99_ms "$out")"
        ERRORS[$t,$r]="$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")"
        [[ -n "${RPS[$t,$r]}" ]] || { cat "$out" >&2; die "could not parse wrk output"; }
        if [[ "${ERRORS[$t,$r]}" != 0 ]]; then
            log "WARNING: ${LABEL[$t]} round $r had ${ERRORS[$t,$r]} non-2xx responses or socket errors"
        fi
    done
done

# --- report ------------------------------------------------------------------------------
mean_rps() {
    local t="$1" r sum=0
    for (( r = 1; r <= ROUNDS; r++ )); do sum=$(( sum + RPS[$t,$r] )); done
    awk -v s="$sum" -v n="$ROUNDS" 'BEGIN { printf "%.0f", s / n }'
}
declare -A MEAN=()
for t in "${TARGETS[@]}"; do MEAN[$t]="$(mean_rps "$t")"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

{
    echo
    echo "## Toolbox REST runtime benchmark"
    echo
    echo "wrk --latency -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${JIT_WARMUP} s of JIT warm-up per target, then a ${WARMUP} s warm-up per run), $ROUNDS interleaved round(s), all on 127.0.0.1."
    echo "$(nproc) CPUs, $(java -version 2>&1 | head -n 1)."
    echo
    echo "| Measure | Value |"
    echo "|---|---|"
    echo "| Karaf start-up (launch to first 200 of /api/v1/health) | ${STARTUP_S} s |"
    echo "| Karaf start-up to ready (launch to 200 of /api/v1/health/ready) | ${READY_S} s |"
    echo "| Karaf JVM RSS after 10 s idle | ${RSS_MB} MB |"
    echo "| Response bytes /api/v1/health, /api/v1/me | $HEALTH_BYTES, $ME_BYTES |"
    echo
    header="| Target |"; sep="|---|"
    for (( r = 1; r <= ROUNDS; r++ )); do header+=" req/s r$r |"; sep+="---:|"; done
    header+=" mean req/s |"; sep+="---:|"
    for (( r = 1; r <= ROUNDS; r++ )); do header+=" p99 ms r$r |"; sep+="---:|"; done
    header+=" errors |"; sep+="---:|"
    echo "$header"; echo "$sep"
    for t in "${TARGETS[@]}"; do
        row="| ${LABEL[$t]} |"; errs=0
        for (( r = 1; r <= ROUNDS; r++ )); do row+=" ${RPS[$t,$r]} |"; errs=$(( errs + ERRORS[$t,$r] )); done
        row+=" ${MEAN[$t]} |"
        for (( r = 1; r <= ROUNDS; r++ )); do row+=" ${P99[$t,$r]} |"; done
        row+=" $errs |"
        echo "$row"
    done
    echo
    echo "| Endpoint | Karaf mean req/s | bare Jetty mean req/s | Karaf/bare |"
    echo "|---|---:|---:|---:|"
    echo "| health | ${MEAN[karaf-health]} | ${MEAN[bare-health]} | $(ratio "${MEAN[karaf-health]}" "${MEAN[bare-health]}") |"
    echo "| me | ${MEAN[karaf-me]} | ${MEAN[bare-me]} | $(ratio "${MEAN[karaf-me]}" "${MEAN[bare-me]}") |"
    echo
}
