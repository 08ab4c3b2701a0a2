// The combine kernels against a simple reference loop: every kernel build, every thread count
// and a user pool, unaligned arrays, lengths that are not a multiple of the vector width,
// k = 0, 1 and large, combine and accumulate, float and double.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include <sgc/gradient/combine.hpp>
#include <sgc/gradient/gradient_view.hpp>
#include <sgc/gradient/kernels.hpp>
#include <sgc/gradient/parallel.hpp>

namespace {

// k inputs of length d and an output, filled uniformly in [-1, 1). With offset 0 every array is
// aligned; otherwise out starts `offset` elements into its buffer and each input 1 to 7 elements
// into its own, so that the arrays are misaligned against the vector width and one another.
template <class T> struct problem {
    std::size_t k, d, offset;
    std::vector<std::vector<T>> storage; // k inputs, then out
    std::vector<T> a;
    std::vector<T> initial; // out before the call

    problem(std::size_t k_, std::size_t d_, std::size_t offset_, std::uint64_t seed)
        : k(k_), d(d_), offset(offset_), storage(k_ + 1, std::vector<T>(d_ + 8 + offset_)),
          a(k_), initial(d_) {
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> u(-1.0, 1.0);
        for (auto& v : storage)
            for (auto& x : v) x = static_cast<T>(u(rng));
        for (auto& c : a) c = static_cast<T>(4.0 * u(rng));
        for (std::size_t i = 0; i < d; ++i) initial[i] = out()[i];
    }

    std::size_t input_offset(std::size_t r) const {
        return offset == 0 ? 0 : 1 + (offset + 3 * r) % 7;
    }
    const T* input(std::size_t r) const { return storage[r].data() + input_offset(r); }
    T* out() { return storage[k].data() + offset; }
    std::vector<const T*> inputs() const {
        std::vector<const T*> p;
        for (std::size_t r = 0; r < k; ++r) p.push_back(input(r));
        return p;
    }
    void reset() {
        for (std::size_t i = 0; i < d; ++i) out()[i] = initial[i];
    }

    // Elements [begin, end) of out against the sum in long double. Tolerance: one rounding of
    // the coefficient, the product and the running sum per term (the guard's budget), relative
    // to the sum of the magnitudes.
    // Elements [begin, end) of out against the sum in T in the kernels' order, terms r = 0..k-1
    // one after the other: either each term rounded once (fused multiply-add, as AVX2 + FMA
    // builds do) or product and sum rounded apart, the same way for every term of an element.
    // Equality, not a tolerance: a kernel that reorders or splits the sum fails.
    void check_order(bool accumulate, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            T fused = accumulate ? initial[i] : T(0), apart = fused;
            for (std::size_t r = 0; r < k; ++r) {
                // fma with 0 rounds the product alone; no multiply is left for the compiler to
                // contract into the sum.
                const T product = std::fma(a[r], input(r)[i], T(0));
                const bool first = r == 0 && !accumulate;
                fused = first ? product : std::fma(a[r], input(r)[i], fused);
                apart = first ? product : apart + product;
            }
            if (!(out()[i] == fused || out()[i] == apart)) {
                CAPTURE(i);
                CAPTURE(static_cast<double>(out()[i]));
                CAPTURE(static_cast<double>(fused));
                CAPTURE(static_cast<double>(apart));
                FAIL_CHECK("element is not the in-order sum of its terms");
                return;
            }
        }
    }

    void check(bool accumulate, std::size_t begin, std::size_t end) {
        constexpr long double u = std::numeric_limits<T>::epsilon() / 2;
        for (std::size_t i = 0; i < d; ++i) {
            long double sum = accumulate ? initial[i] : 0.0L;
            long double magnitude = std::abs(sum);
            for (std::size_t r = 0; r < k; ++r) {
                const long double term = static_cast<long double>(a[r]) * input(r)[i];
                sum += term;
                magnitude += std::abs(term);
            }
            if (i < begin || i >= end) sum = initial[i]; // outside the range: untouched
            const long double error = std::abs(out()[i] - sum);
            if (!(error <= 3.0L * static_cast<long double>(k + 1) * u * magnitude)) {
                CAPTURE(i);
                CAPTURE(static_cast<double>(error));
                FAIL_CHECK("element differs from the reference beyond the rounding bound");
                return;
            }
        }
    }
};

template <class T>
using kernel = void (*)(T*, const T* const*, const T*, std::size_t, std::size_t, std::size_t,
                        bool) noexcept;

// Vector operations that vectorise nothing: the plain loops that compilers without vector
// extensions build, forced on float and double.
struct scalar_ops {
    template <class T> static constexpr bool vectorised = false;
};

