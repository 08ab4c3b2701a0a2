// Invalid model and generator parameters, sets over the wrong workers, and malformed pattern
// files: errors that say what was wrong, with the value (and for files, where).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/models/pattern_io.hpp>
#include <sgc/models/s_per_round.hpp>

using sgc::invalid_parameter;
using sgc::parse_error;

namespace {

sgc::straggler_pattern parse(const std::string& text, std::size_t n) {
    std::istringstream in(text);
    return sgc::read_pattern(in, n, "trace.txt");
}

} // namespace

TEST_CASE("bad parameters: the s-per-round model needs n >= 1 and s <= n") {
    CHECK_THROWS_WITH_AS(sgc::s_per_round_model(0, 0),
                         "sgc::s_per_round_model: n = 0: the number of workers must be >= 1",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::s_per_round_model(4, 5),
                         "sgc::s_per_round_model: s = 5: must satisfy s <= n (n = 4)",
                         invalid_parameter);
}

TEST_CASE("bad parameters: the bursty model needs n >= 1, B >= 1, W >= B, 1 <= lambda <= n") {
    CHECK_THROWS_WITH_AS(sgc::bursty_model(0, 1, 2, 1),
                         "sgc::bursty_model: n = 0: the number of workers must be >= 1",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::bursty_model(4, 0, 2, 1),
                         "sgc::bursty_model: B = 0: the burst length must be >= 1",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::bursty_model(4, 3, 2, 1),
                         "sgc::bursty_model: W = 2: the window must be at least as long as a "
                         "burst: W >= B (B = 3)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::bursty_model(4, 1, 2, 0),
                         "sgc::bursty_model: lambda = 0: must satisfy 1 <= lambda <= n (n = 4)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::bursty_model(4, 1, 2, 5),
                         "sgc::bursty_model: lambda = 5: must satisfy 1 <= lambda <= n (n = 4)",
                         invalid_parameter);
    try {
        sgc::bursty_model(4, 2, 1, 2);
        FAIL("expected invalid_parameter");
    } catch (const invalid_parameter& e) {
        CHECK(e.parameter() == "W");
        CHECK(e.value() == "1");
    }
    // The edges are valid: B = W, lambda = n, W = 1.
    CHECK(sgc::bursty_model(4, 3, 3, 4).W() == 3);
    CHECK(sgc::bursty_model(1, 1, 1, 1).lambda() == 1);
}

