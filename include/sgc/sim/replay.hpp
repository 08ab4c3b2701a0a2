#ifndef SGC_SIM_REPLAY_HPP
#define SGC_SIM_REPLAY_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "../codes/decode_plan.hpp"
#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "../models/detail/window_monitor.hpp"
#include "../runtime/detail/cutoff.hpp"
#include "../runtime/wait_policy.hpp"
#include "../schemes/recipe.hpp"
#include "../schemes/task.hpp"
#include "trace.hpp"

namespace sgc::sim {

// The policies of DESIGN.md sections 5 and 6 are the runtime's: wait-all (the paper's: wait for
// every worker, record no stragglers) and minimal-wait (wait, as candidates arrive, only until
// the missing ones conform). One type, so a policy chosen by simulation drives sgc::master.
using sgc::wait_policy;

struct replay_options {
    double mu = 1.0; // workers slower than (1 + mu) d_min are a round's candidate stragglers
    wait_policy policy = wait_policy::wait_all;
    load_shift shift{}; // a trace recorded at another load (sim/trace.hpp)
    // The master's numerical guard. A job whose only plans are unreliable under it (the cyclic
    // code at larger n with float gradients) counts as not decoded.
    decode_options decode{};
    bool record_rounds = true; // fill replay_result::rounds
    // Stop (result.abandoned) as soon as the runtime so far exceeds this: a search that has a
    // better candidate already need not finish. Durations are >= 0, so the total only grows.
    double abandon_above = std::numeric_limits<double>::infinity();
};

// One round of a replay.
struct round_record {
    std::size_t round = 0;
    double duration = 0.0;  // seconds; 0 for a round in which no worker has work
    bool waited = false;    // it lasted beyond the cut-off (1 + mu) d_min
    worker_set stragglers;  // recorded as stragglers: the master treats them as not returned
    worker_set active;      // workers with work in the round (the only ones timed)
};

// When a job became decodable.
struct job_completion {
    bool decoded = false;
    std::size_t round = 0; // the round at whose end it became decodable
    double time = 0.0;     // seconds from the start of round 0 to the end of that round
};

struct replay_result {
    double total_runtime = 0.0;
    std::size_t waits = 0; // rounds that waited beyond the cut-off
    std::size_t jobs_decoded = 0;
    double load = 0.0;           // the scheme's load, as used for the shift
    bool abandoned = false;      // stopped early by abandon_above: the figures are partial
    std::vector<round_record> rounds; // if options.record_rounds
    std::vector<job_completion> jobs; // one per job
};

// Replays `trace` through `scheme`'s own master (make_master(jobs)): round r uses row r of the
// trace; the workers counted are those with work in the round (any non-idle slot); the round
// rule of DESIGN.md section 6 with the scheme's model() decides how long the round lasts and whom
// to record as stragglers; the master is told that everyone else returned. A round with no work
// costs 0 (it still takes its row, so that rounds and rows stay aligned).
// invalid_parameter unless trace.n() = scheme.n(), the trace has at least jobs + T rounds,
// jobs >= 1, mu >= 0 and the shift's L0, c are finite and >= 0.
template <class Scheme>
replay_result replay(const Scheme& scheme, const delay_trace& trace, std::size_t jobs,
                     const replay_options& options = {});

// ---------------------------------------------------------------------------------------------
// implementation

} // namespace sgc::sim

namespace sgc::detail {

inline void check_replay_options(const sim::replay_options& o) {
    constexpr const char* where = "sgc::sim::replay";
    if (!(o.mu >= 0.0 && std::isfinite(o.mu)))
        throw_invalid_parameter(where, "mu", number_text(o.mu), "must be a finite number >= 0");
    check_load_shift(where, o.shift);
}

// The round rule of DESIGN.md section 6 for one round. Reused across rounds so that a replay
// allocates nothing per round but the master's own work.
class round_rule {
public:
    round_rule(std::size_t n, double mu, wait_policy policy)
        : mu_(mu), policy_(policy), candidates_(n), stragglers_(n) {
        arrivals_.reserve(n);
    }

    // Decides the round whose workers `active` took times row[i] + shift (at least 0), given
    // the recorded history in `monitor`, and records its stragglers there.
    void decide(const double* row, double shift, const worker_set& active, window_monitor& monitor);

    double duration() const noexcept { return duration_; }
    bool waited() const noexcept { return waited_; }
    const worker_set& stragglers() const noexcept { return stragglers_; }

private:
    void wait_until_conforming(const double* row, double shift, const window_monitor& monitor);
    static double time_of(const double* row, double shift, std::size_t i) noexcept {
        return std::max(0.0, row[i] + shift);
    }

