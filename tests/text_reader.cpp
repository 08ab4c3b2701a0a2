// The one tokenizer under trace and pattern files: lines, comments, byte-order marks, CRLF,
// bounded lines, fields and tokens, and tokens shown printable in errors.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <sgc/core/detail/text_reader.hpp>
#include <sgc/core/error.hpp>

using sgc::detail::printable;
using sgc::detail::quoted;
using sgc::detail::text_field;
using sgc::detail::text_reader;

namespace {

// Every line the reader returns, with its number: "3:text".
std::vector<std::string> lines_of(const std::string& text) {
    std::istringstream in(text);
    text_reader reader(in, "f.txt");
    std::vector<std::string> lines;
    while (reader.next()) lines.push_back(std::to_string(reader.line()) + ":" + std::string(reader.text()));
    return lines;
}

std::string failure(const std::string& text) {
    try {
        lines_of(text);
    } catch (const sgc::parse_error& e) {
        return e.what();
    }
    return "no error";
}

std::vector<std::string> texts(const std::vector<text_field>& fields) {
    std::vector<std::string> out;
    for (const auto& f : fields) out.emplace_back(f.text);
    return out;
}

} // namespace

TEST_CASE("text reader: comment lines are skipped, comments cut, every line counted") {
    CHECK(lines_of("# head\n1,2\n\n  # only a comment\n3 # tail\n#4\n") ==
          std::vector<std::string>{"2:1,2", "3:", "4:  ", "5:3 "});
    CHECK(lines_of("").empty());
    CHECK(lines_of("\n") == std::vector<std::string>{"1:"});
    CHECK(lines_of("a\nb") == std::vector<std::string>{"1:a", "2:b"}); // no final newline
}

TEST_CASE("text reader: CRLF line ends and a UTF-8 byte-order mark read like plain text") {
    CHECK(lines_of("1,2\r\n3,4\r\n") == lines_of("1,2\n3,4\n"));
    CHECK(lines_of("\xEF\xBB\xBF" "1,2\n3\n") == lines_of("1,2\n3\n"));
    // The mark before a comment line: still a comment line.
    CHECK(lines_of("\xEF\xBB\xBF# c\n5\n") == std::vector<std::string>{"2:5"});
    // Only at the start of the file: elsewhere it is text (and a format refuses it, printable).
    CHECK(lines_of("1\n\xEF\xBB\xBF" "2\n") == std::vector<std::string>{"1:1", "2:\xEF\xBB\xBF" "2"});
    // A lone CR is not a line end.
    CHECK(lines_of("1\r2\n") == std::vector<std::string>{"1:1\r2"});
}

TEST_CASE("text reader: UTF-16 and over-long lines are errors naming the line") {
    CHECK(failure("\xFF\xFE" "1\0,\0" "2\0") ==
          "f.txt:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8 "
          "or ASCII text");
    CHECK(failure("\xFE\xFF" "x").find("f.txt:1: the file is UTF-16") == 0);
    const std::string longest(text_reader::max_line_bytes, 'x');
    CHECK(lines_of("1\n" + longest + "\n").size() == 2);
    CHECK(failure("1\n" + longest + "y\n") ==
          "f.txt:2: the line is longer than 4194304 bytes: not a text file of this format?");
}

TEST_CASE("text reader: CSV fields keep empty ones and trim blanks, tokens collapse separators") {
    std::istringstream in(" 1 ,,\t2\t, \n  3, 4 ,, 5 ,\n");
    text_reader reader(in, "f");
    std::vector<text_field> fields;
    REQUIRE(reader.next());
    reader.fields(',', fields, 100);
    CHECK(texts(fields) == std::vector<std::string>{"1", "", "2", ""});
    CHECK(fields[2].column == 3);
    reader.fields(',', fields, 2); // stops after max + 1 fields
    CHECK(fields.size() == 3);
    REQUIRE(reader.next());
    reader.tokens(" \t,", fields);
    CHECK(texts(fields) == std::vector<std::string>{"3", "4", "5"});
    CHECK(fields[2].column == 3);
    CHECK_FALSE(reader.next());
}

TEST_CASE("text reader: printable() escapes control bytes, NUL and non-ASCII, and shortens") {
    CHECK(printable("abc 1.5") == "abc 1.5");
    CHECK(printable(std::string("a\0b", 3)) == "a\\0b");
    CHECK(printable("\t\r\n\x01\x7f\xff") == "\\t\\r\\n\\x01\\x7f\\xff");
    CHECK(printable("\xEF\xBB\xBF" "1") == "\\xef\\xbb\\xbf1");
    CHECK(printable(std::string(100, '7'), 10) == "7777777777... (100 bytes)");
    CHECK(quoted("x\x02") == "\"x\\x02\"");
    for (int c = 0; c < 256; ++c) {
        const std::string shown = printable(std::string(1, static_cast<char>(c)));
        for (char b : shown) CHECK((b >= 0x20 && b < 0x7f));
    }
}

TEST_CASE("text reader: the source name in errors is printable too") {
    std::istringstream in("\xFF\xFE");
    text_reader reader(in, std::string("bad\nname\0", 9));
    CHECK_THROWS_WITH_AS(reader.next(), doctest::Contains("bad\\nname\\0:1: "), sgc::parse_error);
}
