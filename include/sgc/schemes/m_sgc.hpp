#ifndef SGC_SCHEMES_M_SGC_HPP
#define SGC_SCHEMES_M_SGC_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
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

template <class Code> class m_sgc_master;

namespace detail {

// D1's share of a job, x = n(W-1)L / (B + n(W-1)L), chosen so that every slot costs the same
// with an inner code of load L; x = 1 (no D2) when lambda = n.
constexpr rational m_sgc_d1_fraction(std::size_t n, std::size_t B, std::size_t W,
                                     std::optional<rational> code_load) {
    if (!code_load) return rational(1);
    const rational d1 = rational(static_cast<rational::int_type>(n * (W - 1))) * *code_load;
    return d1 / (rational(static_cast<rational::int_type>(B)) + d1);
}

// Load (W - 1 + B) x / (n (W - 1)): W - 1 + B slots, each one D1 piece's worth.
constexpr rational m_sgc_load(std::size_t n, std::size_t B, std::size_t W,
                              std::optional<rational> code_load) {
    return rational(static_cast<rational::int_type>(W - 1 + B)) *
           m_sgc_d1_fraction(n, B, W, code_load) /
           rational(static_cast<rational::int_type>(n * (W - 1)));
}

template <std::size_t N, std::size_t B, std::size_t W, std::size_t L,
          template <std::size_t, std::size_t> class Code>
struct m_sgc_values : bursty_extents<N, B, W, L> {
    using code_type = std::conditional_t<(L < N), Code<N, L>, any_code>;
    static constexpr std::size_t T() noexcept { return W - 2 + B; }
    static constexpr std::size_t slots() noexcept { return W - 1 + B; }
    static constexpr rational load() {
        return m_sgc_load(N, B, W, code_load());
    }
    static constexpr rational d1_fraction() { return m_sgc_d1_fraction(N, B, W, code_load()); }

protected:
    static constexpr std::optional<rational> code_load() {
        if constexpr (L < N) return Code<dynamic, dynamic>::load_for(N, L);
        else return std::nullopt;
    }
    static std::optional<code_type> make_code() {
        if constexpr (L < N) return code_type{};
        else return std::nullopt;
    }
    std::optional<code_type> code_ = make_code();
};

template <template <std::size_t, std::size_t> class Code>
struct m_sgc_values<dynamic, dynamic, dynamic, dynamic, Code>
    : bursty_extents<dynamic, dynamic, dynamic, dynamic> {
    using code_type = any_code;
    std::size_t T() const noexcept { return W() - 2 + B(); }
    std::size_t slots() const noexcept { return W() - 1 + B(); }
    rational load() const { return m_sgc_load(n(), B(), W(), code_load()); }
    rational d1_fraction() const { return m_sgc_d1_fraction(n(), B(), W(), code_load()); }

protected:
    m_sgc_values(std::size_t n, std::size_t B, std::size_t W, std::size_t lambda, code_kind kind,
                 std::uint64_t seed)
        : bursty_extents(n, B, W, lambda), code_(make_code(n, B, W, lambda, kind, seed)) {}
    std::optional<rational> code_load() const {
        return code_ ? std::optional<rational>(code_->load()) : std::nullopt;
    }
    static std::optional<any_code> make_code(std::size_t n, std::size_t B, std::size_t W,
                                             std::size_t lambda, code_kind kind, std::uint64_t seed) {
        check_bursty_scheme("sgc::m_sgc", n, B, W, lambda);
        if (lambda == n) return std::nullopt;
        return any_code::make(kind, n, lambda, seed);
    }
    std::optional<any_code> code_;
};

} // namespace detail

// M-SGC, multiplexed (DESIGN.md 4.3): parameters n, B, W, lambda with 1 <= B <= W - 1 and
// 1 <= lambda <= n; T = W - 2 + B; W - 1 + B equal-cost slots per round. Slot m of round r
// belongs to job r - m: slots 0 .. W-2 compute the worker's own uncoded D1 pieces; slot W-1+j
// computes the coded task of D2 group j, or re-attempts the lowest undelivered D1 piece. The
// D2 groups use an (n, lambda) code (none when lambda = n).
template <std::size_t N = dynamic, std::size_t B = dynamic, std::size_t W = dynamic,
          std::size_t Lambda = dynamic,
          template <std::size_t, std::size_t> class Code = uneven_repetition>
class m_sgc : public detail::m_sgc_values<N, B, W, Lambda, Code> {
    static_assert(N == dynamic || N >= 1, "sgc::m_sgc<n, B, W, lambda>: requires n >= 1");
    static_assert(N == dynamic || B >= 1, "sgc::m_sgc<n, B, W, lambda>: requires B >= 1");
    static_assert(N == dynamic || W >= B + 1,
                  "sgc::m_sgc<n, B, W, lambda>: requires W >= B + 1");
    static_assert(N == dynamic || (Lambda >= 1 && Lambda <= N),
                  "sgc::m_sgc<n, B, W, lambda>: requires 1 <= lambda <= n");
    using values = detail::m_sgc_values<N, B, W, Lambda, Code>;

public:
    using typename values::code_type;
    using master_type = m_sgc_master<code_type>;

