// For every code with n <= 12 and every s it supports: every responder set of size n - s
// decodes to the directly computed sum, or (cyclic code only) the guard refuses it.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/codes/any_code.hpp>
#include <sgc/gradient/decode.hpp>

#include "support.hpp"

namespace {

template <class T> struct precision;
template <> struct precision<float> {
    static constexpr double tolerance = 1e-5;
};
template <> struct precision<double> {
    static constexpr double tolerance = 1e-12;
};

struct tally {
    std::size_t sets = 0, decoded = 0, refused = 0;
};

// Decodes every responder set of size m; returns how many the guard refused.
template <class T>
tally check_all_sets(const sgc::any_code<>& code, std::size_t m, std::uint64_t seed) {
    const auto options = sgc::decode_options::for_type<T>(precision<T>::tolerance);
    const auto g = sgc_test::random_partials<T>(code.k(), 5, seed);
    const sgc_test::reference_sum<T> reference(g);
    const auto y = sgc_test::encode_all(code, g);
    tally t;
    sgc_test::for_each_subset(code.n(), m, [&](const sgc::worker_set& responders) {
        ++t.sets;
        const auto plan = code.plan(responders, options);
        // Every set of n - s rows spans the all-ones vector: the code decodes it exactly.
        CHECK(plan.residual < 1e-8);
        std::vector<T> out(g.front().size());
        if (sgc::decode(out, plan, y) != sgc::decode_status::ok) {
            CHECK(plan.status == sgc::decode_status::unreliable);
            ++t.refused;
            return;
        }
        ++t.decoded;
        const double error = reference.relative_error(out);
        CHECK(error <= precision<T>::tolerance);
        CHECK(error <= plan.error_estimate); // the guard's estimate bounds the error
    });
    return t;
}

} // namespace

TEST_CASE_TEMPLATE("exhaustive: repetition codes decode every set of n - s responders", T, float,
                   double) {
    for (std::size_t n = 1; n <= 12; ++n)
        for (std::size_t s = 0; s < n; ++s) {
            CAPTURE(n);
            CAPTURE(s);
            std::vector<sgc::any_code<>> codes;
            codes.emplace_back(sgc::uneven_repetition<>(n, s));
            if (n % (s + 1) == 0) codes.emplace_back(sgc::fractional_repetition<>(n, s));
            for (const auto& code : codes) {
                CAPTURE(sgc::to_string(code.kind()));
                const tally t = check_all_sets<T>(code, n - s, 1000 * n + s);
                CHECK(t.refused == 0);
                CHECK(t.decoded == t.sets);
            }
        }
}

TEST_CASE_TEMPLATE("exhaustive: the cyclic code decodes every set of n - s responders or refuses "
                   "it, never a wrong gradient",
                   T, float, double) {
    tally total;
    for (std::size_t n = 1; n <= 12; ++n)
        for (std::size_t s = 0; s < n; ++s) {
            CAPTURE(n);
            CAPTURE(s);
            const tally t = check_all_sets<T>(sgc::cyclic_repetition<>(n, s), n - s, 77 * n + s);
            total.sets += t.sets;
            total.refused += t.refused;
            if (s == 0 || s + 1 == n) CHECK(t.refused == 0); // identity and all-ones rows
        }
    MESSAGE("cyclic, n <= 12: " << total.sets << " responder sets, " << total.refused
                                << " refused by the guard");
    CHECK(total.refused < total.sets);
}

TEST_CASE("exhaustive: more than n - s responders decode too") {
    for (std::size_t n = 2; n <= 9; ++n)
        for (std::size_t s = 1; s < n; ++s)
            for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc}) {
                const auto code = sgc::any_code<>::make(kind, n, s);
                for (std::size_t m = n - s + 1; m <= n; ++m) {
                    const tally t = check_all_sets<double>(code, m, n + 31 * s + m);
                    if (kind == sgc::code_kind::uneven) CHECK(t.refused == 0);
                }
            }
}

TEST_CASE("exhaustive: fewer than n - s responders") {
    // The cyclic code never tries; a repetition code decodes exactly when every group answered.
    for (std::size_t n = 2; n <= 10; ++n)
        for (std::size_t s = 0; s + 1 < n; ++s) {
            const sgc::cyclic_repetition<> crc(n, s);
            const sgc::uneven_repetition<> rep(n, s);
            sgc_test::for_each_subset(n, n - s - 1, [&](const sgc::worker_set& responders) {
                CHECK(crc.plan(responders).status == sgc::decode_status::too_few_responders);
                bool every_group = true;
                for (std::size_t g = 0; g < rep.groups(); ++g) {
                    bool answered = false;
                    for (std::size_t i = rep.group_begin(g); i < rep.group_end(g); ++i)
                        answered = answered || responders.contains(i);
                    every_group = every_group && answered;
                }
                const auto plan = rep.plan(responders);
                CHECK(plan.ok() == every_group);
                if (!every_group) CHECK(plan.status == sgc::decode_status::too_few_responders);
            });
        }
}
