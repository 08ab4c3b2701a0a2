#ifndef SGC_SIM_TUNER_HPP
#define SGC_SIM_TUNER_HPP

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "../codes/code_kind.hpp"
#include "../core/detail/checked.hpp"
#include "../core/error.hpp"
#include "../core/limits.hpp"
#include "../core/rational.hpp"
#include "../core/thread_pool.hpp"
#include "../schemes/any_scheme.hpp"
#include "replay.hpp"
#include "trace.hpp"

namespace sgc::sim {

/// The run-time scheme vocabulary lives with the schemes (sgc/schemes/any_scheme.hpp); the
/// simulator's names are the same entities.
using sgc::any_scheme;
using sgc::parse_scheme_kind;
using sgc::scheme_kind;
using sgc::scheme_spec;

/// Every valid tuple of a scheme with T <= max_delay over n workers, in the tuner's order:
/// - none: the single uncoded scheme;
/// - gc: s = 0 .. n - 1;
/// - sr-sgc: B = 1 .. max_delay, W = B + 1, 2B + 1, ... <= max_window (B | W - 1),
///   lambda = 1 .. n with s = ceil(B lambda / (W - 1 + B)) < n;
/// - m-sgc: B >= 1, W >= B + 1 with T = W - 2 + B <= max_delay, lambda = 1 .. n.
///
/// With code_kind::frc only the s (lambda for M-SGC's D2 code, when lambda < n) with
/// (s + 1) | n are valid. SR-SGC's T = B does not bound W: max_window does. Every W is at most
/// limits::max_window, and M-SGC's tuples keep n (W - 1) (W - 1 + B) <= limits::max_bookkeeping
/// (the schemes' own limits). The parameters' rules are those of the paper's schemes (Krishnan,
/// Ebrahimi, Khisti, ICLR 2023, arXiv 2211.13802; docs/design.md, section 4).
/// @param kind the scheme
/// @param n workers, >= 1
/// @param max_delay the largest delay T, in rounds
/// @param max_window SR-SGC's largest window W, in rounds
/// @param code the inner code, which decides which s are valid
/// @return the tuples, in the tuner's order
/// @throws invalid_parameter if n = 0, or naming max_delay if search_space_size() exceeds
///         limits::max_search_space (checked before anything is allocated)
[[nodiscard]] std::vector<scheme_spec> search_space(scheme_kind kind, std::size_t n, std::size_t max_delay,
                                      std::size_t max_window, code_kind code = code_kind::uneven);
/// The size of search_space(kind, n, max_delay, max_window) counted without building it: exact
/// for none, GC and M-SGC with the uneven and cyclic codes, an upper bound otherwise (it counts
/// every lambda = 1 .. n of each (B, W) pair). Saturates at SIZE_MAX.
/// @param kind the scheme
/// @param n workers
/// @param max_delay the largest delay T, in rounds
/// @param max_window SR-SGC's largest window W, in rounds
/// @return the count of tuples (or its upper bound)
[[nodiscard]] std::size_t search_space_size(scheme_kind kind, std::size_t n, std::size_t max_delay,
                              std::size_t max_window);
/// The largest T of a tuple of search_space(kind, n, max_delay, max_window, code), found
/// without building it; 0 if the space is empty.
/// @param kind the scheme
/// @param n workers
/// @param max_delay the largest delay T, in rounds
/// @param max_window SR-SGC's largest window W, in rounds
/// @param code the inner code
/// @return the largest T, in rounds
[[nodiscard]] std::size_t search_space_delay(scheme_kind kind, std::size_t n, std::size_t max_delay,
                               std::size_t max_window, code_kind code = code_kind::uneven);

/// What sgc::sim::tune searches, and how it replays each tuple.
struct tune_options {
    std::size_t jobs = 0;       ///< J: the first J jobs of the trace (J + T rounds of it)
    std::size_t max_delay = 0;  ///< T <= max_delay
    std::size_t max_window = 0; ///< SR-SGC's W <= max_window; 0: 2 max_delay + 1
    /// How every tuple is replayed: mu, policy, load shift and the numerical guard. The tuner
    /// sets record_rounds and abandon_above itself.
    replay_options replay{};
    /// The schemes to search, in the order of tune_result::schemes.
    std::vector<scheme_kind> schemes{scheme_kind::none, scheme_kind::gc, scheme_kind::sr_sgc,
                                     scheme_kind::m_sgc};
    /// The inner codes. The default, uneven repetition, has closed-form plans and exact loads;
    /// every code tolerates the same stragglers, so only the load (through the shift) differs.
    code_kind code = code_kind::uneven;
    unsigned threads = 0; ///< 0: sgc::thread_pool::hardware_threads()
    /// Give up on a tuple once its runtime so far exceeds the best found: the result is the same.
    bool early_abandon = true;
    /// Called after each simulated tuple with (tuples done, tuples in all), from the searching
    /// threads but never concurrently.
    std::function<void(std::size_t, std::size_t)> progress;
};

/// The best tuple of one scheme.
struct tuned_scheme {
    scheme_kind kind = scheme_kind::none; ///< the scheme
    bool found = false; ///< false when no tuple has T <= max_delay (or none decoded every job)
    scheme_spec best;   ///< its fastest tuple (when found)
    /// The best tuple's replayed runtime of the J jobs, in trace seconds (infinity when none
    /// was found).
    double total_runtime = std::numeric_limits<double>::infinity();
    std::size_t waits = 0; ///< the best tuple's rounds that waited past their cut-off
    rational load;         ///< the best tuple's normalised load
    std::size_t searched = 0;  ///< tuples simulated
    std::size_t abandoned = 0; ///< of them, stopped early
    /// Of them, skipped: a job was not decodable by its deadline, or a round waited for a worker
    /// that never answered (or, should one occur, the tuple's scheme could not be built within
    /// sgc::limits).
    std::size_t failed = 0;
};

/// What sgc::sim::tune found.
struct tune_result {
    std::vector<tuned_scheme> schemes; ///< in the order of tune_options::schemes
    double seconds = 0.0;              ///< wall time of the search
};

/// Simulates every tuple of search_space() for each scheme on the first `jobs` jobs of `trace`
/// and keeps the fastest (ties: the first in search order), replaying each with
/// sgc::sim::replay: the paper's way of comparing the schemes (Krishnan, Ebrahimi, Khisti, ICLR
/// 2023, arXiv 2211.13802; docs/design.md, section 6).
/// @param trace the delay trace, in seconds
/// @param options what to search and how to replay
/// @return the best tuple of each scheme, in the order of options.schemes
/// @throws invalid_parameter unless jobs >= 1, the trace has workers and jobs + (the largest T
///         searched) rounds, the replay options are valid, the runtimes cannot overflow a
///         double, and the spaces together hold at most limits::max_search_space tuples (naming
///         max_delay): all checked before a space is built
[[nodiscard]] tune_result tune(const delay_trace& trace, const tune_options& options);

// ---------------------------------------------------------------------------------------------
// implementation

} // namespace sgc::sim

