#ifndef SGC_CODES_DETAIL_MATRIX_IMPL_HPP
#define SGC_CODES_DETAIL_MATRIX_IMPL_HPP

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <utility>

#include "../../detail/xtensor.hpp"

#include "../../core/error.hpp"
#include "../../core/rational.hpp"
#include "../../core/worker_set.hpp"
#include "../decode_plan.hpp"
#include "../worker_task.hpp"
#include "guard.hpp"

namespace sgc::detail {

// A code given by its n x k encoding matrix; plans solve a^T E_F = 1^T in double.
class matrix_impl {
public:
    matrix_impl(xt::xtensor<double, 2> E, std::size_t s, rational load);
    // Load from the supports: every partition is 1/k of the data.
    matrix_impl(xt::xtensor<double, 2> E, std::size_t s);

    std::size_t n() const noexcept { return E_.shape()[0]; }
    std::size_t s() const noexcept { return s_; }
    std::size_t k() const noexcept { return E_.shape()[1]; }
    rational load() const noexcept { return load_; }
    std::size_t row_terms() const noexcept { return row_terms_; } // largest row support
    const xt::xtensor<double, 2>& encoding_matrix() const noexcept { return E_; }
    worker_task task(std::size_t worker) const;
    // Fewer than n - s responders is too_few_responders without a solve; otherwise the
    // minimum-norm least-squares solution over all responders, checked by the guard.
    decode_plan plan(const worker_set& responders, const decode_options& options) const;

private:
    xt::xtensor<double, 2> E_;
    std::size_t s_;
    rational load_;
    std::size_t row_terms_ = 0;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline matrix_impl::matrix_impl(xt::xtensor<double, 2> E, std::size_t s, rational load)
    : E_(std::move(E)), s_(s), load_(load) {
    for (std::size_t i = 0; i < n(); ++i)
        row_terms_ = std::max(row_terms_, task(i).partitions.size());
}

inline matrix_impl::matrix_impl(xt::xtensor<double, 2> E, std::size_t s)
    : E_(std::move(E)), s_(s) {
    if (E_.shape()[1] == 0)
        throw_invalid_parameter("sgc::matrix_code", "k", "0", "needs at least one partition");
    for (std::size_t i = 0; i < n(); ++i)
        row_terms_ = std::max(row_terms_, task(i).partitions.size());
    load_ = rational(static_cast<rational::int_type>(row_terms_),
                     static_cast<rational::int_type>(k()));
}

inline worker_task matrix_impl::task(std::size_t worker) const {
    worker_task t;
    for (std::size_t j = 0; j < k(); ++j) {
        if (E_(worker, j) != 0.0) {
            t.partitions.push_back(j);
            t.coefficients.push_back(E_(worker, j));
        }
    }
    return t;
}

inline decode_plan matrix_impl::plan(const worker_set& responders,
                                     const decode_options& options) const {
    decode_plan plan;
    const std::size_t m = responders.count();
    if (m < n() - s_ || m == 0) return plan;
    plan.workers = responders.ids();

    // Column r of A is row workers[r] of E: A a = 1 is a^T E_F = 1^T.
    auto A = xt::xtensor<double, 2>::from_shape({k(), m});
    for (std::size_t r = 0; r < m; ++r)
        for (std::size_t j = 0; j < k(); ++j) A(j, r) = E_(plan.workers[r], j);
    xt::xtensor<double, 1> ones = xt::ones<double>({k()});
    try {
        auto solution = xt::linalg::lstsq(A, ones);
        const auto& a = std::get<0>(solution);
        plan.coefficients.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(m));
    } catch (const std::runtime_error&) {
        // LAPACK failed to converge: no coefficients we could trust.
        plan.status = decode_status::unreliable;
        plan.workers.clear();
        return plan;
    }
    apply_guard(plan, E_, row_terms_, options);
    return plan;
}

} // namespace sgc::detail

#endif
