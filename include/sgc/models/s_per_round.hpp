#ifndef SGC_MODELS_S_PER_ROUND_HPP
#define SGC_MODELS_S_PER_ROUND_HPP

#include <cstddef>
#include <optional>
#include <string>

#include "../core/error.hpp"
#include "pattern.hpp"
#include "violation.hpp"
#include "window_monitor.hpp"

namespace sgc {

/// The s-per-round model of gradient coding (Tandon et al., "Gradient Coding", ICML 2017;
/// docs/design.md, section 3.1): a pattern conforms iff |S_r| <= s in every round.
class s_per_round_model {
public:
    /// The incremental check of this model (below).
    class monitor;

    /// @param n workers, >= 1
    /// @param s stragglers allowed per round, <= n (s = 0: no stragglers at all)
    /// @throws invalid_parameter unless n >= 1 and s <= n
    s_per_round_model(std::size_t n, std::size_t s);

    /// Workers n.
    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    /// Stragglers allowed per round.
    [[nodiscard]] std::size_t s() const noexcept { return s_; }

    /// A monitor at round 0 with no rounds recorded.
    [[nodiscard]] monitor make_monitor() const;
    /// Checks a whole pattern.
    /// @param pattern one set of stragglers per round, each over n workers
    /// @return the first round with more than s stragglers (rule per_round_limit), or nullopt when
    ///         the pattern conforms
    /// @throws invalid_parameter naming its round for a set over another number of workers
    [[nodiscard]] std::optional<violation> check(const straggler_pattern& pattern) const;

private:
    std::size_t n_, s_;
};

/// The incremental check. It keeps no history (every round is its own window), but has the
/// interface of bursty_model::monitor, so code can take either: check(S), record(S),
/// conforming_subset(S) (the s lowest ids of S), round(), and window_union(), blocked() (both
/// always empty), spare() (= s) and check_all(pattern): sgc::window_monitor's
/// (models/window_monitor.hpp), which documents them.
class s_per_round_model::monitor : public window_monitor {
public:
    /// A monitor at round 0 with no rounds recorded.
    /// @param model the model it checks
    explicit monitor(const s_per_round_model& model)
        : window_monitor(model.n(), 1, 1, model.s(), conformance_rule::per_round_limit,
                         "sgc::s_per_round_model") {}
};

// ---------------------------------------------------------------------------------------------
// implementation

inline s_per_round_model::s_per_round_model(std::size_t n, std::size_t s) : n_(n), s_(s) {
    detail::require(n >= 1, "sgc::s_per_round_model", "n", n, "the number of workers must be >= 1");
    if (s > n)
        detail::throw_invalid_parameter("sgc::s_per_round_model", "s", std::to_string(s),
                                        "must satisfy s <= n (n = " + std::to_string(n) + ")");
}

inline s_per_round_model::monitor s_per_round_model::make_monitor() const { return monitor(*this); }

inline std::optional<violation> s_per_round_model::check(const straggler_pattern& pattern) const {
    return make_monitor().check_all(pattern);
}

} // namespace sgc

#endif
