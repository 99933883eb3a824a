#!/usr/bin/env bash
# SPARC adaptive sessions against a freshly started distribution: builds an item bank with the
# adaptive_assessment workflow (offline provider), then STUDENTS simulated students at once each
# take a fixed-length session of ITEMS items; prints answers per second and the latency of starts
# and answers (each answer is one transaction: log, calibration, next item). Not a test: it prints
# numbers. Run from the repository root after `mvn -B install -DskipTests`:
#     bash benchmarks/sparc.sh                         # 50 students at once, 20 items each, 2 rounds
#     STUDENTS=10 ITEMS=10 ROUNDS=1 bash benchmarks/sparc.sh
# Only 127.0.0.1, free ports; on exit it stops Karaf and removes its temporary folder.
set -euo pipefail

STUDENTS="${STUDENTS:-50}"
ITEMS="${ITEMS:-20}"
ROUNDS="${ROUNDS:-2}"
BENCH_NAME=sparc-bench
source "$(dirname "${BASH_SOURCE[0]}")/karaf-lib.sh"

karaf_unpack
karaf_start
log "ready; $STUDENTS students at once, $ITEMS items each, $ROUNDS rounds"
java "$ROOT/benchmarks/sparc/SparcBench.java" "$HTTP" "$TOKEN" "$STUDENTS" "$ITEMS" "$ROUNDS"
