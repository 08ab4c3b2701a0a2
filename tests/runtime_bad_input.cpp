// Bad parameters of the runtime fail with an invalid_parameter naming the parameter and value.
#include <doctest/doctest.h>

#include <limits>
#include <memory>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/protocol/worker.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

const sgc_test::lsq_problem problem;
const std::vector<double> zero(5);

template <class Scheme> auto transport_for(const Scheme& scheme) {
    return sgc::make_in_process<std::vector<double>>(scheme, problem.batch, problem.partial(), zero,
                                                     sgc::constant_delays(1.0), {1});
}

} // namespace

TEST_CASE("runtime bad input: master options") {
    const sgc::gc<4, 1> scheme;
    auto transport = transport_for(scheme);
    sgc::master_options o;
    o.mu = -1.0;
    CHECK_THROWS_WITH_AS(sgc::master(scheme, transport, 3, zero, o),
                         "sgc::master: mu = -1.000000: must be a finite number >= 0",
                         sgc::invalid_parameter);
    o = {};
    o.lost_after = 0.0;
    CHECK_THROWS_WITH_AS(sgc::master(scheme, transport, 3, zero, o),
                         "sgc::master: lost_after = 0.000000: must be a finite number of seconds > 0 "
                         "(transports are given finite deadlines)",
                         sgc::invalid_parameter);
    o.lost_after = std::numeric_limits<double>::infinity(); // receive(inf) would break the contract
    CHECK_THROWS_WITH_AS(sgc::master(scheme, transport, 3, zero, o),
                         "sgc::master: lost_after = inf: must be a finite number of seconds > 0 "
                         "(transports are given finite deadlines)",
                         sgc::invalid_parameter);
    CHECK_THROWS_AS(sgc::master(scheme, transport, 0, zero), sgc::invalid_parameter);
}

TEST_CASE("runtime bad input: a transport for another n") {
    auto transport = transport_for(sgc::gc<6, 1>{});
    CHECK_THROWS_WITH_AS(sgc::master(sgc::gc<4, 1>{}, transport, 3, zero),
                         "sgc::master: transport.n() = 6: must equal the scheme's n = 4",
                         sgc::invalid_parameter);
}

TEST_CASE("runtime bad input: a job without its input, a round too many") {
    const sgc::gc<4, 1> scheme;
    auto transport = transport_for(scheme);
    sgc::master m(scheme, transport, 1, zero);
    CHECK_THROWS_WITH_AS(m.run_round(nullptr), "sgc::master::run_round: input = null: job 0 needs its input",
                         sgc::invalid_parameter);
    m.run_round(problem.model(0));
    CHECK(m.finished() == false); // job 0 waits in next()
    CHECK(m.next()->ok());
    CHECK(m.finished());
    CHECK_THROWS_AS(m.run_round(problem.model(1)), sgc::invalid_parameter);
}

TEST_CASE("runtime bad input: worker parameters") {
    const sgc::gc<4, 1> scheme;
    CHECK_THROWS_WITH_AS((sgc::worker<sgc::gc<4, 1>, std::vector<double>>(scheme, 4, 10, zero)),
                         "sgc::worker: id = 4: must be < n", sgc::invalid_parameter);
    CHECK_THROWS_WITH_AS((sgc::worker<sgc::gc<4, 1>, std::vector<double>>(scheme, 0, 0, zero)),
                         "sgc::worker: batch = 0: must be >= 1", sgc::invalid_parameter);
}
