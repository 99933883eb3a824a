#!/usr/bin/env bash
# Whole courses offline against a freshly started distribution: COURSES courses of LESSONS lessons
# one after the other, then PARALLEL at once, each made through POST /api/v1/courses; prints the
# wall time per course and the steps per second (steps of the run over its wall time). Not a test:
# it prints numbers. Run from the repository root after `mvn -B install -DskipTests`:
#     bash benchmarks/course.sh                        # 3 courses of 6 lessons, then 3 at once
#     LESSONS=20 COURSES=1 PARALLEL=2 bash benchmarks/course.sh
# Only 127.0.0.1, free ports; on exit it stops Karaf and removes its temporary folder.
set -euo pipefail

LESSONS="${LESSONS:-6}"
COURSES="${COURSES:-3}"
PARALLEL="${PARALLEL:-3}"
BENCH_NAME=course-bench
source "$(dirname "${BASH_SOURCE[0]}")/karaf-lib.sh"

karaf_unpack
karaf_start
log "ready; $COURSES courses of $LESSONS lessons one after the other, then $PARALLEL at once"
java "$ROOT/benchmarks/course/CourseBench.java" "$HTTP" "$TOKEN" "$LESSONS" "$COURSES" "$PARALLEL"
