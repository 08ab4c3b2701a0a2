// Trace replay and parameter search with the library API: make a synthetic trace with bursty
// stragglers (or load a recorded one with sgc::sim::load_trace), replay it through two schemes'
// masters under both policies, then let the tuner pick M-SGC's parameters.
#include <cstdio>

#include <sgc/sgc.hpp>

int main() {
    namespace sim = sgc::sim;
    constexpr std::size_t n = 64, rounds = 120, jobs = 116;

    // Recorded at load 1/n, 1 s overhead + 2.2 s per unit load; bursts of 2 rounds on average.
    sim::trace_timing timing;
    timing.load = 1.0 / n;
    const sim::delay_trace trace = sim::gilbert_elliott_trace(n, rounds, 0.02, 0.5, timing, 42);

    sim::replay_options options;
    options.mu = 1.0;
    options.shift = {timing.load, timing.seconds_per_load}; // replay at each scheme's own load
    for (auto policy : {sim::wait_policy::wait_all, sim::wait_policy::minimal_wait}) {
        options.policy = policy;
        const auto gc = sim::replay(sgc::gc<>(n, 4), trace, jobs, options);
        const auto msgc = sim::replay(sgc::m_sgc<>(n, 1, 2, 8), trace, jobs, options);
        std::printf("%-12s GC s=4: %7.2f s (%zu waits)   M-SGC (1,2,8): %7.2f s (%zu waits)\n",
                    sgc::to_string(policy), gc.total_runtime, gc.waits, msgc.total_runtime,
                    msgc.waits);
    }

    // The tuner on the first 40 jobs: every (B, W, lambda) with T <= 3.
    sim::tune_options tune;
    tune.jobs = 40;
    tune.max_delay = 3;
    tune.replay.shift = options.shift;
    tune.schemes = {sim::scheme_kind::m_sgc};
    const auto best = sim::tune(trace, tune).schemes.front();
    std::printf("tuned: %s, %.2f s on %zu jobs (%zu tuples searched)\n",
                best.best.to_string().c_str(), best.total_runtime, tune.jobs, best.searched);
    return 0;
}
