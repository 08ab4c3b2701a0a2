// Trace files as common tools write them: pandas' header row and index column, a byte-order
// mark, CRLF, and the marker of a worker that did not answer. The files are those of
// tests/cli/cases/, byte for byte.
#include <doctest/doctest.h>

#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <sgc/core/error.hpp>
#include <sgc/core/limits.hpp>
#include <sgc/sim/trace.hpp>

namespace {

namespace sim = sgc::sim;

std::string case_file(const char* name) { return std::string(SGC_TEST_CASES_DIR) + "/" + name; }

sim::delay_trace read(const std::string& text, const sim::trace_format& format = {}) {
    std::istringstream in(text);
    return sim::read_trace(in, "t.csv", format);
}

std::string failure(const std::string& text, const sim::trace_format& format = {}) {
    try {
        read(text, format);
    } catch (const sgc::parse_error& e) {
        return e.what();
    }
    return "no error";
}

std::string load_failure(const char* name, const sim::trace_format& format = {}) {
    try {
        (void)sim::load_trace(case_file(name), format);
    } catch (const sgc::parse_error& e) {
        const std::string message = e.what();
        return message.substr(message.find(name)); // from the file name on
    }
    return "no error";
}

const std::vector<double> plain_times{1.02, 0.98, 2.5, 1.01, 1.00, 0.99, 1.03, 0.97, 1.01};

sim::trace_format with(bool header, bool index) {
    sim::trace_format f;
    f.header = header;
    f.index_column = index;
    return f;
}

constexpr double none = sim::delay_trace::no_answer;

} // namespace

TEST_CASE("trace format: pandas' header row and index column are read by option") {
    CHECK(sim::load_trace(case_file("plain_trace.csv")).times() == plain_times);
    CHECK(sim::load_trace(case_file("header_trace.csv"), with(true, false)).times() == plain_times);
    CHECK(sim::load_trace(case_file("index_trace.csv"), with(false, true)).times() == plain_times);
    const auto both = sim::load_trace(case_file("header_and_index_trace.csv"), with(true, true));
    CHECK(both.times() == plain_times);
    CHECK(both.n() == 3);
}

TEST_CASE("trace format: without the options, a header row or index column is refused, naming the option") {
    CHECK(load_failure("header_trace.csv") ==
          "header_trace.csv:1: the first row is 0, 1, ..., 2: a header row naming the workers "
          "(pandas' to_csv writes one), not a round; skip it with the header option (--header on "
          "the command line, sgc::sim::trace_format::header in C++)");
    CHECK(load_failure("index_trace.csv") ==
          "index_trace.csv:1: the first column is 0, 1, ..., 2 down the rows: an index column "
          "(pandas' to_csv writes one), not a worker; drop it with the index-column option "
          "(--index-column on the command line, sgc::sim::trace_format::index_column in C++)");
    CHECK(load_failure("header_and_index_trace.csv") ==
          "header_and_index_trace.csv:1: the first row is \",0, 1, ..., 2\": pandas' header row "
          "over an index column, not a round; read the file with both options (--header "
          "--index-column on the command line, sgc::sim::trace_format::header and index_column in "
          "C++)");
    // One option of the two: the other is suggested.
    CHECK(load_failure("header_and_index_trace.csv", with(true, false)).find(
              "header_and_index_trace.csv:2: the first column is 0, 1, ..., 2 down the rows") == 0);
    CHECK(load_failure("header_and_index_trace.csv", with(false, true)).find(
              "header_and_index_trace.csv:1: the first row is 0, 1, ..., 2: a header row") == 0);
}

