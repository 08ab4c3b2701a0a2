#ifndef SGC_TRANSPORT_DETAIL_THREAD_POOL_HPP
#define SGC_TRANSPORT_DETAIL_THREAD_POOL_HPP

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace sgc::detail {

// A fixed set of threads running submitted jobs in order of submission. wait_idle() returns
// once every submitted job has finished and rethrows the first exception one threw.
class thread_pool {
public:
    explicit thread_pool(std::size_t threads);
    ~thread_pool();
    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;

    std::size_t size() const noexcept { return threads_.size(); }
    void submit(std::function<void()> job);
    void wait_idle();

private:
    void serve();

    std::mutex mutex_;
    std::condition_variable work_, idle_;
    std::deque<std::function<void()>> queue_;
    std::size_t running_ = 0;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::vector<std::thread> threads_;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline thread_pool::thread_pool(std::size_t threads) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { serve(); });
}

inline thread_pool::~thread_pool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    for (auto& t : threads_) t.join();
}

inline void thread_pool::submit(std::function<void()> job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(std::move(job));
    }
    work_.notify_one();
}

inline void thread_pool::wait_idle() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

inline void thread_pool::serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return; // stopping, nothing left
        std::function<void()> job = std::move(queue_.front());
        queue_.pop_front();
        ++running_;
        lock.unlock();
        try {
            job();
        } catch (...) {
            lock.lock();
            if (!error_) error_ = std::current_exception();
            lock.unlock();
        }
        lock.lock();
        --running_;
        if (queue_.empty() && running_ == 0) idle_.notify_all();
    }
}

} // namespace sgc::detail

#endif
