#ifndef SGC_RUNTIME_MASTER_HPP
#define SGC_RUNTIME_MASTER_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../codes/decode_plan.hpp"
#include "../config.hpp"
#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "../gradient/gradient_traits.hpp"
#include "../gradient/kernels.hpp"
#include "../gradient/parallel.hpp"
#include "../schemes/recipe.hpp"
#include "../schemes/task.hpp"
#include "../models/round_rule.hpp"
#include "../models/wait_policy.hpp"
#include "../protocol/messages.hpp"
#include "../protocol/transport.hpp"
#include "detail/job_buffers.hpp"
#include "observer.hpp"
#include "detail/row_classes.hpp"

namespace sgc {

/// sgc::master's settings.
struct master_options {
    /// A round's cut-off is (1 + mu) times its first result's time (docs/design.md §5.3).
    double mu = 1.0;
    /// wait_all, the paper's master: the default of the master, the simulator, the tuner, the
    /// command line and the Python module alike, so that a simulated policy is the one that runs.
    wait_policy policy = wait_policy::wait_all;
    /// Seconds into a round after which a worker that has not answered is presumed lost: a
    /// permanent straggler the master no longer waits for, until it is heard from again.
    double lost_after = 30.0;
    /// The numerical guard applied to every decode plan.
    decode_options decode{};
    /// Where the data path's combines run (the calling thread by default).
    executor exec{};
    /// Told of every round, dropped result, lost or revived worker and failed job
    /// (runtime/observer.hpp; sgc::stderr_logger writes them out). Not owned: it must outlive
    /// the master. Null: nobody is told, at the cost of one test per event.
    master_observer* observer = nullptr;
    /// Results whose coefficient is known on arrival (M-SGC's D1 pieces) are staged and added
    /// into their job's buffer `batch` at a time, in one fused pass of the combine kernel, in
    /// the order they arrived (a run is reproducible bit for bit). 1 .. 64; the default is the
    /// kernel's width, 8. A staged result is held until its pass: up to batch - 1 per job in
    /// flight besides the job buffers (master_counters::peak_staged); 1 adds each on arrival.
    std::size_t batch = detail::combine_group;
};

/// What the master has seen, from the start.
struct master_counters {
    /// Rounds run.
    std::size_t rounds = 0;
    /// Rounds that waited past the cut-off.
    std::size_t waits = 0;
    /// Worker-rounds recorded as straggling.
    std::size_t stragglers = 0;
    /// Result messages used.
    std::size_t accepted = 0;
    /// Result messages for an earlier round: dropped.
    std::size_t late = 0;
    /// A second message of a worker in one round: dropped.
    std::size_t duplicate = 0;
    /// Unknown worker, future round, or a worker with no work: dropped.
    std::size_t unknown = 0;
    /// Wrong slots, or a non-finite coded result: dropped.
    std::size_t malformed = 0;
    /// Results holding a NaN or an inf: coded results tested on arrival (their message is
    /// dropped and counted as malformed too, so a healthy copy can be used) and results found
    /// in the pass that adds them into a job's buffer (the job then fails with reason
    /// decode_status::non_finite). Contiguous gradient types only.
    std::size_t non_finite = 0;
    /// Equal to a result held already, or for a settled job: dropped.
    std::size_t redundant = 0;
    /// Times a worker was presumed lost.
    std::size_t lost = 0;
    /// Times a presumed-lost worker was heard from again.
    std::size_t revived = 0;
    /// Gradients the master holds now (job buffers + coded results).
    std::size_t held = 0;
    /// The most gradients held at once (held's peak).
    std::size_t peak_held = 0;
    /// Results staged for a fused pass (master_options::batch), at most: the transport's
    /// gradients the master keeps besides `held`.
    std::size_t peak_staged = 0;
};

/// A settled job, handed out in job order by sgc::master::next(). `gradient` is g(job) when ok().
template <class G> struct job_result {
    /// The job (the round it started in).
    std::size_t job = 0;
    /// decodable or failed.
    job_state state = job_state::pending;
    /// Why it failed (decode_status::ok for a decodable job).
    decode_status reason = decode_status::ok;
    /// g(job), of length d, when ok().
    G gradient{};

    /// Whether the gradient was decoded (state == decodable).
    [[nodiscard]] bool ok() const noexcept { return state == job_state::decodable; }
};

/// The master of a real system: runs a scheme's rounds through a transport and moves the
/// gradients. Per round it posts the tasks, collects results under the round rule of
/// docs/design.md sections 5 and 6 (cut-off, conformance to the scheme's model, wait policy,
/// lost workers), records the stragglers in the scheme's sans-I/O bookkeeping, and settles the
/// jobs the bookkeeping says are decodable. A result's gradient the master is done with goes
/// back to the transport if it has `recycle` (sgc::mpi_transport then receives into it).
/// Usage:
/// @code
/// sgc::master m(scheme, transport, jobs, zero_gradient);
/// while (!m.finished()) {
///     m.run_round(input_of_job(m.round()));   // the model job m.round() starts at
///     while (auto r = m.next()) use(*r);        // decoded gradients, in job order
/// }
/// @endcode
template <class Scheme, class Transport> class master {
    // First and alone: a static_assert naming the first missing or wrong member of Transport.
    // The rest of the class then compiles quietly (placeholder types, bodies not instantiated),
    // so that no cascade of errors buries that message.
    static_assert(detail::check_transport<Transport>() || true);
    static constexpr bool valid_ = detail::is_checked_transport_v<Transport>;

public:
    using gradient_type = detail::transport_gradient_t<Transport>; ///< Transport::gradient_type
    using input_type = detail::transport_input_t<Transport>;       ///< Transport::input_type
    using bookkeeping_type = typename Scheme::master_type;          ///< the scheme's sans-I/O master

    /// @param scheme the scheme whose rounds to run (its bookkeeping is made for `jobs` jobs)
    /// @param transport reaches the workers; not owned, it must outlive the master
    /// @param jobs the number of jobs J
    /// @param zero fixes the gradients' shape (its length d); its values are ignored
    /// @param options mu, the wait policy (wait_all by default), lost_after, the guard, the
    ///        executor and the observer
    /// @throws invalid_parameter if the transport's n differs from the scheme's, jobs = 0,
    ///         mu < 0 or lost_after <= 0
    master(const Scheme& scheme, Transport& transport, std::size_t jobs, gradient_type zero,
           master_options options = {});
    // Transport is not a transport: check_transport has stopped the build. This constructor
    // takes any arguments, so that the call adds no second error; it is never defined.
    template <class... Args, bool V = valid_, std::enable_if_t<!V, int> = 0>
    explicit master(Args&&...);

    /// The number of workers n.
    [[nodiscard]] std::size_t n() const noexcept { return bookkeeping_.n(); }
    /// The number of jobs J.
    [[nodiscard]] std::size_t jobs() const noexcept { return bookkeeping_.jobs(); }
    /// The next round to run; job round() starts in it (if round() < jobs()).
    [[nodiscard]] std::size_t round() const noexcept { return bookkeeping_.round(); }
    /// True once every round has run and every job was handed out by next().
    [[nodiscard]] bool finished() const noexcept { return bookkeeping_.done() && ready_.empty(); }

    /// Runs round(): posts its tasks, collects results under the round rule, settles the jobs
    /// that became decodable or failed, and tells master_options::observer (if any) what
    /// happened. Bad messages are dropped and counted (counters()).
    /// @param input the input of job round() (null only when input_type is no_input, or no
    ///        job starts)
    /// @return the round as it happened
    /// @throws invalid_parameter when every round has run, when `input` is null but needed,
    ///         and at the first result of the round's own worker, round and slots whose
    ///         gradient length differs from the master's zero gradient (naming both lengths):
    ///         a program error that dropping would only turn into lost workers later
    round_report run_round(std::shared_ptr<const input_type> input = nullptr);
    /// The next settled job, in job order: job t is handed out once jobs 0..t-1 have been.
    /// @return the job's result (its gradient when decoded, else its state and reason), or
    ///         nothing while the next job in order is still pending
    [[nodiscard]] std::optional<job_result<gradient_type>> next();

    /// What the master has seen, from the start.
    [[nodiscard]] const master_counters& counters() const noexcept { return counters_; }
    /// Workers presumed lost now.
    [[nodiscard]] const worker_set& lost() const noexcept { return lost_; }
    /// The scheme's bookkeeping (job statuses, the current assignment).
    [[nodiscard]] const bookkeeping_type& bookkeeping() const noexcept { return bookkeeping_; }

private:
    using monitor_type = decltype(std::declval<const Scheme&>().model().make_monitor());

    struct round_state {
        const round_assignment* assignment;
        worker_set busy;     // workers with a task this round
        worker_set returned; // whose results arrived
    };

    void collect(round_state& state, round_report& report);
    bool accept(result_message<gradient_type>&& message, round_state& state);
    // Counts and reports a dropped result (tells the observer).
    void count_drop(const result_message<gradient_type>& message, drop_reason reason);
    // count_drop, then gives the message's gradients back to the transport; returns false.
    bool drop(result_message<gradient_type>& message, drop_reason reason);
    void revive(std::size_t worker);
    // Hands a result's gradient to Transport::recycle, if it has one. Recycling only saves an
    // allocation: if it throws, the gradient is simply destroyed and the round goes on.
    void give_back(gradient_type&& gradient) noexcept;
    bool well_formed(const result_message<gradient_type>& message, const round_state& state);
    bool conforms(const round_state& state) const { return !monitor_.check(state.busy - state.returned); }
    void settle(const round_outcome& outcome, round_report& report);
    void track_held() {
        counters_.held = buffers_.held();
        counters_.peak_held = std::max(counters_.peak_held, counters_.held);
        counters_.peak_staged = std::max(counters_.peak_staged, buffers_.staged());
    }

    bookkeeping_type bookkeeping_;
    monitor_type monitor_;
    Transport* transport_;
    master_options options_;
    std::size_t d_;
    detail::job_buffers<gradient_type> buffers_;
    std::vector<std::uint8_t> seen_slots_; // scratch of well_formed
    worker_set awaited_;                   // scratch of collect
    std::size_t non_finite_dropped_ = 0;
    worker_set lost_;
    master_counters counters_;
    std::map<std::size_t, job_result<gradient_type>> settled_; // waiting for earlier jobs
    std::deque<job_result<gradient_type>> ready_;
    std::size_t next_job_ = 0; // the next job to move from settled_ to ready_
};

template <class Scheme, class Transport, class G>
/// Deduces master<Scheme, Transport> from the constructor's arguments.
master(const Scheme&, Transport&, std::size_t, G, master_options = {}) -> master<Scheme, Transport>;

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

inline void check_master_options(const master_options& o) {
    require(o.mu >= 0.0 && o.mu < std::numeric_limits<double>::infinity(), "sgc::master", "mu",
            o.mu, "must be a finite number >= 0");
    require(o.lost_after > 0.0 && o.lost_after < std::numeric_limits<double>::infinity(), "sgc::master",
            "lost_after", o.lost_after, "must be a finite number of seconds > 0 (transports are given finite deadlines)");
    require(o.batch >= 1 && o.batch <= 64, "sgc::master", "batch", o.batch, "must be in 1 .. 64");
}

[[noreturn]] SGC_NOINLINE SGC_COLD inline void throw_wrong_length(std::size_t worker, std::size_t round,
                                                                  std::size_t slot, std::size_t length,
                                                                  std::size_t d) {
    throw_invalid_parameter("sgc::master", "result gradient length",
                            std::to_string(length) + " (worker " + std::to_string(worker) + ", round " +
                                std::to_string(round) + ", slot " + std::to_string(slot) + ")",
                            "must equal d = " + std::to_string(d) +
                                ", the length of the master's zero gradient: give the transport "
                                "(its workers' zero gradient, the partial) and the master gradients "
                                "of one shape");
}

} // namespace detail

