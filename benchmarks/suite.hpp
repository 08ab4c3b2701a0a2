// The benchmark groups of sgc_bench, registered by main in this order, and its reporter.
#ifndef SGC_BENCHMARKS_SUITE_HPP
#define SGC_BENCHMARKS_SUITE_HPP

#include <memory>

#include <benchmark/benchmark.h>

namespace sgc_bench {

// BM_read_baseline, BM_read_interleaved, BM_combine, BM_combine_blas and the _parallel forms,
// shape by shape.
void register_combine_benchmarks();
// BM_plan_crc, BM_plan_lstsq_reference, BM_plan_cached.
void register_plan_benchmarks();

// The console table, followed by the performance goals as ratios of this run's figures.
std::unique_ptr<benchmark::BenchmarkReporter> make_goal_reporter();

} // namespace sgc_bench

#endif
