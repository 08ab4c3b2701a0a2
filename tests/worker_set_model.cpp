// worker_set against a reference std::set model: every operation on random sets of every
// density, at universes around the word boundaries and around the inline/heap boundary
// (n = 256 is the largest inline set, n = 257 the smallest on the heap); copies and moves
// across the boundary in both directions.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <sgc/core/worker_set.hpp>

using sgc::worker_set;

namespace {

using model = std::set<std::size_t>;

const std::size_t universes[] = {0, 1, 63, 64, 65, 128, 191, 255, 256, 257, 320, 1000};

// A random set over n and its model; `density` in [0, 1] is the chance of each member.
std::pair<worker_set, model> random_set(std::size_t n, double density, std::mt19937_64& rng) {
    std::bernoulli_distribution member(density);
    worker_set s(n);
    model m;
    for (std::size_t i = 0; i < n; ++i)
        if (member(rng)) {
            s.insert(i);
            m.insert(i);
        }
    return {s, m};
}

double random_density(std::mt19937_64& rng) {
    const double edges[] = {0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0};
    return edges[rng() % std::size(edges)];
}

// The set agrees with the model through every read-only operation.
void check_same(const worker_set& s, const model& m, std::size_t n) {
    REQUIRE(s.universe() == n);
    CHECK(s.count() == m.size());
    CHECK(s.empty() == m.empty());
    CHECK(s.full() == (m.size() == n));
    CHECK(s.ids() == std::vector<std::size_t>(m.begin(), m.end()));
    CHECK(std::vector<std::size_t>(s.begin(), s.end()) == std::vector<std::size_t>(m.begin(), m.end()));
    for (std::size_t i = 0; i < n + 3; ++i) {
        if (s.contains(i) != (m.count(i) == 1)) {
            CAPTURE(i);
            CHECK(s.contains(i) == (m.count(i) == 1));
        }
        const auto above = m.lower_bound(i);
        const std::size_t expected = above == m.end() ? n : *above;
        if (s.next(i) != expected) {
            CAPTURE(i);
            CHECK(s.next(i) == expected);
        }
    }
    CHECK(s.words().size() == (n + 63) / 64);
    for (std::size_t k = 0; k < s.words().size(); ++k)
        for (std::size_t b = 0; b < 64; ++b) {
            const std::size_t i = k * 64 + b;
            const bool bit = ((s.words()[k] >> b) & 1u) != 0;
            if (bit != (m.count(i) == 1)) { // also: no bit at or above n
                CAPTURE(i);
                CHECK(bit == (m.count(i) == 1));
            }
        }
}

model complement_of(const model& m, std::size_t n) {
    model out;
    for (std::size_t i = 0; i < n; ++i)
        if (m.count(i) == 0) out.insert(i);
    return out;
}

} // namespace

TEST_CASE("worker_set model: insert, erase, clear, all, flip against std::set") {
    std::mt19937_64 rng(2024);
    for (const std::size_t n : universes) {
        CAPTURE(n);
        worker_set s(n);
        model m;
        check_same(s, m, n);
        for (int step = 0; step < 600 && n > 0; ++step) {
            const std::size_t i = rng() % n;
            switch (rng() % 5) {
            case 0:
            case 1:
                s.insert(i);
                m.insert(i);
                break;
            case 2:
                s.erase(i);
                m.erase(i);
                break;
            case 3:
                if (step % 50 == 0) {
                    s.flip();
                    m = complement_of(m, n);
                }
                break;
            default:
                if (step % 200 == 0) {
                    s.clear();
                    m.clear();
                }
            }
            if (step % 37 == 0) check_same(s, m, n);
        }
        check_same(s, m, n);
        const auto all = worker_set::all(n);
        check_same(all, complement_of({}, n), n);
        check_same(all.complement(), {}, n);
        CHECK_THROWS_AS(s.insert(n), sgc::invalid_parameter);
        CHECK_THROWS_AS(s.erase(n), sgc::invalid_parameter);
    }
}

