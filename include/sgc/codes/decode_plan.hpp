#ifndef SGC_CODES_DECODE_PLAN_HPP
#define SGC_CODES_DECODE_PLAN_HPP

#include <array>
#include <cstddef>
#include <limits>
#include <vector>

#include "../core/enum_names.hpp"

namespace sgc {

/// Outcome of planning a decode. Only `ok` may be applied to gradients; the others say why not
/// (docs/guide/02-codes.md, "Decode plans and the numerical guard").
enum class decode_status {
    ok,                 ///< coefficients found and trusted by the numerical guard
    too_few_responders, ///< fewer responders than the code needs (n - s; for a repetition code,
                        ///< a group with no responder)
    not_decodable,      ///< structural: no coefficients rebuild the gradient from these
                        ///< responders, whatever the arithmetic (1 is not in the row space of
                        ///< E_F: least-squares residual above 1e-6 and above the tolerance)
    unreliable,         ///< coefficients exist, but the guard's rounding estimate exceeds the
                        ///< tolerance (or a coefficient is not finite)
    non_finite          ///< sgc::master only: a result added into the job's buffer held a NaN
                        ///< or an inf (or the sum overflowed), so the gradient is not finite
};

/// The statuses' names: "ok", "too_few_responders", "not_decodable", "unreliable",
/// "non_finite" (sgc::to_string, sgc::from_string, <<).
constexpr std::array<enum_name<decode_status>, 5> names_of(decode_status) noexcept {
    return {{{decode_status::ok, "ok"},
             {decode_status::too_few_responders, "too_few_responders"},
             {decode_status::not_decodable, "not_decodable"},
             {decode_status::unreliable, "unreliable"},
             {decode_status::non_finite, "non_finite"}}};
}

/// How the numerical guard estimates the rounding error of a decode (decode_options::model).
///
/// The decoded gradient is g^ = sum_r fl(a_r) y^_r with worker results y^_i = sum_j fl(E_ij) g_j,
/// all in the gradient type (unit roundoff u). To first order its error is
/// rho^T g + sum_e delta_e w_e^T g: the residual rho = a^T E_F - 1^T, plus one term per rounding
/// e (a coefficient's conversion, a product, an addition of a worker or of the decode) with
/// |delta_e| <= u and a weight vector w_e in R^k that the plan determines. Every estimate is
/// relative to sum_j |g_j| (elementwise), the scale to which a float sum is accurate.
enum class error_model {
    /// Probabilistic, for alike partial gradients (the default): g_j = mu + sigma xi_j with
    /// independent, mean-zero xi_j (normal), and independent, mean-zero roundings. The estimate
    /// is `deviations` times the root-mean-square error over both, relative to the mean of
    /// sum_j |g_j|: deviations * u * sqrt(||W 1||^2 + (pi/2) ||W||_F^2) / k. Not a bound for
    /// every gradient: gradients concentrated on a few partitions can see more (any_gradient).
    typical,
    /// Probabilistic, for every gradient: deviations * u * max_j ||W e_j||_2, which bounds the
    /// error with probability at least 1 - 2 exp(-deviations^2 / 2) per element (Hoeffding's
    /// inequality over independent, mean-zero roundings; the worst gradient for a given
    /// sum_j |g_j| puts it on one partition).
    any_gradient,
    /// Deterministic first-order bound for every gradient and every rounding:
    /// u * max_j sum_e |w_ej|.
    worst_case
};

/// The error models' names: "typical", "any_gradient", "worst_case" (sgc::to_string,
/// sgc::from_string, <<).
constexpr std::array<enum_name<error_model>, 3> names_of(error_model) noexcept {
    return {{{error_model::typical, "typical"},
             {error_model::any_gradient, "any_gradient"},
             {error_model::worst_case, "worst_case"}}};
}

/// The numerical guard's settings.
///
/// A plan is `ok` when its error_estimate exceeds its plain_sum_estimate by at most tolerance:
/// decoding may add at most `tolerance` (relative to sum_j |g_j|) to the error that summing the
/// k partial gradients directly in the gradient type would be estimated to make, under the same
/// model. Only the amplification of rounding by the coefficients counts, so a code whose plans
/// are that plain sum (coefficients and entries 1, the uncoded scheme) is ok at every n.
struct decode_options {
    /// Largest excess of error_estimate over plain_sum_estimate, relative to sum_j |g_j|.
    double tolerance = 1e-4;
    /// Unit roundoff u of the gradient type (epsilon / 2): float32 by default.
    double unit_roundoff = std::numeric_limits<float>::epsilon() / 2;
    /// How rounding errors are estimated; see error_model. The default holds for every
    /// gradient; error_model::typical refuses fewer plans but assumes alike partial gradients.
    error_model model = error_model::any_gradient;
    /// The probabilistic models' multiple of the standard deviation (ignored by worst_case).
    double deviations = 3.0;

    /// Settings matched to gradients of scalar type T, with the given tolerance and the default
    /// model.
    /// @tparam T the gradients' scalar type (float, double)
    /// @param tolerance as the member tolerance
    /// @return the settings, with unit_roundoff = epsilon(T) / 2
    template <class T> static constexpr decode_options for_type(double tolerance) noexcept {
        return {tolerance, std::numeric_limits<T>::epsilon() / 2};
    }
};

/// The pair (F, a_F): g = sum over r of coefficients[r] * y_{workers[r]}, and the guard's figures.
struct decode_plan {
    /// Whether the plan may be applied, or why not.
    decode_status status = decode_status::too_few_responders;
    std::vector<std::size_t> workers;  ///< responders whose results are read, increasing id
    std::vector<double> coefficients;  ///< one per entry of workers
    /// max_j |(a^T E_F)_j - 1|, computed in double: the error of exact arithmetic, relative to
    /// sum_j |g_j|.
    double residual = std::numeric_limits<double>::infinity();
    /// max_j sum_r |a_r| |E_{workers[r], j}|: how much the coefficients magnify the results.
    double growth = std::numeric_limits<double>::infinity();
    /// residual plus the rounding estimate of decode_options::model for this plan, relative to
    /// sum_j |g_j|.
    double error_estimate = std::numeric_limits<double>::infinity();
    /// The same model's rounding estimate for a plain sum of the k partial gradients, in
    /// partition order, in the gradient type: the yardstick error_estimate is compared with.
    double plain_sum_estimate = 0.0;

    /// Whether the plan may be applied (status == ok).
    bool ok() const noexcept { return status == decode_status::ok; }
    /// ok().
    explicit operator bool() const noexcept { return ok(); }
};

} // namespace sgc

#endif
