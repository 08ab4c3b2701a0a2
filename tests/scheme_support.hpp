// Drives a scheme's master over a straggler pattern and checks every recipe it gives, without
// gradients: each result covers the job's data units with coefficients (a code row, or one D1
// piece), and a recipe is right exactly when its terms cover every unit with total weight 1.
#ifndef SGC_TESTS_SCHEME_SUPPORT_HPP
#define SGC_TESTS_SCHEME_SUPPORT_HPP

#include <cmath>
#include <cstddef>
#include <ostream>
#include <set>
#include <tuple>
#include <type_traits>
#include <vector>

#include <sgc/core/worker_set.hpp>
#include <sgc/schemes/recipe.hpp>
#include <sgc/schemes/task.hpp>

namespace sgc_test {

// (n, B, W, lambda) of a test case; printable for CAPTURE.
struct bursty_params {
    std::size_t n, B, W, lambda;

    bool sr_sgc_allows() const noexcept { return (W - 1) % B == 0; }
    friend std::ostream& operator<<(std::ostream& os, const bursty_params& p) {
        return os << "(n, B, W, lambda) = (" << p.n << ", " << p.B << ", " << p.W << ", "
                  << p.lambda << ")";
    }
};

template <class Scheme, class = void> struct is_m_sgc : std::false_type {};
template <class Scheme>
struct is_m_sgc<Scheme, std::void_t<decltype(std::declval<const Scheme&>().d1_fraction())>>
    : std::true_type {};

// The data units of one job: the code's k partitions, or M-SGC's n (W-1) pieces followed by
// B groups of k sub-partitions.
template <class Scheme> std::size_t unit_count(const Scheme& scheme) {
    if constexpr (is_m_sgc<Scheme>::value) {
        const std::size_t d1 = scheme.n() * (scheme.W() - 1);
        return scheme.code() ? d1 + scheme.B() * scheme.code()->k() : d1;
    } else {
        return scheme.code()->k();
    }
}

template <class Code>
void add_row(const Code& code, std::size_t worker, double weight, std::size_t offset,
             std::vector<double>& units) {
    const auto row = code.task(worker);
    for (std::size_t r = 0; r < row.partitions.size(); ++r)
        units[offset + row.partitions[r]] += weight * row.coefficients[r];
}

// Adds weight * (what worker's task t covers) to units.
template <class Scheme>
void add_coverage(const Scheme& scheme, std::size_t worker, const sgc::task& t, double weight,
                  std::vector<double>& units) {
    if constexpr (is_m_sgc<Scheme>::value) {
        const std::size_t d1 = scheme.n() * (scheme.W() - 1);
        if (t.kind == sgc::task_kind::d2)
            add_row(*scheme.code(), worker, weight, d1 + t.index * scheme.code()->k(), units);
        else
            units[worker * (scheme.W() - 1) + t.index] += weight;
    } else {
        add_row(*scheme.code(), worker, weight, 0, units);
    }
}

struct run_summary {
    std::size_t decodable = 0, failed = 0, bad_recipes = 0;
    std::size_t late = 0; // decodable, but after the deadline (never expected)
};

// Runs `scheme` over `stragglers` (rounds past its end have none), checking every recipe. The
// plans are guarded for double gradients at 1e-6: these tests are about the bookkeeping, and
// the cyclic code's plans at n ~ 32 can have growth 1e6 (see codes_large.cpp).
template <class Scheme>
run_summary run_and_verify(const Scheme& scheme, std::size_t jobs,
                           const std::vector<sgc::worker_set>& stragglers,
                           const sgc::decode_options& options =
                               sgc::decode_options::for_type<double>(1e-6)) {
    auto master = scheme.make_master(jobs, options);
    std::vector<sgc::round_assignment> assigned;
    std::vector<sgc::worker_set> returned;
    run_summary summary;
    while (!master.done()) {
        const std::size_t r = master.round();
        assigned.push_back(master.assignment());
        returned.push_back(r < stragglers.size() ? stragglers[r].complement()
                                                 : sgc::worker_set::all(scheme.n()));
        const auto outcome = master.complete_round(returned.back());
        summary.failed += outcome.failed.size();
        for (const auto& recipe : outcome.decoded) {
            ++summary.decodable;
            if (r > recipe.job + scheme.T()) ++summary.late;
            std::vector<double> units(unit_count(scheme), 0.0);
            std::set<std::tuple<std::size_t, std::size_t, std::size_t>> seen;
            bool valid = true;
            for (const auto& term : recipe.terms) {
                const auto& ref = term.result;
                // A result of this job, from a worker that returned in that round, used once.
                valid = valid && ref.round <= r && ref.worker < scheme.n() &&
                        ref.slot < master.slots() && returned[ref.round].contains(ref.worker) &&
                        seen.insert({ref.worker, ref.round, ref.slot}).second;
                if (!valid) break;
                const sgc::task& t = assigned[ref.round](ref.worker, ref.slot);
                valid = t.kind != sgc::task_kind::idle && t.job == recipe.job;
                if (!valid) break;
                add_coverage(scheme, ref.worker, t, term.coefficient, units);
            }
            for (double u : units) valid = valid && std::abs(u - 1.0) <= 1e-6;
            if (!valid) ++summary.bad_recipes;
        }
    }
    for (std::size_t t = 0; t < jobs; ++t) {
        const auto& st = master.status(t);
        if (st.state == sgc::job_state::pending) ++summary.bad_recipes; // never settled
    }
    return summary;
}

} // namespace sgc_test

#endif
