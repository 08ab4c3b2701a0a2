// A transport that misbehaves within its contract cannot hang the master or make it lose its
// state: one that always has a message to drop ends the round at lost_after like a silent one;
// a worker that sends only garbage is not revived by it; a recycle that throws only costs the
// gradient it was given.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

using G = std::vector<double>;

// Every receive returns at once a message the master must drop (an unknown worker), and the
// virtual clock moves a millisecond: a forger, or a worker stuck resending.
struct flooding_transport {
    using gradient_type = G;
    using input_type = sgc::no_input;
    std::size_t workers = 4;
    double clock = 0.0;
    std::size_t calls = 0;

    std::size_t n() const { return workers; }
    double now() { return clock; }
    void post(const sgc::round_work<sgc::no_input>&) {}
    std::optional<sgc::result_message<G>> receive(double) {
        ++calls;
        clock += 0.001;
        return sgc::result_message<G>{workers + 7, 0, {}};
    }
};

} // namespace

TEST_CASE("runtime hostile transport: a flood of messages to drop ends the round at lost_after") {
    const sgc::gc<4, 1> scheme;
    flooding_transport transport;
    sgc::master_options options;
    options.lost_after = 2.0;
    sgc::master m(scheme, transport, 3, G(5), options);
    const auto report = m.run_round();
    CHECK(report.duration == doctest::Approx(2.0).epsilon(0.01));
    CHECK(m.counters().unknown == transport.calls);
    CHECK(transport.calls >= 2000);
    CHECK(m.lost().count() == 4);      // nobody answered
    CHECK(report.stragglers.size() == 4);
}

TEST_CASE("runtime hostile transport: a worker sending only garbage stays lost") {
    // GC (6, 1), groups {0, 1}, {2, 3}, {4, 5}: worker 2's results all carry a NaN, and as the
    // first copy of its group each is dropped. Round 0: worker 0 also takes 3 s, so {0, 2} does
    // not conform at the cut-off (2 s) and wait-all waits; worker 2 never answers usably and is
    // presumed lost at lost_after = 10 s. Later rounds do not wait for it, and its garbage does
    // not revive it, so they end at 1 s (revived, it would be missing at each cut-off, 2 s).
    const sgc::gc<6, 1> scheme;
    const sgc_test::lsq_problem problem;
    const G zero(problem.features);
    const auto delays = [](std::size_t round, std::size_t worker) {
        return round == 0 && worker == 0 ? 3.0 : 1.0;
    };
    auto inner = sgc::make_in_process<G>(scheme, problem.batch, problem.partial(), zero, delays, {1});
    sgc_test::hooked_transport<decltype(inner)> transport(inner);
    transport.on_receive = [](sgc::result_message<G>& m) {
        if (m.worker == 2)
            for (auto& s : m.slots) s.gradient[0] = std::numeric_limits<double>::quiet_NaN();
    };
    sgc::master_options options;
    options.lost_after = 10.0;
    options.decode = sgc::decode_options::for_type<double>(1e-7);
    sgc::master m(scheme, transport, 6, zero, options);
    const auto r = sgc_test::drive(m, problem);
    CHECK(r.decoded == 6);
    CHECK(r.worst_error <= 1e-12);
    CHECK(r.counters.lost == 1);
    CHECK(r.counters.revived == 0);
    CHECK(r.counters.malformed == 6);
    REQUIRE(r.rounds.size() == 6);
    CHECK(r.rounds[0].duration == doctest::Approx(10.0));
    for (std::size_t round = 1; round < r.rounds.size(); ++round) {
        CAPTURE(round);
        CHECK(r.rounds[round].duration == doctest::Approx(1.0));
    }
}

TEST_CASE("runtime hostile transport: a recycle that throws costs only its gradient") {
    const sgc::m_sgc<8, 1, 2, 2> scheme;
    const sgc_test::lsq_problem problem;
    const G zero(problem.features);
    for (std::size_t every : {1u, 3u, 7u}) {
        CAPTURE(every);
        auto inner = sgc::make_in_process<G>(scheme, problem.batch, problem.partial(), zero,
                                             sgc::constant_delays(1.0), {1});
        sgc_test::hooked_transport<decltype(inner)> transport(inner);
        std::size_t calls = 0, kept = 0;
        transport.on_recycle = [&](G&&) {
            if (++calls % every == 0) throw std::runtime_error("recycle: full");
            ++kept;
        };
        sgc::master_options options;
        options.decode = sgc::decode_options::for_type<double>(1e-7);
        sgc::master m(scheme, transport, 8, zero, options);
        const auto r = sgc_test::drive(m, problem);
        CHECK(r.decoded == 8);
        CHECK(r.failed == 0);
        CHECK(r.worst_error <= 1e-12);
        CHECK(r.counters.held == 0);
        CHECK(calls > 0);
        CHECK(kept == calls - calls / every);
    }
}
