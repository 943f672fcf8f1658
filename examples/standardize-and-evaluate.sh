#!/usr/bin/env bash
# Real-data workflow on examples/study.csv (60 students: hours studied, hours slept, previous score -> exam score):
# standardized features, a seeded validation split, SGD with momentum, then metrics on the whole file and a prediction.
# Usage: examples/standardize-and-evaluate.sh       (LINREG=path/to/linreg to use another build)
set -euo pipefail
linreg=${LINREG:-linreg}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$linreg" train "$here/study.csv" --standardize --momentum 0.9 --lr 0.05 --epochs 300 --log-every 0 \
  --validation-split 0.2 --seed 7 --model "$work/study.json" --quiet
"$linreg" evaluate --model "$work/study.json" "$here/study.csv"
printf 'hours_studied,hours_slept,previous_score\n6,7.5,70\n' | "$linreg" predict --model "$work/study.json"
