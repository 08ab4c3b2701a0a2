#!/usr/bin/env bash
# The developer entry point. Each command installs missing Debian packages (as root; otherwise
# it prints the apt-get line and stops), configures and builds into build/, then:
#   ./scripts/dev.sh demo    builds the demo alone (its packages only; on a fresh build/, no
#                            tests, tools, benchmarks or docs) and runs it: its CSVs and, with
#                            gnuplot installed, its plot go to build/demo/
#   ./scripts/dev.sh test    runs the whole ctest suite (C++17 and C++20 builds, consumers,
#                            the Python module's pytest files and the PyTorch example)
#   ./scripts/dev.sh bench   builds in Release and runs the benchmarks (JSON to build/bench.json)
#   ./scripts/dev.sh docs    builds the API reference with Doxygen (build/docs/html); any
#                            Doxygen warning fails it
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
jobs=$(nproc 2>/dev/null || echo 2)

# The demo's packages: the library's, zlib and the data set.
demo_packages=(
  cmake ninja-build g++
  libxtensor-dev libxtensor-blas-dev xtl-dev libxsimd-dev libopenblas-dev liblapack-dev
  zlib1g-dev dataset-fashion-mnist
)
# Everything else builds and tests too (ctest runs the demo in a shorter form).
packages=(
  "${demo_packages[@]}"
  pkg-config doctest-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev libopenmpi-dev openmpi-bin
  doxygen
  pybind11-dev python3-dev libdlpack-dev python3-numpy python3-pytest python3-torch
)

# ensure_packages NAME...: installs the missing ones.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
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

# configure OPTION...: a fresh build/ in Release with Ninja; a build/ configured before keeps
# its build type and gets only the options.
configure() {
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  elif [ $# -gt 0 ]; then
    cmake "$build" "$@" >/dev/null
  fi
}
everything=(-DSGC_BUILD_TESTS=ON -DSGC_BUILD_BENCHMARKS=ON -DSGC_BUILD_EXAMPLES=ON
            -DSGC_BUILD_TOOLS=ON -DSGC_BUILD_DOCS=ON -DSGC_INSTALL=ON)

compile() {
  cmake --build "$build" --parallel "$jobs" "$@"
}

case "${1:-}" in
  demo)
    ensure_packages "${demo_packages[@]}"
    if [ -f "$build/CMakeCache.txt" ]; then
      configure -DSGC_BUILD_EXAMPLES=ON
    else
      configure -DSGC_BUILD_TESTS=OFF -DSGC_BUILD_BENCHMARKS=OFF -DSGC_BUILD_TOOLS=OFF \
                -DSGC_BUILD_DOCS=OFF -DSGC_INSTALL=OFF
    fi
    compile --target sequential_training
    mkdir -p "$build/demo"
    "$build/bin/sequential_training" --summary "$build/demo/summary.csv" \
      --curve "$build/demo/accuracy.csv" --rounds "$build/demo/rounds.csv" \
      --plot "$build/demo/accuracy.png"
    ;;
  test)
    ensure_packages "${packages[@]}"; configure "${everything[@]}"; compile
    cd "$build"
    OPENBLAS_NUM_THREADS=1 ctest --output-on-failure --parallel "$jobs"
    ;;
  bench)
    ensure_packages "${packages[@]}"; configure "${everything[@]}"
    cmake "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null # whatever build/ was configured as
    compile --target sgc_bench
    OPENBLAS_NUM_THREADS=1 "$build/bin/sgc_bench" --benchmark_out="$build/bench.json" \
      --benchmark_out_format=json "${@:2}"
    ;;
  docs)
    ensure_packages "${packages[@]}"; configure "${everything[@]}" # finds a newly installed doxygen
    compile --target docs
    echo "dev.sh: API reference in $build/docs/html/index.html"
    ;;
  *)
    echo "usage: $0 demo | test | bench | docs" >&2
    exit 2
    ;;
esac
