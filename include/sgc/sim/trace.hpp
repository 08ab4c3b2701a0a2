#ifndef SGC_SIM_TRACE_HPP
#define SGC_SIM_TRACE_HPP

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <istream>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "../core/detail/checked.hpp"
#include "../core/detail/file_io.hpp"
#include "../core/detail/text_reader.hpp"
#include "../core/error.hpp"
#include "../core/limits.hpp"
#include "../core/worker_set.hpp"

/// The simulator lives in sgc::sim: its vocabulary (trace, policy, round record) is generic enough
/// to collide with the runtime's, and the namespace keeps the two apart.
namespace sgc::sim {

/// A delay trace (user guide chapter 7, docs/guide/07-simulator.md): for every round and
/// worker, the seconds that worker took to finish its work of the round, or no_answer if it
/// never returned a result in that round. Rounds are rows, workers columns; every other entry
/// is finite and >= 0.
class delay_trace {
public:
    /// The time of a worker that did not answer in a round: +infinity. The replay treats it as
    /// a straggler that never arrives (see sgc::sim::replay).
    static constexpr double no_answer = std::numeric_limits<double>::infinity();

    /// An empty trace (n = 0, no rounds), to assign to.
    delay_trace() = default;
    /// A trace over n workers with no rounds yet.
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n
    /// @param n workers
    explicit delay_trace(std::size_t n);
    /// rounds x n times, row by row.
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n, times.size() is a multiple of
    ///         n, at most limits::max_trace_entries, and every entry is finite and >= 0
    /// @param n workers
    /// @param times rounds x n seconds, row by row; no_answer for a worker that did not answer
    delay_trace(std::size_t n, std::vector<double> times);

    /// Workers (columns).
    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    /// Rounds (rows).
    [[nodiscard]] std::size_t rounds() const noexcept { return n_ == 0 ? 0 : times_.size() / n_; }
    /// The seconds `worker` took in `round`, or no_answer.
    /// @param round the 0-based round, < rounds() (not checked)
    /// @param worker the worker, < n() (not checked)
    [[nodiscard]] double operator()(std::size_t round, std::size_t worker) const noexcept {
        return times_[round * n_ + worker];
    }
    /// Whether `worker` answered in `round` (round < rounds(), worker < n(); not checked).
    [[nodiscard]] bool answered(std::size_t round, std::size_t worker) const noexcept {
        return (*this)(round, worker) != no_answer;
    }
    /// The n times of one round (no_answer for the workers that did not answer).
    /// @param round the 0-based round, < rounds() (not checked)
    /// @return a pointer to n seconds, valid until the trace changes
    [[nodiscard]] const double* row(std::size_t round) const noexcept { return times_.data() + round * n_; }
    /// All times, row by row.
    [[nodiscard]] const std::vector<double>& times() const noexcept { return times_; }
    /// The largest time of a worker that answered (0 for an empty trace).
    [[nodiscard]] double longest() const noexcept { return longest_; }
    /// How many entries are no_answer.
    [[nodiscard]] std::size_t unanswered() const noexcept { return unanswered_; }

    /// Appends a round of n times.
    /// @throws invalid_parameter naming the worker of an entry that is not finite and >= 0, if
    ///         times.size() != n, or if the trace would exceed limits::max_trace_entries
    /// @param times n seconds, each finite and >= 0, or no_answer
    void push_round(const std::vector<double>& times);
    /// Appends a round in which the workers in `silent` did not answer (their entries of
    /// `times` are ignored and stored as no_answer).
    /// @throws invalid_parameter as push_round(times), or if silent.universe() != n
    /// @param times n seconds; those of the workers in `silent` are ignored
    /// @param silent the workers that did not answer, a set over n workers
    void push_round(const std::vector<double>& times, const worker_set& silent);

private:
    void check_entry(std::size_t index, double t) const;
    void check_new_round() const;

