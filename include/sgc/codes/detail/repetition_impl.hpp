#ifndef SGC_CODES_DETAIL_REPETITION_IMPL_HPP
#define SGC_CODES_DETAIL_REPETITION_IMPL_HPP

#include <cstddef>

#include "../../detail/xtensor.hpp"

#include "../../core/rational.hpp"
#include "../../core/worker_set.hpp"
#include "../decode_plan.hpp"
#include "../worker_task.hpp"
#include "guard.hpp"

namespace sgc::detail {

/// Workers split into q = floor(n / (s+1)) contiguous groups of at least s+1 members (the first
/// n mod q groups one larger); group g computes partitions [g*p, (g+1)*p) and sends their sum.
/// p = s+1 is fractional repetition (k = n), p = 1 the uneven-group code (k = q).
class repetition_impl {
public:
    repetition_impl(std::size_t n, std::size_t s, std::size_t partitions_per_group);

    static constexpr std::size_t groups_for(std::size_t n, std::size_t s) noexcept {
        return n / (s + 1);
    }

    std::size_t n() const noexcept { return n_; }
    std::size_t s() const noexcept { return s_; }
    std::size_t k() const noexcept { return q_ * p_; }
    std::size_t groups() const noexcept { return q_; }
    rational load() const { return rational(1, static_cast<rational::int_type>(q_)); }
    std::size_t group_of(std::size_t worker) const noexcept;
    std::size_t group_begin(std::size_t g) const noexcept;
    std::size_t group_end(std::size_t g) const noexcept { return group_begin(g + 1); }

    const xt::xtensor<double, 2>& encoding_matrix() const noexcept { return E_; }
    worker_task task(std::size_t worker) const;
    // Closed form: the lowest-id responder of every group, coefficient 1.
    decode_plan plan(const worker_set& responders, const decode_options& options) const;
    // The responders plan() reads (the lowest of every group), or {} if a group is silent.
    void plan_key(const worker_set& responders, worker_set& key) const;

private:
    // The numerical guard of a plan that reads one worker of every group, in group order.
    void guard(decode_plan& plan, const decode_options& options) const;

    std::size_t n_, s_, q_, p_;
    std::size_t base_;  // smallest group size
    std::size_t extra_; // number of groups of size base_ + 1
    xt::xtensor<double, 2> E_;
    // The guard's figures and status under default decode_options for every plan that reads
    // one worker of each group: they depend on the groups alone (each row is its group's p
    // partitions, coefficient 1), so they are computed once and copied into such plans.
    decode_plan covered_;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline repetition_impl::repetition_impl(std::size_t n, std::size_t s,
                                        std::size_t partitions_per_group)
    : n_(n), s_(s), q_(groups_for(n, s)), p_(partitions_per_group), base_(n / q_),
      extra_(n % q_), E_(xt::xtensor<double, 2>::from_shape({n, q_ * p_})) {
    E_.fill(0.0);
    for (std::size_t i = 0; i < n_; ++i) {
        const std::size_t g = group_of(i);
        for (std::size_t j = g * p_; j < (g + 1) * p_; ++j) E_(i, j) = 1.0;
    }
    for (std::size_t g = 0; g < q_; ++g) {
        covered_.workers.push_back(group_begin(g));
        covered_.coefficients.push_back(1.0);
    }
    guard(covered_, decode_options{});
    covered_.workers.clear();
    covered_.coefficients.clear();
}

inline void repetition_impl::guard(decode_plan& plan, const decode_options& options) const {
    // Row i's support: its group's p partitions, coefficient 1.
    apply_guard(plan, k(), options, [&](std::size_t i, auto&& add) {
        const std::size_t g = group_of(i);
        for (std::size_t j = g * p_; j < (g + 1) * p_; ++j) add(j, 1.0);
    });
}

inline std::size_t repetition_impl::group_of(std::size_t worker) const noexcept {
    const std::size_t big = extra_ * (base_ + 1); // workers in the larger groups
    return worker < big ? worker / (base_ + 1) : extra_ + (worker - big) / base_;
}

inline std::size_t repetition_impl::group_begin(std::size_t g) const noexcept {
    return g <= extra_ ? g * (base_ + 1) : extra_ * (base_ + 1) + (g - extra_) * base_;
}

inline worker_task repetition_impl::task(std::size_t worker) const {
    worker_task t;
    const std::size_t g = group_of(worker);
    for (std::size_t j = g * p_; j < (g + 1) * p_; ++j) {
        t.partitions.push_back(j);
        t.coefficients.push_back(1.0);
    }
    return t;
}

inline decode_plan repetition_impl::plan(const worker_set& responders,
                                         const decode_options& options) const {
    decode_plan plan;
    plan.workers.reserve(q_);
    plan.coefficients.reserve(q_);
    for (std::size_t g = 0; g < q_; ++g) {
        const std::size_t first = responders.next(group_begin(g));
        if (first >= group_end(g)) {
            plan.workers.clear();
            plan.coefficients.clear();
            return plan; // too_few_responders: group g is silent
        }
        plan.workers.push_back(first);
        plan.coefficients.push_back(1.0);
    }
    const decode_options defaults{};
    if (options.tolerance == defaults.tolerance && options.unit_roundoff == defaults.unit_roundoff &&
        options.model == defaults.model && options.deviations == defaults.deviations) {
        plan.status = covered_.status;
        plan.residual = covered_.residual;
        plan.growth = covered_.growth;
        plan.error_estimate = covered_.error_estimate;
        plan.plain_sum_estimate = covered_.plain_sum_estimate;
    } else {
        guard(plan, options);
    }
    return plan;
}

inline void repetition_impl::plan_key(const worker_set& responders, worker_set& key) const {
    if (key.universe() != n_) key = worker_set(n_);
    else key.clear();
    for (std::size_t g = 0; g < q_; ++g) {
        const std::size_t first = responders.next(group_begin(g));
        if (first >= group_end(g)) {
            key.clear();
            return;
        }
        key.insert(first);
    }
}

} // namespace sgc::detail

#endif
