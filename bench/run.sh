#!/usr/bin/env bash
# Benchmark suite of privyr-ghl-sync. Runs each figure of BENCHMARKS.md on 127.0.0.1 against the benchmark GHL stub
# (bench/GhlStub.java) or, for the rate budget, the product's GHL sandbox, and prints a table of the measured values
# next to their targets. Every process it starts is stopped on exit. BENCHMARKS.md describes the method.
#
# Usage: bench/run.sh [--no-build] [--only NAMES] [--jfr FILE] [--keep-logs] [options]. See --help.
set -Eeuo pipefail
# Names the command that ended the script, because set -e alone exits without a message.
trap 'echo "bench/run.sh: line $LINENO: \"$BASH_COMMAND\" failed with exit status $?" >&2' ERR

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_dir"
# shellcheck source=bench/processes.sh
source bench/processes.sh

all_figures=(stub client e2e receiver mix budget startup growth)

usage() {
    cat <<'EOF'
Usage: bench/run.sh [--no-build] [--only NAMES] [--jfr FILE] [--keep-logs] [options]
Runs these figures in order and prints the table of BENCHMARKS.md with the measured values:
  stub       the GHL stub alone under wrk (Vert.x and JDK HttpServer): its ceiling in requests/s
  client     a bare Apache HttpClient 5 loop against the stub: the ceiling the sync is compared with
  e2e        end to end: signed client.created events posted with wrk until each create reached the stub;
             also the runtime's memory (VmRSS, VmHWM) during that run
  receiver   p99 accept latency at a fixed 500 events/s (LoadDriver --rate), then the max accepted rate (wrk)
  mix        GHL calls per event for new clients, one-field updates, no-op updates and redeliveries
  budget     share of GHL's 100 calls / 10 s budget used while draining queued events, against the sandbox
  startup    time from launch to GET /observe/health/ready returning 200, over 3 starts, then over 3 starts
             with a class data archive written by the demo command (-XX:SharedArchiveFile)
  growth     the e2e run with 10,000, 100,000 and 1,000,000 applied events already in the store, each
             between two runs on an empty store
Options:
  --no-build            Use the existing target/privyr-ghl-sync.jar instead of running mvn package first.
  --only NAMES          Run only these figures, comma-separated, such as e2e,growth.
  --events N            Events of the e2e and growth runs. Default: 20000
  --warmup-events N     Events posted to the cold runtime before each e2e and growth run is measured; their
                        rate is printed as the cold figure. 0 measures the cold runtime. Default: 20000
  --growth-sizes LIST   Stored events before each growth run, comma-separated. Default: 10000,100000,1000000
  --budget-events N     Events queued for the budget figure. Default: 2000
  --jfr FILE            Record a JFR profile (settings=profile, stacks of up to 256 frames) of every runtime
                        started, into FILE with the run's label before .jfr, such as FILE-e2e.jfr. Read it with
                        jfr print --stack-depth 256, since jfr print shows 5 frames of each stack by default.
  --keep-logs           Keep the temporary folder with the stores, event files and every process's log.
  --only driver [--ghl-budget N/SECONDS] [--sandbox-latency MS] [LoadDriver options]
                        One LoadDriver run against the sandbox, as this script ran before the suite existed;
                        see `java bench/LoadDriver.java --help`.
Environment: BENCH_RUNTIME_PORT (default 18080), BENCH_MANAGEMENT_PORT (18081), BENCH_GHL_PORT (18090),
BENCH_RUNTIME_HEAP (256m), BENCH_RUNTIME_JAVA_OPTS (more JVM options of the runtime, such as -XX:+UseSerialGC),
BENCH_RUNTIME_JAVA (the java command that starts the runtime, such as another JDK's bin/java; default java),
BENCH_RUNTIME_ENV (NAME=VALUE pairs, split on spaces, set for the runtime only, such as MALLOC_ARENA_MAX=2),
BENCH_SYNC_WORKERS (threads of the HttpClient loop, 16 like the runtime's default
sync.workers; when set, also passed to the runtime as sync.workers), BENCH_WRK_CONNECTIONS (32, wrk's connections
in the stub figure), BENCH_RECEIVER_CONNECTIONS (64, wrk's connections for the e2e, growth and max accepted rates),
BENCH_TIMEOUT (seconds to wait for the GHL calls of one run, 1800).
EOF
}

build=true
jfr_file=""
keep_logs=false
only=""
events=20000
warmup_events=20000
growth_sizes="10000,100000,1000000"
budget_events=2000
ghl_budget=""
sandbox_latency=0
driver_args=()
# With --only driver, --events belongs to the load driver, like every other option this script does not know.
driver_mode=false
previous_arg=""
for arg in "$@"; do
    if [[ "$previous_arg" == "--only" && "$arg" == "driver" ]]; then
        driver_mode=true
    fi
    previous_arg="$arg"
done
while [[ $# -gt 0 ]]; do
    if $driver_mode && [[ "$1" == "--events" ]]; then
        driver_args+=("$1" "${2:-}")
        shift $(($# < 2 ? 1 : 2))
        continue
    fi
    case "$1" in
        --no-build) build=false; shift ;;
        --keep-logs) keep_logs=true; shift ;;
        -h|--help) usage; exit 0 ;;
        --jfr|--only|--events|--warmup-events|--growth-sizes|--budget-events|--ghl-budget|--sandbox-latency)
            if [[ $# -lt 2 ]]; then
                echo "Missing value of $1. See bench/run.sh --help." >&2
                exit 64
            fi
            case "$1" in
                --jfr) jfr_file="$(realpath -m "$2")" ;;
                --only) only="$2" ;;
                --events) events="$2" ;;
                --warmup-events) warmup_events="$2" ;;
                --growth-sizes) growth_sizes="$2" ;;
                --budget-events) budget_events="$2" ;;
                --ghl-budget) ghl_budget="$2" ;;
                --sandbox-latency) sandbox_latency="$2" ;;
            esac
            shift 2
            ;;
        *)
            if [[ "$only" != "driver" ]]; then
                echo "Unknown option '$1'. LoadDriver options need --only driver. See bench/run.sh --help." >&2
                exit 64
            fi
            driver_args+=("$1")
            shift
            ;;
    esac