    double mu_;
    wait_policy policy_;
    worker_set candidates_, stragglers_;
    std::vector<std::pair<double, std::size_t>> arrivals_; // (time, worker) of the candidates
    double duration_ = 0.0;
    bool waited_ = false;
};

// Candidates arrive in order of their times (ties together); the round ends at the first
// arrival after which the still-missing candidates conform. Both model rules only get easier as
// the set shrinks, and the empty set always conforms.
inline void round_rule::wait_until_conforming(const double* row, double shift,
                                              const window_monitor& monitor) {
    arrivals_.clear();
    for (std::size_t i : candidates_) arrivals_.emplace_back(time_of(row, shift, i), i);
    std::sort(arrivals_.begin(), arrivals_.end());
    worker_set& missing = candidates_;
    for (std::size_t k = 0; k < arrivals_.size();) {
        const double t = arrivals_[k].first;
        for (; k < arrivals_.size() && arrivals_[k].first == t; ++k) missing.erase(arrivals_[k].second);
        if (!monitor.check(missing).has_value()) {
            duration_ = t;
            stragglers_ = missing;
            return;
        }
    }
}

inline void round_rule::decide(const double* row, double shift, const worker_set& active,
                               window_monitor& monitor) {
    stragglers_.clear();
    waited_ = false;
    duration_ = 0.0;
    if (active.empty()) { // nothing to wait for: the round costs nothing
        monitor.record(stragglers_);
        return;
    }
    double fastest = std::numeric_limits<double>::infinity(), slowest = 0.0;
    for (std::size_t i : active) {
        const double t = time_of(row, shift, i);
        fastest = std::min(fastest, t);
        slowest = std::max(slowest, t);
    }
    const double cutoff = cutoff_time(0.0, fastest, mu_);
    candidates_.clear();
    if (slowest > cutoff)
        for (std::size_t i : active)
            if (time_of(row, shift, i) > cutoff) candidates_.insert(i);

    if (candidates_.empty()) {
        duration_ = slowest; // everyone is in by the cut-off
    } else {
        switch (decide_at_cutoff(monitor, candidates_, policy_)) {
        case at_cutoff::stop:
            duration_ = cutoff;
            stragglers_ = candidates_;
            break;
        case at_cutoff::wait_for_all:
            duration_ = slowest;
            waited_ = true;
            break;
        case at_cutoff::wait_until_conforming:
            waited_ = true;
            duration_ = slowest;
            wait_until_conforming(row, shift, monitor);
            break;
        }
    }
    monitor.record(stragglers_);
}

} // namespace sgc::detail

namespace sgc::sim {

template <class Scheme>
replay_result replay(const Scheme& scheme, const delay_trace& trace, std::size_t jobs,
                     const replay_options& options) {
    constexpr const char* where = "sgc::sim::replay";
    detail::check_replay_options(options);
    const std::size_t n = scheme.n();
    if (trace.n() != n)
        detail::throw_invalid_parameter(where, "trace.n()", std::to_string(trace.n()),
                                        "the trace must have one column per worker, n = " +
                                            std::to_string(n));
    detail::require(jobs >= 1, where, "jobs", jobs, "must be >= 1");
    if (trace.rounds() < jobs + scheme.T())
        detail::throw_invalid_parameter(where, "jobs", std::to_string(jobs),
                                        "jobs + T = " + std::to_string(jobs + scheme.T()) +
                                            " rounds are needed, the trace has " +
                                            std::to_string(trace.rounds()));

    replay_result result;
    result.load = scheme.load().value();
    result.jobs.resize(jobs);
    const double shift = options.shift.offset(result.load);

    auto master = scheme.make_master(jobs, options.decode);
    // The model's monitor, as its common base: both models' monitors are window monitors.
    detail::window_monitor monitor = scheme.model().make_monitor();
    detail::round_rule rule(n, options.mu, options.policy);
    worker_set returned(n);
    round_outcome outcome; // reused: a round allocates nothing but what the master needs
    if (options.record_rounds) result.rounds.reserve(master.rounds());

    while (!master.done()) {
        const round_assignment& a = master.assignment();
        const std::size_t r = a.round();
        const worker_set& active = a.busy();
        rule.decide(trace.row(r), shift, active, monitor);
        result.total_runtime += rule.duration();
        if (rule.waited()) ++result.waits;
        if (options.record_rounds)
            result.rounds.push_back(
                {r, rule.duration(), rule.waited(), rule.stragglers(), active});

        returned = rule.stragglers();
        returned.flip();
        master.complete_round(returned, outcome, recipe_mode::jobs_only);
        for (const auto& recipe : outcome.decoded) {
            result.jobs[recipe.job] = {true, r, result.total_runtime};
            ++result.jobs_decoded;
        }
        if (result.total_runtime > options.abandon_above) {
            result.abandoned = true;
            break;
        }
    }
    return result;
}

} // namespace sgc::sim

#endif
