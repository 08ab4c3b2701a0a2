#ifndef SGC_SCHEMES_RECIPE_HPP
#define SGC_SCHEMES_RECIPE_HPP

#include <array>
#include <cstddef>
#include <vector>

#include "../codes/decode_plan.hpp"
#include "../core/enum_names.hpp"

namespace sgc {

/// One received result: what worker `worker` returned for slot `slot` of round `round`.
struct result_ref {
    /// The worker that sent it.
    std::size_t worker = 0;
    /// The round it was computed in.
    std::size_t round = 0;
    /// The slot of the task within the round (see round_assignment).
    std::size_t slot = 0;

    /// Same worker, round and slot.
    friend bool operator==(const result_ref& a, const result_ref& b) noexcept {
        return a.worker == b.worker && a.round == b.round && a.slot == b.slot;
    }
};

/// One term of a decode recipe: a received result and its coefficient.
struct recipe_term {
    /// The result.
    result_ref result;
    /// Its coefficient in the job's gradient.
    double coefficient = 0.0;
};

/// g(job) = sum over terms of coefficient * result.
struct decode_recipe {
    /// The job (the round it started in).
    std::size_t job = 0;
    /// The terms; empty under recipe_mode::jobs_only.
    std::vector<recipe_term> terms;
};

/// Where a job stands: pending (neither decodable nor past its deadline), decodable (its
/// gradient can be decoded from the results received), failed (its deadline, round t + T,
/// passed without a decode).
enum class job_state { pending, decodable, failed };

/// "pending", "decodable", "failed" (sgc::to_string, sgc::from_string, <<).
constexpr std::array<enum_name<job_state>, 3> names_of(job_state) noexcept {
    return {{{job_state::pending, "pending"},
             {job_state::decodable, "decodable"},
             {job_state::failed, "failed"}}};
}

/// A job's standing. `reason` says why a failed job failed (too_few_responders or unreliable).
struct job_status {
    /// Pending, decodable or failed.
    job_state state = job_state::pending;
    /// The round at whose end the job must be decodable: t + T for job t.
    std::size_t deadline = 0;
    /// The round at whose end it became decodable (meaningful when state is decodable).
    std::size_t decoded_in = 0;
    /// Why a failed job failed; decode_status::ok otherwise.
    decode_status reason = decode_status::ok;
};

/// What complete_round reports of a decodable job: its recipe's terms, or only the job.
/// (full: every term; jobs_only: the job numbers only, for callers that need no recipe.)
enum class recipe_mode { full, jobs_only };

/// What one round settled.
struct round_outcome {
    /// The round settled.
    std::size_t round = 0;
    /// The jobs that became decodable this round, with their recipes.
    std::vector<decode_recipe> decoded;
    /// The jobs whose deadline passed this round without a decode.
    std::vector<std::size_t> failed;
};

} // namespace sgc

#endif