template <class Scheme, class Transport>
master<Scheme, Transport>::master(const Scheme& scheme, Transport& transport, std::size_t jobs,
                                  gradient_type zero, master_options options)
    : bookkeeping_(scheme.make_master(jobs, options.decode)),
      monitor_(scheme.model().make_monitor()), transport_(&transport), options_(options),
      d_(gradient_traits<gradient_type>::size(zero)),
      buffers_((detail::check_master_options(options), std::move(zero)),
               detail::coded_row_classes(scheme), options.exec,
               detail::job_buffer_shape{bookkeeping_.T(), bookkeeping_.assignment().slots(),
                                        scheme.n(), jobs, options.batch}),
      seen_slots_(bookkeeping_.assignment().slots()), awaited_(scheme.n()), lost_(scheme.n()) {
    if constexpr (valid_) {
        if (transport.n() != scheme.n())
            detail::throw_invalid_parameter("sgc::master", "transport.n()", std::to_string(transport.n()),
                                            "must equal the scheme's n = " + std::to_string(scheme.n()));
        if constexpr (detail::has_recycle<Transport>::value)
            buffers_.set_recycler([this](gradient_type&& g) { give_back(std::move(g)); });
    }
}

template <class Scheme, class Transport>
round_report master<Scheme, Transport>::run_round(std::shared_ptr<const input_type> input) {
    const std::size_t r = round();
    if (SGC_UNLIKELY(bookkeeping_.done()))
        detail::throw_invalid_parameter("sgc::master::run_round", "round", std::to_string(r),
                                        "every round has run (finished() is true)");
    if constexpr (!std::is_same_v<input_type, no_input>)
        if (SGC_UNLIKELY(r < jobs() && !input))
            detail::throw_invalid_parameter("sgc::master::run_round", "input", "null",
                                            "job " + std::to_string(r) + " needs its input");
    round_report report;
    report.round = r;
    round_state state{&bookkeeping_.assignment(), worker_set(n()), worker_set(n())};
    state.assignment->busy_workers(state.busy);
    buffers_.begin_round(r);
    track_held();
    if constexpr (valid_) // else the build has stopped at check_transport: no second error
        if (!state.busy.empty()) {
            const std::size_t T = bookkeeping_.T();
            transport_->post(round_work<input_type>{r, state.assignment, r >= T ? r - T : 0,
                                                    r < jobs() ? std::move(input) : nullptr});
            collect(state, report);
        }
    const worker_set stragglers = state.busy - state.returned;
    monitor_.record(stragglers);
    report.busy = state.busy.ids();
    report.stragglers = stragglers.ids();
    counters_.stragglers += report.stragglers.size();
    ++counters_.rounds;
    // Workers without work owe nothing: to the bookkeeping they returned.
    settle(bookkeeping_.complete_round(state.returned | (worker_set::all(n()) - state.busy)), report);
    track_held();
    if (options_.observer) options_.observer->round_finished(report);
    return report;
}