    std::size_t n_ = 0;
    std::vector<double> times_;
    double longest_ = 0.0;
    std::size_t unanswered_ = 0;
};

/// The documented marker of a worker that did not answer in a round: "-1".
inline constexpr const char* no_answer_marker = "-1";

/// How a trace file is laid out beyond the plain format (see read_trace).
struct trace_format {
    /// The first row (after comment lines) names the columns and is skipped, as pandas'
    /// `to_csv` writes it (0,1,...,n-1).
    bool header = false;
    /// The first field of every row (the header's too) is an index, as pandas writes it, and is
    /// dropped.
    bool index_column = false;
    /// Spellings besides "-1" that also mean "did not answer this round", compared exactly:
    /// "" (an empty field), "inf", "NA", ...
    std::vector<std::string> missing;
};

/// Reads a trace in CSV form: one line per round holding one value per worker, separated by
/// commas (blanks around a value are ignored). A value is a decimal number of seconds >= 0, or
/// -1 for a worker that did not answer in that round (no_answer; more spellings through
/// trace_format::missing). A UTF-8 byte-order mark and CRLF line ends are accepted. Lines whose
/// first character is `#` are comments, elsewhere `#` starts a comment to the end of the line,
/// and lines holding only blanks are skipped. The first round's line fixes n. Example over
/// n = 3 workers, worker 2 silent in the second round:
/// @verbatim
/// # recorded at load 1/256
/// 1.02, 0.98, 2.5
/// 1.01, 1.00, -1
/// @endverbatim
/// A first row that is exactly 0, 1, ..., n-1 (a header row) and a first column that is
/// exactly 0, 1, 2, ... down the rows (an index column) are refused unless `format` declares
/// them, so that a file written by pandas is never read as times (checked for n >= 2 values,
/// and for the index over >= 2 rounds).
/// @param in the text
/// @param source the name errors give the text (the path for load_trace)
/// @param format header row, index column and more spellings of the missing marker
/// @throws parse_error whose message starts with source:line: a line with another number of
///         values than the first round's, a value that is not a decimal number (or is infinite
///         or NaN), a negative value other than the marker, a line longer than 4 MiB, more
///         than limits::max_n values or limits::max_trace_entries in all, an undeclared header
///         row or index column, or a trace with no rounds at all.
/// @return the trace
[[nodiscard]] delay_trace read_trace(std::istream& in, const std::string& source = "<trace>",
                       const trace_format& format = {});
/// read_trace of the file at `path` (named as the source of parse errors).
/// @param path the file
/// @param format header row, index column and more spellings of the missing marker
/// @return the trace
/// @throws invalid_parameter naming the path if it cannot be opened or is a directory
/// @throws parse_error as read_trace
[[nodiscard]] delay_trace load_trace(const std::string& path, const trace_format& format = {});

/// One line per round, values in the shortest form that reads back to the same double, -1
/// for no_answer. read_trace gives back the same trace (with the default format: a first row
/// of times 0, 1, ..., n-1 or a first column 0, 1, 2, ... is written 0.0, 1.0, ... so that it is
/// not taken for a header row or an index column).
/// @param out the stream
/// @param trace the trace
void write_trace(std::ostream& out, const delay_trace& trace);
/// write_trace into the file at `path`.
/// @throws invalid_parameter naming the path if the file cannot be opened or written
/// @param path the file (created or truncated)
/// @param trace the trace
void save_trace(const std::string& path, const delay_trace& trace);

/// How a trace recorded at load L0 is replayed for work of load L: every entry plus (L - L0) c
/// seconds, floored at 0 (the simulator's load shift; see docs/guide/07-simulator.md). c = 0: the
/// entries as they are. Both fields must be finite and >= 0 where a shift is used.
struct load_shift {
    double trace_load = 0.0;       ///< L0
    double seconds_per_load = 0.0; ///< c

