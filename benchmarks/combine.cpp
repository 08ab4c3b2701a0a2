// The combine (out = sum_r a_r y_r over k float gradients of length d) against a plain read of
// the same k·d floats, the memory-bandwidth yardstick, and against the matrix-vector product a
// user would write with xtensor-blas. Every rate counts the k·d·4 bytes read.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include <sgc/detail/xtensor_blas.hpp>

#include <sgc/gradient/combine.hpp>
#include <sgc/gradient/gradient_view.hpp>
#include <sgc/gradient/kernels.hpp>
#include <sgc/gradient/parallel.hpp>

#include "suite.hpp"

namespace {

// The k received gradients as the rows of one k x d matrix (the form the BLAS baseline needs;
// the library reads the same rows through views), coefficients and an output, all touched.
struct dataset {
    std::size_t k, d;
    xt::xtensor<float, 2> y;
    std::vector<sgc::gradient_view<const float>> rows;
    std::vector<double> a;
    std::vector<float> out;

    dataset(std::size_t k_, std::size_t d_)
        : k(k_), d(d_), y(xt::xtensor<float, 2>::from_shape({k_, d_})), a(k_), out(d_, 0.0f) {
        std::uint32_t state = 12345;
        for (float& x : y) { // values in [-1, 1): a cheap generator, 1e9 of them
            state = state * 1664525u + 1013904223u;
            x = static_cast<float>(state >> 8) * 0x1.0p-23f - 1.0f;
        }
        for (std::size_t r = 0; r < k; ++r) {
            rows.emplace_back(&y(r, 0), d);
            a[r] = 1.0 / static_cast<double>(r + 1);
        }
    }
};

// Every shape stays allocated once built (5.1 GB for all six; the largest alone is 3.8 GB), so
// that --benchmark_enable_random_interleaving can mix the runs of different shapes.
dataset& data(std::size_t k, std::size_t d) {
    static std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<dataset>> shapes;
    auto& s = shapes[{k, d}];
    if (!s) s = std::make_unique<dataset>(k, d);
    return *s;
}

std::size_t arg(const benchmark::State& state, int i) {
    return static_cast<std::size_t>(state.range(i));
}

void count_bytes(benchmark::State& state, const dataset& s) {
    const auto bytes = static_cast<std::int64_t>(s.k * s.d * sizeof(float));
    state.SetBytesProcessed(state.iterations() * bytes);
}

// The yardstick: a plain loop reading p[0, len) once. Sixteen partial sums let the compiler
// vectorise it without reassociating one sum. It is compiled like the kernels (baseline ISA, and
// AVX2 where the kernels run their AVX2 build): on this kind of core a read loop's speed from
// memory depends on its instruction density, and the yardstick must not be the slower one.
SGC_ALWAYS_INLINE float plain_sum(const float* p, std::size_t len) {
    float lanes[16] = {};
    std::size_t i = 0;
    for (; i + 16 <= len; i += 16)
        for (std::size_t l = 0; l < 16; ++l) lanes[l] += p[i + l];
    for (; i < len; ++i) lanes[0] += p[i];
    float sum = 0.0f;
    for (float x : lanes) sum += x;
    return sum;
}

// The combine's access pattern without its arithmetic or stores: eight rows at a time through
// the kernels' cache blocks. Shows what a read can reach when it keeps eight streams in flight.
SGC_ALWAYS_INLINE float interleaved_sum(const float* const* rows, std::size_t k, std::size_t d) {
    constexpr std::size_t block = sgc::detail::combine_block<float>;
    float lanes[16] = {};
    for (std::size_t b = 0; b < d; b += block) {
        const std::size_t end = std::min(d, b + block);
        std::size_t r = 0;
        for (; r + 8 <= k; r += 8) {
            const float* const* p = rows + r;
            std::size_t i = b;
            for (; i + 16 <= end; i += 16)
                for (std::size_t l = 0; l < 16; ++l)
                    lanes[l] += ((p[0][i + l] + p[1][i + l]) + (p[2][i + l] + p[3][i + l])) +
                                ((p[4][i + l] + p[5][i + l]) + (p[6][i + l] + p[7][i + l]));
            for (; i < end; ++i)
                for (std::size_t q = 0; q < 8; ++q) lanes[0] += p[q][i];
        }
        for (; r < k; ++r) lanes[1] += plain_sum(rows[r] + b, end - b);
    }
    float sum = 0.0f;
    for (float x : lanes) sum += x;
    return sum;
}

float plain_sum_baseline(const float* p, std::size_t len) { return plain_sum(p, len); }
float interleaved_sum_baseline(const float* const* rows, std::size_t k, std::size_t d) {
    return interleaved_sum(rows, k, d);
}
#if SGC_DISPATCH_AVX2
__attribute__((target("avx2,fma"))) float plain_sum_avx2(const float* p, std::size_t len) {
    return plain_sum(p, len);
}
__attribute__((target("avx2,fma"))) float interleaved_sum_avx2(const float* const* rows,
                                                                std::size_t k, std::size_t d) {
    return interleaved_sum(rows, k, d);
}
#endif

// Elements [begin, end) of every row, row after row.
float read_rows(const dataset& s, std::size_t begin, std::size_t end) {
    float sum = 0.0f;
    for (std::size_t r = 0; r < s.k; ++r) {
        const float* p = &s.y(r, begin);
#if SGC_DISPATCH_AVX2
        if (sgc::detail::combine_uses_avx2()) {
            sum += plain_sum_avx2(p, end - begin);
            continue;
        }
#endif
        sum += plain_sum_baseline(p, end - begin);
    }
    return sum;
}

float read_interleaved(const dataset& s) {
    std::vector<const float*> rows;
    for (const auto& row : s.rows) rows.push_back(row.data());
#if SGC_DISPATCH_AVX2
    if (sgc::detail::combine_uses_avx2()) return interleaved_sum_avx2(rows.data(), s.k, s.d);
#endif
    return interleaved_sum_baseline(rows.data(), s.k, s.d);
}

void BM_read_baseline(benchmark::State& state) {
    const dataset& s = data(arg(state, 0), arg(state, 1));
    for (auto _ : state) benchmark::DoNotOptimize(read_rows(s, 0, s.d));
    count_bytes(state, s);
}

void BM_read_interleaved(benchmark::State& state) {
    const dataset& s = data(arg(state, 0), arg(state, 1));
    for (auto _ : state) benchmark::DoNotOptimize(read_interleaved(s));
    count_bytes(state, s);
}

// The same read with `threads` threads, split into the ranges the combine gets, on the same
// std::threads: only the loop differs.
void BM_read_baseline_parallel(benchmark::State& state) {
    const dataset& s = data(arg(state, 0), arg(state, 1));
    const auto exec = sgc::executor::threads(arg(state, 2));
    for (auto _ : state)
        sgc::detail::parallel_ranges(exec, s.out.data(), sizeof(float), s.d,
                                     (s.k + 1) * sizeof(float),
                                     [&](std::size_t begin, std::size_t end) {
                                         benchmark::DoNotOptimize(read_rows(s, begin, end));
                                     });
    count_bytes(state, s);
}

void BM_combine(benchmark::State& state) {
    dataset& s = data(arg(state, 0), arg(state, 1));
    for (auto _ : state) {
        sgc::combine(s.out, s.a, s.rows);
        benchmark::DoNotOptimize(s.out.data());
        benchmark::ClobberMemory();
    }
    count_bytes(state, s);
}

void BM_combine_parallel(benchmark::State& state) {
    dataset& s = data(arg(state, 0), arg(state, 1));
    const auto exec = sgc::executor::threads(arg(state, 2));
    for (auto _ : state) {
        sgc::combine(s.out, s.a, s.rows, exec);
        benchmark::DoNotOptimize(s.out.data());
        benchmark::ClobberMemory();
    }
    count_bytes(state, s);
}

// What people write instead: the coefficients times the stacked results with xtensor-blas
// (OpenBLAS sgemv), the result in a fresh tensor.
void BM_combine_blas(benchmark::State& state) {
    const dataset& s = data(arg(state, 0), arg(state, 1));
    auto a = xt::xtensor<float, 1>::from_shape({s.k});
    for (std::size_t r = 0; r < s.k; ++r) a(r) = static_cast<float>(s.a[r]);
    for (auto _ : state) {
        xt::xtensor<float, 1> g = xt::linalg::dot(a, s.y);
        benchmark::DoNotOptimize(g.data());
        benchmark::ClobberMemory();
    }
    count_bytes(state, s);
}

} // namespace

void sgc_bench::register_combine_benchmarks() {
    for (std::int64_t d : {std::int64_t{1} << 16, std::int64_t{1} << 22})
        for (std::int64_t k : {8, 64, 229}) {
            benchmark::RegisterBenchmark("BM_read_baseline", BM_read_baseline)->Args({k, d});
            benchmark::RegisterBenchmark("BM_read_interleaved", BM_read_interleaved)->Args({k, d});
            benchmark::RegisterBenchmark("BM_combine", BM_combine)->Args({k, d});
            benchmark::RegisterBenchmark("BM_combine_blas", BM_combine_blas)
                ->Args({k, d})
                ->UseRealTime();
            for (std::int64_t threads : {1, 2})
                benchmark::RegisterBenchmark("BM_read_baseline_parallel", BM_read_baseline_parallel)
                    ->Args({k, d, threads})
                    ->UseRealTime();
            for (std::int64_t threads : {1, 2})
                benchmark::RegisterBenchmark("BM_combine_parallel", BM_combine_parallel)
                    ->Args({k, d, threads})
                    ->UseRealTime();
        }
}
