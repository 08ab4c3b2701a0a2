// Softmax regression on a synthetic dataset, shared by the demo and the MPI example: the
// partial gradient a worker computes, the direct gradient a check compares with, the loss.
#ifndef SGC_EXAMPLES_SOFTMAX_HPP
#define SGC_EXAMPLES_SOFTMAX_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <sgc/schemes/partition.hpp>

namespace example {

// `batches` minibatches of `batch` samples with `features` features and `classes` labels,
// drawn (seeded) from a random linear softmax model. Job t trains on minibatch t mod batches.
class softmax_problem {
public:
    static constexpr std::size_t features = 32, classes = 10, batches = 8;
    static constexpr std::size_t row = features + 1; // weights and bias of one class
    static constexpr std::size_t d = classes * row;  // parameters

    explicit softmax_problem(std::size_t batch = 1024, std::uint64_t seed = 42)
        : batch_(batch), x_(batches * batch * features), y_(batches * batch) {
        std::mt19937_64 rng(seed);
        std::normal_distribution<double> normal;
        std::vector<double> truth(d);
        for (auto& w : truth) w = normal(rng);
        for (std::size_t s = 0; s < batches * batch; ++s) {
            double* x = &x_[s * features];
            for (std::size_t j = 0; j < features; ++j) x[j] = normal(rng);
            std::vector<double> p = probabilities(truth, x);
            std::discrete_distribution<std::size_t> label(p.begin(), p.end());
            y_[s] = label(rng);
        }
    }

    std::size_t batch() const noexcept { return batch_; }

    // out = the gradient of the cross-entropy summed over samples `r` of job `job`'s batch.
    void gradient(const std::vector<double>& w, std::size_t job, sgc::sample_range r,
                  std::vector<double>& out) const {
        std::fill(out.begin(), out.end(), 0.0);
        const std::size_t first = (job % batches) * batch_;
        for (std::size_t i = r.begin; i < r.end; ++i) {
            const double* x = &x_[(first + i) * features];
            std::vector<double> p = probabilities(w, x);
            p[y_[first + i]] -= 1.0;
            for (std::size_t c = 0; c < classes; ++c) {
                double* g = &out[c * row];
                for (std::size_t j = 0; j < features; ++j) g[j] += p[c] * x[j];
                g[features] += p[c];
            }
        }
    }

    // The mean cross-entropy over the whole dataset.
    double loss(const std::vector<double>& w) const {
        double sum = 0.0;
        for (std::size_t s = 0; s < y_.size(); ++s)
            sum -= std::log(std::max(probabilities(w, &x_[s * features])[y_[s]], 1e-300));
        return sum / static_cast<double>(y_.size());
    }

private:
    static std::vector<double> probabilities(const std::vector<double>& w, const double* x) {
        std::vector<double> z(classes);
        for (std::size_t c = 0; c < classes; ++c) {
            double v = w[c * row + features];
            for (std::size_t j = 0; j < features; ++j) v += w[c * row + j] * x[j];
            z[c] = v;
        }
        const double top = *std::max_element(z.begin(), z.end());
        double total = 0.0;
        for (auto& v : z) total += (v = std::exp(v - top));
        for (auto& v : z) v /= total;
        return z;
    }

    std::size_t batch_;
    std::vector<double> x_;
    std::vector<std::size_t> y_;
};

// Relative difference max |a - b| / max(max |b|, tiny).
inline double relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
    double diff = 0.0, scale = 1e-300;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, std::abs(a[i] - b[i]));
        scale = std::max(scale, std::abs(b[i]));
    }
    return diff / scale;
}

} // namespace example

#endif
