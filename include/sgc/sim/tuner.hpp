#ifndef SGC_SIM_TUNER_HPP
#define SGC_SIM_TUNER_HPP

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "../codes/code_kind.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "../core/thread_pool.hpp"
#include "../schemes/any_scheme.hpp"
#include "replay.hpp"
#include "trace.hpp"

namespace sgc::sim {

// The run-time scheme vocabulary lives with the schemes (sgc/schemes/any_scheme.hpp); the
// simulator's names are the same entities.
using sgc::any_scheme;
using sgc::parse_scheme_kind;
using sgc::scheme_kind;
using sgc::scheme_spec;

// Every valid tuple of a scheme with T <= max_delay over n workers, in the tuner's order:
//   none:   the single uncoded scheme;
//   gc:     s = 0 .. n - 1;
//   sr-sgc: B = 1 .. max_delay, W = B + 1, 2B + 1, ... <= max_window (B | W - 1),
//           lambda = 1 .. n with s = ceil(B lambda / (W - 1 + B)) < n;
//   m-sgc:  B >= 1, W >= B + 1 with T = W - 2 + B <= max_delay, lambda = 1 .. n.
// With code_kind::frc only the s (lambda for M-SGC's D2 code, when lambda < n) with
// (s + 1) | n are valid. SR-SGC's T = B does not bound W: max_window does.
[[nodiscard]] std::vector<scheme_spec> search_space(scheme_kind kind, std::size_t n, std::size_t max_delay,
                                      std::size_t max_window, code_kind code = code_kind::uneven);

struct tune_options {
    std::size_t jobs = 0;       // J: the first J jobs of the trace (J + T rounds of it)
    std::size_t max_delay = 0;  // T <= max_delay
    std::size_t max_window = 0; // SR-SGC's W <= max_window; 0: 2 max_delay + 1
    // How every tuple is replayed: mu, policy, load shift and the numerical guard. The tuner
    // sets record_rounds and abandon_above itself.
    replay_options replay{};
    std::vector<scheme_kind> schemes{scheme_kind::none, scheme_kind::gc, scheme_kind::sr_sgc,
                                     scheme_kind::m_sgc};
    // The inner codes. The default, uneven repetition, has closed-form plans and exact loads;
    // every code tolerates the same stragglers, so only the load (through the shift) differs.
    code_kind code = code_kind::uneven;
    unsigned threads = 0; // 0: sgc::thread_pool::hardware_threads()
    // Give up on a tuple once its runtime so far exceeds the best found: the result is the same.
    bool early_abandon = true;
    // Called after each simulated tuple with (tuples done, tuples in all), from the searching
    // threads but never concurrently.
    std::function<void(std::size_t, std::size_t)> progress;
};

// The best tuple of one scheme.
struct tuned_scheme {
    scheme_kind kind = scheme_kind::none;
    bool found = false; // false when no tuple has T <= max_delay (or none decoded every job)
    scheme_spec best;
    double total_runtime = std::numeric_limits<double>::infinity();
    std::size_t waits = 0;
    rational load;
    std::size_t searched = 0;  // tuples simulated
    std::size_t abandoned = 0; // of them, stopped early
    std::size_t failed = 0;    // of them, with a job not decodable by its deadline (skipped)
};

struct tune_result {
    std::vector<tuned_scheme> schemes; // in the order of tune_options::schemes
    double seconds = 0.0;              // wall time of the search
};

// Simulates every tuple of search_space() for each scheme on the first `jobs` jobs of `trace`
// and keeps the fastest (ties: the first in search order). invalid_parameter unless jobs >= 1,
// the trace has jobs + (the largest T searched) rounds, and the replay options are valid.
[[nodiscard]] tune_result tune(const delay_trace& trace, const tune_options& options);

// ---------------------------------------------------------------------------------------------
// implementation

inline std::vector<scheme_spec> search_space(scheme_kind kind, std::size_t n,
                                             std::size_t max_delay, std::size_t max_window,
                                             code_kind code) {
    detail::require(n >= 1, "sgc::sim::search_space", "n", n, "the number of workers must be >= 1");
    // frc needs (s + 1) | n; the other codes take any s < n.
    const auto code_allows = [&](std::size_t s) { return code != code_kind::frc || n % (s + 1) == 0; };
    std::vector<scheme_spec> space;
    switch (kind) {
    case scheme_kind::none: space.push_back({kind, n}); break;
    case scheme_kind::gc:
        for (std::size_t s = 0; s < n; ++s)
            if (code_allows(s)) space.push_back({kind, n, s});
        break;
    case scheme_kind::sr_sgc:
        for (std::size_t B = 1; B <= max_delay; ++B)
            for (std::size_t W = B + 1; W <= max_window; W += B)
                for (std::size_t lambda = 1; lambda <= n; ++lambda) {
                    const std::size_t s = detail::sr_sgc_s(B, W, lambda);
                    if (s < n && code_allows(s)) space.push_back({kind, n, s, B, W, lambda});
                }
        break;
    case scheme_kind::m_sgc:
        for (std::size_t B = 1; 2 * B - 1 <= max_delay; ++B) // T >= 2B - 1 (W = B + 1)
            for (std::size_t W = B + 1; W - 2 + B <= max_delay; ++W)
                for (std::size_t lambda = 1; lambda <= n; ++lambda)
                    if (lambda == n || code_allows(lambda))
                        space.push_back({kind, n, 0, B, W, lambda});
        break;
    }
    return space;
}

} // namespace sgc::sim

