#ifndef SGC_CODES_DETAIL_MATRIX_IMPL_HPP
#define SGC_CODES_DETAIL_MATRIX_IMPL_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "../../detail/xtensor_blas.hpp"

#include "../../core/error.hpp"
#include "../../core/rational.hpp"
#include "../../core/worker_set.hpp"
#include "../decode_plan.hpp"
#include "../worker_task.hpp"
#include "guard.hpp"

namespace sgc::detail {

/// Throws invalid_parameter naming the first entry of M (rows x columns) that is NaN or
/// infinite: "<where>: <name>[row, column] = <value>: ...".
inline void require_finite(const xt::xtensor<double, 2>& M, const char* where, const char* name);

/// A code given by its n x k encoding matrix; plans solve a^T E_F = 1^T in double.
class matrix_impl {
public:
    /// E must be finite (require_finite, by the caller that knows E's name).
    matrix_impl(xt::xtensor<double, 2> E, std::size_t s, rational load);
    /// A user's matrix: checked (k >= 1, every entry finite); load from the supports, every
    /// partition being 1/k of the data.
    matrix_impl(xt::xtensor<double, 2> E, std::size_t s);

    std::size_t n() const noexcept { return E_.shape()[0]; }
    std::size_t s() const noexcept { return s_; }
    std::size_t k() const noexcept { return E_.shape()[1]; }
    rational load() const noexcept { return load_; }
    std::size_t row_terms() const noexcept { return row_terms_; } // largest row support
    const xt::xtensor<double, 2>& encoding_matrix() const noexcept { return E_; }
    worker_task task(std::size_t worker) const;
    /// Least-squares residuals above this, and above the tolerance, are structural: no rounding
    /// of a double matrix leaves them (the cyclic code's E leaves at most ~1e-9 at n = 256),
    /// while a false (n, s) claim leaves O(1) (the Fano plane as a (7, 2) code: 0.57).
    static constexpr double structural_residual = 1e-6;

    /// Fewer than n - s responders is too_few_responders without a solve. Otherwise the
    /// minimum-norm least-squares solution of a^T E_F = 1^T on E_F's numerical row space
    /// (singular values above max(m, k) * eps * the largest): not_decodable when its residual
    /// max_j |(a^T E_F)_j - 1| exceeds structural_residual, the tolerance and what rounding in
    /// the solve can explain; else checked by the guard.
    decode_plan plan(const worker_set& responders, const decode_options& options) const;
    /// The first responder set of size n - s whose plan is not_decodable: every set when
    /// binomial(n, s) <= max_sets, else max_sets sets drawn at random (fixed seed).
    std::optional<worker_set> find_undecodable(std::size_t max_sets,
                                               const decode_options& options) const;

private:
    xt::xtensor<double, 2> E_;
    std::size_t s_;
    rational load_;
    std::size_t row_terms_ = 0;
};

// ---------------------------------------------------------------------------------------------
// implementation

SGC_NOINLINE SGC_COLD inline void throw_not_finite(const char* where, const char* name,
                                                   std::size_t row, std::size_t column,
                                                   double value) {
    const std::string entry =
        std::string(name) + "[" + std::to_string(row) + ", " + std::to_string(column) + "]";
    throw_invalid_parameter(where, entry.c_str(),
                            std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf"),
                            "every entry must be a finite number");
}

inline void require_finite(const xt::xtensor<double, 2>& M, const char* where, const char* name) {
    const std::size_t columns = M.shape()[1];
    for (std::size_t i = 0; i < M.shape()[0]; ++i)
        for (std::size_t j = 0; j < columns; ++j)
            if (SGC_UNLIKELY(!std::isfinite(M(i, j)))) throw_not_finite(where, name, i, j, M(i, j));
}

inline matrix_impl::matrix_impl(xt::xtensor<double, 2> E, std::size_t s, rational load)
    : E_(std::move(E)), s_(s), load_(load) {
    for (std::size_t i = 0; i < n(); ++i)
        row_terms_ = std::max(row_terms_, task(i).partitions.size());
}

inline matrix_impl::matrix_impl(xt::xtensor<double, 2> E, std::size_t s)
    : E_(std::move(E)), s_(s) {
    if (E_.shape()[1] == 0)
        throw_invalid_parameter("sgc::matrix_code", "k", "0", "needs at least one partition");
    require_finite(E_, "sgc::matrix_code", "E");
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

    // Column r of A is row workers[r] of E: A a = 1 is a^T E_F = 1^T. LAPACK's gelsd gives the
    // minimum-norm least-squares solution on A's numerical range (singular values above
    // max(k, m) * eps * the largest).
    auto A = xt::xtensor<double, 2>::from_shape({k(), m});
    for (std::size_t r = 0; r < m; ++r)
        for (std::size_t j = 0; j < k(); ++j) A(j, r) = E_(plan.workers[r], j);
    xt::xtensor<double, 1> ones = xt::ones<double>({k()});
    const double eps = std::numeric_limits<double>::epsilon();
    SGC_TRY {
        auto solution = xt::linalg::lstsq(A, ones, static_cast<double>(std::max(k(), m)) * eps);
        const auto& a = std::get<0>(solution);
        plan.coefficients.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(m));
    } SGC_CATCH(const std::runtime_error&) {
        // LAPACK failed to converge: no coefficients we could trust.
        plan.status = decode_status::unreliable;
        plan.workers.clear();
        return plan;
    }
    // The residual, and the magnitude of the sums it comes from: a backward-stable solve and
    // its evaluation leave a residual of about (m + k) eps times that magnitude. A residual
    // beyond that, beyond structural_residual and beyond the tolerance is no rounding: 1 is
    // not in the row space of E_F.
    double distance = 0.0, magnitude = 0.0;
    for (std::size_t j = 0; j < k(); ++j) {
        double sum = 0.0, abs_sum = 0.0;
        for (std::size_t r = 0; r < m; ++r) {
            sum += A(j, r) * plan.coefficients[r];
            abs_sum += std::abs(A(j, r) * plan.coefficients[r]);
        }
        distance = std::max(distance, std::abs(sum - 1.0));
        magnitude = std::max(magnitude, abs_sum);
    }
    const double rounding = 16.0 * static_cast<double>(m + k()) * eps * magnitude;
    if (distance > std::max({options.tolerance, structural_residual, rounding})) {
        plan.status = decode_status::not_decodable;
        plan.residual = distance;
        plan.workers.clear();
        plan.coefficients.clear();
        return plan;
    }
    apply_guard(plan, E_, options);
    return plan;
}

