#!/usr/bin/env bash
# Load test of hemicycle-serve with wrk, on 127.0.0.1 only: requests per second and
# p50/p99 latency for search (with and without facets) and similar-question requests.
# Usage: bench/bench_http.sh INDEX_DIR [BIN_DIR] [SECONDS] [CONNECTIONS] [SERVER_THREADS]
#   e.g. build/bin/hemicycle-index --db corpus.db ../shared/corpus/
#        bench/bench_http.sh corpus.db build/bin 15 8 4
set -euo pipefail
index="${1:?usage: bench_http.sh INDEX_DIR [BIN_DIR] [SECONDS] [CONNECTIONS] [SERVER_THREADS]}"
bin_dir="${2:-build/bin}"
seconds="${3:-15}"
connections="${4:-8}"
server_threads="${5:-4}"
command -v wrk > /dev/null || { echo "wrk is missing (scripts/install-deps.sh installs it)"; exit 1; }

work="$(mktemp -d -t hemicycle-bench-http-XXXXXX)"
"$bin_dir/hemicycle-serve" --db "$index" --port 0 --threads "$server_threads" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; rm -rf "$work"' EXIT
base=""
for _ in $(seq 100); do
  base="$(sed -n 's|^hemicycle-serve: listening on \(http://[^ ]*\)/$|\1|p' "$work/serve.out")"
  [ -n "$base" ] && break
  kill -0 "$server" 2> /dev/null || { cat "$work/serve.err"; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "hemicycle-serve did not start"; exit 1; }

# Each script cycles through its requests, one per call, so that no single query is cached.
cat > "$work/search.lua" <<'LUA'
local queries = {
  "agriculture", "loup%20troupeaux", "%22transition%20%C3%A9nerg%C3%A9tique%22", "h%C3%B4pital%20urgences",
  "rubrique%3Aenseignement", "pesticides%20OR%20glyphosate", "d%C3%A9serts%20m%C3%A9dicaux%20date%3A2022..",
  "logement%20social%20-%C3%A9tudiant", "ministere%3Aint%C3%A9rieur%20police", "amendement%20article%2012",
  "%C3%A9cole%20rurale%20fermeture", "eau%20potable%20s%C3%A9cheresse", "%C3%A9nergie%20prix%20boulangers",
}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/api/search?q=" .. queries[i] .. "&limit=10" .. (FACETS or ""))
end
LUA
sed 's/(FACETS or "")/"\&facets=1"/' "$work/search.lua" > "$work/search_facets.lua"
cat > "$work/similar.lua" <<'LUA'
local drafts = {
  "Mme la députée attire l'attention du ministre sur la fermeture des classes dans les écoles rurales et demande quelles mesures seront prises pour maintenir une offre scolaire de proximité.",
  "M. le député interroge le Gouvernement sur la multiplication des attaques de loups contre les troupeaux et sur l'indemnisation des éleveurs.",
  "Il appelle l'attention de la ministre de la santé sur la pénurie de médecins généralistes dans les zones rurales et les déserts médicaux.",
  "Elle interroge le ministre sur la hausse du prix de l'électricité pour les artisans boulangers et les petites entreprises.",
  "Il demande au Gouvernement quelles mesures sont prévues contre la sécheresse et pour préserver la ressource en eau potable des communes.",
}
local i = 0
request = function()
  i = i % #drafts + 1
  return wrk.format("POST", "/api/similar?limit=10", {["Content-Type"] = "text/plain; charset=utf-8"}, drafts[i])
end
LUA

echo "hemicycle-serve on $(nproc) cores, $server_threads server threads; wrk: $connections connections, ${seconds}s each"
echo "index: $index ($(curl -s "$base/healthz"))"
printf '%-22s %12s %10s %10s %10s %8s\n' "requests" "requests/s" "p50" "p90" "p99" "errors"
for name in search search_facets similar; do
  wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 10s --latency -s "$work/$name.lua" "$base" > "$work/$name.txt"
  rate="$(awk '/^Requests\/sec:/ {print $2}' "$work/$name.txt")"
  p50="$(awk '$1 == "50%" {print $2}' "$work/$name.txt")"
  p90="$(awk '$1 == "90%" {print $2}' "$work/$name.txt")"
  p99="$(awk '$1 == "99%" {print $2}' "$work/$name.txt")"
  errors="$(awk '/Non-2xx or 3xx responses:/ {print $NF} /Socket errors:/ {print "socket:" $0}' "$work/$name.txt")"
  printf '%-22s %12s %10s %10s %10s %8s\n' "$name" "$rate" "$p50" "$p90" "$p99" "${errors:-0}"
done