namespace sgc::detail {

// The tuner's (B, W) pairs, shared by counting and building so that the two cannot disagree.
// W never exceeds the schemes' limit.
constexpr std::size_t window_cap(std::size_t max_window) noexcept {
    return max_window < limits::max_window ? max_window : limits::max_window;
}

// SR-SGC: B = 1 .. sr_sgc_max_B, W = B + 1, 2B + 1, ... <= window_cap.
constexpr std::size_t sr_sgc_max_B(std::size_t max_delay, std::size_t max_window) noexcept {
    const std::size_t cap = window_cap(max_window);
    return cap < 2 ? 0 : (max_delay < cap - 1 ? max_delay : cap - 1);
}

// M-SGC: for burst B, W = B + 1 .. m_sgc_max_W(B) (B itself when there is none): T =
// W - 2 + B <= max_delay, W <= limits::max_window, and the master's bookkeeping within
// limits::max_bookkeeping (it grows with W, so the largest W is found by bisection). M-SGC's
// T bounds W; max_window is SR-SGC's alone.
inline std::size_t m_sgc_max_W(std::size_t n, std::size_t B, std::size_t max_delay) noexcept {
    if (checked_add(max_delay, 2) < checked_add(B, B + 1)) return B; // W = B + 1 has T > max_delay
    std::size_t hi = std::min(checked_add(max_delay, 2) - B, limits::max_window);
    std::size_t lo = B; // the largest W known to fit (B: none yet)
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo + 1) / 2;
        if (m_sgc_bookkeeping(n, B, mid) <= limits::max_bookkeeping) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

// The largest B for which M-SGC may have a W: T >= 2B - 1, and W = B + 1 within the limit.
constexpr std::size_t m_sgc_max_B(std::size_t max_delay) noexcept {
    const std::size_t by_delay = max_delay / 2 + max_delay % 2; // 2B - 1 <= max_delay
    return by_delay < limits::max_window - 1 ? by_delay : limits::max_window - 1;
}

// The least s SR-SGC's code allows over n workers: 1 for the uneven and cyclic codes, and for
// frc, which needs (s + 1) | n, n's smallest divisor d >= 2 less one.
inline std::size_t sr_sgc_least_s(std::size_t n, code_kind code) noexcept {
    if (code != code_kind::frc || n < 2) return 1;
    std::size_t d = 2;
    while (d * d <= n && n % d != 0) ++d;
    return (d * d > n ? n : d) - 1;
}

// Whether SR-SGC (B, W) over n workers has a tuple: s = ceil(B lambda / (W - 1 + B)) takes
// every value from 1 to s(n) as lambda runs over 1 .. n (each step adds at most
// B / (W - 1 + B) <= 1/2), so the least allowed s must be at most min(s(n), n - 1).
inline bool sr_sgc_pair_valid(std::size_t n, std::size_t B, std::size_t W, std::size_t least_s) noexcept {
    return least_s <= std::min(sr_sgc_s(B, W, n), n - 1);
}

} // namespace sgc::detail

