#ifndef SGC_MODELS_ROUND_RULE_HPP
#define SGC_MODELS_ROUND_RULE_HPP

#include <algorithm>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

#include "../core/detail/bits.hpp"
#include "../core/worker_set.hpp"
#include "wait_policy.hpp"
#include "window_monitor.hpp"

namespace sgc {

// The round rule (user guide chapters 5 and 7): a round waits for its first result, then until
// the cut-off (1 + mu) t_first; the workers still missing at the cut-off are its stragglers if
// they conform to the scheme's straggler model given the rounds recorded so far, otherwise the
// wait policy decides. sgc::master applies it event by event (cutoff_time, decide_at_cutoff) and
// the simulator to a whole round of known times (round_rule), so that both end rounds alike.

/// A round's cut-off: (1 + mu) times its first result's time, counted from the round's start
/// (the round rule, docs/design.md, section 5.3).
/// @param start the round's start (seconds on any clock)
/// @param first when its first result arrived (same clock)
/// @param mu the slack, >= 0
/// @return start + (1 + mu) (first - start)
[[nodiscard]] constexpr double cutoff_time(double start, double first, double mu) noexcept {
    return start + (1.0 + mu) * (first - start);
}

/// The decision at the cut-off.
enum class at_cutoff {
    stop,                 ///< the missing workers conform: they are the round's stragglers
    wait_for_all,         ///< wait_all: wait for every worker, record none
    wait_until_conforming ///< minimal_wait: stop once the workers still missing conform
};

/// The decision at the cut-off for the workers `missing` then.
/// @param monitor the model's monitor (anything with window_monitor's check()), holding the
///        rounds recorded so far
/// @param missing the workers that were waited for and have not answered by the cut-off
/// @param policy what to do when they do not conform
/// @return stop if they conform, else what the policy says
/// @throws invalid_parameter if `missing` is over another number of workers than the monitor
template <class Monitor>
[[nodiscard]] at_cutoff decide_at_cutoff(const Monitor& monitor, const worker_set& missing, wait_policy policy) {
    if (!monitor.check(missing)) return at_cutoff::stop;
    return policy == wait_policy::wait_all ? at_cutoff::wait_for_all
                                           : at_cutoff::wait_until_conforming;
}

/// The round rule for a round whose workers' times are all known in advance (a trace row):
/// how long the round lasts, whether it waited past the cut-off, and whom it records as
/// stragglers (docs/design.md, sections 5.3 and 6.1). Reused across rounds, it allocates
/// nothing per round.
///
/// A worker's time is max(0, times[i] + shift), counted from the round's start: `shift` is the
/// simulator's load shift (0 for times taken as they are).
class round_rule {
public:
    /// @param n workers, ids 0 .. n-1
    /// @param mu the cut-off's slack (>= 0; not checked here)
    /// @param policy what to do past the cut-off when the missing workers do not conform
    /// @param shift seconds added to every time (the result floored at 0)
    round_rule(std::size_t n, double mu, wait_policy policy, double shift = 0.0)
        : mu_(mu), shift_(shift), policy_(policy), candidates_(n), stragglers_(n) {
        arrivals_.reserve(n);
    }

    /// Decides the round whose workers `active` took times[i] (+ shift), given the history in
    /// `monitor`, and records its stragglers there. A round without active workers costs 0.
    /// @param times n times in seconds, one per worker (only the active ones are read)
    /// @param active the workers with work in the round: the only ones waited for
    /// @param monitor the model's monitor, over n workers; the round is recorded in it
    void decide(const double* times, const worker_set& active, window_monitor& monitor);

