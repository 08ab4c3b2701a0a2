#ifndef SGC_MODELS_WINDOW_MONITOR_HPP
#define SGC_MODELS_WINDOW_MONITOR_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "pattern.hpp"
#include "violation.hpp"

namespace sgc {

/// The incremental conformance check both straggler models share, round by round: the
/// monitor of sgc::bursty_model and of sgc::s_per_round_model (their `monitor` classes derive
/// from it and only fix the parameters). Round r's set S conforms, given the recorded rounds
/// (rounds before 0 are empty), iff
///
///     |S ∪ S_{r-W+1} ∪ ... ∪ S_{r-1}| <= limit                 (broken: limit_rule)
///     S ∩ (S_{r-W+1} ∪ ... ∪ S_{r-B}) = ∅                      (broken: temporal)
///
/// The (B, W, lambda)-bursty model is limit = lambda with limit_rule = spatial; the
/// s-per-round model is B = W = 1, limit = s with limit_rule = per_round_limit (user guide
/// chapter 3; Krishnan, Ebrahimi, Khisti, "Sequential Gradient Coding for Straggler
/// Mitigation", arXiv 2211.13802).
///
/// A ring keeps the last W-1 rounds; record() folds it into the two unions the next round is
/// checked against (O(W n/64)), so check() is O(n/64) and neither allocates. Copies of
/// monitors of equal parameters assign without allocating.
class window_monitor {
public:
    /// The models check the parameters; this constructor does not.
    /// @param n workers, ids 0 .. n-1
    /// @param B the burst length of the temporal rule (1 <= B <= W)
    /// @param W the window, in rounds (>= 1)
    /// @param limit the most distinct stragglers a window may hold (lambda, or s)
    /// @param limit_rule the rule a broken limit is reported as (spatial or per_round_limit)
    /// @param where the name invalid_parameter errors start with (e.g. "sgc::bursty_model")
    window_monitor(std::size_t n, std::size_t B, std::size_t W, std::size_t limit,
                   conformance_rule limit_rule, const char* where);

    /// Does S conform as the next round, round()?
    /// @return nullopt if it does, else the first broken rule (spatial before temporal)
    /// @throws invalid_parameter if S is over another number of workers than n
    /// @param S the candidate stragglers, a set over n workers
    [[nodiscard]] std::optional<violation> check(const worker_set& S) const;
    /// Appends S as round round() and advances, conforming or not: a non-conforming round stays
    /// in the history, so later windows that contain it do not conform either.
    /// @throws invalid_parameter if S is over another number of workers than n
    /// @param S the round's stragglers, a set over n workers
    void record(const worker_set& S);
    /// A largest subset of S that conforms as the next round: S minus the temporally blocked
    /// workers, keeping those already in the window (they cost nothing) and the lowest other ids
    /// up to spare(). Empty if no set conforms (the recorded window already exceeds the limit).
    /// @throws invalid_parameter if S is over another number of workers than n
    /// @param S the candidates, a set over n workers
    /// @return the subset, over n workers
    [[nodiscard]] worker_set conforming_subset(const worker_set& S) const;
    /// Rounds recorded so far: the index of the round check() and record() take next.
    [[nodiscard]] std::size_t round() const noexcept { return round_; }

    // What the next round is checked against, for callers that build conforming sets.

    /// The workers that straggled in the last W-1 rounds.
    [[nodiscard]] const worker_set& window_union() const noexcept { return recent_; }
    /// Those of window_union() the temporal rule forbids next round (they straggled B to W-1
    /// rounds ago).
    [[nodiscard]] const worker_set& blocked() const noexcept { return blocked_; }
    /// How many workers outside window_union() may still straggle next round.
    [[nodiscard]] std::size_t spare() const noexcept {
        return recent_count_ < limit_ ? limit_ - recent_count_ : 0;
    }

