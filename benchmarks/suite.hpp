// The benchmark groups of sgc_bench, registered by main in this order, and its reporter.
#ifndef SGC_BENCHMARKS_SUITE_HPP
#define SGC_BENCHMARKS_SUITE_HPP

#include <memory>

#include <benchmark/benchmark.h>

namespace sgc_bench {

// Shape by shape: BM_read_baseline, BM_read_interleaved and BM_combine on the calling thread;
// their _parallel forms, BM_combine_blas (OpenBLAS sgemv) and BM_combine_xsimd with 1 and 2
// threads.
void register_combine_benchmarks();
// BM_plan_crc, BM_plan_lstsq_reference, BM_plan_cached.
void register_plan_benchmarks();

// The console table, followed by the performance goals as ratios of this run's figures.
std::unique_ptr<benchmark::BenchmarkReporter> make_goal_reporter();

} // namespace sgc_bench

#endif
