#ifndef SGC_CODES_DETAIL_CYCLIC_IMPL_HPP
#define SGC_CODES_DETAIL_CYCLIC_IMPL_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "../../detail/xtensor.hpp"

#include "../../core/rational.hpp"
#include "../../core/worker_set.hpp"
#include "../decode_plan.hpp"
#include "guard.hpp"
#include "matrix_impl.hpp"

namespace sgc::detail {

/// The cyclic repetition code: row i of E is supported on the cyclic band {i, ..., i+s} mod n.
/// Its plans exploit the band (O(n s^2) work instead of a dense least-squares solve of size n);
/// everything else (E, tasks, load, the dense solve) is matrix_impl's.
class cyclic_impl : public matrix_impl {
public:
    cyclic_impl(xt::xtensor<double, 2> E, std::size_t s, rational load);

    /// The same plan as dense_plan (the minimum-norm solution over all responders), computed
    /// from the band in O(n s^2). Falls back to dense_plan when the banded elimination breaks
    /// down, and tries it when the guard refuses a plan mostly for its residual.
    decode_plan plan(const worker_set& responders, const decode_options& options) const;
    /// The dense least-squares plan (LAPACK), the reference the banded plan reproduces.
    decode_plan dense_plan(const worker_set& responders, const decode_options& options) const {
        return matrix_impl::plan(responders, options);
    }

private:
    /// E[i, (i + t) mod n] at band_[i * (s+1) + t], t = 0..s: the rows' supports, compact.
    std::vector<double> band_;
};

/// LU factorisation with partial pivoting of the n x n matrix M whose column i is row i of E
/// for the workers in the basis and the unit vector e_i for the others. With exactly n - s
/// basis workers, M x = b has x = 0 outside the basis whenever b is in the span of their rows
/// (M is nonsingular exactly when H[:, not basis] is: the genericity the code rests on).
///
/// M is lower banded, M[j, i] != 0 only for j - i in {0..s} mod n, and the wrap-around only
/// reaches the last s columns. Elimination keeps s+1 rows active; each holds its band columns
/// (at slot column mod (s+1)) and the s wrap-around columns: 2s+1 numbers. O(n s^2) time.
class cyclic_band_lu {
public:
    /// False when a pivot vanishes (M is numerically singular).
    /// band: E[i, (i + t) mod n] at i * (s+1) + t.
    bool factor(const std::vector<double>& band, std::size_t n, std::size_t s,
                const std::vector<char>& basis);
    /// Overwrites b (length n) with the solution of M x = b.
    void solve(std::vector<double>& b) const;

private:
    std::size_t slot(std::size_t column) const noexcept {
        return column < band_end_ ? column % (s_ + 1) : s_ + 1 + (column - band_end_);
    }

