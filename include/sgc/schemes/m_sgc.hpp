#ifndef SGC_SCHEMES_M_SGC_HPP
#define SGC_SCHEMES_M_SGC_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../codes/code_kind.hpp"
#include "../codes/plan_cache.hpp"
#include "../codes/uneven_repetition.hpp"
#include "../core/detail/checked.hpp"
#include "../core/detail/extents.hpp"
#include "../core/dynamic.hpp"
#include "../core/limits.hpp"
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

template <class Code> class m_sgc_master;

namespace detail {

/// D1's share of a job, x = n(W-1)L / (B + n(W-1)L), chosen so that every slot costs the same
/// with an inner code of load L; x = 1 (no D2) when lambda = n.
constexpr rational m_sgc_d1_fraction(std::size_t n, std::size_t B, std::size_t W,
                                     std::optional<rational> code_load) {
    if (!code_load) return rational(1);
    const rational d1 = rational(static_cast<rational::int_type>(n * (W - 1))) * *code_load;
    return d1 / (rational(static_cast<rational::int_type>(B)) + d1);
}

/// Load (W - 1 + B) x / (n (W - 1)): W - 1 + B slots, each one D1 piece's worth.
constexpr rational m_sgc_load(std::size_t n, std::size_t B, std::size_t W,
                              std::optional<rational> code_load) {
    return rational(static_cast<rational::int_type>(W - 1 + B)) *
           m_sgc_d1_fraction(n, B, W, code_load) /
           rational(static_cast<rational::int_type>(n * (W - 1)));
}

/// The master's bookkeeping: n (W - 1) piece records for each of the W - 1 + B jobs in flight.
constexpr std::size_t m_sgc_bookkeeping(std::size_t n, std::size_t B, std::size_t W) noexcept {
    return checked_mul(checked_mul(n, W - 1), checked_add(W - 1, B));
}

/// M-SGC's rules: the bursty ones, then the bookkeeping within sgc::limits.
template <std::size_t N, std::size_t B, std::size_t W, std::size_t Lambda>
struct m_sgc_rules : bursty_rules<N, B, W, Lambda> {
    using base = bursty_rules<N, B, W, Lambda>;
    static constexpr bool bookkeeping_fits =
        !base::valid || base::is_dynamic || m_sgc_bookkeeping(N, B, W) <= limits::max_bookkeeping;
    static constexpr bool valid = base::valid && bookkeeping_fits;
    /// Whether the static form has a D2 code (lambda < n).
    static constexpr bool has_code = base::is_dynamic || (valid && Lambda < N);
};

inline void check_m_sgc(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda);

} // namespace detail

/// M-SGC, multiplexed (Krishnan, Ebrahimi, Khisti, "Sequential Gradient Coding for Straggler
/// Mitigation", ICLR 2023, arXiv 2211.13802; docs/design.md, section 4.3): parameters n, B, W,
/// lambda with 1 <= B <= W - 1 and 1 <= lambda <= n; T = W - 2 + B; W - 1 + B equal-cost slots
/// per round. A job's data splits into D1, uncoded, in n (W - 1) pieces, and D2, in B groups.
/// Slot m of round r belongs to job r - m: slots 0 .. W-2 compute the worker's own uncoded D1
/// pieces; slot W-1+j computes the coded task of D2 group j, or re-attempts the lowest
/// undelivered D1 piece. The D2 groups use an (n, lambda) code (none when lambda = n). It
/// tolerates every (B, W, lambda)-bursty straggler pattern.
///
///     sgc::m_sgc<256, 1, 2, 27, sgc::cyclic_repetition>   compile time, load 7/928
///     sgc::m_sgc<>(n, B, W, lambda)                        run time, uneven repetition
///     sgc::m_sgc<sgc::dynamic, sgc::dynamic, sgc::dynamic, sgc::dynamic, sgc::any_code>(
///         n, B, W, lambda, sgc::code_kind::crc)            the code chosen at run time
///
/// Constructors take the parameters, then optionally the code (a ready (n, lambda) code, or for
/// sgc::any_code a code_kind) and the seed of a cyclic code. A compile-time scheme converts to
/// its run-time form (sgc::m_sgc<> d = sgc::m_sgc<16, 1, 2, 3>{}).
/// @tparam N workers n, or sgc::dynamic
/// @tparam Burst the burst length B, or sgc::dynamic
/// @tparam Window the window W, or sgc::dynamic
/// @tparam Lambda the distinct stragglers per window lambda, or sgc::dynamic
/// @tparam Code the D2 code's template
template <std::size_t N = dynamic, std::size_t Burst = dynamic, std::size_t Window = dynamic,
          std::size_t Lambda = dynamic,
          template <std::size_t, std::size_t> class Code = uneven_repetition>
