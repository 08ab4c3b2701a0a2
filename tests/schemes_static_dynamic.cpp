// The compile-time and run-time forms of every scheme mean the same thing (mdspan's rule): the
// code template is honoured in both, one constructor shape, one code() shape, and a
// compile-time scheme converts to its run-time form.
#include <doctest/doctest.h>

#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <sgc/codes/any_code.hpp>
#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/fractional_repetition.hpp>
#include <sgc/codes/uneven_repetition.hpp>
#include <sgc/core/limits.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/schemes/any_scheme.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

#include "error_support.hpp"

namespace {

constexpr std::size_t D = sgc::dynamic;

using sgc_test::error_of;

// Two schemes are the same when their parameters, loads, code rows and every round's
// assignment and settlement agree over a straggler pattern.
template <class A, class Bs>
void check_same_scheme(const A& a, const Bs& b, const sgc::straggler_pattern& pattern,
                       std::size_t jobs) {
    REQUIRE(a.n() == b.n());
    CHECK(a.T() == b.T());
    CHECK(a.slots() == b.slots());
    CHECK(a.load() == b.load());
    REQUIRE((a.code() == nullptr) == (b.code() == nullptr));
    if (a.code()) {
        CHECK(a.code()->k() == b.code()->k());
        CHECK(a.code()->load() == b.code()->load());
        for (std::size_t i = 0; i < a.n(); ++i) {
            CHECK(a.code()->task(i).partitions == b.code()->task(i).partitions);
            CHECK(a.code()->task(i).coefficients == b.code()->task(i).coefficients);
        }
    }
    auto ma = a.make_master(jobs);
    auto mb = b.make_master(jobs);
    while (!ma.done()) {
        REQUIRE_FALSE(mb.done());
        const std::size_t r = ma.round();
        for (std::size_t i = 0; i < a.n(); ++i)
            for (std::size_t m = 0; m < a.slots(); ++m)
                CHECK(ma.assignment()(i, m) == mb.assignment()(i, m));
        const auto returned = pattern.at(r).complement();
        const auto oa = ma.complete_round(returned);
        const auto ob = mb.complete_round(returned);
        CHECK(oa.failed == ob.failed);
        REQUIRE(oa.decoded.size() == ob.decoded.size());
        for (std::size_t k = 0; k < oa.decoded.size(); ++k) {
            CHECK(oa.decoded[k].job == ob.decoded[k].job);
            REQUIRE(oa.decoded[k].terms.size() == ob.decoded[k].terms.size());
            for (std::size_t t = 0; t < oa.decoded[k].terms.size(); ++t) {
                CHECK(oa.decoded[k].terms[t].result == ob.decoded[k].terms[t].result);
                CHECK(oa.decoded[k].terms[t].coefficient == ob.decoded[k].terms[t].coefficient);
            }
        }
    }
    CHECK(mb.done());
}

template <class Scheme> sgc::straggler_pattern saturating(const Scheme& scheme, std::size_t rounds) {
    if constexpr (std::is_same_v<decltype(scheme.model()), sgc::s_per_round_model>) {
        sgc::adversarial_stragglers g(sgc::bursty_model(scheme.n(), 1, 1, scheme.s()), 7);
        return sgc::generate(g, rounds);
    } else {
        sgc::adversarial_stragglers g(scheme.model(), 7);
        return sgc::generate(g, rounds);
    }
}

} // namespace

TEST_CASE("static and dynamic schemes: the code template is honoured in the run-time form") {
    // The trap this removes: the run-time form used to build uneven repetition whatever Code said.
    const sgc::gc<D, D, sgc::cyclic_repetition> g(8, 2);
    static_assert(std::is_same_v<std::decay_t<decltype(*g.code())>, sgc::cyclic_repetition<>>);
    CHECK(g.load() == sgc::rational(3, 8));
    CHECK(g.code()->encoding_matrix() == sgc::cyclic_repetition<>(8, 2).encoding_matrix());

    const sgc::sr_sgc<D, D, D, D, sgc::cyclic_repetition> sr(256, 1, 2, 27);
    CHECK(sr.s() == 14);
    CHECK(sr.load() == sgc::rational(15, 256)); // uneven repetition would give 1/17
    const sgc::m_sgc<D, D, D, D, sgc::cyclic_repetition> m(256, 1, 2, 27);
    CHECK(m.load() == sgc::rational(7, 928));
    const sgc::m_sgc<D, D, D, D, sgc::fractional_repetition> frc(8, 1, 2, 3);
    CHECK(frc.code()->groups() == 2);
    CHECK(sgc::m_sgc<>(256, 1, 2, 27).load() == sgc::m_sgc<256, 1, 2, 27>::load());
}

