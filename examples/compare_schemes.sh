#!/bin/sh
# Reproduces the README's "Simulator and tuner" table: a synthetic n = 256 trace with bursty
# (Gilbert-Elliott) stragglers, each scheme tuned on its first 100 rounds, then replayed over
# all 500 rounds under both policies; with gnuplot installed, a plot of the cumulative runtimes.
#
#   examples/compare_schemes.sh [path/to/sgc] [output directory]
set -eu
SGC=${1:-build/bin/sgc}
OUT=${2:-sim_out}
mkdir -p "$OUT"

# The trace: recorded at load 1/256 (no coding), c = 2.2 s per unit load, 1 s of overhead a
# round, times spread by up to 20%; a worker goes bad with probability 0.01 a round and
# recovers with probability 0.5 (bursts of 2 rounds on average), running 3x slower while bad.
"$SGC" trace --model gilbert-elliott --n 256 --rounds 500 --p 0.01 --q 0.5 --seed 2024 \
    --load 1/256 --seconds-per-load 2.2 > "$OUT/trace.csv"
SHIFT="--trace-load 1/256 --seconds-per-load 2.2"

# The tuner: every scheme's parameters with T <= 4 on the first 96 jobs (100 rounds).
"$SGC" tune --trace "$OUT/trace.csv" --mu 1 --jobs 96 --max-delay 4 $SHIFT --csv \
    --progress never > "$OUT/tuned.csv"

# Each scheme at its tuned parameters over the same 496 jobs (496 + T <= 500 rounds), under
# both policies.
echo "| scheme | tuned on 100 rounds | T | load | wait-all: runtime (waits) | minimal-wait: runtime (waits) |"
echo "|---|---|---|---|---|---|"
tail -n +2 "$OUT/tuned.csv" | while IFS=, read -r scheme s B W lambda T load load_value runtime waits searched; do
    case "$scheme" in
        none) opts=""; params="-" ;;
        gc) opts="--s $s"; params="s = $s" ;;
        *) opts="--B $B --W $W --lambda $lambda"; params="(B, W, lambda) = ($B, $W, $lambda)" ;;
    esac
    row="| $scheme | $params | $T | $load |"
    for policy in wait-all minimal-wait; do
        csv="$OUT/$scheme.$policy.csv"
        # shellcheck disable=SC2086 # the option lists are meant to split
        "$SGC" simulate --trace "$OUT/trace.csv" --scheme "$scheme" $opts --mu 1 --jobs 496 \
            --policy "$policy" $SHIFT --csv > "$csv"
        row="$row $(awk -F, 'NR > 1 { t = $3; if ($4 == "true") w++ } END { printf "%.1f s (%d)", t, w }' "$csv") |"
    done
    echo "$row"
done

if command -v gnuplot > /dev/null; then
    files=""
    for scheme in none gc sr-sgc m-sgc; do files="$files $OUT/$scheme.wait-all.csv"; done
    gnuplot -e "files='$files'; out='$OUT/runtime.png'" "$(dirname "$0")/plot_runtime.gp"
    echo "plot: $OUT/runtime.png"
fi
