#!/usr/bin/env bash
# Installs the Debian packages Hémicycle needs to build, test and run, if missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libxapian-dev xapian-tools libicu-dev libstemmer-dev libcli11-dev nlohmann-json3-dev
  libsimdjson-dev
  libzstd-dev zlib1g-dev zstd libjemalloc-dev libgtest-dev googletest clang-format
  libcpp-httplib-dev
  # The search page's browser test (tests/browser/) and the HTTP load test (bench/bench_http.sh).
  chromium wrk curl
)
# A nodejs from another source may bring its own npm; Debian's packages otherwise.
if ! command -v node > /dev/null; then packages+=(nodejs); fi
if ! command -v npm > /dev/null; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  # (a package of two architectures prints its status twice)
  [[ "$(dpkg-query -W -f='${Status}' "$p" 2> /dev/null)" == *"install ok installed"* ]] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