class m_sgc : public detail::extents<N, Burst, Window, Lambda> {
    using extents_type = detail::extents<N, Burst, Window, Lambda>;
    using rules = detail::m_sgc_rules<N, Burst, Window, Lambda>;
    SGC_DETAIL_BURSTY_STATIC_ASSERTS(rules, "sgc::m_sgc<n, B, W, lambda>: ");
    static_assert(rules::bookkeeping_fits,
                  "sgc::m_sgc<n, B, W, lambda>: requires n (W - 1) (W - 1 + B) <= "
                  "sgc::limits::max_bookkeeping");
    static constexpr const char* where = "sgc::m_sgc";

public:
    /// True in the compile-time form (every parameter a template argument).
    using extents_type::is_static;
    /// The D2 groups' code: Code<n, lambda> (Code<> in the run-time form, and where lambda = n
    /// leaves no D2 data: code() is null then).
    using code_type = std::conditional_t<rules::valid && rules::has_code && !rules::is_dynamic,
                                         Code<N, (Lambda < N ? Lambda : 0)>, Code<dynamic, dynamic>>;
    /// The sans-I/O bookkeeping of make_master().
    using master_type = m_sgc_master<code_type>;
    /// The run-time form of this scheme, with the same code template.
    using dynamic_type = m_sgc<dynamic, dynamic, dynamic, dynamic, Code>;

    /// Workers n.
    SGC_DETAIL_VALUE(std::size_t, n, extents_type::template get<0>())
    /// The longest burst B of the model.
    SGC_DETAIL_VALUE(std::size_t, B, extents_type::template get<1>())
    /// The window W of the model.
    SGC_DETAIL_VALUE(std::size_t, W, extents_type::template get<2>())
    /// Distinct stragglers per window, lambda; the D2 code tolerates lambda per group.
    SGC_DETAIL_VALUE(std::size_t, lambda, extents_type::template get<3>())
    /// The delay T = W - 2 + B.
    SGC_DETAIL_VALUE(std::size_t, T, W() - 2 + B())
    /// Tasks per worker and round: W - 1 + B.
    SGC_DETAIL_VALUE(std::size_t, slots, W() - 1 + B())
    /// The load (W - 1 + B) x / (n (W - 1)), exact; a constant expression in the static form.
    SGC_DETAIL_VALUE(rational, load, detail::m_sgc_load(n(), B(), W(), code_load()))
    /// D1's share x of a job's data.
    SGC_DETAIL_VALUE(rational, d1_fraction, detail::m_sgc_d1_fraction(n(), B(), W(), code_load()))

    /// The static form; `seed` draws a cyclic code's H.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// The static form, a cyclic code's H drawn from sgc::default_code_seed.
    m_sgc() : code_(static_code(default_code_seed)) {}
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// The static form.
    /// @param seed the seed of a cyclic D2 code's H (ignored by the repetition codes)
    explicit m_sgc(std::uint64_t seed) : code_(static_code(seed)) {}
    /// The static form with a ready D2 code (lambda < n).
    template <bool S_ = is_static, std::enable_if_t<S_ && rules::has_code, int> = 0>
    /// @param code the D2 groups' (n, lambda) code
    explicit m_sgc(code_type code) : code_(std::move(code)) {}

