#!/usr/bin/env bash
# Whole-process benchmarks of linreg, side by side with the PyTorch scripts it is measured against.
#
#   bench/run.sh [--quick] [--micro|--no-micro] [--no-build] [--keep-data] [--wait-idle[=S]]
#
#   --quick      100k rows instead of 1M, fewer runs, no micro-benchmarks: a smoke test of about a minute or two
#   --micro      also run the BenchmarkDotNet ingest and predict micro-benchmarks (default in full mode; --no-micro skips it)
#   --no-build   use the linreg and generator already built in .artifacts-bench/
#   --keep-data  keep the generated data sets (default: keep the small ones, delete the multi-GB stream file)
#   --wait-idle[=S]  before measuring, wait up to S seconds (default 600) for the 1-minute load average to fall below 1
#
# It publishes linreg into .artifacts-bench/linreg (git-ignored), generates the data into .artifacts-bench/data
# (LINREG_BENCH_DATA overrides; it must lie inside the repository when PyTorch runs in the peer chroot, which
# bind-mounts only the repository), measures wall time with hyperfine and peak memory with /usr/bin/time, prints a
# markdown table and writes it to bench/results/latest.md (latest-quick.md for --quick).
#
# PyTorch: taken from the Debian chroot built by peer-chroot.sh (${PEER_ROOT:-/tmp/peer}) when it exists, else from
# a host python3 that can import torch and pandas, else the PyTorch columns read n/a. linreg runs on the host; the
# PyTorch scripts run in the chroot through a direct `chroot` call (same kernel, CPU and page cache).
set -Eeuo pipefail
trap 'echo "[bench] error: bench/run.sh line $LINENO failed (exit $?): $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

