#!/usr/bin/env bash
# Runs every Jiffy benchmark on this machine in one go, peers side by side, and renders the plots.
#
#   benchmarks/run.sh              the full run (about 8-10 minutes on 2 cores); results in benchmarks/results,
#                                  updates docs/BENCHMARKS.md
#   SMOKE=1 benchmarks/run.sh      a smoke run (1-2 minutes): tiny N, one short iteration, 1,000 latency
#                                  samples; checks that everything works end to end, figures mean nothing;
#                                  results in benchmarks/target/results-smoke, the committed ones stay
#
# Environment:
#   SMOKE=1        smoke run (see above)
#   RESULTS=dir    where results go (default benchmarks/results, or benchmarks/target/results-smoke for a
#                  smoke run; emptied first)
#   UPDATE_DOC=0|1 replace the results block of docs/BENCHMARKS.md (default: 1 for a full run, 0 for smoke)
#   BUILD=1        rebuild target/benchmarks.jar even if it is up to date
#   MVN_FLAGS=-o   extra flags for the Maven build (e.g. offline)
#   JAVA=java      the JVM to run
#
# Needs Java 17 and Maven; installs Debian's rt-tests (cyclictest) with apt-get when missing.
# Plots are SVG files written by the benchmarks jar itself: nothing else to install.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SMOKE=${SMOKE:-0}
if [ "$SMOKE" = 1 ]; then
  RESULTS=${RESULTS:-$HERE/target/results-smoke}
else
  RESULTS=${RESULTS:-$HERE/results}
fi
JAVA=${JAVA:-java}
JAR=$HERE/target/benchmarks.jar
SUBJECTS="jiffy netty kafka agrona stpe"
START=$(date +%s)

log() { printf '[run.sh %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

if [ "$SMOKE" = 1 ]; then
  JMH_OPTS=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms)
  PENDING=1000,10000
  MOD_PENDING=10000
  EXPIRE_NS="1000 10000"; EXPIRE_WARMUP=1; EXPIRE_ROUNDS=3
  MEMORY_NS="10000 100000"
  SAMPLES=1000
  UPDATE_DOC=${UPDATE_DOC:-0}
else
  JMH_OPTS=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
  PENDING=1000,1000000
  MOD_PENDING=1000000
  EXPIRE_NS="10000 100000"; EXPIRE_WARMUP=5; EXPIRE_ROUNDS=11
  MEMORY_NS="1000000 10000000"
  SAMPLES=10000
  UPDATE_DOC=${UPDATE_DOC:-1}
fi
PERIOD_NS=1000000

