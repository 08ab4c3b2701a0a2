#include <doctest/doctest.h>

#include <string>
#include <unordered_set>
#include <vector>

#include <sgc/core/worker_set.hpp>

using sgc::worker_set;

TEST_CASE("worker_set: insert, erase, count and ordered iteration across words") {
    worker_set s(200);
    for (std::size_t i : {199u, 0u, 64u, 63u, 130u}) s.insert(i);
    CHECK(s.count() == 5);
    CHECK(s.ids() == std::vector<std::size_t>{0, 63, 64, 130, 199});
    s.erase(64);
    CHECK(!s.contains(64));
    CHECK(s.contains(199));
    CHECK(!s.contains(500)); // outside the universe: simply not a member
    CHECK(s.to_string() == "{0, 63, 130, 199}");
    CHECK(worker_set(70).empty());
    CHECK(worker_set::all(70).count() == 70);
    CHECK(worker_set::all(70).complement().empty());
}

TEST_CASE("worker_set: set algebra") {
    const auto a = worker_set::from_ids(10, {1, 2, 3});
    const auto b = worker_set::from_ids(10, {3, 4});
    CHECK((a | b).ids() == std::vector<std::size_t>{1, 2, 3, 4});
    CHECK((a & b).ids() == std::vector<std::size_t>{3});
    CHECK((a - b).ids() == std::vector<std::size_t>{1, 2});
    CHECK(a.intersects(b));
    CHECK(!a.intersects(worker_set::from_ids(10, {0, 9})));
    CHECK(a.complement().count() == 7);
    CHECK(a.union_count(b) == 4);
    CHECK(a.first_common(b) == 3);
    CHECK(worker_set::from_ids(130, {129, 70}).first_common(worker_set::from_ids(130, {129})) == 129);
}

TEST_CASE("worker_set: equal sets hash equal, different sets differ") {
    const auto a = worker_set::from_ids(256, {5, 100, 255});
    const auto b = worker_set::from_ids(256, {255, 5, 100});
    CHECK(a == b);
    CHECK(a.hash() == b.hash());
    std::unordered_set<std::size_t> hashes;
    for (std::size_t i = 0; i < 256; ++i) hashes.insert(worker_set::from_ids(256, {i}).hash());
    CHECK(hashes.size() == 256);
    CHECK(worker_set(4) != worker_set(5)); // different universes
}

TEST_CASE("worker_set: unknown and duplicate ids are errors naming the id") {
    CHECK_THROWS_WITH_AS(worker_set::from_ids(4, {0, 4}),
                         doctest::Contains("worker = 4: unknown worker"), sgc::invalid_parameter);
    CHECK_THROWS_WITH_AS(worker_set::from_ids(4, {2, 1, 2}),
                         doctest::Contains("worker = 2: duplicate"), sgc::invalid_parameter);
    worker_set s(3);
    CHECK_THROWS_AS(s.insert(3), sgc::invalid_parameter);
    CHECK_THROWS_AS(s |= worker_set(4), sgc::invalid_parameter);
}
