// n = 256, s in {15, 27}: random responder sets and every contiguous straggler burst.
#include <doctest/doctest.h>

#include <cstddef>
#include <random>
#include <type_traits>
#include <vector>

#include <sgc/codes/any_code.hpp>
#include <sgc/gradient/decode.hpp>

#include "support.hpp"

namespace {

constexpr std::size_t n = 256;

// The responder sets: 1,000 random sets of n - s, then every cyclic burst of s stragglers.
std::vector<sgc::worker_set> responder_sets(std::size_t s, std::size_t random_sets) {
    std::mt19937_64 rng(s);
    std::vector<sgc::worker_set> sets;
    for (std::size_t r = 0; r < random_sets; ++r) sets.push_back(sgc_test::all_but_random(n, s, rng));
    for (std::size_t start = 0; start < n; ++start) sets.push_back(sgc_test::all_but_burst(n, start, s));
    return sets;
}

struct outcome {
    std::size_t decoded = 0, refused = 0;
};

// Cyclic-code plans at n = 256 have growth 1e4..1e6: float32 results cannot meet 1e-5 and the
// guard must refuse them; in double they meet 1e-7.
template <class T> constexpr double tolerance = std::is_same_v<T, float> ? 1e-5 : 1e-7;

template <class T>
outcome decode_sets(const sgc::any_code<>& code, const std::vector<sgc::worker_set>& sets) {
    const auto options = sgc::decode_options::for_type<T>(tolerance<T>);
    const auto g = sgc_test::random_partials<T>(code.k(), 8, code.s());
    const sgc_test::reference_sum<T> reference(g);
    const auto y = sgc_test::encode_all(code, g);
    outcome o;
    for (const auto& responders : sets) {
        const auto plan = code.plan(responders, options);
        std::vector<T> out(8);
        if (sgc::decode(out, plan, y) != sgc::decode_status::ok) {
            CHECK(plan.status == sgc::decode_status::unreliable);
            ++o.refused;
            continue;
        }
        ++o.decoded;
        const double error = reference.relative_error(out);
        CHECK(error <= tolerance<T>);
        CHECK(error <= plan.error_estimate);
    }
    return o;
}

} // namespace

TEST_CASE_TEMPLATE("n = 256: repetition codes decode every random set and every burst exactly", T,
                   float, double) {
    for (std::size_t s : {15u, 27u}) {
        CAPTURE(s);
        const auto sets = responder_sets(s, 1000);
        std::vector<sgc::any_code<>> codes;
            codes.emplace_back(sgc::uneven_repetition<>(n, s));
        if (n % (s + 1) == 0) codes.emplace_back(sgc::fractional_repetition<>(n, s));
        for (const auto& code : codes) {
            CAPTURE(sgc::to_string(code.kind()));
            const outcome o = decode_sets<T>(code, sets);
            CHECK(o.decoded == sets.size());
            CHECK(o.refused == 0);
        }
    }
}

TEST_CASE_TEMPLATE("n = 256: the cyclic code decodes within tolerance or reports that it cannot",
                   T, float, double) {
    for (std::size_t s : {15u, 27u}) {
        CAPTURE(s);
        const auto sets = responder_sets(s, 1000);
        const outcome o = decode_sets<T>(sgc::cyclic_repetition<>(n, s), sets);
        CHECK(o.decoded + o.refused == sets.size());
        if (std::is_same_v<T, double>) CHECK(o.decoded > 0);
        MESSAGE("cyclic n = 256, s = " << s << ", " << sizeof(T) * 8 << "-bit, tolerance "
                                       << tolerance<T> << ": " << o.decoded << " decoded, " << o.refused
                                       << " refused of " << sets.size());
    }
}