TEST_CASE("static and dynamic schemes: a run-time choice of code goes through any_code") {
    using gc_any = sgc::gc<D, D, sgc::any_code>;
    for (auto kind : {sgc::code_kind::frc, sgc::code_kind::uneven, sgc::code_kind::crc}) {
        const gc_any g(8, 3, kind);
        CHECK(g.code()->kind() == kind);
    }
    // The seed reaches the cyclic code; a ready code is taken as it is.
    CHECK(gc_any(9, 2, sgc::code_kind::crc, 42).code()->encoding_matrix() ==
          sgc::cyclic_repetition<>(9, 2, 42).encoding_matrix());
    const gc_any ready(9, 2, sgc::any_code<>(sgc::cyclic_repetition<>(9, 2, 5)));
    CHECK(ready.code()->encoding_matrix() == sgc::cyclic_repetition<>(9, 2, 5).encoding_matrix());
    // A code kind needs a run-time code: sgc::gc<>(n, s, kind) does not compile (see the
    // compile_fail tests), so no template argument is silently ignored.
    static_assert(!std::is_constructible_v<sgc::gc<>, std::size_t, std::size_t, sgc::code_kind>);
    static_assert(std::is_constructible_v<gc_any, std::size_t, std::size_t, sgc::code_kind>);
}

TEST_CASE("static and dynamic schemes: one constructor shape (parameters, then code, then seed)") {
    // Seeds: the compile-time forms take one too.
    const sgc::gc<9, 2, sgc::cyclic_repetition> g7(7);
    CHECK(g7.code()->seed() == 7);
    CHECK(sgc::gc<D, D, sgc::cyclic_repetition>(9, 2, 7).code()->encoding_matrix() ==
          g7.code()->encoding_matrix());
    const sgc::m_sgc<8, 1, 2, 3, sgc::cyclic_repetition> m7(7);
    CHECK(m7.code()->seed() == 7);
    const sgc::sr_sgc<8, 1, 2, 3, sgc::cyclic_repetition> sr7(7);
    CHECK(sr7.code()->seed() == 7);
    // Ready codes, checked against the scheme's (n, s).
    CHECK(sgc::sr_sgc<>(8, 1, 2, 3, sgc::uneven_repetition<>(8, 2)).s() == 2);
    const auto wrong = error_of([] { sgc::sr_sgc<>(8, 1, 2, 3, sgc::uneven_repetition<>(8, 3)); });
    CHECK(wrong.parameter() == "code");
    CHECK(std::string(wrong.what()).find("s = 2") != std::string::npos);
    CHECK(error_of([] { sgc::m_sgc<>(8, 1, 2, 3, sgc::uneven_repetition<>(8, 2)); }).parameter() ==
          "code");
    CHECK(error_of([] { sgc::m_sgc<>(4, 1, 2, 4, sgc::uneven_repetition<>(4, 3)); }).rule() ==
          "lambda = n leaves no D2 data, so M-SGC uses no code");
    CHECK(sgc::gc<12, 3>(sgc::uneven_repetition<12, 3>{}).load() == sgc::rational(1, 3));
}

TEST_CASE("static and dynamic schemes: code() has one shape, null only without D2 data") {
    const sgc::gc<12, 3> g;
    const sgc::sr_sgc<8, 1, 2, 3> sr;
    const sgc::m_sgc<8, 1, 2, 3> m;
    const sgc::m_sgc<4, 1, 2, 4> m_all_d1;
    static_assert(std::is_pointer_v<decltype(g.code())> && std::is_pointer_v<decltype(sr.code())> &&
                  std::is_pointer_v<decltype(m.code())>);
    CHECK(g.code() != nullptr);
    CHECK(sr.code() != nullptr);
    CHECK(m.code() != nullptr);
    CHECK(m_all_d1.code() == nullptr);
    CHECK(sgc::m_sgc<>(4, 1, 2, 4).code() == nullptr);
    // The three masters take their code the same way: a pointer, copied.
    sgc::gc_master<sgc::uneven_repetition<12, 3>> gm(g.code(), 3);
    sgc::sr_sgc_master<sgc::uneven_repetition<8, 2>> srm(sr.code(), sr.B(), 3);
    sgc::m_sgc_master<sgc::uneven_repetition<8, 3>> mm(m.code(), 8, 1, 2, 3);
    CHECK(gm.code().n() == 12);
    CHECK(srm.code().n() == 8);
    CHECK(mm.code() != nullptr);
    const sgc::uneven_repetition<12, 3>* none = nullptr;
    CHECK(error_of([&] { sgc::gc_master<sgc::uneven_repetition<12, 3>>(none, 3); }).parameter() ==
          "code");
}

