#ifndef SGC_MODELS_BURSTY_HPP
#define SGC_MODELS_BURSTY_HPP

#include <cstddef>
#include <optional>
#include <string>

#include "../core/error.hpp"
#include "pattern.hpp"
#include "violation.hpp"
#include "window_monitor.hpp"

namespace sgc {

/// The (B, W, lambda)-bursty straggler model (Krishnan, Ebrahimi, Khisti, "Sequential Gradient
/// Coding for Straggler Mitigation", ICLR 2023, arXiv 2211.13802; docs/design.md, section 3.2).
/// A pattern conforms iff every window of W consecutive rounds has (i) at most lambda distinct
/// stragglers and (ii) for every worker, straggling rounds spanning at most B rounds
/// (last - first + 1 <= B). Rounds before 0 and after the pattern's end are empty.
///
/// B = W is allowed: rule (ii) then always holds (a span inside a window is at most W), leaving
/// the spatial limit alone; B = W = 1 is the s-per-round model with s = lambda. The schemes need
/// W >= B + 1 and check it themselves.
class bursty_model {
public:
    /// The incremental check of this model (below).
    class monitor;

    /// @param n workers, >= 1
    /// @param B the longest burst of one worker, in rounds, >= 1
    /// @param W the window, in rounds, >= B
    /// @param lambda the most distinct stragglers in a window, 1 <= lambda <= n
    /// @throws invalid_parameter naming the parameter and its value unless n >= 1, B >= 1, W >= B
    ///         and 1 <= lambda <= n
    bursty_model(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda);

    /// Workers n.
    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    /// The burst length B, in rounds.
    [[nodiscard]] std::size_t B() const noexcept { return B_; }
    /// The window W, in rounds.
    [[nodiscard]] std::size_t W() const noexcept { return W_; }
    /// The most distinct stragglers lambda in a window.
    [[nodiscard]] std::size_t lambda() const noexcept { return lambda_; }

    /// A monitor at round 0 with no rounds recorded.
    [[nodiscard]] monitor make_monitor() const;
    /// Checks a whole pattern.
    /// @param pattern one set of stragglers per round, each over n workers
    /// @return the first round whose window breaks a rule (spatial reported before temporal), or
    ///         nullopt when the pattern conforms
    /// @throws invalid_parameter naming its round for a set over another number of workers
    [[nodiscard]] std::optional<violation> check(const straggler_pattern& pattern) const;

private:
    std::size_t n_, B_, W_, lambda_;
};

/// The incremental check: does S conform as round r = round(), given the recorded rounds?
///   spatial:  |S ∪ S_{r-W+1} ∪ ... ∪ S_{r-1}| <= lambda
///   temporal: S ∩ (S_{r-W+1} ∪ ... ∪ S_{r-B}) = ∅
/// check(S), record(S), conforming_subset(S), round(), window_union(), blocked(), spare() and
/// check_all(pattern) are sgc::window_monitor's (models/window_monitor.hpp), which documents
/// them. check() costs O(n/64), record() O(W n/64); neither allocates.
class bursty_model::monitor : public window_monitor {
public:
    /// A monitor at round 0 with no rounds recorded.
    /// @param model the model it checks
    explicit monitor(const bursty_model& model)
        : window_monitor(model.n(), model.B(), model.W(), model.lambda(),
                         conformance_rule::spatial, "sgc::bursty_model") {}
};

// ---------------------------------------------------------------------------------------------
// implementation

inline bursty_model::bursty_model(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda)
    : n_(n), B_(B), W_(W), lambda_(lambda) {
    constexpr const char* where = "sgc::bursty_model";
    detail::require(n >= 1, where, "n", n, "the number of workers must be >= 1");
    detail::require(B >= 1, where, "B", B, "the burst length must be >= 1");
    if (W < B)
        detail::throw_invalid_parameter(where, "W", std::to_string(W),
                                        "the window must be at least as long as a burst: W >= B "
                                        "(B = " + std::to_string(B) + ")");
    if (lambda < 1 || lambda > n)
        detail::throw_invalid_parameter(where, "lambda", std::to_string(lambda),
                                        "must satisfy 1 <= lambda <= n (n = " +
                                            std::to_string(n) + ")");
}

inline bursty_model::monitor bursty_model::make_monitor() const { return monitor(*this); }

inline std::optional<violation> bursty_model::check(const straggler_pattern& pattern) const {
    return make_monitor().check_all(pattern);
}

} // namespace sgc

#endif
