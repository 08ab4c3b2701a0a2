// The master's observer: each event (round finished, result dropped with its reason, worker lost
// or revived, job failed) reaches it once, in order, agreeing with the counters and the reports;
// and sgc::stderr_logger's lines. Times are hand-set on the simulated clock.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include <sgc/runtime/master.hpp>
#include <sgc/runtime/observer.hpp>
#include <sgc/runtime/stderr_logger.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/transport/in_process.hpp>

#include "runtime_support.hpp"

namespace {

// Every event as one string, and every round report.
struct recorder : sgc::master_observer {
    std::vector<std::string> events;
    std::vector<sgc::round_report> rounds;
    std::vector<sgc::dropped_result> dropped;

    void round_finished(const sgc::round_report& report) override {
        events.push_back("round " + std::to_string(report.round));
        rounds.push_back(report);
    }
    void result_dropped(const sgc::dropped_result& d) override {
        dropped.push_back(d);
        if (d.reason == sgc::drop_reason::redundant) return; // every round of a repetition code
        events.push_back(std::string("drop ") + sgc::to_string(d.reason) + " w" + std::to_string(d.worker) +
                         " r" + std::to_string(d.round) + " during " + std::to_string(d.during));
    }
    void worker_lost(std::size_t worker, std::size_t round) override {
        events.push_back("lost w" + std::to_string(worker) + " during " + std::to_string(round));
    }
    void worker_revived(std::size_t worker, std::size_t round) override {
        events.push_back("revived w" + std::to_string(worker) + " during " + std::to_string(round));
    }
    void job_failed(std::size_t job, sgc::decode_status reason) override {
        events.push_back("failed job " + std::to_string(job) + " " + sgc::to_string(reason));
    }
};

std::size_t count_reason(const recorder& r, sgc::drop_reason reason) {
    std::size_t k = 0;
    for (const auto& d : r.dropped) k += d.reason == reason;
    return k;
}

// Runs every round of `scheme` under `delays` with `observer`; `forge` may deliver messages.
template <class Scheme, class Forge>
sgc_test::run_result run(const Scheme& scheme, sgc::delay_function delays, std::size_t jobs,
                         sgc::master_observer* observer, Forge forge) {
    const sgc_test::lsq_problem problem;
    const std::vector<double> zero(problem.features);
    auto transport = sgc::make_in_process<std::vector<double>>(scheme, problem.batch, problem.partial(),
                                                               zero, std::move(delays), {1});
    forge(transport, problem.features);
    sgc::master_options options;
    options.lost_after = 10.0;
    options.observer = observer;
    sgc::master m(scheme, transport, jobs, zero, options);
    return sgc_test::drive(m, problem);
}

const auto no_forgery = [](auto&, std::size_t) {};

// The revival case of runtime_lost.cpp: worker 3 is silent in rounds 1 and 2, presumed lost in
// round 2 (worker 0's 3 s make {0, 3} non-conforming, so wait-all waits until lost_after = 10 s),
// and its round-3 result arrives late in round 4, reviving it.
sgc::delay_function revival_delays() {
    return [](std::size_t round, std::size_t worker) {
        if (worker == 3 && (round == 1 || round == 2)) return sgc::never_answers;
        return round == 2 && worker == 0 ? 3.0 : 1.0;
    };
}

} // namespace

TEST_CASE("runtime observer: rounds, a lost worker, its revival and its late result, in order") {
    recorder seen;
    const auto r = run(sgc::gc<4, 1>{}, revival_delays(), 6, &seen, no_forgery);
    CHECK(seen.events == std::vector<std::string>{"round 0", "round 1", "lost w3 during 2", "round 2",
                                                  "round 3", "revived w3 during 4",
                                                  "drop late w3 r3 during 4", "round 4", "round 5"});
    REQUIRE(seen.rounds.size() == r.rounds.size());
    for (std::size_t i = 0; i < r.rounds.size(); ++i) {
        CHECK(seen.rounds[i].round == r.rounds[i].round);
        CHECK(seen.rounds[i].duration == r.rounds[i].duration);
        CHECK(seen.rounds[i].stragglers == r.rounds[i].stragglers);
        CHECK(seen.rounds[i].decoded == r.rounds[i].decoded);
        CHECK(seen.rounds[i].failed == r.rounds[i].failed);
    }
    CHECK(r.counters.lost == 1);
    CHECK(r.counters.revived == 1);
    CHECK(r.counters.late == 1);
}

