// Invalid parameters and malformed responder sets: exceptions that name the parameter and value.
#include <doctest/doctest.h>

#include <limits>
#include <vector>

#include <sgc/codes/any_code.hpp>
#include <sgc/codes/plan_cache.hpp>

using sgc::invalid_parameter;

TEST_CASE("bad parameters: s >= n, n = 0, (s + 1) not dividing n") {
    CHECK_THROWS_WITH_AS(sgc::fractional_repetition<>(4, 4),
                         "sgc::fractional_repetition: s = 4: must satisfy s < n (n = 4)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::uneven_repetition<>(0, 0),
                         "sgc::uneven_repetition: n = 0: the number of workers must be >= 1",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::fractional_repetition<>(7, 2),
                         "sgc::fractional_repetition: s = 2: requires (s + 1) to divide n (n = 7)",
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::cyclic_repetition<>(3, 5),
                         doctest::Contains("s = 5: must satisfy s < n"), invalid_parameter);
    try {
        sgc::uneven_repetition<>(5, 9);
        FAIL("expected invalid_parameter");
    } catch (const invalid_parameter& e) {
        CHECK(e.parameter() == "s");
        CHECK(e.value() == "9");
    }
}

TEST_CASE("bad parameters: a cyclic code's H must be s x n with zero row sums") {
    CHECK_THROWS_WITH_AS(sgc::cyclic_repetition<>(3, 1, xt::xtensor<double, 2>{{1.0, 1.0}}),
                         doctest::Contains("H = 1x2: must be s x n = 1x3"), invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::cyclic_repetition<>(3, 1, xt::xtensor<double, 2>{{1.0, 1.0, 1.0}}),
                         doctest::Contains("every row of H must sum to zero"), invalid_parameter);
}

TEST_CASE("bad responder sets: unknown or duplicate workers, wrong universe") {
    const sgc::fractional_repetition<> code(6, 2);
    CHECK_THROWS_WITH_AS(code.plan({0, 1, 6}), doctest::Contains("worker = 6: unknown worker"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(code.plan({0, 1, 1, 3}), doctest::Contains("worker = 1: duplicate"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(code.plan(sgc::worker_set::all(7)),
                         doctest::Contains("responders.universe() = 7"), invalid_parameter);
    CHECK_THROWS_WITH_AS(code.task(6), doctest::Contains("worker = 6"), invalid_parameter);
}

TEST_CASE("fewer than n - s responders is a status, not an exception") {
    const sgc::cyclic_repetition<> crc(6, 2);
    CHECK(crc.plan({0, 1, 2}).status == sgc::decode_status::too_few_responders);
    CHECK(crc.plan(std::vector<std::size_t>{}).status == sgc::decode_status::too_few_responders);
    const sgc::fractional_repetition<> frc(6, 2);
    const auto plan = frc.plan({0, 1, 2}); // group {3, 4, 5} is silent
    CHECK(plan.status == sgc::decode_status::too_few_responders);
    CHECK(!plan);
    CHECK(plan.workers.empty());
}

TEST_CASE("a plan cache needs room for one plan") {
    CHECK_THROWS_WITH_AS(sgc::plan_cache<sgc::uneven_repetition<>>(sgc::uneven_repetition<>(4, 1), 0),
                         "sgc::plan_cache: capacity = 0: must be >= 1", invalid_parameter);
}

TEST_CASE("bad parameters: a NaN or infinity in a user matrix or a given H names the entry") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    xt::xtensor<double, 2> E = {{0.5, 1.0, 0.0}, {0.0, 1.0, -1.0}, {0.5, 0.0, 1.0}};
    E(1, 2) = nan;
    CHECK_THROWS_WITH_AS(sgc::matrix_code(E, 1),
                         "sgc::matrix_code: E[1, 2] = nan: every entry must be a finite number",
                         invalid_parameter);
    E(1, 2) = -1.0;
    E(2, 0) = -inf;
    CHECK_THROWS_WITH_AS(sgc::matrix_code(E, 1), doctest::Contains("E[2, 0] = -inf"),
                         invalid_parameter);
    E(2, 0) = 0.5;
    E(0, 0) = inf;
    try {
        sgc::matrix_code code(E, 1);
        FAIL("expected invalid_parameter");
    } catch (const invalid_parameter& e) {
        CHECK(e.parameter() == "E[0, 0]");
        CHECK(e.value() == "inf");
    }

    // inf passes a zero-sum test relative to the row's scale (|inf| <= 1e-12 * inf).
    xt::xtensor<double, 2> H = {{inf, 1.0, -1.0, 0.0}};
    CHECK_THROWS_WITH_AS(sgc::cyclic_repetition<>(4, 1, H),
                         "sgc::cyclic_repetition: H[0, 0] = inf: every entry must be a finite number",
                         invalid_parameter);
    H = {{1.0, -1.0, 0.5, -0.5}, {0.25, nan, -0.25, 0.0}};
    CHECK_THROWS_WITH_AS((sgc::cyclic_repetition<4, 2>(H)), doctest::Contains("H[1, 1] = nan"),
                         invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::any_code(sgc::cyclic_repetition<>(4, 2, H)),
                         doctest::Contains("H[1, 1] = nan"), invalid_parameter);
}
