// worker_set::first_common: the lowest common id, or universe() (n, "no worker") when the sets
// are disjoint. Exhaustive over every pair of sets for n <= 8, and across words for n = 200.
#include <doctest/doctest.h>

#include <cstddef>

#include <sgc/core/worker_set.hpp>

using sgc::worker_set;

namespace {

worker_set from_mask(std::size_t n, unsigned mask) {
    worker_set s(n);
    for (std::size_t i = 0; i < n; ++i)
        if ((mask >> i) & 1u) s.insert(i);
    return s;
}

} // namespace

TEST_CASE("worker_set first_common: every pair of sets for n <= 8, disjoint ones give n") {
    for (std::size_t n = 0; n <= 8; ++n) {
        CAPTURE(n);
        std::size_t disjoint = 0;
        for (unsigned a = 0; a < (1u << n); ++a)
            for (unsigned b = 0; b < (1u << n); ++b) {
                const unsigned common = a & b;
                std::size_t expected = n; // none
                for (std::size_t i = 0; i < n; ++i)
                    if ((common >> i) & 1u) {
                        expected = i;
                        break;
                    }
                const auto first = from_mask(n, a).first_common(from_mask(n, b));
                if (first != expected) {
                    CAPTURE(a);
                    CAPTURE(b);
                    CHECK(first == expected);
                }
                disjoint += common == 0;
            }
        // 3^n of the 4^n pairs are disjoint: the case is covered, not an accident.
        std::size_t three_to_n = 1;
        for (std::size_t i = 0; i < n; ++i) three_to_n *= 3;
        CHECK(disjoint == three_to_n);
    }
}

TEST_CASE("worker_set first_common: across 64-bit words") {
    const auto a = worker_set::from_ids(200, {3, 70, 190, 199});
    const auto b = worker_set::from_ids(200, {4, 71, 199});
    CHECK(a.first_common(b) == 199); // only the last word has a common member
    CHECK(a.first_common(worker_set::from_ids(200, {70, 190})) == 70);
    CHECK(a.first_common(worker_set(200)) == 200); // disjoint: universe()
    CHECK(worker_set(200).first_common(worker_set(200)) == a.universe());
    CHECK(a.first_common(a.complement()) == 200);
    CHECK_THROWS_AS((void)a.first_common(worker_set(199)), sgc::invalid_parameter);
}
