// The tuner's search space: its size and its largest delay are known before it is built, so
// that a search too large for memory or a trace too short for it is refused first.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include <sgc/core/error.hpp>
#include <sgc/core/limits.hpp>
#include <sgc/sim/tuner.hpp>

#include "error_support.hpp"
#include "sim_support.hpp"

namespace {

namespace sim = sgc::sim;
using sim::scheme_kind;
using sim::scheme_spec;

constexpr scheme_kind kinds[] = {scheme_kind::none, scheme_kind::gc, scheme_kind::sr_sgc, scheme_kind::m_sgc};
constexpr sgc::code_kind codes[] = {sgc::code_kind::uneven, sgc::code_kind::frc, sgc::code_kind::crc};

// The space as the tuner enumerated it before sizes were bounded: small parameters, where no
// limit applies, must give exactly this.
std::vector<scheme_spec> reference_space(scheme_kind kind, std::size_t n, std::size_t max_delay,
                                         std::size_t max_window, sgc::code_kind code) {
    const auto allows = [&](std::size_t s) { return code != sgc::code_kind::frc || n % (s + 1) == 0; };
    std::vector<scheme_spec> space;
    switch (kind) {
    case scheme_kind::none: space.push_back({kind, n}); break;
    case scheme_kind::gc:
        for (std::size_t s = 0; s < n; ++s)
            if (allows(s)) space.push_back({kind, n, s});
        break;
    case scheme_kind::sr_sgc:
        for (std::size_t B = 1; B <= max_delay; ++B)
            for (std::size_t W = B + 1; W <= max_window; W += B)
                for (std::size_t lambda = 1; lambda <= n; ++lambda) {
                    const std::size_t s = (B * lambda + W - 1 + B - 1) / (W - 1 + B);
                    if (s < n && allows(s)) space.push_back({kind, n, s, B, W, lambda});
                }
        break;
    case scheme_kind::m_sgc:
        for (std::size_t B = 1; 2 * B - 1 <= max_delay; ++B)
            for (std::size_t W = B + 1; W - 2 + B <= max_delay; ++W)
                for (std::size_t lambda = 1; lambda <= n; ++lambda)
                    if (lambda == n || allows(lambda)) space.push_back({kind, n, 0, B, W, lambda});
        break;
    }
    return space;
}

} // namespace

TEST_CASE("tuner space: size and delay, counted without building, agree with the space (exhaustive, small)") {
    for (auto kind : kinds)
        for (auto code : codes)
            for (std::size_t n = 1; n <= 12; ++n)
                for (std::size_t max_delay = 0; max_delay <= 6; ++max_delay)
                    for (std::size_t max_window = 0; max_window <= 14; ++max_window) {
                        CAPTURE(n);
                        CAPTURE(max_delay);
                        CAPTURE(max_window);
                        const auto space = sim::search_space(kind, n, max_delay, max_window, code);
                        REQUIRE(space == reference_space(kind, n, max_delay, max_window, code));
                        const std::size_t size = sim::search_space_size(kind, n, max_delay, max_window);
                        CHECK(size >= space.size());
                        if (code != sgc::code_kind::frc && kind != scheme_kind::sr_sgc)
                            CHECK(size == space.size());
                        std::size_t longest = 0;
                        for (const auto& spec : space) longest = std::max(longest, spec.T());
                        CHECK(sim::search_space_delay(kind, n, max_delay, max_window, code) == longest);
                    }
}