    template <std::size_t M = N, std::enable_if_t<M != dynamic, int> = 0> m_sgc() {}
    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    m_sgc(std::size_t n, std::size_t B_, std::size_t W_, std::size_t lambda,
          code_kind kind = code_kind::uneven, std::uint64_t seed = cyclic_repetition<>::default_seed)
        : values(n, B_, W_, lambda, kind, seed) {}

    // The D2 groups' (n, lambda) code; none when lambda = n.
    const std::optional<code_type>& code() const noexcept { return this->code_; }

    master_type make_master(std::size_t jobs, const decode_options& options = {}) const {
        return master_type(this->n(), this->B(), this->W(), this->code_ ? &*this->code_ : nullptr,
                           jobs, options);
    }

    // Data of a job's batch of `batch` samples: D1 is the first round(x * batch) samples, in
    // n (W - 1) pieces (worker i's piece m is number i (W - 1) + m); D2 the rest, in B groups,
    // each in the code's k sub-partitions.
    std::size_t d1_samples(std::size_t batch) const;
    sample_range piece(std::size_t batch, std::size_t worker, std::size_t m) const;
    sample_range group(std::size_t batch, std::size_t j) const;
    sample_range subpartition(std::size_t batch, std::size_t j, std::size_t p) const;

    // What `worker` computes for task `t`: the gradient over each range, times its
    // coefficient, summed (a D1 piece, or its code row over a D2 group's sub-partitions).
    std::vector<weighted_range> task_data(std::size_t batch, std::size_t worker, const task& t) const;
};

// M-SGC's bookkeeping. Per job in flight: which D1 pieces arrived (a worker set per piece
// index) and in which round, and which workers delivered each D2 group's coded task.
template <class Code> class m_sgc_master : public detail::master_base<m_sgc_master<Code>> {
    using base = detail::master_base<m_sgc_master<Code>>;
    friend base;

public:
    // `code` is the D2 groups' code, copied; null when lambda = n.
    m_sgc_master(std::size_t n, std::size_t B, std::size_t W, const Code* code, std::size_t jobs,
                 const decode_options& options = {});

private:
    struct job_record {
        std::vector<worker_set> delivered;      // [m]: workers whose piece m arrived
        std::vector<std::uint32_t> piece_round; // [i (W-1) + m]: the round it arrived in
        std::vector<worker_set> coded;          // [j]: workers whose group-j task arrived
        bool changed = false;
        decode_status last = decode_status::too_few_responders;
    };

    job_record& record_of(std::size_t job) { return ring_[job % ring_.size()]; }
    std::size_t pieces() const noexcept { return W_ - 1; }

    void assign(round_assignment& a);
    void record(const worker_set& returned);
    decode_status try_decode(std::size_t job, decode_recipe& recipe);

    std::size_t B_, W_;
    std::optional<plan_cache<Code>> plans_;
    std::vector<job_record> ring_;     // jobs r - T .. r
    std::vector<worker_set> complete_; // [j]: this round's workers done with D1 of job r-(W-1+j)
};

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

} // namespace detail

template <std::size_t N, std::size_t B, std::size_t W, std::size_t L,
          template <std::size_t, std::size_t> class C>
std::size_t m_sgc<N, B, W, L, C>::d1_samples(std::size_t batch) const {
    const rational x = this->d1_fraction();
    const auto num = static_cast<std::uint64_t>(x.num()), den = static_cast<std::uint64_t>(x.den());
    return static_cast<std::size_t>((num * batch + den / 2) / den); // nearest
}

template <std::size_t N, std::size_t B, std::size_t W, std::size_t L,
          template <std::size_t, std::size_t> class C>
sample_range m_sgc<N, B, W, L, C>::piece(std::size_t batch, std::size_t worker, std::size_t m) const {
    detail::require(worker < this->n(), "sgc::m_sgc::piece", "worker", worker, "must be < n");
    detail::require(m + 1 < this->W(), "sgc::m_sgc::piece", "m", m, "must be < W - 1");
    return split_range({0, d1_samples(batch)}, this->n() * (this->W() - 1),
                       worker * (this->W() - 1) + m);
}

template <std::size_t N, std::size_t B, std::size_t W, std::size_t L,
          template <std::size_t, std::size_t> class C>
sample_range m_sgc<N, B, W, L, C>::group(std::size_t batch, std::size_t j) const {
    return split_range({d1_samples(batch), batch}, this->B(), j);
}

template <std::size_t N, std::size_t B, std::size_t W, std::size_t L,
          template <std::size_t, std::size_t> class C>