done

for value in "$events" "$budget_events" ${growth_sizes//,/ }; do
    if [[ ! "$value" =~ ^[1-9][0-9]*$ ]]; then
        echo "Invalid count '$value': expected a positive whole number." >&2
        exit 64
    fi
done
if [[ ! "$warmup_events" =~ ^[0-9]+$ ]]; then
    echo "Invalid --warmup-events '$warmup_events': expected a whole number, 0 for none." >&2
    exit 64
fi
if [[ -n "$ghl_budget" && ! "$ghl_budget" =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]]; then
    echo "Invalid --ghl-budget '$ghl_budget': expected N/SECONDS such as 100/10." >&2
    exit 64
fi
if [[ ! "$sandbox_latency" =~ ^[0-9]+$ ]]; then
    echo "Invalid --sandbox-latency '$sandbox_latency': expected whole milliseconds such as 200." >&2
    exit 64
fi
figures=("${all_figures[@]}")
if [[ -n "$only" ]]; then
    IFS=',' read -r -a figures <<<"$only"
    for figure in "${figures[@]}"; do
        if [[ ! " ${all_figures[*]} driver " =~ " $figure " ]]; then
            echo "Unknown figure '$figure' in --only: expected one of ${all_figures[*]} or driver." >&2
            exit 64
        fi
    done
fi

runtime_port="${BENCH_RUNTIME_PORT:-18080}"
management_port="${BENCH_MANAGEMENT_PORT:-18081}"
ghl_port="${BENCH_GHL_PORT:-18090}"
runtime_heap="${BENCH_RUNTIME_HEAP:-256m}"
sync_workers="${BENCH_SYNC_WORKERS:-16}"
wrk_connections="${BENCH_WRK_CONNECTIONS:-32}"
# Each request waits for the commit of its event, so the accepted rate is at most the concurrent requests divided by
# that wait. With 32 connections and 20 receiver workers, the runtime used about half of the two cores when paced.
# The end-to-end rate has the same limit: with 32 connections it measured 3,187 events/s at a p50 wait of 9.7 ms.
receiver_connections="${BENCH_RECEIVER_CONNECTIONS:-64}"
timeout_seconds="${BENCH_TIMEOUT:-1800}"
jar="target/privyr-ghl-sync.jar"
# A benchmark-only secret; the runtime requires at least 16 bytes.
secret="bench-secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# The runtime's own GHL limiter would hold the stub runs to 100 calls per 10 s. Events are signed when their file is
# written, so a signature tolerance of an hour lets a slow runtime still accept the last events of a large file. The
# check costs the same with any tolerance.
stub_runtime_flags=("-Dghl.rate-limit.max-requests=1000000" "-Dprivyr.signature-tolerance-seconds=3600")
# The same with GHL's limit of 100 calls per 10 s, the default, in place of the lifted one.
paced_runtime_flags=("-Dprivyr.signature-tolerance-seconds=3600")
if [[ -n "${BENCH_SYNC_WORKERS:-}" ]]; then
    stub_runtime_flags+=("-Dsync.workers=$sync_workers")
    paced_runtime_flags+=("-Dsync.workers=$sync_workers")
fi

needs_wrk=false
for figure in "${figures[@]}"; do
    case "$figure" in stub|client|e2e|receiver|mix|startup|growth) needs_wrk=true ;; esac
done
if $needs_wrk && ! command -v wrk >/dev/null 2>&1; then
    echo "wrk is not installed, and every figure but budget needs it (the GHL stub is warmed up with it). Install it with" \
        "'apt-get install wrk' (Debian and Ubuntu) or build it from https://github.com/wg/wrk, or pick other" \
        "figures with --only." >&2
    exit 1
