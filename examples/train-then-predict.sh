#!/usr/bin/env bash
# Train on the lesson's data, then predict for new x values read from standard input.
# Usage: examples/train-then-predict.sh            (LINREG=path/to/linreg to use another build)
set -euo pipefail
linreg=${LINREG:-linreg}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$linreg" train "$here/seed.csv" --model "$work/model.json" --quiet > /dev/null
printf 'x\n4\n5\n6\n' | "$linreg" predict --model "$work/model.json" --format csv