    /// The run-time form. @throws sgc::invalid_parameter naming the parameter unless
    /// 1 <= n <= limits::max_n, B >= 1, B + 1 <= W <= limits::max_window, 1 <= lambda <= n and
    /// n (W - 1) (W - 1 + B) <= limits::max_bookkeeping, or when the code rejects (n, lambda).
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form.
    /// @param n workers
    /// @param B_value the burst length B, in rounds
    /// @param W_value the window W, in rounds
    /// @param lambda the distinct stragglers per window
    /// @param seed the seed of a cyclic D2 code's H
    /// @throws invalid_parameter naming the parameter unless 1 <= n <= limits::max_n, B >= 1,
    ///         B + 1 <= W <= limits::max_window, 1 <= lambda <= n and
    ///         n (W - 1) (W - 1 + B) <= limits::max_bookkeeping, or when the code rejects
    ///         (n, lambda)
    m_sgc(std::size_t n, std::size_t B_value, std::size_t W_value, std::size_t lambda,
          std::uint64_t seed = default_code_seed)
        : extents_type(checked(n, B_value, W_value, lambda), B_value, W_value, lambda) {
        if (lambda < n) code_.emplace(detail::build_code<code_type>(n, lambda, seed));
    }
    /// The run-time form with a ready (n, lambda) code. @throws sgc::invalid_parameter as
    /// above, if lambda = n (no D2 data, no code), or unless code.n() = n and code.s() = lambda.
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form with a ready D2 code.
    /// @param n workers
    /// @param B_value the burst length B, in rounds
    /// @param W_value the window W, in rounds
    /// @param lambda the distinct stragglers per window, < n
    /// @param code the D2 groups' (n, lambda) code
    /// @throws invalid_parameter as above, if lambda = n (no D2 data, no code), or unless
    ///         code.n() = n and code.s() = lambda
    m_sgc(std::size_t n, std::size_t B_value, std::size_t W_value, std::size_t lambda, code_type code)
        : extents_type(checked(n, B_value, W_value, lambda), B_value, W_value, lambda),
          code_(detail::check_given_code(where, std::move(code), n, coded_lambda(n, lambda))) {}
    /// The run-time form with a code chosen at run time (Code = sgc::any_code).
    template <class C = code_type, std::enable_if_t<detail::has_kind_choice<C>::value, int> = 0>
    /// The run-time form with a code chosen at run time (Code = sgc::any_code).
    /// @param n workers
    /// @param B_value the burst length B, in rounds
    /// @param W_value the window W, in rounds
    /// @param lambda the distinct stragglers per window
    /// @param code the D2 code's kind: frc, uneven or crc (unused when lambda = n)
    /// @param seed the seed of a cyclic code's H
    /// @throws invalid_parameter as above, or for code_kind::matrix when lambda < n
    m_sgc(std::size_t n, std::size_t B_value, std::size_t W_value, std::size_t lambda,
          code_kind code, std::uint64_t seed = default_code_seed)
        : extents_type(checked(n, B_value, W_value, lambda), B_value, W_value, lambda) {
        if (lambda < n) code_.emplace(C::make(code, n, lambda, seed));
    }
    /// Another form of M-SGC as this run-time form: a compile-time scheme, or one whose code
    /// converts to this code_type.
    template <std::size_t N2, std::size_t B2, std::size_t W2, std::size_t Lambda2,
              template <std::size_t, std::size_t> class Code2,
              std::enable_if_t<!is_static && !std::is_same_v<m_sgc, m_sgc<N2, B2, W2, Lambda2, Code2>> &&
                                   detail::code_converts_v<
                                       code_type, typename m_sgc<N2, B2, W2, Lambda2, Code2>::code_type>,
                               int> = 0>
    /// @param other the scheme to convert
    m_sgc(const m_sgc<N2, B2, W2, Lambda2, Code2>& other) // NOLINT: implicit, as mdspan's extents
        : extents_type(other.n(), other.B(), other.W(), other.lambda()) {
        if (other.code()) code_.emplace(detail::to_dynamic_code<code_type>(*other.code()));
    }

