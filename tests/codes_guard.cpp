// The numerical guard: measured against a plain sum of the partial gradients (plans that are that
// sum decode at every n), its error models bound what they claim to, and a NaN anywhere refuses.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/detail/guard.hpp>
#include <sgc/codes/fractional_repetition.hpp>
#include <sgc/codes/matrix_code.hpp>
#include <sgc/codes/uneven_repetition.hpp>
#include <sgc/gradient/decode.hpp>

#include "support.hpp"

namespace {

constexpr sgc::error_model all_models[] = {sgc::error_model::typical,
                                           sgc::error_model::any_gradient,
                                           sgc::error_model::worst_case};

sgc::decode_options with_model(sgc::error_model model) {
    sgc::decode_options options; // float32, tolerance 1e-4
    options.model = model;
    return options;
}

// The float sum g_0 + ... + g_{k-1}, left to right: what the uncoded scheme computes.
std::vector<float> plain_sum(const std::vector<std::vector<float>>& g) {
    std::vector<float> sum(g.front().size(), 0.0f);
    for (const auto& gj : g)
        for (std::size_t t = 0; t < sum.size(); ++t) sum[t] += gj[t];
    return sum;
}

// A plan over workers 0, 1, 2 with these coefficients, for apply_guard.
sgc::decode_plan three_workers(std::vector<double> coefficients) {
    sgc::decode_plan plan;
    plan.workers = std::vector<std::size_t>{0, 1, 2};
    plan.coefficients = std::move(coefficients);
    return plan;
}

} // namespace

TEST_CASE("guard: the uncoded code at n = 4096 with every responder decodes, as the plain sum") {
    // sgc plan --scheme none --n 4096: GC with s = 0, whose code is uneven repetition.
    const sgc::uneven_repetition<> none(4096, 0);
    const auto g = sgc_test::random_partials<float>(none.k(), 16, 4096);
    const auto y = sgc_test::encode_all(none, g);
    for (auto model : all_models) {
        CAPTURE(sgc::to_string(model));
        const auto plan = none.plan(sgc::worker_set::all(4096), with_model(model));
        REQUIRE(plan.ok());
        CHECK(plan.residual == 0.0);
        // Its plan is the plain sum itself: the two estimates are the same number.
        CHECK(plan.error_estimate == plan.plain_sum_estimate);
        std::vector<float> decoded(16);
        REQUIRE(sgc::decode(decoded, plan, y) == sgc::decode_status::ok);
        CHECK(decoded == plain_sum(g)); // bit for bit
    }
    // The worst-case bound of such a sum, (k - 1) u = 2.4e-4, is above the tolerance: only the
    // amplification by the coefficients is compared with it.
    CHECK(none.plan(sgc::worker_set::all(4096), with_model(sgc::error_model::worst_case))
              .plain_sum_estimate > 1e-4);
}

TEST_CASE("guard: GC with s = 1 at n = 4096 decodes with no stragglers and with one") {
    const sgc::uneven_repetition<> code(4096, 1);
    const auto g = sgc_test::random_partials<float>(code.k(), 8, 41);
    const auto y = sgc_test::encode_all(code, g);
    for (auto model : all_models) {
        CAPTURE(sgc::to_string(model));
        for (std::size_t straggler : {std::size_t(4096), std::size_t(0), std::size_t(2001)}) {
            auto responders = sgc::worker_set::all(4096);
            if (straggler < 4096) responders.erase(straggler);
            const auto plan = code.plan(responders, with_model(model));
            REQUIRE(plan.ok());
            std::vector<float> decoded(8);
            REQUIRE(sgc::decode(decoded, plan, y) == sgc::decode_status::ok);
            CHECK(decoded == plain_sum(g));
        }
    }
    // Fractional repetition at n = 4096, s = 1 adds the pairs inside the workers: still no
    // amplification.
    const sgc::fractional_repetition<> frc(4096, 1);
    for (auto model : all_models) CHECK(frc.plan(sgc::worker_set::all(4096), with_model(model)).ok());
}

TEST_CASE("guard: the worst-case and any-gradient models bound the error of any gradient") {
    // Every plan of the cyclic code for n <= 10, applied whatever its status to float32
    // gradients whose elements each live on one partition (the worst case for these models).
    // worst_case is a deterministic bound; any_gradient a bound with probability >= 98 % per
    // element (in practice its margin is large: these fixed inputs never come near it).
    std::size_t plans = 0;
    for (std::size_t n = 2; n <= 10; ++n)
        for (std::size_t s = 1; s < n; ++s) {
            const sgc::cyclic_repetition<> code(n, s);
            std::vector<std::vector<float>> g(n, std::vector<float>(n, 0.0f));
            for (std::size_t j = 0; j < n; ++j) g[j][j] = 0.5f + 0.03125f * static_cast<float>(j);
            const auto y = sgc_test::encode_all(code, g);
            sgc_test::for_each_subset(n, n - s, [&](const sgc::worker_set& responders) {
                for (auto model : {sgc::error_model::any_gradient, sgc::error_model::worst_case}) {
                    auto plan = code.plan(responders, with_model(model));
                    if (plan.status == sgc::decode_status::too_few_responders) continue;
                    plan.status = sgc::decode_status::ok;
                    std::vector<float> decoded(n);
                    (void)sgc::decode(decoded, plan, y);
                    for (std::size_t t = 0; t < n; ++t) {
                        const double exact = g[t][t];
                        const double error = std::abs(static_cast<double>(decoded[t]) - exact);
                        CHECK(error <= plan.error_estimate * exact);
                    }
                    ++plans;
                }
            });
        }
    CHECK(plans > 1000);
}