TEST_CASE("tuner space: the schemes' limits hold for every tuple at large parameters") {
    // M-SGC's largest W for a burst B keeps the bookkeeping n (W - 1) (W - 1 + B) within
    // limits::max_bookkeeping, and one more would not (or would pass limits::max_window).
    const std::size_t huge = std::numeric_limits<std::size_t>::max();
    for (std::size_t n : {1u, 4u, 256u, 4096u, 65536u})
        for (std::size_t B : {1u, 2u, 100u, 5000u, 65535u}) {
            CAPTURE(n);
            CAPTURE(B);
            const std::size_t W = sgc::detail::m_sgc_max_W(n, B, huge);
            if (W == B) { // none: even W = B + 1 is too much
                CHECK(sgc::detail::m_sgc_bookkeeping(n, B, B + 1) > sgc::limits::max_bookkeeping);
                continue;
            }
            CHECK(sgc::detail::m_sgc_bookkeeping(n, B, W) <= sgc::limits::max_bookkeeping);
            CHECK((W == sgc::limits::max_window ||
                   sgc::detail::m_sgc_bookkeeping(n, B, W + 1) > sgc::limits::max_bookkeeping));
            CHECK_NOTHROW(sgc::m_sgc<>(n, B, W, n)); // the scheme takes it
        }
    CHECK(sgc::detail::m_sgc_max_W(4096, 1, huge) == 256);
    // SR-SGC's W stays within limits::max_window whatever max_window asks for.
    CHECK(sim::search_space_delay(scheme_kind::sr_sgc, 2, 1, std::numeric_limits<std::size_t>::max()) == 1);
    CHECK(sim::search_space_size(scheme_kind::sr_sgc, 2, 1, std::numeric_limits<std::size_t>::max()) ==
          2 * (sgc::limits::max_window - 1));
    // SR-SGC with frc over a prime n >= 5 has no tuple at all: its delay is 0, not max_delay.
    CHECK(sim::search_space_delay(scheme_kind::sr_sgc, 7, 4, 9, sgc::code_kind::frc) == 0);
    CHECK(sim::search_space(scheme_kind::sr_sgc, 7, 4, 9, sgc::code_kind::frc).empty());
}

TEST_CASE("tuner space: a space beyond limits::max_search_space is refused before it is built") {
    const auto e = sgc_test::error_of([] { (void)sim::search_space(scheme_kind::m_sgc, 256, 2000, 0); });
    CHECK(e.parameter() == "max_delay");
    CHECK(e.value() == "2000");
    CHECK(e.rule().find("more than the limit of 4194304 (sgc::limits::max_search_space)") != std::string::npos);
    // Sizes saturate instead of wrapping.
    CHECK(sim::search_space_size(scheme_kind::m_sgc, 65536, std::numeric_limits<std::size_t>::max(), 0) > sgc::limits::max_search_space);
}

TEST_CASE("tuner: the trace length is checked first, then the space's size, and nothing is built before") {
    const auto trace = sgc_test::make_trace({{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1},
                                             {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}});
    sim::tune_options o;
    o.jobs = 4;
    o.max_delay = 1000000; // the example: a 1.5 GB space built before this check
    const auto e = sgc_test::error_of([&] { (void)sim::tune(trace, o); });
    CHECK(e.parameter() == "jobs");
    // T is bounded by the schemes' limits: SR-SGC's T = B < limits::max_window.
    CHECK(e.rule() == "jobs + T = 65539 rounds are needed for T up to 65535, the trace has 8");
    // That space is beyond the limit, so it was not built (search_space refuses to build it).
    CHECK(sim::search_space_size(scheme_kind::m_sgc, 4, o.max_delay, 2 * o.max_delay + 1) >
          sgc::limits::max_search_space);
    // A long enough trace, but a space too large: refused naming max_delay.
    sgc::sim::delay_trace long_trace(4);
    for (int r = 0; r < 2200; ++r) long_trace.push_round({1, 1, 1, 1});
    o.jobs = 1;
    o.max_delay = 2100; // M-SGC: about 2100^2 / 4 (B, W) pairs, times 4 lambdas
    o.schemes = {scheme_kind::m_sgc};
    const auto big = sgc_test::error_of([&] { (void)sim::tune(long_trace, o); });
    CHECK(big.parameter() == "max_delay");
    CHECK(big.rule().find("the search spaces hold up to") == 0);
    CHECK(big.rule().find("more than the limit of 4194304 (sgc::limits::max_search_space)") != std::string::npos);
}
