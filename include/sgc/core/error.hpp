#ifndef SGC_CORE_ERROR_HPP
#define SGC_CORE_ERROR_HPP

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "../config.hpp"

namespace sgc {

/// The base of every exception sgc throws: `catch (const sgc::error& e)` catches them all, and
/// e.what() is the message. Each error type derives from this and from exactly one standard
/// exception, its std base (invalid_parameter is a std::invalid_argument, parse_error a
/// std::runtime_error, ...), so `catch (const std::exception&)` and a catch by the std base
/// keep working. sgc::error is therefore not itself a std::exception: a base derived from
/// std::runtime_error could not also be a std::invalid_argument without making std::exception
/// an ambiguous base, which no `catch (const std::exception&)` would then catch.
class error {
public:
    virtual ~error() = default;
    /// The message, the same as the std base's what().
    virtual const char* what() const noexcept = 0;

protected:
    error() = default;
    /// Copies (for the derived types' copies).
    error(const error&) = default;
    /// Assigns (for the derived types' assignments).
    error& operator=(const error&) = default;
};

namespace detail {

/// An sgc::error whose std base is Std.
template <class Std> class error_with_base : public Std, public error {
public:
    explicit error_with_base(const std::string& message) : Std(message) {}
    /// The message, the std base's what().
    const char* what() const noexcept override { return Std::what(); }
};

} // namespace detail

/// A parameter outside its rule (a std::invalid_argument). what() reads
/// "<where>: <parameter> = <value>: <rule>"; the parts are kept.
class invalid_parameter : public detail::error_with_base<std::invalid_argument> {
public:
    /// @param where the function or class that checked, e.g. "sgc::m_sgc"
    /// @param parameter the parameter's name, e.g. "W"
    /// @param value the value given, as text
    /// @param rule the rule it breaks, e.g. "requires W >= B + 1 (B = 3)"
    invalid_parameter(const std::string& where, std::string parameter, std::string value,
                      const std::string& rule)
        : error_with_base(where + ": " + parameter + " = " + value + ": " + rule),
          parameter_(std::move(parameter)), value_(std::move(value)), rule_(rule) {}

    /// The parameter's name.
    [[nodiscard]] const std::string& parameter() const noexcept { return parameter_; }
    /// The value given, as text.
    [[nodiscard]] const std::string& value() const noexcept { return value_; }
    /// The rule the value breaks.
    [[nodiscard]] const std::string& rule() const noexcept { return rule_; }

private:
    std::string parameter_;
    std::string value_;
    std::string rule_;
};

/// Malformed text input: pattern files, traces (a std::runtime_error). what() reads
/// "<source>:<line>: <message>".
class parse_error : public detail::error_with_base<std::runtime_error> {
public:
    /// @param source the file name, or what the text came from
    /// @param line the 1-based line
    /// @param message what is wrong, naming the token
    parse_error(const std::string& source, std::size_t line, const std::string& message)
        : error_with_base(source + ":" + std::to_string(line) + ": " + message), line_(line) {}

    /// The 1-based line.
    [[nodiscard]] std::size_t line() const noexcept { return line_; }

private:
    std::size_t line_;
};

/// A transport failed (a std::runtime_error): a message cut short on the wire, an MPI call that
/// returned an error. Workers that are slow or gone are not errors: the master's deadlines and
/// counters handle them.
class transport_error : public detail::error_with_base<std::runtime_error> {
public:
    /// @param message what failed, naming the call or the sizes
    explicit transport_error(const std::string& message) : error_with_base(message) {}
};

/// Arithmetic the type cannot represent (a std::domain_error): sgc::rational's zero
/// denominator, division by zero, and results outside int64. what() names the operands.
class arithmetic_error : public detail::error_with_base<std::domain_error> {
public:
    /// @param message the operation and its operands
    explicit arithmetic_error(const std::string& message) : error_with_base(message) {}
};

/// sgc broke its own invariant (a std::logic_error): a bug in the library, not in its input.
/// Thrown rather than hand out a result that could be wrong, e.g. when the master's data path
/// and bookkeeping disagree about the results that make up a gradient.
class internal_error : public detail::error_with_base<std::logic_error> {
public:
    /// @param message the invariant and where it broke
    explicit internal_error(const std::string& message) : error_with_base(message) {}
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

/// Checks one rule; the message is only built when the rule is broken.
template <class T>
inline void require(bool ok, const char* where, const char* parameter, const T& value,
                    const char* rule) {
    if (SGC_UNLIKELY(!ok)) throw_invalid_parameter(where, parameter, to_text(value), rule);
}

} // namespace detail
} // namespace sgc

#endif
