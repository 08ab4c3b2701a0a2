#ifndef SGC_SCHEMES_SR_SGC_HPP
#define SGC_SCHEMES_SR_SGC_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../codes/any_code.hpp"
#include "../codes/cyclic_repetition.hpp"
#include "../codes/plan_cache.hpp"
#include "../codes/uneven_repetition.hpp"
#include "../core/dynamic.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "../core/worker_set.hpp"
#include "detail/bursty_extents.hpp"
#include "detail/code_work.hpp"
#include "detail/master_base.hpp"
#include "partition.hpp"
#include "recipe.hpp"
#include "task.hpp"

namespace sgc {

template <class Code> class sr_sgc_master;

// Chooses which `count` of the non-returners of a job re-attempt it (DESIGN.md 4.2, step 2).
using reattempt_policy = std::function<worker_set(const worker_set& non_returners, std::size_t count)>;

// The default policy: the lowest-index non-returners.
inline worker_set lowest_index_reattempts(const worker_set& non_returners, std::size_t count);

namespace detail {

// s = ceil(B lambda / (W - 1 + B)): the stragglers per round SR-SGC's code must tolerate.
constexpr std::size_t sr_sgc_s(std::size_t B, std::size_t W, std::size_t lambda) noexcept {
    return (B * lambda + W - 1 + B - 1) / (W - 1 + B);
}

inline void check_sr_sgc(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda);

template <std::size_t N, std::size_t B, std::size_t W, std::size_t L,
          template <std::size_t, std::size_t> class Code>
struct sr_sgc_values : bursty_extents<N, B, W, L> {
    static constexpr std::size_t s() noexcept { return sr_sgc_s(B, W, L); }
    static constexpr std::size_t T() noexcept { return B; }
    static constexpr std::size_t slots() noexcept { return 1; }
    static constexpr rational load() { return Code<dynamic, dynamic>::load_for(N, s()); }

protected:
    Code<N, sr_sgc_s(B, W, L)> code_;
};

template <template <std::size_t, std::size_t> class Code>
struct sr_sgc_values<dynamic, dynamic, dynamic, dynamic, Code>
    : bursty_extents<dynamic, dynamic, dynamic, dynamic> {
    std::size_t s() const noexcept { return code_.s(); }
    std::size_t T() const noexcept { return this->B(); }
    static constexpr std::size_t slots() noexcept { return 1; }
    rational load() const noexcept { return code_.load(); }

protected:
    sr_sgc_values(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda,
                  code_kind kind, std::uint64_t seed)
        : bursty_extents(n, B, W, lambda),
          code_((check_sr_sgc(n, B, W, lambda), any_code::make(kind, n, sr_sgc_s(B, W, lambda), seed))) {}
    any_code code_;
};

} // namespace detail

// SR-SGC, selective reattempt (DESIGN.md 4.2): parameters n, B, W, lambda with W >= B + 1 and
// B | W - 1; s = ceil(B lambda / (W - 1 + B)), T = B, the load of its (n, s) code. Every round
// every worker computes its row for that round's job; B rounds later the non-returners beyond s
// re-attempt the old job instead.
template <std::size_t N = dynamic, std::size_t B = dynamic, std::size_t W = dynamic,
          std::size_t Lambda = dynamic,
          template <std::size_t, std::size_t> class Code = uneven_repetition>
class sr_sgc : public detail::sr_sgc_values<N, B, W, Lambda, Code>,
               public detail::single_code_work<sr_sgc<N, B, W, Lambda, Code>> {
    static_assert(N == dynamic || N >= 1, "sgc::sr_sgc<n, B, W, lambda>: requires n >= 1");
    static_assert(N == dynamic || B >= 1, "sgc::sr_sgc<n, B, W, lambda>: requires B >= 1");
    static_assert(N == dynamic || W >= B + 1, "sgc::sr_sgc<n, B, W, lambda>: requires W >= B + 1");
    static_assert(N == dynamic || (W - 1) % B == 0,
                  "sgc::sr_sgc<n, B, W, lambda>: requires B to divide W - 1 (otherwise "
                  "s = ceil(B lambda / (W - 1 + B)) does not tolerate the model)");
    static_assert(N == dynamic || (Lambda >= 1 && Lambda <= N),
                  "sgc::sr_sgc<n, B, W, lambda>: requires 1 <= lambda <= n");
    static_assert(N == dynamic || detail::sr_sgc_s(B, W, Lambda) < N,
                  "sgc::sr_sgc<n, B, W, lambda>: requires s = ceil(B lambda / (W - 1 + B)) < n");
    using values = detail::sr_sgc_values<N, B, W, Lambda, Code>;

public:
    using code_type = std::conditional_t<N == dynamic, any_code, Code<N, detail::sr_sgc_s(B, W, Lambda)>>;
    using master_type = sr_sgc_master<code_type>;

    template <std::size_t M = N, std::enable_if_t<M != dynamic, int> = 0> sr_sgc() {}
    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    sr_sgc(std::size_t n, std::size_t B_, std::size_t W_, std::size_t lambda,
           code_kind kind = code_kind::uneven, std::uint64_t seed = cyclic_repetition<>::default_seed)
        : values(n, B_, W_, lambda, kind, seed) {}

    const code_type& code() const noexcept { return this->code_; }

    master_type make_master(std::size_t jobs, const decode_options& options = {},
                            reattempt_policy policy = lowest_index_reattempts) const {
        return master_type(this->code_, this->B(), jobs, options, std::move(policy));
    }

};

// SR-SGC's bookkeeping. Per job t in flight: who returned its task in round t, who was sent
// back to it in round t + B, and who of those returned.
template <class Code> class sr_sgc_master : public detail::master_base<sr_sgc_master<Code>> {
    using base = detail::master_base<sr_sgc_master<Code>>;
    friend base;

public:
    sr_sgc_master(Code code, std::size_t B, std::size_t jobs, const decode_options& options = {},
                  reattempt_policy policy = lowest_index_reattempts);

    const Code& code() const noexcept { return plans_.code(); }
    std::size_t s() const noexcept { return plans_.code().s(); }

private:
    struct job_record {
        worker_set first;          // returned the job's task in the job's own round
        worker_set retry_assigned; // re-attempting it B rounds later
        worker_set retry_returned;
        bool changed = false;
        decode_status last = decode_status::too_few_responders;
    };

    job_record& record_of(std::size_t job) { return ring_[job % ring_.size()]; }
    bool has_job(std::size_t job) const noexcept { return job < this->jobs(); }

    void assign(round_assignment& a);
    void record(const worker_set& returned);
    decode_status try_decode(std::size_t job, decode_recipe& recipe);

    std::size_t B_;
    plan_cache<Code> plans_;
    reattempt_policy policy_;
    std::vector<job_record> ring_; // jobs r - B .. r
};

// ---------------------------------------------------------------------------------------------
// implementation

inline worker_set lowest_index_reattempts(const worker_set& non_returners, std::size_t count) {
    worker_set chosen(non_returners.universe());
    for (std::size_t i : non_returners) {
        if (count-- == 0) break;
        chosen.insert(i);
    }
    return chosen;
}

namespace detail {

inline void check_sr_sgc(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda) {
    constexpr const char* where = "sgc::sr_sgc";
    check_bursty_scheme(where, n, B, W, lambda);
    if ((W - 1) % B != 0)
        throw_invalid_parameter(where, "B", std::to_string(B),
                                "requires B to divide W - 1 (W = " + std::to_string(W) +
                                    "); otherwise s = ceil(B lambda / (W - 1 + B)) does not "
                                    "tolerate the model");
    if (sr_sgc_s(B, W, lambda) >= n)
        throw_invalid_parameter(where, "n", std::to_string(n),
                                "requires s = ceil(B lambda / (W - 1 + B)) = " +
                                    std::to_string(sr_sgc_s(B, W, lambda)) + " < n");
}

} // namespace detail

template <class Code>
sr_sgc_master<Code>::sr_sgc_master(Code code, std::size_t B, std::size_t jobs,
                                   const decode_options& options, reattempt_policy policy)
    : base(code.n(), B, 1, jobs), B_(B), plans_(std::move(code), 1024, options),
      policy_(std::move(policy)),
      ring_(B + 1, job_record{worker_set(this->n()), worker_set(this->n()), worker_set(this->n())}) {
    this->start();
}

template <class Code> void sr_sgc_master<Code>::assign(round_assignment& a) {
    const std::size_t r = a.round();
    if (has_job(r)) {
        record_of(r) = job_record{worker_set(this->n()), worker_set(this->n()), worker_set(this->n())};
        for (std::size_t i = 0; i < this->n(); ++i)
            a(i, 0) = task{task_kind::gc, static_cast<std::uint32_t>(r), 0};
    }
    if (r < B_ || !has_job(r - B_)) return;
    const std::size_t t = r - B_;
    job_record& old = record_of(t);
    const worker_set non_returners = old.first.complement();
    const std::size_t count = non_returners.count();
    if (count <= s()) return;
    worker_set chosen = policy_(non_returners, count - s());
    if (SGC_UNLIKELY(chosen.universe() != this->n() || chosen.count() != count - s() ||
                     !(chosen - non_returners).empty()))
        detail::throw_invalid_parameter("sgc::sr_sgc_master", "reattempt_policy",
                                        chosen.to_string(),
                                        "must choose " + std::to_string(count - s()) +
                                            " workers of " + non_returners.to_string());
    for (std::size_t i : chosen) a(i, 0) = task{task_kind::reattempt, static_cast<std::uint32_t>(t), 0};
    old.retry_assigned = std::move(chosen);
}

template <class Code> void sr_sgc_master<Code>::record(const worker_set& returned) {
    const std::size_t r = this->round();
    const bool has_old = r >= B_ && has_job(r - B_);
    if (has_job(r)) {
        job_record& now = record_of(r);
        now.first = returned;
        if (has_old) now.first -= record_of(r - B_).retry_assigned;
        now.changed = true;
    }
    if (has_old) {
        job_record& old = record_of(r - B_);
        old.retry_returned = old.retry_assigned & returned;
        old.changed = true;
    }
}

template <class Code>
decode_status sr_sgc_master<Code>::try_decode(std::size_t job, decode_recipe& recipe) {
    job_record& rec = record_of(job);
    if (!rec.changed) return rec.last;
    rec.changed = false;
    const auto plan = plans_.get(rec.first | rec.retry_returned);
    rec.last = plan->status;
    if (!plan->ok()) return rec.last;
    for (std::size_t r = 0; r < plan->workers.size(); ++r) {
        const std::size_t w = plan->workers[r];
        recipe.terms.push_back({{w, rec.first.contains(w) ? job : job + B_, 0}, plan->coefficients[r]});
    }
    return decode_status::ok;
}

} // namespace sgc

#endif
