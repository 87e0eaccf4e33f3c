#!/usr/bin/env bash
# The search page in a real headless browser: indexes the test fixtures, starts
# hemicycle-serve on a free port of 127.0.0.1, and runs search_page.test.mjs
# (playwright-core driving Debian's chromium). Usage: run.sh BIN_DIR WORK_DIR
# Exits 77 (skipped) only when chromium or node is not installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../data"
bin_dir="$1"
work="$2"
chromium_path="${HEMICYCLE_CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium_path" ] || ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "skipped: $chromium_path, node or npm is missing (scripts/install-deps.sh installs them)"
  exit 77
fi

mkdir -p "$work"
# node_modules live in the build tree; npm ci again only when the lock file changed.
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

rm -rf "$work/index" "$work/screenshots"
mkdir -p "$work/screenshots"
"$bin_dir/hemicycle-index" -q --db "$work/index" "$data/e2e/questions.jsonl" "$data/precedent/records.jsonl" \
  "$data/precedent/answers.jsonl" "$data/server/ajout.jsonl" "$data/server/suivi.jsonl"

"$bin_dir/hemicycle-serve" --db "$work/index" --port 0 > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true' EXIT
base=""
for _ in $(seq 100); do
  base="$(sed -n 's|^hemicycle-serve: listening on \(http://[^ ]*\)/$|\1|p' "$work/serve.out")"
  [ -n "$base" ] && break
  kill -0 "$server" 2> /dev/null || { cat "$work/serve.err"; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "hemicycle-serve did not start"; exit 1; }

cp "$here/search_page.test.mjs" "$work/"
HEMICYCLE_URL="$base" HEMICYCLE_CHROMIUM="$chromium_path" HEMICYCLE_SCREENSHOTS="$work/screenshots" \
  node "$work/search_page.test.mjs"
