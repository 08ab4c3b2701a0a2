#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <future>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sgc/core/thread_pool.hpp>
#include <sgc/gradient/combine.hpp>
#include <sgc/gradient/parallel.hpp>

// The one thread pool: run() as a parallel for, submit() as a queue of calls, exceptions back to
// the caller, nested use without deadlock.

TEST_CASE("thread_pool: run calls every task exactly once, for many small tasks") {
    for (std::size_t threads : {0, 1, 3}) {
        CAPTURE(threads);
        sgc::thread_pool pool(threads);
        CHECK(pool.size() == threads);
        for (std::size_t tasks : {0, 1, 2, 7, 20000}) {
            CAPTURE(tasks);
            std::vector<std::atomic<int>> calls(tasks);
            pool.run(tasks, [&](std::size_t i) { calls[i].fetch_add(1); });
            std::size_t once = 0;
            for (const auto& c : calls) once += c.load() == 1;
            CHECK(once == tasks);
        }
    }
}

TEST_CASE("thread_pool: run uses the pool's threads and the caller") {
    sgc::thread_pool pool(2);
    // Three tasks that each wait until all three are running at once: only possible if the two
    // pool threads and the calling thread take one each.
    std::atomic<int> running{0};
    pool.run(3, [&](std::size_t) {
        ++running;
        while (running.load() < 3) std::this_thread::yield();
    });
    CHECK(running.load() == 3);
}

TEST_CASE("thread_pool: a task's exception reaches the caller of run, after every task ran") {
    for (std::size_t threads : {0, 2}) {
        CAPTURE(threads);
        sgc::thread_pool pool(threads);
        std::atomic<int> ran{0};
        CHECK_THROWS_WITH_AS(pool.run(50,
                                      [&](std::size_t i) {
                                          ++ran;
                                          if (i == 17) throw std::out_of_range("task 17");
                                      }),
                             "task 17", std::out_of_range);
        CHECK(ran.load() == 50);
        // The pool is still usable afterwards.
        std::atomic<int> again{0};
        pool.run(10, [&](std::size_t) { ++again; });
        CHECK(again.load() == 10);
    }
}

TEST_CASE("thread_pool: submit returns the result, or the exception through the future") {
    for (std::size_t threads : {0, 2}) {
        CAPTURE(threads);
        sgc::thread_pool pool(threads);
        std::vector<std::future<std::size_t>> futures;
        for (std::size_t i = 0; i < 1000; ++i) futures.push_back(pool.submit([i] { return i * i; }));
        std::size_t sum = 0;
        for (auto& f : futures) sum += f.get();
        std::size_t expected = 0;
        for (std::size_t i = 0; i < 1000; ++i) expected += i * i;
        CHECK(sum == expected);

        auto failing = pool.submit([]() -> int { throw std::runtime_error("submitted"); });
        CHECK_THROWS_WITH_AS(failing.get(), "submitted", std::runtime_error);
    }
}

TEST_CASE("thread_pool: the destructor runs the calls still queued") {
    std::atomic<int> ran{0};
    {
        sgc::thread_pool pool(1);
        for (int i = 0; i < 200; ++i)
            (void)pool.submit([&ran] {
                std::this_thread::sleep_for(std::chrono::microseconds(10));
                ++ran;
            });
    }
    CHECK(ran.load() == 200);
}

TEST_CASE("thread_pool: nested run on the same pool completes, even with every thread busy") {
    for (std::size_t threads : {1, 2, 3}) {
        CAPTURE(threads);
        sgc::thread_pool pool(threads);
        // Every outer task (more than the pool has threads) runs an inner batch on the same pool,
        // and each inner task a third level: a caller that waited for pool threads to pick up
        // its batch would wait forever here.
        std::atomic<std::size_t> leaves{0};
        pool.run(threads + 3, [&](std::size_t) {
            pool.run(4, [&](std::size_t) { pool.run(3, [&](std::size_t) { ++leaves; }); });
        });
        CHECK(leaves.load() == (threads + 3) * 4 * 3);
    }
}

TEST_CASE("thread_pool: an inner exception propagates through the nesting") {
    sgc::thread_pool pool(2);
    CHECK_THROWS_WITH_AS(pool.run(4,
                                  [&](std::size_t outer) {
                                      pool.run(4, [&](std::size_t inner) {
                                          if (outer == 2 && inner == 3)
                                              throw std::invalid_argument("inner 2.3");
                                      });
                                  }),
                         "inner 2.3", std::invalid_argument);
}

TEST_CASE("thread_pool: a combine on an executor over the pool, from inside the pool's tasks") {
    // What the in-process transport's workers do when their partial combines on the same pool.
    sgc::thread_pool pool(2);
    const auto exec = sgc::executor::pool(pool).with_grain(64);
    CHECK(exec.concurrency() == 3);
    const std::size_t d = 4096, k = 5;
    std::vector<std::vector<double>> y(k, std::vector<double>(d));
    for (std::size_t r = 0; r < k; ++r)
        for (std::size_t i = 0; i < d; ++i) y[r][i] = static_cast<double>(r + 1) * 0.5 + static_cast<double>(i % 7);
    const std::vector<double> a{1.0, -2.0, 0.5, 3.0, 0.25};
    std::vector<double> expected(d, 0.0);
    for (std::size_t r = 0; r < k; ++r)
        for (std::size_t i = 0; i < d; ++i) expected[i] += a[r] * y[r][i];

    std::vector<std::vector<double>> out(6, std::vector<double>(d, -1.0));
    pool.run(out.size(), [&](std::size_t t) { sgc::combine(out[t], a, y, exec); });
    for (const auto& o : out) CHECK(o == expected);
}