namespace sgc::detail {

// The search over one scheme's tuples, shared by the pool's threads and the caller: each takes
// the next tuple, and the best runtime so far (an atomic, for early abandon) only decreases.
class tune_search {
public:
    tune_search(const sim::delay_trace& trace, const sim::tune_options& options,
                const std::vector<sim::scheme_spec>& space, std::size_t& done, std::size_t total);

    sim::tuned_scheme run(sim::scheme_kind kind, thread_pool& pool);

private:
    struct local_best {
        double runtime = std::numeric_limits<double>::infinity();
        std::size_t index = std::numeric_limits<std::size_t>::max();
        std::size_t waits = 0;
        rational load;
        std::size_t searched = 0, abandoned = 0, failed = 0;
    };
    void work(local_best& mine);
    void lower_best(double runtime) noexcept {
        double seen = best_.load(std::memory_order_relaxed);
        while (runtime < seen && !best_.compare_exchange_weak(seen, runtime)) {
        }
    }

    const sim::delay_trace& trace_;
    const sim::tune_options& options_;
    const std::vector<sim::scheme_spec>& space_;
    std::size_t& done_; // tuples done over all schemes, under progress_mutex_
    std::size_t total_;
    std::vector<std::size_t> order_; // the order tuples are simulated in
    std::atomic<std::size_t> next_{0};
    std::atomic<double> best_{std::numeric_limits<double>::infinity()};
    std::mutex progress_mutex_;
};

// Coarse to fine: every 2^m-th tuple first, then the ones halfway between, and so on. A good
// runtime turns up early wherever it sits in the space, so early abandon cuts the rest short.
inline tune_search::tune_search(const sim::delay_trace& trace, const sim::tune_options& options,
                                const std::vector<sim::scheme_spec>& space, std::size_t& done,
                                std::size_t total)
    : trace_(trace), options_(options), space_(space), done_(done), total_(total) {
    std::size_t step = 1;
    while (step * 2 < space.size()) step *= 2;
    order_.reserve(space.size());
    for (std::size_t k = 0; k < space.size(); k += step) order_.push_back(k);
    for (; step > 1; step /= 2)
        for (std::size_t k = step / 2; k < space.size(); k += step) order_.push_back(k);
}

inline void tune_search::work(local_best& mine) {
    sim::replay_options replay = options_.replay;
    replay.record_rounds = false;
    for (std::size_t next = next_++; next < order_.size(); next = next_++) {
        const std::size_t k = order_[next];
        if (options_.early_abandon) replay.abandon_above = best_.load(std::memory_order_relaxed);
        rational load;
        const sim::replay_result r =
            any_scheme::make(space_[k], options_.code).visit([&](const auto& s) {
                load = s.load();
                return sim::replay(s, trace_, options_.jobs, replay);
            });
        ++mine.searched;
        if (r.abandoned) {
            ++mine.abandoned;
        } else if (r.jobs_decoded != options_.jobs) {
            ++mine.failed;
        } else {
            // Ties go to the earlier tuple, whichever thread ran it.
            if (r.total_runtime < mine.runtime || (r.total_runtime == mine.runtime && k < mine.index)) {
                mine.runtime = r.total_runtime;
                mine.index = k;
                mine.waits = r.waits;
                mine.load = load;
            }
            lower_best(r.total_runtime);
        }
        if (options_.progress) {
            std::lock_guard<std::mutex> lock(progress_mutex_);
            options_.progress(++done_, total_);
        }
    }
}

inline sim::tuned_scheme tune_search::run(sim::scheme_kind kind, thread_pool& pool) {
    // One searcher per thread (the caller's too), each with its own best.
    std::vector<local_best> bests(std::min(pool.size() + 1, std::max<std::size_t>(1, space_.size())));
    pool.run(bests.size(), [this, &bests](std::size_t t) { work(bests[t]); });

    sim::tuned_scheme out;
    out.kind = kind;
    local_best best;
    for (const auto& b : bests) {
        out.searched += b.searched;
        out.abandoned += b.abandoned;
        out.failed += b.failed;
        if (b.runtime < best.runtime || (b.runtime == best.runtime && b.index < best.index)) {
            best.runtime = b.runtime;
            best.index = b.index;
            best.waits = b.waits;
            best.load = b.load;
        }
    }
    if (best.index < space_.size()) {
        out.found = true;
        out.best = space_[best.index];
        out.total_runtime = best.runtime;
        out.waits = best.waits;
        out.load = best.load;
    }
    return out;
}

} // namespace sgc::detail

