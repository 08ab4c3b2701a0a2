#ifndef SGC_SIM_REPLAY_HPP
#define SGC_SIM_REPLAY_HPP

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "../codes/decode_plan.hpp"
#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "../models/round_rule.hpp"
#include "../models/wait_policy.hpp"
#include "../models/window_monitor.hpp"
#include "../schemes/recipe.hpp"
#include "../schemes/task.hpp"
#include "trace.hpp"

namespace sgc::sim {

/// The policies are sgc::master's (models/wait_policy.hpp): wait-all (the paper's: wait for every
/// worker, record no stragglers) and minimal-wait (wait, as candidates arrive, only until the
/// missing ones conform). One type, so a policy chosen by simulation drives sgc::master.
using sgc::wait_policy;

/// How sgc::sim::replay runs a trace.
struct replay_options {
    /// Workers slower than (1 + mu) d_min are a round's candidate stragglers (d_min: the round's
    /// fastest time); finite and >= 0.
    double mu = 1.0;
    /// What a round does past its cut-off when the candidates do not conform.
    wait_policy policy = wait_policy::wait_all;
    /// The shift of a trace recorded at another load (sgc::sim::load_shift).
    load_shift shift{};
    /// The master's numerical guard. A job whose only plans are unreliable under it (the cyclic
    /// code at larger n with float gradients) counts as not decoded.
    decode_options decode{};
    /// Whether to fill replay_result::rounds.
    bool record_rounds = true;
    /// Stop (result.abandoned) as soon as the runtime so far exceeds this: a search that has a
    /// better candidate already need not finish. Durations are >= 0, so the total only grows.
    double abandon_above = std::numeric_limits<double>::infinity();
};

/// One round of a replay.
struct round_record {
    /// The 0-based round.
    std::size_t round = 0;
    /// Seconds; 0 for a round in which no worker has work; +infinity for a failed round.
    double duration = 0.0;
    /// It lasted beyond the cut-off (1 + mu) d_min.
    bool waited = false;
    /// The workers recorded as stragglers: the master treats them as not returned.
    worker_set stragglers;
    /// The workers with work in the round (the only ones timed).
    worker_set active;
    /// Active workers that did not answer in the round (delay_trace::no_answer in the trace).
    worker_set silent;
    /// The round had to wait for a worker in `silent`: it never ends (the replay stops there).
    bool failed = false;
};

/// When a job became decodable, or why it did not.
struct job_completion {
    /// Whether the job became decodable.
    bool decoded = false;
    /// The round at whose end it became decodable.
    std::size_t round = 0;
    /// Seconds from the start of round 0 to the end of that round.
    double time = 0.0;
    /// The master's verdict: decodable, failed (see reason), or pending when the replay stopped
    /// before the job's deadline (abandoned).
    job_state state = job_state::pending;
    /// Why a failed job failed.
    decode_status reason = decode_status::ok;
};

/// What sgc::sim::replay measured.
struct replay_result {
    /// Seconds: the sum of the rounds' durations.
    double total_runtime = 0.0;
    /// Rounds that waited beyond the cut-off.
    std::size_t waits = 0;
    /// Jobs that became decodable.
    std::size_t jobs_decoded = 0;
    /// The scheme's load, as used for the shift.
    double load = 0.0;
    /// Stopped early by abandon_above: the figures are partial.
    bool abandoned = false;
    /// The round that failed (it had to wait for a worker that never answered), if one did:
    /// the replay stops there, total_runtime counts the rounds before it, and the jobs not yet
    /// decoded stay pending.
    std::optional<std::size_t> failed_round;
    /// One per round run, if options.record_rounds (the failed round last).
    std::vector<round_record> rounds;
    /// One per job.
    std::vector<job_completion> jobs;
};

/// Replays `trace` through `scheme`'s own master (make_master(jobs)): round r uses row r of the
/// trace; the workers counted are those with work in the round (any non-idle slot); the round
/// rule (docs/design.md, sections 5.3 and 6.1) with the scheme's model() decides how long the
/// round lasts and whom to record as stragglers; the master is told that everyone else
/// returned. A round with no work costs 0 (it still takes its row, so that rounds and rows stay
/// aligned). A worker that did not answer (delay_trace::no_answer) straggles with unbounded
/// time: if the rule can record it as a straggler the round ends at its cut-off as usual,
/// otherwise the round must wait for it and fails (result.failed_round; the replay stops
/// there). This is how the paper measures the schemes' runtime on recorded delays (Krishnan,
/// Ebrahimi, Khisti, ICLR 2023, arXiv 2211.13802).
/// @param scheme any scheme (gc, sr_sgc, m_sgc, any_scheme's held scheme)
/// @param trace the delay trace, seconds per round and worker
/// @param jobs J, the jobs to run
/// @param options mu, wait policy, load shift, numerical guard, recording, early abandon
/// @return the total runtime in trace seconds, the waits, per-round records and per-job
///         completions
/// @throws invalid_parameter unless trace.n() = scheme.n(), the trace has at least jobs + T
///         rounds, jobs >= 1, mu >= 0 and the shift's L0, c are finite and >= 0, the trace's
///         times plus the shift are finite, and so is the total runtime (naming "trace": times
///         near 1e308 cannot be added up in a double)
template <class Scheme>
[[nodiscard]] replay_result replay(const Scheme& scheme, const delay_trace& trace, std::size_t jobs,
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
    if (!std::isfinite(shift) || !std::isfinite(trace.longest() + shift))
        detail::throw_invalid_parameter(where, "seconds_per_load",
                                        detail::number_text(options.shift.seconds_per_load),
                                        "the shift (L - L0) c = (" + detail::number_text(result.load) +
                                            " - " + detail::number_text(options.shift.trace_load) +
                                            ") c added to the trace's times is not a finite number");

    auto master = scheme.make_master(jobs, options.decode);
    // The model's monitor, as its common base: both models' monitors are window monitors.
    window_monitor monitor = scheme.model().make_monitor();
    round_rule rule(n, options.mu, options.policy, shift);
    worker_set returned(n);
    round_outcome outcome; // reused: a round allocates nothing but what the master needs
    if (options.record_rounds) result.rounds.reserve(master.rounds());

    while (!master.done()) {
        const round_assignment& a = master.assignment();
        const std::size_t r = a.round();
        const worker_set& active = a.busy();
        rule.decide(trace.row(r), active, monitor);
        if (rule.waited()) ++result.waits;
        // A duration is finite unless the round waited for a worker that never answered.
        const bool failed = rule.duration() == delay_trace::no_answer;
        if (options.record_rounds) {
            result.rounds.push_back({r, rule.duration(), rule.waited(), rule.stragglers(), active,
                                     worker_set(n), failed});
            if (trace.unanswered() != 0)
                for (std::size_t i : active)
                    if (!trace.answered(r, i)) result.rounds.back().silent.insert(i);
        }
        if (failed) {
            result.failed_round = r;
            break;
        }
        result.total_runtime += rule.duration();
        if (SGC_UNLIKELY(!std::isfinite(result.total_runtime)))
            detail::throw_invalid_parameter(where, "trace",
                                            "times up to " + detail::number_text(trace.longest()) +
                                                (shift != 0.0 ? " shifted by " + detail::number_text(shift) + " s"
                                                              : std::string()),
                                            "the total runtime overflows a double at round " +
                                                std::to_string(r) +
                                                ": times this large cannot be added up");

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
    for (std::size_t t = 0; t < jobs; ++t) {
        const job_status status = master.status(t);
        result.jobs[t].state = status.state;
        result.jobs[t].reason = status.reason;
    }
    return result;
}

} // namespace sgc::sim

#endif
