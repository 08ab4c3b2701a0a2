#!/usr/bin/env bash
# The developer entry point. Each command installs missing Debian packages (as root; otherwise
# it prints the apt-get line and stops), configures and builds into build/, then:
#   ./scripts/dev.sh demo    runs the demo
#   ./scripts/dev.sh test    runs the whole ctest suite (C++17 and C++20 builds, consumers,
#                            the Python module's pytest files and the PyTorch example)
#   ./scripts/dev.sh bench   builds in Release and runs the benchmarks (JSON to build/bench.json)
#   ./scripts/dev.sh docs    builds the API reference with Doxygen (build/docs/html); any
#                            Doxygen warning fails it
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
jobs=$(nproc 2>/dev/null || echo 2)

packages=(
  cmake ninja-build g++
  libxtensor-dev libxtensor-blas-dev xtl-dev libxsimd-dev libopenblas-dev liblapack-dev
  doctest-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev libopenmpi-dev openmpi-bin
  doxygen
  pybind11-dev python3-dev libdlpack-dev python3-numpy python3-pytest python3-torch
  dataset-fashion-mnist
)

ensure_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: missing Debian packages; install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "dev.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure() {
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
}

compile() {
  cmake --build "$build" --parallel "$jobs" "$@"
}

case "${1:-}" in
  demo)
    ensure_packages; configure; compile
    "$build/bin/sequential_training"
    ;;
  test)
    ensure_packages; configure; compile
    cd "$build"
    OPENBLAS_NUM_THREADS=1 ctest --output-on-failure --parallel "$jobs"
    ;;
  bench)
    ensure_packages; configure
    cmake "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null # whatever build/ was configured as
    compile --target sgc_bench
    OPENBLAS_NUM_THREADS=1 "$build/bin/sgc_bench" --benchmark_out="$build/bench.json" \
      --benchmark_out_format=json "${@:2}"
    ;;
  docs)
    ensure_packages; configure
    cmake "$build" >/dev/null # finds doxygen even if build/ was configured before it was installed
    compile --target docs
    echo "dev.sh: API reference in $build/docs/html/index.html"
    ;;
  *)
    echo "usage: $0 demo | test | bench | docs" >&2
    exit 2
    ;;
esac
