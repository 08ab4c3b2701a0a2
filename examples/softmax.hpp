// Softmax regression over 10 classes, shared by the demo (Fashion-MNIST) and the MPI example
// (synthetic data): the partial gradient a worker computes over a range of a minibatch, the
// loss and the accuracy a check or a report needs.
#ifndef SGC_EXAMPLES_SOFTMAX_HPP
#define SGC_EXAMPLES_SOFTMAX_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <sgc/schemes/partition.hpp>

namespace example {

// Labelled samples: sample s has the features x[s * features, (s + 1) * features) and the class
// y[s] < 10.
struct dataset {
    std::size_t features = 0;
    std::vector<float> x;
    std::vector<std::uint8_t> y;

    std::size_t size() const noexcept { return y.size(); }
    const float* sample(std::size_t s) const noexcept { return &x[s * features]; }
};

// Subtracts the training set's mean sample from every sample of `train` and `other`: centred
// features let gradient descent take larger steps.
inline void centre(dataset& train, dataset& other) {
    std::vector<double> mean(train.features, 0.0);
    for (std::size_t s = 0; s < train.size(); ++s)
        for (std::size_t j = 0; j < train.features; ++j) mean[j] += train.sample(s)[j];
    for (auto& m : mean) m /= static_cast<double>(train.size());
    for (dataset* data : {&train, &other})
        for (std::size_t i = 0; i < data->x.size(); ++i)
            data->x[i] = static_cast<float>(data->x[i] - mean[i % data->features]);
}

// The parameters are w[j * classes + c], the weight of feature j for class c, with the biases
// at j = features. Job t trains on minibatch t mod batches(): `batch` consecutive samples of
// the training set.
class softmax_regression {
public:
    static constexpr std::size_t classes = 10;

    // std::invalid_argument unless 1 <= batch <= the training set's size.
    softmax_regression(const dataset& train, std::size_t batch)
        : train_(&train), batch_(batch), batches_(batch == 0 ? 0 : train.size() / batch) {
        if (batches_ == 0)
            throw std::invalid_argument("batch " + std::to_string(batch) + ": must be between 1 and the " +
                                        std::to_string(train.size()) + " training samples");
    }

    std::size_t d() const noexcept { return (train_->features + 1) * classes; } // parameters
    std::size_t batch() const noexcept { return batch_; }
    std::size_t batches() const noexcept { return batches_; }

    // out = the gradient of the cross-entropy summed over samples `r` of job `job`'s minibatch.
    void gradient(const std::vector<double>& w, std::size_t job, sgc::sample_range r,
                  std::vector<double>& out) const {
        std::fill(out.begin(), out.end(), 0.0);
        const std::size_t first = (job % batches_) * batch_, features = train_->features;
        std::array<double, classes> p;
        for (std::size_t s = first + r.begin; s < first + r.end; ++s) {
            const float* x = train_->sample(s);
            probabilities(w, x, features, p);
            p[train_->y[s]] -= 1.0;
            for (std::size_t j = 0; j < features; ++j) {
                double* g = &out[j * classes];
                for (std::size_t c = 0; c < classes; ++c) g[c] += x[j] * p[c];
            }
            double* bias = &out[features * classes];
            for (std::size_t c = 0; c < classes; ++c) bias[c] += p[c];
        }
    }

    // The mean cross-entropy of `w` over `data`.
    double loss(const std::vector<double>& w, const dataset& data) const {
        double sum = 0.0;
        std::array<double, classes> p;
        for (std::size_t s = 0; s < data.size(); ++s) {
            probabilities(w, data.sample(s), data.features, p);
            sum -= std::log(std::max(p[data.y[s]], 1e-300));
        }
        return sum / static_cast<double>(data.size());
    }

    // The fraction of `data` whose most probable class under `w` is its label.
    double accuracy(const std::vector<double>& w, const dataset& data) const {
        std::size_t right = 0;
        std::array<double, classes> z;
        for (std::size_t s = 0; s < data.size(); ++s) {
            scores(w, data.sample(s), data.features, z);
            right += static_cast<std::size_t>(std::max_element(z.begin(), z.end()) - z.begin()) == data.y[s];
        }
        return static_cast<double>(right) / static_cast<double>(data.size());
    }

    // z = the class scores of sample `x` (`features` features) under `w`.
    static void scores(const std::vector<double>& w, const float* x, std::size_t features,
                       std::array<double, classes>& z) {
        std::copy_n(&w[features * classes], classes, z.begin());
        for (std::size_t j = 0; j < features; ++j) {
            const double* wj = &w[j * classes];
            for (std::size_t c = 0; c < classes; ++c) z[c] += x[j] * wj[c];
        }
    }

    // p = the class probabilities of sample `x` (`features` features) under `w`.
    static void probabilities(const std::vector<double>& w, const float* x, std::size_t features,
                              std::array<double, classes>& p) {
        scores(w, x, features, p);
        const double top = *std::max_element(p.begin(), p.end());
        double total = 0.0;
        for (auto& v : p) total += (v = std::exp(v - top));
        for (auto& v : p) v /= total;
    }

private:
    const dataset* train_;
    std::size_t batch_, batches_;
};

// `samples` samples with `features` standard normal features and labels drawn (seeded) from a
// random linear softmax model.
inline dataset synthetic_dataset(std::size_t samples, std::size_t features, std::uint64_t seed) {
    constexpr std::size_t classes = softmax_regression::classes;
    dataset data;
    data.features = features;
    data.x.resize(samples * features);
    data.y.resize(samples);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> truth((features + 1) * classes);
    for (auto& v : truth) v = normal(rng);
    std::array<double, classes> p;
    for (std::size_t s = 0; s < samples; ++s) {
        float* x = &data.x[s * features];
        for (std::size_t j = 0; j < features; ++j) x[j] = static_cast<float>(normal(rng));
        softmax_regression::probabilities(truth, x, features, p);
        std::discrete_distribution<std::size_t> label(p.begin(), p.end());
        data.y[s] = static_cast<std::uint8_t>(label(rng));
    }
    return data;
}

// max |a - b| / max(max |b|, tiny).
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