    /// The D2 groups' (n, lambda) code; null when lambda = n (no D2 data).
    [[nodiscard]] const code_type* code() const noexcept { return code_ ? &*code_ : nullptr; }
    /// The straggler model M-SGC tolerates: (B, W, lambda)-bursty.
    [[nodiscard]] bursty_model model() const { return bursty_model(n(), B(), W(), lambda()); }

    /// The sans-I/O master for `jobs` jobs (J): it assigns the tasks of every slot and round and
    /// settles the jobs from the workers that returned.
    /// @param jobs J, the jobs to run
    /// @param options the numerical guard's settings for the D2 groups' decode plans
    /// @return the master, at round 0
    /// @throws invalid_parameter unless 1 <= jobs and jobs + T <= limits::max_rounds
    [[nodiscard]] master_type make_master(std::size_t jobs, const decode_options& options = {}) const {
        return master_type(code(), n(), B(), W(), jobs, options);
    }

    /// D1's samples of a job's batch: the first round(x * batch), x = d1_fraction().
    /// @param batch the samples of a job's batch
    /// @return the count of D1 samples; D2 has the rest
    [[nodiscard]] std::size_t d1_samples(std::size_t batch) const;
    /// D1 piece m of `worker`: piece number worker (W - 1) + m of n (W - 1) near-equal pieces of
    /// D1.
    /// @param batch the samples of a job's batch
    /// @param worker the worker, < n
    /// @param m the piece, < W - 1
    /// @return the piece's sample range
    /// @throws invalid_parameter if worker >= n or m >= W - 1
    [[nodiscard]] sample_range piece(std::size_t batch, std::size_t worker, std::size_t m) const;
    /// D2 group j: the rest of the batch after D1, in B near-equal groups.
    /// @param batch the samples of a job's batch
    /// @param j the group, < B
    /// @return the group's sample range
    /// @throws invalid_parameter if j >= B
    [[nodiscard]] sample_range group(std::size_t batch, std::size_t j) const;
    /// Sub-partition p of D2 group j: one of the D2 code's k near-equal parts of the group.
    /// @param batch the samples of a job's batch
    /// @param j the group, < B
    /// @param p the partition, < code()->k()
    /// @return the sub-partition's sample range
    /// @throws invalid_parameter when lambda = n (no D2 data), j >= B or p >= k
    [[nodiscard]] sample_range subpartition(std::size_t batch, std::size_t j, std::size_t p) const;

    /// What `worker` computes for task `t`: the gradient over each range, times its coefficient,
    /// summed (a D1 piece, or its code row over a D2 group's sub-partitions).
    /// @param batch the samples of the task's job's batch
    /// @param worker the worker, < n
    /// @param t a task M-SGC assigned (d1, d1_reattempt or d2)
    /// @return the weighted sample ranges
    /// @throws invalid_parameter for a task kind M-SGC does not assign, or a worker, piece or group
    ///         out of range
    [[nodiscard]] std::vector<weighted_range> task_data(std::size_t batch, std::size_t worker,
                                                        const task& t) const;

private:
    /// The inner code's load, which fixes D1's share; none when lambda = n.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    static constexpr std::optional<rational> code_load() {
        if constexpr (rules::valid && Lambda < N) return code_type::load_for(N, Lambda);
        else return std::nullopt;
    }
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0>
    std::optional<rational> code_load() const {
        return code_ ? std::optional<rational>(code_->load()) : std::nullopt;
    }
    static std::optional<code_type> static_code(std::uint64_t seed) {
        if constexpr (rules::valid && Lambda < N) return detail::build_code<code_type>(seed);
        else return std::nullopt;
    }
    static std::size_t checked(std::size_t n, std::size_t B_value, std::size_t W_value,
                               std::size_t lambda) {
        detail::check_m_sgc(n, B_value, W_value, lambda);
        return n;
    }
    static std::size_t coded_lambda(std::size_t n, std::size_t lambda) {
        if (SGC_UNLIKELY(lambda == n))
            detail::throw_invalid_parameter(where, "code", "given",
                                            "lambda = n leaves no D2 data, so M-SGC uses no code");
        return lambda;
    }

    std::optional<code_type> code_;
};