fi
if ! command -v curl >/dev/null 2>&1; then
    echo "curl is not installed; bench/run.sh polls the runtime and the stub with it. Install it with" \
        "'apt-get install curl' (Debian and Ubuntu)." >&2
    exit 1
fi
for port in "$runtime_port" "$management_port" "$ghl_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "Port $port on 127.0.0.1 is already in use; stop that process or set BENCH_RUNTIME_PORT," \
            "BENCH_MANAGEMENT_PORT and BENCH_GHL_PORT." >&2
        exit 1
    fi
done

if $build; then
    echo "Building $jar"
    mvn -q -B -Dstyle.color=never package -DskipTests
fi
if [[ ! -f "$jar" ]]; then
    echo "$jar not found; run without --no-build to build it." >&2
    exit 1
fi

work_dir="$(mktemp -d -t privyr-bench.XXXXXX)"
wrk_pid=""
cleanup() {
    stop_pid "$wrk_pid"
    stop_runtime
    stop_ghl
    if $keep_logs; then
        echo "Logs, stores and event files kept in $work_dir"
    else
        rm -rf "$work_dir"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Figures measured so far, by key; print_table reads them.
declare -A result

# Prints a section header with the machine's load, which the figures depend on.
section() {
    echo
    echo "== $1 ($(date -u +%H:%M:%S) UTC, $(machine_load), SHA-256 of 32 MB in $(core_speed) ms)"
}

# Prints the value of KEY=VALUE in the last line of FILE that starts with PREFIX.
field() {
    local file="$1" prefix="$2" key="$3"
    { grep "^$prefix " "$file" || true; } | tail -n 1 | tr ' ' '\n' | awk -F= -v key="$key" '$1 == key {print $2}'
}

# Runs wrk against the stub alone for 10 s after a 3 s warm-up and prints its requests/s.
stub_ceiling() {
    local url="http://127.0.0.1:$ghl_port"
    wrk -t 1 -c "$wrk_connections" -d 3s -s bench/wrk/stub-upsert.lua "$url" >/dev/null
    wrk -t 1 -c "$wrk_connections" -d 10s -s bench/wrk/stub-upsert.lua "$url" >"$work_dir/wrk-stub.txt"
    cat "$work_dir/wrk-stub.txt" >&2
    awk '/^Requests\/sec:/ {print $2}' "$work_dir/wrk-stub.txt"
}

run_stub() {
    section "GHL stub alone (wrk, 1 thread, $wrk_connections connections)"
    start_stub --server vertx --threads 1
    result[stub_vertx]="$(stub_ceiling)"
    stop_ghl
    start_stub --server jdk --threads "$sync_workers"
    result[stub_jdk]="$(stub_ceiling)"
    stop_ghl
    echo "GHL stub ceiling: Vert.x with 1 event loop ${result[stub_vertx]} requests/s (used by the other figures)," \
        "JDK HttpServer with $sync_workers threads ${result[stub_jdk]} requests/s"
}

run_client() {
    section "HttpClient 5 ceiling against the stub ($sync_workers threads)"
    start_stub
    java -cp "$jar" bench/HttpClientCeiling.java --url "http://127.0.0.1:$ghl_port" --concurrency "$sync_workers" \
        | tee "$work_dir/client.txt"
    result[client]="$(field "$work_dir/client.txt" RESULT client_requests_per_s)"
    stop_ghl
}

# Sums the stub's counts of the contact creations (upserts and plain creates) and prints "count last_arrival_ms".
stub_creations() {
    stub_stats | awk -F'\t' '$1 == "POST /contacts/upsert" || $1 == "POST /contacts/" {
            count += $2; if ($4 > last) last = $4 }
        END {printf "%.0f %.0f\n", count, last}'
}

