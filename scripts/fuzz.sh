#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, build-fuzz/) and runs each for a bounded time,
# one after the other. Corpora grow in build-fuzz/corpus/<target>/; an input that
# crashes a target is left in build-fuzz/findings/<target>/: copy it to
# tests/data/robustness/crashers/<target>/ once fixed, so that test_crashers replays it.
#
#   scripts/fuzz.sh                      every target, 60 s each
#   scripts/fuzz.sh -t 300 loader html   these targets, 300 s each
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
while getopts "t:h" option; do
  case "$option" in
    t) seconds="$OPTARG" ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
all_targets=(text_formats an_json flat_csv html loader analyzer query_parser)
targets=("${@:-${all_targets[@]}}")

build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DHEMICYCLE_FUZZ=ON -DHEMICYCLE_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

# Seeds: the project's own fixtures, by the kind of input each target reads.
seeds_for() {
  case "$1" in
    text_formats | analyzer) echo tests/data/text ;;
    an_json) echo tests/data/an_json ;;
    flat_csv) echo tests/data/flat ;;
    html) echo tests/data/an_json ;;
    loader) echo tests/data/text tests/data/an_json tests/data/flat ;;
    query_parser) echo tests/data/search ;;
  esac
}

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  findings="$build/findings/$target"
  mkdir -p "$corpus" "$findings"
  echo "== fuzz_$target for ${seconds}s"
  # shellcheck disable=SC2046
  if ! "$build/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" $(seeds_for "$target") 2>"$build/fuzz_$target.log"; then
    echo "fuzz_$target found a problem: see $build/fuzz_$target.log and $findings/"
    status=1
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$build/fuzz_$target.log" || true
done
exit $status