/// M-SGC's bookkeeping. Per job in flight: which D1 pieces arrived (a worker set per piece
/// index) and in which round, and which workers delivered each D2 group's coded task.
template <class Code> class m_sgc_master : public detail::master_base<m_sgc_master<Code>> {
    using base = detail::master_base<m_sgc_master<Code>>;
    friend base;

public:
    /// @param code the D2 groups' (n, lambda) code, copied; null when lambda = n
    /// @param n workers
    /// @param B the burst length B, in rounds
    /// @param W the window W, in rounds
    /// @param jobs J, the jobs to run
    /// @param options the numerical guard's settings
    /// @throws invalid_parameter when (n, B, W, lambda) break M-SGC's rules, the code's n differs
    ///         from n, or jobs is outside 1 .. limits::max_rounds - T
    m_sgc_master(const Code* code, std::size_t n, std::size_t B, std::size_t W, std::size_t jobs,
                 const decode_options& options = {});

    /// The D2 groups' code; null when lambda = n.
    [[nodiscard]] const Code* code() const noexcept { return plans_ ? &plans_->code() : nullptr; }

private:
    /// A D1 piece that arrived by re-attempt, in a later round than its own slot's.
    struct late_piece {
        std::uint32_t worker, piece, round;
    };
    struct job_record {
        std::vector<worker_set> delivered; // [m]: workers whose piece m arrived
        std::vector<late_piece> late;      // pieces delivered by re-attempt (the rest on time)
        std::vector<worker_set> coded;     // [j]: workers whose group-j task arrived
        bool changed = false;
        decode_status last = decode_status::too_few_responders;
    };

    job_record& record_of(std::size_t job) { return ring_[job % ring_.size()]; }
    std::size_t pieces() const noexcept { return W_ - 1; }

    void assign(round_assignment& a);
    void record(const worker_set& returned);
    decode_status try_decode(std::size_t job, decode_recipe* recipe);

    std::size_t B_, W_;
    std::optional<plan_cache<Code>> plans_;
    std::vector<job_record> ring_;     // jobs r - T .. r
    std::vector<worker_set> complete_; // [j]: this round's workers done with D1 of job r-(W-1+j)
    /// Scratch reused every round, so that a round allocates nothing in steady state.
    worker_set scratch_;
    std::vector<typename plan_cache<Code>::plan_ptr> group_plans_;
};

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

inline void check_m_sgc(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda) {
    constexpr const char* where = "sgc::m_sgc";
    check_bursty_scheme(where, n, B, W, lambda);
    if (SGC_UNLIKELY(m_sgc_bookkeeping(n, B, W) > limits::max_bookkeeping))
        throw_invalid_parameter(where, "W", std::to_string(W),
                                "the master's bookkeeping n (W - 1) (W - 1 + B) (n = " +
                                    std::to_string(n) + ", B = " + std::to_string(B) +
                                    ") exceeds sgc::limits::max_bookkeeping = " +
                                    std::to_string(limits::max_bookkeeping));
}

// The master's own check: its code must be over n workers.
template <class Code> std::size_t checked_m_sgc_master(const Code* code, std::size_t n,
                                                       std::size_t B, std::size_t W) {
    if (code != nullptr && code->n() != n)
        throw_invalid_parameter("sgc::m_sgc_master", "code.n()", std::to_string(code->n()),
                                "must equal n = " + std::to_string(n));
    check_m_sgc(n, B, W, code != nullptr ? code->s() : n);
    return n;
}

} // namespace detail

template <std::size_t N, std::size_t Burst, std::size_t Window, std::size_t Lambda,
          template <std::size_t, std::size_t> class C>
