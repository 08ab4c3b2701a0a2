// Your own workload for sgc_probe: a shared library that exports two C functions. This one
// times the demo's gradient, softmax regression over Fashion-MNIST's 784 pixels and 10 classes:
// at load L a worker computes the gradient over L x 512 images (a minibatch of the demo at
// load 1), of the 10,000 test images (only the cost per image matters here).
//
//   mpirun -np 9 sgc_probe --workload build/examples/libsgc_probe_workload.so
//          [--workload-arg <Fashion-MNIST directory>] --loads 0,0.25,0.5,0.75,1 --rounds 30 --out probe
//
// Build yours the same way: add_library(my_workload MODULE my_workload.cpp).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fashion_mnist.hpp"
#include "softmax.hpp"

namespace {

constexpr std::size_t minibatch = 512;

struct state {
    example::dataset images;
    example::softmax_regression model{images, minibatch};
    std::vector<double> w = std::vector<double>(model.d(), 0.01), g = std::vector<double>(model.d());

    explicit state(example::dataset data) : images(std::move(data)) {}
};
std::unique_ptr<state> loaded;

} // namespace

// Called once per worker before any timing: load the data. Non-zero: the probe stops.
extern "C" int sgc_probe_setup(unsigned long /*worker*/, const char* arg) {
    try {
        const std::string dir = arg && *arg ? arg : example::fashion_mnist_dir;
        loaded = std::make_unique<state>(example::load_fashion_mnist(dir, "t10k"));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "probe_workload: %s\n", e.what());
        return 1;
    }
}

// `load` of one full gradient, in round `round`: the timed work. Non-zero: the probe stops.
extern "C" int sgc_probe_workload(double load, unsigned long round, unsigned long /*worker*/,
                                  const char* /*arg*/) {
    if (!loaded) return 1;
    auto remaining = static_cast<std::size_t>(std::llround(load * static_cast<double>(minibatch)));
    for (std::size_t job = round; remaining > 0; ++job) { // loads above 1: several minibatches
        const std::size_t samples = std::min(remaining, minibatch);
        loaded->model.gradient(loaded->w, job, {0, samples}, loaded->g);
        remaining -= samples;
    }
    return 0;
}
