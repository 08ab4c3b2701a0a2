// Gradient coding in one round: n workers compute coded partial gradients, s of them straggle,
// and the master rebuilds the full gradient from the rest.
//
//   gradient_coding [n] [s]      (default n = 12, s = 3)
#include <sgc/sgc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

// A least-squares gradient X_j^T (X_j w - y_j) over one partition of a synthetic data set.
std::vector<double> partial_gradient(std::size_t j, std::size_t d, const std::vector<double>& w) {
    std::mt19937_64 rng(j);
    std::normal_distribution<double> normal;
    std::vector<double> g(d, 0.0);
    for (int sample = 0; sample < 32; ++sample) {
        std::vector<double> x(d);
        double residual = -normal(rng);
        for (std::size_t t = 0; t < d; ++t) residual += (x[t] = normal(rng)) * w[t];
        for (std::size_t t = 0; t < d; ++t) g[t] += x[t] * residual;
    }
    return g;
}

template <class Code> int run(const Code& code, const char* name, std::mt19937_64& rng) {
    const std::size_t d = 1000;
    const std::vector<double> w(d, 0.1);

    std::vector<std::vector<double>> partials(code.k());
    std::vector<double> direct(d, 0.0);
    for (std::size_t j = 0; j < code.k(); ++j) {
        partials[j] = partial_gradient(j, d, w);
        for (std::size_t t = 0; t < d; ++t) direct[t] += partials[j][t];
    }

    // Workers: each sends one coded vector.
    std::vector<std::vector<double>> results(code.n(), std::vector<double>(d));
    for (std::size_t i = 0; i < code.n(); ++i) sgc::encode(results[i], code, i, partials);

    // s random stragglers; the master decodes from the others.
    auto responders = sgc::worker_set::all(code.n());
    std::vector<std::size_t> ids(code.n());
    for (std::size_t i = 0; i < code.n(); ++i) ids[i] = i;
    std::shuffle(ids.begin(), ids.end(), rng);
    for (std::size_t r = 0; r < code.s(); ++r) responders.erase(ids[r]);

    const auto plan = code.plan(responders, sgc::decode_options::for_type<double>(1e-9));
    std::vector<double> decoded(d);
    const auto status = sgc::decode(decoded, plan, results);
    double error = 0.0, scale = 0.0;
    for (std::size_t t = 0; t < d; ++t) {
        error = std::max(error, std::abs(decoded[t] - direct[t]));
        scale = std::max(scale, std::abs(direct[t]));
    }
    std::printf("%-22s load %-6s stragglers %-18s reads %3zu results  %s",
                name, sgc::to_string(code.load()).c_str(),
                (responders.complement()).to_string().c_str(), plan.workers.size(),
                sgc::to_string(status));
    if (status == sgc::decode_status::ok)
        std::printf("  max relative error %.2e (guard bound %.1e)\n", error / scale,
                    plan.error_estimate);
    else
        std::printf("\n");
    return status == sgc::decode_status::ok && error <= 1e-9 * scale ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 12;
    const std::size_t s = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 3;
    try {
        std::mt19937_64 rng(2024);
        std::printf("n = %zu workers, s = %zu stragglers, gradients of length 1000 (double)\n", n, s);
        int failures = 0;
        if (n % (s + 1) == 0) failures += run(sgc::fractional_repetition<>(n, s), "fractional repetition", rng);
        failures += run(sgc::uneven_repetition<>(n, s), "uneven repetition", rng);
        failures += run(sgc::cyclic_repetition<>(n, s), "cyclic repetition", rng);
        if (failures == 0)
            std::printf("every decoded gradient equals the direct sum\n");
        else
            std::printf("%d decode(s) did not match the direct sum\n", failures);
        return failures == 0 ? 0 : 1;
    } catch (const sgc::invalid_parameter& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
}
