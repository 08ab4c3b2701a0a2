// A least-squares problem for the runtime tests: the partial gradient workers compute, the
// direct full gradient to compare decoded gradients with, and a loop that drives sgc::master.
#ifndef SGC_TESTS_RUNTIME_SUPPORT_HPP
#define SGC_TESTS_RUNTIME_SUPPORT_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <sgc/core/detail/splitmix64.hpp>
#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/models/s_per_round.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/partition.hpp>

namespace sgc_test {

// Sample i of job t: features and target drawn from a hash of (t, i, f), so no data is stored
// and every worker sees the same batch.
struct lsq_problem {
    std::size_t features = 5;
    std::size_t batch = 97;

    static double unit(std::uint64_t key) { // splitmix64 -> [-1, 1)
        return static_cast<double>(sgc::detail::splitmix64(key) >> 11) * 0x1.0p-52 - 1.0;
    }
    double x(std::size_t t, std::size_t i, std::size_t f) const {
        return unit((t * 1000003 + i) * 64 + f);
    }
    double y(std::size_t t, std::size_t i) const { return unit((t * 1000003 + i) * 64 + 63); }

    // out = sum over samples of (x . w - y) x; `magnitude` (optional) sums the terms' |.|.
    void gradient(const std::vector<double>& w, std::size_t t, sgc::sample_range r,
                  std::vector<double>& out, std::vector<double>* magnitude = nullptr) const {
        std::fill(out.begin(), out.end(), 0.0);
        for (std::size_t i = r.begin; i < r.end; ++i) {
            double residual = -y(t, i);
            for (std::size_t f = 0; f < features; ++f) residual += x(t, i, f) * w[f];
            for (std::size_t f = 0; f < features; ++f) {
                out[f] += residual * x(t, i, f);
                if (magnitude) (*magnitude)[f] += std::abs(residual * x(t, i, f));
            }
        }
    }

    // The partial a worker calls.
    auto partial() const {
        return [p = *this](const std::vector<double>& w, std::size_t job, sgc::sample_range r,
                           std::vector<double>& out) { p.gradient(w, job, r, out); };
    }

    // Job t's model: any fixed vector will do for checking gradients.
    std::shared_ptr<const std::vector<double>> model(std::size_t t) const {
        auto w = std::make_shared<std::vector<double>>(features);
        for (std::size_t f = 0; f < features; ++f) (*w)[f] = unit(t * 7919 + f);
        return w;
    }

    // |decoded - direct| / sum |terms|, worst over the coordinates.
    double relative_error(std::size_t t, const std::vector<double>& decoded) const {
        std::vector<double> direct(features), magnitude(features, 0.0);
        gradient(*model(t), t, {0, batch}, direct, &magnitude);
        double worst = 0.0;
        for (std::size_t f = 0; f < features; ++f)
            worst = std::max(worst, std::abs(decoded[f] - direct[f]) / std::max(magnitude[f], 1e-300));
        return worst;
    }
};

struct run_result {
    std::size_t decoded = 0, failed = 0;
    double worst_error = 0.0;
    std::vector<sgc::round_report> rounds;
    sgc::master_counters counters;
    std::vector<std::size_t> order; // jobs in the order next() handed them out
};

// Runs every round of `m`, feeding job inputs from `problem` and checking each decoded gradient.
template <class Master> run_result drive(Master& m, const lsq_problem& problem) {
    run_result out;
    while (!m.finished()) {
        const std::size_t r = m.round();
        out.rounds.push_back(m.run_round(r < m.jobs() ? problem.model(r) : nullptr));
        while (auto job = m.next()) {
            out.order.push_back(job->job);
            if (job->ok()) {
                ++out.decoded;
                out.worst_error = std::max(out.worst_error, problem.relative_error(job->job, job->gradient));
            } else {
                ++out.failed;
            }
        }
    }
    out.counters = m.counters();
    return out;
}

// A straggler pattern that saturates the scheme's model (adversarial), for `rounds` rounds.
inline sgc::straggler_pattern saturating_pattern(const sgc::bursty_model& model, std::size_t rounds,
                                                 std::uint64_t seed) {
    sgc::adversarial_stragglers generator(model, seed);
    return sgc::generate(generator, rounds);
}
inline sgc::straggler_pattern saturating_pattern(const sgc::s_per_round_model& model,
                                                 std::size_t rounds, std::uint64_t seed) {
    return saturating_pattern(sgc::bursty_model(model.n(), 1, 1, std::max<std::size_t>(model.s(), 1)),
                              model.s() == 0 ? 0 : rounds, seed);
}

// Another transport (the in-process one) with recycle() and hooks: on_receive sees (and may
// change) each message before the master does; on_recycle gets each gradient the master gives
// back (without it, they are destroyed).
template <class Inner> class hooked_transport {
public:
    using gradient_type = typename Inner::gradient_type;
    using input_type = typename Inner::input_type;

    explicit hooked_transport(Inner& inner) : inner_(&inner) {}

    std::size_t n() const { return inner_->n(); }
    double now() { return inner_->now(); }
    void post(const sgc::round_work<input_type>& work) { inner_->post(work); }
    std::optional<sgc::result_message<gradient_type>> receive(double deadline) {
        auto m = inner_->receive(deadline);
        if (m && on_receive) on_receive(*m);
        return m;
    }
    void recycle(gradient_type&& g) {
        if (on_recycle) on_recycle(std::move(g));
    }

    std::function<void(sgc::result_message<gradient_type>&)> on_receive;
    std::function<void(gradient_type&&)> on_recycle;

private:
    Inner* inner_;
};

} // namespace sgc_test

#endif