    /// The seconds added to every entry for work of load `load`: (load - L0) c.
    /// @param load the normalised load of the replayed work (a fraction of a job's data)
    /// @return seconds, possibly negative
    [[nodiscard]] double offset(double load) const noexcept { return (load - trace_load) * seconds_per_load; }
};

/// A load as trace headers and command lines write it: a decimal ("0.0625") or a fraction
/// ("1/16").
/// @param text the text
/// @param parameter the option's name, for the error
/// @return the load, finite and >= 0
/// @throws invalid_parameter naming `parameter` and the text unless it is a decimal or a
///         fraction, finite and >= 0 (a fraction's denominator > 0)
[[nodiscard]] double parse_load(const std::string& text, const char* parameter = "load");

// ---------------------------------------------------------------------------------------------
// implementation

} // namespace sgc::sim

namespace sgc::detail {

// A double as given (1.5, not 1.500000; 0.1, not 0.10000000000000001), for error messages:
// the shortest text that reads back to it.
inline std::string number_text(double v) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

// n workers and `rounds` rounds fit a delay_trace: checked before anything is allocated.
inline void check_trace_size(const char* where, std::size_t n, std::size_t rounds) {
    check_workers(where, n);
    if (SGC_UNLIKELY(checked_mul(rounds, n) > limits::max_trace_entries))
        throw_invalid_parameter(where, "rounds", std::to_string(rounds),
                                "rounds x n = " + std::to_string(rounds) + " x " +
                                    std::to_string(n) + " exceeds the limit of " +
                                    std::to_string(limits::max_trace_entries) +
                                    " trace entries (sgc::limits::max_trace_entries)");
}

// The reader's state for one trace: the format's rules, line by line.
class trace_parser {
public:
    trace_parser(std::istream& in, const std::string& source, const sim::trace_format& format)
        : reader_(in, source), format_(format) {}

    sim::delay_trace read();

private:
    // The first field is dropped with the index option; max_n + 1 is one more than a line of
    // the largest trace holds.
    std::size_t max_fields() const noexcept { return limits::max_n + (format_.index_column ? 1 : 0); }
    void skip_header();
    void first_row();
    void check_count();
    double value(const text_field& field) const;
    bool is_missing(std::string_view token) const;
    [[noreturn]] void refuse_not_a_number(const text_field& field) const;
    [[noreturn]] void refuse_index_column() const;