    /// Checks and records the rounds of `pattern` in turn as the next rounds (numbered from
    /// round()): the models' whole-pattern check.
    /// @return the first round that does not conform, leaving the monitor just before it, or
    ///         nullopt with every round recorded
    /// @throws invalid_parameter naming `pattern[r]` if round r is over another number of
    ///         workers than n
    /// @param pattern the rounds' stragglers, each a set over n workers
    [[nodiscard]] std::optional<violation> check_all(const straggler_pattern& pattern);

private:
    void require_universe(const worker_set& S, const char* parameter) const {
        if (SGC_UNLIKELY(S.universe() != n_)) bad_universe(S, parameter);
    }
    [[noreturn]] void bad_universe(const worker_set& S, const std::string& parameter) const;
    violation temporal_violation(const worker_set& S) const; // out of line: keeps check() small
    std::size_t window_first() const noexcept { return round_ + 1 >= W_ ? round_ + 1 - W_ : 0; }

    std::size_t n_, B_, W_, limit_;
    conformance_rule limit_rule_;
    const char* where_;
    std::vector<worker_set> ring_; // rounds round_-W+1 .. round_-1, the oldest at head_
    std::size_t head_ = 0;
    std::size_t round_ = 0;
    worker_set recent_;  // union of the ring
    worker_set blocked_; // union of rounds round_-W+1 .. round_-B
    std::size_t recent_count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline window_monitor::window_monitor(std::size_t n, std::size_t B, std::size_t W,
                                      std::size_t limit, conformance_rule limit_rule,
                                      const char* where)
    : n_(n), B_(B), W_(W), limit_(limit), limit_rule_(limit_rule), where_(where),
      ring_(W - 1, worker_set(n)), recent_(n), blocked_(n) {}

inline std::optional<violation> window_monitor::check(const worker_set& S) const {
    require_universe(S, "S.universe()");
    const std::size_t distinct = S.union_count(recent_);
    if (distinct > limit_) return violation{round_, limit_rule_, distinct, limit_, window_first()};
    if (S.intersects(blocked_)) return temporal_violation(S);
    return std::nullopt;
}

SGC_NOINLINE inline violation window_monitor::temporal_violation(const worker_set& S) const {
    const std::size_t worker = S.first_common(blocked_);
    std::size_t age = 0; // the worker's oldest straggle in the ring is its first in the window
    while (!ring_[(head_ + age) % ring_.size()].contains(worker)) ++age;
    return violation{round_, conformance_rule::temporal, worker, B_, round_ + 1 + age - W_};
}

inline void window_monitor::record(const worker_set& S) {
    require_universe(S, "S.universe()");
    ++round_;
    if (ring_.empty()) return; // W = 1: every round is its own window
    ring_[head_] = S;          // overwrite the oldest round; the next one becomes the oldest
    head_ = (head_ + 1) % ring_.size();
    recent_.clear();
    for (std::size_t age = 0; age < ring_.size(); ++age) {
        recent_ |= ring_[(head_ + age) % ring_.size()];
        if (age + 1 == W_ - B_) blocked_ = recent_; // rounds round_-W+1 .. round_-B
    }
    recent_count_ = recent_.count();
}

inline worker_set window_monitor::conforming_subset(const worker_set& S) const {
    require_universe(S, "S.universe()");
    worker_set out = S - blocked_;
    if (recent_count_ > limit_) {
        out.clear();
        return out;
    }
    std::size_t spare_left = spare();
    for (std::size_t w : S)
        if (out.contains(w) && !recent_.contains(w)) {
            if (spare_left == 0)
                out.erase(w);
            else
                --spare_left;
        }
    return out;
}

inline std::optional<violation> window_monitor::check_all(const straggler_pattern& pattern) {
    for (std::size_t r = 0; r < pattern.size(); ++r) {
        if (SGC_UNLIKELY(pattern[r].universe() != n_))
            bad_universe(pattern[r], "pattern[" + std::to_string(r) + "].universe()");
        if (auto v = check(pattern[r])) return v;
        record(pattern[r]);
    }
    return std::nullopt;
}

SGC_NOINLINE SGC_COLD inline void window_monitor::bad_universe(const worker_set& S,
                                                              const std::string& parameter) const {
    detail::throw_invalid_parameter(where_, parameter.c_str(), std::to_string(S.universe()),
                            "the set must be over n = " + std::to_string(n_) + " workers");
}

} // namespace sgc

#endif
