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
  --no-build   Use the classes and class path already in target/jmh from an earlier run.
JMH options go to org.openjdk.jmh.Main, for example a regex such as ContactDiff, or -prof gc. The defaults are
one fork, 3 warm-up and 5 measured iterations of 2 s each, average time in microseconds per operation.
USAGE
    exit 0
fi

# The profile jmh builds into target/jmh, apart from the regular build.
classes_dir="target/jmh"
classpath_file="$classes_dir/classpath.txt"
if $build; then
    echo "Building the benchmarks (mvn -Pjmh test-compile)"
    mvn -q -B -Dstyle.color=never -Pjmh test-compile dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$repo_dir/$classpath_file"
fi
if [[ ! -f "$classpath_file" || ! -f "$classes_dir/test-classes/META-INF/BenchmarkList" ]]; then
    echo "No compiled benchmarks found in $classes_dir. Run bench/jmh.sh without --no-build." >&2
    exit 1
fi

# JMH rejects an option given twice, so a default is added only when the arguments do not set it.
jmh_args=()
for default in "-f 1" "-wi 3" "-w 2s" "-i 5" "-r 2s" "-bm avgt" "-tu us"; do
    if [[ ! " $* " =~ " ${default%% *} " ]]; then
        jmh_args+=(${default})
    fi
done
echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
java -cp "$classes_dir/test-classes:$classes_dir/classes:$(cat "$classpath_file")" org.openjdk.jmh.Main \
    "${jmh_args[@]}" "$@"
