// BM_master_ingest/<scheme>/<n>/<d>/<t>: sgc::master's whole data path (accepting the results
// of a round, adding them into the jobs' buffers, decoding and handing out the gradients) driven
// through a transport that hands it pre-made results from memory: no copies, no sleeping, the
// straggler pattern drawn from the scheme's model (adversarial_stragglers). t threads: the
// calling thread and, for t = 2, an executor over an sgc::thread_pool of one more thread.
// Rate: the bytes of the result messages the master accepted. Counters: rounds; read_share, the
// share of those bytes the master reads (the redundant copies of a repetition group are
// dropped unread); held_mib, the master's peak of gradient bytes held (counters().peak_held x
// d x 4: job buffers and coded results kept, which this transport lends rather than copies).
//
// BM_master_ingest_batch1/m_sgc/256/<d>/<t>: the same with master_options::batch = 1 (each D1
// result added in a pass of its own, as the master did before the fused batches).
//
// Its yardstick in the same run, BM_read_baseline/<scheme>/<n>/<d>/<t>: BM_read_baseline's loop
// over the same pre-made results, as many bytes per iteration as a mean round of the scheme
// delivers, eight results at a time split over the same executor.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sgc/core/thread_pool.hpp>
#include <sgc/gradient/gradient_traits.hpp>
#include <sgc/gradient/parallel.hpp>
#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/protocol/messages.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

#include "suite.hpp"

namespace {

// A gradient that owns its floats (the master's buffers and decoded gradients, copied from the
// zero gradient) or borrows pre-made ones (the results the transport hands out): a contiguous
// gradient type of the user's, moved through the master without a copy of its floats.
struct ingest_gradient {
    std::vector<float> own;
    const float* borrowed = nullptr;
    std::size_t length = 0;
};

} // namespace

template <> struct sgc::gradient_traits<ingest_gradient> {
    using value_type = float;
    static std::size_t size(const ingest_gradient& g) noexcept {
        return g.borrowed ? g.length : g.own.size();
    }
    static const float* data(const ingest_gradient& g) noexcept {
        return g.borrowed ? g.borrowed : g.own.data();
    }
    // The master writes only into gradients it owns (made from the zero gradient).
    static float* data(ingest_gradient& g) noexcept {
        return g.borrowed ? const_cast<float*>(g.borrowed) : g.own.data();
    }
    static void fill_zero(ingest_gradient& g) noexcept { std::fill(g.own.begin(), g.own.end(), 0.0f); }
    static void axpy(float a, const ingest_gradient& x, ingest_gradient& y) noexcept {
        const float* px = data(x);
        for (std::size_t i = 0; i < y.own.size(); ++i) y.own[i] += a * px[i];
    }
};

namespace {

constexpr std::size_t jobs_per_master = 64;

// Distinct pre-made results of length d, together larger than the last-level cache (1 GiB, at
// least 64 results), values in [-1, 1): result i of a run is results[i mod count].
struct result_pool {
    std::size_t d, count;
    std::vector<float> storage;

