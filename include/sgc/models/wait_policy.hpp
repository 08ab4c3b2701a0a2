#ifndef SGC_MODELS_WAIT_POLICY_HPP
#define SGC_MODELS_WAIT_POLICY_HPP

#include <string>

#include "../core/error.hpp"

namespace sgc {

/// What a round does past its cut-off when the workers still missing do not conform to the
/// scheme's straggler model (the round rule: models/round_rule.hpp, user guide chapter 5).
/// One type for sgc::master and the simulator, so that a policy chosen by simulation drives
/// the master.
enum class wait_policy {
    wait_all,    ///< wait for every worker and record no stragglers (the paper's master)
    minimal_wait ///< wait only until the workers still missing conform, and record those
};

/// "wait-all" or "minimal-wait".
constexpr const char* to_string(wait_policy p) noexcept {
    return p == wait_policy::wait_all ? "wait-all" : "minimal-wait";
}

/// The inverse of to_string.
/// @param text the name, "wait-all" or "minimal-wait"
/// @param parameter the name the error gives the value (an option name, say)
/// @throws invalid_parameter naming `parameter` and `text` for any other text
inline wait_policy parse_wait_policy(const std::string& text, const char* parameter = "policy") {
    if (text == "wait-all") return wait_policy::wait_all;
    if (text == "minimal-wait") return wait_policy::minimal_wait;
    detail::throw_invalid_parameter("sgc::parse_wait_policy", parameter, text,
                                    "must be wait-all or minimal-wait");
}

} // namespace sgc

#endif