# ---------------------------------------------------------------- build what is needed
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ] \
   || [ -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  log "building benchmarks/target/benchmarks.jar (and the modules it needs)"
  (cd "$ROOT" && mvn -B -q ${MVN_FLAGS:-} package -DskipTests -pl benchmarks -am)
fi

# ---------------------------------------------------------------- tools
if ! command -v cyclictest >/dev/null 2>&1; then
  log "installing Debian's rt-tests for cyclictest"
  SUDO=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  if ! $SUDO apt-get install -y -qq rt-tests >/dev/null 2>&1; then
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    $SUDO apt-get install -y -qq rt-tests >/dev/null 2>&1 || log "could not install rt-tests: cyclictest is skipped"
  fi
fi

# ---------------------------------------------------------------- results directory
mkdir -p "$RESULTS"
rm -rf "$RESULTS/plots" "$RESULTS/logs"
rm -f "$RESULTS"/*.csv "$RESULTS"/*.hgrm "$RESULTS"/*.txt "$RESULTS"/summary.md
mkdir -p "$RESULTS/plots" "$RESULTS/logs"

{
  echo "mode: $([ "$SMOKE" = 1 ] && echo smoke || echo full)"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if git -C "$ROOT" rev-parse --short HEAD >/dev/null 2>&1; then
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || echo ' (with local changes)')"
  fi
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus: $(nproc) online"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -srm)"
  echo "kernel clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo unknown)"
  echo "java: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "cyclictest: $(command -v cyclictest >/dev/null 2>&1 && (cyclictest --help 2>&1 | head -1) || echo 'not available')"
  echo "jmh: ${JMH_OPTS[*]}"
  echo "command: $([ "$SMOKE" = 1 ] && echo 'SMOKE=1 ')benchmarks/run.sh"
} > "$RESULTS/machine.txt"
log "results in $RESULTS ($(head -1 "$RESULTS/machine.txt"))"

jmh() { # <name> <regex> [jmh args...]
  local name=$1 regex=$2; shift 2
  log "JMH $name"
  "$JAVA" -jar "$JAR" "$regex" "${JMH_OPTS[@]}" "$@" -rf csv -rff "$RESULTS/jmh-$name.csv" \
    > "$RESULTS/logs/jmh-$name.log" 2>&1 || { log "JMH $name failed: see $RESULTS/logs/jmh-$name.log"; tail -20 "$RESULTS/logs/jmh-$name.log"; exit 1; }
}

# ---------------------------------------------------------------- JMH: ns/op and B/op
jmh arm-cancel 'io.jiffy.benchmarks.TimerOpsBench.armCancel$' -p pending=$PENDING -prof gc
jmh mod 'io.jiffy.benchmarks.TimerOpsBench.mod$' -p pending=$MOD_PENDING -prof gc
jmh clock 'io.jiffy.benchmarks.ClockReadBench'
jmh hooks 'io.jiffy.benchmarks.HookDispatchBench'

# ---------------------------------------------------------------- expire: timers fired per second
for n in $EXPIRE_NS; do
  for s in $SUBJECTS; do
    log "expire $s n=$n"
    "$JAVA" -Xms1g -Xmx3g -cp "$JAR" io.jiffy.benchmarks.ExpireHarness "$s" "$n" "$EXPIRE_WARMUP" "$EXPIRE_ROUNDS" \
      "$RESULTS/expire.csv" >> "$RESULTS/logs/expire.log" 2>&1 || { log "expire $s failed"; tail -20 "$RESULTS/logs/expire.log"; exit 1; }
  done
done

# ---------------------------------------------------------------- memory: bytes per pending timer
for n in $MEMORY_NS; do
  for s in $SUBJECTS; do
    log "memory $s n=$n"
    # ParallelGC: after a full collection its used heap is exactly the live bytes (G1 adds region slack)
    "$JAVA" -XX:+UseParallelGC -Xmx4g -cp "$JAR" io.jiffy.benchmarks.MemoryHarness "$s" "$n" "$RESULTS/memory.csv" \
      >> "$RESULTS/logs/memory.log" 2>&1 || { log "memory $s failed"; tail -20 "$RESULTS/logs/memory.log"; exit 1; }
  done
done

# ---------------------------------------------------------------- wake-up lateness in real time
for s in machine-irq hrtimer posix-timer stpe netty jiffy-idle jvm-idle; do
  log "latency $s ($SAMPLES x 1 ms)"
  "$JAVA" -Xmx512m -cp "$JAR" io.jiffy.benchmarks.LatencyHarness "$s" "$SAMPLES" "$PERIOD_NS" "$RESULTS" \
    >> "$RESULTS/logs/latency.log" 2>&1 || { log "latency $s failed"; tail -20 "$RESULTS/logs/latency.log"; exit 1; }
done
if command -v cyclictest >/dev/null 2>&1; then
  log "cyclictest --policy=other ($SAMPLES x 1 ms)"
  TIMEFORMAT='%R %U %S'
  if { time cyclictest --policy=other -t 1 -i 1000 -l "$SAMPLES" -q -h 20000 \
        > "$RESULTS/logs/cyclictest.out" 2> "$RESULTS/logs/cyclictest.err" ; } 2> "$RESULTS/logs/cyclictest.time"; then
    read -r wall user sys < <(tail -1 "$RESULTS/logs/cyclictest.time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
    "$JAVA" -cp "$JAR" io.jiffy.benchmarks.CyclictestImport "$RESULTS/logs/cyclictest.out" "$cpu" "$wall" "$RESULTS" \
      >> "$RESULTS/logs/latency.log" 2>&1 || log "cyclictest output could not be read: see $RESULTS/logs/cyclictest.out"
  else
    log "cyclictest failed: $(head -3 "$RESULTS/logs/cyclictest.err" | tr '\n' ' ')"
  fi
else
  log "cyclictest not available: skipped"
fi

# ---------------------------------------------------------------- summary, ratios, plots
if [ "$UPDATE_DOC" = 1 ] && [ -f "$ROOT/docs/BENCHMARKS.md" ]; then
  REL=$(realpath --relative-to="$ROOT/docs" "$RESULTS")
  "$JAVA" -cp "$JAR" io.jiffy.benchmarks.Report "$RESULTS" "$ROOT/docs/BENCHMARKS.md" "$REL"
else
  "$JAVA" -cp "$JAR" io.jiffy.benchmarks.Report "$RESULTS"
fi
cat "$RESULTS/logs/expire.log" "$RESULTS/logs/memory.log" "$RESULTS/logs/latency.log" 2>/dev/null | grep -E '^(expire|memory|latency) ' || true
log "done in $(( $(date +%s) - START )) s: $RESULTS/summary.md, plots in $RESULTS/plots/"
