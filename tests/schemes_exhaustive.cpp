// Exhaustively, for n = 3 and 4: every straggler pattern over 4 jobs that conforms to the model
// lets every job decode by its deadline, with a recipe that covers the job's data exactly once.
#include <doctest/doctest.h>

#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/models/bursty.hpp>
#include <sgc/models/enumerate.hpp>
#include <sgc/models/s_per_round.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

#include "scheme_support.hpp"

namespace {

constexpr std::size_t jobs = 4;

// lambda = n and B = W - 1 are among them.
const std::vector<sgc_test::bursty_params> parameter_sets = {
    {3, 1, 2, 1}, {3, 1, 2, 3}, {3, 2, 3, 2}, {3, 1, 3, 3}, {3, 2, 3, 3},
    {4, 1, 2, 2}, {4, 2, 3, 2}, {4, 1, 2, 4}, {4, 1, 3, 4},
};

// Every conforming pattern of jobs + T rounds; returns how many there were.
template <class Scheme> std::size_t check_every_pattern(const Scheme& scheme, const sgc::bursty_model& model) {
    std::size_t patterns = 0;
    sgc::for_each_conforming_pattern(model, jobs + scheme.T(), [&](const sgc::straggler_pattern& p) {
        ++patterns;
        const auto summary = sgc_test::run_and_verify(scheme, jobs, p);
        if (summary.decodable != jobs || summary.bad_recipes != 0 || summary.late != 0) {
            CHECK(summary.decodable == jobs);
            CHECK(summary.bad_recipes == 0);
            CHECK(summary.late == 0);
        }
    });
    return patterns;
}

} // namespace

TEST_CASE("exhaustive: M-SGC decodes every job of every conforming pattern") {
    for (const auto& p : parameter_sets) {
        CAPTURE(p);
        const sgc::bursty_model model(p.n, p.B, p.W, p.lambda);
        for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc}) {
            const std::size_t patterns = check_every_pattern(sgc::any_scheme::m_sgc_type(p.n, p.B, p.W, p.lambda, kind), model);
            CHECK(patterns > 1);
        }
    }
}

TEST_CASE("exhaustive: SR-SGC decodes every job of every conforming pattern") {
    for (const auto& p : parameter_sets) {
        if (!p.sr_sgc_allows()) continue;
        CAPTURE(p);
        const sgc::bursty_model model(p.n, p.B, p.W, p.lambda);
        for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc})
            CHECK(check_every_pattern(sgc::any_scheme::sr_sgc_type(p.n, p.B, p.W, p.lambda, kind), model) > 1);
    }
}

TEST_CASE("exhaustive: GC decodes every job of every pattern with at most s stragglers per round") {
    for (std::size_t n : {3u, 4u})
        for (std::size_t s = 1; s < n; ++s)
            for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc}) {
                const sgc::any_scheme::gc_type scheme(n, s, kind);
                std::size_t patterns = 0;
                sgc::for_each_conforming_pattern(sgc::s_per_round_model(n, s), jobs, [&](const sgc::straggler_pattern& p) {
                    ++patterns;
                    const auto summary = sgc_test::run_and_verify(scheme, jobs, p);
                    CHECK(summary.decodable == jobs);
                    CHECK(summary.bad_recipes == 0);
                });
                CHECK(patterns > 1);
            }
}
