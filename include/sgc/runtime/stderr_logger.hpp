#ifndef SGC_RUNTIME_STDERR_LOGGER_HPP
#define SGC_RUNTIME_STDERR_LOGGER_HPP

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "../codes/decode_plan.hpp"
#include "../core/enum_names.hpp"
#include "observer.hpp"

namespace sgc {

/// A ready-made master_observer that writes one line per event, each starting "sgc::master: ":
///
///     sgc::master: round 3: 4.02 s, waited past the cut-off, stragglers {2, 3}, decoded jobs {1}
///     sgc::master: round 3: dropped a late result of worker 2 for round 1
///     sgc::master: round 5: worker 4 presumed lost
///     sgc::master: round 6: worker 4 heard from again
///     sgc::master: job 7 failed: too_few_responders
///
/// Redundant copies (routine for repetition codes) are counted, not written.
/// Usage: point master_options::observer at a logger that outlives the master:
///
///     sgc::stderr_logger logger;
///     options.observer = std::addressof(logger);
class stderr_logger : public master_observer {
public:
    /// @param out where the lines go (stderr by default; a file of yours must stay open while
    ///        the logger is used)
    /// @param every_round true: a line for every round; false: only for rounds that waited,
    ///        recorded stragglers or failed a job (the other events are always written)
    explicit stderr_logger(std::FILE* out = stderr, bool every_round = true) noexcept
        : out_(out), every_round_(every_round) {}

    /// Writes the round's duration, whether it waited, its stragglers, decoded and failed jobs.
    /// @param report the round
    void round_finished(const round_report& report) override;
    /// Writes the reason, the worker and the round of the dropped result; not for `redundant`
    /// copies, which a repetition code makes every round (master_counters counts them).
    /// @param dropped the dropped result
    void result_dropped(const dropped_result& dropped) override;
    /// Writes that `worker` is presumed lost in `round`.
    /// @param worker the worker id
    /// @param round the round the master was running
    void worker_lost(std::size_t worker, std::size_t round) override;
    /// Writes that `worker` was heard from again in `round`.
    /// @param worker the worker id
    /// @param round the round the master was running
    void worker_revived(std::size_t worker, std::size_t round) override;
    /// Writes the job and the reason it failed.
    /// @param job the job
    /// @param reason why it could not be decoded
    void job_failed(std::size_t job, decode_status reason) override;

private:
    void line(const std::string& text) const;

    std::FILE* out_;
    bool every_round_;
};

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

// "{2, 3}"
inline std::string id_list(const std::vector<std::size_t>& ids) {
    std::string text = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) text += ", ";
        text += std::to_string(ids[i]);
    }
    return text + "}";
}

} // namespace detail

inline void stderr_logger::line(const std::string& text) const {
    std::fprintf(out_, "sgc::master: %s\n", text.c_str());
}

inline void stderr_logger::round_finished(const round_report& report) {
    if (!every_round_ && !report.waited && report.stragglers.empty() && report.failed.empty()) return;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3g s", report.duration);
    std::string text = "round " + std::to_string(report.round) + ": " + seconds;
    if (report.busy.empty()) text += ", no tasks";
    if (report.waited) text += ", waited past the cut-off";
    if (!report.stragglers.empty()) text += ", stragglers " + detail::id_list(report.stragglers);
    if (!report.decoded.empty()) text += ", decoded jobs " + detail::id_list(report.decoded);
    if (!report.failed.empty()) text += ", failed jobs " + detail::id_list(report.failed);
    line(text);
}

inline void stderr_logger::result_dropped(const dropped_result& dropped) {
    if (dropped.reason == drop_reason::redundant) return; // routine for repetition codes
    line("round " + std::to_string(dropped.during) + ": dropped a" +
         (dropped.reason == drop_reason::unknown ? "n " : " ") + to_string(dropped.reason) +
         " result of worker " + std::to_string(dropped.worker) + " for round " +
         std::to_string(dropped.round));
}

inline void stderr_logger::worker_lost(std::size_t worker, std::size_t round) {
    line("round " + std::to_string(round) + ": worker " + std::to_string(worker) + " presumed lost");
}

inline void stderr_logger::worker_revived(std::size_t worker, std::size_t round) {
    line("round " + std::to_string(round) + ": worker " + std::to_string(worker) +
         " heard from again");
}

inline void stderr_logger::job_failed(std::size_t job, decode_status reason) {
    line("job " + std::to_string(job) + " failed: " + to_string(reason));
}

} // namespace sgc

#endif
