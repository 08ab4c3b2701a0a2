// Master memory stays O(d x (jobs in flight + coded results held)): D1 pieces go straight into
// their job's buffer, and of the coded results the master keeps one per code-row class and task.
// For M-SGC (256, 1, 2, 27) with the uneven repetition code that is T + 1 = 2 buffers plus 9
// group copies, not the n x slots = 512 results of a round.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/runtime/detail/row_classes.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

template <class Scheme> std::size_t class_count(const Scheme& scheme) {
    const auto classes = sgc::detail::coded_row_classes(scheme);
    std::size_t count = 0;
    for (auto c : classes) count = std::max<std::size_t>(count, c + 1);
    return count;
}

template <class Scheme> sgc_test::run_result run_saturated(const Scheme& scheme, std::size_t jobs) {
    sgc_test::lsq_problem problem;
    problem.batch = 4096;
    const std::vector<double> zero(problem.features);
    const auto pattern = sgc_test::saturating_pattern(scheme.model(), jobs + scheme.T(), 11);
    auto transport = sgc::make_in_process<std::vector<double>>(
        scheme, problem.batch, problem.partial(), zero, sgc::pattern_delays(pattern, 1.0, 5.0), {2});
    sgc::master_options options;
    options.decode = sgc::decode_options::for_type<double>(1e-7);
    sgc::master m(scheme, transport, jobs, zero, options);
    return sgc_test::drive(m, problem);
}

} // namespace

TEST_CASE("runtime memory: M-SGC (256, 1, 2, 27) holds T + 1 buffers and one copy per group") {
    const sgc::m_sgc<256, 1, 2, 27> scheme;
    const std::size_t groups = class_count(scheme);
    CHECK(groups == 256 / 28); // uneven repetition: floor(n / (s + 1)) groups
    const auto r = run_saturated(scheme, 6);
    CHECK(r.decoded == 6);
    CHECK(r.worst_error <= 1e-12);
    CHECK(r.counters.peak_held <= scheme.T() + 1 + scheme.B() * groups);
    CHECK(r.counters.held == 0);
}

TEST_CASE("runtime memory: with the cyclic code every responder's coded result is needed") {
    const auto scheme = sgc::any_scheme::m_sgc_type(64, 1, 2, 7, sgc::code_kind::crc);
    CHECK(class_count(scheme) == 64);
    const auto r = run_saturated(scheme, 5);
    CHECK(r.decoded == 5);
    CHECK(r.counters.peak_held <= scheme.T() + 1 + scheme.B() * 64);
    CHECK(r.counters.peak_held > scheme.T() + 1 + 8);
}
