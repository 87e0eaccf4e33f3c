#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test; then builds the suite
# again with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/) and
# runs it there. HEMICYCLE_SKIP_SANITIZE=1 runs the first stage only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "== Code format (.clang-format)"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"

if [ "${HEMICYCLE_SKIP_SANITIZE:-0}" = 1 ]; then exit 0; fi
echo "== Sanitizer stage (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DHEMICYCLE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1"
cmake --build build-asan -j "$(nproc)"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 900
