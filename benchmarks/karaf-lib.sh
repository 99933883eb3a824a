# Shared by the benchmark scripts (source it): unpack the built distribution into a temporary
# folder, put every port on a free one on 127.0.0.1, start Karaf, wait until it is ready, and on
# exit stop it and remove the folder. Sets ROOT, KARAF_HOME, HTTP and TOKEN; `log` prints with
# the caller's BENCH_NAME. Set `setp` values (etc/ files) between karaf_unpack and karaf_start.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST_TGZ="$ROOT/karaf-distribution/target/toolbox-distribution-0.1.0-SNAPSHOT.tar.gz"
log() { printf '[%s] %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }

karaf_unpack() {
    [[ -f "$DIST_TGZ" ]] || { log "$DIST_TGZ not found: run 'mvn -B install -DskipTests' first"; exit 1; }
    WORK="$(mktemp -d -t "toolbox-${BENCH_NAME:-bench}.XXXXXX")"
    KARAF_HOME=""
    trap karaf_cleanup EXIT
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
    setp etc/org.ops4j.pax.web.cfg org.osgi.service.http.port "$HTTP"
    setp etc/org.apache.karaf.shell.cfg sshPort "$SSH"
    setp etc/org.apache.karaf.management.cfg rmiRegistryPort "$RMI1"
    setp etc/org.apache.karaf.management.cfg rmiServerPort "$RMI2"
}

karaf_cleanup() {
    set +e
    if [[ -n "$KARAF_HOME" ]]; then
        log "stopping Karaf"
        (cd "$KARAF_HOME" && timeout 30 bin/stop) >/dev/null 2>&1
        sleep 3
        pkill -9 -f "karaf.base=$KARAF_HOME" 2>/dev/null
    fi
    rm -rf "$WORK"
}

setp() { # file key value
    local f="$KARAF_HOME/$1"
    touch "$f"
    if grep -q "^$2 *=" "$f"; then sed -i "s|^$2 *=.*|$2 = $3|" "$f"; else echo "$2 = $3" >> "$f"; fi
}

karaf_start() {
    log "starting Karaf on port $HTTP"
    (cd "$KARAF_HOME" && setsid bin/karaf server > "$WORK/console.log" 2>&1 &)
    for i in $(seq 1 1200); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/api/v1/health/ready")" == 200 ]] && break
        sleep 0.1
    done
    [[ -f "$KARAF_HOME/data/toolbox/initial-admin-token" ]] || { log "the distribution did not become ready"; exit 1; }
    TOKEN="$(cat "$KARAF_HOME/data/toolbox/initial-admin-token")"
}
