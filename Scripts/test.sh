#!/usr/bin/env bash
# The README's test command (after Scripts/setup.sh): builds the package and its tests, failing on
# any compiler warning from our own Sources/ or Tests/; runs `swift test` (its closing lines are
# printed as they are); then lists everything the run did not check — every `SKIPPED:` line and
# every test Swift Testing or XCTest reports as skipped — and fails when that list is not empty.
#
# Extra arguments go to `swift test` (for example `--filter ClientsTests`).
# CRP_ALLOW_SKIPS=1 still lists the skips but does not fail on them (local runs only; CI never sets it).
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd -P)"
logs="$(mktemp -d "${TMPDIR:-/tmp}/crp-test.XXXXXX")"

echo "== swift build --build-tests"
swift build --build-tests 2>&1 | tee "$logs/build.log"
build_status=${PIPESTATUS[0]}
if [ "$build_status" -ne 0 ]; then
  echo "test.sh: the build failed (exit $build_status)" >&2
  exit "$build_status"
fi
# Warnings whose file is ours: a path under the repository, not under a build folder (dependencies).
ours="$(grep -E '^(/[^:]+):[0-9]+:[0-9]+: warning:' "$logs/build.log" \
  | grep -F "$repo/" | grep -vE "^$repo/\.build[^/]*/" | sort -u)"
if [ -n "$ours" ]; then
  echo
  echo "test.sh: compiler warnings in our sources (there must be none):" >&2
  echo "$ours" >&2
  exit 1
fi
echo "== no compiler warning in Sources/ or Tests/"

echo "== swift format lint --strict Sources Tests"
# The formatting of our code is checked, not argued about: .swift-format at the root holds the
# rules (`swift format -i -r -p Sources Tests Package.swift` applies them).
if ! swift format lint --strict -r -p Sources Tests Package.swift > "$logs/lint.log" 2>&1; then
  echo "test.sh: swift format found formatting problems (apply with: swift format -i -r -p Sources Tests Package.swift):" >&2
  head -40 "$logs/lint.log" >&2
  echo "($(grep -c 'warning:\|error:' "$logs/lint.log") findings)" >&2
  exit 1
fi
echo "== no formatting finding"

echo "== swift test $*"
swift test --skip-build "$@" 2>&1 | tee "$logs/test.log"
test_status=${PIPESTATUS[0]}

# What the run did not check: our own SKIPPED: lines (printed by a test whose program or data file
# is missing) and the test frameworks' own reports of skipped tests.
skips="$( { grep -E 'SKIPPED:' "$logs/test.log" | grep -vE '^[✔✘◇↳]' | sed -E 's/^.*(SKIPPED:)/\1/'
            grep -E '^[^ ]* Test .* skipped' "$logs/test.log"
            grep -E "^Test Case .* skipped" "$logs/test.log"; } | sort | uniq)"
echo
echo "== what this run did not check"
if [ -z "$skips" ]; then
  echo "nothing: no test was skipped"
else
  echo "$skips"
  echo "($(echo "$skips" | wc -l) skipped)"
fi
if [ "$test_status" -ne 0 ]; then
  echo "test.sh: swift test failed (exit $test_status)" >&2
  exit "$test_status"
fi
if [ -n "$skips" ] && [ "${CRP_ALLOW_SKIPS:-0}" != 1 ]; then
  echo "test.sh: tests were skipped; install what they need (Scripts/setup.sh)" >&2
  exit 1
fi
exit 0
