#!/usr/bin/env bash
# Runs an MPI program under mpirun and judges what rank 0 reported, never mpirun's own exit
# status: under --enable-recovery, Open MPI 4.1's mpirun exits 0 even when rank 0 returns 1.
#
#   mpirun_check.sh [options] -- MPIRUN [mpirun options] PROGRAM [program options]
#     --expect-status N  rank 0 must report status N (default 0)
#     --regex ERE        the run's output must also match ERE (grep -E)
#     --timeout S        a run still going after S seconds is killed and fails (default 120)
#     --repeat R         R runs in a row, each judged alone (default 1)
#     --load K           K busy loops load the CPU while the runs go, stopped at the end
#
# The program gets "--result FILE" appended; rank 0 writes "status N" there (N its exit
# status) just before it ends. A run passes if it ended within its timeout, FILE says
# "status <expected>", and the output matches ERE if one was given. Each run's time is printed.
set -u

expect=0 regex="" timeout=120 repeat=1 load=0
while [ $# -gt 0 ]; do
  case "$1" in
    --expect-status) expect=$2; shift 2 ;;
    --regex) regex=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "mpirun_check: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "mpirun_check: no command after --" >&2; exit 2; }

work=$(mktemp -d)
loaders=()
cleanup() {
  local pid
  for pid in "${loaders[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
for ((k = 0; k < load; ++k)); do
  ( while :; do :; done ) &
  loaders+=($!)
done

failures=0 times=""
for ((run = 1; run <= repeat; ++run)); do
  result="$work/result" output="$work/output"
  rm -f "$result"
  start=$EPOCHREALTIME
  timeout -k 5 "$timeout" "$@" --result "$result" >"$output" 2>&1
  rc=$?
  seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  times="$times $seconds"
  cat "$output"
  verdict=""
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    verdict="hung: killed after ${timeout} s"
  elif [ ! -s "$result" ]; then
    verdict="rank 0 wrote no result (mpirun exit status $rc)"
  elif ! grep -qx "status $expect" "$result"; then
    verdict="rank 0 reported '$(head -c 80 "$result")', expected 'status $expect'"
  elif [ -n "$regex" ] && ! grep -Eq -- "$regex" "$output"; then
    verdict="the output does not match /$regex/"
  fi
  if [ -n "$verdict" ]; then
    failures=$((failures + 1))
    echo "mpirun_check: run $run of $repeat FAILED in $seconds s: $verdict"
  else
    echo "mpirun_check: run $run of $repeat passed in $seconds s"
  fi
done
echo "mpirun_check: run times (s):$times"
if [ $failures -ne 0 ]; then
  echo "mpirun_check: FAIL: $failures of $repeat runs failed"
  exit 1
fi
echo "mpirun_check: PASS: $repeat of $repeat runs"
