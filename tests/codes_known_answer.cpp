// Tandon et al.'s n = 3, s = 1 example (docs/design.md §2.5) and the repetition layouts.
#include <doctest/doctest.h>

#include <vector>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/fractional_repetition.hpp>
#include <sgc/codes/matrix_code.hpp>
#include <sgc/codes/uneven_repetition.hpp>
#include <sgc/gradient/decode.hpp>
#include <sgc/gradient/encode.hpp>

namespace {

const xt::xtensor<double, 2> tandon_E = {{0.5, 1.0, 0.0}, {0.0, 1.0, -1.0}, {0.5, 0.0, 1.0}};

void check_coefficients(const sgc::decode_plan& plan, std::vector<std::size_t> workers,
                        std::vector<double> coefficients) {
    REQUIRE(plan.ok());
    CHECK(plan.workers == workers);
    REQUIRE(plan.coefficients.size() == coefficients.size());
    for (std::size_t r = 0; r < coefficients.size(); ++r)
        CHECK(plan.coefficients[r] == doctest::Approx(coefficients[r]).epsilon(1e-12));
}

} // namespace

TEST_CASE("known answer: Tandon et al. n = 3, s = 1 decoding vectors") {
    const sgc::matrix_code code(tandon_E, 1);
    CHECK(code.n() == 3);
    CHECK(code.k() == 3);
    CHECK(code.load() == sgc::rational(2, 3));
    check_coefficients(code.plan({0, 1}), {0, 1}, {2.0, -1.0});
    check_coefficients(code.plan({0, 2}), {0, 2}, {1.0, 1.0});
    check_coefficients(code.plan({1, 2}), {1, 2}, {1.0, 2.0});
}

TEST_CASE("known answer: Tandon et al. n = 3, s = 1 decodes g0 + g1 + g2") {
    const sgc::matrix_code code(tandon_E, 1);
    const std::vector<std::vector<double>> g = {{1.0, -2.0}, {0.25, 4.0}, {3.0, 0.5}};
    std::vector<std::vector<double>> y(3, std::vector<double>(2));
    for (std::size_t i = 0; i < 3; ++i) sgc::encode(y[i], code, i, g);
    CHECK(y[0] == std::vector<double>{0.5 * 1.0 + 0.25, 0.5 * -2.0 + 4.0});
    for (auto responders : {std::vector<std::size_t>{0, 1}, {0, 2}, {1, 2}, {0, 1, 2}}) {
        std::vector<double> out(2);
        REQUIRE(sgc::decode(out, code.plan(responders), y) == sgc::decode_status::ok);
        CHECK(out[0] == doctest::Approx(4.25).epsilon(1e-14));
        CHECK(out[1] == doctest::Approx(2.5).epsilon(1e-14));
    }
}

TEST_CASE("known answer: the cyclic construction with H = (-2, 1, 1) is Tandon's matrix") {
    // Up to the scale of row 0, which no decode depends on.
    const sgc::cyclic_repetition<3, 1> code(xt::xtensor<double, 2>{{-2.0, 1.0, 1.0}});
    const auto& E = code.encoding_matrix();
    for (std::size_t j = 0; j < 3; ++j) {
        CHECK(E(0, j) == doctest::Approx(2.0 * tandon_E(0, j)));
        CHECK(E(1, j) == doctest::Approx(tandon_E(1, j)));
        CHECK(E(2, j) == doctest::Approx(tandon_E(2, j)));
    }
    check_coefficients(code.plan({1, 2}), {1, 2}, {1.0, 2.0});
    check_coefficients(code.plan({0, 1}), {0, 1}, {1.0, -1.0});
}

TEST_CASE("known answer: repetition layouts and loads") {
    const sgc::fractional_repetition<6, 2> frc;
    CHECK(frc.groups() == 2);
    CHECK(frc.k() == 6);
    CHECK(frc.load() == sgc::rational(1, 2));
    CHECK(frc.task(4).partitions == std::vector<std::size_t>{3, 4, 5});
    CHECK(frc.task(4).coefficients == std::vector<double>{1.0, 1.0, 1.0});
    check_coefficients(frc.plan({1, 2, 4, 5}), {1, 4}, {1.0, 1.0});

    // 7 workers, s = 2: q = 2 groups {0..3} and {4..6}, data in 2 halves, load 1/2.
    const sgc::uneven_repetition<7, 2> uneven;
    CHECK(uneven.groups() == 2);
    CHECK(uneven.k() == 2);
    CHECK(uneven.load() == sgc::rational(1, 2));
    CHECK(uneven.group_of(3) == 0);
    CHECK(uneven.group_of(4) == 1);
    CHECK(uneven.task(6).partitions == std::vector<std::size_t>{1});
    check_coefficients(uneven.plan({2, 3, 5, 6}), {2, 5}, {1.0, 1.0});

    // Loads: (s+1)/n when (s+1) | n, 1/floor(n/(s+1)) otherwise.
    CHECK(sgc::uneven_repetition<256, 27>().load() == sgc::rational(1, 9));
    CHECK(sgc::cyclic_repetition<256, 27>::load_for(256, 27) == sgc::rational(7, 64));
}