# Posts COUNT pre-signed client.created events of FILE, from line FIRST on, once each with wrk to the running runtime
# and waits until the stub has counted one contact creation per event. Stores the rate under result[PREFIX_rate], the
# receiver's rate under result[PREFIX_accept_rate] and the seconds under result[PREFIX_seconds], and prints them.
post_and_wait() {
    local prefix="$1" event_file="$2" first="$3" count="$4"
    stub_reset
    wrk -t 1 -c "$receiver_connections" -d 3600s --timeout 30s -s bench/wrk/post-events.lua \
        "http://127.0.0.1:$runtime_port" -- "$event_file" 1 "$first" "$count" >"$work_dir/wrk-$prefix.txt" 2>&1 &
    wrk_pid=$!
    local deadline=$((SECONDS + timeout_seconds)) creations=0 last_ms=0
    while true; do
        read -r creations last_ms <<<"$(stub_creations)"
        if ((creations >= count)); then
            break
        fi
        if ((SECONDS > deadline)); then
            echo "Timed out after $timeout_seconds s with $creations of $count contact creations at the stub." \
                "See $work_dir/runtime-*.log (run with --keep-logs to keep it)." >&2
            break
        fi
        sleep 0.25
    done
    # wrk's threads stopped after their last response, but its main thread waits for -d unless SIGINT ends it.
    kill -INT "$wrk_pid" 2>/dev/null || true
    wait "$wrk_pid" 2>/dev/null || true
    wrk_pid=""
    local first_post_ms last_response_ms seconds
    first_post_ms="$(field "$work_dir/wrk-$prefix.txt" WRK first_post_ms)"
    last_response_ms="$(field "$work_dir/wrk-$prefix.txt" WRK last_response_ms)"
    seconds="$(awk -v a="$first_post_ms" -v b="$last_ms" 'BEGIN {printf "%.2f", (b - a) / 1000}')"
    result[${prefix}_complete]="$([[ "$creations" -ge "$count" ]] && echo yes || echo no)"
    result[${prefix}_seconds]="$seconds"
    result[${prefix}_rate]="$(awk -v n="$count" -v s="$seconds" 'BEGIN {printf "%.1f", n / s}')"
    result[${prefix}_accept_rate]="$(awk -v n="$count" -v a="$first_post_ms" -v b="$last_response_ms" \
        'BEGIN {printf "%.1f", n / ((b - a) / 1000)}')"
    grep '^WRK ' "$work_dir/wrk-$prefix.txt" || true
    echo "end to end:        ${result[${prefix}_rate]} events/s ($count events, ${seconds} s from the first post to" \
        "the last contact creation at the stub; complete: ${result[${prefix}_complete]})"
    echo "accepted:          ${result[${prefix}_accept_rate]} events/s (first post to last response)"
}

# Runs the end-to-end figure on the running runtime: first WARMUP events on the cold JVM, whose rate is stored as
# result[PREFIX_cold_rate], then, once their creations reached the stub, COUNT more events, the measured figure.
# Stores the figures under result[PREFIX_*] and prints a summary with the runtime's CPU time and memory.
measure_end_to_end() {
    local prefix="$1" count="$2" warmup="$3"
    local event_file="$work_dir/events-$prefix.txt"
    java bench/LoadDriver.java --write-events "$event_file" --secret "$secret" --events "$((warmup + count))" \
        --seed "$((RANDOM + 1000))" >/dev/null
    if ((warmup > 0)); then
        echo "warm-up, $warmup events on the cold runtime:"
        post_and_wait "${prefix}_cold" "$event_file" 0 "$warmup"
        echo "measured, $count more events:"
    fi
    local cpu_start machine_start
    cpu_start="$(cpu_seconds "$runtime_pid")"
    machine_start="$(machine_busy_seconds)"
    thread_ticks "$runtime_pid" >"$work_dir/threads-before-$prefix.tsv"
    post_and_wait "$prefix" "$event_file" "$warmup" "$count"
    local cpu_end machine_end
    cpu_end="$(cpu_seconds "$runtime_pid")"
    machine_end="$(machine_busy_seconds)"
    thread_ticks "$runtime_pid" >"$work_dir/threads-after-$prefix.tsv"
    result[${prefix}_vmrss]="$(memory_mb "$runtime_pid" VmRSS)"
    result[${prefix}_vmhwm]="$(memory_mb "$runtime_pid" VmHWM)"

    # Later calls of the last events, if any, land shortly after, so wait until counts settle.
    local previous="" current
    while true; do
        sleep 2
        current="$(stub_stats | awk -F'\t' '{total += $2} END {print total + 0}')"
        [[ "$current" == "$previous" ]] && break
        previous="$current"
    done
    stub_stats >"$work_dir/stub-$prefix.tsv"
    result[${prefix}_cpu_ms]="$(awk -v a="$cpu_start" -v b="$cpu_end" -v n="$count" \
        'BEGIN {printf "%.2f", (b - a) * 1000 / n}')"
    result[${prefix}_calls_per_event]="$(awk -F'\t' -v n="$count" '$1 ~ / \/contacts/ {c += $2}
        END {printf "%.2f", c / n}' "$work_dir/stub-$prefix.tsv")"
    echo "GHL calls:         $(tr '\t' ' ' <"$work_dir/stub-$prefix.tsv" | awk '{printf "%s%s %s=%s", sep, $1, $2, $3; sep = ", "}')"
    echo "runtime:           VmRSS ${result[${prefix}_vmrss]} MB, VmHWM ${result[${prefix}_vmhwm]} MB" \
        "(-Xmx$runtime_heap); CPU $(awk -v a="$cpu_start" -v b="$cpu_end" 'BEGIN {printf "%.1f", b - a}') s," \
        "${result[${prefix}_cpu_ms]} ms per event; whole machine busy" \
        "$(awk -v a="$machine_start" -v b="$machine_end" 'BEGIN {printf "%.1f", b - a}') s"
    echo "store folder:      $(du -sm "$runtime_data_dir" | cut -f1) MB after the $((warmup + count)) events posted to" \
        "this runtime"
    echo "runtime CPU by thread:"
    thread_cpu_delta "$work_dir/threads-before-$prefix.tsv" "$work_dir/threads-after-$prefix.tsv"
}

