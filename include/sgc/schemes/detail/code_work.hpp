#ifndef SGC_SCHEMES_DETAIL_CODE_WORK_HPP
#define SGC_SCHEMES_DETAIL_CODE_WORK_HPP

#include <cstddef>
#include <vector>

#include "../../core/error.hpp"
#include "../partition.hpp"
#include "../task.hpp"

namespace sgc::detail {

/// A worker's code row applied to `whole` split into the code's k partitions.
template <class Code>
std::vector<weighted_range> code_row_work(const Code& code, std::size_t worker, sample_range whole) {
    const auto row = code.task(worker);
    std::vector<weighted_range> work;
    work.reserve(row.partitions.size());
    for (std::size_t r = 0; r < row.partitions.size(); ++r)
        work.push_back({split_range(whole, code.k(), row.partitions[r]), row.coefficients[r]});
    return work;
}

/// The data side of a scheme that runs one code on the whole batch (GC, SR-SGC).
template <class Scheme> struct single_code_work {
    /// The samples of code partition j in a job's batch: one of k near-equal consecutive parts.
    /// @param batch the samples of a job's batch
    /// @param j the partition, < k
    /// @return the partition's sample range
    /// @throws invalid_parameter if j >= k
    sample_range partition(std::size_t batch, std::size_t j) const {
        return split_range({0, batch}, scheme().code()->k(), j);
    }

    /// What `worker` computes for task `t`: the gradient over each range, times its coefficient,
    /// summed (its code row over the batch's partitions).
    /// @param batch the samples of the task's job's batch
    /// @param worker the worker, < n
    /// @param t a task the scheme assigned (gc or reattempt)
    /// @return the weighted sample ranges
    /// @throws invalid_parameter for another task kind, or if worker >= n
    std::vector<weighted_range> task_data(std::size_t batch, std::size_t worker, const task& t) const {
        if (t.kind != task_kind::gc && t.kind != task_kind::reattempt)
            throw_invalid_parameter("sgc scheme task_data", "kind", to_string(t.kind),
                                    "has no data in this scheme");
        return code_row_work(*scheme().code(), worker, {0, batch});
    }

private:
    const Scheme& scheme() const noexcept { return static_cast<const Scheme&>(*this); }
};

} // namespace sgc::detail

#endif