    explicit result_pool(std::size_t d_)
        : d(d_), count(std::max<std::size_t>(64, (std::size_t{1} << 28) / d_)), storage(count * d_) {
        std::uint32_t state = 2024;
        for (float& x : storage) {
            state = state * 1664525u + 1013904223u;
            x = static_cast<float>(state >> 8) * 0x1.0p-23f - 1.0f;
        }
    }
    const float* result(std::size_t i) const { return storage.data() + (i % count) * d; }
};

const result_pool& pool_of(std::size_t d) {
    static std::map<std::size_t, std::unique_ptr<result_pool>> pools;
    auto& p = pools[d];
    if (!p) p = std::make_unique<result_pool>(d);
    return *p;
}

// The transport: at post(), the round's stragglers from the generator, and one message for every
// other busy worker, its gradients borrowed from the pool; receive() hands them out in worker
// order at time 1 of the round, then reports nothing until the deadline (the cut-off).
template <class Scheme> class memory_transport {
public:
    using gradient_type = ingest_gradient;
    using input_type = sgc::no_input;

    memory_transport(const Scheme& scheme, const sgc::bursty_model& model, const result_pool& pool)
        : n_(scheme.n()), generator_(model, 7), pool_(&pool) {}

    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    [[nodiscard]] double now() const noexcept { return now_; }
    void post(const sgc::round_work<sgc::no_input>& work) {
        const sgc::worker_set stragglers = generator_.next();
        const sgc::round_assignment& a = *work.assignment;
        messages_.clear();
        next_ = 0;
        start_ = now_;
        for (std::size_t w = 0; w < n_; ++w) {
            if (!a.busy().contains(w) || stragglers.contains(w)) continue;
            sgc::result_message<ingest_gradient> m;
            m.worker = w;
            m.round = work.round;
            for (std::size_t slot = 0; slot < a.slots(); ++slot) {
                if (a(w, slot).kind == sgc::task_kind::idle) continue;
                m.slots.push_back({slot, ingest_gradient{{}, pool_->result(next_result_++), pool_->d}});
                bytes_ += pool_->d * sizeof(float);
            }
            messages_.push_back(std::move(m));
        }
        delivered_ += messages_.size();
    }
    [[nodiscard]] std::optional<sgc::result_message<ingest_gradient>> receive(double deadline) {
        if (next_ < messages_.size()) {
            now_ = start_ + 1.0;
            return std::move(messages_[next_++]);
        }
        now_ = std::max(now_, deadline);
        return std::nullopt;
    }

    [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
    [[nodiscard]] std::size_t delivered() const noexcept { return delivered_; }

private:
    std::size_t n_;
    sgc::adversarial_stragglers generator_;
    const result_pool* pool_;
    std::vector<sgc::result_message<ingest_gradient>> messages_;
    std::size_t next_ = 0, next_result_ = 0, bytes_ = 0, delivered_ = 0;
    double now_ = 0.0, start_ = 0.0;
};

sgc::executor executor_of(std::size_t threads, std::unique_ptr<sgc::thread_pool>& pool) {
    if (threads == 1) return sgc::executor();
    pool = std::make_unique<sgc::thread_pool>(threads - 1);
    return sgc::executor::pool(*pool);
}

// One iteration is one round; a master runs jobs_per_master jobs and is then replaced (outside
// the timing). The first 2 (T + 1) rounds are a warm-up.
template <class Scheme>
void BM_master_ingest(benchmark::State& state, const Scheme& scheme, const sgc::bursty_model& model,
                      std::size_t batch) {
    const auto d = static_cast<std::size_t>(state.range(0));
    const auto threads = static_cast<std::size_t>(state.range(1));
    const result_pool& pool = pool_of(d);
    std::unique_ptr<sgc::thread_pool> threads_pool;
    sgc::master_options options;
    options.exec = executor_of(threads, threads_pool);
    options.batch = batch;
    memory_transport<Scheme> transport(scheme, model, pool);
    using master_type = sgc::master<Scheme, memory_transport<Scheme>>;
    const ingest_gradient zero{std::vector<float>(d), nullptr, 0};
    auto make = [&] { return std::make_unique<master_type>(scheme, transport, jobs_per_master, zero, options); };
    auto m = make();
    std::size_t accepted = 0, redundant = 0, peak_held = 0, failed = 0;
    const auto round = [&] {
        if (m->finished()) {
            accepted += m->counters().accepted;
            redundant += m->counters().redundant;
            peak_held = std::max(peak_held, m->counters().peak_held);
            m = make();
        }
        m->run_round();
        while (auto r = m->next()) {
            failed += !r->ok();
            benchmark::DoNotOptimize(sgc::gradient_traits<ingest_gradient>::data(r->gradient));
        }
    };
    for (std::size_t i = 0; i < 2 * (scheme.T() + 1); ++i) round();
    const std::size_t bytes_before = transport.bytes(), delivered_before = transport.delivered();
    const std::size_t accepted_before = accepted + m->counters().accepted;
    const std::size_t redundant_before = redundant + m->counters().redundant;
    for (auto _ : state) {
        if (m->finished()) {
            state.PauseTiming();
            round();
            state.ResumeTiming();
        } else {
            round();
        }
    }
    accepted += m->counters().accepted;
    redundant += m->counters().redundant;
    peak_held = std::max(peak_held, m->counters().peak_held);
    if (accepted - accepted_before != transport.delivered() - delivered_before || failed != 0)
        state.SkipWithError("the master dropped a result or failed a job");
    state.SetBytesProcessed(static_cast<std::int64_t>(transport.bytes() - bytes_before));
    state.counters["rounds"] = static_cast<double>(state.iterations());
    // The share of the accepted bytes the master reads: redundant copies are never read.
    const double results = static_cast<double>(transport.bytes() - bytes_before) / (d * sizeof(float));
    state.counters["read_share"] = 1.0 - static_cast<double>(redundant - redundant_before) / results;
    state.counters["held_mib"] = static_cast<double>(peak_held * d * sizeof(float)) / (1 << 20);
}

// The mean number of results a round of `scheme` delivers under the benchmark's pattern.
template <class Scheme> std::size_t results_per_round(const Scheme& scheme, const sgc::bursty_model& model) {
    sgc::adversarial_stragglers generator(model, 7);
    auto bookkeeping = scheme.make_master(jobs_per_master);
    std::size_t results = 0, rounds = 0;
    sgc::round_outcome outcome;
    while (!bookkeeping.done()) {
        const sgc::worker_set stragglers = generator.next();
        const sgc::round_assignment& a = bookkeeping.assignment();
        for (std::size_t w = 0; w < scheme.n(); ++w)
            if (!stragglers.contains(w))
                for (std::size_t slot = 0; slot < a.slots(); ++slot)
                    results += a(w, slot).kind != sgc::task_kind::idle;
        bookkeeping.complete_round(stragglers.complement(), outcome);
        ++rounds;
    }
    return std::max<std::size_t>(1, results / rounds);
}

void BM_read_ingest_baseline(benchmark::State& state, std::size_t results) {
    const auto d = static_cast<std::size_t>(state.range(0));
    const auto threads = static_cast<std::size_t>(state.range(1));
    const result_pool& pool = pool_of(d);
    std::unique_ptr<sgc::thread_pool> threads_pool;
    const sgc::executor exec = executor_of(threads, threads_pool);
    const sgc_bench::read_loop loop = sgc_bench::read_rows_loop();
    constexpr std::size_t group = 8;
    std::size_t next = 0;
    for (auto _ : state)
        for (std::size_t r = 0; r < results; r += group) {
            const std::size_t k = std::min(group, results - r);
            const float* rows[group];
            for (std::size_t q = 0; q < k; ++q) rows[q] = pool.result(next++);
            sgc::detail::parallel_ranges(exec, rows[0], sizeof(float), d, (k + 1) * sizeof(float),
                                         [&](std::size_t begin, std::size_t end) {
                                             benchmark::DoNotOptimize(loop(rows, k, begin, end));
                                         });
        }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * results * d * sizeof(float)));
}

