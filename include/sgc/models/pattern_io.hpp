#ifndef SGC_MODELS_PATTERN_IO_HPP
#define SGC_MODELS_PATTERN_IO_HPP

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

#include "../core/detail/file_io.hpp"
#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "pattern.hpp"

namespace sgc {

// Pattern files: text, one line per round, holding the 0-based ids of that round's stragglers
// separated by spaces, tabs and/or commas (in any order; runs of separators count as one).
//   - `#` starts a comment that runs to the end of the line;
//   - a line that starts with `#` in its first column is a pure comment line: not a round;
//   - any other line is a round, so an empty line — or one holding only blanks and a comment,
//     like `   # nobody` — is a round with no stragglers.
// Example, rounds 0..3 over n >= 4 workers:
//   # recorded on 2024-05-01      <- a comment line, not a round
//   0, 2                          <- round 0: workers 0 and 2
//                                 <- round 1: an empty line, no stragglers
//   1 3   # a burst starts        <- round 2: workers 1 and 3
//   3                             <- round 3: worker 3
// Malformed input is an sgc::parse_error whose message starts with source:line and quotes the
// offending token: a token that is not a decimal integer, a negative id, an id >= n, an id
// listed twice in one line.
straggler_pattern read_pattern(std::istream& in, std::size_t n,
                               const std::string& source = "<pattern>");
// The file at `path` (named as the source of parse errors); invalid_parameter naming the path
// if it cannot be opened.
straggler_pattern load_pattern(const std::string& path, std::size_t n);

// One line per round, ids in increasing order separated by single spaces; no comments, so
// line r + 1 holds round r. read_pattern gives back the same pattern.
void write_pattern(std::ostream& out, const straggler_pattern& pattern);
// invalid_parameter naming the path if the file cannot be opened or written.
void save_pattern(const std::string& path, const straggler_pattern& pattern);

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

[[noreturn]] SGC_NOINLINE SGC_COLD inline void
throw_parse_error(const std::string& source, std::size_t line, const std::string& message) {
    SGC_THROW(parse_error(source, line, message));
}

[[noreturn]] SGC_NOINLINE SGC_COLD inline void
throw_bad_token(const std::string& source, std::size_t line, const std::string& token,
                std::size_t n) {
    const bool digits = token.find_first_not_of("0123456789") == std::string::npos;
    if (digits)
        throw_parse_error(source, line,
                          "worker id " + token + " is out of range: ids must be < n = " +
                              std::to_string(n));
    if (token[0] == '-' && token.size() > 1 &&
        token.find_first_not_of("0123456789", 1) == std::string::npos)
        throw_parse_error(source, line,
                          "\"" + token + "\" is not a worker id: ids are 0-based, never negative");
    throw_parse_error(source, line,
                      "\"" + token + "\" is not a worker id: expected a 0-based decimal integer");
}

inline bool is_separator(char c) noexcept {
    return c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\v' || c == '\f';
}

// The worker id spelt by text[begin, end), or n if it is not one (the caller reports why).
inline std::size_t parse_id(const std::string& text, std::size_t begin, std::size_t end,
                            std::size_t n) noexcept {
    std::size_t id = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return n;
        id = id * 10 + static_cast<std::size_t>(c - '0');
        if (id >= n) return n; // also stops before the value could overflow
    }
    return id;
}

// One round's line, the comment already cut off.
inline worker_set parse_round(const std::string& text, std::size_t n, const std::string& source,
                              std::size_t line) {
    worker_set round(n);
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (is_separator(text[pos])) {
            ++pos;
            continue;
        }
        std::size_t end = pos;
        while (end < text.size() && !is_separator(text[end])) ++end;
        const std::size_t id = parse_id(text, pos, end, n);
        if (SGC_UNLIKELY(id >= n)) throw_bad_token(source, line, text.substr(pos, end - pos), n);
        if (SGC_UNLIKELY(round.contains(id)))
            throw_parse_error(source, line,
                              "worker id " + std::to_string(id) + " is listed twice in one round");
        round.insert(id);
        pos = end;
    }
    return round;
}

} // namespace detail

inline straggler_pattern read_pattern(std::istream& in, std::size_t n, const std::string& source) {
    detail::require(n >= 1, "sgc::read_pattern", "n", n, "the number of workers must be >= 1");
    straggler_pattern pattern;
    std::string text;
    std::size_t line = 0;
    while (std::getline(in, text)) {
        ++line;
        if (!text.empty() && text[0] == '#') continue; // a pure comment line
        const std::size_t comment = text.find('#');
        if (comment != std::string::npos) text.erase(comment);
        pattern.push_back(detail::parse_round(text, n, source, line));
    }
    if (SGC_UNLIKELY(in.bad())) detail::throw_parse_error(source, line + 1, "read error");
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
