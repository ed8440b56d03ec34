#!/usr/bin/env bash
# Runs JMH benchmarks from bench/java (compiled with the tests). Needs root for the ones that
# load BPF programs. Usage: bench/run-jmh.sh [JMH ARGS], e.g. bench/run-jmh.sh RingBufferDrain
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
mvn -B -q -Dstyle.color=never test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
# JDK 23+ runs annotation processors only when asked: compile the benchmarks again with JMH's
# generator to produce META-INF/BenchmarkList and the generated harness classes
rm -rf target/bench-classes
"$JAVA_HOME/bin/javac" -proc:full -Xlint:none -cp "$cp" -d target/bench-classes $(find bench/java -name '*.java')
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/bench-classes:$cp" org.openjdk.jmh.Main "$@"