template <class Scheme>
void add(const std::string& name, const Scheme& scheme, const sgc::bursty_model& model,
         bool unbatched = false) {
    const std::size_t results = results_per_round(scheme, model);
    for (std::int64_t d : {std::int64_t{1} << 16, std::int64_t{1} << 20})
        for (std::int64_t threads : {1, 2}) {
            const std::string shape = name + "/" + std::to_string(scheme.n()); // then d and t
            benchmark::RegisterBenchmark(("BM_master_ingest/" + shape).c_str(),
                                         [scheme, model](benchmark::State& s) { BM_master_ingest(s, scheme, model, 8); })
                ->Args({d, threads})
                ->UseRealTime();
            if (unbatched) // each D1 result added on its own, as before the fused batches
                benchmark::RegisterBenchmark(("BM_master_ingest_batch1/" + shape).c_str(),
                                             [scheme, model](benchmark::State& s) {
                                                 BM_master_ingest(s, scheme, model, 1);
                                             })
                    ->Args({d, threads})
                    ->UseRealTime();
            benchmark::RegisterBenchmark(("BM_read_baseline/" + shape).c_str(),
                                         [results](benchmark::State& s) { BM_read_ingest_baseline(s, results); })
                ->Args({d, threads})
                ->UseRealTime();
        }
}

} // namespace

void sgc_bench::register_ingest_benchmarks() {
    add("gc", sgc::gc<256, 15>(), sgc::bursty_model(256, 1, 1, 15));
    add("sr_sgc", sgc::sr_sgc<256, 2, 3, 23>(), sgc::bursty_model(256, 2, 3, 23));
    add("m_sgc", sgc::m_sgc<256, 1, 2, 27>(), sgc::bursty_model(256, 1, 2, 27), true);
    add("m_sgc", sgc::m_sgc<16, 1, 2, 3>(), sgc::bursty_model(16, 1, 2, 3));
}
