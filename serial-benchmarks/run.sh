#!/usr/bin/env bash
# Builds and runs netty-serial's benchmarks (every scenario, contenders alternating) and prints one Markdown
# report, also written to serial-benchmarks/target/performance-latest.md. See docs/performance.md.
#
#   serial-benchmarks/run.sh              full run (about 3-4 minutes on 2 cores, plus the build)
#   serial-benchmarks/run.sh --quick      smoke pass
#   serial-benchmarks/run.sh --only rtt,bulk,fanout,scale,iocp,alloc
#
# Needs a JDK 17+, gcc (the C floor is compiled at run time) and Linux pseudo-terminals.
# SKIP_DEPS=1 builds only this module against the serial-transport/serial-testkit already in ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."

# The scale scenario opens 1,000 ports (and the device end another 2,000 fds).
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
command -v gcc >/dev/null || { echo "gcc is needed to build the C floor (apt package gcc)" >&2; exit 1; }

MVN=${MVN:-./mvnw}
if [ "${SKIP_DEPS:-0}" = 1 ]; then
  "$MVN" -q -pl serial-benchmarks package -DskipTests
else
  "$MVN" -q -pl serial-benchmarks -am package -DskipTests
fi

# Netty's leak detector (SIMPLE by default) records a stack trace for 1 buffer in 128: a debugging aid whose
# allocations would hide the transport's own. Production-like: off.
exec java -Xms512m -Xmx512m -Dio.netty.leakDetection.level=disabled \
  -cp "serial-benchmarks/target/classes:$(cat serial-benchmarks/target/classpath.txt)" \
  -Dbenchmark.report=serial-benchmarks/target/performance-latest.md \
  io.github.nettyserial.benchmarks.BenchMain "$@"
