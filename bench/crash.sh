#!/usr/bin/env bash
# Runs the crash-safety test in full. The runtime in its own process receives 1,000 events while it is killed with
# SIGKILL at random moments (10 times by default) and restarted. The test then checks that GHL (the sandbox) has
# every contact, task and note exactly once. CI runs the same test with 3 kills as part of `mvn verify`.
#
# Usage: bench/crash.sh [KILLS] [SEED]
set -euo pipefail

kills="${1:-10}"
seed="${2:-}"
repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_dir"

args=(-B -q test -Dtest=CrashSafetyTest -Dsurefire.failIfNoSpecifiedTests=false "-Dcrash.kills=$kills")
if [[ -n "$seed" ]]; then
    args+=("-Dcrash.seed=$seed")
fi
mvn "${args[@]}"
grep -h 'CrashSafetyTest seed' target/surefire-reports/*CrashSafetyTest-output.txt || true
echo "Crash-safety run passed with $kills kills."
