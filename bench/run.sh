#!/usr/bin/env bash
# Benchmarks privyr-ghl-sync on this machine: starts the GHL sandbox without a rate limit and the runtime on
# loopback, runs bench/LoadDriver.java against them, and prints the driver's figures with the runtime's memory and
# the CPU time each process used. Both processes are stopped on exit. BENCHMARKS.md records results and method.
#
# Usage: bench/run.sh [--no-build] [--jfr FILE] [--ghl-budget N/SECONDS] [--sandbox-latency MS]
#                     [LoadDriver options such as --scenario mix --events 2000]
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/run.sh [--no-build] [--jfr FILE] [--keep-logs] [--ghl-budget N/SECONDS] [--sandbox-latency MS]
                    [LoadDriver options]
  --no-build     Use the existing target/privyr-ghl-sync.jar instead of running mvn package first.
  --jfr FILE     Record a JFR profile (settings=profile) of the runtime for the whole run into FILE.
  --keep-logs    Keep the temporary folder with the runtime's store and both processes' logs.
  --ghl-budget N/SECONDS
                 Give the sandbox a rate limit of N calls per SECONDS, configure the runtime's limiter the
                 same way and report the share of that budget that the run used, such as 100/10 for GHL's
                 limit. Without it the sandbox has no limit and the runtime's limiter is lifted.
  --sandbox-latency MS
                 Delay every sandbox response by MS milliseconds (sandbox --latency). Default: 0.
Other options go to the load driver, for example --scenario mix --events 2000 --concurrency 16;
see `java bench/LoadDriver.java --help`.
Environment: BENCH_RUNTIME_PORT (default 18080), BENCH_SANDBOX_PORT (default 18090),
BENCH_RUNTIME_HEAP (default 256m).
EOF
}

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_dir"

