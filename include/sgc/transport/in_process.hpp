#ifndef SGC_TRANSPORT_IN_PROCESS_HPP
#define SGC_TRANSPORT_IN_PROCESS_HPP

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/enum_names.hpp"
#include "../core/error.hpp"
#include "../core/thread_pool.hpp"
#include "../protocol/job_inputs.hpp"
#include "../protocol/messages.hpp"
#include "../protocol/worker.hpp"
#include "../schemes/task.hpp"
#include "delays.hpp"

namespace sgc {

/// The in-process transport's clock. simulated: deterministic virtual time, a result arrives
/// exactly its injected delay after its round was posted (tests, the simulator's twin); real:
/// std::chrono::steady_clock, a result arrives after its computation and its delay x time_scale;
/// paced: the simulated clock decides (now(), the order and times of arrivals: exactly the
/// simulator's rounds), and wall time is held to it, a result being handed out no earlier than
/// its delay x time_scale after its round was posted (demos: trace-driven rounds that take real
/// time; a round lasts the longer of its workers' computation and its scaled duration).
enum class clock_kind { simulated, real, paced };

/// The clocks' names, "simulated", "real" and "paced" (sgc::to_string, sgc::from_string).
constexpr std::array<enum_name<clock_kind>, 3> names_of(clock_kind) noexcept {
    return {{{clock_kind::simulated, "simulated"}, {clock_kind::real, "real"}, {clock_kind::paced, "paced"}}};
}

/// The in-process transport's settings.
struct in_process_options {
    /// Worker threads of the transport's own pool; 0: thread_pool::hardware_threads().
    std::size_t threads = 0;
    /// The clock: simulated (the default), real or paced.
    clock_kind clock = clock_kind::simulated;
    /// real and paced clocks: wall seconds per second of injected delay (demos run fast); finite
    /// and >= 0.
    double time_scale = 1.0;
    /// A pool of yours to run the workers on instead (threads is then ignored); it must outlive
    /// the transport. The partial may combine on an executor over the same pool.
    thread_pool* pool = nullptr;
};

/// The embedded default transport: the n workers are computations on a thread pool of this
/// process, and straggling is injected by a delay_function (transport/delays.hpp). Each worker
/// computes with sgc::worker and the user's partial (see protocol/worker.hpp for its contract;
/// it is called from the pool's threads concurrently). The scheme is copied. The destructor
/// waits for the workers still computing (real clock).
template <class Scheme, class G, class Partial, class Input = no_input> class in_process_transport {
    // First and alone: what is wrong with G or Partial; the rest then compiles quietly.
    static_assert(is_gradient_v<G>,
                  "sgc::in_process_transport<Scheme, G, Partial, Input>: G is not a gradient: "
                  "specialise sgc::gradient_traits<G> with value_type, size(const G&), "
                  "fill_zero(G&) and axpy(value_type a, const G& x, G& y)");
    static_assert(!is_gradient_v<G> || detail::is_partial_v<const Partial&, Input, G>,
                  "sgc::in_process_transport<Scheme, G, Partial, Input>: the partial must be "
                  "callable as partial(const Input& input, std::size_t job, sgc::sample_range "
                  "samples, G& out) through a const reference (it runs on several threads at once)");
    static constexpr bool valid_ = is_gradient_v<G> && detail::is_partial_v<const Partial&, Input, G>;

public:
    using gradient_type = G;  ///< the results' gradient type
    using input_type = Input; ///< what a job's workers compute from (the model)

    /// @param scheme the scheme whose tasks the workers compute (copied)
    /// @param batch the samples of a job's batch, >= 1
    /// @param partial the user's partial gradient: see sgc::worker for its contract; called from
    ///        the pool's threads concurrently
    /// @param zero a zero gradient of the right length d, copied for each result
    /// @param delays the injected straggling: the seconds worker i takes in round r
    /// @param options threads, clock, time scale, pool
    /// @throws invalid_parameter if batch = 0, delays is empty, or time_scale is not finite and
    ///         >= 0
    in_process_transport(const Scheme& scheme, std::size_t batch, Partial partial, G zero,
                         delay_function delays, in_process_options options = {});
    /// Waits for the workers still computing (real clock).
    ~in_process_transport();
    in_process_transport(const in_process_transport&) = delete;
    in_process_transport& operator=(const in_process_transport&) = delete;

    /// Workers n, the scheme's.
    [[nodiscard]] std::size_t n() const noexcept { return scheme_.n(); }
    /// Seconds since the transport was made, on its clock (virtual for simulated and paced).
    [[nodiscard]] double now();
    /// Delivers round work.round's tasks: every busy worker that answers computes its results
    /// (simulated and paced clocks: all of them before post returns).
    /// @param work the round's tasks and the input of the job that starts
    /// @throws invalid_parameter if work.assignment is null
    /// @throws the exception a worker's partial threw in an earlier round (or, simulated and
    ///         paced clocks, in this one), rethrown once
    void post(const round_work<Input>& work);
    /// The next result message that has arrived, waiting for one until now() reaches `deadline`
    /// (paced clock: holding wall time to the virtual clock).
    /// @param deadline seconds on the transport's clock
    /// @return the message, or nullopt at the deadline
    /// @throws the exception a worker's partial threw, rethrown once
    [[nodiscard]] std::optional<result_message<G>> receive(double deadline);

    /// Delivers `message` at time `at` as if a worker had sent it: for tests of duplicated,
    /// late or foreign messages.
    /// @param message the message
    /// @param at seconds on the transport's clock
    void deliver(result_message<G> message, double at);

private:
    struct arrival {
        double time;
        std::uint64_t order; // ties: first posted first
        std::shared_ptr<result_message<G>> message;
        friend bool operator>(const arrival& a, const arrival& b) noexcept {
            return a.time != b.time ? a.time > b.time : a.order > b.order;
        }
    };
    using job_list = std::vector<std::pair<std::size_t, std::shared_ptr<const Input>>>;
    /// One worker's work of a round, and when its result is due.
    struct computation {
        std::size_t worker;
        job_list jobs;
        double due;
        std::uint64_t order;
    };

    result_message<G> compute(const round_assignment& a, std::size_t worker, const job_list& jobs) const;
    void push(arrival a); // under mutex_
    void rethrow();       // under mutex_
    arrival compute(const round_assignment& a, const computation& c) const {
        return {c.due, c.order, std::make_shared<result_message<G>>(compute(a, c.worker, c.jobs))};
    }
    [[nodiscard]] bool virtual_clock() const noexcept { return options_.clock != clock_kind::real; }
    void pace(double virtual_time) const; // paced clock: wait for its wall time

    Scheme scheme_;
    std::size_t batch_;
    Partial partial_;
    G zero_;
    delay_function delays_;
    in_process_options options_;
    job_inputs<Input> inputs_;
    std::chrono::steady_clock::time_point epoch_ = std::chrono::steady_clock::now();
    double virtual_now_ = 0.0;
    /// Paced clock: when the latest round was posted, on both clocks.
    std::chrono::steady_clock::time_point wall_posted_ = epoch_;
    double virtual_posted_ = 0.0;
    std::uint64_t order_ = 0;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::priority_queue<arrival, std::vector<arrival>, std::greater<arrival>> queue_;
    std::exception_ptr error_;
    std::size_t computing_ = 0; // real clock: submitted workers not finished, under mutex_
    std::condition_variable finished_;
    std::unique_ptr<thread_pool> own_pool_; // unless options.pool
    thread_pool* pool_;
};

/// Deduces the transport's types: make_in_process<Input>(scheme, batch, partial, zero, delays).
template <class Input = no_input, class Scheme, class Partial, class G>
[[nodiscard]] in_process_transport<Scheme, G, Partial, Input>
make_in_process(const Scheme& scheme, std::size_t batch, Partial partial, G zero,
                delay_function delays, in_process_options options = {}) {
    return {scheme, batch, std::move(partial), std::move(zero), std::move(delays), options};
}

// ---------------------------------------------------------------------------------------------
// implementation

template <class Scheme, class G, class Partial, class Input>
in_process_transport<Scheme, G, Partial, Input>::in_process_transport(
    const Scheme& scheme, std::size_t batch, Partial partial, G zero, delay_function delays,
    in_process_options options)
    : scheme_(scheme), batch_(batch), partial_(std::move(partial)), zero_(std::move(zero)),
      delays_(std::move(delays)), options_(options),
      own_pool_(options.pool ? nullptr
                             : std::make_unique<thread_pool>(options.threads ? options.threads
                                                                             : thread_pool::hardware_threads())),
      pool_(options.pool ? options.pool : own_pool_.get()) {
    detail::require(batch >= 1, "sgc::in_process_transport", "batch", batch, "must be >= 1");
    detail::require(static_cast<bool>(delays_), "sgc::in_process_transport", "delays", "empty",
                    "needs a delay_function");
    detail::require(options.time_scale >= 0.0 && std::isfinite(options.time_scale),
                    "sgc::in_process_transport", "time_scale", options.time_scale,
                    "must be a finite number >= 0");
}

template <class Scheme, class G, class Partial, class Input>
in_process_transport<Scheme, G, Partial, Input>::~in_process_transport() {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [this] { return computing_ == 0; });
}

