#ifndef SGC_PROTOCOL_JOB_INPUTS_HPP
#define SGC_PROTOCOL_JOB_INPUTS_HPP

#include <cstddef>
#include <map>
#include <memory>
#include <utility>

#include "messages.hpp"

namespace sgc {

/// The inputs of the jobs in flight, as the worker side of a transport sees them: each round
/// adds the input of the job that starts and forgets those older than the oldest job in flight,
/// so it holds at most T + 1. The in-process and MPI transports keep one; a transport of your
/// own can too.
template <class Input> class job_inputs {
public:
    /// Takes in round `work.round`'s message: forgets the jobs before `work.first_job` and keeps
    /// `work.input` (if any) as the input of job `work.round`.
    /// @param work the round's message, as posted by the master
    void update(const round_work<Input>& work) {
        drop_before(work.first_job);
        if (work.input) add(work.round, work.input);
    }
    /// Keeps `input` as job `job`'s input (replacing one kept before).
    /// @param job the job (the round it started in)
    /// @param input its input
    void add(std::size_t job, std::shared_ptr<const Input> input) { inputs_[job] = std::move(input); }
    /// Forgets the inputs of the jobs before `first_job`.
    /// @param first_job the oldest job in flight
    void drop_before(std::size_t first_job) {
        inputs_.erase(inputs_.begin(), inputs_.lower_bound(first_job));
    }

    /// Job `job`'s input; null when none was posted for it (a partial that needs none).
    /// @param job the job
    /// @return its input, or null
    [[nodiscard]] std::shared_ptr<const Input> find(std::size_t job) const {
        const auto it = inputs_.find(job);
        return it == inputs_.end() ? nullptr : it->second;
    }

private:
    std::map<std::size_t, std::shared_ptr<const Input>> inputs_;
};

} // namespace sgc

#endif