run_e2e() {
    section "End to end: $events client.created events (wrk, 1 thread, $receiver_connections connections)"
    start_stub
    start_runtime e2e "$work_dir/data-e2e" "${stub_runtime_flags[@]}"
    result[e2e_ready_ms]="$runtime_ready_ms"
    echo "runtime ready after $runtime_ready_ms ms"
    measure_end_to_end e2e "$events" "$warmup_events"
    stop_runtime
    stop_ghl
}

run_receiver() {
    local paced_events=15000 warmup_events=5000
    section "Receiver: p99 accept latency at 500 events/s, then the max accepted rate"
    start_stub
    start_runtime receiver "$work_dir/data-receiver" "${stub_runtime_flags[@]}"
    # 30 s at 500 events/s; the first 10 s warm up the JIT and are left out of the percentiles. The driver then
    # waits for the GHL calls, so the backlog is drained before the wrk run.
    java bench/LoadDriver.java --receiver "http://127.0.0.1:$runtime_port" --stub "http://127.0.0.1:$ghl_port" \
        --secret "$secret" --scenario create --events "$paced_events" --warmup-events "$warmup_events" \
        --rate 500 --seed "$((RANDOM + 40000))" --timeout "$timeout_seconds" | tee "$work_dir/receiver-paced.txt" \
        || echo "LoadDriver failed; the figures below come from its report above."
    result[p99]="$(field "$work_dir/receiver-paced.txt" RESULT accept_p99_ms)"
    result[p50]="$(field "$work_dir/receiver-paced.txt" RESULT accept_p50_ms)"
    result[paced_rate]="$(field "$work_dir/receiver-paced.txt" RESULT accept_events_per_s)"
    # Each latency runs from its scheduled send time, so a driver that the host held back adds its own delay.
    result[send_lag]="$(field "$work_dir/receiver-paced.txt" RESULT max_send_lag_ms)"

    measure_accept_rate accept "$work_dir/events-accept.txt"
    stop_runtime
    stop_ghl

    # The same on a runtime that paces its GHL calls to GHL's own limit, as in production for the one location of
    # the events. The sync lanes then make 10 calls a second, and the receiver has the cores to itself.
    section "Receiver: max accepted rate while GHL's limit of 100 calls / 10 s paces the sync"
    start_stub
    start_runtime receiver-paced-sync "$work_dir/data-receiver-paced-sync" "${paced_runtime_flags[@]}"
    measure_accept_rate accept_paced "$work_dir/events-accept-paced.txt"
    stop_runtime
    stop_ghl
}

# Posts distinct signed events with wrk for 10 s after 2 s of warm-up and stores the rate of 202 responses in
# result[PREFIX_rate] and the count of other responses in result[PREFIX_other].
measure_accept_rate() {
    local prefix="$1" events_file="$2" accept_events=200000 warmup_events=10000
    java bench/LoadDriver.java --write-events "$events_file" --secret "$secret" \
        --events "$((accept_events + warmup_events))" --seed "$((RANDOM + 80000))" >/dev/null
    wrk -t 1 -c "$receiver_connections" -d 2s --timeout 30s -s bench/wrk/post-events.lua \
        "http://127.0.0.1:$runtime_port" -- "$events_file" 1 0 "$warmup_events" >/dev/null
    echo "wrk: 10 s of distinct client.created events, 1 thread, $receiver_connections connections:"
    local cpu_start
    cpu_start="$(cpu_seconds "$runtime_pid")"
    thread_ticks "$runtime_pid" >"$work_dir/threads-before-$prefix.tsv"
    wrk -t 1 -c "$receiver_connections" -d 10s --timeout 30s --latency -s bench/wrk/post-events.lua \
        "http://127.0.0.1:$runtime_port" -- "$events_file" 1 "$warmup_events" | tee "$work_dir/wrk-$prefix.txt"
    local cpu_end
    cpu_end="$(cpu_seconds "$runtime_pid")"
    thread_ticks "$runtime_pid" >"$work_dir/threads-after-$prefix.tsv"
    local accepted duration
    accepted="$(field "$work_dir/wrk-$prefix.txt" WRK accepted)"
    duration="$(field "$work_dir/wrk-$prefix.txt" WRK duration_s)"
    result[${prefix}_rate]="$(awk -v n="$accepted" -v s="$duration" 'BEGIN {printf "%.1f", n / s}')"
    echo "runtime CPU during the 10 s: $(awk -v a="$cpu_start" -v b="$cpu_end" -v n="$accepted" \
        'BEGIN {printf "%.1f s, %.3f ms per accepted event", b - a, (b - a) * 1000 / (n > 0 ? n : 1)}'), by thread:"
    thread_cpu_delta "$work_dir/threads-before-$prefix.tsv" "$work_dir/threads-after-$prefix.tsv"
    result[${prefix}_other]="$(field "$work_dir/wrk-$prefix.txt" WRK other)"
    if [[ "$accepted" == "$accept_events" ]]; then
        echo "NOTE: all $accept_events events were accepted before the 10 s ended, so the rate is a lower bound."
    fi
    echo "max accepted rate: ${result[${prefix}_rate]} events/s (202 responses in $duration s)"
}

