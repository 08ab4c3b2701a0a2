#ifndef SGC_SCHEMES_TASK_HPP
#define SGC_SCHEMES_TASK_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../core/worker_set.hpp"

namespace sgc {

// What a worker computes in one slot of one round.
enum class task_kind : std::uint8_t {
    idle,      // nothing
    gc,        // its code row on job `job`'s data (GC, SR-SGC)
    reattempt, // SR-SGC: its code row for job `job`, again, instead of the round's own job
    d1,        // M-SGC: its own D1 piece `index` of job `job`
    d1_reattempt,  // M-SGC: its undelivered D1 piece `index` of job `job`, again
    d2         // M-SGC: its coded task for D2 group `index` of job `job`
};

// "idle", "gc", "reattempt", "d1", "d1-reattempt", "d2"
constexpr const char* to_string(task_kind kind) noexcept {
    switch (kind) {
    case task_kind::idle: return "idle";
    case task_kind::gc: return "gc";
    case task_kind::reattempt: return "reattempt";
    case task_kind::d1: return "d1";
    case task_kind::d1_reattempt: return "d1-reattempt";
    case task_kind::d2: return "d2";
    }
    return "unknown";
}

struct task {
    task_kind kind = task_kind::idle;
    std::uint32_t job = 0;
    std::uint32_t index = 0; // D1 piece (d1, d1_reattempt) or D2 group (d2); 0 otherwise

    friend constexpr bool operator==(const task& a, const task& b) noexcept {
        return a.kind == b.kind && (a.kind == task_kind::idle || (a.job == b.job && a.index == b.index));
    }
    friend constexpr bool operator!=(const task& a, const task& b) noexcept { return !(a == b); }
};

// The tasks of every worker in every slot of one round.
class round_assignment {
public:
    round_assignment() = default;
    round_assignment(std::size_t n, std::size_t slots) : n_(n), slots_(slots), tasks_(n * slots) {}

    [[nodiscard]] std::size_t round() const noexcept { return round_; }
    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    [[nodiscard]] std::size_t slots() const noexcept { return slots_; }
    [[nodiscard]] const task& operator()(std::size_t worker, std::size_t slot) const noexcept {
        return tasks_[worker * slots_ + slot];
    }
    task& operator()(std::size_t worker, std::size_t slot) noexcept {
        return tasks_[worker * slots_ + slot];
    }
    // The workers with a task in some slot, into `out` (resized to n; allocation-free once it
    // is): the only workers a round waits for.
    void busy_workers(worker_set& out) const {
        if (out.universe() != n_) out = worker_set(n_);
        out.clear();
        for (std::size_t i = 0; i < n_; ++i)
            for (std::size_t slot = 0; slot < slots_; ++slot)
                if ((*this)(i, slot).kind != task_kind::idle) {
                    out.insert(i);
                    break;
                }
    }
    // True when no worker has anything to do (the round can be skipped).
    [[nodiscard]] bool idle() const noexcept {
        for (const auto& t : tasks_)
            if (t.kind != task_kind::idle) return false;
        return true;
    }

    void reset(std::size_t round) noexcept {
        round_ = round;
        for (auto& t : tasks_) t = task{};
    }

private:
    std::size_t round_ = 0;
    std::size_t n_ = 0;
    std::size_t slots_ = 0;
    std::vector<task> tasks_;
};

} // namespace sgc

#endif
