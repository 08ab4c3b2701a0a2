#ifndef SGC_CORE_THREAD_POOL_HPP
#define SGC_CORE_THREAD_POOL_HPP

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "../config.hpp"

namespace sgc {

/// A fixed set of threads that live as long as the pool: the one thread pool of sgc. The
/// combine executor (sgc::executor::threads, or sgc::executor::pool on a pool of yours), the
/// in-process transport and the tuner run on it.
///
/// Two ways in:
/// - run(tasks, body) is a parallel for: body(0), ..., body(tasks - 1) on the pool's threads
///   and the calling thread, returning when all have finished.
/// - submit(f) queues one call and returns a std::future of its result.
///
/// Nesting: run() may be called from inside a task of the same pool (say, a transport's worker
/// whose partial combines on an executor over this pool). The calling thread runs its own
/// batch's tasks until none is left unclaimed, so a batch finishes even when every pool thread
/// is busy: nested run() never deadlocks. What can deadlock, as on any fixed pool, is a task
/// that blocks on a future of another task submitted to the same pool; do not do that.
class thread_pool {
public:
    /// Starts `threads` threads. If the system refuses one (std::system_error), the pool keeps
    /// those it started: size() says how many.
    /// @param threads the pool's threads; 0 is allowed: run() then uses the calling thread only
    ///        and submit() runs its call at once on the calling thread
    explicit thread_pool(std::size_t threads);
    /// Runs the calls still queued, then joins the threads. Must not run on one of them.
    ~thread_pool();
    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;

    /// The number of threads of the pool (the calling thread of run() comes on top).
    [[nodiscard]] std::size_t size() const noexcept { return threads_.size(); }
    /// std::thread::hardware_concurrency(), or 1 where it is unknown.
    [[nodiscard]] static std::size_t hardware_threads() noexcept {
        return std::max(1u, std::thread::hardware_concurrency());
    }

    /// Calls body(i) once for every i in [0, tasks), on up to size() pool threads and the
    /// calling thread, and returns when all calls have returned. Every call runs even if one
    /// throws; then the first exception caught is rethrown here.
    /// @param tasks the number of calls (0: returns at once)
    /// @param body the task; called concurrently from several threads
    /// @throws the first exception a call of body threw, after all calls have finished
    void run(std::size_t tasks, const std::function<void(std::size_t)>& body);

    /// Queues one call of `f` (a callable taking no arguments) to run on a pool thread.
    /// @return a future of its result; an exception `f` throws is rethrown by its get()
    /// @tparam F a callable taking no arguments, decay-copied into the queue
    /// @param f the call
    template <class F> std::future<std::invoke_result_t<std::decay_t<F>&>> submit(F&& f);

private:
    class batch;
    void enqueue(std::function<void()> job, std::size_t copies);
    void serve();

    std::mutex mutex_;
    std::condition_variable work_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// ---------------------------------------------------------------------------------------------
// implementation

/// One run(): the tasks are claimed through an atomic counter by whoever gets there first, the
/// caller included; the caller then waits for the claimed ones still running elsewhere. A helper
/// queued on the pool that starts after everything was claimed finds nothing to do; it holds the
/// batch by shared_ptr, so the batch outlives run() and the body is never touched again.
class thread_pool::batch {
public:
    /// @param body the task (not copied: it outlives the batch's use of it)
    /// @param tasks the number of calls
    batch(const std::function<void(std::size_t)>& body, std::size_t tasks)
        : body_(&body), tasks_(tasks) {}

    /// Claims and runs calls until none is left unclaimed.
    void work() {
        for (std::size_t i = next_++; i < tasks_; i = next_++) {
            SGC_TRY {
                (*body_)(i);
            } SGC_CATCH(...) {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!error_) error_ = std::current_exception();
            }
            if (++finished_ == tasks_) {
                std::lock_guard<std::mutex> lock(mutex_); // no wake-up lost between test and wait
                done_.notify_all();
            }
        }
    }
    /// Waits for every claimed call to return; rethrows the first exception caught.
    void wait_and_rethrow() {
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return finished_ == tasks_; });
        if (error_) std::rethrow_exception(error_);
    }

private:
    const std::function<void(std::size_t)>* body_;
    std::size_t tasks_;
    std::atomic<std::size_t> next_{0};
    std::atomic<std::size_t> finished_{0};
    std::mutex mutex_;
    std::condition_variable done_;
    std::exception_ptr error_;
};

inline thread_pool::thread_pool(std::size_t threads) {
    threads_.reserve(threads);
    SGC_TRY {
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { serve(); });
    } SGC_CATCH(const std::system_error&) {
        // No more threads to be had: the pool works with those it has.
    }
}

inline thread_pool::~thread_pool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    for (auto& t : threads_) t.join();
}

inline void thread_pool::run(std::size_t tasks, const std::function<void(std::size_t)>& body) {
    if (tasks == 0) return;
    if (tasks == 1) return body(0);
    auto shared = std::make_shared<batch>(body, tasks);
    enqueue([shared] { shared->work(); }, std::min(tasks - 1, threads_.size()));
    shared->work();
    shared->wait_and_rethrow();
}

template <class F>
std::future<std::invoke_result_t<std::decay_t<F>&>> thread_pool::submit(F&& f) {
    using result = std::invoke_result_t<std::decay_t<F>&>;
    // std::function needs a copyable target: the packaged_task is shared.
    auto task = std::make_shared<std::packaged_task<result()>>(std::forward<F>(f));
    std::future<result> future = task->get_future();
    if (threads_.empty())
        (*task)();
    else
        enqueue([task] { (*task)(); }, 1);
    return future;
}

inline void thread_pool::enqueue(std::function<void()> job, std::size_t copies) {
    if (copies == 0) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (std::size_t i = 1; i < copies; ++i) queue_.push_back(job);
        queue_.push_back(std::move(job));
    }
    if (copies == 1)
        work_.notify_one();
    else
        work_.notify_all();
}

inline void thread_pool::serve() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return; // stopping, nothing left
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job(); // never throws: run()'s batch and submit()'s packaged_task keep the exceptions
    }
}

} // namespace sgc

#endif
