#ifndef SGC_CODES_CODE_KIND_HPP
#define SGC_CODES_CODE_KIND_HPP

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "../core/enum_names.hpp"

namespace sgc {

/// The library's code constructions, for choosing one at run time (command lines, configuration
/// files) through sgc::any_code<>.
enum class code_kind {
    frc,    ///< sgc::fractional_repetition
    uneven, ///< sgc::uneven_repetition
    crc,    ///< sgc::cyclic_repetition
    matrix  ///< sgc::matrix_code (a user's encoding matrix)
};

/// The seed of the cyclic code's random H when none is given.
inline constexpr std::uint64_t default_code_seed = 0x5eedc0de;

/// The kinds' names: "frc", "uneven", "crc", "matrix" (sgc::to_string, sgc::from_string).
constexpr std::array<enum_name<code_kind>, 4> names_of(code_kind) noexcept {
    return {{{code_kind::frc, "frc"},
             {code_kind::uneven, "uneven"},
             {code_kind::crc, "crc"},
             {code_kind::matrix, "matrix"}}};
}

/// The code kind named `text`, among those built from parameters.
/// @param text "frc", "uneven" or "crc" (a matrix code has no parameters to build it from)
/// @return the kind, or nullopt for anything else ("matrix" included)
[[nodiscard]] inline std::optional<code_kind> parse_code_kind(std::string_view text) noexcept {
    const auto kind = detail::find_enum<code_kind>(text);
    return kind == code_kind::matrix ? std::nullopt : kind;
}

} // namespace sgc

#endif