TEST_CASE("bad parameters: generator probabilities outside [0, 1], n = 0") {
    CHECK_THROWS_WITH_AS(sgc::bernoulli_stragglers(4, 1.5, 0),
                         "sgc::bernoulli_stragglers: p = 1.5: the straggling probability must be "
                         "in [0, 1]",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::bernoulli_stragglers(4, -0.25, 0), doctest::Contains("p = -0.25"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::bernoulli_stragglers(4, std::nan(""), 0),
                         doctest::Contains("p = nan"), invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::bernoulli_stragglers(0, 0.5, 0),
                         "sgc::bernoulli_stragglers: n = 0: the number of workers must be >= 1",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::gilbert_elliott_stragglers(4, 2.0, 0.5, 0),
                         "sgc::gilbert_elliott_stragglers: p = 2: the good -> bad probability "
                         "must be in [0, 1]",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::gilbert_elliott_stragglers(4, 0.5, -1.0, 0),
                         "sgc::gilbert_elliott_stragglers: q = -1: the bad -> good probability "
                         "must be in [0, 1]",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(
        sgc::gilbert_elliott_stragglers(4, 0.5, std::numeric_limits<double>::infinity(), 0),
        doctest::Contains("q = inf"), invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::gilbert_elliott_stragglers(0, 0.5, 0.5, 0),
                         doctest::Contains("n = 0"), invalid_parameter);
}

TEST_CASE("bad sets: a set over another number of workers names the set and its round") {
    const sgc::bursty_model model(4, 1, 2, 2);
    auto monitor = model.make_monitor();
    const sgc::worker_set five(5);
    CHECK_THROWS_WITH_AS(monitor.check(five),
                         "sgc::bursty_model: S.universe() = 5: the set must be over n = 4 workers",
                         invalid_parameter);
    CHECK_THROWS_AS(monitor.record(five), invalid_parameter);
    CHECK_THROWS_AS(monitor.conforming_subset(five), invalid_parameter);
    CHECK(monitor.round() == 0);
    CHECK_THROWS_WITH_AS(model.check({sgc::worker_set(4), sgc::worker_set(4), five}),
                         "sgc::bursty_model: pattern[2].universe() = 5: the set must be over n = 4 "
                         "workers",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::s_per_round_model(4, 1).check({five}),
                         doctest::Contains("sgc::s_per_round_model: pattern[0].universe() = 5"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::make_pattern(4, {{0}, {4}}), doctest::Contains("worker = 4"),
                         invalid_parameter);
}

TEST_CASE("bad pattern files: a token that is not a number names the line and the token") {
    CHECK_THROWS_WITH_AS(parse("0 1\n2 x3\n", 4),
                         "trace.txt:2: \"x3\" is not a worker id: expected a 0-based decimal "
                         "integer",
                         parse_error);
    CHECK_THROWS_WITH_AS(parse("1.5\n", 4), doctest::Contains("trace.txt:1: \"1.5\""), parse_error);
    CHECK_THROWS_WITH_AS(parse("+1\n", 4), doctest::Contains("trace.txt:1: \"+1\""), parse_error);
    CHECK_THROWS_WITH_AS(parse("1;2\n", 4), doctest::Contains("trace.txt:1: \"1;2\""), parse_error);
    CHECK_THROWS_WITH_AS(parse("0x1\n", 4), doctest::Contains("\"0x1\" is not a worker id"),
                         parse_error);
    try {
        parse("\n\n\n1 2 three\n", 4);
        FAIL("expected parse_error");
    } catch (const parse_error& e) {
        CHECK(e.line() == 4);
    }
}

TEST_CASE("bad pattern files: a negative id") {
    CHECK_THROWS_WITH_AS(parse("0\n-1\n", 4),
                         "trace.txt:2: \"-1\" is not a worker id: ids are 0-based, never negative",
                         parse_error);
}

TEST_CASE("bad pattern files: an id >= n, however large") {
    CHECK_THROWS_WITH_AS(parse("0 3\n4\n", 4),
                         "trace.txt:2: worker id 4 is out of range: ids must be < n = 4",
                         parse_error);
    CHECK_THROWS_WITH_AS(parse("99999999999999999999999999\n", 4),
                         "trace.txt:1: worker id 99999999999999999999999999 is out of range: ids "
                         "must be < n = 4",
                         parse_error);
    // Line numbers count the comment lines that are not rounds.
    CHECK_THROWS_WITH_AS(parse("# header\n0\n# note\n256\n", 256),
                         doctest::Contains("trace.txt:4: worker id 256 is out of range"),
                         parse_error);
}

TEST_CASE("bad pattern files: an id listed twice in one round") {
    CHECK_THROWS_WITH_AS(parse("1\n2, 0, 2\n", 4),
                         "trace.txt:2: worker id 2 is listed twice in one round", parse_error);
    CHECK_THROWS_WITH_AS(parse("3 03\n", 4), doctest::Contains("worker id 3 is listed twice"),
                         parse_error);
    CHECK(parse("2\n2\n", 4).size() == 2); // the same id in two rounds is fine
}

TEST_CASE("bad pattern files: n = 0, and a file that cannot be opened or written") {
    CHECK_THROWS_WITH_AS(parse("0\n", 0), doctest::Contains("n = 0"), invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::load_pattern("/nonexistent/sgc/pattern.txt", 4),
                         "sgc::load_pattern: path = /nonexistent/sgc/pattern.txt: cannot open the "
                         "file for reading",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::save_pattern("/nonexistent/sgc/pattern.txt", {}),
                         "sgc::save_pattern: path = /nonexistent/sgc/pattern.txt: cannot open the "
                         "file for writing",
                         invalid_parameter);
}
