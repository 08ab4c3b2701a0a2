// sgc::sim::parse_load: loads as decimals or fractions, and what it refuses.
#include <doctest/doctest.h>

#include <string>

#include <sgc/sim/trace.hpp>

#include "error_support.hpp"

TEST_CASE("parse_load: decimals and fractions") {
    CHECK(sgc::sim::parse_load("0.0625") == 0.0625);
    CHECK(sgc::sim::parse_load("1/16") == 0.0625);
    CHECK(sgc::sim::parse_load("0") == 0.0);
    CHECK(sgc::sim::parse_load("2.5e-1") == 0.25);
    CHECK(sgc::sim::parse_load("3/4") == 0.75);
    CHECK(sgc::sim::parse_load("1.5/3") == 0.5);
}

TEST_CASE("parse_load bad input: the parameter, the text and the rule") {
    for (const char* bad : {"", "x", "1/", "/4", "1/0", "-0.5", "-1/4", "1/-4", "inf", "nan", "0x1p-4",
                            "1/2/3", " 1", "1e999", "0.5s"}) {
        CAPTURE(bad);
        const auto e = sgc_test::error_of([&] { (void)sgc::sim::parse_load(bad, "--trace-load"); });
        CHECK(e.parameter() == "--trace-load");
        CHECK(e.value() == bad);
        CHECK(e.rule() == "expected a load >= 0, as a decimal or a fraction like 1/16");
    }
}
