// sgc_bench: the combine kernels against plain reads of the same memory, OpenBLAS sgemv and the
// same kernel in xsimd, and the cost of decode plans. ./scripts/dev.sh bench runs it.
#include <benchmark/benchmark.h>

#include <cstring>

#include <sgc/gradient/kernels.hpp>

#include "suite.hpp"

int main(int argc, char** argv) {
    // The goal summary needs the console format; another --benchmark_format keeps the default.
    bool console = true;
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--benchmark_format=", 19) == 0)
            console = std::strcmp(argv[i] + 19, "console") == 0;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("sgc_combine_kernel",
                                sgc::detail::combine_uses_avx2() ? "avx2+fma" : "baseline");
    sgc_bench::register_combine_benchmarks();
    sgc_bench::register_plan_benchmarks();
    sgc_bench::register_ingest_benchmarks();
    if (console) {
        const auto reporter = sgc_bench::make_goal_reporter();
        benchmark::RunSpecifiedBenchmarks(reporter.get());
    } else {
        benchmark::RunSpecifiedBenchmarks();
    }
    benchmark::Shutdown();
    return 0;
}
