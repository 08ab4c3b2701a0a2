#ifndef SGC_SCHEMES_SR_SGC_HPP
#define SGC_SCHEMES_SR_SGC_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../codes/code_kind.hpp"
#include "../codes/plan_cache.hpp"
#include "../codes/uneven_repetition.hpp"
#include "../core/detail/extents.hpp"
#include "../core/dynamic.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "../core/worker_set.hpp"
#include "../models/bursty.hpp"
#include "detail/bursty_rules.hpp"
#include "detail/code_work.hpp"
#include "detail/master_base.hpp"
#include "detail/scheme_code.hpp"
#include "partition.hpp"
#include "recipe.hpp"
#include "task.hpp"

namespace sgc {

template <class Code> class sr_sgc_master;

/// Chooses which `count` of the non-returners of a job re-attempt it (SR-SGC's selective
/// re-attempt, docs/design.md, section 4.2): called with the job's non-returners (a set over n
/// workers) and the count, it returns a subset of exactly `count` of them.
using reattempt_policy = std::function<worker_set(const worker_set& non_returners, std::size_t count)>;

/// The default reattempt_policy: the `count` lowest-index non-returners.
/// @param non_returners the workers that did not return the job's task
/// @param count how many to choose (all of them when there are fewer)
/// @return the chosen workers, a set over the same n
inline worker_set lowest_index_reattempts(const worker_set& non_returners, std::size_t count);

namespace detail {

/// s = ceil(B lambda / (W - 1 + B)): the stragglers per round SR-SGC's code must tolerate.
/// No wrap within sgc::limits (B, W <= 2^16, lambda <= n <= 2^16).
constexpr std::size_t sr_sgc_s(std::size_t B, std::size_t W, std::size_t lambda) noexcept {
    return (B * lambda + W - 1 + B - 1) / (W - 1 + B);
}

/// SR-SGC's rules: the bursty ones, then B | W - 1, then s < n.
template <std::size_t N, std::size_t B, std::size_t W, std::size_t Lambda>
struct sr_sgc_rules : bursty_rules<N, B, W, Lambda> {
    using base = bursty_rules<N, B, W, Lambda>;
    static constexpr bool B_divides = !base::valid || base::is_dynamic || (W - 1) % B == 0;
    static constexpr bool s_below_n =
        !(base::valid && B_divides) || base::is_dynamic || sr_sgc_s(B, W, Lambda) < N;
    static constexpr bool valid = base::valid && B_divides && s_below_n;
    /// The inner code's s in the static form (0 when the parameters are broken, so that nothing
    /// further is instantiated from them).
    static constexpr std::size_t code_s = base::is_dynamic ? dynamic : valid ? sr_sgc_s(B, W, Lambda) : 0;
};

inline void check_sr_sgc(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda);

} // namespace detail

/// SR-SGC, selective reattempt (Krishnan, Ebrahimi, Khisti, "Sequential Gradient Coding for
/// Straggler Mitigation", ICLR 2023, arXiv 2211.13802; docs/design.md, section 4.2): parameters
/// n, B, W, lambda with W >= B + 1 and B | W - 1; s = ceil(B lambda / (W - 1 + B)), T = B, one
/// slot per round, the load of its (n, s) code. Every round every worker computes its row for
/// that round's job; B rounds later the non-returners beyond s re-attempt the old job instead.
/// It tolerates every (B, W, lambda)-bursty straggler pattern.
///
///     sgc::sr_sgc<256, 2, 3, 23>                          compile time, uneven repetition
///     sgc::sr_sgc<>(n, B, W, lambda)                      run time
///     sgc::sr_sgc<sgc::dynamic, sgc::dynamic, sgc::dynamic, sgc::dynamic, sgc::any_code>(
///         n, B, W, lambda, sgc::code_kind::crc)           the code chosen at run time
///
/// Constructors take the parameters, then optionally the code (a ready (n, s) code, or for
/// sgc::any_code a code_kind) and the seed of a cyclic code. A compile-time scheme converts to
/// its run-time form.
/// @tparam N workers n, or sgc::dynamic
/// @tparam Burst the burst length B, or sgc::dynamic
/// @tparam Window the window W, or sgc::dynamic
/// @tparam Lambda the distinct stragglers per window lambda, or sgc::dynamic
/// @tparam Code the inner code's template
template <std::size_t N = dynamic, std::size_t Burst = dynamic, std::size_t Window = dynamic,
          std::size_t Lambda = dynamic,
          template <std::size_t, std::size_t> class Code = uneven_repetition>
class sr_sgc : public detail::extents<N, Burst, Window, Lambda>,
               public detail::single_code_work<sr_sgc<N, Burst, Window, Lambda, Code>> {
    using extents_type = detail::extents<N, Burst, Window, Lambda>;
    using rules = detail::sr_sgc_rules<N, Burst, Window, Lambda>;
    SGC_DETAIL_BURSTY_STATIC_ASSERTS(rules, "sgc::sr_sgc<n, B, W, lambda>: ");
    static_assert(rules::B_divides,
                  "sgc::sr_sgc<n, B, W, lambda>: requires B to divide W - 1 (otherwise "
                  "s = ceil(B lambda / (W - 1 + B)) does not tolerate the model)");
    static_assert(rules::s_below_n,
                  "sgc::sr_sgc<n, B, W, lambda>: requires s = ceil(B lambda / (W - 1 + B)) < n");
    static constexpr const char* where = "sgc::sr_sgc";

public:
    /// True in the compile-time form (every parameter a template argument).
    using extents_type::is_static;
    /// The inner code: Code<n, s> (Code<> in the run-time form).
    using code_type = std::conditional_t<rules::valid, Code<(rules::valid ? N : dynamic), rules::code_s>,
                                         Code<dynamic, dynamic>>;
    /// The sans-I/O bookkeeping of make_master().
    using master_type = sr_sgc_master<code_type>;
    /// The run-time form of this scheme, with the same code template.
    using dynamic_type = sr_sgc<dynamic, dynamic, dynamic, dynamic, Code>;

    /// Workers n.
    SGC_DETAIL_VALUE(std::size_t, n, extents_type::template get<0>())
    /// The longest burst B of the model.
    SGC_DETAIL_VALUE(std::size_t, B, extents_type::template get<1>())
    /// The window W of the model.
    SGC_DETAIL_VALUE(std::size_t, W, extents_type::template get<2>())
    /// Distinct stragglers per window, lambda.
    SGC_DETAIL_VALUE(std::size_t, lambda, extents_type::template get<3>())
    /// Stragglers the inner code tolerates per round: s = ceil(B lambda / (W - 1 + B)).
    SGC_DETAIL_VALUE(std::size_t, s, detail::sr_sgc_s(B(), W(), lambda()))
    /// The delay T = B.
    SGC_DETAIL_VALUE(std::size_t, T, B())
    /// Tasks per worker and round.
    static constexpr std::size_t slots() noexcept { return 1; }
    /// The load of the inner code (exact). A constant expression in the static form.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0> static constexpr rational load() {
        return code_type::load_for(N, s());
    }
    /// The load of the inner code (exact), in the run-time form.
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0> rational load() const {
        return code_.load();
    }