namespace sgc::sim {

inline std::size_t search_space_size(scheme_kind kind, std::size_t n, std::size_t max_delay,
                                     std::size_t max_window) {
    using detail::checked_add;
    using detail::checked_mul;
    std::size_t pairs = 0;
    switch (kind) {
    case scheme_kind::none: return 1;
    case scheme_kind::gc: return n;
    case scheme_kind::sr_sgc: {
        const std::size_t cap = detail::window_cap(max_window);
        for (std::size_t B = 1; B <= detail::sr_sgc_max_B(max_delay, max_window); ++B)
            pairs = checked_add(pairs, (cap - 1) / B); // W = B + 1 + kB <= cap
        break;
    }
    case scheme_kind::m_sgc:
        for (std::size_t B = 1; B <= detail::m_sgc_max_B(max_delay); ++B)
            pairs = checked_add(pairs, detail::m_sgc_max_W(n, B, max_delay) - B);
        break;
    }
    return checked_mul(pairs, n);
}

inline std::size_t search_space_delay(scheme_kind kind, std::size_t n, std::size_t max_delay,
                                      std::size_t max_window, code_kind code) {
    std::size_t longest = 0;
    switch (kind) {
    case scheme_kind::none:
    case scheme_kind::gc: break;
    case scheme_kind::sr_sgc: { // T = B: the largest B with a valid tuple
        const std::size_t least_s = detail::sr_sgc_least_s(n, code);
        for (std::size_t B = detail::sr_sgc_max_B(max_delay, max_window); B >= 1 && longest == 0; --B)
            for (std::size_t W = B + 1; W <= detail::window_cap(max_window); W += B)
                if (detail::sr_sgc_pair_valid(n, B, W, least_s)) {
                    longest = B;
                    break;
                }
        break;
    }
    case scheme_kind::m_sgc: // lambda = n is always valid: every (B, W) pair has a tuple
        for (std::size_t B = 1; B <= detail::m_sgc_max_B(max_delay); ++B) {
            const std::size_t W = detail::m_sgc_max_W(n, B, max_delay);
            if (W > B) longest = std::max(longest, W - 2 + B);
        }
        break;
    }
    return longest;
}

inline std::vector<scheme_spec> search_space(scheme_kind kind, std::size_t n,
                                             std::size_t max_delay, std::size_t max_window,
                                             code_kind code) {
    constexpr const char* where = "sgc::sim::search_space";
    detail::require(n >= 1, where, "n", n, "the number of workers must be >= 1");
    const std::size_t size = search_space_size(kind, n, max_delay, max_window);
    if (size > limits::max_search_space)
        detail::throw_invalid_parameter(where, "max_delay", std::to_string(max_delay),
                                        std::string(to_string(kind)) + "'s search space holds up to " +
                                            std::to_string(size) + " tuples, more than the limit of " +
                                            std::to_string(limits::max_search_space) +
                                            " (sgc::limits::max_search_space)");
    // frc needs (s + 1) | n; the other codes take any s < n.
    const auto code_allows = [&](std::size_t s) { return code != code_kind::frc || n % (s + 1) == 0; };
    std::vector<scheme_spec> space;
    space.reserve(size);
    switch (kind) {
    case scheme_kind::none: space.push_back({kind, n}); break;
    case scheme_kind::gc:
        for (std::size_t s = 0; s < n; ++s)
            if (code_allows(s)) space.push_back({kind, n, s});
        break;
    case scheme_kind::sr_sgc:
        for (std::size_t B = 1; B <= detail::sr_sgc_max_B(max_delay, max_window); ++B)
            for (std::size_t W = B + 1; W <= detail::window_cap(max_window); W += B)
                for (std::size_t lambda = 1; lambda <= n; ++lambda) {
                    const std::size_t s = detail::sr_sgc_s(B, W, lambda);
                    if (s < n && code_allows(s)) space.push_back({kind, n, s, B, W, lambda});
                }
        break;
    case scheme_kind::m_sgc:
        for (std::size_t B = 1; B <= detail::m_sgc_max_B(max_delay); ++B)
            for (std::size_t W = B + 1, top = detail::m_sgc_max_W(n, B, max_delay); W <= top; ++W)
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
        // The space keeps to the schemes' rules, and tune() has checked the trace and the
        // options: a scheme that still refuses its tuple is counted, never fatal to the thread.
        std::optional<any_scheme> scheme;
        SGC_TRY {
            scheme = any_scheme::make(space_[k], options_.code);
        } SGC_CATCH(const invalid_parameter&) {
        }
        rational load;
        sim::replay_result r;
        if (scheme)
            r = scheme->visit([&](const auto& s) {
                load = s.load();
                return sim::replay(s, trace_, options_.jobs, replay);
            });
        ++mine.searched;
        if (!scheme) {
            ++mine.failed;
        } else if (r.abandoned) {
            ++mine.abandoned;
        } else if (r.failed_round || r.jobs_decoded != options_.jobs) {
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
        options.max_window != 0 ? options.max_window
                                : detail::checked_add(detail::checked_mul(2, options.max_delay), 1);

    // The trace's length and the spaces' sizes, before any space is built.
    std::size_t longest = 0, bound = 0;
    for (auto kind : options.schemes) {
        longest = std::max(longest, search_space_delay(kind, trace.n(), options.max_delay,
                                                       max_window, options.code));
        bound = detail::checked_add(bound, search_space_size(kind, trace.n(), options.max_delay, max_window));
    }
    if (trace.rounds() < detail::checked_add(options.jobs, longest))
        detail::throw_invalid_parameter(where, "jobs", std::to_string(options.jobs),
                                        "jobs + T = " + std::to_string(options.jobs + longest) +
                                            " rounds are needed for T up to " +
                                            std::to_string(longest) + ", the trace has " +
                                            std::to_string(trace.rounds()));
    // No replay may overflow a double (checked here, not in the searching threads): a round
    // lasts at most the longest time plus the largest shift, c (1 - L0) at load 1.
    const double widest_shift =
        std::max(0.0, (1.0 - options.replay.shift.trace_load) * options.replay.shift.seconds_per_load);
    if (!std::isfinite(static_cast<double>(options.jobs + longest) * (trace.longest() + widest_shift)))
        detail::throw_invalid_parameter(where, "trace", "times up to " + detail::number_text(trace.longest()),
                                        "the total runtime of " + std::to_string(options.jobs + longest) +
                                            " rounds could overflow a double: times this large "
                                            "cannot be added up");
    if (bound > limits::max_search_space)
        detail::throw_invalid_parameter(where, "max_delay", std::to_string(options.max_delay),
                                        "the search spaces hold up to " + std::to_string(bound) +
                                            " tuples (max_window " + std::to_string(max_window) +
                                            "), more than the limit of " +
                                            std::to_string(limits::max_search_space) +
                                            " (sgc::limits::max_search_space): search smaller "
                                            "delays or windows, or fewer schemes");

    std::vector<std::vector<scheme_spec>> spaces;
    std::size_t total = 0;
    for (auto kind : options.schemes) {
        spaces.push_back(search_space(kind, trace.n(), options.max_delay, max_window, options.code));
        total += spaces.back().size();
    }

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