TEST_CASE("trace format: the header and index checks are exact, and need two workers and two rounds") {
    // Not exactly 0 .. n-1: times.
    CHECK(read("0,1,3\n2,1,1\n").rounds() == 2);
    CHECK(read("1,2,3\n1,1,1\n").rounds() == 2);
    CHECK(read("0,1.0,2\n2,1,1\n").rounds() == 2);
    // One worker: a first row "0" is a time of 0 s.
    CHECK(read("0\n1\n2\n").times() == std::vector<double>{0, 1, 2});
    // One round: its first value 0 is a time.
    CHECK(read("0,5\n").rounds() == 1);
    // The first column must count 0, 1, 2, ... in every row.
    CHECK(read("0,5\n1,5\n3,5\n").rounds() == 3);
    CHECK(read("0,5\n1,5\n2,5\n", with(false, true)).times() == std::vector<double>{5, 5, 5});
    CHECK(failure("0,5\n1,5\n2,5\n").find("t.csv:1: the first column is 0, 1, ..., 2") == 0);
    // Comments and blank lines before the data do not count as rows.
    CHECK(failure("# c\n\n0,1,2\n1,1,1\n").find("t.csv:3: the first row is 0, 1, ..., 2") == 0);
}

TEST_CASE("trace format: --header skips names, and refuses a first row of times") {
    CHECK(read("w0,w1\n1,2\n", with(true, false)).times() == std::vector<double>{1, 2});
    CHECK(read("Unnamed: 0,a,b\n7,1,2\n", with(true, true)).times() == std::vector<double>{1, 2});
    CHECK(failure("1.02,0.98\n1,2\n", with(true, false)) ==
          "t.csv:1: the header option skips this line as the column names, but it holds times "
          "(\"1.02\", ...): does the file have a header row?");
    // A header row of names without the option: the message suggests it.
    CHECK(failure("time0,time1\n1,2\n") ==
          "t.csv:1: value 1 (worker 0): \"time0\" is not a number of seconds; if line 1 names the "
          "columns, skip it with the header option (--header on the command line, "
          "sgc::sim::trace_format::header in C++)");
    CHECK(failure("5\n", with(false, true)) ==
          "t.csv:1: the row holds only its index column (the index-column option drops the first "
          "value of every row)");
}

TEST_CASE("trace format: a byte-order mark and CRLF read exactly like the plain file") {
    CHECK(sim::load_trace(case_file("bom_trace.csv")).times() == plain_times);
    const auto commented = sim::load_trace(case_file("bom_comment_trace.csv"));
    CHECK(commented.times() == std::vector<double>(plain_times.begin(), plain_times.begin() + 6));
    CHECK(read("1.02,0.98,2.5\r\n1.01,1.00,0.99\r\n1.03,0.97,1.01\r\n").times() == plain_times);
    CHECK(read("\xEF\xBB\xBF" "1.02,0.98,2.5\r\n# c\r\n1.01,1.00,0.99\r\n1.03,0.97,1.01").times() ==
          plain_times);
    CHECK(read("1,2 # a comment after the values\n").times() == std::vector<double>{1, 2});
}

TEST_CASE("trace format: -1 is a worker that did not answer, other spellings by declaration") {
    const auto minus1 = sim::load_trace(case_file("not_received_minus1.csv"));
    CHECK(minus1.times() == std::vector<double>{1.02, 0.98, none, 1.01, 1.00, 0.99, 1.03, none, 1.01});
    CHECK_FALSE(minus1.answered(0, 2));
    CHECK(minus1.answered(0, 1));
    CHECK(minus1.unanswered() == 2);
    CHECK(minus1.longest() == 1.03);

    sim::trace_format empty;
    empty.missing = {""};
    const auto from_empty = sim::load_trace(case_file("never_empty.csv"), empty);
    CHECK(from_empty.times() == std::vector<double>{1.02, 0.98, none, 1.01, 1.00, 0.99, 1.03, 0.97, 1.01});
    sim::trace_format inf;
    inf.missing = {"inf", "NA"};
    CHECK(sim::load_trace(case_file("never_inf.csv"), inf).times() == from_empty.times());
    CHECK(read("NA,1\n", inf).unanswered() == 1);

    // Undeclared: refused, saying how to write it.
    CHECK(load_failure("never_empty.csv") == "never_empty.csv:1: value 3 (worker 2) is empty");
    CHECK(load_failure("never_inf.csv") ==
          "never_inf.csv:1: value 3 (worker 2): \"inf\" is not a number of seconds; a worker that "
          "did not answer is written -1, or declare \"inf\" a marker too (--missing inf on the "
          "command line, sgc::sim::trace_format::missing in C++)");
    for (const char* spelling : {"nan", "NaN", "NA", "null", "-", "?", "Infinity"})
        CHECK(failure(std::string("1,") + spelling + "\n").find("a worker that did not answer is written -1") !=
              std::string::npos);
    // The marker is exactly -1: other negative values are errors.
    CHECK(failure("1,-1.0\n") == "t.csv:1: value 2 (worker 1): -1.0 is negative: completion times are >= 0");
    CHECK(failure("1,-2\n").find("is negative") != std::string::npos);
}

