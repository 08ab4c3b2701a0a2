#ifndef SGC_CODES_DECODE_PLAN_HPP
#define SGC_CODES_DECODE_PLAN_HPP

#include <cstddef>
#include <limits>
#include <ostream>
#include <vector>

namespace sgc {

// Outcome of planning a decode. Only `ok` may be applied to gradients.
enum class decode_status {
    ok,                 // coefficients found and trusted by the numerical guard
    too_few_responders, // these responders do not carry the full gradient
    unreliable          // coefficients exist but the guard's error estimate exceeds tolerance
};

constexpr const char* to_string(decode_status s) noexcept {
    switch (s) {
    case decode_status::ok: return "ok";
    case decode_status::too_few_responders: return "too_few_responders";
    case decode_status::unreliable: return "unreliable";
    }
    return "unknown";
}

inline std::ostream& operator<<(std::ostream& os, decode_status s) { return os << to_string(s); }

// The numerical guard's settings. A plan's error_estimate is the first-order rounding bound on
// the decoded gradient's error relative to sum_j |g_j| (elementwise) when workers and the
// decoder compute in a type of unit roundoff unit_roundoff; a plan is trusted when
// error_estimate <= tolerance.
struct decode_options {
    double tolerance = 1e-4;
    double unit_roundoff = std::numeric_limits<float>::epsilon() / 2; // float32 gradients

    // Settings matched to gradients of scalar type T, with the given tolerance.
    template <class T> static constexpr decode_options for_type(double tolerance) noexcept {
        return {tolerance, std::numeric_limits<T>::epsilon() / 2};
    }
};

// The pair (F, a_F): g = sum over r of coefficients[r] * y_{workers[r]}.
struct decode_plan {
    decode_status status = decode_status::too_few_responders;
    std::vector<std::size_t> workers;  // responders whose results are read, increasing id
    std::vector<double> coefficients;  // one per entry of workers
    double residual = std::numeric_limits<double>::infinity(); // max_j |(a^T E_F)_j - 1|
    double growth = std::numeric_limits<double>::infinity();   // max_j sum_i |a_i| |E_ij|
    double error_estimate = std::numeric_limits<double>::infinity();

    bool ok() const noexcept { return status == decode_status::ok; }
    explicit operator bool() const noexcept { return ok(); }
};

} // namespace sgc

#endif
