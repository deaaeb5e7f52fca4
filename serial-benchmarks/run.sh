#!/usr/bin/env bash
# Builds and runs netty-serial's benchmarks (every scenario, contenders alternating) and prints one Markdown
# report, also written to serial-benchmarks/target/performance-latest.md, and draws its plots with gnuplot into
# serial-benchmarks/target/plots/*.png. See docs/performance.md.
#
#   serial-benchmarks/run.sh              full run (about 10 minutes on 2 shared cores, plus the build)
#   serial-benchmarks/run.sh --quick      smoke pass
#   serial-benchmarks/run.sh --only rtt,bulk,fanout,scale,iocp,alloc,rfc2217
#
# Needs a JDK 17+, gcc (the C floor is compiled at run time), Linux pseudo-terminals and, for the plots, gnuplot
# (Debian's gnuplot-nox, installed here when missing and running as root).
# SKIP_DEPS=1 builds only this module against the serial-transport/serial-testkit already in ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."

# The scale scenario opens 1,000 ports in each of three contenders (and the device end another 6,000 fds).
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
command -v gcc >/dev/null || { echo "gcc is needed to build the C floor (apt package gcc)" >&2; exit 1; }
if ! command -v gnuplot >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -q gnuplot-nox >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q gnuplot-nox >/dev/null; } || true
fi

MVN=${MVN:-./mvnw}
if [ "${SKIP_DEPS:-0}" = 1 ]; then
  "$MVN" -q -pl serial-benchmarks package -DskipTests
else
  "$MVN" -q -pl serial-benchmarks -am package -DskipTests
fi

PLOTS=serial-benchmarks/target/plots
rm -rf "$PLOTS"
# Netty's leak detector (SIMPLE by default) records a stack trace for 1 buffer in 128: a debugging aid whose
# allocations would hide the transport's own. Production-like: off.
java -Xms512m -Xmx512m -Dio.netty.leakDetection.level=disabled \
  -cp "serial-benchmarks/target/classes:$(cat serial-benchmarks/target/classpath.txt)" \
  -Dbenchmark.report=serial-benchmarks/target/performance-latest.md -Dbenchmark.plots="$PLOTS" \
  io.github.nettyserial.benchmarks.BenchMain "$@"

if command -v gnuplot >/dev/null; then
  gnuplot -e "dir='$PLOTS'" serial-benchmarks/plots.gp && ls "$PLOTS"/*.png >&2
else
  echo "gnuplot not found (apt package gnuplot-nox): plots not drawn; their data is in $PLOTS" >&2
fi
