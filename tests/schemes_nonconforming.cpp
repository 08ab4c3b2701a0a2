// Patterns that break the model: jobs may fail, but the master never calls a job decodable that
// is not, and never gives a wrong recipe.
#include <doctest/doctest.h>

#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

#include "scheme_support.hpp"

namespace {

template <class Scheme> void check_bernoulli_patterns(const Scheme& scheme, double p, std::size_t count) {
    constexpr std::size_t jobs = 6;
    std::size_t decodable = 0, failed = 0;
    for (std::size_t i = 0; i < count; ++i) {
        sgc::bernoulli_stragglers generator(scheme.n(), p, 1000 + i);
        const auto summary = sgc_test::run_and_verify(scheme, jobs, sgc::generate(generator, jobs + scheme.T()));
        CHECK(summary.bad_recipes == 0);
        CHECK(summary.late == 0);
        CHECK(summary.decodable + summary.failed == jobs);
        decodable += summary.decodable;
        failed += summary.failed;
    }
    MESSAGE("p = " << p << ": " << decodable << " decodable, " << failed << " failed");
    if (p >= 0.5) CHECK(failed > 0); // the patterns did break the schemes
}

} // namespace

TEST_CASE("non-conforming: heavy random straggling never yields a wrong recipe") {
    for (double p : {0.1, 0.3, 0.6}) {
        CAPTURE(p);
        for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc}) {
            check_bernoulli_patterns(sgc::any_scheme::m_sgc_type(8, 2, 3, 3, kind), p, 150);
            check_bernoulli_patterns(sgc::any_scheme::sr_sgc_type(8, 2, 5, 4, kind), p, 150);
            check_bernoulli_patterns(sgc::any_scheme::gc_type(8, 3, kind), p, 150);
        }
        check_bernoulli_patterns(sgc::m_sgc<>(64, 2, 3, 10), p, 50);
        check_bernoulli_patterns(sgc::sr_sgc<>(64, 1, 2, 12), p, 50);
    }
}