    /// The static form; `seed` draws a cyclic code's H.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// The static form, a cyclic code's H drawn from sgc::default_code_seed.
    sr_sgc() : code_(detail::build_code<code_type>(default_code_seed)) {}
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// The static form.
    /// @param seed the seed of a cyclic code's H (ignored by the repetition codes)
    explicit sr_sgc(std::uint64_t seed) : code_(detail::build_code<code_type>(seed)) {}
    /// The static form with a ready code.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// @param code the inner (n, s) code
    explicit sr_sgc(code_type code) : code_(std::move(code)) {}

    /// The run-time form. @throws sgc::invalid_parameter naming the parameter unless
    /// 1 <= n <= limits::max_n, B >= 1, B + 1 <= W <= limits::max_window, B | W - 1,
    /// 1 <= lambda <= n and s < n, or when the code rejects (n, s).
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form.
    /// @param n workers
    /// @param B_value the burst length B, in rounds
    /// @param W_value the window W, in rounds
    /// @param lambda the distinct stragglers per window
    /// @param seed the seed of a cyclic code's H
    /// @throws invalid_parameter naming the parameter unless 1 <= n <= limits::max_n, B >= 1,
    ///         B + 1 <= W <= limits::max_window, B | W - 1, 1 <= lambda <= n and s < n, or when
    ///         the code rejects (n, s)
    sr_sgc(std::size_t n, std::size_t B_value, std::size_t W_value, std::size_t lambda,
           std::uint64_t seed = default_code_seed)
        : extents_type(checked(n, B_value, W_value, lambda), B_value, W_value, lambda),
          code_(detail::build_code<code_type>(n, s(), seed)) {}
    /// The run-time form with a ready code. @throws sgc::invalid_parameter as above, or unless
    /// code.n() = n and code.s() = s.
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form with a ready code.
    /// @param n workers
    /// @param B_value the burst length B, in rounds
    /// @param W_value the window W, in rounds
    /// @param lambda the distinct stragglers per window
    /// @param code the inner code, with the same n and s = ceil(B lambda / (W - 1 + B))
    /// @throws invalid_parameter as above, or unless code.n() = n and code.s() = s
    sr_sgc(std::size_t n, std::size_t B_value, std::size_t W_value, std::size_t lambda, code_type code)
        : extents_type(checked(n, B_value, W_value, lambda), B_value, W_value, lambda),
          code_(detail::check_given_code(where, std::move(code), n, s())) {}
    /// The run-time form with a code chosen at run time (Code = sgc::any_code).
    template <class C = code_type, std::enable_if_t<detail::has_kind_choice<C>::value, int> = 0>
    /// The run-time form with a code chosen at run time (Code = sgc::any_code).
    /// @param n workers
    /// @param B_value the burst length B, in rounds
    /// @param W_value the window W, in rounds
    /// @param lambda the distinct stragglers per window
    /// @param code the code's kind: frc, uneven or crc
    /// @param seed the seed of a cyclic code's H
    /// @throws invalid_parameter as above, or for code_kind::matrix
    sr_sgc(std::size_t n, std::size_t B_value, std::size_t W_value, std::size_t lambda,
           code_kind code, std::uint64_t seed = default_code_seed)
        : extents_type(checked(n, B_value, W_value, lambda), B_value, W_value, lambda),
          code_(C::make(code, n, s(), seed)) {}
    /// Another form of SR-SGC as this run-time form: a compile-time scheme, or one whose code
    /// converts to this code_type.
    template <std::size_t N2, std::size_t B2, std::size_t W2, std::size_t Lambda2,
              template <std::size_t, std::size_t> class Code2,
              std::enable_if_t<!is_static && !std::is_same_v<sr_sgc, sr_sgc<N2, B2, W2, Lambda2, Code2>> &&
                                   detail::code_converts_v<
                                       code_type, typename sr_sgc<N2, B2, W2, Lambda2, Code2>::code_type>,
                               int> = 0>
    /// @param other the scheme to convert
    sr_sgc(const sr_sgc<N2, B2, W2, Lambda2, Code2>& other) // NOLINT: implicit, as mdspan's extents
        : extents_type(other.n(), other.B(), other.W(), other.lambda()),
          code_(detail::to_dynamic_code<code_type>(*other.code())) {}

