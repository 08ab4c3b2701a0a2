// BM_master_round/<scheme>: the sans-I/O master's bookkeeping for one round at n = 256
// (assignment, recording the returns, settling the jobs in flight, building recipes), under
// conforming straggler patterns that saturate the bursty model.
#include <benchmark/benchmark.h>

#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

#include <cstdint>
#include <vector>

namespace {

constexpr std::size_t jobs = 64;

// Runs whole master lifetimes; items are rounds, so items_per_second is rounds per second.
template <class Scheme>
void BM_master_round(benchmark::State& state, const Scheme& scheme, const sgc::bursty_model& model) {
    sgc::adversarial_stragglers generator(model, 7);
    std::vector<sgc::worker_set> returned;
    for (const auto& s : sgc::generate(generator, jobs + scheme.T())) returned.push_back(s.complement());
    std::int64_t rounds = 0;
    sgc::round_outcome outcome; // reused, as sgc::master and the simulator do
    for (auto _ : state) {
        auto master = scheme.make_master(jobs);
        while (!master.done()) {
            master.complete_round(returned[master.round()], outcome);
            benchmark::DoNotOptimize(outcome);
            ++rounds;
        }
    }
    state.SetItemsProcessed(rounds);
}

} // namespace

BENCHMARK_CAPTURE(BM_master_round, gc, sgc::gc<256, 15>(), sgc::bursty_model(256, 1, 1, 15));
BENCHMARK_CAPTURE(BM_master_round, sr_sgc, sgc::sr_sgc<256, 2, 3, 23>(), sgc::bursty_model(256, 2, 3, 23));
BENCHMARK_CAPTURE(BM_master_round, m_sgc, sgc::m_sgc<256, 1, 2, 27>(), sgc::bursty_model(256, 1, 2, 27));
BENCHMARK_CAPTURE(BM_master_round, m_sgc_long_window, sgc::m_sgc<256, 4, 9, 22>(),
                  sgc::bursty_model(256, 4, 9, 22));
