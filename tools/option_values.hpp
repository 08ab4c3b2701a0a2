// Option values for sgc's command-line tools (sgc and sgc_probe): one parser for every integer
// option, one for every real option, one for loads, and their CLI11 bindings. A wrong value is
// a usage_error naming the option, the value (printable and short) and the rule. Tool code, not
// part of the library.
#ifndef SGC_TOOLS_OPTION_VALUES_HPP
#define SGC_TOOLS_OPTION_VALUES_HPP

#include <sgc/core/detail/text_reader.hpp>
#include <sgc/core/error.hpp>
#include <sgc/sim/trace.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace sgc_tools {

/// A wrong option, value or combination: the tool prints `message` as one line on stderr and
/// exits with status 2 (bad input).
struct usage_error {
    std::string message;
};

/// An error message longer than this is cut by one_line(): values in it are shortened already.
inline constexpr std::size_t max_message = 400;

/// `message` as one printable line of at most max_message bytes, whatever went into it.
std::string one_line(const std::string& message);

/// Throws usage_error "<option> <value>: <rule>", the value made printable and short ("" if
/// empty).
[[noreturn]] void refuse(const std::string& option, std::string_view value, const std::string& rule);

/// The range an integer option accepts.
struct count_rule {
    std::uint64_t min = 0;
    std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    const char* limit = nullptr; ///< names the maximum in the message, e.g. "threads"
};

/// An integer option's value: decimal digits only (leading zeros are fine), within `rule`.
/// @throws usage_error naming `option` and `text` for a sign, a 0x/0b/0o prefix, a fraction, an
///         exponent, any other character, an empty text, or a value outside `rule` (or beyond 64
///         bits)
std::uint64_t parse_count(const std::string& option, const std::string& text, const count_rule& rule = {});

/// A real option's value: a finite decimal number (no hexadecimal, inf or nan).
/// @throws usage_error naming `option` and `text` otherwise, or when it is beyond a double's range
double parse_real(const std::string& option, const std::string& text);

/// A load given as a decimal or a fraction ("0.0625", "1/16"), finite and >= 0: sgc::sim::parse_load.
/// @throws usage_error naming `option` and `text`, with the library's rule
double parse_load(const std::string& option, const std::string& text);

/// Adds integer option `name` to `cmd`: its text goes through parse_count (CLI11 never converts
/// it) into `target` (an unsigned integer, or an optional one), whose type bounds rule.max. With
/// `given`, the text as typed is recorded under `name` (errors can quote it later).
template <class T>
CLI::Option* add_count(CLI::App& cmd, const std::string& name, T& target, const std::string& help,
                       count_rule rule = {}, std::map<std::string, std::string>* given = nullptr);

/// Adds real option `name` to `cmd`: its text goes through parse_real into `target` (a double
/// or an optional one); `given` as for add_count.
template <class T>
CLI::Option* add_real(CLI::App& cmd, const std::string& name, T& target, const std::string& help,
                      std::map<std::string, std::string>* given = nullptr);

// ---------------------------------------------------------------------------------------------
// implementation

inline std::string one_line(const std::string& message) {
    return sgc::detail::printable(message, max_message);
}

[[noreturn]] inline void refuse(const std::string& option, std::string_view value, const std::string& rule) {
    throw usage_error{option + " " + (value.empty() ? std::string("\"\"") : sgc::detail::printable(value)) +
                      ": " + rule};
}

inline std::uint64_t parse_count(const std::string& option, const std::string& text, const count_rule& rule) {
    if (text.empty()) refuse(option, text, "expected a decimal integer, got an empty value");
    if (text[0] == '-')
        refuse(option, text, "must be a decimal integer >= " + std::to_string(rule.min) +
                                 " (written without a sign)");
    if (text[0] == '+') refuse(option, text, "must be a decimal integer written without a sign");
    if (text.size() > 1 && text[0] == '0' && std::string_view("xXbBoO").find(text[1]) != std::string_view::npos)
        refuse(option, text, "must be a decimal integer (0x, 0b and 0o prefixes are not accepted)");
    if (text.find_first_not_of("0123456789") != std::string::npos) {
        const bool number_like = text.find_first_not_of("0123456789.eE+-") == std::string::npos &&
                                 text.find_first_of("0123456789") != std::string::npos;
        refuse(option, text, number_like ? "must be a whole number, written in decimal digits"
                                         : "expected a decimal integer");
    }
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    (void)ptr;
    if (ec == std::errc::result_out_of_range || value > rule.max) {
        if (rule.limit != nullptr)
            refuse(option, text, "exceeds the limit of " + std::to_string(rule.max) + " " + rule.limit);
        refuse(option, text, "is too large: the largest value is " + std::to_string(rule.max));
    }
    if (value < rule.min) refuse(option, text, "must be >= " + std::to_string(rule.min));
    return value;
}

inline double parse_real(const std::string& option, const std::string& text) {
    if (text.empty()) refuse(option, text, "expected a decimal number, got an empty value");
    double value = 0.0;
    const bool decimal = text.find_first_not_of("0123456789.eE+-") == std::string::npos;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    const auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (decimal && ec == std::errc::result_out_of_range)
        refuse(option, text, "is out of the range of a double (about 1e-308 to 1e308 in magnitude)");
    if (!decimal || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
        refuse(option, text, "expected a finite decimal number such as 0.5 or 2e-3");
    return value;
}

inline double parse_load(const std::string& option, const std::string& text) {
    try {
        return sgc::sim::parse_load(text, option.c_str());
    } catch (const sgc::invalid_parameter& e) {
        refuse(option, text, e.rule());
    }
}

namespace detail {

template <class T> void assign(T& target, std::uint64_t v) { target = static_cast<T>(v); }
template <class T> void assign(std::optional<T>& target, std::uint64_t v) { target = static_cast<T>(v); }
template <class T> constexpr std::uint64_t largest(const T*) { return std::numeric_limits<T>::max(); }
template <class T> constexpr std::uint64_t largest(const std::optional<T>*) { return std::numeric_limits<T>::max(); }

// Records `text` under `name` in `given`, if there is one.
inline void note(std::map<std::string, std::string>* given, const std::string& name, const std::string& text) {
    if (given != nullptr) (*given)[name] = text;
}

} // namespace detail

template <class T>
CLI::Option* add_count(CLI::App& cmd, const std::string& name, T& target, const std::string& help,
                       count_rule rule, std::map<std::string, std::string>* given) {
    rule.max = std::min(rule.max, detail::largest(&target));
    return cmd
        .add_option_function<std::string>(
            name,
            [&target, name, rule, given](const std::string& text) {
                detail::note(given, name, text);
                detail::assign(target, parse_count(name, text, rule));
            },
            help)
        ->type_name("INT");
}

template <class T>
CLI::Option* add_real(CLI::App& cmd, const std::string& name, T& target, const std::string& help,
                      std::map<std::string, std::string>* given) {
    return cmd
        .add_option_function<std::string>(
            name,
            [&target, name, given](const std::string& text) {
                detail::note(given, name, text);
                target = parse_real(name, text);
            },
            help)
        ->type_name("REAL");
}

} // namespace sgc_tools

#endif
