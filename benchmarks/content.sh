#!/usr/bin/env bash
# Offline end-to-end latency of POST /api/v1/content?wait=60 (a benchmark, not a test).
# Run from the repository root after `mvn -B install -DskipTests`. Prints p50/p99 over N requests,
# each with different objectives so the content cache never answers.
set -euo pipefail
N=${N:-40}
DIST=$(ls karaf-distribution/target/toolbox-distribution-*.tar.gz)
WORK=$(mktemp -d)
cleanup() {
  [ -x "$HOME_DIR/bin/stop" ] && "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
  sleep 3; pkill -f "$WORK" >/dev/null 2>&1 || true; rm -rf "$WORK"
}
trap cleanup EXIT
tar xzf "$DIST" -C "$WORK"
HOME_DIR=$(ls -d "$WORK"/*/)
read -r HTTP SSH RMI1 RMI2 < <(python3 -c 'import socket
s=[socket.socket() for _ in range(4)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $HTTP/" "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
sed -i "s/^sshPort = .*/sshPort = $SSH/" "$HOME_DIR/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $RMI1/; s/^rmiServerPort = .*/rmiServerPort = $RMI2/" "$HOME_DIR/etc/org.apache.karaf.management.cfg"
"$HOME_DIR/bin/karaf" server >/dev/null 2>&1 &
BASE="http://127.0.0.1:$HTTP/api/v1"
for _ in $(seq 1 600); do
  [ -f "$HOME_DIR/data/toolbox/initial-admin-token" ] && \
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ] && break
  sleep 0.2
done
TOKEN_FILE="$HOME_DIR/data/toolbox/initial-admin-token"
# the content route comes with the second boot stage
for _ in $(seq 1 600); do
  curl -s -H "Authorization: Bearer $(cat "$TOKEN_FILE")" "$BASE/content/none" | grep -q 'No content' && break
  sleep 0.2
done
times=()
for i in $(seq 0 "$N"); do
  body="{\"subject\": \"Mathematics\", \"grade_level\": 7, \"learning_objectives\": [\"Fractions $i\", \"Decimals\"], \"duration_minutes\": 45, \"quiz\": {\"question_count\": 8}}"
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $(cat "$TOKEN_FILE")" \
      -H 'Content-Type: application/json' -d "$body" "$BASE/content?wait=60")
  [ "${t%% *}" = 200 ] || { echo "request $i answered ${t%% *}" >&2; exit 1; }
  [ "$i" -gt 0 ] && times+=("${t##* }")   # the first request warms up, not counted
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="${#times[@]}" '
  { v[NR] = $1 }
  END { p50 = v[int((n + 1) * 0.50)]; p99 = v[(int(n * 0.99) < 1 ? 1 : int(n * 0.99))];
        printf "offline end-to-end, %d requests (8 questions, 2 objectives): p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
               n, p50 * 1000, p99 * 1000, v[n] * 1000 }'
