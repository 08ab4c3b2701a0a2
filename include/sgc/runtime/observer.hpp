#ifndef SGC_RUNTIME_OBSERVER_HPP
#define SGC_RUNTIME_OBSERVER_HPP

#include <array>
#include <cstddef>
#include <vector>

#include "../codes/decode_plan.hpp"
#include "../core/enum_names.hpp"

namespace sgc {

/// Why sgc::master dropped a result: the counter of master_counters that counts it.
enum class drop_reason {
    late,      ///< a result for an earlier round (a straggler's, after its round closed)
    duplicate, ///< a second message of a worker in one round
    unknown,   ///< an unknown worker id, a future round, or a worker with no task this round
    malformed, ///< slots that are not exactly the worker's tasks
    redundant  ///< one slot's result: equal to a result held already, or for a settled job
};

/// The reasons' names, "late", "duplicate", "unknown", "malformed" and "redundant"
/// (sgc::to_string, sgc::from_string).
constexpr std::array<enum_name<drop_reason>, 5> names_of(drop_reason) noexcept {
    return {{{drop_reason::late, "late"},
             {drop_reason::duplicate, "duplicate"},
             {drop_reason::unknown, "unknown"},
             {drop_reason::malformed, "malformed"},
             {drop_reason::redundant, "redundant"}}};
}

/// One round as it happened (sgc::master::run_round returns it; observers see it too).
struct round_report {
    std::size_t round = 0; ///< the round
    double duration = 0.0; ///< seconds on the transport's clock; 0 for a round without work
    bool waited = false;   ///< went past the cut-off because the missing workers did not conform
    std::vector<std::size_t> busy;       ///< workers with a task
    std::vector<std::size_t> stragglers; ///< workers recorded as straggling
    std::vector<std::size_t> decoded;    ///< jobs that became decodable
    std::vector<std::size_t> failed;     ///< jobs whose deadline passed without a decode
};

/// A result sgc::master dropped, and why.
struct dropped_result {
    std::size_t worker = 0; ///< the worker id the message carried (may be >= n: `unknown`)
    std::size_t round = 0;  ///< the round the message carried
    std::size_t during = 0; ///< the round the master was running when it arrived
    drop_reason reason = drop_reason::malformed; ///< why it was dropped
};

/// What sgc::master tells an observer as it runs (master_options::observer). Override the
/// events you want; the others do nothing. The calls come from the thread that runs the
/// master, in the order the events happen, and must not call back into the master. A master
/// without an observer pays one null-pointer test per event.
class master_observer {
public:
    virtual ~master_observer() = default;

    /// A round ended (after its jobs were settled).
    /// @param report the round, as sgc::master::run_round returns it
    virtual void round_finished(const round_report& report) { (void)report; }

    /// A result was dropped and counted (master_counters): never mixed into a gradient.
    /// @param dropped the worker and round the message carried, and the reason
    virtual void result_dropped(const dropped_result& dropped) { (void)dropped; }

    /// A worker was presumed lost: silent master_options::lost_after seconds into `round`.
    /// @param worker the worker id
    /// @param round the round the master was running
    virtual void worker_lost(std::size_t worker, std::size_t round) { (void)worker, (void)round; }

    /// A worker presumed lost was heard from again.
    /// @param worker the worker id
    /// @param round the round the master was running
    virtual void worker_revived(std::size_t worker, std::size_t round) { (void)worker, (void)round; }

    /// A job's deadline passed without a decode; next() will hand it out as failed.
    /// @param job the job
    /// @param reason why it could not be decoded (too_few_responders, unreliable, ...)
    virtual void job_failed(std::size_t job, decode_status reason) { (void)job, (void)reason; }

protected:
    master_observer() = default;
    master_observer(const master_observer&) = default;
    master_observer& operator=(const master_observer&) = default;
};

} // namespace sgc

#endif
