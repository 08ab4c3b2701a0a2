#ifndef SGC_MODELS_ENUMERATE_HPP
#define SGC_MODELS_ENUMERATE_HPP

#include <cstddef>
#include <utility>
#include <vector>

#include "../core/worker_set.hpp"
#include "pattern.hpp"

namespace sgc {

/// Calls f(const straggler_pattern&) once for every pattern of `rounds` rounds that conforms to
/// `model` (s_per_round_model or bursty_model; anything with n() and a monitor works). For
/// exhaustive verification at small n: the count grows like (conforming sets per round)^rounds.
///
/// A depth-first search: round by round, worker by worker, a worker joins the round's set only
/// if the set still conforms given the rounds before. Conformance is closed under taking
/// subsets, so this prunes exactly the non-conforming branches and never visits one twice.
template <class Model, class F>
/// Calls f(const straggler_pattern&) once for every pattern of `rounds` rounds that conforms to
/// `model`. For exhaustive verification at small n: the count grows like (conforming sets per
/// round)^rounds.
///
/// A depth-first search: round by round, worker by worker, a worker joins the round's set only
/// if the set still conforms given the rounds before. Conformance is closed under taking
/// subsets, so this prunes exactly the non-conforming branches and never visits one twice.
/// @param model s_per_round_model or bursty_model (anything with n() and make_monitor())
/// @param rounds the patterns' length, in rounds
/// @param f called with each pattern; the pattern is valid only during the call
void for_each_conforming_pattern(const Model& model, std::size_t rounds, F&& f);

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

template <class Monitor, class F> class pattern_enumerator {
public:
    pattern_enumerator(std::size_t n, std::size_t rounds, Monitor start, F& f)
        : n_(n), f_(f), pattern_(rounds, worker_set(n)), monitors_(rounds + 1, start) {}

    void run() { next_round(0); }

private:
    void next_round(std::size_t r) {
        if (r == pattern_.size()) {
            f_(static_cast<const straggler_pattern&>(pattern_));
            return;
        }
        pattern_[r].clear();
        choose(r, 0);
    }

    // Decides worker w's membership in round r, then the workers above it.
    void choose(std::size_t r, std::size_t w) {
        if (w == n_) {
            monitors_[r + 1] = monitors_[r]; // same shapes: copies without allocating
            monitors_[r + 1].record(pattern_[r]);
            next_round(r + 1);
            return;
        }
        choose(r, w + 1);
        pattern_[r].insert(w);
        if (!monitors_[r].check(pattern_[r])) choose(r, w + 1);
        pattern_[r].erase(w);
    }

    std::size_t n_;
    F& f_;
    straggler_pattern pattern_;
    std::vector<Monitor> monitors_; // monitors_[r]: rounds 0 .. r-1 recorded
};

} // namespace detail

template <class Model, class F>
void for_each_conforming_pattern(const Model& model, std::size_t rounds, F&& f) {
    using monitor_type = decltype(model.make_monitor());
    detail::pattern_enumerator<monitor_type, F> enumerator(model.n(), rounds, model.make_monitor(),
                                                            f);
    enumerator.run();
}

} // namespace sgc

#endif
