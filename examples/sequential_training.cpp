// The demo: softmax regression trained with sequential gradient coding on n = 16 in-process
// workers, while workers straggle in bursts. It trains T + 1 = 2 models round-robin (job t
// updates model t mod 2, so a gradient decoded up to T rounds late is never stale), once per
// scheme: no coding, GC, SR-SGC and M-SGC, all tolerating the (B, W, lambda) = (1, 2, 3)-bursty
// stragglers injected. A worker's time is its load times 0.1 s, x10 when it straggles; the master
// ends a round at (1 + mu) x the first result when the missing workers conform, else waits.
// The codes are exact, so every coded run must end with the uncoded run's models.
//
//   sequential_training [jobs]      (default 48)
#include <sgc/sgc.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "softmax.hpp"

namespace {

constexpr std::size_t n = 16, B = 1, W = 2, lambda = 3;
constexpr std::size_t models = 2;            // T + 1 for the largest T below
constexpr double seconds_per_load = 0.1, slowdown = 10.0, mu = 1.0, learning_rate = 0.5;

// One line on stderr, redrawn in place on a terminal (elsewhere drawn once, when full).
class progress_bar {
public:
    progress_bar(std::string label, std::size_t total) : label_(std::move(label)), total_(total) {}
    void update(std::size_t done) const {
        if (done != total_ && !terminal_) return;
        constexpr std::size_t width = 30;
        const std::size_t filled = total_ ? done * width / total_ : width;
        std::fprintf(stderr, "\r%-8s [%s%s] %zu/%zu rounds", label_.c_str(),
                     std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), done,
                     total_);
        if (done == total_) std::fputc('\n', stderr);
        std::fflush(stderr);
    }

private:
    std::string label_;
    std::size_t total_;
    bool terminal_ = isatty(fileno(stderr)) != 0;
};

struct run {
    std::string name, parameters, load;
    std::size_t T = 0, waits = 0, stragglers = 0, failed = 0;
    double seconds = 0.0, loss = 0.0;
    std::vector<std::vector<double>> models;
};

// A worker's time in a round: its load's share of the time, slowed down when it straggles;
// a little deterministic jitter so that the fastest worker is not always worker 0.
sgc::delay_function worker_times(const sgc::straggler_pattern& pattern, double load) {
    return [pattern, load](std::size_t round, std::size_t worker) {
        const double jitter = 1.0 + 0.05 * static_cast<double>((round * 7 + worker * 13) % 11) / 10.0;
        const bool slow = round < pattern.size() && pattern[round].contains(worker);
        return seconds_per_load * load * jitter * (slow ? slowdown : 1.0);
    };
}

template <class Scheme>
run train(const std::string& name, const std::string& parameters, const Scheme& scheme,
          std::size_t jobs, const sgc::straggler_pattern& pattern,
          const example::softmax_problem& problem) {
    using gradient = std::vector<double>;
    const gradient zero(example::softmax_problem::d, 0.0);
    auto partial = [&problem](const gradient& w, std::size_t job, sgc::sample_range samples,
                              gradient& out) { problem.gradient(w, job, samples, out); };
    const double load = scheme.load().value();
    auto transport = sgc::make_in_process<gradient>(scheme, problem.batch(), partial, zero,
                                                    worker_times(pattern, load),
                                                    {2, sgc::clock_kind::real, 1.0});
    sgc::master_options options;
    options.mu = mu;
    options.policy = sgc::wait_policy::minimal_wait;
    options.decode = sgc::decode_options::for_type<double>(1e-9);
    sgc::master master(scheme, transport, jobs, zero, options);

    run result;
    result.name = name;
    result.parameters = parameters;
    std::ostringstream load_text;
    load_text << scheme.load();
    result.load = load_text.str();
    result.T = scheme.T();
    result.models.assign(models, zero);
    const progress_bar bar(name, master.bookkeeping().rounds());
    const auto start = std::chrono::steady_clock::now();
    while (!master.finished()) {
        const std::size_t r = master.round();
        std::shared_ptr<const gradient> input;
        if (r < jobs) input = std::make_shared<const gradient>(result.models[r % models]);
        const sgc::round_report report = master.run_round(input);
        result.stragglers += report.stragglers.size();
        while (auto job = master.next()) {
            if (!job->ok()) {
                ++result.failed;
                continue;
            }
            gradient& w = result.models[job->job % models];
            const double step = learning_rate / static_cast<double>(problem.batch());
            for (std::size_t i = 0; i < w.size(); ++i) w[i] -= step * job->gradient[i];
        }
        bar.update(r + 1);
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.waits = master.counters().waits;
    for (const auto& w : result.models) result.loss += problem.loss(w) / models;
    return result;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t jobs = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 48;
    if (jobs == 0) {
        std::fprintf(stderr, "usage: sequential_training [jobs >= 1]\n");
        return 2;
    }
    const example::softmax_problem problem;
    sgc::adversarial_stragglers stragglers(sgc::bursty_model(n, B, W, lambda), 2024);
    const sgc::straggler_pattern pattern = sgc::generate(stragglers, jobs + 4);

    std::printf("softmax regression, %zu jobs of %zu samples, %zu classes x %zu features; n = %zu workers\n"
                "stragglers: (B, W, lambda) = (%zu, %zu, %zu)-bursty, %gx slower; mu = %g\n\n",
                jobs, problem.batch(), example::softmax_problem::classes,
                example::softmax_problem::features, n, B, W, lambda, slowdown, mu);
    std::vector<run> runs;
    runs.push_back(train("none", "s = 0", sgc::gc<>(n, 0), jobs, pattern, problem));
    runs.push_back(train("GC", "s = 3", sgc::gc<>(n, lambda), jobs, pattern, problem));
    runs.push_back(train("SR-SGC", "(1, 2, 3)", sgc::sr_sgc<n, B, W, lambda>{}, jobs, pattern, problem));
    runs.push_back(train("M-SGC", "(1, 2, 3)", sgc::m_sgc<n, B, W, lambda>{}, jobs, pattern, problem));

    std::printf("%-7s %-10s %2s %-6s %8s %7s %11s %11s %10s\n", "scheme", "parameters", "T", "load",
                "wall s", "waited", "stragglers", "final loss", "vs none");
    bool exact = true;
    for (const auto& r : runs) {
        double difference = 0.0;
        for (std::size_t m = 0; m < models; ++m)
            difference = std::max(difference, example::relative_difference(r.models[m], runs[0].models[m]));
        const bool same = difference <= 1e-9 && r.failed == 0;
        exact = exact && same;
        std::printf("%-7s %-10s %2zu %-6s %8.2f %7zu %11zu %11.4f %10.1e%s\n", r.name.c_str(),
                    r.parameters.c_str(), r.T, r.load.c_str(), r.seconds, r.waits, r.stragglers,
                    r.loss, difference, same ? "" : "  MISMATCH");
    }
    std::printf("\n%s\n", exact ? "every coded run trained exactly the uncoded run's models"
                                : "a coded run's models differ from the uncoded run's");
    return exact ? 0 : 1;
}
