#ifndef SGC_RUNTIME_DETAIL_JOB_INPUTS_HPP
#define SGC_RUNTIME_DETAIL_JOB_INPUTS_HPP

#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "../../core/error.hpp"
#include "../messages.hpp"

namespace sgc::detail {

// The inputs of the jobs in flight, as a worker sees them: each round adds the input of the job
// that starts and forgets those older than the oldest job in flight, so it holds at most T + 1.
template <class Input> class job_inputs {
public:
    void update(const round_work<Input>& work) {
        inputs_.erase(inputs_.begin(), inputs_.lower_bound(work.first_job));
        if (work.input) inputs_[work.round] = work.input;
    }
    void add(std::size_t job, std::shared_ptr<const Input> input) { inputs_[job] = std::move(input); }
    void drop_before(std::size_t first_job) {
        inputs_.erase(inputs_.begin(), inputs_.lower_bound(first_job));
    }

    // Null when no input was posted for the job (the caller's partial does not need one).
    std::shared_ptr<const Input> find(std::size_t job) const {
        const auto it = inputs_.find(job);
        return it == inputs_.end() ? nullptr : it->second;
    }
    std::size_t size() const noexcept { return inputs_.size(); }

private:
    std::map<std::size_t, std::shared_ptr<const Input>> inputs_;
};

} // namespace sgc::detail

#endif