    text_reader reader_;
    const sim::trace_format& format_;
    std::vector<text_field> fields_;
    sim::delay_trace trace_;
    std::vector<double> row_;
    worker_set silent_;
    std::size_t n_ = 0, first_line_ = 0;
    bool index_like_ = true; // every row's first field so far spells its 0-based row number
};

// Column names: anything but a row of times (a --header given to a file without one would
// otherwise drop a round without a word).
inline void trace_parser::skip_header() {
    reader_.fields(',', fields_, max_fields());
    const std::size_t first = format_.index_column ? 1 : 0;
    bool all_numbers = fields_.size() > first, fractional = false;
    for (std::size_t i = first; i < fields_.size() && all_numbers; ++i) {
        const std::string_view t = fields_[i].text;
        double v = 0.0;
        const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        all_numbers = !t.empty() && ec == std::errc() && ptr == t.data() + t.size();
        fractional = fractional || t.find_first_not_of("0123456789") != std::string_view::npos;
    }
    if (all_numbers && fractional)
        reader_.fail("the header option skips this line as the column names, but it holds times "
                     "(" + quoted(fields_[first].text) + ", ...): does the file have a header row?");
}

// The first round fixes n; a row that spells 0, 1, ..., n-1 is pandas' header, not a round.
inline void trace_parser::first_row() {
    n_ = fields_.size();
    first_line_ = reader_.line();
    if (n_ > limits::max_n)
        reader_.fail("more than " + std::to_string(limits::max_n) +
                     " values: the limit of workers (sgc::limits::max_n)");
    if (format_.header) return;
    const auto counts_from = [&](std::size_t begin, std::size_t first_id) {
        for (std::size_t i = begin; i < fields_.size(); ++i)
            if (fields_[i].text != std::to_string(first_id + i - begin)) return false;
        return true;
    };
    const std::string last = std::to_string(n_ - 1);
    if (!format_.index_column && n_ >= 3 && fields_[0].text.empty() && counts_from(1, 0))
        reader_.fail("the first row is \"," + std::string("0, 1, ..., ") + std::to_string(n_ - 2) +
                     "\": pandas' header row over an index column, not a round; read the file "
                     "with both options (--header --index-column on the command line, "
                     "sgc::sim::trace_format::header and index_column in C++)");
    if (n_ >= 2 && counts_from(0, 0))
        reader_.fail("the first row is 0, 1, ..., " + last +
                     ": a header row naming the workers (pandas' to_csv writes one), not a "
                     "round; skip it with the header option (--header on the command line, "
                     "sgc::sim::trace_format::header in C++)");
}

inline void trace_parser::check_count() {
    const std::size_t values = fields_.size();
    if (values > n_)
        reader_.fail("too many values: expected " + std::to_string(n_) +
                     " (one per worker, as on line " + std::to_string(first_line_) + ")");
    if (values < n_)
        reader_.fail("expected " + std::to_string(n_) + " values (one per worker, as on line " +
                     std::to_string(first_line_) + "), found " + std::to_string(values));
    if (SGC_UNLIKELY(checked_mul(trace_.rounds() + 1, n_) > limits::max_trace_entries))
        reader_.fail("the trace exceeds " + std::to_string(limits::max_trace_entries) +
                     " values (rounds x workers; sgc::limits::max_trace_entries)");
}

inline bool trace_parser::is_missing(std::string_view token) const {
    if (token == sim::no_answer_marker) return true;
    for (const auto& spelling : format_.missing)
        if (token == spelling) return true;
    return false;
}

// Spellings other tools use for "no value": named in the message, with how to write it.
inline bool looks_missing(std::string_view token) {
    std::string lower;
    for (char c : token) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (const char* s : {"inf", "+inf", "-inf", "infinity", "nan", "na", "n/a", "null", "none", "-", "?"})
        if (lower == s) return true;
    return false;
}

// A column name as tools write them: it starts with a letter, an underscore or a quote.
inline bool looks_like_name(std::string_view token) {
    const char c = token.empty() ? '\0' : token[0];
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '"' || c == '\'';
}

[[noreturn]] inline void trace_parser::refuse_not_a_number(const text_field& field) const {
    std::string message = "value " + std::to_string(field.column) + " (worker " +
                          std::to_string(field.column - 1) + "): " + quoted(field.text) +
                          " is not a number of seconds";
    if (looks_missing(field.text))
        message += "; a worker that did not answer is written -1, or declare " +
                   quoted(field.text) + " a marker too (--missing " + printable(field.text) +
                   " on the command line, sgc::sim::trace_format::missing in C++)";
    else if (reader_.line() == first_line_ && !format_.header && looks_like_name(field.text))
        message += "; if line " + std::to_string(first_line_) +
                   " names the columns, skip it with the header option (--header on the "
                   "command line, sgc::sim::trace_format::header in C++)";
    reader_.fail(message);
}

// The value of one field (blanks already trimmed): seconds >= 0, or no_answer.
inline double trace_parser::value(const text_field& field) const {
    const std::string_view token = field.text;
    if (is_missing(token)) return sim::delay_trace::no_answer;
    if (token.empty())
        reader_.fail("value " + std::to_string(field.column) + " (worker " +
                     std::to_string(field.column - 1) + ") is empty");
    // from_chars: locale-independent; the character check keeps out inf, nan and hex floats.
    const bool numeric = token.find_first_not_of("0123456789.eE+-") == std::string_view::npos;
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (!numeric || ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(v))
        refuse_not_a_number(field);
    if (token[0] == '-' || v < 0.0)
        reader_.fail("value " + std::to_string(field.column) + " (worker " +
                     std::to_string(field.column - 1) + "): " + printable(token) +
                     " is negative: completion times are >= 0");
    return v;
}

[[noreturn]] inline void trace_parser::refuse_index_column() const {
    reader_.fail_at(first_line_,
                    "the first column is 0, 1, ..., " + std::to_string(trace_.rounds() - 1) +
                        " down the rows: an index column (pandas' to_csv writes one), not a "
                        "worker; drop it with the index-column option (--index-column on the "
                        "command line, sgc::sim::trace_format::index_column in C++)");
}

inline sim::delay_trace trace_parser::read() {
    bool header_pending = format_.header;
    while (reader_.next()) {
        if (reader_.blank()) continue;
        if (header_pending) {
            skip_header();
            header_pending = false;
            continue;
        }
        reader_.fields(',', fields_, max_fields());
        if (format_.index_column) {
            if (fields_.size() < 2)
                reader_.fail("the row holds only its index column (the index-column option "
                             "drops the first value of every row)");
            fields_.erase(fields_.begin());
            for (auto& f : fields_) --f.column;
        } else if (index_like_) {
            index_like_ = fields_[0].text == std::to_string(trace_.rounds());
        }
        if (n_ == 0) {
            first_row();
            trace_ = sim::delay_trace(n_);
            silent_ = worker_set(n_);
            row_.assign(n_, 0.0);
        }
        check_count();
        silent_.clear();
        for (std::size_t i = 0; i < n_; ++i) {
            row_[i] = value(fields_[i]);
            if (row_[i] == sim::delay_trace::no_answer) silent_.insert(i);
        }
        trace_.push_round(row_, silent_);
    }
    if (n_ == 0) reader_.fail_at(reader_.line() + 1, "the trace has no rounds");
    if (!format_.index_column && index_like_ && n_ >= 2 && trace_.rounds() >= 2) refuse_index_column();
    return std::move(trace_);
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
    detail::check_trace_size("sgc::sim::delay_trace", n, 0);
}

inline delay_trace::delay_trace(std::size_t n, std::vector<double> times)
    : n_(n), times_(std::move(times)) {
    constexpr const char* where = "sgc::sim::delay_trace";
    detail::check_trace_size(where, n, 0);
    if (times_.size() % n != 0)
        detail::throw_invalid_parameter(where, "times.size()", std::to_string(times_.size()),
                                        "must be a multiple of n = " + std::to_string(n));
    detail::check_trace_size(where, n, times_.size() / n);
    for (std::size_t i = 0; i < times_.size(); ++i) check_entry(i, times_[i]);
    for (double t : times_) longest_ = std::max(longest_, t);
}

inline void delay_trace::check_new_round() const {
    if (SGC_UNLIKELY(detail::checked_mul(rounds() + 1, n_) > limits::max_trace_entries))
        detail::check_trace_size("sgc::sim::delay_trace::push_round", n_, rounds() + 1);
}

inline void delay_trace::push_round(const std::vector<double>& times) {
    if (times.size() != n_)
        detail::throw_invalid_parameter("sgc::sim::delay_trace::push_round", "times.size()",
                                        std::to_string(times.size()),
                                        "a round holds one time per worker, n = " +
                                            std::to_string(n_));
    check_new_round();
    const std::size_t first = times_.size();
    for (std::size_t i = 0; i < n_; ++i) check_entry(first + i, times[i]);
    times_.insert(times_.end(), times.begin(), times.end());
    for (double t : times) longest_ = std::max(longest_, t);
}

inline void delay_trace::push_round(const std::vector<double>& times, const worker_set& silent) {
    constexpr const char* where = "sgc::sim::delay_trace::push_round";
    if (times.size() != n_)
        detail::throw_invalid_parameter(where, "times.size()", std::to_string(times.size()),
                                        "a round holds one time per worker, n = " +
                                            std::to_string(n_));
    if (silent.universe() != n_)
        detail::throw_invalid_parameter(where, "silent.universe()", std::to_string(silent.universe()),
                                        "the set is over n = " + std::to_string(n_) + " workers");
    check_new_round();
    const std::size_t first = times_.size();
    for (std::size_t i = 0; i < n_; ++i)
        if (!silent.contains(i)) check_entry(first + i, times[i]);
    for (std::size_t i = 0; i < n_; ++i) {
        const bool quiet = silent.contains(i);
        times_.push_back(quiet ? no_answer : times[i]);
        if (!quiet) longest_ = std::max(longest_, times[i]);
    }
    unanswered_ += silent.count();
}

inline void delay_trace::check_entry(std::size_t index, double t) const {
    if (SGC_LIKELY(std::isfinite(t) && t >= 0.0)) return;
    const std::string parameter =
        "times[round " + std::to_string(index / n_) + ", worker " + std::to_string(index % n_) + "]";
    detail::throw_invalid_parameter("sgc::sim::delay_trace", parameter.c_str(), detail::number_text(t),
                                    "times are finite seconds >= 0");
}

inline delay_trace read_trace(std::istream& in, const std::string& source, const trace_format& format) {
    return detail::trace_parser(in, source, format).read();
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
    const bool ok = decimal(begin, slash, value) && (slash == end || decimal(slash + 1, end, denominator));
    const char* rule = "expected a load >= 0, as a decimal or a fraction like 1/16";
    if (ok && denominator == 0.0)
        detail::throw_invalid_parameter("sgc::sim::parse_load", parameter, detail::printable(text),
                                        std::string(rule) + " (the denominator is 0)");
    if (!ok || !std::isfinite(value / denominator))
        detail::throw_invalid_parameter("sgc::sim::parse_load", parameter, detail::printable(text), rule);
    return value / denominator;
}

inline delay_trace load_trace(const std::string& path, const trace_format& format) {
    return detail::load_file("sgc::sim::load_trace", path,
                             [&](std::istream& in) { return read_trace(in, path, format); });
}

} // namespace sgc::sim

