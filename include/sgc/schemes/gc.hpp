#ifndef SGC_SCHEMES_GC_HPP
#define SGC_SCHEMES_GC_HPP

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "../codes/any_code.hpp"
#include "../codes/cyclic_repetition.hpp"
#include "../codes/plan_cache.hpp"
#include "../codes/uneven_repetition.hpp"
#include "../core/dynamic.hpp"
#include "../core/rational.hpp"
#include "../core/worker_set.hpp"
#include "../models/s_per_round.hpp"
#include "detail/code_work.hpp"
#include "detail/master_base.hpp"
#include "partition.hpp"
#include "recipe.hpp"
#include "task.hpp"

namespace sgc {

template <class Code> class gc_master;

namespace detail {

// GC's values: T = 0, one slot per round, the code's load.
template <std::size_t N, std::size_t S, template <std::size_t, std::size_t> class Code>
struct gc_values {
    static constexpr bool is_static = true;
    static constexpr std::size_t n() noexcept { return N; }
    static constexpr std::size_t s() noexcept { return S; }
    static constexpr std::size_t T() noexcept { return 0; }
    static constexpr std::size_t slots() noexcept { return 1; }
    static constexpr rational load() { return Code<dynamic, dynamic>::load_for(N, S); }
    // The straggler model the scheme tolerates.
    static s_per_round_model model() { return s_per_round_model(N, S); }

protected:
    Code<N, S> code_;
};

template <template <std::size_t, std::size_t> class Code> struct gc_values<dynamic, dynamic, Code> {
    static constexpr bool is_static = false;
    std::size_t n() const noexcept { return code_.n(); }
    std::size_t s() const noexcept { return code_.s(); }
    static constexpr std::size_t T() noexcept { return 0; }
    static constexpr std::size_t slots() noexcept { return 1; }
    rational load() const noexcept { return code_.load(); }
    s_per_round_model model() const { return s_per_round_model(code_.n(), code_.s()); }

protected:
    explicit gc_values(any_code code) : code_(std::move(code)) {}
    any_code code_;
};

} // namespace detail

// The GC baseline (DESIGN.md 4.1): an (n, s) gradient code used round by round; round r, every
// worker computes its code row for job r. T = 0.
//   sgc::gc<12, 3>                          compile-time n, s; uneven repetition
//   sgc::gc<256, 27, sgc::cyclic_repetition> the paper's load (s+1)/n
//   sgc::gc<>(n, s, sgc::code_kind::crc)    run time
template <std::size_t N = dynamic, std::size_t S = dynamic,
          template <std::size_t, std::size_t> class Code = uneven_repetition>
class gc : public detail::gc_values<N, S, Code>,
           public detail::single_code_work<gc<N, S, Code>> {
    using values = detail::gc_values<N, S, Code>;

public:
    using code_type = std::conditional_t<N == dynamic, any_code, Code<N, S>>;
    using master_type = gc_master<code_type>;

    template <std::size_t M = N, std::enable_if_t<M != dynamic, int> = 0> gc() {}
    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    gc(std::size_t n, std::size_t s, code_kind kind = code_kind::uneven,
       std::uint64_t seed = cyclic_repetition<>::default_seed)
        : values(any_code::make(kind, n, s, seed)) {}
    template <std::size_t M = N, std::enable_if_t<M == dynamic, int> = 0>
    explicit gc(any_code code) : values(std::move(code)) {}

    const code_type& code() const noexcept { return this->code_; }

    // The sans-I/O master for J = jobs jobs.
    master_type make_master(std::size_t jobs, const decode_options& options = {}) const {
        return master_type(this->code_, jobs, options);
    }

};

// GC's bookkeeping: job r is settled at the end of round r from that round's responders.
template <class Code> class gc_master : public detail::master_base<gc_master<Code>> {
    using base = detail::master_base<gc_master<Code>>;
    friend base;

public:
    gc_master(Code code, std::size_t jobs, const decode_options& options = {})
        : base(code.n(), 0, 1, jobs), plans_(std::move(code), 1024, options),
          returned_(this->n()) {
        this->start();
    }

    const Code& code() const noexcept { return plans_.code(); }

private:
    void assign(round_assignment& a) const {
        for (std::size_t i = 0; i < this->n(); ++i)
            a(i, 0) = task{task_kind::gc, static_cast<std::uint32_t>(a.round()), 0};
    }
    void record(const worker_set& returned) { returned_ = returned; }
    decode_status try_decode(std::size_t job, decode_recipe& recipe) {
        const auto plan = plans_.get(returned_);
        if (!plan->ok()) return plan->status;
        for (std::size_t r = 0; r < plan->workers.size(); ++r)
            recipe.terms.push_back({{plan->workers[r], job, 0}, plan->coefficients[r]});
        return decode_status::ok;
    }

    plan_cache<Code> plans_;
    worker_set returned_;
};

} // namespace sgc

#endif
