// Trace CSV files: reading, writing, and errors that name the line.
#include <doctest/doctest.h>

#include <cstdio>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <sgc/core/error.hpp>
#include <sgc/sim/trace.hpp>

#include "sim_support.hpp"

namespace {

sgc::sim::delay_trace read(const std::string& text) {
    std::istringstream in(text);
    return sgc::sim::read_trace(in, "t.csv");
}

// The message of the parse error `text` raises, and its line.
std::pair<std::string, std::size_t> parse_failure(const std::string& text) {
    try {
        read(text);
    } catch (const sgc::parse_error& e) {
        return {e.what(), e.line()};
    }
    FAIL("no parse error for: " << text);
    return {};
}

} // namespace

TEST_CASE("sim trace csv: rows are rounds, columns workers, comments and blank lines skipped") {
    const auto trace = read("# recorded at load 1/4\n"
                            "1.5, 2,3e-1\n"
                            "\n"
                            "   \t\n"
                            "# a comment between rounds\n"
                            " 0 ,10.25,  7 \r\n");
    CHECK(trace.n() == 3);
    CHECK(trace.rounds() == 2);
    CHECK(trace.times() == std::vector<double>{1.5, 2, 0.3, 0, 10.25, 7});
    CHECK(trace(1, 1) == 10.25);
    CHECK(trace.row(1)[2] == 7);
}

TEST_CASE("sim trace csv: write_trace reads back exactly") {
    sgc::sim::delay_trace trace(3);
    trace.push_round({0.1, 1.0 / 3.0, 2.5e-7});
    trace.push_round({1e6, 0, 123.456789});
    std::ostringstream out;
    sgc::sim::write_trace(out, trace);
    // Shortest round-trip form: 0.1 stays "0.1", 1/3 needs 17 digits.
    CHECK(out.str().substr(0, 4) == "0.1,");
    CHECK(read(out.str()).times() == trace.times());
    CHECK(read(out.str()).n() == 3);
}

TEST_CASE("sim trace csv: a row with another column count names its line") {
    const auto [fewer, fewer_line] = parse_failure("1,2,3\n# c\n1,2\n");
    CHECK(fewer_line == 3);
    CHECK(fewer == "t.csv:3: expected 3 values (one per worker, as on line 1), found 2");
    const auto [more, more_line] = parse_failure("\n1,2\n1,2\n1,2,3\n");
    CHECK(more_line == 4);
    CHECK(more == "t.csv:4: too many values: expected 2 (one per worker, as on line 2)");
}

TEST_CASE("sim trace csv: negative and non-numeric values name line and worker") {
    CHECK(parse_failure("1,2\n1,-0.5\n") ==
          std::make_pair(std::string("t.csv:2: value 2 (worker 1): -0.5 is negative: completion "
                                     "times are >= 0"),
                         std::size_t{2}));
    CHECK(parse_failure("1,2\nabc,1\n").first ==
          "t.csv:2: value 1 (worker 0): \"abc\" is not a number of seconds");
    CHECK(parse_failure("1,2\n1,2\n3,1.5x\n").second == 3);
    for (const char* bad : {"nan", "inf", "1e999", "0x10", "+1", "1 2", "--1"}) {
        CAPTURE(bad);
        const auto [message, line] = parse_failure(std::string("1,1\n1,") + bad + "\n");
        CHECK(line == 2);
        CHECK(message.find("value 2 (worker 1)") != std::string::npos);
    }
    CHECK(parse_failure("1,,2\n").first == "t.csv:1: value 2 (worker 1) is empty");
    CHECK(parse_failure("1,2,\n").first == "t.csv:1: value 3 (worker 2) is empty");
}

TEST_CASE("sim trace csv: a trace without rounds is an error") {
    CHECK(parse_failure("").first == "t.csv:1: the trace has no rounds");
    CHECK(parse_failure("# only\n# comments\n\n").first == "t.csv:4: the trace has no rounds");
}

TEST_CASE("sim trace csv: files, and files that cannot be opened") {
    const std::string path = "sim_trace_io_test.csv";
    const auto trace = sgc_test::make_trace({{1, 2}, {3, 4}, {5, 6}});
    sgc::sim::save_trace(path, trace);
    CHECK(sgc::sim::load_trace(path).times() == trace.times());
    std::remove(path.c_str());
    try {
        (void)sgc::sim::load_trace("no/such/trace.csv");
        FAIL("no error");
    } catch (const sgc::invalid_parameter& e) {
        CHECK(e.parameter() == "path");
        CHECK(e.value() == "no/such/trace.csv");
    }
}

TEST_CASE("sim trace: entries must be finite seconds >= 0") {
    CHECK_THROWS_WITH_AS(sgc::sim::delay_trace(2, {1, 2, 3}),
                         "sgc::sim::delay_trace: times.size() = 3: must be a multiple of n = 2",
                         sgc::invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::sim::delay_trace(2, {1, 2, 3, -1}),
                         "sgc::sim::delay_trace: times[round 1, worker 1] = -1: times are finite "
                         "seconds >= 0",
                         sgc::invalid_parameter);
    sgc::sim::delay_trace trace(2);
    CHECK_THROWS_AS(trace.push_round({1}), sgc::invalid_parameter);
    CHECK_THROWS_AS(trace.push_round({1, std::numeric_limits<double>::infinity()}), sgc::invalid_parameter);
    CHECK(trace.rounds() == 0);
    CHECK_THROWS_AS(sgc::sim::delay_trace(0), sgc::invalid_parameter);
}
