#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>

#include <sgc/core/rational.hpp>

using sgc::rational;

TEST_CASE("rational: normalized on construction, so == is exact") {
    CHECK(rational(14, 1856) == rational(7, 928));
    CHECK(rational(-3, -6) == rational(1, 2));
    CHECK(rational(3, -6) == rational(-1, 2));
    CHECK(rational(0, 5) == rational(0, 1));
    CHECK(rational(7, 928).num() == 7);
    CHECK(rational(7, 928).den() == 928);
    CHECK(rational(2, 4) != rational(2, 3));
}

TEST_CASE("rational: arithmetic and order") {
    CHECK(rational(1, 2) + rational(1, 3) == rational(5, 6));
    CHECK(rational(1, 2) - rational(1, 3) == rational(1, 6));
    CHECK(rational(3, 4) * rational(2, 9) == rational(1, 6));
    CHECK(rational(3, 4) / rational(3, 8) == rational(2));
    CHECK(rational(1, 3) < rational(1, 2));
    CHECK(rational(-1, 2) < rational(1, 3));
    CHECK(rational(2, 4) <= rational(1, 2));
    CHECK(rational(7, 928).value() == doctest::Approx(7.0 / 928.0));
}

TEST_CASE("rational: compile-time evaluation") {
    constexpr rational load = rational(28, 256) * rational(1, 1);
    static_assert(load == rational(7, 64));
    static_assert(rational(1, 3) < rational(1, 2));
    CHECK(load.den() == 64);
}

TEST_CASE("rational: printed as num/den") {
    CHECK(sgc::to_string(rational(7, 928)) == "7/928");
    CHECK(sgc::to_string(rational(4, 2)) == "2/1");
    std::ostringstream os;
    os << rational(-3, 9);
    CHECK(os.str() == "-1/3");
}

TEST_CASE("rational: a zero denominator or division by zero is an error") {
    CHECK_THROWS_AS(rational(1, 0), std::domain_error);
    CHECK_THROWS_AS(rational(1, 2) / rational(0), std::domain_error);
}