TEST_CASE("runtime observer: every dropped message with its reason, as counted") {
    // The faulty network of runtime_faults.cpp: round 0 ends at 1.8 s (worker 3).
    const auto delays = [](std::size_t round, std::size_t worker) {
        return round == 0 && worker == 3 ? 1.8 : 1.0;
    };
    const auto forge = [](auto& transport, std::size_t d) {
        const std::vector<double> garbage(d, 1e6);
        const auto forged = [&](std::size_t worker, std::size_t round) {
            return sgc::result_message<std::vector<double>>{worker, round, {{0, garbage}}};
        };
        transport.deliver({3, 0, {}}, 1.3);       // no slots: malformed
        transport.deliver(forged(0, 0), 1.5);     // worker 0 again: duplicate
        transport.deliver(forged(7, 0), 1.5);     // no worker 7: unknown
        transport.deliver(forged(1, 5), 1.6);     // round 5 is not on: unknown
        transport.deliver(forged(2, 0), 1.9);     // round 1 runs by then: late
    };
    recorder seen;
    const auto r = run(sgc::gc<4, 1>{}, delays, 5, &seen, forge);
    CHECK(r.decoded == 5);
    CHECK(r.worst_error <= 1e-12);
    CHECK(seen.events == std::vector<std::string>{
                             "drop malformed w3 r0 during 0", "drop duplicate w0 r0 during 0",
                             "drop unknown w7 r0 during 0", "drop unknown w1 r5 during 0", "round 0",
                             "drop late w2 r0 during 1", "round 1", "round 2", "round 3", "round 4"});
    CHECK(count_reason(seen, sgc::drop_reason::malformed) == r.counters.malformed);
    CHECK(count_reason(seen, sgc::drop_reason::duplicate) == r.counters.duplicate);
    CHECK(count_reason(seen, sgc::drop_reason::unknown) == r.counters.unknown);
    CHECK(count_reason(seen, sgc::drop_reason::late) == r.counters.late);
}

TEST_CASE("runtime observer: redundant copies of a repetition group, one event each") {
    recorder seen;
    const auto r = run(sgc::gc<6, 2>{}, sgc::constant_delays(1.0), 4, &seen, no_forgery);
    CHECK(r.decoded == 4);
    CHECK(r.counters.redundant == 4 * (6 - 2));
    CHECK(count_reason(seen, sgc::drop_reason::redundant) == r.counters.redundant);
    CHECK(seen.dropped.size() == r.counters.redundant);
}

TEST_CASE("runtime observer: failed jobs, each once with its reason, before next() hands them out") {
    // The M-SGC case of runtime_lost.cpp: worker 1 dies in round 2; jobs 2..5 fail.
    recorder seen;
    const auto r = run(sgc::m_sgc<4, 1, 2, 2>{}, sgc::dead_from(sgc::constant_delays(1.0), 1, 2), 6, &seen,
                       no_forgery);
    CHECK(r.failed == 4);
    // Round 2: worker 1's first silence conforms; round 3: a second one in the window does not,
    // so wait-all waits until it is presumed lost, and job 2's deadline passes without it.
    CHECK(seen.events == std::vector<std::string>{"round 0", "round 1", "round 2", "lost w1 during 3",
                                                  "failed job 2 too_few_responders", "round 3",
                                                  "failed job 3 too_few_responders", "round 4",
                                                  "failed job 4 too_few_responders", "round 5",
                                                  "failed job 5 too_few_responders", "round 6"});
    std::vector<std::size_t> reported;
    for (const auto& round : seen.rounds) reported.insert(reported.end(), round.failed.begin(), round.failed.end());
    CHECK(reported == std::vector<std::size_t>{2, 3, 4, 5});
}

TEST_CASE("runtime observer: sgc::stderr_logger writes one line per event") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    {
        sgc::stderr_logger log(file);
        const auto r = run(sgc::gc<4, 1>{}, revival_delays(), 6, &log, no_forgery);
        CHECK(r.decoded == 6);
    }
    std::rewind(file);
    std::string text;
    for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
    std::fclose(file);
    CHECK(text == "sgc::master: round 0: 1 s, decoded jobs {0}\n"
                  "sgc::master: round 1: 2 s, stragglers {3}, decoded jobs {1}\n"
                  "sgc::master: round 2: worker 3 presumed lost\n"
                  "sgc::master: round 2: 10 s, waited past the cut-off, stragglers {3}, decoded jobs {2}\n"
                  "sgc::master: round 3: 1 s, stragglers {3}, decoded jobs {3}\n"
                  "sgc::master: round 4: worker 3 heard from again\n"
                  "sgc::master: round 4: dropped a late result of worker 3 for round 3\n"
                  "sgc::master: round 4: 1 s, decoded jobs {4}\n"
                  "sgc::master: round 5: 1 s, decoded jobs {5}\n");
}

TEST_CASE("runtime observer: the logger's quiet mode writes only rounds that need a look") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    {
        sgc::stderr_logger log(file, false);
        run(sgc::gc<4, 1>{}, revival_delays(), 6, &log, no_forgery);
    }
    std::rewind(file);
    std::string text;
    for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
    std::fclose(file);
    CHECK(text.find("round 0:") == std::string::npos);
    CHECK(text.find("round 4: 1 s") == std::string::npos);
    CHECK(text.find("sgc::master: round 1: 2 s, stragglers {3}, decoded jobs {1}\n") != std::string::npos);
    CHECK(text.find("sgc::master: round 2: worker 3 presumed lost\n") != std::string::npos);
}
