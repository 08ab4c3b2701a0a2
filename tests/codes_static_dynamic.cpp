// The compile-time and run-time forms of every code are one implementation.
#include <doctest/doctest.h>

#include <type_traits>

#include <sgc/detail/xtensor_blas.hpp>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/fractional_repetition.hpp>
#include <sgc/codes/uneven_repetition.hpp>

namespace {

template <class Static, class Dynamic> void check_same_code(const Static& a, const Dynamic& b) {
    REQUIRE(a.n() == b.n());
    REQUIRE(a.s() == b.s());
    CHECK(a.k() == b.k());
    CHECK(a.load() == b.load());
    CHECK(a.encoding_matrix() == b.encoding_matrix());
    for (std::size_t i = 0; i < a.n(); ++i) {
        CHECK(a.task(i).partitions == b.task(i).partitions);
        CHECK(a.task(i).coefficients == b.task(i).coefficients);
    }
    auto responders = sgc::worker_set::all(a.n());
    for (std::size_t i = 0; i < a.s(); ++i) responders.erase(2 * i % a.n());
    const auto pa = a.plan(responders);
    const auto pb = b.plan(responders);
    CHECK(pa.status == pb.status);
    CHECK(pa.workers == pb.workers);
    CHECK(pa.coefficients == pb.coefficients);
}

} // namespace

TEST_CASE_TEMPLATE("static and dynamic forms agree", Code, sgc::fractional_repetition<12, 3>,
                   sgc::uneven_repetition<11, 3>, sgc::cyclic_repetition<10, 4>) {
    static_assert(Code::is_static);
    constexpr std::size_t n = Code::n(); // usable in constant expressions
    constexpr std::size_t s = Code::s();
    constexpr sgc::rational load = Code::load_for(n, s);
    const Code fixed;
    CHECK(fixed.load() == load);
    // Built from the same parameters, and converted from the static code.
    const typename Code::dynamic_type built(n, s);
    const typename Code::dynamic_type converted = fixed;
    static_assert(!decltype(built)::is_static);
    check_same_code(fixed, built);
    check_same_code(fixed, converted);
}

TEST_CASE("class template argument deduction gives the run-time form") {
    sgc::fractional_repetition frc(8, 3);
    sgc::cyclic_repetition crc(8, 3, 42);
    static_assert(std::is_same_v<decltype(frc), sgc::fractional_repetition<>>);
    static_assert(std::is_same_v<decltype(crc), sgc::cyclic_repetition<>>);
    static_assert(!decltype(frc)::is_static);
    CHECK(frc.load() == sgc::rational(1, 2));
    CHECK(crc.seed() == 42);
}

TEST_CASE("the cyclic code is reproducible from its seed") {
    CHECK(sgc::cyclic_repetition<>(9, 3, 7).encoding_matrix() ==
          sgc::cyclic_repetition<>(9, 3, 7).encoding_matrix());
    CHECK(sgc::cyclic_repetition<>(9, 3, 7).encoding_matrix() !=
          sgc::cyclic_repetition<>(9, 3, 8).encoding_matrix());
}

TEST_CASE("the cyclic code's structure: cyclic supports, unit diagonal, rank n - s, 1 in span") {
    for (std::size_t n = 2; n <= 9; ++n)
        for (std::size_t s = 0; s < n; ++s) {
            const sgc::cyclic_repetition<> code(n, s, 3 * n + s);
            const auto& E = code.encoding_matrix();
            for (std::size_t i = 0; i < n; ++i) {
                CHECK(E(i, i) == 1.0);
                for (std::size_t j = 0; j < n; ++j) {
                    const bool held = (j + n - i) % n <= s;
                    CHECK((E(i, j) != 0.0) == held);
                }
            }
            CHECK(xt::linalg::matrix_rank(E) == static_cast<int>(n - s));
            CHECK(code.plan(sgc::worker_set::all(n)).residual < 1e-10);
        }
}