// The round rule: wait for the first result, then until the cut-off (1 + mu) t_first or until
// every expected worker answered; past the cut-off, stop if the missing workers conform to the
// model, else wait for everyone (wait_all) or until they conform (minimal_wait). A worker not
// heard from lost_after seconds into the round is presumed lost and no longer waited for.
template <class Scheme, class Transport>
void master<Scheme, Transport>::collect(round_state& state, round_report& report) {
    constexpr double never = std::numeric_limits<double>::infinity();
    const double start = transport_->now();
    const double give_up = start + options_.lost_after;
    double cutoff = never;
    bool past_cutoff = false, minimal = false;
    for (;;) {
        // awaited_ = busy - lost - returned, in place: no allocation per message
        awaited_ = state.busy;
        awaited_ -= lost_;
        awaited_ -= state.returned;
        if (awaited_.empty()) break;
        auto message = transport_->receive(past_cutoff ? give_up : std::min(cutoff, give_up));
        if (message) {
            const bool first = state.returned.empty();
            if (accept(std::move(*message), state)) {
                if (first) cutoff = cutoff_time(start, transport_->now(), options_.mu);
                if (minimal && conforms(state)) break;
                continue;
            }
            // Dropped. A transport that always has a message to drop (a worker in a resend loop,
            // a forger) must not keep the round open past give_up, as a silent one cannot.
            if (transport_->now() < give_up) continue;
        }
        if (transport_->now() >= give_up) {
            const worker_set silent = state.busy - lost_ - state.returned;
            counters_.lost += silent.count();
            lost_ |= silent;
            if (options_.observer)
                for (std::size_t w : silent.ids()) options_.observer->worker_lost(w, round());
            break;
        }
        if (past_cutoff) continue;
        past_cutoff = true;
        const auto decision = decide_at_cutoff(monitor_, state.busy - state.returned, options_.policy);
        if (decision == at_cutoff::stop) break;
        report.waited = true;
        ++counters_.waits;
        minimal = decision == at_cutoff::wait_until_conforming;
    }
    report.duration = transport_->now() - start;
}

