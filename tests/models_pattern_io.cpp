// Pattern files: the format's rules, and writer output that reads back to the same pattern.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/core/limits.hpp>
#include <sgc/models/pattern_io.hpp>

#include "models_support.hpp"

using sgc::make_pattern;
using sgc::read_pattern;

namespace {

sgc::straggler_pattern parse(const std::string& text, std::size_t n) {
    std::istringstream in(text);
    return read_pattern(in, n);
}

std::string written(const sgc::straggler_pattern& pattern) {
    std::ostringstream out;
    sgc::write_pattern(out, pattern);
    return out.str();
}

// A file name no other test process uses (the C++17 and C++20 suites run in parallel).
std::filesystem::path temporary_file(const std::string& stem) {
    std::random_device entropy;
    return std::filesystem::temp_directory_path() /
           (stem + "_" + std::to_string(__cplusplus) + "_" + std::to_string(entropy()) + ".txt");
}

} // namespace

TEST_CASE("pattern files: one line per round, spaces and commas, empty lines are rounds") {
    CHECK(parse("0 2\n1,3\n\n3\n", 4) == make_pattern(4, {{0, 2}, {1, 3}, {}, {3}}));
    CHECK(parse("", 4).empty());
    CHECK(parse("\n", 4) == make_pattern(4, {{}}));
    CHECK(parse("\n\n\n", 4) == make_pattern(4, {{}, {}, {}}));
    CHECK(parse("1 0", 4) == make_pattern(4, {{0, 1}})); // no final newline
    CHECK(parse("  3 ,\t1,,2 , \r\n0\r\n", 4) == make_pattern(4, {{1, 2, 3}, {0}}));
    CHECK(parse("007\n", 8) == make_pattern(8, {{7}}));
}

TEST_CASE("pattern files: comments, and comment lines that are not rounds") {
    const std::string text = "# recorded by hand\n"  // column 0: not a round
                             "0, 2   # a burst starts\n"
                             "   # nobody\n"         // blanks and a comment: an empty round
                             "#0 1 2\n"              // column 0: not a round
                             "2#3\n"
                             "\n";
    CHECK(parse(text, 4) == make_pattern(4, {{0, 2}, {}, {2}, {}}));
}

TEST_CASE("pattern files: writer output reads back to the same pattern") {
    const auto pattern = make_pattern(300, {{}, {0, 299}, {5, 64, 63, 128}, {}, {}});
    CHECK(written(pattern) == "\n0 299\n5 63 64 128\n\n\n");
    CHECK(parse(written(pattern), 300) == pattern);
    CHECK(written({}).empty());

    sgc::adversarial_stragglers adversary(sgc::bursty_model(256, 2, 3, 23), 8);
    sgc::gilbert_elliott_stragglers markov(256, 0.1, 0.3, 8);
    for (const auto& generated : {sgc::generate(adversary, 40), sgc::generate(markov, 40)})
        CHECK(parse(written(generated), 256) == generated);
}

TEST_CASE("pattern files: save and load through the file system") {
    const auto path = temporary_file("sgc_pattern_io");
    const auto pattern = make_pattern(6, {{1, 2}, {}, {5}});
    sgc::save_pattern(path.string(), pattern);
    {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        CHECK(text.str() == "1 2\n\n5\n");
    }
    CHECK(sgc::load_pattern(path.string(), 6) == pattern);
    // Errors in a loaded file name the file.
    {
        std::ofstream out(path);
        out << "0\n1\nseven\n";
    }
    const std::string expected = path.string() + ":3: \"seven\" is not a worker id";
    CHECK_THROWS_WITH_AS(sgc::load_pattern(path.string(), 8),
                         doctest::Contains(expected.c_str()), sgc::parse_error);
    std::filesystem::remove(path);
}

TEST_CASE("pattern files: a byte-order mark and CRLF read like the plain file (the shared tokenizer)") {
    const auto bom = sgc::load_pattern(std::string(SGC_TEST_CASES_DIR) + "/bom_pattern.txt", 3);
    CHECK(bom == make_pattern(3, {{0}, {}, {1}}));
    CHECK(parse("\xEF\xBB\xBF" "0\n\n1\n", 3) == bom);
    CHECK(parse("0\r\n\r\n1\r\n", 3) == bom);
    CHECK(parse("\xEF\xBB\xBF# first line a comment\n0\n", 3) == make_pattern(3, {{0}}));
}

TEST_CASE("pattern files: tokens in errors are printable and short, and sizes are bounded") {
    CHECK_THROWS_WITH_AS(parse(std::string("0\n1\x01\0" "2\n", 7), 4),
                         "<pattern>:2: \"1\\x01\\02\" is not a worker id: expected a 0-based decimal integer",
                         sgc::parse_error);
    CHECK_THROWS_WITH_AS(parse(std::string(300, '9') + "\n", 4),
                         "<pattern>:1: worker id 9999999999999999999999999999999999999999... (300 bytes) "
                         "is out of range: ids must be < n = 4",
                         sgc::parse_error);
    CHECK_THROWS_WITH_AS(parse("\xFF\xFE" "0\n", 4), doctest::Contains("<pattern>:1: the file is UTF-16"),
                         sgc::parse_error);
    CHECK_THROWS_WITH_AS(parse("0\n", sgc::limits::max_n + 1),
                         "sgc::read_pattern: n = 65537: exceeds the limit of 65536 workers (sgc::limits::max_n)",
                         sgc::invalid_parameter);
    // At n = 65536 a round takes 8 KiB: 4096 rounds is the bound (limits::max_pattern_entries).
    const std::size_t n = sgc::limits::max_n, rounds = sgc::limits::max_pattern_entries / n;
    CHECK(parse(std::string(rounds, '\n'), n).size() == rounds);
    CHECK_THROWS_WITH_AS(parse(std::string(rounds + 1, '\n'), n),
                         "<pattern>:4097: more than 4096 rounds over n = 65536 workers "
                         "(sgc::limits::max_pattern_entries)",
                         sgc::parse_error);
}

TEST_CASE("pattern files: a directory is refused by name, not read as an empty pattern") {
    const auto dir = std::filesystem::temp_directory_path();
    CHECK_THROWS_WITH_AS(sgc::load_pattern(dir.string(), 4), doctest::Contains("is a directory, not a file"),
                         sgc::invalid_parameter);
}
