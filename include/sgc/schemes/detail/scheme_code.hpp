#ifndef SGC_SCHEMES_DETAIL_SCHEME_CODE_HPP
#define SGC_SCHEMES_DETAIL_SCHEME_CODE_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "../../codes/code_kind.hpp"
#include "../../core/dynamic.hpp"
#include "../../core/error.hpp"

namespace sgc::detail {

/// How a scheme builds its inner code from (n, s): every code template takes (n, s) at run time,
/// the cyclic code also a seed; a code chosen at run time (sgc::any_code<>) also a kind.
template <class Code, class = void> struct has_kind_choice : std::false_type {};
template <class Code>
struct has_kind_choice<Code, std::void_t<decltype(Code::make(code_kind::uneven, std::size_t{1},
                                                              std::size_t{0}, std::uint64_t{0}))>>
    : std::true_type {};

/// The run-time form: the code of (n, s), seeded if it takes a seed.
template <class Code> Code build_code(std::size_t n, std::size_t s, std::uint64_t seed) {
    if constexpr (has_kind_choice<Code>::value)
        return Code::make(code_kind::uneven, n, s, seed);
    else if constexpr (std::is_constructible_v<Code, std::size_t, std::size_t, std::uint64_t>)
        return Code(n, s, seed);
    else
        return Code(n, s);
}

/// The static form.
template <class Code> Code build_code(std::uint64_t seed) {
    if constexpr (std::is_constructible_v<Code, std::uint64_t>)
        return Code(seed);
    else
        return Code();
}

/// A code handed to a scheme must have the scheme's n and the s its rules require.
template <class Code>
const Code& check_given_code(const char* where, const Code& code, std::size_t n, std::size_t s) {
    if (SGC_UNLIKELY(code.n() != n || code.s() != s))
        throw_invalid_parameter(where, "code",
                                "(n = " + std::to_string(code.n()) + ", s = " +
                                    std::to_string(code.s()) + ")",
                                "the scheme needs a code with n = " + std::to_string(n) +
                                    " and s = " + std::to_string(s));
    return code;
}

/// Whether a scheme with code Source converts to one with code Target: the same code template
/// (static to run-time form), or any code to sgc::any_code<>.
template <class Target, class Source, class = void> struct code_converts : std::false_type {};
template <class Target, class Source>
struct code_converts<Target, Source, std::void_t<typename Source::dynamic_type>>
    : std::bool_constant<std::is_constructible_v<Target, const Source&> ||
                         std::is_constructible_v<Target, typename Source::dynamic_type>> {};
template <class Target, class Source>
inline constexpr bool code_converts_v = code_converts<Target, Source>::value;

/// The code a master is given: null is an invalid_parameter (only M-SGC with lambda = n runs
/// without one).
template <class Code> const Code& required_code(const char* where, const Code* code) {
    if (SGC_UNLIKELY(code == nullptr))
        throw_invalid_parameter(where, "code", "null", "this scheme needs its code");
    return *code;
}

/// A static scheme's code as the code of a run-time scheme: Target is Code<> or any_code<>.
template <class Target, class Source> Target to_dynamic_code(const Source& code) {
    if constexpr (std::is_constructible_v<Target, const Source&>)
        return Target(code);
    else
        return Target(typename Source::dynamic_type(code));
}

} // namespace sgc::detail

#endif
