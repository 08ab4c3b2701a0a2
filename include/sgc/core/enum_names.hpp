#ifndef SGC_CORE_ENUM_NAMES_HPP
#define SGC_CORE_ENUM_NAMES_HPP

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "error.hpp"

namespace sgc {

/// One row of an enum's name table: a value and its name.
template <class E> struct enum_name {
    /// The enumerator.
    E value;
    /// Its name, e.g. "wait-all".
    const char* name;
};

// How an enum gets names: next to it, in its own namespace, a constexpr function found by
// argument-dependent lookup returns its table, every value once:
//
//     enum class wait_policy { wait_all, minimal_wait };
//     constexpr std::array<enum_name<wait_policy>, 2> names_of(wait_policy) noexcept {
//         return {{{wait_policy::wait_all, "wait-all"}, {wait_policy::minimal_wait, "minimal-wait"}}};
//     }
//
// Then sgc::to_string(value), sgc::from_string<E>(text, parameter), sgc::enum_names<E>() and
// `stream << value` work for it, with one spelling per value in one place.

/// True for an enum with a name table (a `names_of(E)` found by argument-dependent lookup).
/// @tparam E the type to test
template <class E, class = void> struct is_named_enum : std::false_type {};
template <class E>
/// The enums with a name table.
struct is_named_enum<E, std::void_t<decltype(names_of(std::declval<E>()))>> : std::is_enum<E> {};
/// is_named_enum<E>::value.
template <class E> inline constexpr bool is_named_enum_v = is_named_enum<E>::value;

/// The name table of E: a range of enum_name<E>, in the order the enum declares them.
template <class E, std::enable_if_t<is_named_enum_v<E>, int> = 0>
/// The name table of E, in the order the enum declares its values.
/// @tparam E an enum with a name table (is_named_enum_v<E>)
/// @return a range (std::array) of enum_name<E>, every value once
[[nodiscard]] constexpr auto enum_names() noexcept {
    return names_of(E{});
}

/// The name of `value` (e.g. "wait-all"), or "unknown" for a value outside the table.
template <class E, std::enable_if_t<is_named_enum_v<E>, int> = 0>
/// The name of `value`.
/// @param value a value of a named enum
/// @return its name from the table (e.g. "wait-all"), or "unknown" for a value outside the
///         table
[[nodiscard]] constexpr const char* to_string(E value) noexcept {
    for (const auto& entry : names_of(value))
        if (entry.value == value) return entry.name;
    return "unknown";
}

/// Writes to_string(value).
template <class E, std::enable_if_t<is_named_enum_v<E>, int> = 0>
/// Writes to_string(value) to `out`.
/// @return out
std::ostream& operator<<(std::ostream& out, E value) {
    return out << to_string(value);
}

/// The value named `text`: the inverse of to_string.
/// @param text a name of the table, spelled exactly
/// @param parameter what the value is, for the error (an option or field name)
/// @throws invalid_parameter naming `parameter` and `text`, and listing the valid names,
///         for any other text
template <class E, std::enable_if_t<is_named_enum_v<E>, int> = 0>
/// @return the value whose name is `text`
[[nodiscard]] E from_string(std::string_view text, const char* parameter);

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

// The value named `text`, if any.
template <class E> constexpr std::optional<E> find_enum(std::string_view text) noexcept {
    for (const auto& entry : names_of(E{}))
        if (text == entry.name) return entry.value;
    return std::nullopt;
}

// "must be a, b or c"
template <class E> std::string valid_names_rule() {
    const auto names = names_of(E{});
    std::string rule = "must be ";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) rule += i + 1 == names.size() ? " or " : ", ";
        rule += names[i].name;
    }
    return rule;
}

template <class E> E parse_enum(std::string_view text, const char* where, const char* parameter) {
    if (const auto value = find_enum<E>(text)) return *value;
    throw_invalid_parameter(where, parameter, std::string(text), valid_names_rule<E>());
}

} // namespace detail

template <class E, std::enable_if_t<is_named_enum_v<E>, int>>
E from_string(std::string_view text, const char* parameter) {
    return detail::parse_enum<E>(text, "sgc::from_string", parameter);
}

} // namespace sgc

#endif
