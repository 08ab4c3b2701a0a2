// docs/design.md §4.4: the loads and delays of the authors' published runs, exactly, in the
// compile-time and the run-time forms; and the load reported is the load each slot really costs.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

using sgc::rational;

namespace {

struct row {
    std::size_t n, B, W, lambda;
    rational gc_load; // 0 when GC cannot serve lambda = n
    std::size_t sr_s;
    rational sr_load, m_load;
    std::size_t sr_T, m_T;
};

const std::vector<row> table = {
    {4, 1, 2, 2, {3, 4}, 1, {1, 2}, {3, 8}, 1, 1},
    {4, 2, 3, 2, {3, 4}, 1, {1, 2}, {3, 8}, 2, 3},
    {3, 1, 3, 3, {0}, 1, {2, 3}, {1, 2}, 1, 2},
    {10, 2, 5, 4, {1, 2}, 2, {3, 10}, {3, 22}, 2, 5},
    {256, 1, 2, 27, {7, 64}, 14, {15, 256}, {7, 928}, 1, 1},
    {256, 2, 3, 23, {3, 32}, 12, {13, 256}, {3, 400}, 2, 3},
    {256, 4, 9, 22, {23, 256}, 8, {9, 256}, {69, 12032}, 4, 11},
};

} // namespace

TEST_CASE("loads: the published table at compile time (cyclic inner code)") {
    using crc_gc = sgc::gc<256, 27, sgc::cyclic_repetition>;
    static_assert(crc_gc::load() == rational(7, 64) && crc_gc::T() == 0);
    static_assert(sgc::sr_sgc<256, 1, 2, 27, sgc::cyclic_repetition>::s() == 14);
    static_assert(sgc::sr_sgc<256, 1, 2, 27, sgc::cyclic_repetition>::load() == rational(15, 256));
    static_assert(sgc::m_sgc<256, 1, 2, 27, sgc::cyclic_repetition>::load() == rational(7, 928));
    static_assert(sgc::m_sgc<256, 1, 2, 27>::T() == 1 && sgc::m_sgc<256, 1, 2, 27>::slots() == 2);
    static_assert(sgc::sr_sgc<256, 2, 3, 23, sgc::cyclic_repetition>::load() == rational(13, 256));
    static_assert(sgc::m_sgc<256, 2, 3, 23, sgc::cyclic_repetition>::load() == rational(3, 400));
    static_assert(sgc::sr_sgc<256, 4, 9, 22>::s() == 8 && sgc::sr_sgc<256, 4, 9, 22>::T() == 4);
    static_assert(sgc::m_sgc<256, 4, 9, 22, sgc::cyclic_repetition>::load() == rational(69, 12032));
    static_assert(sgc::m_sgc<256, 4, 9, 22>::T() == 11 && sgc::m_sgc<256, 4, 9, 22>::slots() == 12);
    static_assert(sgc::m_sgc<3, 1, 3, 3>::load() == rational(1, 2)); // lambda = n: no code at all
    static_assert(sgc::m_sgc<10, 2, 5, 4, sgc::cyclic_repetition>::load() == rational(3, 22));
    CHECK(sgc::m_sgc<3, 1, 3, 3>().code() == nullptr);
}

TEST_CASE("loads: the published table at run time (cyclic inner code)") {
    for (const row& r : table) {
        CAPTURE(r.n);
        CAPTURE(r.B);
        CAPTURE(r.W);
        CAPTURE(r.lambda);
        if (r.gc_load == rational(0)) {
            CHECK_THROWS_AS(sgc::any_scheme::gc_type(r.n, r.lambda, sgc::code_kind::crc), sgc::invalid_parameter);
        } else {
            const sgc::any_scheme::gc_type gc(r.n, r.lambda, sgc::code_kind::crc);
            CHECK(gc.load() == r.gc_load);
            CHECK(gc.T() == 0);
        }
        const sgc::any_scheme::sr_sgc_type sr(r.n, r.B, r.W, r.lambda, sgc::code_kind::crc);
        CHECK(sr.s() == r.sr_s);
        CHECK(sr.load() == r.sr_load);
        CHECK(sr.T() == r.sr_T);
        const sgc::any_scheme::m_sgc_type m(r.n, r.B, r.W, r.lambda, sgc::code_kind::crc);
        CHECK(m.load() == r.m_load);
        CHECK(m.T() == r.m_T);
        CHECK(m.slots() == r.W - 1 + r.B);
    }
}

TEST_CASE("loads: the repetition codes trade a little load for exact decoding") {
    // (s + 1) | n: the same load as the paper's.
    CHECK(sgc::sr_sgc<>(4, 1, 2, 2).load() == rational(1, 2));
    CHECK(sgc::sr_sgc<256, 1, 2, 27>::load() == rational(1, 17)); // s = 14: 17 groups
    // M-SGC (1, 2, 27) with uneven repetition: L = 1/9, x = 256/265, load 2/265 > 7/928.
    constexpr auto load = sgc::m_sgc<256, 1, 2, 27>::load();
    static_assert(load == rational(2, 265));
    CHECK(sgc::m_sgc<>(256, 1, 2, 27).load() == load);
    CHECK(load > rational(7, 928));
}

TEST_CASE("loads: every busy slot of M-SGC costs the same, and the load is W - 1 + B slots") {
    for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc, sgc::code_kind::frc})
        for (auto [n, B, W, lambda] : std::vector<std::array<std::size_t, 4>>{
                 {4, 1, 2, 1}, {6, 2, 3, 2}, {8, 2, 5, 3}, {12, 3, 4, 5}, {9, 1, 3, 9}}) {
            if (kind == sgc::code_kind::frc && lambda < n && n % (lambda + 1) != 0) continue;
            const sgc::any_scheme::m_sgc_type m(n, B, W, lambda, kind);
            const rational x = m.d1_fraction();
            const rational piece = x / rational(static_cast<long>(n * (W - 1)));
            rational busiest = 0;
            auto master = m.make_master(2 * (W + B));
            while (!master.done()) {
                const auto& a = master.assignment();
                for (std::size_t i = 0; i < n; ++i) {
                    rational work = 0;
                    for (std::size_t slot = 0; slot < a.slots(); ++slot) {
                        const auto& t = a(i, slot);
                        if (t.kind == sgc::task_kind::d1 || t.kind == sgc::task_kind::d1_reattempt)
                            work = work + piece;
                        if (t.kind == sgc::task_kind::d2) {
                            const auto row = m.code()->task(i);
                            const rational group = (rational(1) - x) / rational(static_cast<long>(B));
                            const rational cost = group * rational(static_cast<long>(row.partitions.size()),
                                                                   static_cast<long>(m.code()->k()));
                            CHECK(cost == piece); // equal slot costs
                            work = work + cost;
                        }
                    }
                    busiest = std::max(busiest, work);
                }
                master.complete_round(sgc::worker_set::all(n));
            }
            CHECK(m.load() == rational(static_cast<long>(W - 1 + B)) * piece);
            // Without stragglers every slot is busy once the pipeline is full, except the
            // adaptive ones when lambda = n (no D2 data, nothing to re-attempt).
            if (lambda < n) CHECK(busiest == m.load());
            else CHECK(busiest == rational(static_cast<long>(W - 1)) * piece);
        }
}
