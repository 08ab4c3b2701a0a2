#ifndef SGC_MODELS_VIOLATION_HPP
#define SGC_MODELS_VIOLATION_HPP

#include <array>
#include <cstddef>
#include <ostream>
#include <string>

#include "../core/enum_names.hpp"

namespace sgc {

/// The rule a round broke: the s-per-round limit |S_r| <= s, or rule (i) (spatial: at most
/// lambda distinct stragglers in a window of W rounds) or rule (ii) (temporal: a worker's
/// straggling rounds inside a window span at most B rounds) of the (B, W, lambda)-bursty model
/// (Krishnan, Ebrahimi, Khisti, "Sequential Gradient Coding for Straggler Mitigation", ICLR
/// 2023, arXiv 2211.13802; docs/design.md, section 3).
enum class conformance_rule { per_round_limit, spatial, temporal };

/// The rules' names: "per_round_limit", "spatial", "temporal" (sgc::to_string).
constexpr std::array<enum_name<conformance_rule>, 3> names_of(conformance_rule) noexcept {
    return {{{conformance_rule::per_round_limit, "per_round_limit"},
             {conformance_rule::spatial, "spatial"},
             {conformance_rule::temporal, "temporal"}}};
}

/// Why a round does not conform.
struct violation {
    std::size_t round;       ///< the 0-based round that broke the rule
    conformance_rule rule;   ///< the rule it broke
    std::size_t worker;      ///< temporal: the worker whose burst broke B (the lowest such id);
                             ///< otherwise the count of (distinct) stragglers that exceeded limit
    std::size_t limit;       ///< the bound that was exceeded: s, lambda or B
    std::size_t first_round; ///< temporal: the worker's first straggling round inside the window;
                             ///< spatial: the window's first round; per_round_limit: round

    /// The violation in words, e.g. "round 2: 3 distinct stragglers in window [0, 2] exceed
    /// lambda = 2".
    /// @return the message
    [[nodiscard]] std::string message() const;

    /// Equal in every field.
    [[nodiscard]] friend bool operator==(const violation& a, const violation& b) noexcept {
        return a.round == b.round && a.rule == b.rule && a.worker == b.worker &&
               a.limit == b.limit && a.first_round == b.first_round;
    }
    /// Not equal in some field.
    [[nodiscard]] friend bool operator!=(const violation& a, const violation& b) noexcept { return !(a == b); }
    /// Writes v.message() to `out`.
    /// @return out
    friend std::ostream& operator<<(std::ostream& out, const violation& v) {
        return out << v.message();
    }
};

// ---------------------------------------------------------------------------------------------
// implementation

inline std::string violation::message() const {
    const std::string head = "round " + std::to_string(round) + ": ";
    switch (rule) {
    case conformance_rule::per_round_limit:
        return head + std::to_string(worker) + " stragglers exceed s = " + std::to_string(limit);
    case conformance_rule::spatial:
        return head + std::to_string(worker) + " distinct stragglers in window [" +
               std::to_string(first_round) + ", " + std::to_string(round) + "] exceed lambda = " +
               std::to_string(limit);
    case conformance_rule::temporal:
        return head + "worker " + std::to_string(worker) + " also straggled in round " +
               std::to_string(first_round) + " of the window: a span of " +
               std::to_string(round - first_round + 1) + " rounds exceeds B = " +
               std::to_string(limit);
    }
    return head + "unknown rule";
}

} // namespace sgc

#endif