    /// The round's duration in seconds, from its start.
    [[nodiscard]] double duration() const noexcept { return duration_; }
    /// True if the round went past the cut-off because the missing workers did not conform.
    [[nodiscard]] bool waited() const noexcept { return waited_; }
    /// The workers recorded as the round's stragglers.
    [[nodiscard]] const worker_set& stragglers() const noexcept { return stragglers_; }

private:
    void wait_until_conforming(const double* times, const window_monitor& monitor);
    // The least and greatest of t[0..63] folded into lowest and highest: four independent pairs
    // of accumulators, so that the comparisons do not wait on each other.
    static void min_max_64(const double* t, double& lowest, double& highest) noexcept {
        double lo[4] = {lowest, lowest, lowest, lowest};
        double hi[4] = {highest, highest, highest, highest};
        for (std::size_t b = 0; b < worker_set::word_bits; b += 4)
            for (std::size_t j = 0; j < 4; ++j) {
                lo[j] = std::min(t[b + j], lo[j]);
                hi[j] = std::max(t[b + j], hi[j]);
            }
        lowest = std::min(std::min(lo[0], lo[1]), std::min(lo[2], lo[3]));
        highest = std::max(std::max(hi[0], hi[1]), std::max(hi[2], hi[3]));
    }
    // f(i) for each member i of s in increasing order; a word of 64 members is a plain loop.
    template <class F> static void for_each_member(const worker_set& s, F&& f) {
        const auto words = s.words();
        for (std::size_t k = 0; k < words.size(); ++k) {
            const std::size_t base = k * worker_set::word_bits;
            if (words[k] == ~worker_set::word_type{0}) {
                for (std::size_t b = 0; b < worker_set::word_bits; ++b) f(base + b);
                continue;
            }
            for (worker_set::word_type w = words[k]; w != 0; w &= w - 1)
                f(base + static_cast<std::size_t>(detail::countr_zero(w)));
        }
    }
    double time_of(const double* times, std::size_t i) const noexcept {
        return std::max(0.0, times[i] + shift_);
    }

    double mu_, shift_;
    wait_policy policy_;
    worker_set candidates_, stragglers_;
    std::vector<std::pair<double, std::size_t>> arrivals_; // (time, worker) of the candidates
    double duration_ = 0.0;
    bool waited_ = false;
};

// ---------------------------------------------------------------------------------------------
// implementation

// Candidates arrive in order of their times (ties together); the round ends at the first
// arrival after which the still-missing candidates conform. Both model rules only get easier as
// the set shrinks, and the empty set always conforms.
inline void round_rule::wait_until_conforming(const double* times, const window_monitor& monitor) {
    arrivals_.clear();
    for (std::size_t i : candidates_) arrivals_.emplace_back(time_of(times, i), i);
    std::sort(arrivals_.begin(), arrivals_.end());
    worker_set& missing = candidates_;
    for (std::size_t k = 0; k < arrivals_.size();) {
        const double t = arrivals_[k].first;
        for (; k < arrivals_.size() && arrivals_[k].first == t; ++k) missing.erase(arrivals_[k].second);
        if (!monitor.check(missing).has_value()) {
            duration_ = t;
            stragglers_ = missing;
            return;
        }
    }
}

inline void round_rule::decide(const double* times, const worker_set& active,
                               window_monitor& monitor) {
    stragglers_.clear();
    waited_ = false;
    duration_ = 0.0;
    if (active.empty()) { // nothing to wait for: the round costs nothing
        monitor.record(stragglers_);
        return;
    }
    // Two passes over the active workers' times (a full word of them is a counted loop): the
    // fastest and slowest, then those past the cut-off. max(0, t + shift) is monotone in t, so
    // the extremes are taken over the raw times; and as the cut-off is >= 0, a worker is past it
    // iff t + shift is.
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -std::numeric_limits<double>::infinity();
    const auto words = active.words();
    for (std::size_t k = 0; k < words.size(); ++k) {
        const double* t = times + k * worker_set::word_bits;
        if (words[k] == ~worker_set::word_type{0}) {
            min_max_64(t, lowest, highest);
            continue;
        }
        for (worker_set::word_type w = words[k]; w != 0; w &= w - 1) {
            const double x = t[detail::countr_zero(w)];
            lowest = std::min(lowest, x);
            highest = std::max(highest, x);
        }
    }
    const double fastest = std::max(0.0, lowest + shift_);
    const double slowest = std::max(0.0, highest + shift_);
    const double cutoff = cutoff_time(0.0, fastest, mu_);
    candidates_.clear();
    if (slowest > cutoff)
        for_each_member(active, [&](std::size_t i) {
            if (times[i] + shift_ > cutoff) candidates_.insert(i);
        });

    if (candidates_.empty()) {
        duration_ = slowest; // everyone is in by the cut-off
    } else {
        switch (decide_at_cutoff(monitor, candidates_, policy_)) {
        case at_cutoff::stop:
            duration_ = cutoff;
            stragglers_ = candidates_;
            break;
        case at_cutoff::wait_for_all:
            duration_ = slowest;
            waited_ = true;
            break;
        case at_cutoff::wait_until_conforming:
            waited_ = true;
            duration_ = slowest;
            wait_until_conforming(times, monitor);
            break;
        }
    }
    monitor.record(stragglers_);
}

} // namespace sgc

#endif
