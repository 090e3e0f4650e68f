#!/usr/bin/env bash
# The scale figures of docs/PERFORMANCE.md: synthetic frameworks at 1/16, 4/16 and 16/16 of
# ESCO (16/16 = 13,500 skills, 3,000 roles x 40 expectations, 500 pathways, 20,000
# resources), timed with hyperfine (median) and measured for peak memory (/usr/bin/time).
#
#   cargo build --release --bins --examples && benches/scale.sh [folder for the frameworks]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/pathway
root=${1:-/tmp/pathway-scale}
runs=${RUNS:-5}
mkdir -p "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATHWAY_HOME="$work/home" PATHWAY_TODAY=2026-11-21

median() { # hyperfine median wall time in seconds of one command; CPU time (mean) in $work/cpu
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/t.json" "$@" >/dev/null 2>&1
  jq -r '.results[0].user + .results[0].system' "$work/t.json" >"$work/cpu"
  jq -r '.results[0].median' "$work/t.json"
}
peak_mb() { # peak resident memory in MB
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'
}
ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }

# `validate` where this build has it; else the same load and full check through --data
# (`--data DIR roles` loads the folder, checks every rule and stops on any error).
validate=(validate)
if ! "$bin" validate >/dev/null 2>&1; then validate=(roles --format json); fi

echo "| scale | skills / roles / pathways / resources | YAML | \`--data DIR ${validate[*]}\` (CPU) | \`plan\`, cold | \`plan\`, cached | peak memory (validate / plan cold / plan cached) |"
echo "|---|---|---:|---:|---:|---:|---:|"
# 1, 4 and 16 sixteenths with taxonomy-like roles; 16b: ESCO counts with blueprint-rich roles.
for n in 1 4 16 16b; do
  dir=$root/x$n
  if [ ! -f "$dir/framework.yaml" ]; then
    extra=()
    [ "$n" = 16b ] && extra=(--blueprint-roles)
    target/release/examples/gen-framework "$dir" --sixteenths "${n%b}" "${extra[@]}" \
      --ratings "$root/x$n.ratings.yaml" 2>/dev/null
  fi
  role=$(sed -n 's/^to: //p' "$root/x$n.ratings.yaml")
  size=$(du -sb "$dir" | awk '{printf "%.1f", $1 / 1e6}')
  counts=$(grep -h -c '^- id:' "$dir"/skills/*.yaml | paste -sd+ | bc)/$(grep -h -c '^- id:' "$dir"/roles/*.yaml | paste -sd+ | bc)/$(grep -h -c '^- id:' "$dir"/pathways/*.yaml | paste -sd+ | bc)/$(grep -h -c '^- id:' "$dir"/resources/*.yaml | paste -sd+ | bc)
  plan=(--data "$dir" plan --ratings "$root/x$n.ratings.yaml" --to "$role" --format json)
  "$bin" "${plan[@]}" >/dev/null  # fails loudly if the plan does
  v=$(median "env PATHWAY_CACHE=off $bin --data $dir ${validate[*]}")
  vcpu=$(cat "$work/cpu")
  cold=$(median "env PATHWAY_CACHE=off $bin ${plan[*]}")
  env PATHWAY_CACHE="$work/cache" "$bin" "${plan[@]}" >/dev/null  # fills the cache
  warm=$(median "env PATHWAY_CACHE=$work/cache $bin ${plan[*]}")
  mv=$(PATHWAY_CACHE=off peak_mb "$bin" --data "$dir" "${validate[@]}")
  mc=$(PATHWAY_CACHE=off peak_mb "$bin" "${plan[@]}")
  mw=$(PATHWAY_CACHE="$work/cache" peak_mb "$bin" "${plan[@]}")
  label="$n/16"
  [ "$n" = 16b ] && label="16/16, blueprint roles"
  echo "| $label | ${counts//\// / } | $size MB | $(ms "$v") ($(ms "$vcpu")) | $(ms "$cold") | $(ms "$warm") | $mv / $mc / $mw MB |"
done

# history over 1,000 saved assessments, where this build has it.
if "$bin" history >/dev/null 2>&1; then
  target/release/examples/gen-assessments "$work/home" --count 1000 2>/dev/null
  echo
  echo "| \`history\`, 1,000 saved assessments | median | peak memory |"
  echo "|---|---:|---:|"
  echo "| \`pathway history\` | $(ms "$(median "$bin history")") | $(peak_mb "$bin" history) MB |"
  echo "| \`pathway history --format json\` | $(ms "$(median "$bin history --format json")") | $(peak_mb "$bin" history --format json) MB |"
fi
