#ifndef SGC_SCHEMES_TASK_HPP
#define SGC_SCHEMES_TASK_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../core/enum_names.hpp"
#include "../core/worker_set.hpp"

namespace sgc {

/// What a worker computes in one slot of one round:
/// - idle: nothing;
/// - gc: its code row on job `job`'s data (GC, SR-SGC);
/// - reattempt: SR-SGC: its code row for job `job`, again, instead of the round's own job;
/// - d1: M-SGC: its own D1 piece `index` of job `job`;
/// - d1_reattempt: M-SGC: its undelivered D1 piece `index` of job `job`, again;
/// - d2: M-SGC: its coded task for D2 group `index` of job `job`.
///
/// The schemes are those of Krishnan, Ebrahimi, Khisti, "Sequential Gradient Coding for
/// Straggler Mitigation", ICLR 2023, arXiv 2211.13802 (docs/design.md, section 4).
enum class task_kind : std::uint8_t {
    idle,      // nothing
    gc,        // its code row on job `job`'s data (GC, SR-SGC)
    reattempt, // SR-SGC: its code row for job `job`, again, instead of the round's own job
    d1,        // M-SGC: its own D1 piece `index` of job `job`
    d1_reattempt,  // M-SGC: its undelivered D1 piece `index` of job `job`, again
    d2         // M-SGC: its coded task for D2 group `index` of job `job`
};

/// "idle", "gc", "reattempt", "d1", "d1-reattempt", "d2" (sgc::to_string, sgc::from_string).
constexpr std::array<enum_name<task_kind>, 6> names_of(task_kind) noexcept {
    return {{{task_kind::idle, "idle"},
             {task_kind::gc, "gc"},
             {task_kind::reattempt, "reattempt"},
             {task_kind::d1, "d1"},
             {task_kind::d1_reattempt, "d1-reattempt"},
             {task_kind::d2, "d2"}}};
}

/// One slot's task: its kind, its job and, for M-SGC, the D1 piece or D2 group.
struct task {
    /// What to compute.
    task_kind kind = task_kind::idle;
    /// The job (the round it started in); meaningless for idle.
    std::uint32_t job = 0;
    /// The D1 piece (d1, d1_reattempt) or D2 group (d2); 0 otherwise.
    std::uint32_t index = 0;

    /// Same kind and, unless idle, the same job and index.
    friend constexpr bool operator==(const task& a, const task& b) noexcept {
        return a.kind == b.kind && (a.kind == task_kind::idle || (a.job == b.job && a.index == b.index));
    }
    /// Not operator==.
    friend constexpr bool operator!=(const task& a, const task& b) noexcept { return !(a == b); }
};

/// The tasks of every worker in every slot of one round, and the workers that have any (kept as
/// the tasks are set, so the round rule reads them without a scan). Each slot stores one task
/// shared by its workers (set_all, reset) and the workers given a task of their own since (set):
/// a round costs O(slots) plus the workers that differ, not O(n slots).
class round_assignment {
public:
    round_assignment() = default;
    /// An idle assignment of round 0 for n workers with `slots` slots each.
    /// @param n the workers
    /// @param slots the tasks per worker and round
    round_assignment(std::size_t n, std::size_t slots)
        : n_(n), slots_(slots), tasks_(n * slots), shared_(slots), own_(slots, worker_set(n)),
          busy_(n) {}

    /// The round the tasks are for (set by the scheme's bookkeeping).
    [[nodiscard]] std::size_t round() const noexcept { return round_; }
    /// The number of workers n.
    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    /// Tasks per worker and round.
    [[nodiscard]] std::size_t slots() const noexcept { return slots_; }
    /// The task of `worker` (< n) in `slot` (< slots), unchecked.
    /// @return a reference valid until the assignment next changes
    [[nodiscard]] const task& operator()(std::size_t worker, std::size_t slot) const noexcept {
        return own_[slot].contains(worker) ? tasks_[slot * n_ + worker] : shared_[slot];
    }
    /// Sets the task of `worker` (< n) in `slot` (< slots, unchecked).
    /// @throws invalid_parameter if worker >= n
    void set(std::size_t worker, std::size_t slot, const task& t) {
        own_[slot].insert(worker);
        tasks_[slot * n_ + worker] = t;
        if (t.kind != task_kind::idle) busy_.insert(worker);
    }
    /// Gives every worker the task `t` in `slot` (< slots, unchecked). O(n / 64).
    void set_all(std::size_t slot, const task& t) {
        shared_[slot] = t;
        own_[slot].clear();
        if (t.kind != task_kind::idle) busy_ = worker_set::all(n_);
    }
    /// The workers with a task in some slot: the only workers a round waits for.
    [[nodiscard]] const worker_set& busy() const noexcept { return busy_; }
    /// Copies busy() into `out` (allocation-free once `out` is over n workers).
    /// @param out the set to overwrite
    void busy_workers(worker_set& out) const { out = busy_; }

    /// Round `round`, every task idle. O(slots n / 64).
    void reset(std::size_t round) noexcept {
        round_ = round;
        std::fill(shared_.begin(), shared_.end(), task{});
        for (auto& own : own_) own.clear();
        busy_.clear();
    }

private:
    std::size_t round_ = 0;
    std::size_t n_ = 0;
    std::size_t slots_ = 0;
    std::vector<task> tasks_;        // [slot * n + worker]: read for the workers in own_[slot]
    std::vector<task> shared_;       // [slot]: the task of the slot's other workers
    std::vector<worker_set> own_;    // [slot]: the workers with a task of their own
    worker_set busy_;
};

} // namespace sgc

#endif