template <class Scheme, class Transport>
bool master<Scheme, Transport>::accept(result_message<gradient_type>&& message, round_state& state) {
    const std::size_t w = message.worker;
    if (w >= n()) return drop(message, drop_reason::unknown);
    // A late result, or an accepted one, says the worker is back. A malformed, duplicate or
    // unknown one does not, so that a worker sending only garbage stays lost instead of costing
    // lost_after every round.
    if (message.round < round()) {
        revive(w);
        return drop(message, drop_reason::late);
    }
    if (message.round > round() || !state.busy.contains(w)) return drop(message, drop_reason::unknown);
    if (state.returned.contains(w)) return drop(message, drop_reason::duplicate);
    if (!well_formed(message, state)) return drop(message, drop_reason::malformed);
    for (const auto& s : message.slots)
        if (!buffers_.finite_if_held((*state.assignment)(w, s.slot), result_ref{w, message.round, s.slot},
                                     s.gradient)) {
            ++non_finite_dropped_;
            counters_.non_finite = non_finite_dropped_ + buffers_.non_finite();
            return drop(message, drop_reason::malformed);
        }
    revive(w);
    state.returned.insert(w);
    ++counters_.accepted;
    for (auto& s : message.slots) {
        const task& t = (*state.assignment)(w, s.slot);
        if (buffers_.place(t, result_ref{w, message.round, s.slot}, std::move(s.gradient)) ==
            detail::job_buffers<gradient_type>::placement::redundant) {
            count_drop(message, drop_reason::redundant);
            give_back(std::move(s.gradient)); // place() did not take it
        }
    }
    counters_.non_finite = non_finite_dropped_ + buffers_.non_finite();
    track_held();
    return true;
}

