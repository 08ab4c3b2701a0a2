// The combine (out = sum_r a_r y_r over k float gradients of length d) against the yardsticks
// of the same run: plain reads of the same k·d floats (the memory bus), OpenBLAS sgemv on the
// same rows (what a user would call), and the same kernel written with xsimd. Every rate counts
// the k·d·4 bytes read; every benchmark that takes a thread count t runs with t threads.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include <sgc/gradient/combine.hpp>
#include <sgc/gradient/gradient_view.hpp>
#include <sgc/gradient/kernels.hpp>
#include <sgc/gradient/parallel.hpp>

#include "combine_xsimd.hpp"
#include "suite.hpp"

namespace {

// The k received gradients as the rows of one k x d matrix (the form sgemv needs; the library
// reads the same rows through views), coefficients, and an output: the matrix and the output on
// 4 KiB pages, all touched.
struct dataset {
    struct page_delete {
        void operator()(float* p) const { ::operator delete[](p, std::align_val_t{4096}); }
    };

    std::size_t k, d;
    std::unique_ptr<float[], page_delete> y;
    std::vector<sgc::gradient_view<const float>> rows;
    std::vector<const float*> pointers;
    std::vector<double> a;       // as sgc::combine takes them
    std::vector<float> a_single; // as the kernels and sgemv take them
    std::unique_ptr<float[], page_delete> out_storage;
    sgc::gradient_view<float> out;

