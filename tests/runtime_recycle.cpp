// sgc::master gives every result gradient back to a transport that has `recycle`, once and
// only when it is done with it: after adding it into its job's buffer, when its job closes, or
// when it is redundant or dropped. The transport below poisons each gradient it gets back with
// NaN and keeps it, so a gradient given back too early (still to be added, or still read
// through a pointer) turns a decoded gradient into NaN or makes it wrong.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

using G = std::vector<double>;

template <class Scheme> void check_recycling(const Scheme& scheme, std::size_t jobs, std::size_t batch) {
    sgc_test::lsq_problem problem;
    problem.batch = 64 * scheme.n();
    const G zero(problem.features);
    const auto pattern = sgc_test::saturating_pattern(scheme.model(), jobs + scheme.T(), 5);
    auto inner = sgc::make_in_process<G>(scheme, problem.batch, problem.partial(), zero,
                                         sgc::pattern_delays(pattern, 1.0, 5.0), {2});
    // Counts the gradients the master received and got back, and ruins each one it gets back.
    sgc_test::hooked_transport<decltype(inner)> transport(inner);
    std::size_t received = 0;
    std::vector<G> kept;
    transport.on_receive = [&](sgc::result_message<G>& m) { received += m.slots.size(); };
    transport.on_recycle = [&](G&& g) {
        for (auto& x : g) x = std::numeric_limits<double>::quiet_NaN();
        kept.push_back(std::move(g));
    };
    sgc::master_options options;
    options.decode = sgc::decode_options::for_type<double>(1e-7);
    options.batch = batch;
    sgc::master m(scheme, transport, jobs, zero, options);
    const auto r = sgc_test::drive(m, problem);

    CHECK(r.decoded == jobs);
    CHECK(r.worst_error <= 1e-12); // a NaN would fail this too
    CHECK(r.counters.held == 0);
    CHECK(received > 0);
    // Every gradient received came back exactly once: none kept, none lost.
    CHECK(kept.size() == received);
    for (const auto& g : kept) CHECK(g.size() == problem.features);
}

} // namespace

TEST_CASE("runtime recycle: GC gives back every result gradient once, after its use") {
    for (std::size_t batch : {1u, 3u, 8u}) {
        CAPTURE(batch);
        check_recycling(sgc::gc<8, 2>(), 12, batch);
        check_recycling(sgc::gc<>(8, 2), 12, batch);
    }
}

TEST_CASE("runtime recycle: SR-SGC, with reattempts and redundant coded results") {
    for (std::size_t batch : {1u, 8u}) {
        CAPTURE(batch);
        check_recycling(sgc::sr_sgc<8, 2, 3, 2>(), 12, batch);
        check_recycling(sgc::sr_sgc<>(8, 2, 3, 2), 12, batch);
    }
}

TEST_CASE("runtime recycle: M-SGC, coded results held across rounds until their job settles") {
    for (std::size_t batch : {1u, 8u}) {
        CAPTURE(batch);
        check_recycling(sgc::m_sgc<8, 1, 2, 2>(), 12, batch);
        check_recycling(sgc::m_sgc<>(16, 2, 3, 3), 12, batch);
    }
}
