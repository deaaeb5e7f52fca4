#!/usr/bin/env bash
# Start-up of the `serial` tool, whole process (JVM start to exit), with and without what the launcher adds:
# the class-data sharing archive made at package time (AppCDS) and the JIT's quick tier only. The variants run
# in turn, round after round, so that a machine whose speed drifts slows them all alike; the medians are
# printed. Usage: serial-codec-examples/bench-startup.sh [RUNS]   (default 15 runs of each variant and command)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs="${1:-15}"
"$here/../serial" --version >/dev/null   # builds the jar and the archive if needed
jar="$here/target/serial-codec-examples-0.1.0-SNAPSHOT-cli.jar"
jsa="$here/target/serial-cli.jsa"
[ "$jsa" -nt "$jar" ] || { echo "bench-startup: no archive newer than $jar; run the package phase" >&2; exit 1; }

variants=("plain java -jar" "archive" "quick JIT tier" "archive + quick tier")
flags=("" "-XX:SharedArchiveFile=$jsa -Xlog:cds*=off" "-XX:TieredStopAtLevel=1"
       "-XX:SharedArchiveFile=$jsa -Xlog:cds*=off -XX:TieredStopAtLevel=1")
commands=("--help" "list")
results="$(mktemp)"
trap 'rm -f "$results"' EXIT

TIMEFORMAT='%R %U %S'
for ((r = 0; r < runs; r++)); do
  for c in "${!commands[@]}"; do
    for v in "${!variants[@]}"; do
      # shellcheck disable=SC2086
      t="$( { time java ${flags[$v]} -jar "$jar" ${commands[$c]} >/dev/null 2>&1; } 2>&1 )"
      echo "$c $v $t" >>"$results"
    done
    t="$( { time "$here/../serial" ${commands[$c]} >/dev/null 2>&1; } 2>&1 )"
    echo "$c ${#variants[@]} $t" >>"$results"
  done
done
variants+=("./serial (the launcher)")

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "serial start-up, median of $runs runs, seconds (wall / cpu = user + sys), $(nproc) cores, $(java -version 2>&1 | head -1)"
for c in "${!commands[@]}"; do
  for v in "${!variants[@]}"; do
    wall="$(awk -v c="$c" -v v="$v" '$1 == c && $2 == v { print $3 }' "$results" | median)"
    cpu="$(awk -v c="$c" -v v="$v" '$1 == c && $2 == v { print $4 + $5 }' "$results" | median)"
    printf '  serial %-7s %-26s wall %6.3f   cpu %6.3f\n' "${commands[$c]}" "${variants[$v]}" "$wall" "$cpu"
  done
done
