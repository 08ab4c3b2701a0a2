#ifndef SGC_CODES_DETAIL_GUARD_HPP
#define SGC_CODES_DETAIL_GUARD_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "../../detail/xtensor.hpp"

#include "../decode_plan.hpp"

namespace sgc::detail {

// The numerical guard of every plan: residual and growth of a^T E_F measured in double.
// row_entries(i, add) calls add(j, E[i, j]) for the nonzero entries of row i of the n x k
// matrix E (all of them, or only its support: zeros add nothing to either sum); E_F is the rows
// plan.workers. row_terms is the largest row support (the terms a worker sums). Sets residual,
// growth, error_estimate and status.
//
// The estimate is the first-order rounding bound, relative to sum_j |g_j|: each worker's sum of
// row_terms products, the coefficient's rounding to the gradient type, and the decode's sum of
// m products each add at most u per term, and a^T |E_F| carries them to the result.
template <class RowEntries>
void apply_guard(decode_plan& plan, std::size_t k, std::size_t row_terms,
                 const decode_options& options, RowEntries&& row_entries) {
    std::vector<double> sum(k, 0.0);
    std::vector<double> abs_sum(k, 0.0);
    for (std::size_t r = 0; r < plan.workers.size(); ++r) {
        const double a = plan.coefficients[r];
        row_entries(plan.workers[r], [&](std::size_t j, double e) {
            sum[j] += a * e;
            abs_sum[j] += std::abs(a * e);
        });
    }
    double residual = 0.0;
    double growth = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
        residual = std::max(residual, std::abs(sum[j] - 1.0));
        growth = std::max(growth, abs_sum[j]);
    }
    plan.residual = residual;
    plan.growth = growth;
    const double terms = static_cast<double>(row_terms + plan.workers.size() + 1);
    plan.error_estimate = residual + terms * growth * options.unit_roundoff;
    // Written so that NaN fails the test.
    plan.status = plan.error_estimate <= options.tolerance ? decode_status::ok
                                                           : decode_status::unreliable;
}

// The guard over a dense encoding matrix.
inline void apply_guard(decode_plan& plan, const xt::xtensor<double, 2>& E,
                        std::size_t row_terms, const decode_options& options) {
    const std::size_t k = E.shape()[1];
    apply_guard(plan, k, row_terms, options, [&](std::size_t i, auto&& add) {
        const double* row = &E(i, 0);
        for (std::size_t j = 0; j < k; ++j) add(j, row[j]);
    });
}

} // namespace sgc::detail

#endif
