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
BENCH_NAME=live-bench
source "$(dirname "${BASH_SOURCE[0]}")/karaf-lib.sh"

karaf_unpack
# each Server-Sent Event stream holds a server thread: allow them, and the threads for them
setp etc/org.toolboxai.coordinator.sync.events.cfg events.stream.max $(( SUBSCRIBERS + 10 ))
setp etc/org.ops4j.pax.web.cfg org.ops4j.pax.web.server.maxThreads $(( SUBSCRIBERS + 200 ))
karaf_start
log "ready; $SUBSCRIBERS subscribers, $EVENTS events, modes $MODES"
java -Xss512k "$ROOT/benchmarks/live/LiveBench.java" "$HTTP" "$TOKEN" "$SUBSCRIBERS" "$EVENTS" "$MODES"