TEST_CASE("trace format: write_trace writes -1 for no answer and reads back the same") {
    sim::delay_trace trace(3);
    sgc::worker_set silent(3);
    silent.insert(1);
    trace.push_round({0.5, 123.0, 2}, silent);
    trace.push_round({1, 1, 1});
    std::ostringstream out;
    sim::write_trace(out, trace);
    CHECK(out.str() == "0.5,-1,2\n1,1,1\n");
    CHECK(read(out.str()).times() == trace.times());
    CHECK(trace.unanswered() == 1);
    CHECK(trace.longest() == 2);
    // The plain forms still refuse a non-finite time: no_answer is only ever explicit.
    CHECK_THROWS_AS(trace.push_round({1, none, 1}), sgc::invalid_parameter);
    CHECK_THROWS_AS(sim::delay_trace(1, {none}), sgc::invalid_parameter);
    CHECK_THROWS_AS(trace.push_round({1, 1, 1}, sgc::worker_set(4)), sgc::invalid_parameter);
    // Silent workers' times are not checked (they are ignored).
    trace.push_round({std::numeric_limits<double>::quiet_NaN(), 1, 1}, sgc::worker_set::from_ids(3, {0}));
    CHECK_FALSE(trace.answered(2, 0));
}

TEST_CASE("trace format: sizes are bounded before anything is allocated") {
    // More values in a line than workers the library takes.
    std::string wide;
    for (std::size_t i = 0; i <= sgc::limits::max_n; ++i) wide += i == 0 ? "1" : ",1";
    CHECK(failure(wide + "\n") ==
          "t.csv:1: more than 65536 values: the limit of workers (sgc::limits::max_n)");
    // rounds x n beyond max_trace_entries (1 GiB of times): refused before allocating, by the
    // check the reader applies at every row and the synthetic traces before their generator.
    CHECK_NOTHROW(sgc::detail::check_trace_size("w", 65536, 2048));
    CHECK_THROWS_WITH_AS(sgc::detail::check_trace_size("w", 65536, 2049),
                         "w: rounds = 2049: rounds x n = 2049 x 65536 exceeds the limit of 134217728 "
                         "trace entries (sgc::limits::max_trace_entries)",
                         sgc::invalid_parameter);
    CHECK_THROWS_AS(sgc::detail::check_trace_size("w", 4, std::size_t(1) << 62), sgc::invalid_parameter);
    CHECK_THROWS_AS(sgc::detail::check_trace_size("w", std::size_t(1) << 62, 4), sgc::invalid_parameter);
    // The same bound for traces built in memory.
    CHECK_THROWS_WITH_AS(sim::delay_trace(sgc::limits::max_n + 1), doctest::Contains("sgc::limits::max_n"),
                         sgc::invalid_parameter);
}

TEST_CASE("trace format: a trace whose first row or column counts 0, 1, 2, ... is written so that it reads back") {
    sim::delay_trace counting(3);
    counting.push_round({0, 1, 2});
    counting.push_round({1, 5, 5});
    counting.push_round({2, 5, 5});
    std::ostringstream out;
    sim::write_trace(out, counting);
    CHECK(out.str() == "0.0,1.0,2.0\n1.0,5,5\n2.0,5,5\n");
    CHECK(read(out.str()).times() == counting.times());
    // Written as plain "0,1,2" it would be refused: the writer's escape is what makes it read.
    CHECK(failure("0,1,2\n1,5,5\n2,5,5\n").find("a header row") != std::string::npos);
}
