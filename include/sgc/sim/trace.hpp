#ifndef SGC_SIM_TRACE_HPP
#define SGC_SIM_TRACE_HPP

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <istream>
#include <ostream>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "../core/detail/file_io.hpp"
#include "../core/error.hpp"

// The simulator lives in sgc::sim: its vocabulary (trace, policy, round record) is generic enough
// to collide with the runtime's, and the namespace keeps the two apart.
namespace sgc::sim {

// A delay trace (DESIGN.md section 6): for every round and worker, the seconds that worker took
// to finish its work of the round. Rounds are rows, workers columns; every entry is finite and
// >= 0.
class delay_trace {
public:
    delay_trace() = default;
    // A trace over n >= 1 workers with no rounds yet.
    explicit delay_trace(std::size_t n);
    // rounds x n times, row by row (times.size() must be a multiple of n).
    delay_trace(std::size_t n, std::vector<double> times);

    std::size_t n() const noexcept { return n_; }
    std::size_t rounds() const noexcept { return n_ == 0 ? 0 : times_.size() / n_; }
    double operator()(std::size_t round, std::size_t worker) const noexcept {
        return times_[round * n_ + worker];
    }
    // The n times of one round.
    const double* row(std::size_t round) const noexcept { return times_.data() + round * n_; }
    const std::vector<double>& times() const noexcept { return times_; }

    // Appends a round of n times (invalid_parameter naming the worker of a bad entry).
    void push_round(const std::vector<double>& times);

private:
    void check_entry(std::size_t index, double t) const;

    std::size_t n_ = 0;
    std::vector<double> times_;
};

// Trace CSV: one line per round holding one number per worker, separated by commas (blanks
// around a number are ignored). Lines whose first character is `#` are comments, and lines
// holding only blanks are skipped. The first round's line fixes n. Example over n = 3 workers:
//   # recorded at load 1/256
//   1.02, 0.98, 2.5
//   1.01, 1.00, 0.99
// Malformed input is an sgc::parse_error whose message starts with source:line: a line with
// another number of values than the first round's, a value that is not a decimal number (or is
// infinite or NaN), a negative value, or a trace with no rounds at all.
delay_trace read_trace(std::istream& in, const std::string& source = "<trace>");
// The file at `path` (named as the source of parse errors); invalid_parameter naming the path
// if it cannot be opened.
delay_trace load_trace(const std::string& path);

// One line per round, values in the shortest form that reads back to the same double.
// read_trace gives back the same trace.
void write_trace(std::ostream& out, const delay_trace& trace);
// invalid_parameter naming the path if the file cannot be opened or written.
void save_trace(const std::string& path, const delay_trace& trace);

// How a trace recorded at load L0 is replayed for work of load L: every entry plus (L - L0) c
// seconds, floored at 0 (the simulator's load shift; see docs/guide/07-simulator.md). c = 0: the
// entries as they are. Both fields must be finite and >= 0 where a shift is used.
struct load_shift {
    double trace_load = 0.0;       // L0
    double seconds_per_load = 0.0; // c

    // The seconds added to every entry for work of load `load`: (load - L0) c.
    double offset(double load) const noexcept { return (load - trace_load) * seconds_per_load; }
};

// A load as trace headers and command lines write it: a decimal ("0.0625") or a fraction
// ("1/16"). invalid_parameter naming `parameter` and the text unless it is one of them, finite
// and >= 0 (a fraction's denominator > 0).
double parse_load(const std::string& text, const char* parameter = "load");

// ---------------------------------------------------------------------------------------------
// implementation

} // namespace sgc::sim

namespace sgc::detail {

// A double as given (1.5, not 1.500000), for error messages.
inline std::string number_text(double v) {
    std::ostringstream text;
    text.precision(17);
    text << v;
    return text.str();
}

[[noreturn]] SGC_NOINLINE SGC_COLD inline void
throw_trace_error(const std::string& source, std::size_t line, const std::string& message) {
    SGC_THROW(parse_error(source, line, message));
}

inline bool trace_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// Parses the value in text[begin, end) (blanks already trimmed), or throws naming the line and
// the 1-based column (the worker is column - 1).
inline double parse_trace_value(const std::string& text, std::size_t begin, std::size_t end,
                                const std::string& source, std::size_t line, std::size_t column) {
    const std::string token = text.substr(begin, end - begin);
    const std::string where = "value " + std::to_string(column) + " (worker " +
                              std::to_string(column - 1) + ")";
    if (token.empty()) throw_trace_error(source, line, where + " is empty");
    // from_chars: locale-independent; the character check keeps out inf, nan and hex floats.
    const bool numeric = token.find_first_not_of("0123456789.eE+-") == std::string::npos;
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (!numeric || ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(value))
        throw_trace_error(source, line,
                          where + ": \"" + token + "\" is not a number of seconds");
    if (token[0] == '-' || value < 0.0)
        throw_trace_error(source, line,
                          where + ": " + token + " is negative: completion times are >= 0");
    return value;
}

// invalid_parameter from `where` unless the shift's L0 and c are finite and >= 0.
inline void check_load_shift(const char* where, const sim::load_shift& shift) {
    if (!(shift.trace_load >= 0.0 && std::isfinite(shift.trace_load)))
        throw_invalid_parameter(where, "trace_load", number_text(shift.trace_load),
                                "the trace's load must be a finite number >= 0");
    if (!(shift.seconds_per_load >= 0.0 && std::isfinite(shift.seconds_per_load)))
        throw_invalid_parameter(where, "seconds_per_load", number_text(shift.seconds_per_load),
                                "must be a finite number of seconds >= 0");
}

} // namespace sgc::detail