QUICK=0 MICRO=auto BUILD=1 KEEP=0 WAIT_IDLE=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --micro) MICRO=1 ;;
    --no-micro) MICRO=0 ;;
    --no-build) BUILD=0 ;;
    --keep-data) KEEP=1 ;;
    --wait-idle) WAIT_IDLE=600 ;;
    --wait-idle=*) WAIT_IDLE=${arg#--wait-idle=} ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
[ "$MICRO" = auto ] && MICRO=$((1 - QUICK))

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ART=$ROOT/.artifacts-bench
DATA=${LINREG_BENCH_DATA:-$ART/data}
WORK=$ART/run
LINREG=$ART/linreg/linreg
DATAGEN=$ART/bin/Linreg.Bench.DataGen/release/linreg-datagen
mkdir -p "$DATA" "$WORK" "$ROOT/bench/results"
rm -f "$WORK"/*
START=$(date +%s)

if [ $QUICK = 1 ]; then
  ROWS=100000 RESULT=$ROOT/bench/results/latest-quick.md
  LESSON_RUNS=3 BIG_RUNS=2 PREDICT_ONE_RUNS=5 PREDICT_BIG_RUNS=2 WARM=1 STREAM_BYTES=500000000
else
  ROWS=1000000 RESULT=$ROOT/bench/results/latest.md
  LESSON_RUNS=20 BIG_RUNS=5 PREDICT_ONE_RUNS=20 PREDICT_BIG_RUNS=3 WARM=1 STREAM_BYTES=5000000000
fi
FEATURES=10 EPOCHS=100 LR=0.1

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---- tools -------------------------------------------------------------------------------------------------------
need_pkg() { # command package
  command -v "$1" >/dev/null 2>&1 && return
  [ "$(id -u)" = 0 ] || die "$1 is missing: install Debian's '$2' package"
  log "installing $2"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
}
need_pkg hyperfine hyperfine
[ -x /usr/bin/time ] || { need_pkg /usr/bin/time time; }

REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] || REV="$REV + uncommitted changes"
[ $BUILD = 1 ] || REV="binary from an earlier build; tree now at $REV"

# ---- build -------------------------------------------------------------------------------------------------------
if [ $BUILD = 1 ]; then
  log "publishing linreg to $ART/linreg"
  dotnet publish src/Linreg.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    --artifacts-path "$ART" -o "$ART/linreg" > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; die "publish failed"; }
  log "building the data generator"
  dotnet build bench/Linreg.Bench.DataGen -c Release --artifacts-path "$ART" >> "$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log"; die "building bench/Linreg.Bench.DataGen failed"; }
fi
[ -x "$LINREG" ] || die "$LINREG is missing (run without --no-build)"
[ -x "$DATAGEN" ] || die "$DATAGEN is missing (run without --no-build)"

# ---- PyTorch peer --------------------------------------------------------------------------------------------------
PEERS=$ROOT/bench/peers
[ -f "$ROOT/../shared/peers/peer_torch.py" ] && PEERS=$(cd "$ROOT/../shared/peers" && pwd)
PEER_ROOT=${PEER_ROOT:-/tmp/peer}
TORCH=none PY=()
if [ "$(id -u)" = 0 ] && [ -x "$PEER_ROOT/usr/bin/python3" ]; then
  # Mounts the repository, the peers folder, the .NET SDK and /proc into the chroot (idempotent; it would also
  # rebuild a chroot that has lost PyTorch, which takes minutes).
  # A bind mount made in an earlier session keeps pointing at a peers folder that has since been replaced.
  for d in "$PEERS" "$ROOT"; do
    if mountpoint -q "$PEER_ROOT$d" && [ -z "$(ls -A "$PEER_ROOT$d" 2>/dev/null)" ]; then umount "$PEER_ROOT$d"; fi
  done
  PEER_ROOT=$PEER_ROOT "$PEERS/peer-chroot.sh" > /dev/null
  case $DATA/ in "$ROOT"/*) ;; *) die "LINREG_BENCH_DATA=$DATA is outside $ROOT: the peer chroot cannot see it" ;; esac
  PY=(chroot "$PEER_ROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 python3)
  "${PY[@]}" -c 'import torch, pandas' 2>/dev/null && TORCH=chroot
fi
if [ $TORCH = none ] && python3 -c 'import torch, pandas' 2>/dev/null; then
  TORCH=host PY=(python3)
fi
if [ $TORCH = none ]; then
  log "no PyTorch found (no peer chroot at $PEER_ROOT, no host python3 with torch+pandas): PyTorch columns read n/a"
  TORCH_VERSION=n/a
else
  TORCH_VERSION=$("${PY[@]}" -c 'import torch, pandas; print(f"torch {torch.__version__}, pandas {pandas.__version__}, {torch.get_num_threads()} threads")')
  log "PyTorch: $TORCH_VERSION ($TORCH), peers from $PEERS"
fi
PYS="${PY[*]}"

# ---- helpers -------------------------------------------------------------------------------------------------------
# hf NAME WARMUP RUNS COMMAND: hyperfine without a shell (output discarded); sets MEAN and SD (seconds)
hf() {
  local name=$1 warm=$2 runs=$3; shift 3
  hyperfine -N --style basic --warmup "$warm" --runs "$runs" --export-csv "$WORK/$name.csv" "$*" > "$WORK/$name.hyperfine" 2>&1 \
    || { cat "$WORK/$name.hyperfine" >&2; die "hyperfine failed for: $*"; }
  MEAN=$(awk -F, 'NR==2 {print $2}' "$WORK/$name.csv")
  SD=$(awk -F, 'NR==2 {print $3}' "$WORK/$name.csv")
  log "$name: $(fmt_s "$MEAN") ± $(fmt_s "$SD")"
}
# pairs NAME ROUNDS COMMAND_A... -- COMMAND_B...: one warm-up each (outputs kept in $WORK/NAME-a.out, NAME-b.out),
# then ROUNDS rounds that run A and B back to back, A first in odd rounds and B first in even ones. This machine's
# speed drifts by 20-30 % over minutes; pairs see the same drift, where hyperfine's all-A-then-all-B would not.
# Sets A_MED A_MEAN A_SD B_MED B_MEAN B_SD (seconds).
pairs() {
  local name=$1 rounds=$2 side=a i which start; shift 2
  local -a a=() b=()
  for arg in "$@"; do
    if [ "$arg" = -- ]; then side=b; elif [ $side = a ]; then a+=("$arg"); else b+=("$arg"); fi
  done
  "${a[@]}" > "$WORK/$name-a.out" 2> "$WORK/$name-a.err" || { tail -5 "$WORK/$name-a.err" >&2; die "failed: ${a[*]}"; }
  "${b[@]}" > "$WORK/$name-b.out" 2> "$WORK/$name-b.err" || { tail -5 "$WORK/$name-b.err" >&2; die "failed: ${b[*]}"; }
  : > "$WORK/$name.times"
  for ((i = 1; i <= rounds; i++)); do
    for which in $( ((i % 2)) && echo a b || echo b a); do
      start=$EPOCHREALTIME
      if [ $which = a ]; then "${a[@]}" > /dev/null 2>&1; else "${b[@]}" > /dev/null 2>&1; fi || die "failed in round $i: $which"
      echo "$which $(calc "$EPOCHREALTIME - $start")" >> "$WORK/$name.times"
    done
  done
  read -r A_MED A_MEAN A_SD <<< "$(side_stats a "$WORK/$name.times")"
  read -r B_MED B_MEAN B_SD <<< "$(side_stats b "$WORK/$name.times")"
  log "$name: A median $(fmt_s "$A_MED") (mean $(fmt_s "$A_MEAN") ± $(fmt_s "$A_SD")), B median $(fmt_s "$B_MED") (mean $(fmt_s "$B_MEAN") ± $(fmt_s "$B_SD"))"
}
side_stats() {
  awk -v side="$1" '$1 == side { print $2 }' "$2" | sort -g | awk '
    { v[NR] = $1; s += $1; ss += $1 * $1 }
    END { m = s / NR; sd = ss / NR - m * m; print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), m, (sd > 0 ? sqrt(sd) : 0) }'
}
# peak NAME COMMAND...: one run under /usr/bin/time; sets WALL (s) and RSS (MiB); stdout/stderr kept in $WORK/NAME.out|err
peak() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" \
    || { tail -5 "$WORK/$name.err" >&2; die "failed: $*"; }
  WALL=$(awk 'END {print $1}' "$WORK/$name.time")
  RSS=$(awk 'END {printf "%.0f", $2 / 1024}' "$WORK/$name.time")
  log "$name: peak $RSS MiB, $WALL s"
}
calc() { awk "BEGIN { print $* }"; }
fmt_s() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.0f ms", s * 1000; else printf "%.2f s", s }'; }
yes_no() { awk "BEGIN { print (($*) ? \"yes\" : \"**no**\") }"; }
size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }
ROWS_TXT=$(awk -v n=$ROWS 'BEGIN { if (n >= 1e6) printf "%gM", n / 1e6; else printf "%gk", n / 1e3 }')
TABLE=()
row() { TABLE+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# ---- data ----------------------------------------------------------------------------------------------------------
BIG=$DATA/train-${ROWS}x$FEATURES.csv
TINY=$DATA/train-1000x$FEATURES.csv
ONE=$DATA/one-row.csv
MODEL=$DATA/model.json
if [ ! -s "$BIG" ]; then
  log "generating $BIG"
  "$DATAGEN" --rows $ROWS --features $FEATURES --noise 0.1 --seed 42 -o "$BIG.tmp" 2> "$WORK/datagen.err" && mv "$BIG.tmp" "$BIG"
  cat "$WORK/datagen.err" >&2
fi
[ -s "$TINY" ] || "$DATAGEN" --rows 1000 --features $FEATURES --seed 42 -o "$TINY" 2>/dev/null
head -n 2 "$TINY" > "$ONE"
BIG_MB=$(size_mb "$BIG")
if [ "$WAIT_IDLE" -gt 0 ]; then
  waited=0
  while ! awk '$1 < 1.0 { ok = 1 } END { exit !ok }' /proc/loadavg && [ $waited -lt "$WAIT_IDLE" ]; do
    [ $((waited % 60)) = 0 ] && log "waiting for an idle machine: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    sleep 10; waited=$((waited + 10))
  done
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
awk '$1 > 1.0 { exit 1 }' /proc/loadavg || log "warning: load average is $LOAD_BEFORE on $(nproc) cores: something else is running, numbers will be noisy"

# ---- a. the lesson --------------------------------------------------------------------------------------------------
log "a. the lesson: linreg train examples/seed.csv vs seed_pytorch.py"
LESSON_SAME=n/a
if [ $TORCH != none ]; then
  pairs lesson $LESSON_RUNS "$LINREG" train examples/seed.csv -- "${PY[@]}" "$PEERS/seed_pytorch.py"
  L_MED=$A_MED L_MEAN=$A_MEAN L_SD=$A_SD T_MED=$B_MED T_MEAN=$B_MEAN T_SD=$B_SD
  peak lesson-linreg "$LINREG" train examples/seed.csv
  L_RSS=$RSS
  peak lesson-torch "${PY[@]}" "$PEERS/seed_pytorch.py"
  T_RSS=$RSS
  # The lesson's 20 log lines must be the same text.
  if diff <(grep '^Epoch' "$WORK/lesson-a.out") <(grep '^Epoch' "$WORK/lesson-b.out") > "$WORK/lesson.diff"; then LESSON_SAME=identical; else LESSON_SAME=DIFFERENT; fi
  R=$(calc "$L_MED / $T_MED")
  R_MEAN=$(calc "$L_MEAN / $T_MEAN")
  row "lesson: \`train examples/seed.csv\` vs seed_pytorch.py, wall, $LESSON_RUNS interleaved pairs: median (mean ± σ) (log lines $LESSON_SAME)" \
    "$(fmt_s "$L_MED") ($(fmt_s "$L_MEAN") ± $(fmt_s "$L_SD")), $L_RSS MiB" "$(fmt_s "$T_MED") ($(fmt_s "$T_MEAN") ± $(fmt_s "$T_SD")), $T_RSS MiB" \
    "$(printf %.3f "$R") ($(printf %.3f "$R_MEAN") of means)" "≤ 0.15" "$(yes_no "$R <= 0.15")"
else
  hf lesson-linreg $WARM $LESSON_RUNS "$LINREG train examples/seed.csv"
  L_MEAN=$MEAN
  peak lesson-linreg "$LINREG" train examples/seed.csv
  row "lesson: \`train examples/seed.csv\`, wall" "$(fmt_s "$MEAN") ± $(fmt_s "$SD"), $RSS MiB" "n/a" "—" "≤ 0.15" "?"
fi

# ---- b. N × 10, 100 full-batch steps --------------------------------------------------------------------------------
INIT=()
INIT_NOTE=""
if "$LINREG" train --help 2>&1 | grep -q -- '--init'; then
  INIT=(--init linear)
  INIT_NOTE=" (\`--init linear\`, as nn.Linear)"
else
  INIT_NOTE=" (no \`--init\` in this linreg: W, b start at 0; PyTorch uses nn.Linear's init)"
  log "note: 'linreg train --help' has no --init: running without --init linear"
fi
log "b. ${ROWS_TXT}×$FEATURES ($BIG_MB MB), $EPOCHS steps at lr $LR: linreg vs pandas + PyTorch"
BIG_CMD=("$LINREG" train "$BIG" --epochs $EPOCHS --lr $LR --log-every 0 "${INIT[@]}")
hf big-linreg $WARM $BIG_RUNS "${BIG_CMD[*]}"
B_MEAN=$MEAN B_SD=$SD
peak big-linreg "${BIG_CMD[@]}"
B_RSS=$RSS
# "train MSE 0.010007" (the summary's wording has varied: spaces, line breaks); never fatal, "?" when absent.
B_MSE=$(grep -o 'train *MSE *[-+0-9.eE]*' "$WORK/big-linreg.err" | head -1 | awk '{print $NF}' || true)
B_TRAIN_S=$(grep -o 'rows of .* in [0-9.]* s' "$WORK/big-linreg.err" | head -1 | awk '{print $(NF-1)}' || true)
B_MSE=${B_MSE:-?} B_TRAIN_S=${B_TRAIN_S:-?}
if [ $TORCH != none ]; then
  hf big-torch $WARM $BIG_RUNS "$PYS $PEERS/peer_torch.py $BIG $EPOCHS $LR"
  P_MEAN=$MEAN P_SD=$SD
  peak big-torch "${PY[@]}" "$PEERS/peer_torch.py" "$BIG" $EPOCHS $LR
  P_RSS=$RSS
  P_LINE=$(grep '^torch:' "$WORK/big-torch.out" || true)
  P_MSE=$(sed -n 's/.* mse \([^ ]*\).*/\1/p' <<< "$P_LINE")
  P_READ_S=$(sed -n 's/.* read \([0-9.]*\)s.*/\1/p' <<< "$P_LINE")
  P_TRAIN_S=$(sed -n 's/.* train \([0-9.]*\)s.*/\1/p' <<< "$P_LINE")
  R=$(calc "$B_MEAN / $P_MEAN")
  row "${ROWS_TXT}×$FEATURES CSV, $EPOCHS steps lr $LR, wall$INIT_NOTE" "$(fmt_s "$B_MEAN") ± $(fmt_s "$B_SD") (training loop $B_TRAIN_S s)" \
    "$(fmt_s "$P_MEAN") ± $(fmt_s "$P_SD") (read $P_READ_S s, train $P_TRAIN_S s)" "$(printf %.3f "$R")" "≤ 0.20" "$(yes_no "$R <= 0.20")"
  row "${ROWS_TXT}×$FEATURES, peak memory (max RSS)" "$B_RSS MiB" "$P_RSS MiB" "$(printf %.2f "$(calc "$B_RSS / $P_RSS")")" "≤ 250 MiB" "$(yes_no "$B_RSS <= 250")"
  if [ "$B_MSE" != "?" ] && [ -n "$P_MSE" ]; then
    D=$(calc "($B_MSE) - ($P_MSE)"); D=${D#-}
    row "${ROWS_TXT}×$FEATURES, final cost" "train MSE $B_MSE" "mse $P_MSE" "\\|Δ\\| = $(printf %.2g "$D")" "\\|Δ\\| ≤ 1e-4" "$(yes_no "$D <= 1e-4")"
  else
    row "${ROWS_TXT}×$FEATURES, final cost" "train MSE $B_MSE" "mse ${P_MSE:-?}" "—" "\\|Δ\\| ≤ 1e-4" "? (a cost line was not found: see .artifacts-bench/run/big-*.err/out)"
  fi
else
  row "${ROWS_TXT}×$FEATURES CSV, $EPOCHS steps lr $LR, wall$INIT_NOTE" "$(fmt_s "$B_MEAN") ± $(fmt_s "$B_SD")" "n/a" "—" "≤ 0.20" "?"
  row "${ROWS_TXT}×$FEATURES, peak memory (max RSS)" "$B_RSS MiB" "n/a" "—" "≤ 250 MiB" "$(yes_no "$B_RSS <= 250")"
  row "${ROWS_TXT}×$FEATURES, final cost" "train MSE $B_MSE" "n/a" "—" "\\|Δ\\| ≤ 1e-4" "?"
fi

# ---- b2. exact least squares ------------------------------------------------------------------------------------------
log "b2. ${ROWS_TXT}×$FEATURES, exact least squares: linreg --solver lstsq vs pandas + scikit-learn LinearRegression"
if [ $TORCH != none ]; then
  pairs ols $((BIG_RUNS * 2)) "$LINREG" train "$BIG" --solver lstsq --json -q -- "${PY[@]}" "$ROOT/bench/peers/peer_sklearn_ols.py" "$BIG"
  O_MED=$A_MED K_MED=$B_MED
  peak ols-linreg "$LINREG" train "$BIG" --solver lstsq -q
  O_RSS=$RSS
  peak ols-sklearn "${PY[@]}" "$ROOT/bench/peers/peer_sklearn_ols.py" "$BIG"
  K_RSS=$RSS
  R=$(calc "$O_MED / $K_MED")
  # The largest relative difference of the intercept and coefficients (linreg's --json "inference" estimates).
  O_DIFF=$(paste <(grep -o '"estimate": [-+0-9.eE]*' "$WORK/ols-a.out" | awk '{print $2}') <(tail -n +2 "$WORK/ols-b.out") \
    | awk '{ d = ($1 - $2) / ($2 == 0 ? 1 : $2); d = d < 0 ? -d : d; if (d > m) m = d } END { printf "%.2g", m }')
  row "${ROWS_TXT}×$FEATURES CSV, \`--solver lstsq\` vs LinearRegression, whole process (paired medians)" "$(fmt_s "$O_MED")" "$(fmt_s "$K_MED") (scikit-learn)" "$(printf %.3f "$R")" "≤ 0.25" "$(yes_no "$R <= 0.25")"
  row "${ROWS_TXT}×$FEATURES, \`--solver lstsq\`, peak memory (max RSS)" "$O_RSS MiB" "$K_RSS MiB (scikit-learn)" "$(printf %.2f "$(calc "$O_RSS / $K_RSS")")" "≤ 250 MiB" "$(yes_no "$O_RSS <= 250")"
  row "${ROWS_TXT}×$FEATURES, \`--solver lstsq\` coefficients vs scikit-learn's float64 fit" "max relative difference $O_DIFF" "—" "—" "≤ 1e-9" "$(yes_no "$O_DIFF <= 1e-9")"
else
  peak ols-linreg "$LINREG" train "$BIG" --solver lstsq -q
  row "${ROWS_TXT}×$FEATURES CSV, \`--solver lstsq\`, whole process" "$WALL s, $RSS MiB" "n/a (no scikit-learn)" "—" "≤ 0.25, ≤ 250 MiB" "?"
fi

# ---- c. ingest --------------------------------------------------------------------------------------------------------
log "c. ingest: train --epochs 1 on $BIG_MB MB minus the same on 1000 rows"
pairs ingest $((BIG_RUNS * 3)) "$LINREG" train "$BIG" --epochs 1 --log-every 0 -- "$LINREG" train "$TINY" --epochs 1 --log-every 0
I_BIG=$A_MED I_TINY=$B_MED
I_MBS=$(calc "$BIG_MB / ($I_BIG - $I_TINY)")
if [ $TORCH != none ] && [ -n "${P_READ_S:-}" ]; then
  P_MBS=$(calc "$BIG_MB / $P_READ_S")
  row "ingest, whole process: (train --epochs 1 on $BIG_MB MB) − (on 1000 rows), medians of interleaved pairs" "$(printf %.0f "$I_MBS") MB/s ($(fmt_s "$I_BIG") − $(fmt_s "$I_TINY"))" \
    "$(printf %.0f "$P_MBS") MB/s (pandas read_csv + torch.tensor)" "$(printf %.2f "$(calc "$I_MBS / $P_MBS")")× the speed" "≥ 400 MB/s" "$(yes_no "$I_MBS >= 400")"
else
  row "ingest, whole process: (train --epochs 1 on $BIG_MB MB) − (on 1000 rows), medians of interleaved pairs" "$(printf %.0f "$I_MBS") MB/s" "n/a" "—" "≥ 400 MB/s" "$(yes_no "$I_MBS >= 400")"
fi

if [ $MICRO = 1 ]; then
  log "c'. ingest and predict micro-benchmarks (BenchmarkDotNet, 100k×10 CSV)"
  if dotnet run -c Release --project bench/Linreg.Bench.Micro --artifacts-path "$ART" -- \
      --filter '*IngestBenchmarks*' '*PredictBenchmarks*' --artifacts "$ART/BenchmarkDotNet.Artifacts" > "$WORK/micro.log" 2>&1; then
    # Pick the MB/s column of the "TableReader.LoadAll(file)" row from the summary table.
    M_MBS=$(awk -F'|' '/\| Method / { for (i = 1; i <= NF; i++) if ($i ~ /^ *MB\/s *$/) c = i }
                       /TableReader.LoadAll\(file\)/ && c { gsub(/ /, "", $c); print $c; exit }' "$WORK/micro.log")
    awk '/^\|/ { if (!inside && n++) print ""; print; inside = 1; next } { inside = 0 }' "$WORK/micro.log" > "$WORK/micro-table.md"
    awk '/^BenchmarkDotNet v/ { p = 1 } p && /^$/ { exit } p' "$WORK/micro.log" > "$WORK/micro-env.txt"
    row "ingest, in process: \`TableReader.LoadAll\` of a 100k×10 file (BenchmarkDotNet)" "${M_MBS:-?} MB/s" "—" "—" "≥ 400 MB/s" \
      "$( [ -n "${M_MBS:-}" ] && yes_no "$M_MBS >= 400" || echo '?')"
    log "c''. memory probe: phase by phase memory of load + train on $BIG_MB MB"
    "$ART/bin/Linreg.Bench.Micro/release/Linreg.Bench.Micro" --memory-probe "$BIG" $EPOCHS > "$WORK/memory-probe.txt" 2>&1 \
      || log "warning: the memory probe failed (log: $WORK/memory-probe.txt)"
  else
    tail -20 "$WORK/micro.log" >&2
    log "warning: the micro-benchmark failed (log: $WORK/micro.log)"
  fi
fi

# ---- d. predict -------------------------------------------------------------------------------------------------------
log "d. predict: one row, and $ROWS_TXT rows to /dev/null"
"$LINREG" train "$TINY" --epochs $EPOCHS --lr $LR --log-every 0 -o "$MODEL" > /dev/null 2>&1
hf predict-one 3 $PREDICT_ONE_RUNS "$LINREG predict --model $MODEL $ONE"
row "predict one row, whole process" "$(fmt_s "$MEAN") ± $(fmt_s "$SD")" "—" "—" "≤ 0.25 s" "$(yes_no "$MEAN <= 0.25")"
hf predict-big $WARM $PREDICT_BIG_RUNS "$LINREG predict --model $MODEL $BIG"
PR_MEAN=$MEAN
peak predict-big "$LINREG" predict --model "$MODEL" "$BIG"
RPS=$(calc "$ROWS / $PR_MEAN")
row "predict $ROWS_TXT rows to /dev/null" "$(awk -v r="$RPS" 'BEGIN { printf "%.2fM rows/s", r / 1e6 }') ($(fmt_s "$PR_MEAN"), $RSS MiB)" "—" "—" "≥ 1M rows/s" "$(yes_no "$RPS >= 1000000")"

# ---- e. streaming -----------------------------------------------------------------------------------------------------
if "$LINREG" train --help 2>&1 | grep -q -- '--stream'; then
  S_ROWS=$(calc "int($STREAM_BYTES / ($(stat -c %s "$BIG") / $ROWS))")
  STREAM=$DATA/stream-${S_ROWS}x$FEATURES.csv
  if [ ! -s "$STREAM" ]; then
    log "e. generating $STREAM (~$((STREAM_BYTES / 1000000)) MB)"
    "$DATAGEN" --rows "$S_ROWS" --features $FEATURES --seed 7 -o "$STREAM" 2>> "$WORK/datagen.err"
  fi
  S_MB=$(size_mb "$STREAM")
  log "e. streaming: train --stream on $S_MB MB"
  peak stream "$LINREG" train "$STREAM" --stream --epochs 1 --log-every 0
  S_MBS=$(calc "$S_MB / $WALL")
  # The epoch's own time, as linreg reports it ("trained 1 epoch(s) … in X s"); the whole run adds start-up and
  # the pass that computes the final metrics.
  S_EPOCH=$(sed -n 's/.*trained 1 epoch(s).* in \([0-9.]*\) s$/\1/p' "$WORK/stream.err" | tail -1)
  [ -n "$S_EPOCH" ] || die "no 'trained … in X s' line in $WORK/stream.err"
  S_EPOCH_MBS=$(calc "$S_MB / $S_EPOCH")
  row "stream $S_MB MB: \`train --stream --epochs 1\`, peak memory" "$RSS MiB" "—" "—" "≤ 300 MiB" "$(yes_no "$RSS <= 300")"
  row "stream $S_MB MB: throughput per epoch (whole run, with the final metrics pass)" \
    "$(printf %.0f "$S_EPOCH_MBS") MB/s ($S_EPOCH s) ($(printf %.0f "$S_MBS") MB/s, $WALL s)" "—" "—" "≥ 150 MB/s per epoch" "$(yes_no "$S_EPOCH_MBS >= 150")"
  log "e2. streaming the exact solver: train --stream --solver lstsq on $S_MB MB"
  peak stream-ols "$LINREG" train "$STREAM" --stream --solver lstsq -q
  SO_MBS=$(calc "$S_MB / $WALL")
  row "stream $S_MB MB: \`train --stream --solver lstsq\` (one pass), peak memory" "$RSS MiB" "—" "—" "≤ 250 MiB" "$(yes_no "$RSS <= 250")"
  row "stream $S_MB MB: \`train --stream --solver lstsq\`, whole run" "$(printf %.0f "$SO_MBS") MB/s over the file ($WALL s, one pass)" "—" "—" "≥ 400 MB/s" "$(yes_no "$SO_MBS >= 400")"
  [ $KEEP = 1 ] || rm -f "$STREAM"
else
  row "stream 5 GB" "skipped: \`linreg train --help\` has no --stream" "—" "—" "≤ 300 MiB, ≥ 150 MB/s" "—"
fi

# ---- where start-up goes (not targets: for whoever optimises) ------------------------------------------------------
log "start-up breakdown"
DIAG=()
hf diag-version $WARM $LESSON_RUNS "$LINREG --version"
DIAG+=("| \`linreg --version\`: .NET start-up, no libtorch | $(fmt_s "$MEAN") ± $(fmt_s "$SD") |")
hf diag-seed-demo $WARM $LESSON_RUNS "$LINREG seed-demo"
peak diag-seed-demo "$LINREG" seed-demo
DIAG+=("| \`linreg seed-demo\`: start-up + libtorch load + 6 draws | $(fmt_s "$MEAN") ± $(fmt_s "$SD"), peak $RSS MiB (libtorch's floor) |")
hf diag-lesson-1 $WARM $LESSON_RUNS "$LINREG train examples/seed.csv --epochs 1 --log-every 0"
E1=$MEAN
DIAG+=("| \`linreg train examples/seed.csv --epochs 1\`: all but the loop | $(fmt_s "$MEAN") ± $(fmt_s "$SD") |")
DIAG+=("| lesson's 2000 steps, by difference | $(fmt_s "$(calc "$L_MEAN - $E1")") ($(calc "int(($L_MEAN - $E1) / 1999 * 1e6 + 0.5)") µs/step) |")

# ---- report -----------------------------------------------------------------------------------------------------------
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$(( $(date +%s) - START ))
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# linreg benchmarks$( [ $QUICK = 1 ] && echo ' (--quick: 100k rows, fewer runs)')"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); run took ${ELAPSED} s (\`bench/run.sh $*\`)"
  echo "- machine: $(nproc) cores, $CPU, $MEM memory; $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- load average before / after: $LOAD_BEFORE / $LOAD_AFTER"
  echo "- linreg: $("$LINREG" --version 2>&1 | head -1) (commit $REV), .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v = $2} END {print v}'), host"
  echo "- PyTorch: $TORCH_VERSION ($TORCH)"
  echo "- data: $BIG ($BIG_MB MB, ${ROWS_TXT} rows × $FEATURES features, y = Xw + b + N(0, 0.1²), seed 42)"
  echo "- wall times: the lesson ($LESSON_RUNS pairs) and ingest ($((BIG_RUNS * 3)) pairs) from interleaved pairs of runs, median (mean ± σ), after a warm-up of each; the rest hyperfine mean ± σ ($BIG_RUNS runs for training, $PREDICT_ONE_RUNS / $PREDICT_BIG_RUNS for predict, after $WARM warm-up); peak memory: /usr/bin/time max RSS of one run"
  echo
  echo "| scenario | linreg | PyTorch | ratio | target | met? |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${TABLE[@]}"
  echo
  echo "Start-up breakdown (hyperfine, same runs as the lesson):"
  echo
  echo "| what | time |"
  echo "|---|---|"
  printf '%s\n' "${DIAG[@]}"
  if [ -s "$WORK/micro-table.md" ]; then
    echo
    echo "BenchmarkDotNet micro-benchmarks, ingest and predict on a 100k×10 CSV in process (ShortRun: 1 launch, 3 warm-ups,"
    echo "3 iterations; MB/s = CSV bytes / mean; the Error column is wide on a busy 2-core machine):"
    echo
    sed 's/^/    /' "$WORK/micro-env.txt"
    echo
    cat "$WORK/micro-table.md"
  fi
  if [ -s "$WORK/memory-probe.txt" ]; then
    echo
    echo "Memory probe (\`Linreg.Bench.Micro --memory-probe $(basename "$BIG") $EPOCHS\`: TableReader.LoadAll then Trainer.Train in one process, no CLI):"
    echo
    sed 's/^/    /' "$WORK/memory-probe.txt"
  fi
} > "$RESULT"
echo
cat "$RESULT"
log "done in ${ELAPSED} s; table written to ${RESULT#$ROOT/}, raw outputs in ${WORK#$ROOT/}/"
