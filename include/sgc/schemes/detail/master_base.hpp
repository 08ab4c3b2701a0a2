#ifndef SGC_SCHEMES_DETAIL_MASTER_BASE_HPP
#define SGC_SCHEMES_DETAIL_MASTER_BASE_HPP

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "../../core/detail/checked.hpp"
#include "../../core/error.hpp"
#include "../../core/limits.hpp"
#include "../../core/worker_set.hpp"
#include "../recipe.hpp"
#include "../task.hpp"

namespace sgc::detail {

// The life cycle every sans-I/O master shares (docs/design.md#4-sequential-schemes): assign
// round r, record who returned, settle the jobs in flight, move to round r+1. Derived supplies
//   void assign(round_assignment&);                 // fill the (reset) assignment of round()
//   void record(const worker_set& returned);        // round()'s returns, before round() advances
//   decode_status try_decode(std::size_t job, decode_recipe*);  // after record; when ok, sets
//                      // the recipe's terms unless null (they hold an earlier recipe's on entry:
//                      // overwriting them in place saves initialising fresh ones)
template <class Derived> class master_base {
public:
    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    /// Jobs J.
    [[nodiscard]] std::size_t jobs() const noexcept { return jobs_; }
    /// The delay T, in rounds: job t must be decodable at the end of round t + T.
    [[nodiscard]] std::size_t T() const noexcept { return T_; }
    /// Tasks per worker and round.
    [[nodiscard]] std::size_t slots() const noexcept { return assignment_.slots(); }
    /// The round being run: its assignment is assignment().
    [[nodiscard]] std::size_t round() const noexcept { return round_; }
    /// Rounds 0 .. jobs() + T() - 1 carry work; after them every deadline has passed.
    [[nodiscard]] std::size_t rounds() const noexcept { return jobs_ + T_; }
    /// Whether every round has been completed (round() >= rounds()).
    [[nodiscard]] bool done() const noexcept { return round_ >= rounds(); }
    /// The tasks of round(): every worker's task in every slot, and the busy workers.
    [[nodiscard]] const round_assignment& assignment() const noexcept { return assignment_; }

    /// Ends round(): settles the jobs in flight and moves to the next round.
    /// @param returned the workers whose results of this round arrived, a set over n (the rest
    ///        straggled)
    /// @return the jobs that became decodable (with recipes) and those whose deadline passed
    /// @throws invalid_parameter after the last round, or if returned is not over n workers
    round_outcome complete_round(const worker_set& returned) {
        round_outcome out;
        complete_round(returned, out);
        return out;
    }
    /// complete_round into `out`, whose storage is reused (no allocation once it has grown).
    /// @param returned the workers whose results of this round arrived, a set over n
    /// @param out overwritten with the round's outcome
    /// @param mode with recipe_mode::jobs_only the decoded recipes name their job but carry no
    ///        terms (what a simulation needs)
    /// @throws invalid_parameter after the last round, or if returned is not over n workers
    void complete_round(const worker_set& returned, round_outcome& out,
                        recipe_mode mode = recipe_mode::full);

    /// Job `job`'s standing (pending until its round has come).
    /// @param job the job, < jobs()
    /// @return its state, deadline and, once decodable, the round it became so
    /// @throws invalid_parameter if job >= jobs()
    [[nodiscard]] job_status status(std::size_t job) const {
        check_job(job);
        if (job < status_.size()) return status_[job];
        job_status pending;
        pending.deadline = job + T_;
        return pending;
    }

protected:
    master_base(std::size_t n, std::size_t T, std::size_t slots, std::size_t jobs);
    /// Derived calls this last in its constructor, once its state exists.
    void start() { begin_round(); }

private:
    Derived& derived() noexcept { return static_cast<Derived&>(*this); }
    /// A job's status exists from its round on: memory grows with the rounds run, not with J.
    void begin_round() {
        if (round_ < jobs_) {
            job_status st;
            st.deadline = round_ + T_;
            status_.push_back(st);
        }
        derived().assign(assignment_);
    }
    static std::size_t checked_jobs(std::size_t jobs, std::size_t T) {
        require(jobs >= 1, "sgc master", "jobs", jobs, "must be >= 1");
        if (SGC_UNLIKELY(checked_add(jobs, T) > limits::max_rounds))
            throw_invalid_parameter("sgc master", "jobs", std::to_string(jobs),
                                    "jobs + T (T = " + std::to_string(T) +
                                        ") exceeds sgc::limits::max_rounds = " +
                                        std::to_string(limits::max_rounds));
        return jobs;
    }
    void check_job(std::size_t job) const {
        if (SGC_UNLIKELY(job >= jobs_))
            throw_invalid_parameter("sgc master", "job", std::to_string(job),
                                    "unknown job: jobs are 0 .. " + std::to_string(jobs_) + " - 1");
    }

    std::size_t n_, T_, jobs_;
    std::size_t round_ = 0;
    round_assignment assignment_;
    std::vector<job_status> status_;
    decode_recipe scratch_; // the recipe being tried, swapped into the outcome when ok
};

// ---------------------------------------------------------------------------------------------
// implementation

template <class Derived>
master_base<Derived>::master_base(std::size_t n, std::size_t T, std::size_t slots, std::size_t jobs)
    : n_(n), T_(T), jobs_(checked_jobs(jobs, T)), assignment_(n, slots) {
    status_.reserve(std::min<std::size_t>(jobs_, std::size_t{1} << 16)); // more grows by doubling
}

template <class Derived>
void master_base<Derived>::complete_round(const worker_set& returned, round_outcome& out,
                                          recipe_mode mode) {
    if (SGC_UNLIKELY(done()))
        throw_invalid_parameter("sgc master", "round", std::to_string(round_),
                                "every job's deadline has passed (rounds 0 .. " +
                                    std::to_string(rounds()) + " - 1)");
    if (SGC_UNLIKELY(returned.universe() != n_))
        throw_invalid_parameter("sgc master", "returned.universe()",
                                std::to_string(returned.universe()),
                                "must be n = " + std::to_string(n_));
    out.round = round_;
    out.failed.clear();
    derived().record(returned);

    // `out`'s recipes and their terms are reused: a steady state allocates nothing.
    std::size_t decoded = 0;
    const std::size_t first = round_ >= T_ ? round_ - T_ : 0;
    const std::size_t last = std::min(round_ + 1, jobs_);
    for (std::size_t t = first; t < last; ++t) {
        job_status& st = status_[t];
        if (st.state != job_state::pending) continue;
        scratch_.job = t;
        if (mode != recipe_mode::full) scratch_.terms.clear();
        const decode_status result =
            derived().try_decode(t, mode == recipe_mode::full ? &scratch_ : nullptr);
        if (result == decode_status::ok) {
            st.state = job_state::decodable;
            st.decoded_in = round_;
            if (decoded == out.decoded.size()) out.decoded.emplace_back();
            std::swap(out.decoded[decoded++], scratch_);
        } else if (round_ == st.deadline) {
            st.state = job_state::failed;
            st.reason = result;
            out.failed.push_back(t);
        }
    }
    out.decoded.resize(decoded);

    ++round_;
    assignment_.reset(round_);
    if (!done()) begin_round();
}

} // namespace sgc::detail

#endif
