#!/usr/bin/env bash
# Events per second through the bus and delivery latency to SUBSCRIBERS live subscribers
# (WebSocket, then Server-Sent Events) of a freshly started distribution. Not a test: it prints
# numbers. Run from the repository root after `mvn -B install -DskipTests`:
#     bash benchmarks/live.sh                          # 1,000 subscribers, 500 events
#     SUBSCRIBERS=200 EVENTS=200 bash benchmarks/live.sh
# Only 127.0.0.1, free ports; on exit it stops Karaf and removes its temporary folder.
set -euo pipefail

SUBSCRIBERS="${SUBSCRIBERS:-1000}"
EVENTS="${EVENTS:-500}"
MODES="${MODES:-ws,sse}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST_TGZ="$ROOT/karaf-distribution/target/toolbox-distribution-0.1.0-SNAPSHOT.tar.gz"
log() { printf '[live-bench] %s\n' "$*" >&2; }
[[ -f "$DIST_TGZ" ]] || { log "$DIST_TGZ not found: run 'mvn -B install -DskipTests' first"; exit 1; }

WORK="$(mktemp -d -t toolbox-live.XXXXXX)"
KARAF_HOME=""
cleanup() {
    set +e
    if [[ -n "$KARAF_HOME" ]]; then
        log "stopping Karaf"
        (cd "$KARAF_HOME" && timeout 30 bin/stop) >/dev/null 2>&1
        sleep 3
        pkill -9 -f "karaf.base=$KARAF_HOME" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

read -r HTTP SSH RMI1 RMI2 < <(python3 - <<'PY'
import socket
socks = []
for _ in range(4):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)
tar xzf "$DIST_TGZ" -C "$WORK"
KARAF_HOME="$(find "$WORK" -maxdepth 1 -mindepth 1 -type d | head -1)"
setp() { # file key value
    local f="$KARAF_HOME/$1"
    touch "$f"
    if grep -q "^$2 *=" "$f"; then sed -i "s|^$2 *=.*|$2 = $3|" "$f"; else echo "$2 = $3" >> "$f"; fi
}
setp etc/org.ops4j.pax.web.cfg org.osgi.service.http.port "$HTTP"
setp etc/org.apache.karaf.shell.cfg sshPort "$SSH"
setp etc/org.apache.karaf.management.cfg rmiRegistryPort "$RMI1"
setp etc/org.apache.karaf.management.cfg rmiServerPort "$RMI2"
# each Server-Sent Event stream holds a server thread: allow them, and the threads for them
setp etc/org.toolboxai.coordinator.sync.events.cfg events.stream.max $(( SUBSCRIBERS + 10 ))
setp etc/org.ops4j.pax.web.cfg org.ops4j.pax.web.server.maxThreads $(( SUBSCRIBERS + 200 ))

log "starting Karaf on port $HTTP"
(cd "$KARAF_HOME" && setsid bin/karaf server > "$WORK/console.log" 2>&1 &)
for i in $(seq 1 1200); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/api/v1/health/ready")" == 200 ]] && break
    sleep 0.1
done
[[ -f "$KARAF_HOME/data/toolbox/initial-admin-token" ]] || { log "the distribution did not become ready"; exit 1; }
TOKEN="$(cat "$KARAF_HOME/data/toolbox/initial-admin-token")"
log "ready; $SUBSCRIBERS subscribers, $EVENTS events, modes $MODES"
java -Xss512k "$ROOT/benchmarks/live/LiveBench.java" "$HTTP" "$TOKEN" "$SUBSCRIBERS" "$EVENTS" "$MODES"
