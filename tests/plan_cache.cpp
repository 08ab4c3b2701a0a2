#include <doctest/doctest.h>

#include <random>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/plan_cache.hpp>

#include "support.hpp"

TEST_CASE("plan cache: a hit returns the stored plan; a miss computes the code's plan") {
    const sgc::cyclic_repetition<> code(12, 3);
    sgc::plan_cache<sgc::cyclic_repetition<>> cache(code, 8);
    const auto F = sgc::worker_set::from_ids(12, {0, 1, 2, 4, 5, 6, 8, 9, 10});
    const auto first = cache.get(F);
    const auto second = cache.get(F);
    CHECK(first == second);
    CHECK(cache.hits() == 1);
    CHECK(cache.misses() == 1);
    const auto direct = code.plan(F);
    CHECK(first->workers == direct.workers);
    CHECK(first->coefficients == direct.coefficients);
    CHECK(first->status == direct.status);
}

TEST_CASE("plan cache: bounded, least recently used evicted first, plans outlive eviction") {
    const sgc::cyclic_repetition<> code(10, 2);
    sgc::plan_cache<sgc::cyclic_repetition<>> cache(code, 3);
    const auto a = sgc_test::all_but_burst(10, 0, 2);
    const auto b = sgc_test::all_but_burst(10, 3, 2);
    const auto c = sgc_test::all_but_burst(10, 6, 2);
    const auto d = sgc_test::all_but_burst(10, 8, 2);
    const auto plan_a = cache.get(a);
    (void)cache.get(b);
    (void)cache.get(c);
    (void)cache.get(a); // a is now the most recent; b the least
    (void)cache.get(d); // evicts b
    CHECK(cache.size() == 3);
    CHECK(cache.evictions() == 1);
    const auto misses = cache.misses();
    (void)cache.get(a);
    (void)cache.get(c);
    (void)cache.get(d);
    CHECK(cache.misses() == misses);
    (void)cache.get(b);
    CHECK(cache.misses() == misses + 1);
    CHECK(plan_a->ok()); // still valid after a was evicted again
    cache.clear();
    CHECK(cache.size() == 0);
}

TEST_CASE("plan cache: statuses are cached like plans") {
    sgc::plan_cache<sgc::cyclic_repetition<>> cache(sgc::cyclic_repetition<>(6, 2));
    const auto few = sgc::worker_set::from_ids(6, {0, 1});
    CHECK(cache.get(few)->status == sgc::decode_status::too_few_responders);
    CHECK(cache.get(few)->status == sgc::decode_status::too_few_responders);
    CHECK(cache.hits() == 1);
}