TEST_CASE("worker_set model: set algebra, counts and comparisons against std::set") {
    std::mt19937_64 rng(7);
    for (const std::size_t n : universes)
        for (int trial = 0; trial < 40; ++trial) {
            CAPTURE(n);
            CAPTURE(trial);
            const auto [a, ma] = random_set(n, random_density(rng), rng);
            const auto [b, mb] = random_set(n, random_density(rng), rng);
            model u, x, d;
            std::set_union(ma.begin(), ma.end(), mb.begin(), mb.end(), std::inserter(u, u.end()));
            std::set_intersection(ma.begin(), ma.end(), mb.begin(), mb.end(), std::inserter(x, x.end()));
            std::set_difference(ma.begin(), ma.end(), mb.begin(), mb.end(), std::inserter(d, d.end()));
            check_same(a | b, u, n);
            check_same(a & b, x, n);
            check_same(a - b, d, n);
            check_same(a.complement(), complement_of(ma, n), n);
            CHECK(a.union_count(b) == u.size());
            CHECK(a.intersects(b) == !x.empty());
            CHECK(a.first_common(b) == (x.empty() ? n : *x.begin()));
            CHECK((a == b) == (ma == mb));
            CHECK((a != b) == (ma != mb));
            const worker_set copy = a; // equal sets compare and hash equal
            CHECK(copy == a);
            CHECK(copy.hash() == a.hash());
            std::string expected = "{";
            for (std::size_t i : ma) expected += (expected.size() > 1 ? ", " : "") + std::to_string(i);
            CHECK(a.to_string() == expected + "}");
            std::vector<std::size_t> ids(ma.begin(), ma.end());
            CHECK(worker_set::from_ids(n, ids) == a);
        }
}

TEST_CASE("worker_set model: sets over different universes do not mix, at the inline/heap boundary") {
    for (const auto& [n1, n2] : {std::pair<std::size_t, std::size_t>{256, 257}, {257, 256}, {64, 65}, {300, 301}}) {
        CAPTURE(n1);
        worker_set a = worker_set::all(n1);
        const worker_set b = worker_set::all(n2);
        CHECK(a != b);
        CHECK_THROWS_AS(a |= b, sgc::invalid_parameter);
        CHECK_THROWS_AS(a &= b, sgc::invalid_parameter);
        CHECK_THROWS_AS(a -= b, sgc::invalid_parameter);
        CHECK_THROWS_AS((void)a.intersects(b), sgc::invalid_parameter);
        CHECK_THROWS_AS((void)a.union_count(b), sgc::invalid_parameter);
        CHECK_THROWS_AS((void)a.first_common(b), sgc::invalid_parameter);
    }
}

TEST_CASE("worker_set model: copies and moves between inline and heap sets") {
    std::mt19937_64 rng(99);
    for (const std::size_t from : {0, 5, 256, 257, 700})
        for (const std::size_t to : {0, 5, 256, 257, 700}) {
            CAPTURE(from);
            CAPTURE(to);
            const auto [src, msrc] = random_set(from, 0.5, rng);
            auto [dst, mdst] = random_set(to, 0.5, rng);
            dst = src; // copy-assign across the boundary
            check_same(dst, msrc, from);
            check_same(src, msrc, from);
            if (from > 0) { // the copy is independent of the source
                dst.flip();
                check_same(src, msrc, from);
            }
            auto moved_into = random_set(to, 0.5, rng).first;
            moved_into = std::move(dst); // move-assign across the boundary
            check_same(moved_into, from > 0 ? complement_of(msrc, from) : msrc, from);
            (void)mdst;
        }
}

TEST_CASE("worker_set model: a moved-from set is empty over 0 workers and can be reused") {
    std::mt19937_64 rng(5);
    for (const std::size_t n : {3, 256, 257, 1000}) {
        CAPTURE(n);
        auto [s, m] = random_set(n, 0.5, rng);
        worker_set moved(std::move(s));
        check_same(moved, m, n);
        check_same(s, {}, 0); // NOLINT(bugprone-use-after-move): the documented state
        worker_set target(17);
        target = std::move(moved);
        check_same(target, m, n);
        check_same(moved, {}, 0); // NOLINT(bugprone-use-after-move)
        moved = worker_set::all(n); // reusable
        CHECK(moved.full());
        CHECK(moved.count() == n);
    }
}
