#!/usr/bin/env bash
# Builds the embedded default store (Submissions/) of the reference paper with crp itself:
# init from the paper definition, register the three originals, attach their translations,
# review and include them. Usage: Scripts/make-default-store.sh [TARGET_DIR] (default: Submissions)
# Received dates are illustrative (the reference does not give them); both are within the deadline.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-$here/Submissions}
crp=${CRP:-$here/.build/debug/crp}
ref=$here/Tests/Fixtures/ctoc-cop-2020
export CRP_USER=secretariat
[ -e "$target/paper.yaml" ] && { echo "$target already holds a paper; remove it first" >&2; exit 1; }
mkdir -p "$target"
rmdir "$target" 2>/dev/null || true
CRP_NOW=2020-09-01T09:00:00Z "$crp" init "$target" --from "$ref/paper.yaml" >/dev/null
reg() { # file state language item received
  CRP_NOW=${5}T10:00:00Z "$crp" register "$ref/$1" --workspace "$target" --state "$2" --language "$3" --item "$4" --received "$5" 2>/dev/null
}
flow() { # id translation date
  CRP_NOW=${3}T09:00:00Z "$crp" translate "$1" "$ref/$2" --workspace "$target" --translator "UNODC (internal resources)" >/dev/null
  CRP_NOW=${3}T15:00:00Z "$crp" review "$1" --workspace "$target" >/dev/null
  CRP_NOW=${3}T16:00:00Z "$crp" include "$1" --workspace "$target" >/dev/null
}
m=$(reg morocco-item2.ar.txt Morocco ar 2 2020-09-18)
p2=$(reg peru-item2.es.txt Peru es 2 2020-09-25)
p3=$(reg peru-item3.es.txt Peru es 3 2020-09-25)
flow "$m" morocco-item2.en.txt 2020-10-02
flow "$p2" peru-item2.en.txt 2020-10-05
flow "$p3" peru-item3.en.txt 2020-10-05
echo "$target: $m $p2 $p3"
