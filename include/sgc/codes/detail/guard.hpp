#ifndef SGC_CODES_DETAIL_GUARD_HPP
#define SGC_CODES_DETAIL_GUARD_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "../../detail/xtensor.hpp"

#include "../decode_plan.hpp"

namespace sgc::detail {

/// The numerical guard of every plan (decode_plan.hpp documents the models). row_entries(i, add)
/// calls add(j, E[i, j]) for the entries of row i of the n x k matrix E (all of them, or only its
/// support: zeros are skipped); E_F is the rows plan.workers, in that order. Sets residual,
/// growth, error_estimate, plain_sum_estimate and status (ok or unreliable) from
/// plan.coefficients. O(nnz(E_F) + k).
template <class RowEntries>
void apply_guard(decode_plan& plan, std::size_t k, const decode_options& options,
                 RowEntries&& row_entries);

/// The guard over a dense encoding matrix.
inline void apply_guard(decode_plan& plan, const xt::xtensor<double, 2>& E,
                        const decode_options& options);

// ---------------------------------------------------------------------------------------------
// implementation

// A power of two (or zero) is exact in every binary floating-point type, and so are its
// products: such a coefficient's conversion and multiplication round nothing.
inline bool exact_factor(double c) noexcept {
    int exponent = 0;
    const double mantissa = std::frexp(std::abs(c), &exponent);
    return mantissa == 0.5 || c == 0.0;
}

// What the guard sums over the rows of E_F, per partition j: the growth sum_r |a_r E_rj|, and
// over the roundings e of the decode, sum_e |w_ej| (first), sum_e w_ej^2 (second) and, over all
// e, (sum_j w_ej)^2 (common). The roundings, u each:
//  - worker i (its terms in increasing j, as encode adds them): E_ij's conversion and product
//    (none when E_ij is a power of two), and the addition of term p >= 1, whose weight is the
//    row's running sum of terms 0..p times a;
//  - decode: a_r's conversion and product (none for a power of two), and the addition of
//    result r >= 1, whose weight is the running sum P_r(j) = sum_{r' <= r} a_r' E_r'j.
// The running sums change only where row r has an entry: each P(j) is charged for the
// additions it stayed unchanged through when it changes, and at the end; they end as a^T E_F.
struct guard_sums {
    std::vector<double> growth, first, second, running;
    std::vector<std::size_t> since; // first addition whose weight is the current running[j]
    double common = 0.0;
    double running_total = 0.0; // sum_j running[j]
    std::size_t rows = 0;
    std::vector<std::pair<std::size_t, double>> row; // the current row's nonzero entries

    explicit guard_sums(std::size_t k)
        : growth(k, 0.0), first(k, 0.0), second(k, 0.0), running(k, 0.0), since(k, 1) {}

    void charge(std::size_t j, std::size_t until) {
        if (until <= since[j]) return;
        const double p = running[j], additions = static_cast<double>(until - since[j]);
        first[j] += std::abs(p) * additions;
        second[j] += p * p * additions;
    }

    template <class RowEntries> void add_row(RowEntries& row_entries, std::size_t worker, double a) {
        const std::size_t r = rows++;
        row.clear();
        row_entries(worker, [&](std::size_t j, double e) {
            if (e != 0.0) row.emplace_back(j, e);
        });
        if (!std::is_sorted(row.begin(), row.end())) std::sort(row.begin(), row.end());
        const std::size_t terms = row.size();
        const double a_roundings = exact_factor(a) ? 0.0 : 2.0;
        double row_sum = 0.0;
        for (std::size_t p = 0; p < terms; ++p) {
            const auto [j, e] = row[p];
            const double w = a * e;
            const double e_roundings = exact_factor(e) ? 0.0 : 2.0;
            const double own = e_roundings + static_cast<double>(terms - std::max<std::size_t>(p, 1)) + a_roundings;
            growth[j] += std::abs(w);
            first[j] += std::abs(w) * own;
            second[j] += w * w * own;
            row_sum += w;
            common += w * w * e_roundings + (p >= 1 ? row_sum * row_sum : 0.0);
            charge(j, r);
            running[j] += w;
            since[j] = std::max<std::size_t>(r, 1);
        }
        running_total += row_sum;
        common += a_roundings * row_sum * row_sum;
        if (r >= 1) common += running_total * running_total;
    }

