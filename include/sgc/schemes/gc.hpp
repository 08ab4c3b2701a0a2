#ifndef SGC_SCHEMES_GC_HPP
#define SGC_SCHEMES_GC_HPP

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "../codes/code_kind.hpp"
#include "../codes/detail/code_facade.hpp"
#include "../codes/plan_cache.hpp"
#include "../codes/uneven_repetition.hpp"
#include "../core/detail/extents.hpp"
#include "../core/dynamic.hpp"
#include "../core/rational.hpp"
#include "../core/worker_set.hpp"
#include "../models/s_per_round.hpp"
#include "detail/code_work.hpp"
#include "detail/master_base.hpp"
#include "detail/scheme_code.hpp"
#include "partition.hpp"
#include "recipe.hpp"
#include "task.hpp"

namespace sgc {

template <class Code> class gc_master;

/// The GC baseline (docs/design.md, section 4.1): an (n, s) gradient code (Tandon et al.,
/// "Gradient Coding", ICML 2017) used round by round; in round r every worker computes its code
/// row for job r. T = 0, one slot per round, the code's load.
///
///     sgc::gc<12, 3>                             compile-time n, s; uneven repetition
///     sgc::gc<256, 27, sgc::cyclic_repetition>   the paper's load (s + 1)/n
///     sgc::gc<>(n, s)                            run time, uneven repetition
///     sgc::gc<sgc::dynamic, sgc::dynamic, sgc::any_code>(n, s, sgc::code_kind::crc)
///                                                run time, the code chosen at run time
///
/// Constructors take the parameters, then optionally the code (a ready code with the scheme's
/// n and s, or for sgc::any_code a code_kind) and the seed of a cyclic code. A compile-time
/// scheme converts to its run-time form (sgc::gc<> g = sgc::gc<12, 3>{}).
/// @tparam N workers n, or sgc::dynamic
/// @tparam S stragglers tolerated per round s, or sgc::dynamic
/// @tparam Code the inner code's template (uneven_repetition, fractional_repetition,
///         cyclic_repetition, any_code)
template <std::size_t N = dynamic, std::size_t S = dynamic,
          template <std::size_t, std::size_t> class Code = uneven_repetition>
class gc : public detail::extents<N, S>, public detail::single_code_work<gc<N, S, Code>> {
    using extents_type = detail::extents<N, S>;
    using rules = detail::code_rules<N, S>;
    static_assert(rules::same_form, "sgc::gc<n, s>: give both n and s at compile time, or neither "
                                    "(sgc::dynamic)");
    static_assert(rules::n_positive, "sgc::gc<n, s>: requires n >= 1");
    static_assert(rules::n_within_limit, "sgc::gc<n, s>: requires n <= sgc::limits::max_n");
    static_assert(rules::s_below_n, "sgc::gc<n, s>: requires s < n");
    static constexpr const char* where = "sgc::gc";

public:
    /// True in the compile-time form (every parameter a template argument).
    using extents_type::is_static;
    /// The inner code: Code<n, s> (Code<> in the run-time form).
    using code_type = std::conditional_t<rules::valid, Code<N, S>, Code<dynamic, dynamic>>;
    /// The sans-I/O bookkeeping of make_master().
    using master_type = gc_master<code_type>;
    /// The run-time form of this scheme, with the same code template.
    using dynamic_type = gc<dynamic, dynamic, Code>;

    /// Workers n.
    SGC_DETAIL_VALUE(std::size_t, n, extents_type::template get<0>())
    /// Stragglers tolerated per round s.
    SGC_DETAIL_VALUE(std::size_t, s, extents_type::template get<1>())
    /// The delay T: GC decodes job t at the end of round t.
    static constexpr std::size_t T() noexcept { return 0; }
    /// Tasks per worker and round.
    static constexpr std::size_t slots() noexcept { return 1; }
    /// The load of the inner code (exact). A constant expression in the static form.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0> static constexpr rational load() {
        return code_type::load_for(N, S);
    }
    /// The load of the inner code (exact), in the run-time form.
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0> rational load() const {
        return code_.load();
    }

    /// The static form; `seed` draws a cyclic code's H.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// The static form, a cyclic code's H drawn from sgc::default_code_seed.
    gc() : code_(detail::build_code<code_type>(default_code_seed)) {}
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// The static form.
    /// @param seed the seed of a cyclic code's H (ignored by the repetition codes)
    explicit gc(std::uint64_t seed) : code_(detail::build_code<code_type>(seed)) {}
    /// The static form with a ready code.
    template <bool S_ = is_static, std::enable_if_t<S_, int> = 0>
    /// @param code the inner code
    explicit gc(code_type code) : code_(std::move(code)) {}