run_mix() {
    local mix_events=4000
    section "GHL calls per event: mix of $mix_events events (LoadDriver, 16 connections)"
    start_stub
    start_runtime mix "$work_dir/data-mix" "${stub_runtime_flags[@]}"
    java bench/LoadDriver.java --receiver "http://127.0.0.1:$runtime_port" --stub "http://127.0.0.1:$ghl_port" \
        --secret "$secret" --scenario mix --events "$mix_events" --concurrency 16 --seed "$((RANDOM + 120000))" \
        --timeout "$timeout_seconds" | tee "$work_dir/mix.txt" \
        || echo "LoadDriver failed; the figures below come from its report above."
    result[calls_create]="$(field "$work_dir/mix.txt" RESULT calls_per_create)"
    result[calls_update]="$(field "$work_dir/mix.txt" RESULT calls_per_update)"
    result[calls_surplus]="$(field "$work_dir/mix.txt" RESULT surplus_contact_calls)"
    stop_runtime
    stop_ghl
}

# Runs LoadDriver once against the sandbox, with the runtime's limiter set to BUDGET (N/SECONDS) or lifted.
sandbox_driver_run() {
    local label="$1" budget="$2"
    shift 2
    local sandbox_flags=(--latency "$sandbox_latency") runtime_flags=() args=("$@")
    if [[ -n "$budget" ]]; then
        local calls="${budget%/*}" seconds="${budget#*/}"
        sandbox_flags+=(--rate-limit "$calls" --rate-window "$seconds")
        runtime_flags=("-Dghl.rate-limit.max-requests=$calls" "-Dghl.rate-limit.period-ms=$((seconds * 1000))")
        args+=(--rate-limit "$calls" --rate-window-ms "$((seconds * 1000))")
    else
        sandbox_flags+=(--rate-limit 0)
        runtime_flags=("${stub_runtime_flags[@]}")
    fi
    start_sandbox "${sandbox_flags[@]}"
    start_runtime "$label" "$work_dir/data-$label" "${runtime_flags[@]}"
    local cpu_start
    cpu_start="$(cpu_seconds "$runtime_pid")"
    local status=0
    java bench/LoadDriver.java --receiver "http://127.0.0.1:$runtime_port" --sandbox "http://127.0.0.1:$ghl_port" \
        --secret "$secret" "${args[@]}" | tee "$work_dir/$label.txt" || status=$?
    echo "runtime: VmRSS $(memory_mb "$runtime_pid" VmRSS) MB, VmHWM $(memory_mb "$runtime_pid" VmHWM) MB," \
        "CPU $(awk -v a="$cpu_start" -v b="$(cpu_seconds "$runtime_pid")" 'BEGIN {printf "%.1f", b - a}') s" \
        "during the run; $(grep -c -E ' (WARN|ERROR) ' "$work_dir/runtime-$label.log" || true) WARN/ERROR log lines"
    stop_runtime
    stop_ghl
    return "$status"
}

run_budget() {
    section "Rate budget: $budget_events queued events for one location, sandbox limit 100 calls / 10 s"
    sandbox_driver_run budget 100/10 --scenario create --events "$budget_events" --concurrency 16 \
        --seed "$((RANDOM + 160000))" --timeout "$timeout_seconds" \
        || echo "LoadDriver failed; the figures below come from its report above."
    result[budget_use]="$(field "$work_dir/budget.txt" RESULT budget_utilisation)"
    result[budget_429]="$(field "$work_dir/budget.txt" RESULT ghl_429)"
}

run_driver() {
    section "LoadDriver against the sandbox: ${driver_args[*]:-default options}"
    sandbox_driver_run driver "$ghl_budget" "${driver_args[@]}"
}

run_startup() {
    section "Start-up to ready (3 starts with an empty store, then 3 with a class data archive)"
    start_stub
    local times=() run
    for run in 1 2 3; do
        start_runtime "startup-$run" "$work_dir/data-startup-$run"
        times+=("$runtime_ready_ms")
        echo "start $run: ready after $runtime_ready_ms ms"
        stop_runtime
    done
    result[startup_runs]="${times[*]}"
    result[startup_ms]="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"

    # Written as docs/operations-guide.md describes: by the demo command, with the runtime's JVM options.
    local archive="$work_dir/privyr-ghl-sync.jsa" extra_options
    read -r -a extra_options <<<"${BENCH_RUNTIME_JAVA_OPTS:-}"
    "${BENCH_RUNTIME_JAVA:-java}" "-Xmx$runtime_heap" "${extra_options[@]}" -Xlog:cds=off \
        "-XX:ArchiveClassesAtExit=$archive" -jar "$jar" demo >"$work_dir/demo-archive.log" 2>&1
    echo "class data archive: $(du -m "$archive" | cut -f1) MB, written by the demo command"
    times=()
    for run in 1 2 3; do
        start_runtime "startup-archive-$run" "$work_dir/data-startup-archive-$run" "-XX:SharedArchiveFile=$archive"
        # The JVM starts without an archive that it cannot use, and prints a warning only to the runtime's output.
        if grep -q "Unable to use shared archive" "$work_dir/runtime-startup-archive-$run.log"; then
            echo "The JVM did not use the class data archive; see $work_dir/runtime-startup-archive-$run.log." >&2
            exit 1
        fi
        times+=("$runtime_ready_ms")
        echo "start $run with the archive: ready after $runtime_ready_ms ms"
        stop_runtime
    done
    stop_ghl
    result[startup_archive_runs]="${times[*]}"
    result[startup_archive_ms]="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"
}