template <class Scheme, class G, class Partial, class Input>
double in_process_transport<Scheme, G, Partial, Input>::now() {
    if (virtual_clock()) return virtual_now_;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_).count();
}

template <class Scheme, class G, class Partial, class Input>
result_message<G> in_process_transport<Scheme, G, Partial, Input>::compute(const round_assignment& a,
                                                                          std::size_t worker,
                                                                          const job_list& jobs) const {
    const auto input = [&](std::size_t job) -> const Input* {
        for (const auto& [j, in] : jobs)
            if (j == job && in) return in.get();
        if constexpr (std::is_same_v<Input, no_input>) {
            static const no_input none{};
            return &none;
        } else {
            return nullptr;
        }
    };
    if constexpr (valid_) { // else the build has stopped at the static_asserts above: alone
        sgc::worker<Scheme, G> w(scheme_, worker, batch_, zero_);
        return w.run(a, input, partial_);
    } else {
        return {};
    }
}

template <class Scheme, class G, class Partial, class Input>
void in_process_transport<Scheme, G, Partial, Input>::post(const round_work<Input>& work) {
    detail::require(work.assignment != nullptr, "sgc::in_process_transport::post", "assignment",
                    "null", "must point to the round's tasks");
    {
        std::lock_guard<std::mutex> lock(mutex_);
        rethrow();
    }
    inputs_.update(work);
    const double posted = now();
    wall_posted_ = std::chrono::steady_clock::now();
    virtual_posted_ = posted;
    // The master moves on to the next round while real-clock workers still compute.
    auto tasks = std::make_shared<const round_assignment>(*work.assignment);
    const bool simulated = virtual_clock();
    std::vector<computation> computations;
    for (std::size_t i = 0; i < n(); ++i) {
        job_list jobs;
        for (std::size_t slot = 0; slot < tasks->slots(); ++slot) {
            const task& t = (*tasks)(i, slot);
            if (t.kind != task_kind::idle) jobs.emplace_back(t.job, inputs_.find(t.job));
        }
        if (jobs.empty()) continue;
        const double delay = delays_(work.round, i);
        if (!(delay < never_answers)) continue; // a dead worker computes nothing
        const double due = posted + delay * (simulated ? 1.0 : options_.time_scale);
        computations.push_back({i, std::move(jobs), due, order_++});
    }
    if (simulated) {
        // Every result is in before post() returns; a partial's exception comes out here.
        std::vector<arrival> staged(computations.size());
        pool_->run(computations.size(),
                   [&](std::size_t k) { staged[k] = compute(*tasks, computations[k]); });
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto& a : staged) push(std::move(a));
        return;
    }
    for (auto& c : computations) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ++computing_;
        }
        // The future is not needed: the call reports through the queue and error_.
        (void)pool_->submit([this, tasks, mine = std::move(c)] {
            std::optional<arrival> a;
            std::exception_ptr error;
            SGC_TRY {
                a = compute(*tasks, mine);
            } SGC_CATCH(...) {
                error = std::current_exception();
            }
            std::lock_guard<std::mutex> lock(mutex_);
            if (a) {
                a->time = std::max(a->time, now());
                push(std::move(*a));
            } else if (!error_) {
                error_ = error;
            }
            if (--computing_ == 0) finished_.notify_all();
        });
    }
}

