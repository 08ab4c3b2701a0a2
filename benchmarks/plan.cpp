// Decode plans of the cyclic code for one responder set of n - s workers: the banded solve,
// the plain LAPACK least-squares solve it replaces (xtensor-blas lstsq on the same E_F^T), and
// a plan cache hit.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include <sgc/detail/xtensor_blas.hpp>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/plan_cache.hpp>
#include <sgc/core/worker_set.hpp>

#include "suite.hpp"

namespace {

struct setup {
    sgc::cyclic_repetition<> code;
    sgc::worker_set responders; // all but s random workers

    explicit setup(const benchmark::State& state)
        : code(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1))),
          responders(sgc::worker_set::all(code.n())) {
        std::mt19937_64 rng(code.n() * 1000 + code.s());
        std::vector<std::size_t> ids(code.n());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = i;
        std::shuffle(ids.begin(), ids.end(), rng);
        for (std::size_t r = 0; r < code.s(); ++r) responders.erase(ids[r]);
    }
};

void BM_plan_crc(benchmark::State& state) {
    const setup s(state);
    for (auto _ : state) benchmark::DoNotOptimize(s.code.plan(s.responders));
}

// The baseline: the least-squares solve alone, on E_F^T built once outside the loop.
void BM_plan_lstsq_reference(benchmark::State& state) {
    const setup s(state);
    const auto workers = s.responders.ids();
    const auto& E = s.code.encoding_matrix();
    auto A = xt::xtensor<double, 2>::from_shape({s.code.k(), workers.size()});
    for (std::size_t r = 0; r < workers.size(); ++r)
        for (std::size_t j = 0; j < s.code.k(); ++j) A(j, r) = E(workers[r], j);
    const xt::xtensor<double, 1> ones = xt::ones<double>({s.code.k()});
    for (auto _ : state) {
        auto solution = xt::linalg::lstsq(A, ones);
        benchmark::DoNotOptimize(std::get<0>(solution).data());
    }
}

void BM_plan_cached(benchmark::State& state) {
    const setup s(state);
    sgc::plan_cache<sgc::cyclic_repetition<>> cache(s.code);
    cache.get(s.responders);
    for (auto _ : state) benchmark::DoNotOptimize(cache.get(s.responders));
}

} // namespace

void sgc_bench::register_plan_benchmarks() {
    for (const auto& [n, s] : {std::pair<std::int64_t, std::int64_t>{64, 8}, {256, 27}}) {
        benchmark::RegisterBenchmark("BM_plan_crc", BM_plan_crc)->Args({n, s});
        benchmark::RegisterBenchmark("BM_plan_lstsq_reference", BM_plan_lstsq_reference)
            ->Args({n, s})
            ->UseRealTime();
        benchmark::RegisterBenchmark("BM_plan_cached", BM_plan_cached)->Args({n, s});
    }
}