run_growth() {
    IFS=',' read -r -a sizes <<<"$growth_sizes"
    # Runs minutes apart on a shared machine differ by more than the 20% that growth is judged by. So the stores are
    # prefilled first, and each size runs between two empty-store runs, whose mean it is compared with.
    local size
    for size in "${sizes[@]}"; do
        section "Growth: prefilling a store with $size applied events"
        java -cp "$jar" bench/StorePrefill.java --data-dir "$work_dir/data-growth-$size" --events "$size" \
            --location stub-location | grep -v ' INFO ' || true
    done
    run_growth_once empty1 "$work_dir/data-growth-empty1" "an empty store"
    local index=1
    for size in "${sizes[@]}"; do
        run_growth_once "$size" "$work_dir/data-growth-$size" "$size applied events already in the store"
        index=$((index + 1))
        run_growth_once "empty$index" "$work_dir/data-growth-empty$index" "an empty store"
        result[growth_${size}_before]="${result[growth_empty$((index - 1))_rate]}"
        result[growth_${size}_after]="${result[growth_empty${index}_rate]}"
    done
    if [[ -z "${result[e2e_rate]:-}" ]]; then
        result[e2e_rate]="${result[growth_empty1_rate]}"
        result[e2e_cold_rate]="${result[growth_empty1_cold_rate]:-}"
        result[e2e_vmhwm]="${result[growth_empty1_vmhwm]}"
        result[e2e_vmrss]="${result[growth_empty1_vmrss]}"
    fi
}

# Runs the end-to-end figure on a fresh runtime over DATA_DIR, stores its figures under result[growth_LABEL_*] and
# deletes the store.
run_growth_once() {
    local label="$1" data_dir="$2" description="$3"
    section "Growth: end to end with $description"
    start_stub
    start_runtime "growth-$label" "$data_dir" "${stub_runtime_flags[@]}"
    result[growth_${label}_ready_ms]="$runtime_ready_ms"
    echo "runtime ready after $runtime_ready_ms ms"
    measure_end_to_end "growth_$label" "$events" "$warmup_events"
    stop_runtime
    stop_ghl
    rm -rf "$data_dir"
}

# Prints "yes" when the comparison "VALUE OP TARGET" holds, "no" when not, and "?" when VALUE is not a number.
met() {
    awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
        if (v !~ /^-?[0-9.]+$/) { print "?"; exit }
        ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0)
        print ok ? "yes" : "no" }'
}