namespace sgc::detail {

// The shortest text that reads back to v exactly ("-1" for no_answer).
inline std::string trace_token(double v) {
    if (v == sim::delay_trace::no_answer) return sim::no_answer_marker;
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

// Whether the first row (column) of `trace` would read as pandas' header row (index column).
inline bool first_row_counts(const sim::delay_trace& trace) {
    if (trace.n() < 2 || trace.rounds() == 0) return false;
    for (std::size_t i = 0; i < trace.n(); ++i)
        if (trace_token(trace(0, i)) != std::to_string(i)) return false;
    return true;
}

inline bool first_column_counts(const sim::delay_trace& trace) {
    if (trace.n() < 2 || trace.rounds() < 2) return false;
    for (std::size_t r = 0; r < trace.rounds(); ++r)
        if (trace_token(trace(r, 0)) != std::to_string(r)) return false;
    return true;
}

} // namespace sgc::detail

namespace sgc::sim {

inline void write_trace(std::ostream& out, const delay_trace& trace) {
    // A first row of times 0, 1, ..., n-1 (or a first column 0, 1, 2, ...) is written "0.0,
    // 1.0, ...": the same numbers, which read_trace does not take for pandas' header or index.
    const bool row_counts = detail::first_row_counts(trace);
    const bool column_counts = detail::first_column_counts(trace);
    std::string line;
    for (std::size_t r = 0; r < trace.rounds(); ++r) {
        line.clear();
        for (std::size_t i = 0; i < trace.n(); ++i) {
            if (i != 0) line += ',';
            // Shortest round-trip form: exact, and short for times recorded at a resolution.
            line += detail::trace_token(trace(r, i));
            if ((row_counts && r == 0) || (column_counts && i == 0)) line += ".0";
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
