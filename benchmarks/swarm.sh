#!/usr/bin/env bash
# The swarm's cost in wall time: lessons made through a loopback model that answers every call
# after DELAY ms (500 by default), first with the swarm (3 solvers per question, in parallel on its
# pool), then on a distribution without the toolbox-swarm feature. Prints one row per phase: mean,
# min and max wall time per lesson and the model calls by task. Not a test: it prints numbers.
# Run from the repository root after `mvn -B install -DskipTests`:
#     bash benchmarks/swarm.sh                 # 3 lessons per phase, 500 ms per model call
#     LESSONS=5 DELAY=1000 bash benchmarks/swarm.sh
# Only 127.0.0.1, free ports; on exit it stops Karaf and removes its temporary folder.
set -euo pipefail

LESSONS="${LESSONS:-3}"
DELAY="${DELAY:-500}"
BENCH_NAME=swarm-bench
source "$(dirname "${BASH_SOURCE[0]}")/karaf-lib.sh"
LESSON_FILE="$(mktemp -t swarm-bench-lesson.XXXXXX.json)"
rm -f "$LESSON_FILE"

phase() { # label, with-swarm (yes/no)
    karaf_unpack
    FAKE="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    setp etc/org.toolboxai.provider.openai.cfg base.url "http://127.0.0.1:$FAKE/v1"
    setp etc/org.toolboxai.provider.openai.cfg .api.key bench-key
    setp etc/org.toolboxai.provider.openai.cfg model fake-gpt
    setp etc/org.toolboxai.provider.openai.cfg timeout.seconds 60
    # the benchmark measures the swarm, not the rate limits of a real provider
    setp etc/org.toolboxai.coordinator.resource.cfg service.openai.per.minute 100000
    setp etc/org.toolboxai.coordinator.resource.cfg service.openai.concurrent 64
    if [[ "$2" == no ]]; then
        # the last boot feature goes: "toolbox-sparc, \" then "toolbox-swarm \" becomes "toolbox-sparc \"
        python3 - "$KARAF_HOME/etc/org.apache.karaf.features.cfg" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2 = re.sub(r",\s*\\\n\s*toolbox-swarm \\", lambda m: " \\", s)
assert s2 != s, "toolbox-swarm is not the last boot feature"
open(p, "w").write(s2)
PY
    fi
    karaf_start
    local jars
    jars="$(find "$KARAF_HOME/system/com/fasterxml/jackson/core" -name 'jackson-*.jar' | tr '\n' ':')"
    java -cp "$jars" "$ROOT/benchmarks/swarm/SwarmBench.java" "$HTTP" "$TOKEN" "$KARAF_HOME" "$FAKE" "$LESSONS" "$DELAY" "$1" "$LESSON_FILE"
    karaf_cleanup
    KARAF_HOME=""
}

log "$LESSONS lessons per phase, every model call answered after $DELAY ms"
echo "| phase | lessons | mean s | min s | max s | model calls by task | verification |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
phase "with the swarm" yes
phase "without the swarm" no
rm -f "$LESSON_FILE"
