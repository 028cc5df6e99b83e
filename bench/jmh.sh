#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the per-event hot paths in src/jmh/java: signature check, envelope parsing,
# contact mapping and change detection. They are built as test sources with the Maven profile jmh, so `mvn verify`
# neither builds nor runs them. BENCHMARKS.md records results and method.
#
# Usage: bench/jmh.sh [--no-build] [JMH options, such as a benchmark regex or -prof gc]
set -euo pipefail

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_dir"

build=true
if [[ "${1:-}" == "--no-build" ]]; then
    build=false
    shift
fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    cat <<'USAGE'
Usage: bench/jmh.sh [--no-build] [JMH options]
  --no-build   Use the classes and class path already in target/ from an earlier run.
JMH options go to org.openjdk.jmh.Main, for example a regex such as ContactDiff, or -prof gc. The defaults are
one fork, 3 warm-up and 5 measured iterations of 2 s each, average time in microseconds per operation.
USAGE
    exit 0
fi

classpath_file="target/jmh-classpath.txt"
if $build; then
    echo "Building the benchmarks (mvn -Pjmh test-compile)"
    mvn -q -B -Pjmh test-compile dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$classpath_file"
fi
if [[ ! -f "$classpath_file" || ! -f target/test-classes/META-INF/BenchmarkList ]]; then
    echo "No compiled benchmarks found in target/. Run bench/jmh.sh without --no-build." >&2
    exit 1
fi

echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" org.openjdk.jmh.Main \
    -f 1 -wi 3 -w 2s -i 5 -r 2s -bm avgt -tu us "$@"
