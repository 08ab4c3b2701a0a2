#ifndef SGC_MODELS_WAIT_POLICY_HPP
#define SGC_MODELS_WAIT_POLICY_HPP

#include <array>
#include <string>

#include "../core/enum_names.hpp"

namespace sgc {

/// What a round does past its cut-off when the workers still missing do not conform to the
/// scheme's straggler model (the round rule: models/round_rule.hpp, user guide chapter 5).
/// One type for sgc::master and the simulator, so that a policy chosen by simulation drives
/// the master.
enum class wait_policy {
    wait_all,    ///< wait for every worker and record no stragglers (the paper's master)
    minimal_wait ///< wait only until the workers still missing conform, and record those
};

/// The policies' names, "wait-all" and "minimal-wait" (sgc::to_string, sgc::from_string).
constexpr std::array<enum_name<wait_policy>, 2> names_of(wait_policy) noexcept {
    return {{{wait_policy::wait_all, "wait-all"}, {wait_policy::minimal_wait, "minimal-wait"}}};
}

/// The policy named `text`, as sgc::from_string<wait_policy>, for the command line.
/// @param text "wait-all" or "minimal-wait"
/// @param parameter the option's name, for the error
/// @return the policy
/// @throws invalid_parameter naming `parameter` and `text` unless it is a policy's name
[[nodiscard]] inline wait_policy parse_wait_policy(const std::string& text, const char* parameter = "policy") {
    return detail::parse_enum<wait_policy>(text, "sgc::parse_wait_policy", parameter);
}

} // namespace sgc

#endif
