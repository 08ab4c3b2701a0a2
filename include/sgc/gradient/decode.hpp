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

/// Applies a decode plan: out = sum_r plan.coefficients[r] * result(plan.workers[r]), the
/// decoding step of gradient coding (Tandon et al., "Gradient Coding", ICML 2017).
/// @param out the gradient to write, of length d (a type with sgc::gradient_traits)
/// @param plan a plan from a code's plan(); only an ok plan is applied
/// @param results indexable by worker id (results[i]) or a callable i -> gradient reference or
///        pointer; every result read has length d
/// @param exec where the combine runs (see sgc::executor)
/// @return plan.status: decode_status::ok when out holds the gradient; any other status leaves
///         out untouched
/// @throws invalid_parameter if a result's length differs from out's
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