print_table() {
    local cores
    cores="$(nproc)"
    echo
    echo "== Results on $cores cores ($(machine_load), SHA-256 of 32 MB in $(core_speed) ms at the end)"
    echo
    echo "| Figure | Target | Measured | Met |"
    echo "|---|---|---|---|"
    if [[ -n "${result[stub_vertx]:-}" ]]; then
        echo "| GHL stub alone (wrk) | none; must exceed the runtime's GHL calls | Vert.x ${result[stub_vertx]}/s," \
            "JDK HttpServer ${result[stub_jdk]}/s | |"
    fi
    if [[ -n "${result[client]:-}" ]]; then
        echo "| HttpClient 5 loop, $sync_workers threads | none; the ceiling the sync is compared with |" \
            "${result[client]} calls/s | |"
    fi
    if [[ -n "${result[e2e_rate]:-}" ]]; then
        local cold=""
        if [[ -n "${result[e2e_cold_rate]:-}" ]]; then
            cold=" after $warmup_events events of warm-up (the warm-up itself: ${result[e2e_cold_rate]} events/s)"
        fi
        local share=""
        if [[ -n "${result[client]:-}" ]]; then
            share="$(awk -v e="${result[e2e_rate]}" -v c="${result[client]}" \
                'BEGIN {printf "; %.1f%% of the HttpClient loop'"'"'s calls/s", 100 * e / c}')"
        fi
        echo "| End to end, $events creates | ≥ 5,000 events/s on 2 cores | ${result[e2e_rate]} events/s" \
            "on $cores cores ($receiver_connections connections)$cold$share | $(met "${result[e2e_rate]}" ">=" 5000) |"
    fi

    if [[ -n "${result[accept_rate]:-}" ]]; then
        echo "| Receiver: accepted events/s, sync draining at full speed | ≥ 10,000/s | ${result[accept_rate]}/s" \
            "($receiver_connections connections, ${result[accept_other]} other than 202/200) |" \
            "$(met "${result[accept_rate]}" ">=" 10000) |"
    fi
    if [[ -n "${result[p99]:-}" ]]; then
        echo "| Receiver: p99 accept latency at 500 events/s | ≤ 20 ms | ${result[p99]} ms (p50 ${result[p50]} ms," \
            "offered 500/s, achieved ${result[paced_rate]}/s; the load driver's latest send was" \
            "${result[send_lag]:-?} ms behind its schedule) | $(met "${result[p99]}" "<=" 20) |"
    fi
    if [[ -n "${result[accept_paced_rate]:-}" ]]; then
        echo "| Receiver: accepted events/s, sync paced by GHL's 100 calls / 10 s | ≥ 10,000/s |" \
            "${result[accept_paced_rate]}/s ($receiver_connections connections, ${result[accept_paced_other]} other" \
            "than 202/200) |" \
            "$(met "${result[accept_paced_rate]}" ">=" 10000) |"
    fi

    if [[ -n "${result[calls_create]:-}" ]]; then
        echo "| GHL calls per create | ≤ 1.1 | ${result[calls_create]} | $(met "${result[calls_create]}" "<=" 1.1) |"
        echo "| GHL calls per one-field update | ≤ 1.0 | ${result[calls_update]} |" \
            "$(met "${result[calls_update]}" "<=" 1.0) |"
        echo "| GHL calls for no-op updates and repeats | 0 | ${result[calls_surplus]} (contact calls of no create" \
            "and beyond one PUT per update) | $(met "${result[calls_surplus]}" "<=" 0) |"
    fi

    if [[ -n "${result[budget_use]:-}" ]]; then
        local share
        share="$(awk -v u="${result[budget_use]}" 'BEGIN {printf "%.1f", u * 100}')"
        echo "| Rate budget use, $budget_events queued events, 100 calls / 10 s | ≥ 97%, 0 answers of 429 |" \
            "$share%, ${result[budget_429]} of 429 | $(met "$share" ">=" 97)$([[ "${result[budget_429]}" == 0 ]] \
            || echo ", 429s") |"
    fi

    if [[ -n "${result[startup_ms]:-}" ]]; then
        local seconds
        seconds="$(awk -v ms="${result[startup_ms]}" 'BEGIN {printf "%.2f", ms / 1000}')"
        echo "| Start-up to ready | ≤ 3 s | median $seconds s of 3 starts (${result[startup_runs]// / ms, } ms)" \
            "| $(met "$seconds" "<=" 3) |"
    fi
    if [[ -n "${result[startup_archive_ms]:-}" ]]; then
        local seconds
        seconds="$(awk -v ms="${result[startup_archive_ms]}" 'BEGIN {printf "%.2f", ms / 1000}')"
        echo "| Start-up to ready with a class data archive | ≤ 3 s | median $seconds s of 3 starts" \
            "(${result[startup_archive_runs]// / ms, } ms) | $(met "$seconds" "<=" 3) |"
    fi
    if [[ -n "${result[e2e_vmhwm]:-}" ]]; then
        echo "| Resident memory under the throughput run (-Xmx$runtime_heap) | ≤ 300 MB |" \
            "VmHWM ${result[e2e_vmhwm]} MB, VmRSS ${result[e2e_vmrss]} MB | $(met "${result[e2e_vmhwm]}" "<=" 300) |"
    fi

    local size
    for size in ${growth_sizes//,/ }; do
        if [[ -n "${result[growth_${size}_rate]:-}" && -n "${result[growth_${size}_before]:-}" \
            && -n "${result[growth_${size}_after]:-}" ]]; then
            local baseline change
            baseline="$(awk -v a="${result[growth_${size}_before]}" -v b="${result[growth_${size}_after]}" \
                'BEGIN {printf "%.1f", (a + b) / 2}')"
            change="$(awk -v g="${result[growth_${size}_rate]}" -v e="$baseline" \
                'BEGIN {printf "%+.1f", (g / e - 1) * 100}')"
            echo "| Growth: $size events in the store | within 20% of the empty store |" \
                "${result[growth_${size}_rate]} events/s (${change}% against $baseline, the mean of the empty-store" \
                "runs just before and after: ${result[growth_${size}_before]} and ${result[growth_${size}_after]})," \
                "ready after ${result[growth_${size}_ready_ms]} ms | $(met "${change#[+-]}" "<=" 20) |"
        fi
    done
}

echo "privyr-ghl-sync benchmarks on $(nproc) CPUs, $(machine_load), SHA-256 of 32 MB in $(core_speed) ms at the start; figures: ${figures[*]}"
for figure in "${figures[@]}"; do
    "run_$figure"
done
if [[ "${figures[*]}" != "driver" ]]; then
    print_table | tee "$work_dir/summary.md"
fi
