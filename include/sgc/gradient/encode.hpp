#ifndef SGC_GRADIENT_ENCODE_HPP
#define SGC_GRADIENT_ENCODE_HPP

#include <cstddef>
#include <type_traits>
#include <vector>

#include "../codes/worker_task.hpp"
#include "combine.hpp"
#include "../core/detail/lookup.hpp"
#include "parallel.hpp"

namespace sgc {

/// A worker's coded result: out = sum_r task.coefficients[r] * partial(task.partitions[r]).
/// `partials` is indexable by partition (partials[j]) or a callable j -> gradient reference or
/// pointer; only the task's partitions are read. `exec` as for combine.
template <class G, class Partials>
/// A worker's coded result: out = sum_r task.coefficients[r] * partial(task.partitions[r]).
/// @param out the result to write, of length d (a type with sgc::gradient_traits)
/// @param task the worker's row of the encoding matrix (a code's task(worker))
/// @param partials indexable by partition (partials[j]) or a callable j -> gradient reference
///        or pointer; only the task's partitions are read, each of length d
/// @param exec where the combine runs (see sgc::executor)
/// @throws invalid_parameter if a partial gradient's length differs from out's
void encode(G&& out, const worker_task& task, Partials&& partials,
            const executor& exec = executor()) {
    using input = std::decay_t<decltype(detail::lookup(partials, std::size_t{0}))>;
    std::vector<const input*> inputs;
    inputs.reserve(task.partitions.size());
    for (std::size_t j : task.partitions) inputs.push_back(&detail::lookup(partials, j));
    combine(out, task.coefficients, inputs, exec);
}

/// Worker `worker`'s result under `code`.
template <class G, class Code, class Partials>
/// Worker `worker`'s coded result under `code`: encode(out, code.task(worker), partials, exec).
/// @param out the result to write, of length d
/// @param code any code of the library
/// @param worker the worker id, < n
/// @param partials as for the other overload
/// @param exec where the combine runs
/// @throws invalid_parameter if worker >= n, or a partial gradient's length differs from out's
void encode(G&& out, const Code& code, std::size_t worker, Partials&& partials,
            const executor& exec = executor()) {
    encode(out, code.task(worker), partials, exec);
}

} // namespace sgc

#endif