TEST_CASE("guard: known answer, the roundings of a two-row decode counted by hand") {
    // g^ = 3 y_0 + 1 y_1, y_0 = 3 g_0 + 5 g_1, y_1 = g_1. Weights w = a_r E_rj: (9, 15) and (0, 1).
    // Roundings: E's 3 and 5 converted and multiplied (2 each), y_0's one addition (weight
    // (9, 15)), a_0 = 3 converted and multiplied (2, weight (9, 15)); nothing for the exact
    // 1s; the decode's one addition (weight (9, 16)).
    //   worst_case:   max(9 * 5 + 9, 15 * 5 + 16) = 91
    //   any_gradient: max(81 * 5 + 81, 225 * 5 + 256) = 1381 under the root
    //   typical:      common 81*2 + 225*2 + 24^2 + 2 * 24^2 + 25^2 = 2965, second 486 + 1381
    const xt::xtensor<double, 2> E = {{3.0, 5.0}, {0.0, 1.0}};
    const double u = sgc::decode_options{}.unit_roundoff;
    const double expected[] = {3.0 * std::sqrt(2965.0 + 1.5707963267948966 * 1867.0) / 2.0,
                               3.0 * std::sqrt(1381.0), 91.0};
    const double plain[] = {3.0 * std::sqrt(4.0 + 1.5707963267948966 * 2.0) / 2.0, 3.0, 1.0};
    for (std::size_t m = 0; m < 3; ++m) {
        CAPTURE(sgc::to_string(all_models[m]));
        sgc::decode_plan plan;
        plan.workers = std::vector<std::size_t>{0, 1};
        plan.coefficients = std::vector<double>{3.0, 1.0};
        sgc::detail::apply_guard(plan, E, with_model(all_models[m]));
        CHECK(plan.residual == 15.0); // a^T E = (9, 16)
        CHECK(plan.growth == 16.0);
        CHECK(plan.error_estimate == doctest::Approx(15.0 + u * expected[m]).epsilon(1e-15));
        CHECK(plan.plain_sum_estimate == doctest::Approx(u * plain[m]).epsilon(1e-15));
        CHECK(plan.status == sgc::decode_status::unreliable);
    }
}

TEST_CASE("guard: the models order as their assumptions do, and all exceed the plain sum's") {
    const sgc::cyclic_repetition<> code(64, 7);
    std::mt19937_64 rng(7);
    for (int r = 0; r < 20; ++r) {
        const auto responders = sgc_test::all_but_random(64, 7, rng);
        const auto typical = code.plan(responders, with_model(sgc::error_model::typical));
        const auto any = code.plan(responders, with_model(sgc::error_model::any_gradient));
        const auto worst = code.plan(responders, with_model(sgc::error_model::worst_case));
        CHECK(typical.coefficients == worst.coefficients); // the model changes only the verdict
        CHECK(typical.error_estimate < any.error_estimate);
        // worst_case counts every rounding at u; any_gradient their root-sum-square, 3 times.
        CHECK(any.error_estimate < 3.0 * worst.error_estimate);
        for (const auto* plan : {&typical, &any, &worst})
            CHECK(plan->error_estimate > plan->plain_sum_estimate); // a coded decode amplifies
    }
}

TEST_CASE("guard: a NaN or infinite coefficient is never ok") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    // Worker 2 computes nothing (a zero row): its coefficient touches no entry of a^T E_F, so
    // only a check of the coefficients themselves sees it (decode would write 0 * NaN = NaN).
    const xt::xtensor<double, 2> E = {{1.0, 0.0}, {0.0, 1.0}, {0.0, 0.0}};
    for (auto model : all_models)
        for (double bad : {nan, inf, -inf})
            for (std::size_t r = 0; r < 3; ++r) {
                auto plan = three_workers({1.0, 1.0, 0.0});
                plan.coefficients[r] = bad;
                sgc::detail::apply_guard(plan, E, with_model(model));
                CAPTURE(r);
                CHECK(plan.status == sgc::decode_status::unreliable);
                std::vector<float> out(2, 7.0f);
                const std::vector<std::vector<float>> y(3, std::vector<float>(2, 1.0f));
                CHECK(sgc::decode(out, plan, y) == sgc::decode_status::unreliable);
                CHECK(out == std::vector<float>{7.0f, 7.0f}); // untouched
            }
    // The same plan with finite coefficients decodes.
    auto plan = three_workers({1.0, 1.0, 5.0});
    sgc::detail::apply_guard(plan, E, sgc::decode_options{});
    CHECK(plan.ok());
}

TEST_CASE("guard: names of the statuses and the models") {
    CHECK(std::string(sgc::to_string(sgc::decode_status::not_decodable)) == "not_decodable");
    CHECK(std::string(sgc::to_string(sgc::decode_status::unreliable)) == "unreliable");
    CHECK(std::string(sgc::to_string(sgc::error_model::typical)) == "typical");
    CHECK(std::string(sgc::to_string(sgc::error_model::any_gradient)) == "any_gradient");
    CHECK(std::string(sgc::to_string(sgc::error_model::worst_case)) == "worst_case");
    CHECK(sgc::decode_options{}.model == sgc::error_model::any_gradient);
}
