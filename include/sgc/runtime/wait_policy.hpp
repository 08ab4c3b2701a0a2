#ifndef SGC_RUNTIME_WAIT_POLICY_HPP
#define SGC_RUNTIME_WAIT_POLICY_HPP

#include <string>

#include "../core/error.hpp"

namespace sgc {

// What the master does past a round's cut-off when the workers still missing do not conform to
// the scheme's straggler model (DESIGN.md section 5):
//   wait_all      waits for every worker and records no stragglers (the paper's master);
//   minimal_wait  waits only until the workers still missing conform, and records those.
enum class wait_policy { wait_all, minimal_wait };

// "wait-all", "minimal-wait"
constexpr const char* to_string(wait_policy p) noexcept {
    return p == wait_policy::wait_all ? "wait-all" : "minimal-wait";
}

// The inverse of to_string; anything else is an invalid_parameter naming `parameter`.
inline wait_policy parse_wait_policy(const std::string& text, const char* parameter = "policy") {
    if (text == "wait-all") return wait_policy::wait_all;
    if (text == "minimal-wait") return wait_policy::minimal_wait;
    detail::throw_invalid_parameter("sgc::parse_wait_policy", parameter, text,
                                    "must be wait-all or minimal-wait");
}

} // namespace sgc

#endif
