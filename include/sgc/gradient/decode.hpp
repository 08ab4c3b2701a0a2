#ifndef SGC_GRADIENT_DECODE_HPP
#define SGC_GRADIENT_DECODE_HPP

#include <cstddef>
#include <type_traits>
#include <vector>

#include "../codes/decode_plan.hpp"
#include "combine.hpp"
#include "../core/detail/lookup.hpp"
#include "parallel.hpp"

namespace sgc {

// Applies a plan: out = sum_r plan.coefficients[r] * result(plan.workers[r]). `results` is
// indexable by worker id (results[i]) or a callable i -> gradient reference or pointer.
// A plan that is not ok leaves out untouched and returns its status. `exec` as for combine.
template <class G, class Results>
[[nodiscard]] decode_status decode(G&& out, const decode_plan& plan, Results&& results,
                     const executor& exec = executor()) {
    if (!plan.ok()) return plan.status;
    using input = std::decay_t<decltype(detail::lookup(results, std::size_t{0}))>;
    std::vector<const input*> inputs;
    inputs.reserve(plan.workers.size());
    for (std::size_t worker : plan.workers) inputs.push_back(&detail::lookup(results, worker));
    combine(out, plan.coefficients, inputs, exec);
    return decode_status::ok;
}

} // namespace sgc

#endif