inline std::optional<worker_set> matrix_impl::find_undecodable(std::size_t max_sets,
                                                               const decode_options& options) const {
    const std::size_t N = n(), S = s_;
    const auto undecodable = [&](const std::vector<std::size_t>& stragglers) {
        auto responders = worker_set::all(N);
        for (std::size_t i : stragglers) responders.erase(i);
        return plan(responders, options).status == decode_status::not_decodable;
    };
    std::vector<std::size_t> stragglers(S);
    double sets = 1.0; // binomial(n, s), in double: only compared with max_sets
    for (std::size_t i = 1; i <= S; ++i) sets = sets * static_cast<double>(N - S + i) / static_cast<double>(i);

    if (sets <= static_cast<double>(max_sets)) {
        // Every set of s stragglers, in lexicographic order.
        for (std::size_t i = 0; i < S; ++i) stragglers[i] = i;
        while (true) {
            if (undecodable(stragglers)) break;
            std::size_t i = S;
            while (i > 0 && stragglers[i - 1] == N - S + i - 1) --i;
            if (i == 0) return std::nullopt;
            ++stragglers[i - 1];
            for (std::size_t t = i; t < S; ++t) stragglers[t] = stragglers[t - 1] + 1;
        }
    } else {
        // Random sets: the first s of a partial shuffle driven by raw mt19937_64 outputs, which
        // the standard fixes (the modulo's bias is immaterial for a search).
        std::mt19937_64 rng(0x5eedc0de);
        std::vector<std::size_t> ids(N);
        bool found = false;
        for (std::size_t set = 0; set < max_sets && !found; ++set) {
            for (std::size_t i = 0; i < N; ++i) ids[i] = i;
            for (std::size_t i = 0; i < S; ++i) {
                std::swap(ids[i], ids[i + static_cast<std::size_t>(rng() % (N - i))]);
                stragglers[i] = ids[i];
            }
            found = undecodable(stragglers);
        }
        if (!found) return std::nullopt;
    }
    auto responders = worker_set::all(N);
    for (std::size_t i : stragglers) responders.erase(i);
    return responders;
}

} // namespace sgc::detail

#endif
