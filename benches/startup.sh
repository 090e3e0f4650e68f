#!/usr/bin/env bash
# Wall time of every read-only command on the embedded framework against `pathway --version`
# (hyperfine, median of many runs), as a Markdown table. See docs/PERFORMANCE.md.
#
#   cargo build --release --bins --examples && benches/startup.sh [path/to/pathway]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/pathway}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/gen-ratings senior-platform-engineer >"$work/ratings.yaml"
export PATHWAY_HOME="$work/home" PATHWAY_TODAY=2026-11-21

commands=(
  "$bin --version"
  "$bin roles"
  "$bin role senior-platform-engineer --format json"
  "$bin skills"
  "$bin pathways"
)
for command in "${commands[@]}"; do
  $command >/dev/null || { echo "failed: $command" >&2; exit 1; }
done
# assess and plan, where this build has them (they arrived with their own issues).
for command in \
  "$bin assess --to senior-platform-engineer --ratings $work/ratings.yaml --no-save --format json" \
  "$bin plan --to senior-platform-engineer --ratings $work/ratings.yaml --format json"; do
  if $command >/dev/null 2>&1; then
    commands+=("$command")
  else
    echo "skipped (not in this build): ${command#"$bin "}" >&2
  fi
done

hyperfine -N --style none --warmup 50 --runs "${RUNS:-500}" \
  --export-json "$work/times.json" "${commands[@]}" >/dev/null

# Wall time is the target; CPU time (user + system) is shown too, as it moves less when
# other programs share the machine.
jq -r --arg bin "$bin" '
  (.results[0].median) as $base
  | (.results[0].user + .results[0].system) as $cpu
  | "| command | wall, median | ratio | CPU, mean | ratio |",
    "|---|---:|---:|---:|---:|",
    (.results[] | "| `\(.command | sub("^\($bin)"; "pathway") | sub("/tmp/[^ ]*/ratings.yaml"; "R"))` | \(.median * 1000 * 100 | round / 100) ms | \(.median / $base * 100 | round / 100)× | \((.user + .system) * 1000 * 100 | round / 100) ms | \((.user + .system) / $cpu * 100 | round / 100)× |")
' "$work/times.json"