template <class T>
void combine_range_scalar(T* out, const T* const* y, const T* a, std::size_t k, std::size_t begin,
                          std::size_t end, bool accumulate) noexcept {
    sgc::detail::combine_blocks<scalar_ops>(out, y, a, k, begin, end, accumulate);
}

// The kernel builds this machine can run: the plain loops, the baseline one and, where compiled
// and supported, the AVX2 + FMA one.
template <class T> std::vector<kernel<T>> kernel_builds() {
    std::vector<kernel<T>> builds = {&combine_range_scalar<T>,
                                     &sgc::detail::combine_range_baseline<T>};
#if SGC_DISPATCH_AVX2
    if (sgc::detail::combine_uses_avx2()) builds.push_back(&sgc::detail::combine_range_avx2<T>);
#endif
    return builds;
}

const std::size_t ks[] = {0, 1, 2, 3, 5, 8, 9, 15, 37};
// Not multiples of the vector width, and longer than one cache block (4096 floats).
const std::size_t ds[] = {0, 1, 3, 7, 8, 13, 33, 1001, 4096 + 8 + 3, 3 * 4096 + 1};

// Runs f(executor) with the calling thread alone, 2 and 3 std::threads and a user pool of 3,
// each splitting even tiny arrays (grain 1 byte).
template <class F> void for_each_executor(F&& f) {
    const sgc::executor::pool_function pool = [](std::size_t tasks,
                                                 const sgc::executor::task& body) {
        std::vector<std::thread> threads;
        for (std::size_t t = 1; t < tasks; ++t) threads.emplace_back(body, t);
        body(0);
        for (auto& thread : threads) thread.join();
    };
    SUBCASE("calling thread") { f(sgc::executor()); }
    SUBCASE("2 threads") { f(sgc::executor::threads(2).with_grain(1)); }
    SUBCASE("3 threads") { f(sgc::executor::threads(3).with_grain(1)); }
    SUBCASE("user pool") { f(sgc::executor::pool(pool, 3).with_grain(1)); }
}

// Calls f(problem, accumulate) for every k and d given, aligned and misaligned arrays, combine
// and accumulate.
template <class T, class Ks, class Ds, class F>
void for_each_problem(const Ks& ks_, const Ds& ds_, std::uint64_t seed, F&& f) {
    for (std::size_t k : ks_)
        for (std::size_t d : ds_)
            for (std::size_t offset : {0u, 1u})
                for (bool accumulate : {false, true}) {
                    CAPTURE(k);
                    CAPTURE(d);
                    CAPTURE(offset);
                    CAPTURE(accumulate);
                    problem<T> p(k, d, offset, seed++);
                    f(p, accumulate);
                }
}

// Runs `build` on all of p's out and then, from the initial out, on a range in the middle as a
// thread gets it, calling check(begin, end) after each.
template <class T, class Check>
void whole_and_middle(kernel<T> build, problem<T>& p, bool accumulate, Check&& check) {
    const auto y = p.inputs();
    build(p.out(), y.data(), p.a.data(), p.k, 0, p.d, accumulate);
    check(std::size_t{0}, p.d);
    p.reset();
    const std::size_t begin = p.d / 3, end = p.d - p.d / 4;
    build(p.out(), y.data(), p.a.data(), p.k, begin, end, accumulate);
    check(begin, end);
}

} // namespace

TEST_CASE_TEMPLATE("combine kernels: every build matches the reference loop", T, float, double) {
    const auto builds = kernel_builds<T>();
    MESSAGE(builds.size() << " kernel build(s) on this machine");
    for (auto build : builds)
        for_each_problem<T>(ks, ds, 1, [&](problem<T>& p, bool accumulate) {
            whole_and_middle(build, p, accumulate, [&](std::size_t begin, std::size_t end) {
                p.check(accumulate, begin, end);
            });
        });
}

TEST_CASE_TEMPLATE("combine kernels: every build adds the terms in order r = 0..k-1, for every "
                   "k up to 70",
                   T, float, double) {
    std::vector<std::size_t> all_ks(71);
    for (std::size_t k = 0; k < all_ks.size(); ++k) all_ks[k] = k;
    const std::size_t some_ds[] = {1, 7, 37, 4096 + 8 + 3};
    for (auto build : kernel_builds<T>())
        for_each_problem<T>(all_ks, some_ds, 500, [&](problem<T>& p, bool accumulate) {
            whole_and_middle(build, p, accumulate, [&](std::size_t begin, std::size_t end) {
                p.check_order(accumulate, begin, end);
                p.check(accumulate, begin, end);
            });
        });
}