template <class Scheme, class G, class Partial, class Input>
std::optional<result_message<G>> in_process_transport<Scheme, G, Partial, Input>::receive(double deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (virtual_clock()) {
        rethrow();
        std::optional<result_message<G>> message;
        if (!queue_.empty() && queue_.top().time <= deadline) {
            virtual_now_ = std::max(virtual_now_, queue_.top().time);
            message = std::move(*queue_.top().message);
            queue_.pop();
        } else {
            virtual_now_ = std::max(virtual_now_, deadline);
        }
        lock.unlock();
        pace(virtual_now_);
        return message;
    }
    for (;;) {
        rethrow();
        const double t = now();
        if (!queue_.empty() && queue_.top().time <= t) {
            auto message = std::move(*queue_.top().message);
            queue_.pop();
            return message;
        }
        if (t >= deadline) return std::nullopt;
        const double wake = queue_.empty() ? deadline : std::min(deadline, queue_.top().time);
        arrived_.wait_until(lock, epoch_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                               std::chrono::duration<double>(wake)));
    }
}

template <class Scheme, class G, class Partial, class Input>
void in_process_transport<Scheme, G, Partial, Input>::pace(double virtual_time) const {
    if (options_.clock != clock_kind::paced || !std::isfinite(virtual_time)) return;
    const double ahead = (virtual_time - virtual_posted_) * options_.time_scale;
    if (ahead > 0.0)
        std::this_thread::sleep_until(
            wall_posted_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(ahead)));
}

template <class Scheme, class G, class Partial, class Input>
void in_process_transport<Scheme, G, Partial, Input>::deliver(result_message<G> message, double at) {
    std::lock_guard<std::mutex> lock(mutex_);
    push(arrival{at, order_++, std::make_shared<result_message<G>>(std::move(message))});
}

template <class Scheme, class G, class Partial, class Input>
void in_process_transport<Scheme, G, Partial, Input>::push(arrival a) {
    queue_.push(std::move(a));
    arrived_.notify_all();
}

template <class Scheme, class G, class Partial, class Input>
void in_process_transport<Scheme, G, Partial, Input>::rethrow() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

} // namespace sgc

#endif
