#ifndef SGC_GRADIENT_PARALLEL_HPP
#define SGC_GRADIENT_PARALLEL_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "../core/error.hpp"
#include "../core/thread_pool.hpp"

namespace sgc {

/// Where the combine kernels run (the trailing argument of combine, accumulate, encode and
/// decode). The default runs everything on the calling thread; threads(c) splits a large combine
/// into c ranges, c - 1 of them on an sgc::thread_pool the executor owns (started once, shared by
/// its copies: keep the executor and reuse it); pool(p) runs the ranges on an sgc::thread_pool
/// of yours, and pool(run, c) on any other pool. A range gets at least grain() bytes of input to
/// read (default 2 MiB: below that a thread costs more than it saves). A combine on an executor
/// over a pool may run inside a task of that same pool (sgc::thread_pool: nested use).
class executor {
public:
    /// One task of a run: called with the task's index.
    using task = std::function<void(std::size_t)>;
    /// A pool's entry point: must call body(i) once for every i in [0, tasks), on any threads,
    /// and return when all calls have returned.
    using pool_function = std::function<void(std::size_t tasks, const task& body)>;

    /// The calling thread only (concurrency 1).
    executor() noexcept = default;
    /// An executor with its own sgc::thread_pool of threads - 1 threads, which live as long as the
    /// executor or a copy of it (1 is the calling thread only: no pool).
    /// @param threads the ranges a large combine is split into, >= 1
    /// @return the executor
    /// @throws invalid_parameter if threads = 0
    [[nodiscard]] static executor threads(std::size_t threads);
    /// An executor on the caller's pool, which must outlive it: pool.size() + 1 ranges (its threads
    /// and the calling thread).
    /// @param pool the pool
    /// @return the executor
    [[nodiscard]] static executor pool(thread_pool& pool);
    /// An executor on any other pool.
    /// @param run the pool's entry point (see pool_function)
    /// @param concurrency how many tasks the pool runs at once (the number of ranges), >= 1
    /// @return the executor
    /// @throws invalid_parameter if concurrency = 0 or run is empty
    [[nodiscard]] static executor pool(pool_function run, std::size_t concurrency);

    /// How many ranges a large combine is split into.
    [[nodiscard]] std::size_t concurrency() const noexcept { return concurrency_; }
    /// The least input per range, in bytes (default 2 MiB).
    [[nodiscard]] std::size_t grain() const noexcept { return grain_; }
    /// A copy that gives each range at least `bytes` of input.
    /// @param bytes the grain in bytes, >= 1
    /// @return the copy
    /// @throws invalid_parameter if bytes = 0
    [[nodiscard]] executor with_grain(std::size_t bytes) const;
    /// Runs body(0), ..., body(tasks - 1) and returns when all have finished.
    /// @param tasks the number of calls
    /// @param body the task; may be called concurrently
    /// @throws the first exception a task threw (rethrown)
    void run(std::size_t tasks, const task& body) const;

private:
    executor(std::size_t concurrency, pool_function pool) noexcept
        : concurrency_(concurrency), pool_(std::move(pool)) {}

    std::size_t concurrency_ = 1;
    std::size_t grain_ = std::size_t{1} << 21;
    pool_function pool_; ///< empty: the calling thread
};

namespace detail {

/// Splits [0, d) of an array at `base` into at most exec.concurrency() ranges of at least
/// exec.grain() bytes of work (bytes_per_element counts everything read per element) whose inner
/// boundaries fall on 64-byte lines of the array (no line is written by two threads), and calls
/// range(begin, end) for each through exec.
template <class Range>
void parallel_ranges(const executor& exec, const void* base, std::size_t element_size,
                     std::size_t d, std::size_t bytes_per_element, Range&& range);

} // namespace detail

// ---------------------------------------------------------------------------------------------
// implementation

inline executor executor::threads(std::size_t threads) {
    detail::require(threads >= 1, "sgc::executor::threads", "threads", threads, "must be >= 1");
    if (threads == 1) return executor();
    auto own = std::make_shared<thread_pool>(threads - 1);
    return executor(own->size() + 1, [own](std::size_t tasks, const task& body) { own->run(tasks, body); });
}

inline executor executor::pool(thread_pool& pool) {
    return executor(pool.size() + 1,
                    [&pool](std::size_t tasks, const task& body) { pool.run(tasks, body); });
}

inline executor executor::pool(pool_function run, std::size_t concurrency) {
    detail::require(concurrency >= 1, "sgc::executor::pool", "concurrency", concurrency,
                    "must be >= 1");
    if (!run)
        detail::throw_invalid_parameter("sgc::executor::pool", "run", "empty",
                                        "needs a callable that runs the tasks");
    return executor(concurrency, std::move(run));
}

inline executor executor::with_grain(std::size_t bytes) const {
    detail::require(bytes >= 1, "sgc::executor::with_grain", "bytes", bytes, "must be >= 1");
    executor copy = *this;
    copy.grain_ = bytes;
    return copy;
}

inline void executor::run(std::size_t tasks, const task& body) const {
    if (tasks == 0) return;
    if (tasks == 1) return body(0);
    if (pool_) return pool_(tasks, body);
    for (std::size_t t = 0; t < tasks; ++t) body(t);
}

namespace detail {

template <class Range>
void parallel_ranges(const executor& exec, const void* base, std::size_t element_size,
                     std::size_t d, std::size_t bytes_per_element, Range&& range) {
    constexpr std::size_t line = 64;
    const std::size_t line_elements = std::max<std::size_t>(1, line / element_size);
    const std::size_t work = d * bytes_per_element;
    std::size_t tasks = std::min(exec.concurrency(), std::max<std::size_t>(1, work / exec.grain()));
    tasks = std::min(tasks, std::max<std::size_t>(1, d / line_elements));
    if (tasks <= 1) return range(std::size_t{0}, d);

    // Elements before the array's first line boundary, then whole lines shared out evenly.
    const auto address = reinterpret_cast<std::uintptr_t>(base);
    const std::size_t lead =
        std::min(d, ((line - address % line) % line) / element_size);
    const std::size_t lines = (d - lead) / line_elements;
    const auto boundary = [&](std::size_t t) {
        return t == tasks ? d : t == 0 ? 0 : lead + lines * t / tasks * line_elements;
    };
    exec.run(tasks, [&](std::size_t t) { range(boundary(t), boundary(t + 1)); });
}

} // namespace detail
} // namespace sgc

#endif
