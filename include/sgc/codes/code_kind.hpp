#ifndef SGC_CODES_CODE_KIND_HPP
#define SGC_CODES_CODE_KIND_HPP

#include <cstdint>
#include <optional>
#include <string_view>

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

/// "frc", "uneven", "crc" or "matrix".
[[nodiscard]] constexpr const char* to_string(code_kind kind) noexcept {
    switch (kind) {
    case code_kind::frc: return "frc";
    case code_kind::uneven: return "uneven";
    case code_kind::crc: return "crc";
    case code_kind::matrix: return "matrix";
    }
    return "unknown";
}

/// "frc", "uneven" or "crc" (a matrix code has no parameters to build it from); nullopt for
/// anything else.
[[nodiscard]] inline std::optional<code_kind> parse_code_kind(std::string_view text) noexcept {
    if (text == "frc") return code_kind::frc;
    if (text == "uneven") return code_kind::uneven;
    if (text == "crc") return code_kind::crc;
    return std::nullopt;
}

} // namespace sgc

#endif