    /// The run-time form. @throws sgc::invalid_parameter unless 1 <= n <= limits::max_n and
    /// s < n, or when the code rejects (n, s) (e.g. fractional repetition needs (s + 1) | n).
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form.
    /// @param n workers
    /// @param s stragglers tolerated per round
    /// @param seed the seed of a cyclic code's H
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n and s < n, or when the code
    ///         rejects (n, s) (e.g. fractional repetition needs (s + 1) | n)
    gc(std::size_t n, std::size_t s, std::uint64_t seed = default_code_seed)
        : extents_type(checked(n, s), s), code_(detail::build_code<code_type>(n, s, seed)) {}
    /// The run-time form with a ready code. @throws sgc::invalid_parameter unless
    /// code.n() = n and code.s() = s.
    template <bool S_ = is_static, std::enable_if_t<!S_, int> = 0>
    /// The run-time form with a ready code.
    /// @param n workers
    /// @param s stragglers tolerated per round
    /// @param code the inner code, with the same n and s
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n, s < n, code.n() = n and
    ///         code.s() = s
    gc(std::size_t n, std::size_t s, code_type code)
        : extents_type(checked(n, s), s), code_(detail::check_given_code(where, std::move(code), n, s)) {}
    /// The run-time form with a code chosen at run time (Code = sgc::any_code).
    template <class C = code_type, std::enable_if_t<detail::has_kind_choice<C>::value, int> = 0>
    /// The run-time form with a code chosen at run time (Code = sgc::any_code).
    /// @param n workers
    /// @param s stragglers tolerated per round
    /// @param code the code's kind: frc, uneven or crc
    /// @param seed the seed of a cyclic code's H
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n and s < n, for code_kind::matrix,
    ///         or when the code rejects (n, s)
    gc(std::size_t n, std::size_t s, code_kind code, std::uint64_t seed = default_code_seed)
        : extents_type(checked(n, s), s), code_(C::make(code, n, s, seed)) {}
    /// Another form of GC as this run-time form: a compile-time scheme, or one whose code
    /// converts to this code_type (e.g. to sgc::any_code<>).
    template <std::size_t N2, std::size_t S2, template <std::size_t, std::size_t> class Code2,
              std::enable_if_t<!is_static && !std::is_same_v<gc, gc<N2, S2, Code2>> &&
                                   detail::code_converts_v<code_type, typename gc<N2, S2, Code2>::code_type>,
                               int> = 0>
    /// @param other the scheme to convert
    gc(const gc<N2, S2, Code2>& other) // NOLINT: implicit, as mdspan's extents
        : extents_type(other.n(), other.s()),
          code_(detail::to_dynamic_code<code_type>(*other.code())) {}

    /// The inner code (never null).
    [[nodiscard]] const code_type* code() const noexcept { return &code_; }
    /// The straggler model GC tolerates: at most s stragglers per round.
    [[nodiscard]] s_per_round_model model() const { return s_per_round_model(n(), s()); }

    /// The sans-I/O master for `jobs` jobs (J): it assigns the tasks of every round and settles
    /// the jobs from the workers that returned.
    /// @param jobs J, the jobs to run
    /// @param options the numerical guard's settings for its decode plans
    /// @return the master, at round 0
    /// @throws invalid_parameter unless 1 <= jobs <= limits::max_rounds
    [[nodiscard]] master_type make_master(std::size_t jobs, const decode_options& options = {}) const {
        return master_type(&code_, jobs, options);
    }

private:
    static std::size_t checked(std::size_t n, std::size_t s) {
        detail::check_code_parameters(where, n, s);
        return n;
    }

    code_type code_;
};

/// GC's bookkeeping: job r is settled at the end of round r from that round's responders. Its
/// round interface (assignment, complete_round, ...) is that of the masters of all schemes.
template <class Code> class gc_master : public detail::master_base<gc_master<Code>> {
    using base = detail::master_base<gc_master<Code>>;
    friend base;

public:
    /// @param code the inner code (copied; must not be null)
    /// @param jobs J, the jobs to run
    /// @param options the numerical guard's settings
    /// @throws invalid_parameter for a null code or jobs outside 1 .. limits::max_rounds
    gc_master(const Code* code, std::size_t jobs, const decode_options& options = {})
        : base(detail::required_code("sgc::gc_master", code).n(), 0, 1, jobs),
          plans_(*code, 1024, options), returned_(this->n()) {
        this->start();
    }

    /// The inner code.
    [[nodiscard]] const Code& code() const noexcept { return plans_.code(); }

private:
    void assign(round_assignment& a) const {
        a.set_all(0, task{task_kind::gc, static_cast<std::uint32_t>(a.round()), 0});
    }
    void record(const worker_set& returned) { returned_ = returned; }
    decode_status try_decode(std::size_t job, decode_recipe* recipe) {
        const auto plan = plans_.get(returned_);
        if (!plan->ok() || !recipe) return plan->status;
        recipe->terms.clear();
        for (std::size_t r = 0; r < plan->workers.size(); ++r)
            recipe->terms.push_back({{plan->workers[r], job, 0}, plan->coefficients[r]});
        return decode_status::ok;
    }

    plan_cache<Code> plans_;
    worker_set returned_;
};

} // namespace sgc

#endif
