#!/usr/bin/env bash
# What `cmake --install` and the Debian package put on a machine, used as a user
# would: installs into a staging prefix, checks the man pages and the systemd
# units, indexes the sample corpus with the installed hemicycle-index, searches
# it with the installed hemicycle-query, serves it with the installed
# hemicycle-serve and asks /healthz; then builds the Debian package and checks
# what it holds. Usage: run.sh BUILD_DIR WORK_DIR
set -euo pipefail
# With pipefail, `producer | grep -q` fails when grep stops at its first match
# and the producer is killed by SIGPIPE writing the rest (tar does when the file
# it extracts crosses one of its 10 KiB records): every check below reads a
# file or a variable, never a pipe.
here="$(cd "$(dirname "$0")" && pwd)"
build="$1"
work="$2"
stage="$work/stage"
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$stage" > "$work/install.log"

for program in hemicycle-index hemicycle-query hemicycle-serve; do
  [ -x "$stage/bin/$program" ] || fail "$program is not installed in bin/"
  page="$stage/share/man/man1/$program.1.gz"
  [ -f "$page" ] || fail "no man page for $program"
  if command -v man > /dev/null; then
    MANWIDTH=80 man -l "$page" > "$work/$program.rendered" 2> "$work/man.err" || fail "man -l $page failed"
    grep -q "^NAME" "$work/$program.rendered" || fail "the man page of $program does not render"
    [ ! -s "$work/man.err" ] || fail "the man page of $program: $(cat "$work/man.err")"
  fi
  # Every option the program's --help lists is described in its man page.
  gzip -dc "$page" | sed 's/\\-/-/g' > "$work/$program.man"
  for option in $("$stage/bin/$program" --help | sed -n 's/^ *\(-[a-zA-Z],\)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | sort -u); do
    [ "$option" = --help ] && continue
    grep -qE -- "${option}([^a-z-]|\$)" "$work/$program.man" || fail "the man page of $program does not describe $option"
  done
done
[ -f "$stage/share/hemicycle/synonyms.txt" ] || fail "the synonym list is not installed"
[ -f "$stage/share/doc/hemicycle/openapi.yaml" ] || fail "openapi.yaml is not installed"

units="$stage/lib/systemd/system"
grep -qx "ExecStart=$stage/bin/hemicycle-serve --db \${HEMICYCLE_INDEX} \$HEMICYCLE_SERVE_OPTIONS" \
  "$units/hemicycle-serve.service" || fail "hemicycle-serve.service does not run the installed program"
grep -qx "User=hemicycle" "$units/hemicycle-serve.service" || fail "the service does not run as its own user"
grep -qx "ReadOnlyPaths=$stage/var/lib/hemicycle" "$units/hemicycle-serve.service" || fail "the index is not read-only"
grep -qx "HEMICYCLE_INDEX=$stage/var/lib/hemicycle/index" "$stage/etc/default/hemicycle" || fail "etc/default/hemicycle"
if command -v systemd-analyze > /dev/null; then
  systemd-analyze verify --man=no "$units/hemicycle-serve.service" "$units/hemicycle-index.service" \
    "$units/hemicycle-index.timer" > "$work/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$work/verify.log")"
  if [[ "$(systemd-analyze security --help 2> /dev/null)" == *--offline* ]]; then
    systemd-analyze security --offline=yes --threshold=20 "$units/hemicycle-serve.service" > "$work/security.log" 2>&1 \
      || fail "hemicycle-serve.service is more exposed than 2.0 (systemd-analyze security): $(tail -1 "$work/security.log")"
  fi
fi

# The installed programs, as the units run them.
source_dir="$here/../.."
index="$stage/var/lib/hemicycle/index"
mkdir -p "$index"  # as the package's tmpfiles.d entry makes it, empty, before the first run
"$stage/bin/hemicycle-index" -q --db "$index" "$source_dir/sample/" || fail "the installed hemicycle-index failed"
"$stage/bin/hemicycle-query" --db "$index" --format csv -n 3 eau > "$work/eau.csv"
[ "$(head -c 10 "$work/eau.csv")" = $'\xEF\xBB\xBFid;url;' ] || fail "the installed hemicycle-query wrote no CSV"
[ "$(wc -l < "$work/eau.csv")" -eq 4 ] || fail "expected a header and 3 rows: $(cat "$work/eau.csv")"

"$stage/bin/hemicycle-serve" --db "$index" --port 0 > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
for _ in $(seq 200); do  # up to 20 s: the machine may be running the other tests
  grep -q "listening on" "$work/serve.out" && break
  sleep 0.1
done
url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.out")"
[ -n "$url" ] || fail "the installed hemicycle-serve did not start: $(cat "$work/serve.err")"
health="$(curl -sf "${url%/}/healthz")" || fail "/healthz did not answer"
[[ "$health" == *'"status":"ok"'* ]] || fail "/healthz: $health"
documents="$(echo "$health" | sed -n 's/.*"documents":\([0-9]*\).*/\1/p')"
[ "${documents:-0}" -gt 0 ] || fail "/healthz counts no document: $health"
kill "$server"
wait "$server" || fail "hemicycle-serve did not stop cleanly"
trap - EXIT

# The Debian package: its files where Debian expects them, and its dependencies.
if command -v dpkg-deb > /dev/null && command -v dpkg-shlibdeps > /dev/null; then
  (cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/package" > "$work/cpack.log" 2>&1) \
    || fail "cpack: $(tail -5 "$work/cpack.log")"
  deb="$(ls "$work"/package/hemicycle_*_*.deb)"
  dpkg-deb -c "$deb" | awk '{print $6}' > "$work/contents"
  for file in ./usr/bin/hemicycle-serve ./usr/bin/hemicycle-index ./usr/bin/hemicycle-query \
      ./usr/share/man/man1/hemicycle-serve.1.gz ./usr/lib/systemd/system/hemicycle-serve.service \
      ./usr/lib/systemd/system/hemicycle-index.timer ./usr/lib/sysusers.d/hemicycle.conf ./etc/default/hemicycle; do
    grep -qx "$file" "$work/contents" || fail "the package lacks $file"
  done
  [[ "$(dpkg-deb -f "$deb" Depends)" == *libxapian30* ]] || fail "the package does not depend on libxapian30"
  dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/hemicycle-serve.service > "$work/packaged.service" \
    || fail "cannot extract hemicycle-serve.service from the package"
  grep -qx 'ExecStart=/usr/bin/hemicycle-serve --db ${HEMICYCLE_INDEX} $HEMICYCLE_SERVE_OPTIONS' "$work/packaged.service" \
    || fail "the packaged unit does not run /usr/bin/hemicycle-serve: $(grep ExecStart "$work/packaged.service")"
fi
echo "installed, run and packaged: $documents documents served from $stage"