    std::size_t n_ = 0, s_ = 0, band_end_ = 0, width_ = 0;
    std::vector<double> upper_;      ///< row i of U: the pivot row of step i, width_ slots
    std::vector<std::size_t> pivot_; ///< original row eliminating column i
    /// Step i's row operations, [op_begin_[i], op_begin_[i+1]): b[op_row_] -= op_factor_ * b[pivot].
    std::vector<std::size_t> op_begin_;
    std::vector<std::size_t> op_row_;
    std::vector<double> op_factor_;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline cyclic_impl::cyclic_impl(xt::xtensor<double, 2> E, std::size_t s, rational load)
    : matrix_impl(std::move(E), s, load), band_(n() * (s + 1)) {
    for (std::size_t i = 0; i < n(); ++i)
        for (std::size_t t = 0; t <= s; ++t)
            band_[i * (s + 1) + t] = encoding_matrix()(i, (i + t) % n());
}

inline bool cyclic_band_lu::factor(const std::vector<double>& band, std::size_t n,
                                   std::size_t s, const std::vector<char>& basis) {
    n_ = n;
    s_ = s;
    band_end_ = n_ - s;
    width_ = 2 * s + 1;
    upper_.assign(n_ * width_, 0.0);
    pivot_.assign(n_, 0);
    op_begin_.assign(1, 0);
    op_row_.clear();
    op_factor_.clear();
    op_row_.reserve(n * s);
    op_factor_.reserve(n * s);

    // The active rows: their original index and their slots, in s+1 reusable buffers.
    std::vector<double> front((s + 1) * width_);
    std::vector<std::size_t> active_row, active_buffer, free_buffer;
    for (std::size_t b = s + 1; b-- > 0;) free_buffer.push_back(b);
    const auto load_row = [&](std::size_t j) {
        const std::size_t b = free_buffer.back();
        free_buffer.pop_back();
        double* row = &front[b * width_];
        std::fill(row, row + width_, 0.0);
        for (std::size_t t = 0; t <= s; ++t) {
            const std::size_t i = (j + n_ - t) % n_;
            if (basis[i]) row[slot(i)] = band[i * (s + 1) + t];
            else if (t == 0) row[slot(i)] = 1.0;
        }
        active_row.push_back(j);
        active_buffer.push_back(b);
    };

    for (std::size_t j = 0; j <= s && j < n_; ++j) load_row(j);
    for (std::size_t i = 0; i < n_; ++i) {
        if (i > 0 && i + s < n_) load_row(i + s);
        const std::size_t column = slot(i);
        std::size_t p = 0;
        for (std::size_t q = 1; q < active_row.size(); ++q)
            if (std::abs(front[active_buffer[q] * width_ + column]) >
                std::abs(front[active_buffer[p] * width_ + column]))
                p = q;
        double* const u = &upper_[i * width_];
        std::copy_n(&front[active_buffer[p] * width_], width_, u);
        if (!(std::abs(u[column]) > 0.0)) return false; // also catches NaN
        pivot_[i] = active_row[p];
        free_buffer.push_back(active_buffer[p]);
        active_row[p] = active_row.back();
        active_buffer[p] = active_buffer.back();
        active_row.pop_back();
        active_buffer.pop_back();
        for (std::size_t q = 0; q < active_row.size(); ++q) {
            double* const row = &front[active_buffer[q] * width_];
            const double f = row[column] / u[column];
            if (f == 0.0) continue;
            for (std::size_t c = 0; c < width_; ++c) row[c] -= f * u[c];
            row[column] = 0.0; // the slot is reused by a later column
            op_row_.push_back(active_row[q]);
            op_factor_.push_back(f);
        }
        op_begin_.push_back(op_row_.size());
    }
    return true;
}

inline void cyclic_band_lu::solve(std::vector<double>& b) const {
    std::vector<double> z(n_);
    for (std::size_t i = 0; i < n_; ++i) {
        z[i] = b[pivot_[i]];
        for (std::size_t o = op_begin_[i]; o < op_begin_[i + 1]; ++o)
            b[op_row_[o]] -= op_factor_[o] * z[i];
    }
    for (std::size_t i = n_; i-- > 0;) {
        const double* u = &upper_[i * width_];
        double v = z[i];
        for (std::size_t c = i + 1; c < std::min(i + s_ + 1, band_end_); ++c)
            v -= u[slot(c)] * b[c];
        for (std::size_t c = std::max(i + 1, band_end_); c < n_; ++c) v -= u[slot(c)] * b[c];
        b[i] = v / u[slot(i)];
    }
}

inline decode_plan cyclic_impl::plan(const worker_set& responders,
                                     const decode_options& options) const {
    const std::size_t n = this->n(), s = this->s(), basis_size = n - s;
    const std::size_t m = responders.count();
    if (m < basis_size) return decode_plan{};
    const auto for_each_entry = [&](std::size_t i, auto&& f) { // row i's support
        for (std::size_t t = 0; t <= s; ++t) f((i + t) % n, band_[i * (s + 1) + t]);
    };

    decode_plan plan;
    plan.workers = responders.ids();
    // The n - s lowest ids form the basis; every other responder's row is a combination of
    // theirs, which gives the null space of E_F^T used to reach the minimum-norm solution.
    std::vector<char> basis(n, 0);
    for (std::size_t r = 0; r < basis_size; ++r) basis[plan.workers[r]] = 1;
    cyclic_band_lu lu;
    if (!lu.factor(band_, n, s, basis)) return dense_plan(responders, options);

    const auto basis_part = [&](const std::vector<double>& x, std::vector<double>& a) {
        for (std::size_t r = 0; r < basis_size; ++r) a[r] = x[plan.workers[r]];
    };
    std::vector<double> x(n, 1.0);
    lu.solve(x);
    std::vector<double>& a = plan.coefficients;
    a.assign(m, 0.0);
    basis_part(x, a);

    // Minimum norm: remove a's component in null(E_F^T), spanned by v_d = (c_d, -e_d) for each
    // extra responder d, where E_basis^T c_d = E_d^T. Gram-Schmidt, twice, orthonormalises them
    // (the -e_d block keeps them well conditioned).
    std::vector<std::vector<double>> null_basis;
    for (std::size_t r = basis_size; r < m; ++r) {
        const std::size_t d = plan.workers[r];
        std::fill(x.begin(), x.end(), 0.0);
        for_each_entry(d, [&](std::size_t j, double e) { x[j] = e; });
        lu.solve(x);
        std::vector<double> v(m, 0.0);
        basis_part(x, v);
        v[r] = -1.0;
        for (int pass = 0; pass < 2; ++pass)
            for (const auto& q : null_basis) {
                double dot = 0.0;
                for (std::size_t t = 0; t < m; ++t) dot += q[t] * v[t];
                for (std::size_t t = 0; t < m; ++t) v[t] -= dot * q[t];
            }
        double norm = 0.0;
        for (double value : v) norm += value * value;
        norm = std::sqrt(norm);
        for (double& value : v) value /= norm;
        null_basis.push_back(std::move(v));
    }
    for (const auto& q : null_basis) {
        double dot = 0.0;
        for (std::size_t t = 0; t < m; ++t) dot += q[t] * a[t];
        for (std::size_t t = 0; t < m; ++t) a[t] -= dot * q[t];
    }

    // One step of iterative refinement: the unit columns absorb rounding that belongs to the
    // basis (x outside it is zero only in exact arithmetic); correcting through the same
    // factorisation brings the residual down to that of a backward-stable solve.
    std::fill(x.begin(), x.end(), 1.0);
    for (std::size_t r = 0; r < m; ++r)
        for_each_entry(plan.workers[r], [&](std::size_t j, double e) { x[j] -= a[r] * e; });
    lu.solve(x);
    for (std::size_t r = 0; r < basis_size; ++r) a[r] += x[plan.workers[r]];

    apply_guard(plan, n, options, for_each_entry);
    // Refused while the residual is a sizeable part of the estimate: the solve, rather than the
    // rounding of the data, may be what failed. Try the dense solve, which also tells a
    // structural failure (not_decodable), and keep the better plan. (Written so that NaN takes
    // the dense plan.)
    if (!plan.ok() && !(plan.residual < 0.1 * plan.error_estimate)) {
        decode_plan dense = dense_plan(responders, options);
        if (dense.status == decode_status::not_decodable ||
            !(plan.error_estimate <= dense.error_estimate))
            return dense;
    }
    return plan;
}

} // namespace sgc::detail

#endif
