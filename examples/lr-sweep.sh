#!/usr/bin/env bash
# Train the multivariate example at several learning rates and tabulate the final cost of each run from --json.
# A rate full-batch SGD cannot converge at is refused before training (exit 2, "diverges on this data": unstable);
# one that diverges all the same is reported by its exit code (5: diverged); neither is a crash. "auto" is the rate
# linreg derives from the data's curvature.
# Usage: examples/lr-sweep.sh [rates...]            (LINREG=path/to/linreg to use another build)
set -uo pipefail
linreg=${LINREG:-linreg}
here=$(cd "$(dirname "$0")" && pwd)
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(1e-6 1e-5 2e-5 1e-4 auto)

printf 'lr\tfinal_cost\tstatus\n'
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
for lr in "${rates[@]}"; do
  json=$("$linreg" train "$here/scores.csv" --lr "$lr" --epochs 1000 --json --quiet 2>"$errors")
  status=$?
  if [ $status -eq 0 ]; then
    cost=$(printf '%s\n' "$json" | sed -n 's/^  "finalCost": \(.*\),$/\1/p')
    printf '%s\t%s\tok\n' "$lr" "$cost"
  elif [ $status -eq 2 ] && grep -q 'diverges on this data' "$errors"; then
    printf '%s\t-\tunstable\n' "$lr"
  elif [ $status -eq 5 ]; then
    printf '%s\t-\tdiverged\n' "$lr"
  else
    cat "$errors" >&2
    exit $status
  fi
done
