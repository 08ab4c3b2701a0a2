#ifndef SGC_MODELS_PATTERN_IO_HPP
#define SGC_MODELS_PATTERN_IO_HPP

#include <algorithm>
#include <cstddef>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../core/detail/file_io.hpp"
#include "../core/detail/text_reader.hpp"
#include "../core/error.hpp"
#include "../core/limits.hpp"
#include "../core/worker_set.hpp"
#include "pattern.hpp"

namespace sgc {

/// Reads a pattern file: text, one line per round, holding the 0-based ids of that round's
/// stragglers separated by spaces, tabs and/or commas (in any order; runs of separators count
/// as one). The lines follow the rules of trace files (user guide, docs/guide/07-simulator.md,
/// "Trace files"): a UTF-8 byte-order mark and CRLF line ends are accepted, and
///   - `#` starts a comment that runs to the end of the line;
///   - a line that starts with `#` in its first column is a pure comment line: not a round;
///   - any other line is a round, so an empty line, or one holding only blanks and a comment
///     (like `   # nobody`), is a round with no stragglers.
///
/// Example, rounds 0..3 over n >= 4 workers:
/// @verbatim
/// # recorded on 2024-05-01      <- a comment line, not a round
/// 0, 2                          <- round 0: workers 0 and 2
///                               <- round 1: an empty line, no stragglers
/// 1 3   # a burst starts        <- round 2: workers 1 and 3
/// 3                             <- round 3: worker 3
/// @endverbatim
/// @param in the text
/// @param n the workers; ids are < n
/// @param source the name errors give the text (the path for load_pattern)
/// @return one worker set over n per round
/// @throws invalid_parameter unless 1 <= n <= limits::max_n
/// @throws parse_error whose message starts with source:line and quotes the offending token: a
///         token that is not a decimal integer, a negative id, an id >= n, an id listed twice
///         in one line, a line longer than 4 MiB, or more rounds than
///         limits::max_pattern_entries allows.
straggler_pattern read_pattern(std::istream& in, std::size_t n,
                               const std::string& source = "<pattern>");
/// read_pattern of the file at `path` (named as the source of parse errors).
/// @param path the file
/// @param n the workers; ids are < n
/// @return one worker set over n per round
/// @throws invalid_parameter naming the path if it cannot be opened or is a directory, or
///         unless 1 <= n <= limits::max_n
/// @throws parse_error as read_pattern
straggler_pattern load_pattern(const std::string& path, std::size_t n);

/// Writes a pattern: one line per round, ids in increasing order separated by single spaces;
/// no comments, so line r + 1 holds round r. read_pattern gives back the same pattern.
/// @param out the stream
/// @param pattern the pattern
void write_pattern(std::ostream& out, const straggler_pattern& pattern);
/// write_pattern into the file at `path` (created or truncated).
/// @param path the file
/// @param pattern the pattern
/// @throws invalid_parameter naming the path if the file cannot be opened or written
void save_pattern(const std::string& path, const straggler_pattern& pattern);

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

[[noreturn]] SGC_NOINLINE SGC_COLD inline void throw_bad_token(const text_reader& reader,
                                                               std::string_view token, std::size_t n) {
    const bool digits = token.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits)
        reader.fail("worker id " + printable(token) + " is out of range: ids must be < n = " +
                    std::to_string(n));
    if (token[0] == '-' && token.size() > 1 &&
        token.find_first_not_of("0123456789", 1) == std::string_view::npos)
        reader.fail(quoted(token) + " is not a worker id: ids are 0-based, never negative");
    reader.fail(quoted(token) + " is not a worker id: expected a 0-based decimal integer");
}

// The worker id spelt by `token`, or n if it is not one (the caller reports why).
inline std::size_t parse_id(std::string_view token, std::size_t n) noexcept {
    std::size_t id = 0;
    for (const char c : token) {
        if (c < '0' || c > '9') return n;
        id = id * 10 + static_cast<std::size_t>(c - '0');
        if (id >= n) return n; // also stops before the value could overflow
    }
    return id;
}

} // namespace detail

inline straggler_pattern read_pattern(std::istream& in, std::size_t n, const std::string& source) {
    constexpr const char* where = "sgc::read_pattern";
    detail::check_workers(where, n);
    const std::size_t max_rounds = limits::max_pattern_entries / std::max<std::size_t>(n, 64);
    detail::text_reader reader(in, source);
    std::vector<detail::text_field> tokens;
    straggler_pattern pattern;
    while (reader.next()) {
        if (SGC_UNLIKELY(pattern.size() == max_rounds))
            reader.fail("more than " + std::to_string(max_rounds) + " rounds over n = " +
                        std::to_string(n) + " workers (sgc::limits::max_pattern_entries)");
        reader.tokens(" \t,\r\v\f", tokens);
        worker_set round(n);
        for (const auto& token : tokens) {
            const std::size_t id = detail::parse_id(token.text, n);
            if (SGC_UNLIKELY(id >= n)) detail::throw_bad_token(reader, token.text, n);
            if (SGC_UNLIKELY(round.contains(id)))
                reader.fail("worker id " + std::to_string(id) + " is listed twice in one round");
            round.insert(id);
        }
        pattern.push_back(std::move(round));
    }
    return pattern;
}

inline straggler_pattern load_pattern(const std::string& path, std::size_t n) {
    return detail::load_file("sgc::load_pattern", path,
                             [&](std::istream& in) { return read_pattern(in, n, path); });
}

inline void write_pattern(std::ostream& out, const straggler_pattern& pattern) {
    for (const auto& round : pattern) {
        const char* separator = "";
        for (std::size_t id : round) {
            out << separator << id;
            separator = " ";
        }
        out << '\n';
    }
}

inline void save_pattern(const std::string& path, const straggler_pattern& pattern) {
    detail::save_file("sgc::save_pattern", path, [&](std::ostream& out) { write_pattern(out, pattern); });
}

} // namespace sgc

#endif
