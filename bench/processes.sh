# Process and measurement helpers of bench/run.sh, sourced by it: starting and stopping the runtime, the GHL stub
# and the sandbox on 127.0.0.1, waiting for them, and reading CPU time and memory from /proc.
#
# The caller sets: jar, work_dir, runtime_port, management_port, ghl_port, runtime_heap, secret, jfr_file.

runtime_pid=""
ghl_pid=""
ghl_kind=""
# Milliseconds from the runtime's launch until its readiness check returned 200, set by start_runtime.
runtime_ready_ms=""

# Prints the current time in epoch milliseconds.
now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# Prints "load average 1.23 0.98 0.75 (2 CPUs)" for the record of each run.
machine_load() {
    echo "load average $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
}

# Prints the wall-clock time of a fixed single-core task, the SHA-256 of 32 MB of zeros, best of three. On a shared
# virtual machine the same task can take twice as long from one minute to the next, and so can every figure.
core_speed() {
    local best="" run started elapsed
    for run in 1 2 3; do
        started="$(now_ms)"
        head -c 32M /dev/zero | sha256sum >/dev/null
        elapsed=$(($(now_ms) - started))
        if [[ -z "$best" ]] || ((elapsed < best)); then
            best="$elapsed"
        fi
    done
    echo "$best"
}

# Waits until URL returns HTTP status WANT (any status when WANT is empty) while the process PID stays alive.
wait_for_http() {
    local name="$1" pid="$2" url="$3" log="$4" want="${5:-}" timeout="${6:-120}"
    local deadline=$((SECONDS + timeout))
    local code
    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "The $name exited during start-up; its log ($log) ends with:" >&2
            tail -n 20 "$log" >&2
            exit 1
        fi
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
        if [[ -n "$want" && "$code" == "$want" ]] || [[ -z "$want" && "$code" != "000" && -n "$code" ]]; then
            return 0
        fi
        if ((SECONDS > deadline)); then
            echo "The $name did not return ${want:-any status} on $url within $timeout s; see $log." >&2
            exit 1
        fi
        sleep 0.05
    done
}

# Starts the benchmark GHL stub (bench/GhlStub.java) with the given extra options.
start_stub() {
    local log="$work_dir/stub-$(now_ms).log"
    java -cp "$jar" bench/GhlStub.java --port "$ghl_port" "$@" >"$log" 2>&1 &
    ghl_pid=$!
    ghl_kind="stub"
    wait_for_http "GHL stub" "$ghl_pid" "http://127.0.0.1:$ghl_port/_stub/stats" "$log" 200
    # The stub's own JIT warm-up would otherwise take CPU from the runtime during the first seconds of a figure.
    wrk -t 1 -c 32 -d 3s -s bench/wrk/stub-upsert.lua "http://127.0.0.1:$ghl_port" >/dev/null
    stub_reset
}

# Starts the product's GHL sandbox with the given extra options, such as --rate-limit 0.
start_sandbox() {
    local log="$work_dir/sandbox-$(now_ms).log"
    java -jar "$jar" sandbox --port "$ghl_port" "$@" >"$log" 2>&1 &
    ghl_pid=$!
    ghl_kind="sandbox"
    wait_for_http "GHL sandbox" "$ghl_pid" "http://127.0.0.1:$ghl_port/_sandbox/requests" "$log" 200
}

# Starts the runtime as LABEL on DATA_DIR against the running stub or sandbox, with extra JVM options, and waits
# until GET /observe/health/ready on the management port returns 200. Sets runtime_pid, runtime_ready_ms and
# runtime_data_dir.
start_runtime() {
    local label="$1" data_dir="$2"
    shift 2
    runtime_data_dir="$data_dir"
    local log="$work_dir/runtime-$label.log"
    # The sandbox accepts only its default location and token (docs/sandbox.md), and the stub accepts any.
    local location="sandbox-location" token="pit-sandbox-token"
    if [[ "$ghl_kind" == "stub" ]]; then
        location="stub-location"
        token="pit-bench-token"
    fi
    local jvm_flags=("-Xmx$runtime_heap")
    # Extra JVM options, split on spaces, such as BENCH_RUNTIME_JAVA_OPTS="-XX:+UseSerialGC".
    local extra_options
    read -r -a extra_options <<<"${BENCH_RUNTIME_JAVA_OPTS:-}"
    jvm_flags+=("${extra_options[@]}" "$@")
    if [[ -n "$jfr_file" ]]; then
        local recording="${jfr_file%.jfr}-$label.jfr"
        # Stacks of up to 256 frames: at JFR's default of 64, about 40% of the sync lanes' stacks lose their callers.
        jvm_flags+=("-XX:FlightRecorderOptions:stackdepth=256"
            "-XX:StartFlightRecording=filename=$recording,settings=profile,dumponexit=true")
        echo "JFR recording of the runtime: $recording (written when the runtime stops)"
    fi
    local launched
    launched="$(now_ms)"
    # BENCH_RUNTIME_ENV is split on spaces on purpose, because each word is one NAME=VALUE pair for env.
    # shellcheck disable=SC2086
    PORT="$runtime_port" HOST=127.0.0.1 MANAGEMENT_PORT="$management_port" MANAGEMENT_HOST=127.0.0.1 \
        DATA_DIR="$data_dir" PRIVYR_WEBHOOK_SECRET="$secret" GHL_BASE_URL="http://127.0.0.1:$ghl_port" \
        GHL_LOCATION_ID="$location" GHL_PRIVATE_TOKEN="$token" \
        env ${BENCH_RUNTIME_ENV:-} "${BENCH_RUNTIME_JAVA:-java}" "${jvm_flags[@]}" -jar "$jar" run >"$log" 2>&1 &
    runtime_pid=$!
    wait_for_http "runtime" "$runtime_pid" "http://127.0.0.1:$management_port/observe/health/ready" "$log" 200
    runtime_ready_ms=$(($(now_ms) - launched))
}

# Stops the process PID with SIGTERM and waits for it. A PID that already exited is skipped.
stop_pid() {
    local pid="$1"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}

stop_runtime() {
    stop_pid "$runtime_pid"
    runtime_pid=""
}

stop_ghl() {
    stop_pid "$ghl_pid"
    ghl_pid=""
    ghl_kind=""
}

# Prints the user+system CPU seconds of a process from /proc/PID/stat.
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
        # A thread that ended after the glob was expanded has no stat file left to read, so it is skipped.
        sed -E 's/^[0-9]+ \((.*)\) (.*)$/\1\t\2/' "$stat" 2>/dev/null \
            | awk -F'\t' '{split($2, f, " "); name = $1; gsub(/[0-9]+/, "N", name); print name "\t" f[12] + f[13]}' \
            || true
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

# Prints the GHL stub's counters: one "kind<TAB>count<TAB>request bytes<TAB>last arrival ms" line per kind.
stub_stats() {
    curl -s --max-time 5 "http://127.0.0.1:$ghl_port/_stub/stats?format=text"
}

stub_reset() {
    curl -s --max-time 5 -X POST -o /dev/null "http://127.0.0.1:$ghl_port/_stub/reset"
}
