#!/usr/bin/env bash
# Train the multivariate example at several learning rates and tabulate the final cost of each run from --json.
# A learning rate that diverges is reported by its exit code (5), not by a crash.
# Usage: examples/lr-sweep.sh [rates...]            (LINREG=path/to/linreg to use another build)
set -uo pipefail
linreg=${LINREG:-linreg}
here=$(cd "$(dirname "$0")" && pwd)
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(1e-6 1e-5 2e-5 1e-4)

printf 'lr\tfinal_cost\tstatus\n'
for lr in "${rates[@]}"; do
  json=$("$linreg" train "$here/scores.csv" --lr "$lr" --epochs 1000 --json --quiet 2>/dev/null)
  status=$?
  if [ $status -eq 0 ]; then
    cost=$(printf '%s\n' "$json" | sed -n 's/^  "finalCost": \(.*\),$/\1/p')
    printf '%s\t%s\tok\n' "$lr" "$cost"
  elif [ $status -eq 5 ]; then
    printf '%s\t-\tdiverged\n' "$lr"
  else
    exit $status
  fi
done
