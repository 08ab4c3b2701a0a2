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
#include "detail/row_classes.hpp"

namespace sgc {

struct master_options {
    // A round's cut-off is (1 + mu) times its first result's time (docs/design.md §5.3).
    double mu = 1.0;
    wait_policy policy = wait_policy::minimal_wait;
    // Seconds into a round after which a worker that has not answered is presumed lost: a
    // permanent straggler the master no longer waits for, until it is heard from again.
    double lost_after = 30.0;
    decode_options decode{};
    executor exec{}; // where the combines run
    /// Results whose coefficient is known on arrival (M-SGC's D1 pieces) are staged and added
    /// into their job's buffer `batch` at a time, in one fused pass of the combine kernel, in
    /// the order they arrived (a run is reproducible bit for bit). 1 .. 64; the default is the
    /// kernel's width, 8. A staged result is held until its pass: up to batch - 1 per job in
    /// flight besides the job buffers (master_counters::peak_staged); 1 adds each on arrival.
    std::size_t batch = detail::combine_group;
};

// What the master has seen, from the start.
struct master_counters {
    std::size_t rounds = 0;
    std::size_t waits = 0;      // rounds that waited past the cut-off
    std::size_t stragglers = 0; // worker-rounds recorded as straggling
    std::size_t accepted = 0;   // result messages used
    std::size_t late = 0;       // for an earlier round: dropped
    std::size_t duplicate = 0;  // a second message of a worker in one round: dropped
    std::size_t unknown = 0;    // unknown worker, future round, or a worker with no work: dropped
    std::size_t malformed = 0;  // wrong slots or gradient lengths, or non-finite: dropped
    /// Results holding a NaN or an inf: coded results tested on arrival (their message is
    /// dropped and counted as malformed too, so a healthy copy can be used) and results found
    /// in the pass that adds them into a job's buffer (the job then fails with reason
    /// decode_status::non_finite). Contiguous gradient types only.
    std::size_t non_finite = 0;
    std::size_t redundant = 0;  // equal to a result held already, or for a settled job: dropped
    std::size_t lost = 0;       // times a worker was presumed lost
    std::size_t revived = 0;    // times a presumed-lost worker was heard from again
    std::size_t held = 0;       // gradients the master holds now (job buffers + coded results)
    std::size_t peak_held = 0;
    /// Results staged for a fused pass (master_options::batch), at most: the transport's
    /// gradients the master keeps besides `held`.
    std::size_t peak_staged = 0;
};

// One round, as it happened.
struct round_report {
    std::size_t round = 0;
    double duration = 0.0; // seconds on the transport's clock; 0 for a round without work
    bool waited = false;   // went past the cut-off because the missing workers did not conform
    std::vector<std::size_t> busy; // workers with a task
    std::vector<std::size_t> stragglers;
    std::vector<std::size_t> decoded; // jobs that became decodable
    std::vector<std::size_t> failed;  // jobs whose deadline passed without a decode
};

// A settled job, handed out in job order. `gradient` is g(job) when ok().
template <class G> struct job_result {
    std::size_t job = 0;
    job_state state = job_state::pending;
    decode_status reason = decode_status::ok; // why it failed
    G gradient{};

    [[nodiscard]] bool ok() const noexcept { return state == job_state::decodable; }
};

// The master of a real system: runs a scheme's rounds through a transport and moves the
// gradients. Per round it posts the tasks, collects results under the round rule of docs/design.md
// sections 5 and 6 (cut-off, conformance to the scheme's model, wait policy, lost workers),
// records the stragglers in the scheme's sans-I/O bookkeeping, and settles the jobs the
// bookkeeping says are decodable. Usage:
//
//   sgc::master m(scheme, transport, jobs, zero_gradient);
//   while (!m.finished()) {
//       m.run_round(input_of_job(m.round()));   // the model job m.round() starts at
//       while (auto r = m.next()) use(*r);        // decoded gradients, in job order
//   }
template <class Scheme, class Transport> class master {
    static_assert(is_transport_v<Transport>,
                  "sgc::master<Scheme, Transport>: Transport does not model the transport "
                  "interface of sgc/protocol/transport.hpp (gradient_type, input_type, n(), "
                  "now(), post(round_work), receive(deadline))");

public:
    using gradient_type = typename Transport::gradient_type;
    using input_type = typename Transport::input_type;
    using bookkeeping_type = typename Scheme::master_type;

    // `zero` fixes the gradients' shape. invalid_parameter if the transport's n differs from
    // the scheme's, jobs = 0, mu < 0 or lost_after <= 0.
    master(const Scheme& scheme, Transport& transport, std::size_t jobs, gradient_type zero,
           master_options options = {});

    [[nodiscard]] std::size_t n() const noexcept { return bookkeeping_.n(); }
    [[nodiscard]] std::size_t jobs() const noexcept { return bookkeeping_.jobs(); }
    // The next round to run; job round() starts in it (if round() < jobs()).
    [[nodiscard]] std::size_t round() const noexcept { return bookkeeping_.round(); }
    // True once every round has run and every job was handed out by next().
    [[nodiscard]] bool finished() const noexcept { return bookkeeping_.done() && ready_.empty(); }

    // Runs round(). `input` is the input of job round() (null only when input_type is
    // no_input, or no job starts).
    round_report run_round(std::shared_ptr<const input_type> input = nullptr);
    // The next settled job in job order, once all before it are settled.
    [[nodiscard]] std::optional<job_result<gradient_type>> next();

    [[nodiscard]] const master_counters& counters() const noexcept { return counters_; }
    // Workers presumed lost now.
    [[nodiscard]] const worker_set& lost() const noexcept { return lost_; }
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
master(const Scheme&, Transport&, std::size_t, G, master_options = {}) -> master<Scheme, Transport>;

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

inline void check_master_options(const master_options& o) {
    require(o.mu >= 0.0 && o.mu < std::numeric_limits<double>::infinity(), "sgc::master", "mu",
            o.mu, "must be a finite number >= 0");
    require(o.lost_after > 0.0, "sgc::master", "lost_after", o.lost_after, "must be > 0 seconds");
    require(o.batch >= 1 && o.batch <= 64, "sgc::master", "batch", o.batch, "must be in 1 .. 64");
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
    if (transport.n() != scheme.n())
        detail::throw_invalid_parameter("sgc::master", "transport.n()", std::to_string(transport.n()),
                                        "must equal the scheme's n = " + std::to_string(scheme.n()));
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
            if (!accept(std::move(*message), state)) continue;
            if (first) cutoff = cutoff_time(start, transport_->now(), options_.mu);
            if (minimal && conforms(state)) break;
            continue;
        }
        if (transport_->now() >= give_up) {
            const worker_set silent = state.busy - lost_ - state.returned;
            counters_.lost += silent.count();
            lost_ |= silent;
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
    if (w >= n()) return ++counters_.unknown, false;
    if (lost_.contains(w)) {
        lost_.erase(w);
        ++counters_.revived;
    }
    if (message.round < round()) return ++counters_.late, false;
    if (message.round > round() || !state.busy.contains(w)) return ++counters_.unknown, false;
    if (state.returned.contains(w)) return ++counters_.duplicate, false;
    if (!well_formed(message, state)) return ++counters_.malformed, false;
    for (const auto& s : message.slots)
        if (!buffers_.finite_if_held((*state.assignment)(w, s.slot), result_ref{w, message.round, s.slot},
                                     s.gradient)) {
            ++non_finite_dropped_;
            counters_.non_finite = non_finite_dropped_ + buffers_.non_finite();
            return ++counters_.malformed, false;
        }
    state.returned.insert(w);
    ++counters_.accepted;
    for (auto& s : message.slots) {
        const task& t = (*state.assignment)(w, s.slot);
        if (buffers_.place(t, result_ref{w, message.round, s.slot}, std::move(s.gradient)) ==
            detail::job_buffers<gradient_type>::placement::redundant)
            ++counters_.redundant;
    }
    counters_.non_finite = non_finite_dropped_ + buffers_.non_finite();
    track_held();
    return true;
}

// Exactly the worker's busy slots, once each, with gradients of length d.
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
        if (gradient_traits<gradient_type>::size(s.gradient) != d_) return false;
        seen[s.slot] = 1;
    }
    return true;
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
std::optional<job_result<typename Transport::gradient_type>> master<Scheme, Transport>::next() {
    if (ready_.empty()) return std::nullopt;
    job_result<gradient_type> result = std::move(ready_.front());
    ready_.pop_front();
    return result;
}

} // namespace sgc

#endif
