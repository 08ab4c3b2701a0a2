#ifndef SGC_PROTOCOL_MESSAGES_HPP
#define SGC_PROTOCOL_MESSAGES_HPP

#include <cstddef>
#include <memory>
#include <vector>

#include "../schemes/task.hpp"

namespace sgc {

// The input type of jobs whose workers need none (their partial closes over what it needs).
struct no_input {};

// What the master posts at the start of round `round`: every worker's tasks, and the input of
// the job that starts now (the model its gradient is taken at). Workers keep the inputs of the
// jobs in flight: those from `first_job` on; older ones can be dropped.
template <class Input> struct round_work {
    std::size_t round = 0;
    const round_assignment* assignment = nullptr; // tasks per worker and slot
    std::size_t first_job = 0;                    // the oldest job still in flight
    std::shared_ptr<const Input> input;           // input of job `round`; null if none starts
};

// One slot's coded result.
template <class G> struct slot_result {
    std::size_t slot = 0;
    G gradient;
};

// A worker's results for one round: one entry per slot in which it had a task. A worker counts
// as returned for its round only once all of them have arrived, in one message, so a result is
// never used from a worker the master recorded as a straggler.
template <class G> struct result_message {
    std::size_t worker = 0;
    std::size_t round = 0;
    std::vector<slot_result<G>> slots;
};

} // namespace sgc

#endif
