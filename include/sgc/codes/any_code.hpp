#ifndef SGC_CODES_ANY_CODE_HPP
#define SGC_CODES_ANY_CODE_HPP

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../core/dynamic.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "../core/worker_set.hpp"
#include "code_kind.hpp"
#include "cyclic_repetition.hpp"
#include "decode_plan.hpp"
#include "fractional_repetition.hpp"
#include "matrix_code.hpp"
#include "uneven_repetition.hpp"
#include "worker_task.hpp"

namespace sgc {

/// Any code of the library behind one value type, chosen at run time (command lines,
/// configuration files), with the interface of every code. As a scheme's code template,
/// sgc::gc<sgc::dynamic, sgc::dynamic, sgc::any_code>(n, s, sgc::code_kind::crc) chooses the
/// scheme's code at run time. Its n and s are always run-time values: write sgc::any_code<>.
template <std::size_t N = dynamic, std::size_t S = dynamic> class any_code {
    static_assert(N == dynamic && S == dynamic,
                  "sgc::any_code<n, s>: the code is chosen at run time, so n and s are run-time "
                  "values: use sgc::any_code<> (or a concrete code, e.g. "
                  "sgc::cyclic_repetition<n, s>, for compile-time n and s)");

public:
    /// The concrete codes it holds, in code_kind order.
    using variant_type = std::variant<fractional_repetition<>, uneven_repetition<>,
                                      cyclic_repetition<>, matrix_code>;
    /// The run-time form of this code (itself).
    using dynamic_type = any_code;
    /// Always false: n and s are run-time values.
    static constexpr bool is_static = false;

    /// Any code of the library, static or run-time (a static code converts to its run-time
    /// form first).
    template <class Code,
              std::enable_if_t<std::is_constructible_v<variant_type, typename Code::dynamic_type>,
                               int> = 0>
    /// @param code the code to hold (copied: codes share their implementation, so this is cheap)
    any_code(const Code& code) // NOLINT: implicit by design
        : code_(typename Code::dynamic_type(code)) {}

    /// Builds a code from parameters, e.g. those read from a command line.
    /// @param kind frc, uneven or crc
    /// @param n workers
    /// @param s stragglers tolerated
    /// @param seed the seed of the cyclic code's H (ignored by frc and uneven)
    /// @return the code
    /// @throws invalid_parameter for kind = matrix, or when the code rejects n and s (see its
    ///         constructor)
    [[nodiscard]] static any_code make(code_kind kind, std::size_t n, std::size_t s,
                                       std::uint64_t seed = default_code_seed);

    /// Calls `v` with the concrete code (as std::visit).
    /// @param v a callable taking every concrete code type by const reference
    /// @return what v returns
    template <class Visitor> decltype(auto) visit(Visitor&& v) const {
        return std::visit(std::forward<Visitor>(v), code_);
    }

    /// Which construction it holds.
    [[nodiscard]] code_kind kind() const noexcept { return static_cast<code_kind>(code_.index()); }
    /// Workers n.
    [[nodiscard]] std::size_t n() const noexcept {
        return visit([](const auto& c) { return c.n(); });
    }
    /// Stragglers tolerated s: any n - s responders decode.
    [[nodiscard]] std::size_t s() const noexcept {
        return visit([](const auto& c) { return c.s(); });
    }
    /// Partitions k of a job's data (the encoding matrix is n x k).
    [[nodiscard]] std::size_t k() const noexcept {
        return visit([](const auto& c) { return c.k(); });
    }
    /// The normalised load: the largest fraction of a job's data one worker computes.
    [[nodiscard]] rational load() const noexcept {
        return visit([](const auto& c) { return c.load(); });
    }
    /// The n x k encoding matrix E: worker i sends sum_j E(i, j) g_j.
    [[nodiscard]] const xt::xtensor<double, 2>& encoding_matrix() const noexcept {
        return visit([](const auto& c) -> const xt::xtensor<double, 2>& {
            return c.encoding_matrix();
        });
    }
    /// Worker `worker`'s row of E, as the concrete code's task().
    /// @param worker the worker id, < n
    /// @return the partitions it computes and their coefficients
    /// @throws invalid_parameter if worker >= n
    [[nodiscard]] worker_task task(std::size_t worker) const {
        return visit([&](const auto& c) { return c.task(worker); });
    }
    /// The decode plan for a responder set, as the concrete code's plan().
    /// @param responders a worker_set over n workers, or a std::vector of worker ids
    /// @param options the numerical guard's settings
    /// @return the plan; only status decode_status::ok may be applied
    /// @throws invalid_parameter if a worker_set is not over n workers, or for an unknown or
    ///         repeated id
    template <class Responders>
    [[nodiscard]] decode_plan plan(const Responders& responders,
                                   const decode_options& options = {}) const {
        return visit([&](const auto& c) { return c.plan(responders, options); });
    }
    /// The decode plan for responders given by worker ids, e.g. `code.plan({0, 2, 3})`.
    /// @param responders the responders' ids, each < n
    /// @param options the numerical guard's settings
    /// @return the plan; only status decode_status::ok may be applied
    /// @throws invalid_parameter for an unknown (>= n) or repeated id
    [[nodiscard]] decode_plan plan(std::initializer_list<std::size_t> responders,
                                   const decode_options& options = {}) const {
        return plan(std::vector<std::size_t>(responders), options);
    }

    /// The concrete code, as a std::variant.
    [[nodiscard]] const variant_type& variant() const noexcept { return code_; }

private:
    variant_type code_;
};

/// Deduces any_code<> from any code.
template <class Code> any_code(const Code&) -> any_code<>;

// ---------------------------------------------------------------------------------------------
// implementation

template <std::size_t N, std::size_t S>
any_code<N, S> any_code<N, S>::make(code_kind kind, std::size_t n, std::size_t s,
                                    std::uint64_t seed) {
    switch (kind) {
    case code_kind::frc: return fractional_repetition<>(n, s);
    case code_kind::uneven: return uneven_repetition<>(n, s);
    case code_kind::crc: return cyclic_repetition<>(n, s, seed);
    case code_kind::matrix: break;
    }
    detail::throw_invalid_parameter("sgc::any_code::make", "kind", to_string(kind),
                                    "must be frc, uneven or crc");
}

} // namespace sgc

#endif
