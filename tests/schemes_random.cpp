// Randomised, n up to 256: 1,000 conforming patterns per parameter set (adversarial ones that
// saturate the model, and random ones cut down to conform); every job decodes by its deadline.
#include <doctest/doctest.h>

#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

#include "scheme_support.hpp"

namespace {

const std::vector<sgc_test::bursty_params> parameter_sets = {
    {256, 1, 2, 27}, {256, 2, 3, 23}, {256, 4, 9, 22}, {256, 1, 2, 256}, {200, 5, 6, 30},
    {128, 3, 4, 40}, {100, 1, 3, 100}, {64, 2, 5, 10}, {50, 3, 7, 12},   {32, 2, 3, 31},
    {17, 1, 2, 5},
};

constexpr std::size_t patterns_per_set = 1000;
constexpr std::size_t jobs = 6;

// Pattern i: adversarial for even i; otherwise Gilbert-Elliott stragglers, each round cut down
// to its largest conforming subset.
sgc::straggler_pattern conforming_pattern(const sgc::bursty_model& model, std::size_t rounds,
                                          std::size_t i) {
    if (i % 2 == 0) {
        sgc::adversarial_stragglers generator(model, i);
        return sgc::generate(generator, rounds);
    }
    sgc::gilbert_elliott_stragglers generator(model.n(), 0.05, 0.4, i);
    auto monitor = model.make_monitor();
    sgc::straggler_pattern pattern;
    for (std::size_t r = 0; r < rounds; ++r) {
        pattern.push_back(monitor.conforming_subset(generator.next()));
        monitor.record(pattern.back());
    }
    return pattern;
}

template <class Scheme> void check_random_patterns(const Scheme& scheme, const sgc::bursty_model& model) {
    std::size_t decoded = 0, bad = 0;
    for (std::size_t i = 0; i < patterns_per_set; ++i) {
        const auto pattern = conforming_pattern(model, jobs + scheme.T(), i);
        REQUIRE(!model.check(pattern));
        const auto summary = sgc_test::run_and_verify(scheme, jobs, pattern);
        decoded += summary.decodable;
        bad += summary.bad_recipes + summary.late;
    }
    CHECK(decoded == jobs * patterns_per_set);
    CHECK(bad == 0);
}

} // namespace

TEST_CASE("random: M-SGC decodes every job of 1,000 conforming patterns per parameter set") {
    for (const auto& p : parameter_sets) {
        CAPTURE(p);
        check_random_patterns(sgc::m_sgc<>(p.n, p.B, p.W, p.lambda), sgc::bursty_model(p.n, p.B, p.W, p.lambda));
    }
}

TEST_CASE("random: SR-SGC decodes every job of 1,000 conforming patterns per parameter set") {
    for (const auto& p : parameter_sets) {
        if (!p.sr_sgc_allows()) continue;
        CAPTURE(p);
        check_random_patterns(sgc::sr_sgc<>(p.n, p.B, p.W, p.lambda), sgc::bursty_model(p.n, p.B, p.W, p.lambda));
    }
}

TEST_CASE("random: cyclic inner codes at moderate n") {
    for (const auto& p : std::vector<sgc_test::bursty_params>{{17, 1, 2, 5}, {24, 2, 3, 6}, {32, 2, 5, 8}}) {
        const sgc::bursty_model model(p.n, p.B, p.W, p.lambda);
        check_random_patterns(sgc::any_scheme::m_sgc_type(p.n, p.B, p.W, p.lambda, sgc::code_kind::crc), model);
        if (p.sr_sgc_allows())
            check_random_patterns(sgc::any_scheme::sr_sgc_type(p.n, p.B, p.W, p.lambda, sgc::code_kind::crc), model);
    }
}