TEST_CASE_TEMPLATE("static and dynamic schemes: a compile-time scheme converts to its run-time form",
                   Scheme, sgc::gc<12, 3>, sgc::gc<10, 2, sgc::cyclic_repetition>,
                   sgc::sr_sgc<8, 2, 5, 4>, sgc::sr_sgc<9, 1, 2, 4, sgc::cyclic_repetition>,
                   sgc::m_sgc<16, 1, 2, 3>, sgc::m_sgc<8, 2, 3, 3, sgc::cyclic_repetition>,
                   sgc::m_sgc<6, 1, 3, 6>) {
    const Scheme fixed;
    static_assert(Scheme::is_static);
    const std::size_t jobs = 8;
    const auto pattern = saturating(fixed, jobs + fixed.T());

    const typename Scheme::dynamic_type converted = fixed; // implicit, as mdspan's extents
    static_assert(!decltype(converted)::is_static);
    check_same_scheme(fixed, converted, pattern, jobs);

    // To the code chosen at run time, and into the run-time factory.
    const sgc::any_scheme any = fixed;
    any.visit([&](const auto& s) { check_same_scheme(fixed, s, pattern, jobs); });
    CHECK(any.n() == fixed.n());
    CHECK(any.T() == fixed.T());
    CHECK(any.load() == fixed.load());
}

TEST_CASE("static and dynamic schemes: the issue's spelling") {
    sgc::m_sgc<> d = sgc::m_sgc<16, 1, 2, 3>{};
    CHECK(d.n() == 16);
    CHECK(d.lambda() == 3);
    CHECK(d.load() == (sgc::m_sgc<16, 1, 2, 3>::load()));
    d = sgc::m_sgc<8, 1, 2, 2>{};
    CHECK(d.n() == 8);
}

TEST_CASE("static and dynamic schemes: parameters beyond the limits are refused before allocating") {
    constexpr std::size_t huge = std::numeric_limits<std::size_t>::max();
    // W >= B + 1 used to wrap for B = 2^64 - 1 and pass.
    auto e = error_of([&] { sgc::sr_sgc<>(4, huge, 1, 1); });
    CHECK(e.parameter() == "W");
    e = error_of([&] { sgc::m_sgc<>(4, 1, huge, 1); });
    CHECK(e.parameter() == "W");
    CHECK(e.rule().find("sgc::limits::max_window") != std::string::npos);
    e = error_of([&] { sgc::gc<>(std::size_t{1} << 63, 1); });
    CHECK(e.parameter() == "n");
    CHECK(e.rule().find("65536") != std::string::npos);
    e = error_of([&] { sgc::sr_sgc<>(4, std::size_t{1} << 62, (std::size_t{1} << 62) + 1, 8); });
    CHECK(e.parameter() == "W");
    e = error_of([&] { sgc::m_sgc<>(256, 1000, 60000, 27); });
    CHECK(e.rule().find("max_bookkeeping") != std::string::npos);
    e = error_of([&] { sgc::cyclic_repetition<>(60000, 3); });
    CHECK(e.parameter() == "k");
    e = error_of([&] { sgc::gc<>(4, huge); });
    CHECK(e.parameter() == "s");
    // Jobs: the largest J is accepted without allocating per job; one more is refused.
    const sgc::m_sgc<16, 1, 2, 3> m;
    const std::size_t most = sgc::limits::max_rounds - m.T();
    CHECK(m.make_master(most).jobs() == most);
    CHECK(error_of([&] { (void)m.make_master(most + 1); }).parameter() == "jobs");
    CHECK(error_of([&] { (void)sgc::gc<4, 1>().make_master(huge); }).parameter() == "jobs");
}