// Exactly the worker's busy slots, once each; a gradient of a length other than d is a mistake
// of the program (the transport's zero gradient is not the master's), not of the network.
template <class Scheme, class Transport>
bool master<Scheme, Transport>::well_formed(const result_message<gradient_type>& message,
                                            const round_state& state) {
    const round_assignment& a = *state.assignment;
    std::size_t busy_slots = 0;
    for (std::size_t slot = 0; slot < a.slots(); ++slot)
        busy_slots += a(message.worker, slot).kind != task_kind::idle;
    if (message.slots.size() != busy_slots) return false;
    std::vector<std::uint8_t>& seen = seen_slots_;
    std::fill(seen.begin(), seen.end(), std::uint8_t{0});
    for (const auto& s : message.slots) {
        if (s.slot >= a.slots() || seen[s.slot] || a(message.worker, s.slot).kind == task_kind::idle)
            return false;
        if (SGC_UNLIKELY(gradient_traits<gradient_type>::size(s.gradient) != d_))
            detail::throw_wrong_length(message.worker, message.round, s.slot,
                                       gradient_traits<gradient_type>::size(s.gradient), d_);
        seen[s.slot] = 1;
    }
    return true;
}

// Counts a dropped result (or one slot's, when redundant) and tells the observer.
template <class Scheme, class Transport>
void master<Scheme, Transport>::count_drop(const result_message<gradient_type>& message,
                                           drop_reason reason) {
    switch (reason) {
    case drop_reason::late: ++counters_.late; break;
    case drop_reason::duplicate: ++counters_.duplicate; break;
    case drop_reason::unknown: ++counters_.unknown; break;
    case drop_reason::malformed: ++counters_.malformed; break;
    case drop_reason::redundant: ++counters_.redundant; break;
    }
    if (options_.observer) options_.observer->result_dropped({message.worker, message.round, round(), reason});
}

