#ifndef SGC_RUNTIME_DETAIL_CUTOFF_HPP
#define SGC_RUNTIME_DETAIL_CUTOFF_HPP

#include "../../core/worker_set.hpp"
#include "../wait_policy.hpp"

namespace sgc::detail {

// The round rule of DESIGN.md sections 5 and 6, shared by the runtime master (event by event)
// and the simulator (a whole trace row at once), so that both end rounds alike.

// A round's cut-off: (1 + mu) times its first result's time, counted from the round's start.
constexpr double cutoff_time(double start, double first, double mu) noexcept {
    return start + (1.0 + mu) * (first - start);
}

enum class at_cutoff {
    stop,                 // the missing workers conform: they are the round's stragglers
    wait_for_all,         // wait_all: wait for every worker, record none
    wait_until_conforming // minimal_wait: stop once the workers still missing conform
};

// The decision at the cut-off, given the model's monitor (the rounds recorded so far).
template <class Monitor>
at_cutoff decide_at_cutoff(const Monitor& monitor, const worker_set& missing, wait_policy policy) {
    if (!monitor.check(missing)) return at_cutoff::stop;
    return policy == wait_policy::wait_all ? at_cutoff::wait_for_all
                                           : at_cutoff::wait_until_conforming;
}

} // namespace sgc::detail

#endif