    void finish() {
        for (std::size_t j = 0; j < running.size(); ++j) charge(j, rows);
    }
};

// The largest value, NaN if any is NaN.
inline double largest(const std::vector<double>& values) noexcept {
    double out = 0.0;
    for (double x : values) out = std::isnan(x) || x > out ? x : out;
    return out;
}

// The model's rounding estimate from the weights, relative to sum_j |g_j| (without u).
inline double rounding_estimate(const guard_sums& w, const decode_options& options) {
    const std::size_t k = w.first.size();
    constexpr double half_pi = 1.57079632679489661923;
    switch (options.model) {
    case error_model::worst_case: return largest(w.first);
    case error_model::any_gradient: return options.deviations * std::sqrt(largest(w.second));
    case error_model::typical: break;
    }
    double total = 0.0;
    for (double x : w.second) total += x;
    return options.deviations * std::sqrt(w.common + half_pi * total) / static_cast<double>(k);
}

// The same estimate for fl(g_0 + ... + g_{k-1}): its addition q = 1..k-1 has weight 1 on
// partitions 0..q, so partition j is in k - max(j, 1) of them.
inline double plain_sum_rounding(std::size_t k, const decode_options& options) {
    const double K = static_cast<double>(k);
    constexpr double half_pi = 1.57079632679489661923;
    switch (options.model) {
    case error_model::worst_case: return K - 1.0;
    case error_model::any_gradient: return options.deviations * std::sqrt(K - 1.0);
    case error_model::typical: break;
    }
    const double common = K * (K + 1.0) * (2.0 * K + 1.0) / 6.0 - 1.0; // sum_{q=1}^{k-1} (q+1)^2
    const double second = (K - 1.0) + K * (K - 1.0) / 2.0;             // sum_j (k - max(j, 1))
    return options.deviations * std::sqrt(common + half_pi * second) / K;
}

template <class RowEntries>
void apply_guard(decode_plan& plan, std::size_t k, const decode_options& options,
                 RowEntries&& row_entries) {
    guard_sums sums(k);
    for (std::size_t r = 0; r < plan.workers.size(); ++r)
        sums.add_row(row_entries, plan.workers[r], plan.coefficients[r]);
    sums.finish();

    double residual = 0.0; // written so that NaN wins
    for (double p : sums.running) {
        const double rho = std::abs(p - 1.0);
        residual = std::isnan(rho) || rho > residual ? rho : residual;
    }
    const double u = options.unit_roundoff;
    plan.residual = residual;
    plan.growth = largest(sums.growth);
    plan.error_estimate = residual + u * rounding_estimate(sums, options);
    plan.plain_sum_estimate = u * plain_sum_rounding(k, options);
    // A NaN or infinity anywhere refuses the plan (a coefficient of a worker without partitions
    // would still turn decode's output into NaN, though it leaves every figure finite).
    bool finite = std::isfinite(plan.residual) && std::isfinite(plan.growth) &&
                  std::isfinite(plan.error_estimate);
    for (double a : plan.coefficients) finite = finite && std::isfinite(a);
    plan.status = finite && plan.error_estimate - plan.plain_sum_estimate <= options.tolerance
                      ? decode_status::ok
                      : decode_status::unreliable;
}

inline void apply_guard(decode_plan& plan, const xt::xtensor<double, 2>& E,
                        const decode_options& options) {
    const std::size_t k = E.shape()[1];
    apply_guard(plan, k, options, [&](std::size_t i, auto&& add) {
        const double* row = &E(i, 0);
        for (std::size_t j = 0; j < k; ++j) add(j, row[j]);
    });
}

} // namespace sgc::detail

#endif
