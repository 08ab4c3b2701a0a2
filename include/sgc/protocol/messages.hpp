#ifndef SGC_PROTOCOL_MESSAGES_HPP
#define SGC_PROTOCOL_MESSAGES_HPP

#include <cstddef>
#include <memory>
#include <vector>

#include "../schemes/task.hpp"

namespace sgc {

/// The input type of jobs whose workers need none (their partial closes over what it needs).
struct no_input {};

/// What the master posts at the start of round `round`: every worker's tasks, and the input of
/// the job that starts now (the model its gradient is taken at). Workers keep the inputs of the
/// jobs in flight: those from `first_job` on; older ones can be dropped.
template <class Input> struct round_work {
    /// The 0-based round; job `round` starts in it.
    std::size_t round = 0;
    const round_assignment* assignment = nullptr; ///< tasks per worker and slot
    std::size_t first_job = 0;                    ///< the oldest job still in flight
    std::shared_ptr<const Input> input;           ///< input of job `round`; null if none starts
};

/// One slot's coded result.
template <class G> struct slot_result {
    /// The slot of the worker's task within the round (see sgc::round_assignment).
    std::size_t slot = 0;
    /// The coded result: sum_r coefficients[r] g_{partitions[r]} of the task's job.
    G gradient;
};

/// A worker's results for one round: one entry per slot in which it had a task. A worker counts
/// as returned for its round only once all of them have arrived, in one message, so a result is
/// never used from a worker the master recorded as a straggler.
template <class G> struct result_message {
    /// The sending worker's id, < n.
    std::size_t worker = 0;
    /// The round the results belong to.
    std::size_t round = 0;
    /// One result per slot in which the worker had a task.
    std::vector<slot_result<G>> slots;
};

} // namespace sgc

#endif