namespace sgc::sim {

inline delay_trace::delay_trace(std::size_t n) : n_(n) {
    detail::require(n >= 1, "sgc::sim::delay_trace", "n", n, "the number of workers must be >= 1");
}

inline delay_trace::delay_trace(std::size_t n, std::vector<double> times)
    : n_(n), times_(std::move(times)) {
    constexpr const char* where = "sgc::sim::delay_trace";
    detail::require(n >= 1, where, "n", n, "the number of workers must be >= 1");
    if (times_.size() % n != 0)
        detail::throw_invalid_parameter(where, "times.size()", std::to_string(times_.size()),
                                        "must be a multiple of n = " + std::to_string(n));
    for (std::size_t i = 0; i < times_.size(); ++i) check_entry(i, times_[i]);
}

inline void delay_trace::push_round(const std::vector<double>& times) {
    if (times.size() != n_)
        detail::throw_invalid_parameter("sgc::sim::delay_trace::push_round", "times.size()",
                                        std::to_string(times.size()),
                                        "a round holds one time per worker, n = " +
                                            std::to_string(n_));
    const std::size_t first = times_.size();
    for (std::size_t i = 0; i < n_; ++i) check_entry(first + i, times[i]);
    times_.insert(times_.end(), times.begin(), times.end());
}

inline void delay_trace::check_entry(std::size_t index, double t) const {
    if (SGC_LIKELY(std::isfinite(t) && t >= 0.0)) return;
    const std::string parameter =
        "times[round " + std::to_string(index / n_) + ", worker " + std::to_string(index % n_) + "]";
    detail::throw_invalid_parameter("sgc::sim::delay_trace", parameter.c_str(), detail::number_text(t),
                                    "times are finite seconds >= 0");
}

inline delay_trace read_trace(std::istream& in, const std::string& source) {
    std::vector<double> times;
    std::size_t n = 0, first_line = 0;
    std::string text;
    std::size_t line = 0;
    while (std::getline(in, text)) {
        ++line;
        if (!text.empty() && text[0] == '#') continue;
        if (text.find_first_not_of(" \t\r\v\f") == std::string::npos) continue;
        std::size_t values = 0, pos = 0;
        for (;;) {
            const std::size_t comma = std::min(text.find(',', pos), text.size());
            std::size_t begin = pos, end = comma;
            while (begin < end && detail::trace_blank(text[begin])) ++begin;
            while (end > begin && detail::trace_blank(text[end - 1])) --end;
            ++values;
            if (n != 0 && values > n)
                detail::throw_trace_error(source, line,
                                          "too many values: expected " + std::to_string(n) +
                                              " (one per worker, as on line " +
                                              std::to_string(first_line) + ")");
            times.push_back(detail::parse_trace_value(text, begin, end, source, line, values));
            if (comma == text.size()) break;
            pos = comma + 1;
        }
        if (n == 0) {
            n = values;
            first_line = line;
        } else if (values != n) {
            detail::throw_trace_error(source, line,
                                      "expected " + std::to_string(n) +
                                          " values (one per worker, as on line " +
                                          std::to_string(first_line) + "), found " +
                                          std::to_string(values));
        }
    }
    if (SGC_UNLIKELY(in.bad())) detail::throw_trace_error(source, line + 1, "read error");
    if (n == 0) detail::throw_trace_error(source, line + 1, "the trace has no rounds");
    return delay_trace(n, std::move(times));
}

inline double parse_load(const std::string& text, const char* parameter) {
    const auto decimal = [](const char* begin, const char* end, double& value) {
        // from_chars: locale-independent; the character check keeps out inf, nan and hex floats.
        if (begin == end || std::string(begin, end).find_first_not_of("0123456789.eE+-") != std::string::npos)
            return false;
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        return ec == std::errc() && ptr == end && std::isfinite(value) && value >= 0.0;
    };
    const char* begin = text.data();
    const char* end = begin + text.size();
    const char* slash = std::find(begin, end, '/');
    double value = 0.0, denominator = 1.0;
    const bool ok = decimal(begin, slash, value) &&
                    (slash == end || (decimal(slash + 1, end, denominator) && denominator > 0.0));
    if (!ok || !std::isfinite(value / denominator))
        detail::throw_invalid_parameter("sgc::sim::parse_load", parameter, text,
                                        "expected a load >= 0, as a decimal or a fraction like 1/16");
    return value / denominator;
}

inline delay_trace load_trace(const std::string& path) {
    return detail::load_file("sgc::sim::load_trace", path,
                             [&](std::istream& in) { return read_trace(in, path); });
}

inline void write_trace(std::ostream& out, const delay_trace& trace) {
    std::string line;
    char buffer[32];
    for (std::size_t r = 0; r < trace.rounds(); ++r) {
        line.clear();
        const double* row = trace.row(r);
        for (std::size_t i = 0; i < trace.n(); ++i) {
            if (i != 0) line += ',';
            // Shortest round-trip form: exact, and short for times recorded at a resolution.
            const auto result = std::to_chars(buffer, buffer + sizeof buffer, row[i]);
            line.append(buffer, result.ptr);
        }
        line += '\n';
        out << line;
    }
}

inline void save_trace(const std::string& path, const delay_trace& trace) {
    detail::save_file("sgc::sim::save_trace", path, [&](std::ostream& out) { write_trace(out, trace); });
}

} // namespace sgc::sim

#endif