namespace sgc::sim {

inline tune_result tune(const delay_trace& trace, const tune_options& options) {
    constexpr const char* where = "sgc::sim::tune";
    const auto start = std::chrono::steady_clock::now();
    detail::require(options.jobs >= 1, where, "jobs", options.jobs, "must be >= 1");
    detail::require(trace.n() >= 1, where, "trace.n()", trace.n(), "the trace has no workers");
    detail::check_replay_options(options.replay);
    const std::size_t max_window =
        options.max_window != 0 ? options.max_window : 2 * options.max_delay + 1;

    std::vector<std::vector<scheme_spec>> spaces;
    std::size_t total = 0, longest = 0;
    for (auto kind : options.schemes) {
        spaces.push_back(search_space(kind, trace.n(), options.max_delay, max_window, options.code));
        total += spaces.back().size();
        for (const auto& spec : spaces.back()) longest = std::max(longest, spec.T());
    }
    if (trace.rounds() < options.jobs + longest)
        detail::throw_invalid_parameter(where, "jobs", std::to_string(options.jobs),
                                        "jobs + T = " + std::to_string(options.jobs + longest) +
                                            " rounds are needed for T up to " +
                                            std::to_string(longest) + ", the trace has " +
                                            std::to_string(trace.rounds()));

    const std::size_t threads =
        options.threads != 0 ? options.threads : thread_pool::hardware_threads();
    thread_pool pool(threads - 1); // the calling thread searches too
    tune_result result;
    std::size_t done = 0;
    for (std::size_t k = 0; k < spaces.size(); ++k) {
        detail::tune_search search(trace, options, spaces[k], done, total);
        result.schemes.push_back(search.run(options.schemes[k], pool));
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace sgc::sim

#endif
