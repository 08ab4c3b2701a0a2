#ifndef SGC_CORE_DETAIL_TEXT_READER_HPP
#define SGC_CORE_DETAIL_TEXT_READER_HPP

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "../error.hpp"

namespace sgc::detail {

// The text side of sgc's line formats (straggler patterns, delay traces): one tokenizer, so that
// both formats agree on what a line, a comment and an encoding mark are.
//   - lines end at "\n"; a "\r" before it (CRLF) is dropped;
//   - a UTF-8 byte-order mark at the start of the file is skipped; a UTF-16 one is an error;
//   - a line whose first character is `#` is a comment line and is not returned;
//   - elsewhere `#` starts a comment that runs to the end of the line (cut off);
//   - a line longer than max_line_bytes is an error (a binary file, or a missing newline).
// Errors are sgc::parse_error naming source:line; the tokens they quote go through quoted().

/// `text` as a message can show it: printable ASCII as is, tab, CR, LF, NUL and every other
/// byte outside 0x20..0x7e as an escape (`\t`, `\r`, `\n`, `\0`, `\xHH`), cut after
/// `max_bytes` bytes with "..." and the full length.
std::string printable(std::string_view text, std::size_t max_bytes = 40);
/// printable(text) in double quotes.
std::string quoted(std::string_view text, std::size_t max_bytes = 40);

/// One field or token of a line: its text (blanks around it trimmed) and its 1-based position.
struct text_field {
    std::string_view text;
    std::size_t column = 0;
};

class text_reader {
public:
    /// 4 MiB: a trace line of limits::max_n values at 25 characters each is 1.6 MiB.
    static constexpr std::size_t max_line_bytes = std::size_t{1} << 22;

    /// `source` names the text in errors (made printable here).
    text_reader(std::istream& in, const std::string& source);

    /// Moves to the next line that is not a comment line; false at the end of the text (and a
    /// parse_error "read error" if the stream failed).
    bool next();
    /// The current line: no newline, no CR, no byte-order mark, its comment cut off.
    std::string_view text() const noexcept { return text_; }
    /// True if the current line holds only blanks (after its comment is cut off).
    bool blank() const noexcept;
    /// The current line's 1-based number, counting every line of the text.
    std::size_t line() const noexcept { return line_; }
    const std::string& source() const noexcept { return source_; }

    [[noreturn]] void fail(const std::string& message) const { fail_at(line_, message); }
    [[noreturn]] void fail_at(std::size_t line, const std::string& message) const;

    /// The current line split at every `separator` (CSV): empty fields are kept, blanks around
    /// each field trimmed. Stops after max_fields + 1 fields, so the caller can refuse a line
    /// with too many without splitting all of it.
    void fields(char separator, std::vector<text_field>& out, std::size_t max_fields) const;
    /// The current line's tokens: maximal runs of bytes not in `separators` (runs of separators
    /// count as one, and there are no empty tokens).
    void tokens(std::string_view separators, std::vector<text_field>& out) const;

private:
    bool read_line();

    std::istream& in_;
    std::string source_;
    std::string buffer_;
    std::string_view text_;
    std::size_t line_ = 0;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline std::string printable(std::string_view text, std::size_t max_bytes) {
    std::string out;
    const std::size_t shown = text.size() < max_bytes ? text.size() : max_bytes;
    out.reserve(shown + 16);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == 0) {
            out += "\\0";
        } else {
            char escape[5];
            std::snprintf(escape, sizeof escape, "\\x%02x", c);
            out += escape;
        }
    }
    if (shown < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
    return out;
}

inline std::string quoted(std::string_view text, std::size_t max_bytes) {
    return '"' + printable(text, max_bytes) + '"';
}

inline text_reader::text_reader(std::istream& in, const std::string& source)
    : in_(in), source_(printable(source, 256)) {}

[[noreturn]] SGC_NOINLINE SGC_COLD inline void text_reader::fail_at(std::size_t line,
                                                                      const std::string& message) const {
    SGC_THROW(parse_error(source_, line, message));
}

// One physical line into buffer_, bounded; false at the end of the text.
inline bool text_reader::read_line() {
    buffer_.clear();
    std::streambuf* in = in_.rdbuf();
    if (in == nullptr) return false;
    bool any = false;
    for (;;) {
        const int c = in->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in_.setstate(std::ios::eofbit);
            break;
        }
        any = true;
        if (c == '\n') break;
        if (SGC_UNLIKELY(buffer_.size() >= max_line_bytes))
            fail_at(line_ + 1, "the line is longer than " + std::to_string(max_line_bytes) +
                                   " bytes: not a text file of this format?");
        buffer_ += static_cast<char>(c);
    }
    if (!any) return false;
    ++line_;
    if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back(); // CRLF
    return true;
}

inline bool text_reader::next() {
    while (read_line()) {
        std::string_view text = buffer_;
        if (line_ == 1) {
            if (text.substr(0, 3) == "\xEF\xBB\xBF") {
                text.remove_prefix(3); // the UTF-8 byte-order mark some editors write
            } else if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
                fail("the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as "
                     "UTF-8 or ASCII text");
            }
        }
        if (!text.empty() && text.front() == '#') continue; // a comment line
        const std::size_t comment = text.find('#');
        if (comment != std::string_view::npos) text = text.substr(0, comment);
        text_ = text;
        return true;
    }
    if (SGC_UNLIKELY(in_.bad())) fail_at(line_ + 1, "read error");
    text_ = {};
    return false;
}

inline bool text_reader::blank() const noexcept {
    return text_.find_first_not_of(" \t\r\v\f") == std::string_view::npos;
}

inline void text_reader::fields(char separator, std::vector<text_field>& out,
                                std::size_t max_fields) const {
    constexpr std::string_view blanks = " \t\r\v\f";
    out.clear();
    std::size_t pos = 0;
    for (;;) {
        const std::size_t end = std::min(text_.find(separator, pos), text_.size());
        std::string_view field = text_.substr(pos, end - pos);
        const std::size_t first = field.find_first_not_of(blanks);
        field = first == std::string_view::npos
                    ? std::string_view{}
                    : field.substr(first, field.find_last_not_of(blanks) - first + 1);
        out.push_back({field, out.size() + 1});
        if (end == text_.size() || out.size() > max_fields) return;
        pos = end + 1;
    }
}

inline void text_reader::tokens(std::string_view separators, std::vector<text_field>& out) const {
    out.clear();
    std::size_t pos = text_.find_first_not_of(separators);
    while (pos != std::string_view::npos) {
        const std::size_t end = std::min(text_.find_first_of(separators, pos), text_.size());
        out.push_back({text_.substr(pos, end - pos), out.size() + 1});
        pos = end == text_.size() ? std::string_view::npos : text_.find_first_not_of(separators, end);
    }
}

} // namespace sgc::detail

#endif