build=true
jfr_file=""
ghl_budget=""
sandbox_latency=0
keep_logs=false
driver_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) build=false; shift ;;
        --jfr)
            if [[ $# -lt 2 ]]; then
                echo "Missing value of --jfr: expected a file name." >&2
                exit 64
            fi
            jfr_file="$(realpath -m "$2")"
            shift 2
            ;;
        --keep-logs) keep_logs=true; shift ;;
        --ghl-budget)
            if [[ $# -lt 2 || ! "$2" =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]]; then
                echo "Invalid --ghl-budget '${2:-}': expected N/SECONDS such as 100/10." >&2
                exit 64
            fi
            ghl_budget="$2"
            shift 2
            ;;
        --sandbox-latency)
            if [[ $# -lt 2 || ! "$2" =~ ^[0-9]+$ ]]; then
                echo "Invalid --sandbox-latency '${2:-}': expected whole milliseconds such as 200." >&2
                exit 64
            fi
            sandbox_latency="$2"
            shift 2
            ;;
        -h|--help) usage; exit 0 ;;
        *) driver_args+=("$1"); shift ;;
    esac
done

runtime_port="${BENCH_RUNTIME_PORT:-18080}"
sandbox_port="${BENCH_SANDBOX_PORT:-18090}"
runtime_heap="${BENCH_RUNTIME_HEAP:-256m}"
jar="target/privyr-ghl-sync.jar"
# A benchmark-only secret; the runtime requires at least 16 bytes.
secret="bench-secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

for port in "$runtime_port" "$sandbox_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "Port $port on 127.0.0.1 is already in use; stop that process or set BENCH_RUNTIME_PORT and" \
            "BENCH_SANDBOX_PORT." >&2
        exit 1
    fi
done

if $build; then
    echo "Building $jar"
    mvn -q -B package -DskipTests
fi
if [[ ! -f "$jar" ]]; then
    echo "$jar not found; run without --no-build to build it." >&2
    exit 1
fi

work_dir="$(mktemp -d -t privyr-bench.XXXXXX)"
sandbox_pid=""
runtime_pid=""

stop_processes() {
    local pid
    for pid in "$runtime_pid" "$sandbox_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
        fi
    done
    for pid in "$runtime_pid" "$sandbox_pid"; do
        if [[ -n "$pid" ]]; then
            wait "$pid" 2>/dev/null || true
        fi
    done
    if $keep_logs; then
        echo "Logs and store kept in $work_dir"
    else
        rm -rf "$work_dir"
    fi
}
trap stop_processes EXIT
trap 'exit 130' INT TERM

# Waits until URL responds with any HTTP status; the process with PID must stay alive meanwhile.
wait_for_http() {
    local name="$1" pid="$2" url="$3" log="$4"
    local deadline=$((SECONDS + 60))
    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "The $name exited during start-up; its log ($log) ends with:" >&2
            tail -n 20 "$log" >&2
            exit 1
        fi
        local code
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
        if [[ "$code" != "000" && -n "$code" ]]; then
            return 0
        fi
        if ((SECONDS > deadline)); then
            echo "The $name did not respond on $url within 60 s; see $log." >&2
            exit 1
        fi
        sleep 0.2
    done
}

# Prints "<user+system CPU seconds>" of a process from /proc/PID/stat.
cpu_seconds() {
    local ticks
    ticks="$(awk '{print $14 + $15}' "/proc/$1/stat")"
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'
}

# Prints a /proc/PID/status memory field (VmRSS, VmHWM) in MB.
memory_mb() {
    awk -v key="$2:" '$1 == key {printf "%.0f", $2 / 1024}' "/proc/$1/status"
}

# Prints "<thread name with digits replaced by N> <CPU ticks>" for every thread of a process.
thread_ticks() {
    local stat
    for stat in /proc/"$1"/task/*/stat; do
        # The thread name is in parentheses and may contain spaces; utime and stime follow as fields 12 and 13
        # after the closing parenthesis.
        sed -E 's/^[0-9]+ \((.*)\) (.*)$/\1\t\2/' "$stat" 2>/dev/null \
            | awk -F'\t' '{split($2, f, " "); name = $1; gsub(/[0-9]+/, "N", name); print name "\t" f[12] + f[13]}'
    done
}

# Prints the CPU seconds per thread name between two thread_ticks snapshots, highest first.
thread_cpu_delta() {
    awk -F'\t' -v hz="$(getconf CLK_TCK)" '
        FNR == NR { before[$1] += $2; next }
        { after[$1] += $2 }
        END {
            for (name in after) {
                seconds = (after[name] - before[name]) / hz
                if (seconds >= 0.05) printf "%8.2f s  %s\n", seconds, name
            }
        }' "$1" "$2" | sort -rn | head -n 12
}

# Prints the busy (non-idle) CPU seconds of the whole machine since boot, from /proc/stat.
machine_busy_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat
}

if [[ -n "$ghl_budget" ]]; then
    budget_calls="${ghl_budget%/*}"
    budget_seconds="${ghl_budget#*/}"
    sandbox_limit_flags=(--rate-limit "$budget_calls" --rate-window "$budget_seconds")
    runtime_limit_flags=("-Dghl.rate-limit.max-requests=$budget_calls"
        "-Dghl.rate-limit.period-ms=$((budget_seconds * 1000))")
    driver_args+=(--rate-limit "$budget_calls" --rate-window-ms "$((budget_seconds * 1000))")
else
    sandbox_limit_flags=(--rate-limit 0)
    runtime_limit_flags=("-Dghl.rate-limit.max-requests=1000000")
fi
java -jar "$jar" sandbox --port "$sandbox_port" "${sandbox_limit_flags[@]}" --latency "$sandbox_latency" \
    >"$work_dir/sandbox.log" 2>&1 &
sandbox_pid=$!

runtime_jvm_flags=("-Xmx$runtime_heap" "${runtime_limit_flags[@]}")
if [[ -n "$jfr_file" ]]; then
    runtime_jvm_flags+=("-XX:StartFlightRecording=filename=$jfr_file,settings=${BENCH_JFR_SETTINGS:-profile},dumponexit=true")
fi
PORT="$runtime_port" HOST=127.0.0.1 DATA_DIR="$work_dir/data" PRIVYR_WEBHOOK_SECRET="$secret" \
    GHL_BASE_URL="http://127.0.0.1:$sandbox_port" GHL_LOCATION_ID=sandbox-location \
    GHL_PRIVATE_TOKEN=pit-sandbox-token \
    java "${runtime_jvm_flags[@]}" -jar "$jar" run >"$work_dir/runtime.log" 2>&1 &
runtime_pid=$!

wait_for_http "GHL sandbox" "$sandbox_pid" "http://127.0.0.1:$sandbox_port/_sandbox/requests" \
    "$work_dir/sandbox.log"
# An unsigned GET gets an error status once the receiver route is up.
wait_for_http "runtime" "$runtime_pid" "http://127.0.0.1:$runtime_port/privyr/events" "$work_dir/runtime.log"

runtime_cpu_start="$(cpu_seconds "$runtime_pid")"
sandbox_cpu_start="$(cpu_seconds "$sandbox_pid")"
machine_busy_start="$(machine_busy_seconds)"
thread_ticks "$runtime_pid" >"$work_dir/threads-before.tsv"

echo "Runtime pid $runtime_pid on 127.0.0.1:$runtime_port, GHL sandbox pid $sandbox_pid on" \
    "127.0.0.1:$sandbox_port, $(nproc) CPUs shared by both and the driver"
driver_status=0
java bench/LoadDriver.java --receiver "http://127.0.0.1:$runtime_port" \
    --sandbox "http://127.0.0.1:$sandbox_port" --secret "$secret" "${driver_args[@]}" || driver_status=$?

runtime_cpu_end="$(cpu_seconds "$runtime_pid")"
sandbox_cpu_end="$(cpu_seconds "$sandbox_pid")"
machine_busy_end="$(machine_busy_seconds)"
thread_ticks "$runtime_pid" >"$work_dir/threads-after.tsv"
runtime_cpu="$(awk -v a="$runtime_cpu_start" -v b="$runtime_cpu_end" 'BEGIN {printf "%.2f", b - a}')"
sandbox_cpu="$(awk -v a="$sandbox_cpu_start" -v b="$sandbox_cpu_end" 'BEGIN {printf "%.2f", b - a}')"
machine_cpu="$(awk -v a="$machine_busy_start" -v b="$machine_busy_end" 'BEGIN {printf "%.2f", b - a}')"
echo "runtime memory:        VmRSS $(memory_mb "$runtime_pid" VmRSS) MB, VmHWM (peak RSS)" \
    "$(memory_mb "$runtime_pid" VmHWM) MB, heap limit -Xmx$runtime_heap"
echo "sandbox memory:        VmRSS $(memory_mb "$sandbox_pid" VmRSS) MB, VmHWM $(memory_mb "$sandbox_pid" VmHWM) MB"
echo "CPU during the run:    runtime $runtime_cpu s, sandbox $sandbox_cpu s, whole machine $machine_cpu s" \
    "(the rest is the driver and any other process; includes the driver's 2 s settle wait)"
echo "runtime CPU by thread during the run:"
thread_cpu_delta "$work_dir/threads-before.tsv" "$work_dir/threads-after.tsv"
warnings="$(grep -c -E ' (WARN|ERROR) ' "$work_dir/runtime.log" || true)"
echo "runtime log:           $warnings WARN/ERROR lines"
if [[ "$warnings" != "0" ]]; then
    grep -m 5 -E ' (WARN|ERROR) ' "$work_dir/runtime.log" | cut -c1-300
fi
echo "MEMORY runtime_vmrss_mb=$(memory_mb "$runtime_pid" VmRSS) runtime_vmhwm_mb=$(memory_mb "$runtime_pid" VmHWM)" \
    "runtime_cpu_s=$runtime_cpu sandbox_cpu_s=$sandbox_cpu machine_cpu_s=$machine_cpu"
if [[ -n "$jfr_file" ]]; then
    # The recording is written when the runtime exits, which the EXIT trap does.
    echo "JFR recording of the runtime: $jfr_file (written when the runtime stops)"
fi
exit "$driver_status"
