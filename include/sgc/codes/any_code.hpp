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
    using variant_type = std::variant<fractional_repetition<>, uneven_repetition<>,
                                      cyclic_repetition<>, matrix_code>;
    /// The run-time form of this code (itself).
    using dynamic_type = any_code;
    static constexpr bool is_static = false;

    /// Any code of the library, static or run-time (a static code converts to its run-time
    /// form first).
    template <class Code,
              std::enable_if_t<std::is_constructible_v<variant_type, typename Code::dynamic_type>,
                               int> = 0>
    any_code(const Code& code) // NOLINT: implicit by design
        : code_(typename Code::dynamic_type(code)) {}

    /// Builds a frc, uneven or crc code (the seed only matters for crc).
    /// @throws sgc::invalid_parameter for kind = matrix, or when the code rejects n and s.
    [[nodiscard]] static any_code make(code_kind kind, std::size_t n, std::size_t s,
                                       std::uint64_t seed = default_code_seed);

    /// Calls v with the concrete code.
    template <class Visitor> decltype(auto) visit(Visitor&& v) const {
        return std::visit(std::forward<Visitor>(v), code_);
    }

    [[nodiscard]] code_kind kind() const noexcept { return static_cast<code_kind>(code_.index()); }
    [[nodiscard]] std::size_t n() const noexcept {
        return visit([](const auto& c) { return c.n(); });
    }
    [[nodiscard]] std::size_t s() const noexcept {
        return visit([](const auto& c) { return c.s(); });
    }
    [[nodiscard]] std::size_t k() const noexcept {
        return visit([](const auto& c) { return c.k(); });
    }
    [[nodiscard]] rational load() const noexcept {
        return visit([](const auto& c) { return c.load(); });
    }
    [[nodiscard]] const xt::xtensor<double, 2>& encoding_matrix() const noexcept {
        return visit([](const auto& c) -> const xt::xtensor<double, 2>& {
            return c.encoding_matrix();
        });
    }
    /// As the concrete code's task. @throws sgc::invalid_parameter if worker >= n.
    [[nodiscard]] worker_task task(std::size_t worker) const {
        return visit([&](const auto& c) { return c.task(worker); });
    }
    /// As the concrete code's plan (a worker_set or worker ids).
    template <class Responders>
    [[nodiscard]] decode_plan plan(const Responders& responders,
                                   const decode_options& options = {}) const {
        return visit([&](const auto& c) { return c.plan(responders, options); });
    }
    [[nodiscard]] decode_plan plan(std::initializer_list<std::size_t> responders,
                                   const decode_options& options = {}) const {
        return plan(std::vector<std::size_t>(responders), options);
    }

    [[nodiscard]] const variant_type& variant() const noexcept { return code_; }

private:
    variant_type code_;
};

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
