// Data partitioning: every piece, group and sub-partition is a half-open range of the batch,
// deterministic, covering the batch exactly once per class.
#include <doctest/doctest.h>

#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

namespace {

// Marks each sample of the ranges; checks they are contiguous, in order, and cover [0, batch).
void check_cover(const std::vector<sgc::sample_range>& ranges, std::size_t batch) {
    std::size_t next = 0;
    for (const auto& r : ranges) {
        CHECK(r.begin == next);
        CHECK(r.begin <= r.end);
        next = r.end;
    }
    CHECK(next == batch);
}

} // namespace

TEST_CASE("partition: split_range is balanced and exact") {
    std::vector<sgc::sample_range> parts;
    for (std::size_t p = 0; p < 7; ++p) parts.push_back(sgc::split_range({10, 60}, 7, p));
    check_cover({{0, 10}}, 10);
    CHECK(parts.front() == sgc::sample_range{10, 18}); // 50 = 7 * 7 + 1: the first is larger
    CHECK(parts.back() == sgc::sample_range{53, 60});
    CHECK_THROWS_AS((void)sgc::split_range({0, 5}, 0, 0), sgc::invalid_parameter);
    CHECK_THROWS_WITH_AS((void)sgc::split_range({0, 5}, 3, 3), doctest::Contains("index = 3: must be < parts = 3"),
                         sgc::invalid_parameter);
}

TEST_CASE("partition: GC and SR-SGC split the batch into the code's k partitions") {
    for (std::size_t batch : {0u, 5u, 1000u, 4097u}) {
        const sgc::sr_sgc<> sr(10, 2, 5, 4);
        std::vector<sgc::sample_range> parts;
        for (std::size_t j = 0; j < sr.code()->k(); ++j) parts.push_back(sr.partition(batch, j));
        check_cover(parts, batch);
        const sgc::any_scheme::gc_type gc(12, 3, sgc::code_kind::crc);
        parts.clear();
        for (std::size_t j = 0; j < gc.code()->k(); ++j) parts.push_back(gc.partition(batch, j));
        check_cover(parts, batch);
    }
}

TEST_CASE("partition: M-SGC D1 pieces then D2 groups of sub-partitions cover the batch once") {
    for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc})
        for (std::size_t batch : {1u, 97u, 6000u}) {
            const sgc::any_scheme::m_sgc_type m(8, 2, 4, 3, kind);
            std::vector<sgc::sample_range> ranges;
            for (std::size_t i = 0; i < 8; ++i)
                for (std::size_t p = 0; p < 3; ++p) ranges.push_back(m.piece(batch, i, p));
            CHECK(ranges.back().end == m.d1_samples(batch));
            for (std::size_t j = 0; j < 2; ++j) {
                std::vector<sgc::sample_range> subs;
                for (std::size_t p = 0; p < m.code()->k(); ++p) subs.push_back(m.subpartition(batch, j, p));
                CHECK(subs.front().begin == m.group(batch, j).begin);
                CHECK(subs.back().end == m.group(batch, j).end);
                ranges.insert(ranges.end(), subs.begin(), subs.end());
            }
            check_cover(ranges, batch);
        }
    // x = 4/5 for (4, 2, 3, 2) with the uneven code: D1 is 80% of the batch.
    CHECK(sgc::m_sgc<>(4, 2, 3, 2).d1_samples(1000) == 800);
    CHECK(sgc::m_sgc<>(3, 1, 3, 3).d1_samples(1000) == 1000); // lambda = n: all D1
    CHECK_THROWS_AS((void)sgc::m_sgc<>(3, 1, 3, 3).subpartition(1000, 0, 0), sgc::invalid_parameter);
}
