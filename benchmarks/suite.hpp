// The benchmark groups of sgc_bench, registered by main in this order, and its reporter.
#ifndef SGC_BENCHMARKS_SUITE_HPP
#define SGC_BENCHMARKS_SUITE_HPP

#include <cstddef>
#include <memory>

#include <benchmark/benchmark.h>

namespace sgc_bench {

// Shape by shape: BM_read_baseline, BM_read_interleaved and BM_combine on the calling thread;
// their _parallel forms, BM_combine_blas (OpenBLAS sgemv) and BM_combine_xsimd with 1 and 2
// threads.
void register_combine_benchmarks();
// BM_master_ingest and its yardstick (ingest.cpp).
void register_ingest_benchmarks();

// BM_read_baseline's loop: the sum of rows[r][begin, end) over r < k, row after row.
using read_loop = float (*)(const float* const* rows, std::size_t k, std::size_t begin,
                            std::size_t end);
read_loop read_rows_loop();

// BM_plan_crc, BM_plan_lstsq_reference, BM_plan_cached.
void register_plan_benchmarks();

// The console table, followed by the performance goals as ratios of this run's figures.
std::unique_ptr<benchmark::BenchmarkReporter> make_goal_reporter();

} // namespace sgc_bench

#endif
