// The repetition codes' plan_key: the responders a plan reads. plan(key) must equal
// plan(responders) field for field (so plan_cache may key its plans by it), the key is the
// lowest responder of every group or empty, and a cache keyed by it hands out the plan the code
// computes for the responders themselves. The guard's figures that a repetition code computes
// once (under default options) equal those it computes afresh for each plan. Random responder sets of every density, n up to 600
// (inline and heap worker sets), both repetition codes, typed over static and dynamic forms.
#include <doctest/doctest.h>

#include <cstddef>
#include <random>

#include <sgc/codes/fractional_repetition.hpp>
#include <sgc/codes/plan_cache.hpp>
#include <sgc/codes/uneven_repetition.hpp>

using sgc::worker_set;

namespace {

void check_equal_plans(const sgc::decode_plan& a, const sgc::decode_plan& b) {
    CHECK(a.status == b.status);
    CHECK(a.workers == b.workers);
    CHECK(a.coefficients == b.coefficients);
    CHECK(a.residual == b.residual);
    CHECK(a.growth == b.growth);
    CHECK(a.error_estimate == b.error_estimate);
    CHECK(a.plain_sum_estimate == b.plain_sum_estimate);
}

worker_set random_responders(std::size_t n, std::mt19937_64& rng) {
    const double densities[] = {0.02, 0.3, 0.7, 0.9, 0.97, 1.0};
    std::bernoulli_distribution straggles(1.0 - densities[rng() % 6]);
    worker_set s = worker_set::all(n);
    for (std::size_t i = 0; i < n; ++i)
        if (straggles(rng)) s.erase(i);
    return s;
}

// The key, independently: the lowest responder of every group, or {} if a group has none.
template <class Code> worker_set expected_key(const Code& code, const worker_set& responders) {
    worker_set key(code.n());
    for (std::size_t g = 0; g < code.groups(); ++g) {
        bool found = false;
        for (std::size_t i = code.group_begin(g); i < code.group_end(g) && !found; ++i)
            if (responders.contains(i)) {
                key.insert(i);
                found = true;
            }
        if (!found) return worker_set(code.n());
    }
    return key;
}

template <class Code> void check_code(const Code& code, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    sgc::plan_cache<Code> cache(code, 4);
    worker_set key(3); // over another n at first: plan_key resizes it
    std::size_t ok = 0, too_few = 0;
    for (int trial = 0; trial < 300; ++trial) {
        CAPTURE(trial);
        const worker_set responders = random_responders(code.n(), rng);
        code.plan_key(responders, key);
        CHECK(key == expected_key(code, responders));
        CHECK((key - responders).empty());
        const auto direct = code.plan(responders);
        check_equal_plans(code.plan(key), direct);
        // The figures of a plan under the default options are computed once per code; the
        // guard computes them afresh under options that change only the tolerance.
        sgc::decode_options other;
        other.tolerance = 2e-4;
        auto fresh = code.plan(responders, other);
        fresh.status = direct.status;
        check_equal_plans(fresh, direct);
        CHECK(fresh.residual == direct.residual);
        check_equal_plans(*cache.get(responders), direct);
        CHECK(key.empty() == (direct.status == sgc::decode_status::too_few_responders));
        (direct.ok() ? ok : too_few) += 1;
    }
    CHECK(ok > 0); // both outcomes were tried
    CHECK(too_few > 0);
    CHECK(cache.hits() > 0);
    CHECK_THROWS_AS(code.plan_key(worker_set(code.n() + 1), key), sgc::invalid_parameter);
}

} // namespace

TEST_CASE("plan_key: uneven repetition, plans equal those of the responders") {
    check_code(sgc::uneven_repetition<12, 3>(), 1);
    check_code(sgc::uneven_repetition<>(256, 27), 2);
    check_code(sgc::uneven_repetition<>(257, 20), 3);
    check_code(sgc::uneven_repetition<>(600, 4), 4);
}

TEST_CASE("plan_key: fractional repetition, plans equal those of the responders") {
    check_code(sgc::fractional_repetition<12, 2>(), 5);
    check_code(sgc::fractional_repetition<>(256, 15), 6);
    check_code(sgc::fractional_repetition<>(258, 5), 7);
}

TEST_CASE("plan_key: responder sets that differ only where the plan does not read share a cache entry") {
    const sgc::uneven_repetition<> code(256, 27); // 9 groups
    sgc::plan_cache<sgc::uneven_repetition<>> cache(code, 8);
    worker_set a = worker_set::all(256);
    worker_set b = a;
    b.erase(5); // not the lowest of its group
    b.erase(255);
    CHECK(cache.get(a) == cache.get(b));
    CHECK(cache.misses() == 1);
    CHECK(cache.hits() == 1);
    b.erase(0); // the lowest of group 0: worker 1 is read instead
    const auto plan = cache.get(b);
    CHECK(cache.misses() == 2);
    CHECK(plan->workers.front() == 1);
}
