// BM_simulate/<scheme>/<policy>: trace replay at n = 256 over 500 rounds of a synthetic trace
// with Gilbert-Elliott bursts (the round rule, the model's monitor and the scheme's own master
// per round); items are rounds, so items_per_second is rounds per second.
// BM_tune_m_sgc: the tuner's full M-SGC search, n = 256, T <= 4, 100 rounds (wall time, threads).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/synthetic.hpp>
#include <sgc/sim/tuner.hpp>

namespace {

constexpr std::size_t n = 256;

// 2% of the workers straggling at a time, in bursts of 2 rounds on average.
const sgc::sim::delay_trace& bursty_trace(std::size_t rounds) {
    static const auto trace = [] {
        sgc::sim::trace_timing timing;
        timing.load = 1.0 / n;
        return sgc::sim::gilbert_elliott_trace(n, 500, 0.01, 0.5, timing, 1);
    }();
    static const auto first_100 = sgc::sim::delay_trace(
        n, std::vector<double>(trace.times().begin(), trace.times().begin() + 100 * n));
    return rounds == 100 ? first_100 : trace;
}

template <class Scheme>
void BM_simulate(benchmark::State& state, const Scheme& scheme, sgc::sim::wait_policy policy) {
    const auto& trace = bursty_trace(500);
    const std::size_t jobs = trace.rounds() - scheme.T();
    sgc::sim::replay_options options;
    options.policy = policy;
    options.record_rounds = false; // what the tuner runs
    std::int64_t rounds = 0;
    for (auto _ : state) {
        auto result = sgc::sim::replay(scheme, trace, jobs, options);
        benchmark::DoNotOptimize(result);
        rounds += static_cast<std::int64_t>(trace.rounds());
    }
    state.SetItemsProcessed(rounds);
}

void BM_tune_m_sgc(benchmark::State& state) {
    const auto& trace = bursty_trace(100);
    sgc::sim::tune_options options;
    options.jobs = 96;
    options.max_delay = 4;
    options.schemes = {sgc::sim::scheme_kind::m_sgc};
    options.replay.shift = {1.0 / n, 2.2};
    std::int64_t tuples = 0;
    for (auto _ : state) {
        auto result = sgc::sim::tune(trace, options);
        benchmark::DoNotOptimize(result);
        tuples += static_cast<std::int64_t>(result.schemes[0].searched);
    }
    state.SetItemsProcessed(tuples);
}

using sgc::sim::wait_policy;

} // namespace

BENCHMARK_CAPTURE(BM_simulate, m_sgc/wait_all, sgc::m_sgc<>(n, 1, 2, 27), wait_policy::wait_all);
BENCHMARK_CAPTURE(BM_simulate, m_sgc/minimal_wait, sgc::m_sgc<>(n, 1, 2, 27),
                  wait_policy::minimal_wait);
BENCHMARK_CAPTURE(BM_simulate, sr_sgc/wait_all, sgc::sr_sgc<>(n, 2, 3, 23), wait_policy::wait_all);
BENCHMARK_CAPTURE(BM_simulate, gc/wait_all, sgc::gc<>(n, 15), wait_policy::wait_all);
BENCHMARK(BM_tune_m_sgc)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