template <class Scheme, class Transport>
bool master<Scheme, Transport>::drop(result_message<gradient_type>& message, drop_reason reason) {
    count_drop(message, reason);
    for (auto& s : message.slots) give_back(std::move(s.gradient));
    return false;
}

template <class Scheme, class Transport>
void master<Scheme, Transport>::give_back(gradient_type&& gradient) noexcept {
    if constexpr (detail::has_recycle<Transport>::value) {
        SGC_TRY {
            transport_->recycle(std::move(gradient));
        } SGC_CATCH(...) {
        }
    } else {
        (void)gradient;
    }
}

template <class Scheme, class Transport> void master<Scheme, Transport>::revive(std::size_t worker) {
    if (!lost_.contains(worker)) return;
    lost_.erase(worker);
    ++counters_.revived;
    if (options_.observer) options_.observer->worker_revived(worker, round());
}

template <class Scheme, class Transport>
void master<Scheme, Transport>::settle(const round_outcome& outcome, round_report& report) {
    for (const auto& recipe : outcome.decoded) {
        job_result<gradient_type> result;
        result.job = recipe.job;
        if (auto gradient = buffers_.settle(recipe)) {
            result.state = job_state::decodable;
            result.gradient = std::move(*gradient);
            report.decoded.push_back(recipe.job);
        } else { // a NaN or an inf went into its buffer
            result.state = job_state::failed;
            result.reason = decode_status::non_finite;
            report.failed.push_back(recipe.job);
            if (options_.observer) options_.observer->job_failed(recipe.job, result.reason);
        }
        settled_.emplace(recipe.job, std::move(result));
    }
    counters_.non_finite = non_finite_dropped_ + buffers_.non_finite();
    for (std::size_t job : outcome.failed) {
        buffers_.drop(job);
        job_result<gradient_type> result;
        result.job = job;
        result.state = job_state::failed;
        result.reason = bookkeeping_.status(job).reason;
        if (options_.observer) options_.observer->job_failed(job, result.reason);
        settled_.emplace(job, std::move(result));
        report.failed.push_back(job);
    }
    for (auto it = settled_.find(next_job_); it != settled_.end(); it = settled_.find(next_job_)) {
        ready_.push_back(std::move(it->second));
        settled_.erase(it);
        ++next_job_;
    }
}

template <class Scheme, class Transport>
std::optional<job_result<typename master<Scheme, Transport>::gradient_type>> master<Scheme, Transport>::next() {
    if (ready_.empty()) return std::nullopt;
    job_result<gradient_type> result = std::move(ready_.front());
    ready_.pop_front();
    return result;
}

} // namespace sgc

#endif
