#!/usr/bin/env bash
# Installs what is missing, builds, indexes the sample corpus shipped in sample/
# and runs a sample search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
rm -rf build/sample.db
build/bin/hemicycle-index --db build/sample.db sample/
echo
echo '$ hemicycle-query --db build/sample.db "fermeture usine désindustrialisation"'
build/bin/hemicycle-query --db build/sample.db --facets "fermeture usine désindustrialisation"
