#ifndef SGC_SCHEMES_RECIPE_HPP
#define SGC_SCHEMES_RECIPE_HPP

#include <cstddef>
#include <ostream>
#include <vector>

#include "../codes/decode_plan.hpp"

namespace sgc {

// One received result: what worker `worker` returned for slot `slot` of round `round`.
struct result_ref {
    std::size_t worker = 0;
    std::size_t round = 0;
    std::size_t slot = 0;

    friend bool operator==(const result_ref& a, const result_ref& b) noexcept {
        return a.worker == b.worker && a.round == b.round && a.slot == b.slot;
    }
};

struct recipe_term {
    result_ref result;
    double coefficient = 0.0;
};

// g(job) = sum over terms of coefficient * result.
struct decode_recipe {
    std::size_t job = 0;
    std::vector<recipe_term> terms;
};

enum class job_state { pending, decodable, failed };

constexpr const char* to_string(job_state s) noexcept {
    switch (s) {
    case job_state::pending: return "pending";
    case job_state::decodable: return "decodable";
    case job_state::failed: return "failed";
    }
    return "unknown";
}

inline std::ostream& operator<<(std::ostream& os, job_state s) { return os << to_string(s); }

// A job's standing. `reason` says why a failed job failed (too_few_responders or unreliable).
struct job_status {
    job_state state = job_state::pending;
    std::size_t deadline = 0; // the round at whose end the job must be decodable (t + T)
    std::size_t decoded_in = 0; // the round at whose end it became decodable (if it did)
    decode_status reason = decode_status::ok;
};

/// What complete_round reports of a decodable job: its recipe's terms, or only the job.
enum class recipe_mode { full, jobs_only };

// What one round settled.
struct round_outcome {
    std::size_t round = 0;
    std::vector<decode_recipe> decoded; // jobs that became decodable this round, with recipes
    std::vector<std::size_t> failed;    // jobs whose deadline passed without a decode
};

} // namespace sgc

#endif
