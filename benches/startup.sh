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
# range from under 1x to over 2x, so the median of 30 rounds still moved by +-0.05 from one
# run of this script to the next (its sampling error, not the code). The default, 200 rounds
# of 10 runs after 2 warm-up runs, keeps each command's runs within a few hundredths of a
# second of the others' and the median's 95% interval about +-0.02 wide, in about as long.
# Warm-up runs stay: a run pays part of the cost of the process before it, so the first runs
# of each command after another are not its own (docs/PERFORMANCE.md).
for round in $(seq "${ROUNDS:-200}"); do
  hyperfine -N --style none --warmup "${WARMUP:-2}" --runs "${RUNS:-10}" \
    --export-json "$work/round-$round.json" "${commands[@]}" >/dev/null 2>"$work/hyperfine.log" \
    || { cat "$work/hyperfine.log" >&2; exit 1; }
done

# Wall time is the target; CPU time (user + system) is shown too, as it moves less when
# other programs share the machine. The interval is the distribution-free one for a median:
# the ratios ranked r and s, with r = n/2 - 0.98 sqrt(n) rounded down and s = 1 + n/2 +
# 0.98 sqrt(n) rounded up, hold the median between them with about 95% confidence.
jq -rs --arg bin "$bin" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def interval: sort as $s | ($s | length) as $n | ($n / 2 - 0.98 * ($n | sqrt)) as $low
    | (1 + $n / 2 + 0.98 * ($n | sqrt)) as $high
    | [$s[([($low | floor), 1] | max) - 1], $s[([($high | ceil), $n] | min) - 1]];
  def ms: . * 1000 * 100 | round / 100;
  def x: . * 100 | round / 100;
  . as $rounds
  | "| command | wall | ratio | 95% interval of the ratio | CPU | ratio | ratio range over \($rounds | length) rounds |",
    "|---|---:|---:|---:|---:|---:|---:|",
    (range(0; $rounds[0].results | length) as $i
     | [$rounds[] | .results[$i].median / .results[0].median] as $wall
     | [$rounds[] | (.results[$i].user + .results[$i].system) / (.results[0].user + .results[0].system)] as $cpu
     | ($wall | interval) as $ci
     | "| `\($rounds[0].results[$i].command | sub("^\($bin)"; "pathway") | sub("/tmp/[^ ]*/ratings.yaml"; "R"))` | \([$rounds[] | .results[$i].median] | median | ms) ms | \($wall | median | x)× | \($ci[0] | x)–\($ci[1] | x)× | \([$rounds[] | .results[$i].user + .results[$i].system] | median | ms) ms | \($cpu | median | x)× | \($wall | min | x)–\($wall | max | x)× |")
' "$work"/round-*.json
