#!/usr/bin/env bash
# Instructions executed by every read-only command on the embedded framework, whole process
# (dynamic loader included), against `pathway --version`, as a Markdown table. Counted by
# callgrind, so the figures repeat exactly for the same binary and inputs, whatever else the
# machine is doing: the check on a change that wall times (benches/startup.sh) are too noisy
# to show. Page faults come from `perf stat` where the kernel allows it. See docs/PERFORMANCE.md.
#
#   cargo build --release --bins --examples && benches/instructions.sh [path/to/pathway]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/pathway}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/gen-ratings senior-platform-engineer >"$work/ratings.yaml"
export PATHWAY_HOME="$work/home" PATHWAY_TODAY=2026-11-21

commands=(
  "--version"
  "roles"
  "role senior-platform-engineer --format json"
  "skills"
  "pathways"
  "assess --to senior-platform-engineer --ratings $work/ratings.yaml --no-save --format json"
  "plan --to senior-platform-engineer --ratings $work/ratings.yaml --format json"
)

count() { # instructions of one run
  valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$bin" $1 >/dev/null 2>"$work/vg" \
    || { cat "$work/vg" >&2; exit 1; }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/vg"
}
faults() { # page faults, mean of 20 runs, or "-" where perf cannot count them
  perf stat -x, -r 20 -e page-faults "$bin" $1 2>&1 >/dev/null | awk -F, '/page-faults/ { printf "%.0f", $1; found = 1 } END { if (!found) printf "-" }' \
    || printf -- "-"
}

echo "| command | instructions | ratio | page faults |"
echo "|---|---:|---:|---:|"
base=
for command in "${commands[@]}"; do
  n=$(count "$command")
  base=${base:-$n}
  label="pathway ${command//$work\/ratings.yaml/R}"
  printf '| `%s` | %s | %s× | %s |\n' "$label" "$(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" \
    "$(awk -v n="$n" -v b="$base" 'BEGIN { printf "%.2f", n / b }')" "$(faults "$command")"
done
