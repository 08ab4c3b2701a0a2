#ifndef SGC_CODES_ANY_CODE_HPP
#define SGC_CODES_ANY_CODE_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "../core/worker_set.hpp"
#include "cyclic_repetition.hpp"
#include "decode_plan.hpp"
#include "fractional_repetition.hpp"
#include "matrix_code.hpp"
#include "uneven_repetition.hpp"
#include "worker_task.hpp"

namespace sgc {

// The library's code constructions, for choosing one at run time (command lines, configs).
enum class code_kind { frc, uneven, crc, matrix };

constexpr const char* to_string(code_kind kind) noexcept {
    switch (kind) {
    case code_kind::frc: return "frc";
    case code_kind::uneven: return "uneven";
    case code_kind::crc: return "crc";
    case code_kind::matrix: return "matrix";
    }
    return "unknown";
}

// "frc", "uneven" or "crc" (a matrix code has no parameters to build it from).
inline std::optional<code_kind> parse_code_kind(std::string_view text) noexcept {
    if (text == "frc") return code_kind::frc;
    if (text == "uneven") return code_kind::uneven;
    if (text == "crc") return code_kind::crc;
    return std::nullopt;
}

// Any code of the library behind one value type, with the same interface as each code.
class any_code {
public:
    using variant_type = std::variant<fractional_repetition<>, uneven_repetition<>,
                                      cyclic_repetition<>, matrix_code>;

    // Calls v with the concrete code.
    template <class Visitor> decltype(auto) visit(Visitor&& v) const {
        return std::visit(std::forward<Visitor>(v), code_);
    }

    any_code(fractional_repetition<> code) : code_(std::move(code)) {} // NOLINT: implicit by design
    any_code(uneven_repetition<> code) : code_(std::move(code)) {}     // NOLINT
    any_code(cyclic_repetition<> code) : code_(std::move(code)) {}     // NOLINT
    any_code(matrix_code code) : code_(std::move(code)) {}             // NOLINT

    // Builds a frc, uneven or crc code (the seed only matters for crc).
    static any_code make(code_kind kind, std::size_t n, std::size_t s,
                         std::uint64_t seed = cyclic_repetition<>::default_seed);

    code_kind kind() const noexcept { return static_cast<code_kind>(code_.index()); }
    std::size_t n() const noexcept { return visit([](const auto& c) { return c.n(); }); }
    std::size_t s() const noexcept { return visit([](const auto& c) { return c.s(); }); }
    std::size_t k() const noexcept { return visit([](const auto& c) { return c.k(); }); }
    rational load() const noexcept { return visit([](const auto& c) { return c.load(); }); }
    const xt::xtensor<double, 2>& encoding_matrix() const noexcept {
        return visit([](const auto& c) -> const xt::xtensor<double, 2>& {
            return c.encoding_matrix();
        });
    }
    worker_task task(std::size_t worker) const {
        return visit([&](const auto& c) { return c.task(worker); });
    }
    template <class Responders>
    decode_plan plan(const Responders& responders, const decode_options& options = {}) const {
        return visit([&](const auto& c) { return c.plan(responders, options); });
    }
    decode_plan plan(std::initializer_list<std::size_t> responders,
                     const decode_options& options = {}) const {
        return plan(std::vector<std::size_t>(responders), options);
    }

    const variant_type& variant() const noexcept { return code_; }

private:
    variant_type code_;
};

inline any_code any_code::make(code_kind kind, std::size_t n, std::size_t s, std::uint64_t seed) {
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
