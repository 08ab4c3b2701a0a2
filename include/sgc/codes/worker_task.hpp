#ifndef SGC_CODES_WORKER_TASK_HPP
#define SGC_CODES_WORKER_TASK_HPP

#include <cstddef>
#include <vector>

namespace sgc {

/// What one worker computes for one job: y = sum_r coefficients[r] * g_{partitions[r]}.
struct worker_task {
    std::vector<std::size_t> partitions; ///< increasing partition index
    std::vector<double> coefficients;    ///< one per partition
};

} // namespace sgc

#endif
