#!/usr/bin/env bash
# Makes each model of models.tsv and designs.tsv with the built linreg and exports it to NAME.onnx beside this script: the files
# make_onnx.py validates and runs with the peer's ONNX Runtime. Run from the repository root after
# 'dotnet build linreg-tool.sln -c Release':
#     bash tests/Linreg.Cli.Tests/Fixtures/onnx/export_models.sh
# then the peer (see make_onnx.py). OnnxExportTests checks that linreg still writes these graphs.
set -euo pipefail
here=tests/Linreg.Cli.Tests/Fixtures/onnx
linreg=(dotnet src/Linreg.Cli/bin/Release/net10.0/linreg.dll)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -v '^#' "$here/models.tsv" | while IFS=$'\t' read -r name data command reference options; do
    model="$work/$name.json"
    command=${command//\{data\}/$data}
    # shellcheck disable=SC2086 # the command is words separated by spaces, as the test splits it
    "${linreg[@]}" ${command//\{model\}/$model} --quiet > /dev/null
    # shellcheck disable=SC2086 # options are words too
    "${linreg[@]}" export --model "$model" -o "$here/$name.onnx" --quiet ${options:-}
    echo "$name.onnx ($reference)"
done
# designs.tsv by field (cut, not read: a field may be empty, and read would merge two tabs into one).
grep -v '^#' "$here/designs.tsv" | while IFS= read -r line; do
    field() { cut -f"$1" <<< "$line"; }
    name=$(field 1) data=$(field 2) formula=$(field 3) options=$(field 4) reference=$(field 5) export=$(field 6)
    model="$work/$name.json"
    formula_option=()
    if [ -n "$formula" ]; then formula_option=(--formula "$formula"); fi
    # shellcheck disable=SC2086 # options are words separated by spaces, as the test splits them
    "${linreg[@]}" train "$data" "${formula_option[@]}" $options -o "$model" --quiet > /dev/null
    # shellcheck disable=SC2086
    "${linreg[@]}" export --model "$model" -o "$here/$name.onnx" --quiet $export
    echo "$name.onnx (statsmodels: $reference)"
done