std::size_t m_sgc<N, Burst, Window, Lambda, C>::d1_samples(std::size_t batch) const {
    const rational x = d1_fraction();
    return detail::mul_div_nearest(batch, static_cast<std::size_t>(x.num()),
                                   static_cast<std::size_t>(x.den()));
}

template <std::size_t N, std::size_t Burst, std::size_t Window, std::size_t Lambda,
          template <std::size_t, std::size_t> class C>
sample_range m_sgc<N, Burst, Window, Lambda, C>::piece(std::size_t batch, std::size_t worker, std::size_t m) const {
    detail::require(worker < this->n(), "sgc::m_sgc::piece", "worker", worker, "must be < n");
    detail::require(m + 1 < this->W(), "sgc::m_sgc::piece", "m", m, "must be < W - 1");
    return split_range({0, d1_samples(batch)}, this->n() * (this->W() - 1),
                       worker * (this->W() - 1) + m);
}

template <std::size_t N, std::size_t Burst, std::size_t Window, std::size_t Lambda,
          template <std::size_t, std::size_t> class C>
sample_range m_sgc<N, Burst, Window, Lambda, C>::group(std::size_t batch, std::size_t j) const {
    return split_range({d1_samples(batch), batch}, this->B(), j);
}

template <std::size_t N, std::size_t Burst, std::size_t Window, std::size_t Lambda,
          template <std::size_t, std::size_t> class C>
sample_range m_sgc<N, Burst, Window, Lambda, C>::subpartition(std::size_t batch, std::size_t j,
                                                std::size_t p) const {
    detail::require(code_.has_value(), "sgc::m_sgc::subpartition", "lambda", lambda(),
                    "lambda = n leaves no D2 data");
    return split_range(group(batch, j), code_->k(), p);
}

template <std::size_t N, std::size_t Burst, std::size_t Window, std::size_t Lambda,
          template <std::size_t, std::size_t> class C>
std::vector<weighted_range> m_sgc<N, Burst, Window, Lambda, C>::task_data(std::size_t batch, std::size_t worker,
                                                             const task& t) const {
    switch (t.kind) {
    case task_kind::d1:
    case task_kind::d1_reattempt: return {{piece(batch, worker, t.index), 1.0}};
    case task_kind::d2:
        detail::require(code_.has_value(), "sgc::m_sgc::task_data", "lambda", lambda(),
                        "lambda = n leaves no D2 data");
        return detail::code_row_work(*code_, worker, group(batch, t.index));
    default:
        detail::throw_invalid_parameter("sgc::m_sgc::task_data", "kind", to_string(t.kind),
                                        "has no data in M-SGC");
    }
}

template <class Code>
m_sgc_master<Code>::m_sgc_master(const Code* code, std::size_t n, std::size_t B, std::size_t W,
                                 std::size_t jobs, const decode_options& options)
    : base(detail::checked_m_sgc_master(code, n, B, W), W - 2 + B, W - 1 + B, jobs), B_(B), W_(W),
      ring_(W - 1 + B, job_record{std::vector<worker_set>(W - 1, worker_set(n)), {},
                                  std::vector<worker_set>(B, worker_set(n))}),
      complete_(B, worker_set(n)), scratch_(n) {
    if (code) plans_.emplace(*code, 1024, options);
    group_plans_.reserve(B);
    this->start();
}

