// Synthetic traces: reproducible, stragglers where the generator puts them, times as specified.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>

#include <sgc/core/error.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/synthetic.hpp>

#include "sim_support.hpp"

namespace {

sgc::sim::trace_timing timing() {
    sgc::sim::trace_timing t;
    t.overhead = 0.5;
    t.seconds_per_load = 2.0;
    t.load = 0.25;    // base = 0.5 + 2 * 0.25 = 1 s
    t.jitter = 0.2;   // normal times in [1, 1.2]
    t.slowdown = 3.0; // stragglers in [3, 3.6]
    return t;
}

} // namespace

TEST_CASE("sim traces: the same seed gives the same trace") {
    const auto a = sgc::sim::gilbert_elliott_trace(16, 20, 0.1, 0.5, timing(), 7);
    const auto b = sgc::sim::gilbert_elliott_trace(16, 20, 0.1, 0.5, timing(), 7);
    const auto c = sgc::sim::gilbert_elliott_trace(16, 20, 0.1, 0.5, timing(), 8);
    CHECK(a.n() == 16);
    CHECK(a.rounds() == 20);
    CHECK(a.times() == b.times());
    CHECK(a.times() != c.times());
}

TEST_CASE("sim traces: stragglers are the generator's, times within their ranges") {
    const auto t = timing();
    for (bool bursty : {false, true}) {
        CAPTURE(bursty);
        constexpr std::uint64_t seed = 11;
        const auto trace = bursty ? sgc::sim::gilbert_elliott_trace(32, 50, 0.05, 0.3, t, seed)
                                  : sgc::sim::bernoulli_trace(32, 50, 0.1, t, seed);
        // The same generator, seeded alike, gives the pattern the trace was drawn with.
        sgc::straggler_pattern pattern;
        if (bursty) {
            sgc::gilbert_elliott_stragglers g(32, 0.05, 0.3, seed);
            pattern = sgc::generate(g, 50);
        } else {
            sgc::bernoulli_stragglers g(32, 0.1, seed);
            pattern = sgc::generate(g, 50);
        }
        std::size_t stragglers = 0;
        for (std::size_t r = 0; r < 50; ++r)
            for (std::size_t i = 0; i < 32; ++i) {
                const double x = trace(r, i);
                const double lo = pattern[r].contains(i) ? 3.0 : 1.0;
                CHECK(x >= lo);
                CHECK(x <= lo * 1.2);
                // Rounded to microseconds.
                CHECK(std::abs(x * 1e6 - std::round(x * 1e6)) < 1e-6);
                stragglers += pattern[r].contains(i) ? 1 : 0;
            }
        CHECK(stragglers > 0);
    }
}

TEST_CASE("sim traces: replayed with a code that tolerates anyone, the stragglers come back") {
    // Cut-off 2 d_min <= 2 * 1.2 = 2.4 < 3: exactly the generated stragglers are candidates,
    // and GC with s = n - 1 accepts any of them unless all n straggle.
    const auto trace = sgc::sim::bernoulli_trace(16, 40, 0.2, timing(), 3);
    sgc::bernoulli_stragglers g(16, 0.2, 3);
    const auto pattern = sgc::generate(g, 40);
    const auto result = sgc::sim::replay(sgc::gc<>(16, 15), trace, 40);
    CHECK(sgc_test::recorded_pattern(result) == pattern);
    CHECK(result.waits == 0);
}

TEST_CASE("sim traces: without jitter and slowdown every time is the base time") {
    auto t = timing();
    t.jitter = 0;
    t.slowdown = 1;
    t.overhead = 0.125;
    t.load = 1.0 / 16;
    t.seconds_per_load = 2.2; // base = 0.125 + 2.2 / 16 = 0.2625
    const auto trace = sgc::sim::bernoulli_trace(4, 3, 1.0, t, 1);
    for (double x : trace.times()) CHECK(x == 0.2625);
}

TEST_CASE("sim traces: any generator, e.g. adversarial patterns that saturate a bursty model") {
    sgc::adversarial_stragglers g(sgc::bursty_model(8, 2, 3, 2), 4);
    const auto trace = sgc::sim::synthesize_trace(g, 12, timing(), 99);
    sgc::adversarial_stragglers again(sgc::bursty_model(8, 2, 3, 2), 4);
    const auto pattern = sgc::generate(again, 12);
    for (std::size_t r = 0; r < 12; ++r)
        for (std::size_t i = 0; i < 8; ++i) CHECK((trace(r, i) >= 3.0) == pattern[r].contains(i));
}

TEST_CASE("sim traces: written as CSV and read back exactly") {
    const auto trace = sgc::sim::gilbert_elliott_trace(256, 5, 0.02, 0.5, timing(), 1);
    std::ostringstream out;
    sgc::sim::write_trace(out, trace);
    std::istringstream in(out.str());
    CHECK(sgc::sim::read_trace(in).times() == trace.times());
    // Microsecond times print in at most 8 characters ("3.141593").
    CHECK(out.str().size() <= 5 * 256 * 9);
}

TEST_CASE("sim traces: bad timings and generator parameters name the field") {
    const auto field_of = [](sgc::sim::trace_timing t) {
        try {
            (void)sgc::sim::bernoulli_trace(4, 2, 0.1, t, 1);
        } catch (const sgc::invalid_parameter& e) {
            return e.parameter() + " = " + e.value();
        }
        return std::string("no error");
    };
    auto t = timing();
    t.slowdown = 0.5;
    CHECK(field_of(t) == "slowdown = 0.5");
    t = timing();
    t.jitter = -1;
    CHECK(field_of(t) == "jitter = -1");
    t = timing();
    t.overhead = std::nan("");
    CHECK(field_of(t) == "overhead = nan");
    t = timing();
    t.decimals = 16;
    CHECK(field_of(t) == "decimals = 16");
    t = timing();
    t.overhead = 0;
    t.load = 0;
    CHECK(field_of(t) == "overhead = 0"); // a base time of 0
    CHECK_THROWS_AS(sgc::sim::bernoulli_trace(4, 2, 1.5, timing(), 1), sgc::invalid_parameter);
    CHECK_THROWS_AS(sgc::sim::gilbert_elliott_trace(0, 2, 0.1, 0.1, timing(), 1),
                    sgc::invalid_parameter);
}
