#!/usr/bin/env bash
# SPARC adaptive sessions against a freshly started distribution: builds an item bank with the
# adaptive_assessment workflow (offline provider), then STUDENTS simulated students at once each
# take a fixed-length session of ITEMS items; prints answers per second and the latency of starts
# and answers (each answer is one transaction: log, calibration, next item). Not a test: it prints
# numbers. Run from the repository root after `mvn -B install -DskipTests`:
#     bash benchmarks/sparc.sh                         # 50 students at once, 20 items each
#     STUDENTS=10 ITEMS=10 bash benchmarks/sparc.sh
# Only 127.0.0.1, free ports; on exit it stops Karaf and removes its temporary folder.
set -euo pipefail

STUDENTS="${STUDENTS:-50}"
ITEMS="${ITEMS:-20}"
ROUNDS="${ROUNDS:-2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST_TGZ="$ROOT/karaf-distribution/target/toolbox-distribution-0.1.0-SNAPSHOT.tar.gz"
log() { printf '[sparc-bench] %s\n' "$*" >&2; }
[[ -f "$DIST_TGZ" ]] || { log "$DIST_TGZ not found: run 'mvn -B install -DskipTests' first"; exit 1; }

WORK="$(mktemp -d -t toolbox-sparc.XXXXXX)"
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

log "starting Karaf on port $HTTP"
(cd "$KARAF_HOME" && setsid bin/karaf server > "$WORK/console.log" 2>&1 &)
for i in $(seq 1 1200); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/api/v1/health/ready")" == 200 ]] && break
    sleep 0.1
done
[[ -f "$KARAF_HOME/data/toolbox/initial-admin-token" ]] || { log "the distribution did not become ready"; exit 1; }
TOKEN="$(cat "$KARAF_HOME/data/toolbox/initial-admin-token")"
log "ready; $STUDENTS students at once, $ITEMS items each, $ROUNDS rounds"
java "$ROOT/benchmarks/sparc/SparcBench.java" "$HTTP" "$TOKEN" "$STUDENTS" "$ITEMS" "$ROUNDS"
