#ifndef SGC_CODES_DETAIL_CODE_FACADE_HPP
#define SGC_CODES_DETAIL_CODE_FACADE_HPP

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../detail/xtensor.hpp"

#include "../../core/detail/checked.hpp"
#include "../../core/detail/extents.hpp"
#include "../../core/dynamic.hpp"
#include "../../core/error.hpp"
#include "../../core/limits.hpp"
#include "../../core/rational.hpp"
#include "../../core/worker_set.hpp"
#include "../decode_plan.hpp"
#include "../worker_task.hpp"

namespace sgc::detail {

/// The rules every (n, s) code shares, in order. Each holds trivially once an earlier one is
/// broken, so the static form reports the first broken rule alone.
template <std::size_t N, std::size_t S> struct code_rules {
    /// Both n and s are template arguments, or neither is.
    static constexpr bool same_form = (N == dynamic) == (S == dynamic);
    /// n >= 1.
    static constexpr bool n_positive = !same_form || N == dynamic || N >= 1;
    /// n <= limits::max_n.
    static constexpr bool n_within_limit =
        !(same_form && n_positive) || N == dynamic || N <= limits::max_n;
    /// s < n.
    static constexpr bool s_below_n =
        !(same_form && n_positive && n_within_limit) || N == dynamic || S < N;
    /// Every rule holds (or the form is dynamic: checked at run time).
    static constexpr bool valid = same_form && n_positive && n_within_limit && s_below_n;
    /// The dense n x k matrix fits sgc::limits::max_matrix_entries (n <= max_n, k <= n: no wrap).
    template <std::size_t K>
    static constexpr bool matrix_fits = !valid || N == dynamic || N * K <= limits::max_matrix_entries;
};

/// The run-time form's checks of the same rules.
inline void check_code_parameters(const char* where, std::size_t n, std::size_t s) {
    require(n >= 1, where, "n", n, "the number of workers must be >= 1");
    if (SGC_UNLIKELY(n > limits::max_n))
        throw_invalid_parameter(where, "n", std::to_string(n),
                                "exceeds the limit of " + std::to_string(limits::max_n) +
                                    " workers (sgc::limits::max_n)");
    if (SGC_UNLIKELY(s >= n))
        throw_invalid_parameter(where, "s", std::to_string(s),
                                "must satisfy s < n (n = " + std::to_string(n) + ")");
}

/// A dense n x k encoding matrix must fit sgc::limits::max_matrix_entries.
inline void check_matrix_size(const char* where, std::size_t n, std::size_t k) {
    if (SGC_UNLIKELY(checked_mul(n, k) > limits::max_matrix_entries))
        throw_invalid_parameter(where, "k", std::to_string(k),
                                "the n x k encoding matrix (n = " + std::to_string(n) +
                                    ") exceeds sgc::limits::max_matrix_entries = " +
                                    std::to_string(limits::max_matrix_entries) + " entries");
}

/// The public face shared by every code: parameters (static or dynamic, one implementation)
/// plus an immutable, shared implementation, so copies are cheap, the static and run-time forms
/// run one code, and a static code converts to its run-time form by sharing it.
template <std::size_t N, std::size_t S, class Impl> class code_facade : public extents<N, S> {
protected:
    using rules = code_rules<N, S>;

private:
    static_assert(rules::same_form,
                  "sgc gradient code: give both n and s at compile time, or neither (sgc::dynamic)");
    static_assert(rules::n_positive, "sgc gradient code: n (number of workers) must be >= 1");
    static_assert(rules::n_within_limit,
                  "sgc gradient code: n (number of workers) must be <= sgc::limits::max_n");
    static_assert(rules::s_below_n, "sgc gradient code: s (stragglers tolerated) must satisfy s < n");

public:
    /// The parameters n and s, static or stored.
    using extents_type = extents<N, S>;
    /// The construction's implementation type.
    using impl_type = Impl;
    using extents_type::is_static;

    /// Workers n: a constant expression of the type in the static form.
    SGC_DETAIL_VALUE(std::size_t, n, extents_type::template get<0>())
    /// Stragglers tolerated s: any n - s responders decode.
    SGC_DETAIL_VALUE(std::size_t, s, extents_type::template get<1>())

    /// Partitions k of a job's data (the encoding matrix is n x k).
    [[nodiscard]] std::size_t k() const noexcept { return impl_->k(); }
    /// The normalised load: the largest fraction of a job's data one worker computes.
    [[nodiscard]] rational load() const noexcept { return impl_->load(); }
    /// The n x k encoding matrix E: worker i sends sum_j E(i, j) g_j.
    [[nodiscard]] const xt::xtensor<double, 2>& encoding_matrix() const noexcept {
        return impl_->encoding_matrix();
    }
    /// The shared, immutable implementation (its interface is not API).
    [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }

    /// Worker `worker`'s row of the encoding matrix E, as the partitions it computes and their
    /// coefficients: what the worker sends for a job is sum_r coefficients[r] g_{partitions[r]}.
    /// @param worker the worker id, < n
    /// @return the nonzero entries of row `worker`, in increasing partition order
    /// @throws invalid_parameter if worker >= n
    [[nodiscard]] worker_task task(std::size_t worker) const {
        check_worker(worker);
        return impl_->task(worker);
    }

    /// The decode plan for a responder set: which results to read and their coefficients a_F with
    /// a_F^T E_F = 1^T, checked by the numerical guard (docs/design.md, section 2.6; Tandon et al.,
    /// "Gradient Coding", ICML 2017, for the decoding condition).
    /// @param responders the workers whose results arrived, a set over n workers
    /// @param options the numerical guard's settings
    /// @return the plan; only a plan with status decode_status::ok may be applied, the others say
    ///         why not (too_few_responders, not_decodable, unreliable)
    /// @throws invalid_parameter if responders.universe() != n
    [[nodiscard]] decode_plan plan(const worker_set& responders,
                                   const decode_options& options = {}) const {
        check_responders(responders);
        return impl_->plan(responders, options);
    }
    /// The decode plan for responders given by worker ids, as plan(const worker_set&, ...).
    /// @param responders the responders' ids, each < n, any order
    /// @param options the numerical guard's settings
    /// @return the plan; see decode_status
    /// @throws invalid_parameter for an unknown (>= n) or repeated id
    [[nodiscard]] decode_plan plan(const std::vector<std::size_t>& responders,
                                   const decode_options& options = {}) const {
        return plan(worker_set::from_ids(n(), responders), options);
    }
    /// The decode plan for responders given by worker ids, e.g. `code.plan({0, 2, 3})`.
    /// @param responders the responders' ids, each < n
    /// @param options the numerical guard's settings
    /// @return the plan; see decode_status
    /// @throws invalid_parameter for an unknown (>= n) or repeated id
    [[nodiscard]] decode_plan plan(std::initializer_list<std::size_t> responders,
                                   const decode_options& options = {}) const {
        return plan(worker_set::from_ids(n(), responders), options);
    }

protected:
    struct static_form {};

    void check_responders(const worker_set& responders) const {
        if (SGC_UNLIKELY(responders.universe() != n()))
            throw_invalid_parameter("sgc gradient code", "responders.universe()",
                                    std::to_string(responders.universe()),
                                    "responder set must be over n = " + std::to_string(n()) +
                                        " workers");
    }

    // The static form: the rules were checked by the static_asserts.
    template <class... Args>
    explicit code_facade(static_form, Args&&... impl_args)
        : impl_(std::make_shared<const Impl>(std::forward<Args>(impl_args)...)) {}
    /// The run-time form: n, s and the size n x k of the matrix are checked before the
    /// implementation is built.
    template <class... Args>
    code_facade(const char* where, std::size_t n_value, std::size_t s_value, std::size_t k_value,
                Args&&... impl_args)
        : extents_type(checked_parameters(where, n_value, s_value, k_value), s_value),
          impl_(std::make_shared<const Impl>(std::forward<Args>(impl_args)...)) {}
    /// The run-time form of a static code: the same implementation, shared.
    template <std::size_t N2, std::size_t S2>
    explicit code_facade(const code_facade<N2, S2, Impl>& other)
        : extents_type(other.n(), other.s()), impl_(other.impl_) {}

private:
    template <std::size_t, std::size_t, class> friend class code_facade;

    static std::size_t checked_parameters(const char* where, std::size_t n_value,
                                          std::size_t s_value, std::size_t k_value) {
        check_code_parameters(where, n_value, s_value);
        check_matrix_size(where, n_value, k_value);
        return n_value;
    }

    void check_worker(std::size_t worker) const {
        if (SGC_UNLIKELY(worker >= n()))
            throw_invalid_parameter("sgc gradient code", "worker", std::to_string(worker),
                                    "unknown worker: ids must be < n = " + std::to_string(n()));
    }

    std::shared_ptr<const Impl> impl_;
};

} // namespace sgc::detail

#endif
