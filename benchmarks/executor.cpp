// The combine executor's threads: sgc::executor::threads(c) keeps c - 1 threads of an
// sgc::thread_pool for its lifetime; the baseline starts c - 1 std::threads for every call (what
// the executor did before the pool). Same combine, same ranges: only the threads' lifetime
// differs. Ratio: BM_executor_pool / BM_executor_fresh_threads (time), per shape.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include <sgc/gradient/combine.hpp>
#include <sgc/gradient/parallel.hpp>

namespace {

struct inputs {
    std::vector<std::vector<float>> y;
    std::vector<double> a;
    std::vector<float> out;
    inputs(std::size_t k, std::size_t d) : y(k, std::vector<float>(d, 0.5f)), a(k, 0.25), out(d) {}
};

void run_on_fresh_threads(std::size_t tasks, const sgc::executor::task& body) {
    std::vector<std::thread> started;
    started.reserve(tasks - 1);
    for (std::size_t t = 1; t < tasks; ++t) started.emplace_back([&body, t] { body(t); });
    body(0);
    for (auto& thread : started) thread.join();
}

void combine_loop(benchmark::State& state, const sgc::executor& exec) {
    const auto k = static_cast<std::size_t>(state.range(0));
    const auto d = static_cast<std::size_t>(state.range(1));
    inputs in(k, d);
    for (auto _ : state) {
        sgc::combine(in.out, in.a, in.y, exec);
        benchmark::DoNotOptimize(in.out.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * k * d * sizeof(float)));
}

// A grain of 64 KiB, so that the small shapes split too and the threads' start-up shows.
void BM_executor_fresh_threads(benchmark::State& state) {
    const auto threads = static_cast<std::size_t>(state.range(2));
    combine_loop(state, sgc::executor::pool(run_on_fresh_threads, threads).with_grain(1 << 16));
}

void BM_executor_pool(benchmark::State& state) {
    const auto threads = static_cast<std::size_t>(state.range(2));
    combine_loop(state, sgc::executor::threads(threads).with_grain(1 << 16));
}

} // namespace

BENCHMARK(BM_executor_fresh_threads)
    ->Args({64, 1 << 14, 2})
    ->Args({64, 1 << 18, 2})
    ->Args({64, 1 << 22, 2})
    ->UseRealTime();
BENCHMARK(BM_executor_pool)->Args({64, 1 << 14, 2})->Args({64, 1 << 18, 2})->Args({64, 1 << 22, 2})->UseRealTime();