    dataset(std::size_t k_, std::size_t d_)
        : k(k_), d(d_),
          y(page_aligned(k_ * d_)),
          a(k_), a_single(k_), out_storage(page_aligned(d_)), out(out_storage.get(), d_) {
        std::uint32_t state = 12345;
        std::fill(out.begin(), out.end(), 0.0f);
        for (std::size_t i = 0; i < k * d; ++i) { // values in [-1, 1): a cheap generator
            state = state * 1664525u + 1013904223u;
            y[i] = static_cast<float>(state >> 8) * 0x1.0p-23f - 1.0f;
        }
        for (std::size_t r = 0; r < k; ++r) {
            rows.emplace_back(row(r), d);
            pointers.push_back(row(r));
            a[r] = 1.0 / static_cast<double>(r + 1);
            a_single[r] = static_cast<float>(a[r]);
        }
    }
    const float* row(std::size_t r) const { return y.get() + r * d; }
    static float* page_aligned(std::size_t n) {
        return static_cast<float*>(::operator new[](n * sizeof(float), std::align_val_t{4096}));
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

// ---------------------------------------------------------------------------------------------
// The read yardsticks: sums of every float in the library's vectors, compiled like the kernels
// (baseline ISA, and AVX2 where the kernels run their AVX2 build), since on some cores a read
// loop's speed from memory depends on its instruction density and the yardstick must not be the
// slower one.

using ops = sgc::detail::vector_extension_ops;
static_assert(ops::vectorised<float>, "the read yardsticks need GCC or Clang vector extensions");
using vector = ops::vector<float>;
constexpr std::size_t width = ops::width<float>;

SGC_ALWAYS_INLINE float horizontal_sum(const vector& v) {
    float lanes[width];
    ops::store(lanes, v);
    float sum = 0.0f;
    for (float x : lanes) sum += x;
    return sum;
}

// Reads p[0, len) as eight consecutive parts at once, a vector sum each: one core keeps eight
// streams of misses in flight, as the combine does, instead of waiting on one. Of the loops
// measured on 4 KiB pages (one to sixteen streams, 32- or 64-byte vectors, software prefetch),
// this one read fastest.
SGC_ALWAYS_INLINE float streamed_sum(const float* p, std::size_t len) {
    constexpr std::size_t streams = 8;
    vector sum[streams] = {};
    const std::size_t part = len / streams / width * width;
    for (std::size_t i = 0; i < part; i += width)
        for (std::size_t s = 0; s < streams; ++s) {
            vector x;
            ops::load(x, p + s * part + i);
            sum[s] += x;
        }
    float total = 0.0f;
    for (std::size_t i = streams * part; i < len; ++i) total += p[i];
    for (const vector& v : sum) total += horizontal_sum(v);
    return total;
}

// The combine's access pattern without its arithmetic or stores: eight rows at a time through
// the kernels' cache blocks.
SGC_ALWAYS_INLINE float interleaved_sum(const float* const* rows, std::size_t k,
                                        std::size_t begin, std::size_t end) {
    constexpr std::size_t block = sgc::detail::combine_block<float>;
    constexpr std::size_t group = sgc::detail::combine_group;
    static_assert(group == 8, "interleaved_sum reads eight rows at a time");
    vector sum = {};
    float rest = 0.0f;
    for (std::size_t b = begin; b < end; b += block) {
        const std::size_t stop = std::min(end, b + block);
        std::size_t r = 0;
        for (; r + group <= k; r += group) {
            const float* const* p = rows + r;
            std::size_t i = b;
            for (; i + width <= stop; i += width) {
                vector x0, x1, x2, x3, x4, x5, x6, x7;
                ops::load(x0, p[0] + i), ops::load(x1, p[1] + i), ops::load(x2, p[2] + i);
                ops::load(x3, p[3] + i), ops::load(x4, p[4] + i), ops::load(x5, p[5] + i);
                ops::load(x6, p[6] + i), ops::load(x7, p[7] + i);
                sum += ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7));
            }
            for (; i < stop; ++i)
                for (std::size_t q = 0; q < group; ++q) rest += p[q][i];
        }
        for (; r < k; ++r) rest += streamed_sum(rows[r] + b, stop - b);
    }
    return rest + horizontal_sum(sum);
}

// Elements [begin, end) of every row: row after row, or interleaved as the combine reads them.
float read_rows(const float* const* rows, std::size_t k, std::size_t begin, std::size_t end) {
    float sum = 0.0f;
    for (std::size_t r = 0; r < k; ++r) sum += streamed_sum(rows[r] + begin, end - begin);
    return sum;
}
float read_interleaved(const float* const* rows, std::size_t k, std::size_t begin,
                       std::size_t end) {
    return interleaved_sum(rows, k, begin, end);
}
#if SGC_DISPATCH_AVX2
__attribute__((target("avx2,fma"))) float read_rows_avx2(const float* const* rows, std::size_t k,
                                                         std::size_t begin, std::size_t end) {
    float sum = 0.0f;
    for (std::size_t r = 0; r < k; ++r) sum += streamed_sum(rows[r] + begin, end - begin);
    return sum;
}
__attribute__((target("avx2,fma"))) float
read_interleaved_avx2(const float* const* rows, std::size_t k, std::size_t begin,
                      std::size_t end) {
    return interleaved_sum(rows, k, begin, end);
}
#endif

using sgc_bench::read_loop;

read_loop rows_loop() {
#if SGC_DISPATCH_AVX2
    if (sgc::detail::combine_uses_avx2()) return &read_rows_avx2;
#endif
    return &read_rows;
}
read_loop interleaved_loop() {
#if SGC_DISPATCH_AVX2
    if (sgc::detail::combine_uses_avx2()) return &read_interleaved_avx2;
#endif
    return &read_interleaved;
}

// The read on the calling thread alone, as BM_combine runs.
void read_benchmark(benchmark::State& state, read_loop loop) {
    const dataset& s = data(arg(state, 0), arg(state, 1));
    for (auto _ : state) benchmark::DoNotOptimize(loop(s.pointers.data(), s.k, 0, s.d));
    count_bytes(state, s);
}

// The read with t threads, split into the ranges the combine gets, on the same kind of
// executor: only the loop differs.
void parallel_read_benchmark(benchmark::State& state, read_loop loop) {
    const dataset& s = data(arg(state, 0), arg(state, 1));
    const auto exec = sgc::executor::threads(arg(state, 2));
    for (auto _ : state)
        sgc::detail::parallel_ranges(exec, s.out.data(), sizeof(float), s.d,
                                     (s.k + 1) * sizeof(float),
                                     [&](std::size_t begin, std::size_t end) {
                                         benchmark::DoNotOptimize(
                                             loop(s.pointers.data(), s.k, begin, end));
                                     });
    count_bytes(state, s);
}

void BM_read_baseline(benchmark::State& state) { read_benchmark(state, rows_loop()); }
void BM_read_interleaved(benchmark::State& state) { read_benchmark(state, interleaved_loop()); }
void BM_read_baseline_parallel(benchmark::State& state) {
    parallel_read_benchmark(state, rows_loop());
}
void BM_read_interleaved_parallel(benchmark::State& state) {
    parallel_read_benchmark(state, interleaved_loop());
}

// ---------------------------------------------------------------------------------------------
// The combines

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

// The same kernel in xsimd (combine_xsimd.hpp) on the same ranges and threads.
void BM_combine_xsimd(benchmark::State& state) {
    dataset& s = data(arg(state, 0), arg(state, 1));
    const auto exec = sgc::executor::threads(arg(state, 2));
    auto kernel = xsimd::dispatch<sgc_bench::xsimd_archs>(sgc_bench::combine_xsimd{});
    float* out = s.out.data();
    for (auto _ : state) {
        sgc::detail::parallel_ranges(exec, out, sizeof(float), s.d, (s.k + 1) * sizeof(float),
                                     [&](std::size_t begin, std::size_t end) {
                                         kernel(out, s.pointers.data(), s.a_single.data(), s.k,
                                                begin, end, false);
                                     });
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    // Same blocks, order and roundings as the library's kernel: the same floats, bit for bit.
    std::vector<float> library(s.d);
    sgc::combine(library, s.a, s.rows);
    if (!std::equal(library.begin(), library.end(), s.out.begin()))
        state.SkipWithError("the xsimd kernel's result differs from the library's");
    count_bytes(state, s);
}

// OpenBLAS sgemv, out = Y^T a with Y the k x d row-major matrix, on t OpenBLAS threads (what
// xtensor-blas's dot(a, Y) and numpy's a @ Y call).
void BM_combine_blas(benchmark::State& state) {
    dataset& s = data(arg(state, 0), arg(state, 1));
    openblas_set_num_threads(static_cast<int>(state.range(2)));
    for (auto _ : state) {
        cblas_sgemv(CblasRowMajor, CblasTrans, static_cast<blasint>(s.k),
                    static_cast<blasint>(s.d), 1.0f, s.y.get(), static_cast<blasint>(s.d),
                    s.a_single.data(), 1, 0.0f, s.out.data(), 1);
        benchmark::DoNotOptimize(s.out.data());
        benchmark::ClobberMemory();
    }
    openblas_set_num_threads(1);
    count_bytes(state, s);
}

} // namespace

sgc_bench::read_loop sgc_bench::read_rows_loop() { return rows_loop(); }

void sgc_bench::register_combine_benchmarks() {
    // Real time throughout, so that every ratio compares like with like.
    const auto add = [](const char* name, void (*f)(benchmark::State&),
                        const std::vector<std::int64_t>& args) {
        benchmark::RegisterBenchmark(name, f)->Args(args)->UseRealTime();
    };
    for (std::int64_t d : {std::int64_t{1} << 16, std::int64_t{1} << 22})
        for (std::int64_t k : {8, 64, 229}) {
            add("BM_read_baseline", BM_read_baseline, {k, d});
            add("BM_read_interleaved", BM_read_interleaved, {k, d});
            add("BM_combine", BM_combine, {k, d});
            for (std::int64_t threads : {1, 2}) {
                add("BM_read_baseline_parallel", BM_read_baseline_parallel, {k, d, threads});
                add("BM_read_interleaved_parallel", BM_read_interleaved_parallel,
                    {k, d, threads});
                add("BM_combine_blas", BM_combine_blas, {k, d, threads});
                add("BM_combine_xsimd", BM_combine_xsimd, {k, d, threads});
                add("BM_combine_parallel", BM_combine_parallel, {k, d, threads});
            }
        }
}
