#!/usr/bin/env bash
# Lists the words whose pairs of adjacent words hemicycle-index indexes
# (data/phrase_pairs/common_words.txt): the unprefixed terms of an index that are
# in at least MIN_DOCUMENTS of its documents, sorted bytewise.
#
#   scripts/phrase_pairs/common_words.sh INDEX [MIN_DOCUMENTS] > data/phrase_pairs/common_words.txt
#
# The file's comment lines are written too. See data/phrase_pairs/README.md before
# changing the list: an index holds the pairs of the list it was written with.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 INDEX [MIN_DOCUMENTS]" >&2
  exit 2
fi
db=$1
min=${2:-2000}
if ! info=$(xapian-delve -v "$db" 2>&1); then
  echo "$0: $db: cannot open the index: $info" >&2
  exit 3
fi
documents=$(awk -F' = ' '$1 == "number of documents" {print $2}' <<<"$info")
echo "# The words whose pairs of adjacent words are indexed (data/phrase_pairs/README.md):"
echo "# the terms in at least $min of the $documents documents of the index they were listed from."
xapian-delve -a -1 -v "$db" | awk -v min="$min" 'NR > 1 && $1 !~ /^[A-Z]/ && $2 >= min {print $1}' | LC_ALL=C sort
