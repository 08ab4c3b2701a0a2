// The cyclic code's banded plans against the dense least-squares plan (LAPACK) on the same E:
// exhaustively for small n, on random sets, bursts and extra responders at n = 64 and 256.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/detail/guard.hpp>
#include <sgc/gradient/decode.hpp>

#include "support.hpp"

namespace {

struct tally {
    std::size_t sets = 0, both_ok = 0, only_banded_ok = 0, borderline = 0;
};

double norm(const std::vector<double>& v) {
    double sum = 0.0;
    for (double x : v) sum += x * x;
    return std::sqrt(sum);
}

// Compares code.plan (banded) with the dense plan for one responder set; y are the workers'
// results (double) and `reference` the direct sum they encode.
void compare(const sgc::cyclic_repetition<>& code, const sgc::worker_set& responders,
             const sgc::decode_options& options, const std::vector<std::vector<double>>& y,
             const sgc_test::reference_sum<double>& reference, tally& t) {
    const std::size_t n = code.n(), m = responders.count();
    const auto banded = code.plan(responders, options);
    const auto dense = code.impl().dense_plan(responders, options);
    ++t.sets;
    if (m < n - code.s()) {
        CHECK(banded.status == sgc::decode_status::too_few_responders);
        CHECK(dense.status == sgc::decode_status::too_few_responders);
        return;
    }
    CHECK(banded.workers == dense.workers); // both read every responder

    // The guard's figures are those of the dense guard on the same coefficients.
    sgc::decode_plan rechecked = banded;
    sgc::detail::apply_guard(rechecked, code.encoding_matrix(), options);
    CHECK(rechecked.residual == banded.residual);
    CHECK(rechecked.growth == banded.growth);
    CHECK(rechecked.error_estimate == banded.error_estimate);
    CHECK(rechecked.status == banded.status);

    // The system is consistent up to the rounding in E: the residual stays at that level
    // (the same bar as the exhaustive code tests).
    CHECK(banded.residual < 1e-8);
    // The minimum-norm solution (LAPACK's is as well, up to its rank cut-off).
    CHECK(norm(banded.coefficients) <= norm(dense.coefficients) * (1.0 + 1e-6));

    // Same status, except that the banded plan may be trusted where the dense one is not, and
    // either may fall on the other side of a borderline estimate.
    if (banded.ok() && dense.ok()) ++t.both_ok;
    if (banded.ok() && !dense.ok()) ++t.only_banded_ok;
    if (!banded.ok() && dense.ok()) {
        ++t.borderline;
        CHECK(dense.error_estimate > options.tolerance / 2);
    }

    // Decoded results agree, with each other and with the direct sum, within the estimates.
    std::vector<double> from_banded(reference.sum.size()), from_dense(reference.sum.size());
    sgc::decode_plan applied_banded = banded, applied_dense = dense;
    applied_banded.status = applied_dense.status = sgc::decode_status::ok;
    sgc::decode(from_banded, applied_banded, y);
    sgc::decode(from_dense, applied_dense, y);
    CHECK(reference.relative_error(from_banded) <= banded.error_estimate);
    CHECK(reference.relative_error(from_dense) <= dense.error_estimate);
}

// The responder sets at size n: random sets of n - s, every `burst_step`-th cyclic burst of s
// stragglers, and random sets with 1..s extra responders.
std::vector<sgc::worker_set> responder_sets(std::size_t n, std::size_t s, std::size_t random,
                                            std::size_t burst_step, std::size_t extra) {
    std::mt19937_64 rng(n * 100 + s);
    std::vector<sgc::worker_set> sets;
    for (std::size_t r = 0; r < random; ++r) sets.push_back(sgc_test::all_but_random(n, s, rng));
    for (std::size_t start = 0; start < n; start += burst_step)
        sets.push_back(sgc_test::all_but_burst(n, start, s));
    for (std::size_t r = 0; r < extra; ++r)
        sets.push_back(sgc_test::all_but_random(n, 1 + rng() % s, rng));
    return sets;
}

void check_sets(std::size_t n, std::size_t s, const std::vector<sgc::worker_set>& sets,
                const sgc::decode_options& options) {
    const sgc::cyclic_repetition<> code(n, s);
    const auto g = sgc_test::random_partials<double>(n, 4, n + s);
    const sgc_test::reference_sum<double> reference(g);
    const auto y = sgc_test::encode_all(code, g);
    tally t;
    for (const auto& responders : sets) compare(code, responders, options, y, reference, t);
    MESSAGE("n = " << n << ", s = " << s << ": " << t.sets << " sets, both ok " << t.both_ok
                   << ", only banded ok " << t.only_banded_ok << ", only dense ok (borderline) "
                   << t.borderline);
}

} // namespace

TEST_CASE("cyclic plans: banded and dense agree on every responder set for n <= 9") {
    const auto options = sgc::decode_options::for_type<double>(1e-10);
    tally t;
    for (std::size_t n = 1; n <= 9; ++n)
        for (std::size_t s = 0; s < n; ++s) {
            CAPTURE(n);
            CAPTURE(s);
            const sgc::cyclic_repetition<> code(n, s);
            const auto g = sgc_test::random_partials<double>(n, 3, 10 * n + s);
            const sgc_test::reference_sum<double> reference(g);
            const auto y = sgc_test::encode_all(code, g);
            for (std::size_t m = (n - s > 1 ? n - s - 1 : 1); m <= n; ++m)
                sgc_test::for_each_subset(n, m, [&](const sgc::worker_set& responders) {
                    compare(code, responders, options, y, reference, t);
                });
        }
    MESSAGE("n <= 9: " << t.sets << " sets, both ok " << t.both_ok << ", only banded ok "
                       << t.only_banded_ok << ", only dense ok (borderline) " << t.borderline);
    CHECK(t.both_ok > t.sets / 2);
}

TEST_CASE("cyclic plans: banded and dense agree at n = 64") {
    for (std::size_t s : {8u, 15u}) {
        CAPTURE(s);
        check_sets(64, s, responder_sets(64, s, 60, 1, 30),
                   sgc::decode_options::for_type<double>(1e-9));
    }
}

TEST_CASE("cyclic plans: banded and dense agree at n = 256") {
    check_sets(256, 27, responder_sets(256, 27, 16, 16, 8),
               sgc::decode_options::for_type<double>(1e-7));
}

TEST_CASE("cyclic plans: a singular straggler block falls back to the dense solve") {
    // H[:, 1] and H[:, 4] are parallel: with workers 1 and 4 straggling the banded system is
    // singular, while E_F still spans the all-ones vector.
    xt::xtensor<double, 2> H = {{0.3, -1.1, 0.7, 0.4, 0.0, 0.0}, {-0.5, 0.8, 0.2, -1.3, 0.0, 0.0}};
    for (std::size_t r = 0; r < 2; ++r) {
        H(r, 4) = 2.0 * H(r, 1);
        H(r, 5) = -(H(r, 0) + H(r, 1) + H(r, 2) + H(r, 3) + H(r, 4));
    }
    const sgc::cyclic_repetition<6, 2> code(H);
    const auto responders = sgc::worker_set::from_ids(6, {0, 2, 3, 5});
    const auto options = sgc::decode_options::for_type<double>(1e-12);
    const auto plan = code.plan(responders, options);
    const auto dense = code.impl().dense_plan(responders, options);
    REQUIRE(plan.ok());
    CHECK(plan.coefficients == dense.coefficients); // the dense plan itself
    CHECK(plan.residual < 1e-14);
}