sample_range m_sgc<N, B, W, L, C>::subpartition(std::size_t batch, std::size_t j,
                                                std::size_t p) const {
    detail::require(this->code_.has_value(), "sgc::m_sgc::subpartition", "lambda", this->lambda(),
                    "lambda = n leaves no D2 data");
    return split_range(group(batch, j), this->code_->k(), p);
}

template <std::size_t N, std::size_t B, std::size_t W, std::size_t L,
          template <std::size_t, std::size_t> class C>
std::vector<weighted_range> m_sgc<N, B, W, L, C>::task_data(std::size_t batch, std::size_t worker,
                                                             const task& t) const {
    switch (t.kind) {
    case task_kind::d1:
    case task_kind::d1_retry: return {{piece(batch, worker, t.index), 1.0}};
    case task_kind::d2:
        detail::require(this->code_.has_value(), "sgc::m_sgc::task_data", "lambda", this->lambda(),
                        "lambda = n leaves no D2 data");
        return detail::code_row_work(*this->code_, worker, group(batch, t.index));
    default:
        detail::throw_invalid_parameter("sgc::m_sgc::task_data", "kind", to_string(t.kind),
                                        "has no data in M-SGC");
    }
}

template <class Code>
m_sgc_master<Code>::m_sgc_master(std::size_t n, std::size_t B, std::size_t W, const Code* code,
                                 std::size_t jobs, const decode_options& options)
    : base(n, W - 2 + B, W - 1 + B, jobs), B_(B), W_(W),
      ring_(W - 1 + B,
            job_record{std::vector<worker_set>(W - 1, worker_set(n)),
                       std::vector<std::uint32_t>(n * (W - 1), 0),
                       std::vector<worker_set>(B, worker_set(n))}),
      complete_(B, worker_set(n)) {
    if (code) plans_.emplace(*code, 1024, options);
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
            if (m == 0) {
                for (auto& d : rec.delivered) d.clear();
                for (auto& c : rec.coded) c.clear();
                rec.changed = false;
                rec.last = decode_status::too_few_responders;
            }
            for (std::size_t i = 0; i < this->n(); ++i)
                a(i, m) = task{task_kind::d1, job, static_cast<std::uint32_t>(m)};
            continue;
        }
        const std::size_t j = m - pieces();
        worker_set& complete = complete_[j];
        complete = rec.delivered[0];
        for (std::size_t p = 1; p < pieces(); ++p) complete &= rec.delivered[p];
        for (std::size_t i = 0; i < this->n(); ++i) {
            if (complete.contains(i)) {
                if (plans_) a(i, m) = task{task_kind::d2, job, static_cast<std::uint32_t>(j)};
                continue;
            }
            std::size_t p = 0;
            while (rec.delivered[p].contains(i)) ++p;
            a(i, m) = task{task_kind::d1_retry, job, static_cast<std::uint32_t>(p)};
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
        if (m < pieces()) {
            for (std::size_t i : returned) rec.piece_round[i * pieces() + m] = static_cast<std::uint32_t>(r);
            rec.delivered[m] |= returned;
            continue;
        }
        const std::size_t j = m - pieces();
        if (plans_) rec.coded[j] |= complete_[j] & returned;
        for (std::size_t i : returned - complete_[j]) {
            const std::size_t p = a(i, m).index;
            rec.delivered[p].insert(i);
            rec.piece_round[i * pieces() + p] = static_cast<std::uint32_t>(r);
        }
    }
}

template <class Code>
decode_status m_sgc_master<Code>::try_decode(std::size_t job, decode_recipe& recipe) {
    job_record& rec = record_of(job);
    if (!rec.changed) return rec.last;
    rec.changed = false;
    rec.last = decode_status::too_few_responders;
    for (const auto& d : rec.delivered)
        if (d.count() != this->n()) return rec.last;
    std::vector<std::shared_ptr<const decode_plan>> group_plans;
    if (plans_) {
        if (this->round() < job + this->T()) return rec.last; // the last group is still to come
        for (std::size_t j = 0; j < B_; ++j) {
            group_plans.push_back(plans_->get(rec.coded[j]));
            if (!group_plans.back()->ok()) return rec.last = group_plans.back()->status;
        }
    }
    recipe.terms.reserve(this->n() * pieces() + group_plans.size() * this->n());
    for (std::size_t i = 0; i < this->n(); ++i)
        for (std::size_t m = 0; m < pieces(); ++m) {
            const std::size_t round = rec.piece_round[i * pieces() + m];
            recipe.terms.push_back({{i, round, round - job}, 1.0});
        }
    for (std::size_t j = 0; j < group_plans.size(); ++j) {
        const auto& plan = *group_plans[j];
        for (std::size_t r = 0; r < plan.workers.size(); ++r)
            recipe.terms.push_back(
                {{plan.workers[r], job + pieces() + j, pieces() + j}, plan.coefficients[r]});
    }
    return rec.last = decode_status::ok;
}

} // namespace sgc

#endif