TEST_CASE_TEMPLATE("combine and accumulate: every thread count and a user pool match the "
                   "reference loop",
                   T, float, double) {
    for_each_executor([](const sgc::executor& exec) {
        const std::size_t few_ks[] = {0, 1, 9, 37};
        const std::size_t few_ds[] = {1, 7, 33, 1001, 2 * 4096 + 5};
        for_each_problem<T>(few_ks, few_ds, 100, [&](problem<T>& p, bool accumulate) {
            std::vector<sgc::gradient_view<const T>> y;
            for (const T* input : p.inputs()) y.emplace_back(input, p.d);
            sgc::gradient_view<T> out(p.out(), p.d);
            if (accumulate) sgc::accumulate(out, p.a, y, exec);
            else sgc::combine(out, p.a, y, exec);
            p.check(accumulate, 0, p.d);
        });
    });
}

TEST_CASE("combine: threads split large inputs at the default grain, bit for bit") {
    // 37 inputs of 3 x 16384 + 13 floats: 7.5 MB to read, so 2 and 3 threads both split it.
    problem<float> p(37, 3 * 16384 + 13, 1, 7);
    std::vector<sgc::gradient_view<const float>> y;
    for (const float* input : p.inputs()) y.emplace_back(input, p.d);
    sgc::gradient_view<float> out(p.out(), p.d);
    sgc::combine(out, p.a, y);
    const std::vector<float> single(out.begin(), out.end());
    p.check(false, 0, p.d);
    for (std::size_t threads : {2u, 3u}) {
        CAPTURE(threads);
        p.reset();
        std::atomic<std::size_t> calls{0};
        const auto counting_pool = [&](std::size_t tasks, const sgc::executor::task& body) {
            calls += tasks;
            for (std::size_t t = 0; t < tasks; ++t) body(t);
        };
        sgc::combine(out, p.a, y, sgc::executor::pool(counting_pool, threads));
        CHECK(calls == threads);
        CHECK(std::vector<float>(out.begin(), out.end()) == single);
        p.reset();
        sgc::combine(out, p.a, y, sgc::executor::threads(threads));
        CHECK(std::vector<float>(out.begin(), out.end()) == single);
    }
}

TEST_CASE("combine: small inputs stay on the calling thread") {
    std::size_t calls = 0;
    const auto pool = [&](std::size_t tasks, const sgc::executor::task& body) {
        ++calls;
        for (std::size_t t = 0; t < tasks; ++t) body(t);
    };
    std::vector<std::vector<float>> y(8, std::vector<float>(1000, 1.0f));
    std::vector<float> out(1000);
    sgc::combine(out, std::vector<double>(8, 0.5), y, sgc::executor::pool(pool, 4));
    CHECK(calls == 0);
    CHECK(out == std::vector<float>(1000, 4.0f));
}

TEST_CASE("combine: long double runs the plain loops") {
    std::vector<std::vector<long double>> y = {{1, 2, 3}, {4, 5, 6}};
    std::vector<long double> out(3);
    sgc::combine(out, std::vector<double>{2.0, -1.0}, y);
    CHECK(out == std::vector<long double>{-2, -1, 0});
}

TEST_CASE("executor: rules and errors") {
    CHECK(sgc::executor().concurrency() == 1);
    CHECK(sgc::executor::threads(3).concurrency() == 3);
    CHECK(sgc::executor::threads(3).with_grain(10).grain() == 10);
    CHECK_THROWS_WITH_AS(sgc::executor::threads(0),
                         "sgc::executor::threads: threads = 0: must be >= 1",
                         sgc::invalid_parameter);
    CHECK_THROWS_WITH_AS(sgc::executor::pool({}, 2), doctest::Contains("run = empty"),
                         sgc::invalid_parameter);
    CHECK_THROWS_AS(sgc::executor::pool([](std::size_t, const sgc::executor::task&) {}, 0),
                    sgc::invalid_parameter);
    CHECK_THROWS_AS(sgc::executor().with_grain(0), sgc::invalid_parameter);

    // Every task runs once, on any thread count; a task's exception reaches the caller.
    for (std::size_t threads : {1u, 2u, 3u, 8u}) {
        std::vector<std::atomic<int>> ran(11);
        sgc::executor::threads(threads).run(11, [&](std::size_t t) { ++ran[t]; });
        for (const auto& r : ran) CHECK(r == 1);
        const auto throwing = [](std::size_t t) {
            if (t == 3) throw std::runtime_error("task 3");
        };
        CHECK_THROWS_WITH_AS(sgc::executor::threads(threads).run(5, throwing), "task 3",
                             std::runtime_error);
    }
}