template <class Code> void m_sgc_master<Code>::assign(round_assignment& a) {
    const std::size_t r = a.round();
    for (std::size_t m = 0; m < this->slots() && m <= r; ++m) {
        const std::size_t t = r - m;
        if (t >= this->jobs()) continue;
        job_record& rec = record_of(t);
        const auto job = static_cast<std::uint32_t>(t);
        if (m < pieces()) {
            if (m == 0) { // job t starts: its record is reused from job t - (W - 1 + B)
                for (auto& d : rec.delivered) d.clear();
                for (auto& c : rec.coded) c.clear();
                rec.late.clear();
                rec.changed = false;
                rec.last = decode_status::too_few_responders;
            }
            a.set_all(m, task{task_kind::d1, job, static_cast<std::uint32_t>(m)});
            continue;
        }
        // Workers done with D1 compute group j's coded task; the others re-attempt their
        // lowest undelivered piece.
        const std::size_t j = m - pieces();
        worker_set& complete = complete_[j];
        complete = rec.delivered[0];
        for (std::size_t p = 1; p < pieces(); ++p) complete &= rec.delivered[p];
        if (plans_) a.set_all(m, task{task_kind::d2, job, static_cast<std::uint32_t>(j)});
        scratch_ = complete;
        scratch_.flip();
        for (std::size_t i : scratch_) {
            std::size_t p = 0;
            while (rec.delivered[p].contains(i)) ++p;
            a.set(i, m, task{task_kind::d1_reattempt, job, static_cast<std::uint32_t>(p)});
        }
    }
}

template <class Code> void m_sgc_master<Code>::record(const worker_set& returned) {
    const std::size_t r = this->round();
    const auto& a = this->assignment();
    for (std::size_t m = 0; m < this->slots() && m <= r; ++m) {
        const std::size_t t = r - m;
        if (t >= this->jobs()) continue;
        job_record& rec = record_of(t);
        rec.changed = true;
        if (m < pieces()) { // on time: piece m in slot m of round t + m
            rec.delivered[m] |= returned;
            continue;
        }
        const std::size_t j = m - pieces();
        if (plans_) {
            scratch_ = complete_[j];
            scratch_ &= returned;
            rec.coded[j] |= scratch_;
        }
        scratch_ = returned;
        scratch_ -= complete_[j];
        for (std::size_t i : scratch_) {
            const std::uint32_t p = a(i, m).index;
            rec.delivered[p].insert(i);
            rec.late.push_back({static_cast<std::uint32_t>(i), p, static_cast<std::uint32_t>(r)});
        }
    }
}

template <class Code>
decode_status m_sgc_master<Code>::try_decode(std::size_t job, decode_recipe* recipe) {
    job_record& rec = record_of(job);
    if (!rec.changed) return rec.last;
    rec.changed = false;
    rec.last = decode_status::too_few_responders;
    for (const auto& d : rec.delivered)
        if (!d.full()) return rec.last;
    group_plans_.clear();
    if (plans_) {
        if (this->round() < job + this->T()) return rec.last; // the last group is still to come
        for (std::size_t j = 0; j < B_; ++j) {
            group_plans_.push_back(plans_->get(rec.coded[j]));
            if (!group_plans_.back()->ok()) return rec.last = group_plans_.back()->status;
        }
    }
    rec.last = decode_status::ok;
    if (!recipe) return rec.last;
    // Every D1 piece, coefficient 1: (i, m) from slot m of round job + m, or from the round of
    // its re-attempt; then each group's plan over its coded results.
    auto& terms = recipe->terms;
    // Filled by index, over the terms of an earlier recipe where there are some: no per-term
    // capacity check, and no initialisation of fresh terms in a steady state.
    terms.resize(this->n() * pieces());
    const auto fill_d1 = [&](auto pieces_value) { // W = 2 (one piece) unrolls fully
        const std::size_t P = pieces_value;
        recipe_term* d1 = terms.data();
        for (std::size_t i = 0; i < this->n(); ++i)
            for (std::size_t m = 0; m < P; ++m) *d1++ = {{i, job + m, m}, 1.0};
    };
    if (pieces() == 1) fill_d1(std::integral_constant<std::size_t, 1>{});
    else fill_d1(pieces());
    for (const late_piece& p : rec.late)
        terms[p.worker * pieces() + p.piece].result = {p.worker, p.round, p.round - job};
    for (std::size_t j = 0; j < group_plans_.size(); ++j) {
        const auto& plan = *group_plans_[j];
        for (std::size_t r = 0; r < plan.workers.size(); ++r)
            terms.push_back({{plan.workers[r], job + pieces() + j, pieces() + j}, plan.coefficients[r]});
    }
    return rec.last;
}

} // namespace sgc

#endif
