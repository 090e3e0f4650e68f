#!/usr/bin/env bash
# Wall time of every read-only command on the embedded framework against `pathway --version`
# (hyperfine), as a Markdown table: the median over several rounds of the ratio within each
# round. See docs/PERFORMANCE.md.
#
#   cargo build --release --bins --examples && benches/startup.sh [path/to/pathway]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy, as `cargo install` makes: the linker's freshly written file sits in the page cache in
# small pages, and each fault on its code maps less of it than one on a copied or installed
# binary (or one read back from disk). The same bytes ran `assess` about 0.2 ms slower from
# target/release than as a copy (docs/PERFORMANCE.md).
bin="$work/pathway"
cp "${1:-target/release/pathway}" "$bin"
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

# The machine's speed drifts over seconds (a shared VM), and hyperfine times one command after
# the other: one long run lets the drift land on a single command. So: ROUNDS short runs of
# every command, a ratio within each round, and the median over the rounds. Single rounds
# still range from under 1x to over 2x; 30 rounds of 60 runs (the default since nine rounds of
# 200 gave the median too few rounds to stand on) keep a round's commands within about a
# third of a second of each other.
for round in $(seq "${ROUNDS:-30}"); do
  hyperfine -N --style none --warmup 10 --runs "${RUNS:-60}" \
    --export-json "$work/round-$round.json" "${commands[@]}" >/dev/null 2>"$work/hyperfine.log" \
    || { cat "$work/hyperfine.log" >&2; exit 1; }
done

# Wall time is the target; CPU time (user + system) is shown too, as it moves less when
# other programs share the machine.
jq -rs --arg bin "$bin" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def ms: . * 1000 * 100 | round / 100;
  def x: . * 100 | round / 100;
  . as $rounds
  | "| command | wall | ratio | CPU | ratio | ratio range over \($rounds | length) rounds |",
    "|---|---:|---:|---:|---:|---:|",
    (range(0; $rounds[0].results | length) as $i
     | [$rounds[] | .results[$i].median / .results[0].median] as $wall
     | [$rounds[] | (.results[$i].user + .results[$i].system) / (.results[0].user + .results[0].system)] as $cpu
     | "| `\($rounds[0].results[$i].command | sub("^\($bin)"; "pathway") | sub("/tmp/[^ ]*/ratings.yaml"; "R"))` | \([$rounds[] | .results[$i].median] | median | ms) ms | \($wall | median | x)× | \([$rounds[] | .results[$i].user + .results[$i].system] | median | ms) ms | \($cpu | median | x)× | \($wall | min | x)–\($wall | max | x)× |")
' "$work"/round-*.json
