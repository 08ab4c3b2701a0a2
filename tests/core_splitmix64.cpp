// The one splitmix64 (core/detail/splitmix64.hpp): known answers of the reference generator
// (state += gamma, output = mix(state)), and the two users that derive from it.
#include <doctest/doctest.h>

#include <cstdint>

#include <sgc/core/detail/splitmix64.hpp>
#include <sgc/core/worker_set.hpp>

TEST_CASE("splitmix64: the reference generator's outputs") {
    static_assert(sgc::detail::splitmix64(0) == 0xe220a8397b1dcdafull);
    // Seeded with 1234567, the generator's first three outputs.
    std::uint64_t state = 1234567;
    const std::uint64_t expected[] = {6457827717110365317ull, 3203168211198807973ull,
                                      9817491932198370423ull};
    for (std::uint64_t e : expected) {
        CHECK(sgc::detail::splitmix64(state) == e);
        state += sgc::detail::splitmix64_gamma;
    }
}

TEST_CASE("splitmix64: worker_set::hash mixes every word through it") {
    const auto s = sgc::worker_set::from_ids(130, {0, 64, 129});
    std::uint64_t h = sgc::detail::splitmix64_gamma ^ 130;
    for (auto w : s.words()) h = sgc::detail::splitmix64(h + w);
    CHECK(s.hash() == static_cast<std::size_t>(h));
    CHECK(s.hash() != sgc::worker_set::from_ids(130, {0, 64}).hash());
}
