#!/bin/sh
# Measures how pathway handles hostile inputs: time and peak memory for each refusal.
# Usage: scripts/measure-bad-inputs.sh [path/to/pathway]   (default: target/debug/pathway)
# Needs GNU time (/usr/bin/time) and python3. Figures go in docs/ROBUSTNESS.md.
set -eu
bin=$(realpath "${1:-target/debug/pathway}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
python3 - <<'PY'
import os
lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 10):
    lines.append(f'a{i}: &a{i} [' + ','.join([f'*a{i-1}'] * 9) + ']')
bomb = '\n'.join(lines) + '\n'
for d in ['laughs', 'quadratic', 'deepflow', 'deepblock', 'huge', 'wide']:
    os.makedirs(d, exist_ok=True)
open('laughs/skills.yaml', 'w').write(bomb + 'skills: *a9\n')
open('ratings-laughs.yaml', 'w').write(bomb + 'kubernetes: *a9\n')
open('quadratic/skills.yaml', 'w').write(
    'big: &big [' + ','.join(['1'] * 20000) + ']\nskills: [' + ','.join(['*big'] * 2000) + ']\n')
open('deepflow/skills.yaml', 'w').write('skills: ' + '[' * 500000 + ']' * 500000 + '\n')
open('ratings-deep.yaml', 'w').write('kubernetes: ' + '[' * 500000 + ']' * 500000 + '\n')
open('deepblock/skills.yaml', 'w').write('skills:\n' + '- ' * 500000 + 'x\n')
with open('huge/skills.yaml', 'w') as f:
    f.truncate(4 << 30)
open('wide/skills.yaml', 'w').write('skills: [' + '1,' * 240000 + '1]\n')
PY
measure() {
    /usr/bin/time -f "%e s, max RSS %M KB, exit %x" "$bin" "$@" >/dev/null 2>err || true
    printf '%-48s %s\n' "pathway $*" "$(tail -1 err)"
}
export PATHWAY_HOME="$dir/home" PATHWAY_TODAY=2026-11-21
measure roles
measure --data laughs roles
measure validate laughs
measure --data quadratic roles
measure --data deepflow roles
measure --data deepblock roles
measure --data huge roles
measure --data wide roles
measure assess --to senior-platform-engineer --no-input --no-save --ratings ratings-laughs.yaml
measure assess --to senior-platform-engineer --no-input --no-save --ratings ratings-deep.yaml
measure plan --to senior-platform-engineer --ratings ratings-laughs.yaml
