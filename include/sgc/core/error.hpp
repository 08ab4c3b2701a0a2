#ifndef SGC_CORE_ERROR_HPP
#define SGC_CORE_ERROR_HPP

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "../config.hpp"

namespace sgc {

// A parameter outside its rule. what() reads "<where>: <parameter> = <value>: <rule>".
class invalid_parameter : public std::invalid_argument {
public:
    invalid_parameter(const std::string& where, std::string parameter, std::string value,
                      const std::string& rule)
        : std::invalid_argument(where + ": " + parameter + " = " + value + ": " + rule),
          parameter_(std::move(parameter)), value_(std::move(value)), rule_(rule) {}

    const std::string& parameter() const noexcept { return parameter_; }
    const std::string& value() const noexcept { return value_; }
    const std::string& rule() const noexcept { return rule_; }

private:
    std::string parameter_;
    std::string value_;
    std::string rule_;
};

// Malformed text input (pattern files, traces); line() is 1-based.
class parse_error : public std::runtime_error {
public:
    parse_error(const std::string& source, std::size_t line, const std::string& message)
        : std::runtime_error(source + ":" + std::to_string(line) + ": " + message), line_(line) {}

    std::size_t line() const noexcept { return line_; }

private:
    std::size_t line_;
};

namespace detail {

inline std::string to_text(const std::string& v) { return v; }
inline std::string to_text(const char* v) { return v; }
template <class T> std::string to_text(const T& v) { return std::to_string(v); }

[[noreturn]] SGC_NOINLINE SGC_COLD inline void
throw_invalid_parameter(const char* where, const char* parameter, const std::string& value,
                        const std::string& rule) {
    SGC_THROW(invalid_parameter(where, parameter, value, rule));
}

// Checks one rule; the message is only built when the rule is broken.
template <class T>
inline void require(bool ok, const char* where, const char* parameter, const T& value,
                    const char* rule) {
    if (SGC_UNLIKELY(!ok)) throw_invalid_parameter(where, parameter, to_text(value), rule);
}

} // namespace detail
} // namespace sgc

#endif