    /// The inner (n, s) code (never null).
    [[nodiscard]] const code_type* code() const noexcept { return &code_; }
    /// The straggler model SR-SGC tolerates: (B, W, lambda)-bursty.
    [[nodiscard]] bursty_model model() const { return bursty_model(n(), B(), W(), lambda()); }

    /// The sans-I/O master for `jobs` jobs (J): it assigns the tasks of every round, re-attempts
    /// included, and settles the jobs from the workers that returned.
    /// @param jobs J, the jobs to run
    /// @param options the numerical guard's settings for its decode plans
    /// @param policy picks who re-attempts
    /// @return the master, at round 0
    /// @throws invalid_parameter unless 1 <= jobs and jobs + T <= limits::max_rounds
    [[nodiscard]] master_type make_master(std::size_t jobs, const decode_options& options = {},
                                          reattempt_policy policy = lowest_index_reattempts) const {
        return master_type(&code_, B(), jobs, options, std::move(policy));
    }

private:
    static std::size_t checked(std::size_t n, std::size_t B_value, std::size_t W_value,
                               std::size_t lambda) {
        detail::check_sr_sgc(n, B_value, W_value, lambda);
        return n;
    }

    code_type code_;
};

/// SR-SGC's bookkeeping. Per job t in flight: who returned its task in round t, who was sent
/// back to it in round t + B, and who of those returned. Its round interface (assignment,
/// complete_round, ...) is that of the masters of all schemes.
template <class Code> class sr_sgc_master : public detail::master_base<sr_sgc_master<Code>> {
    using base = detail::master_base<sr_sgc_master<Code>>;
    friend base;

public:
    /// @param code the (n, s) code (copied; must not be null)
    /// @param B the delay B, in rounds
    /// @param jobs J, the jobs to run
    /// @param options the numerical guard's settings
    /// @param policy picks who re-attempts
    /// @throws invalid_parameter for a null code, B = 0, or jobs outside
    ///         1 .. limits::max_rounds - B
    sr_sgc_master(const Code* code, std::size_t B, std::size_t jobs,
                  const decode_options& options = {},
                  reattempt_policy policy = lowest_index_reattempts);

    /// The inner code.
    [[nodiscard]] const Code& code() const noexcept { return plans_.code(); }
    /// Stragglers the code tolerates per round.
    [[nodiscard]] std::size_t s() const noexcept { return plans_.code().s(); }

private:
    struct job_record {
        worker_set first;          // returned the job's task in the job's own round
        worker_set reattempt_assigned; // re-attempting it B rounds later
        worker_set reattempt_returned;
        bool changed = false;
        decode_status last = decode_status::too_few_responders;
    };

    job_record& record_of(std::size_t job) { return ring_[job % ring_.size()]; }
    bool has_job(std::size_t job) const noexcept { return job < this->jobs(); }

    void assign(round_assignment& a);
    void record(const worker_set& returned);
    decode_status try_decode(std::size_t job, decode_recipe* recipe);

    std::size_t B_;
    plan_cache<Code> plans_;
    reattempt_policy policy_;
    std::vector<job_record> ring_; // jobs r - B .. r
    worker_set responders_;        // scratch: a job's responders
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
sr_sgc_master<Code>::sr_sgc_master(const Code* code, std::size_t B, std::size_t jobs,
                                   const decode_options& options, reattempt_policy policy)
    : base(detail::required_code("sgc::sr_sgc_master", code).n(),
           (detail::require(B >= 1, "sgc::sr_sgc_master", "B", B, "must be >= 1"), B), 1, jobs),
      B_(B), plans_(*code, 1024, options),
      policy_(std::move(policy)),
      ring_(B + 1, job_record{worker_set(this->n()), worker_set(this->n()), worker_set(this->n())}) {
    this->start();
}

template <class Code> void sr_sgc_master<Code>::assign(round_assignment& a) {
    const std::size_t r = a.round();
    if (has_job(r)) { // job r's record is reused from job r - (B + 1)
        job_record& now = record_of(r);
        now.first.clear();
        now.reattempt_assigned.clear();
        now.reattempt_returned.clear();
        now.changed = false;
        now.last = decode_status::too_few_responders;
        a.set_all(0, task{task_kind::gc, static_cast<std::uint32_t>(r), 0});
    }
    if (r < B_ || !has_job(r - B_)) return;
    const std::size_t t = r - B_;
    job_record& old = record_of(t);
    const std::size_t count = this->n() - old.first.count();
    if (count <= s()) return;
    const worker_set non_returners = old.first.complement();
    worker_set chosen = policy_(non_returners, count - s());
    if (SGC_UNLIKELY(chosen.universe() != this->n() || chosen.count() != count - s() ||
                     !(chosen - non_returners).empty()))
        detail::throw_invalid_parameter("sgc::sr_sgc_master", "reattempt_policy",
                                        chosen.to_string(),
                                        "must choose " + std::to_string(count - s()) +
                                            " workers of " + non_returners.to_string());
    for (std::size_t i : chosen) a.set(i, 0, task{task_kind::reattempt, static_cast<std::uint32_t>(t), 0});
    old.reattempt_assigned = std::move(chosen);
}

template <class Code> void sr_sgc_master<Code>::record(const worker_set& returned) {
    const std::size_t r = this->round();
    const bool has_old = r >= B_ && has_job(r - B_);
    if (has_job(r)) {
        job_record& now = record_of(r);
        now.first = returned;
        if (has_old) now.first -= record_of(r - B_).reattempt_assigned;
        now.changed = true;
    }
    if (has_old) {
        job_record& old = record_of(r - B_);
        old.reattempt_returned = old.reattempt_assigned & returned;
        old.changed = true;
    }
}

template <class Code>
decode_status sr_sgc_master<Code>::try_decode(std::size_t job, decode_recipe* recipe) {
    job_record& rec = record_of(job);
    if (!rec.changed) return rec.last;
    rec.changed = false;
    responders_ = rec.first;
    responders_ |= rec.reattempt_returned;
    const auto plan = plans_.get(responders_);
    rec.last = plan->status;
    if (!plan->ok() || !recipe) return rec.last;
    recipe->terms.clear();
    for (std::size_t r = 0; r < plan->workers.size(); ++r) {
        const std::size_t w = plan->workers[r];
        recipe->terms.push_back({{w, rec.first.contains(w) ? job : job + B_, 0}, plan->coefficients[r]});
    }
    return decode_status::ok;
}

} // namespace sgc

#endif
