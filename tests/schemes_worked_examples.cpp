// docs/design.md §4.5 and §4.6: the M-SGC and SR-SGC worked examples as assignment tables, slot by slot, and
// the negative example.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <sgc/schemes/any_scheme.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

namespace {

// One worker's slots in docs/design.md's notation: "D1(t)", "R(t)", "Cj(t)", "G(t)" (its code row
// for job t), "A(t)" (SR-SGC re-attempt of job t), "-" idle.
std::string notation(const sgc::round_assignment& a, std::size_t worker) {
    std::ostringstream out;
    for (std::size_t slot = 0; slot < a.slots(); ++slot) {
        const auto& t = a(worker, slot);
        if (slot > 0) out << ' ';
        switch (t.kind) {
        case sgc::task_kind::idle: out << '-'; continue;
        case sgc::task_kind::d1: out << "D1"; break;
        case sgc::task_kind::d1_reattempt: out << 'R'; break;
        case sgc::task_kind::d2: out << 'C' << t.index; break;
        case sgc::task_kind::gc: out << 'G'; break;
        case sgc::task_kind::reattempt: out << 'A'; break;
        }
        out << '(' << t.job << ')';
    }
    return out.str();
}

// Runs a master over a pattern (stragglers per round), checking every round's table.
template <class Master>
void check_table(Master& master, const std::vector<sgc::worker_set>& stragglers,
                 const std::vector<std::vector<std::string>>& expected) {
    REQUIRE(master.rounds() == expected.size());
    for (std::size_t r = 0; r < expected.size(); ++r) {
        CAPTURE(r);
        REQUIRE(master.round() == r);
        for (std::size_t i = 0; i < master.n(); ++i) {
            CAPTURE(i);
            CHECK(notation(master.assignment(), i) == expected[r][i]);
        }
        master.complete_round(stragglers[r].complement());
    }
    CHECK(master.done());
}

std::vector<sgc::worker_set> pattern(std::size_t n, std::vector<std::vector<std::size_t>> rounds) {
    std::vector<sgc::worker_set> out;
    for (const auto& ids : rounds) out.push_back(sgc::worker_set::from_ids(n, ids));
    return out;
}

} // namespace

TEST_CASE("worked example: M-SGC n = 4, (B, W, lambda) = (2, 3, 2), J = 3") {
    for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::crc}) {
        const sgc::any_scheme::m_sgc_type scheme(4, 2, 3, 2, kind);
        REQUIRE(scheme.T() == 3);
        auto master = scheme.make_master(3);
        // w0 straggles in rounds 1 and 2, w1 in round 2.
        const auto stragglers = pattern(4, {{}, {0}, {0, 1}, {}, {}, {}});
        const std::vector<std::vector<std::string>> table = {
            {"D1(0) - - -", "D1(0) - - -", "D1(0) - - -", "D1(0) - - -"},
            {"D1(1) D1(0) - -", "D1(1) D1(0) - -", "D1(1) D1(0) - -", "D1(1) D1(0) - -"},
            {"D1(2) D1(1) R(0) -", "D1(2) D1(1) C0(0) -", "D1(2) D1(1) C0(0) -", "D1(2) D1(1) C0(0) -"},
            {"- D1(2) R(1) R(0)", "- D1(2) R(1) C1(0)", "- D1(2) C0(1) C1(0)", "- D1(2) C0(1) C1(0)"},
            {"- - R(2) R(1)", "- - R(2) C1(1)", "- - C0(2) C1(1)", "- - C0(2) C1(1)"},
            {"- - - C1(2)", "- - - C1(2)", "- - - C1(2)", "- - - C1(2)"},
        };
        check_table(master, stragglers, table);
        for (std::size_t t = 0; t < 3; ++t) {
            CHECK(master.status(t).state == sgc::job_state::decodable);
            CHECK(master.status(t).decoded_in == t + 3);
        }
    }
}

TEST_CASE("worked example: M-SGC re-attempts the lowest undelivered piece") {
    auto master = sgc::m_sgc<>(4, 2, 3, 2).make_master(3);
    const auto stragglers = pattern(4, {{}, {0}, {0, 1}, {}, {}, {}});
    std::vector<std::vector<std::uint32_t>> retried; // pieces re-attempted by w0 per round
    for (std::size_t r = 0; r < 6; ++r) {
        std::vector<std::uint32_t> pieces;
        for (std::size_t slot = 0; slot < 4; ++slot)
            if (master.assignment()(0, slot).kind == sgc::task_kind::d1_reattempt)
                pieces.push_back(master.assignment()(0, slot).index);
        retried.push_back(pieces);
        master.complete_round(stragglers[r].complement());
    }
    // Round 2: piece 1 of job 0 (lost in round 1). Round 3: job 1 lost both pieces, re-attempts 0;
    // job 0 still misses piece 1. Round 4: job 2 piece 0; job 1 piece 1.
    CHECK(retried[2] == std::vector<std::uint32_t>{1});
    CHECK(retried[3] == std::vector<std::uint32_t>{0, 1});
    CHECK(retried[4] == std::vector<std::uint32_t>{0, 1});
}

TEST_CASE("worked example: the negative M-SGC pattern fails job 0 with a cyclic code") {
    // w2 also straggles in round 2: three distinct stragglers in a window break lambda = 2, and
    // C0(0) gets one result (w3's) where the (4, 2) cyclic code needs n - lambda = 2. Jobs 1
    // and 2 lose their group-0 results the same way.
    const auto stragglers = pattern(4, {{}, {0}, {0, 1, 2}, {}, {}, {}});
    auto master = sgc::any_scheme::m_sgc_type(4, 2, 3, 2, sgc::code_kind::crc).make_master(3);
    std::vector<std::size_t> failed;
    while (!master.done()) {
        const auto outcome = master.complete_round(stragglers[master.round()].complement());
        CHECK(outcome.decoded.empty());
        failed.insert(failed.end(), outcome.failed.begin(), outcome.failed.end());
    }
    CHECK(failed == std::vector<std::size_t>{0, 1, 2});
    CHECK(master.status(0).state == sgc::job_state::failed);
    CHECK(master.status(0).reason == sgc::decode_status::too_few_responders);

    // The uneven code's single group decodes from any one result: every job still decodes.
    auto exact = sgc::any_scheme::m_sgc_type(4, 2, 3, 2, sgc::code_kind::uneven).make_master(3);
    while (!exact.done()) exact.complete_round(stragglers[exact.round()].complement());
    for (std::size_t t = 0; t < 3; ++t) CHECK(exact.status(t).state == sgc::job_state::decodable);
}

TEST_CASE("worked example: SR-SGC n = 4, (B, W, lambda) = (1, 2, 2), s = 1, J = 3") {
    for (auto kind : {sgc::code_kind::uneven, sgc::code_kind::frc, sgc::code_kind::crc}) {
        const sgc::any_scheme::sr_sgc_type scheme(4, 1, 2, 2, kind);
        REQUIRE(scheme.s() == 1);
        REQUIRE(scheme.T() == 1);
        auto master = scheme.make_master(3);
        const auto stragglers = pattern(4, {{0, 1}, {}, {2, 3}, {}});
        const std::vector<std::vector<std::string>> table = {
            {"G(0)", "G(0)", "G(0)", "G(0)"},
            {"A(0)", "G(1)", "G(1)", "G(1)"}, // |NC| - s = 1: w0 re-attempts job 0
            {"G(2)", "G(2)", "G(2)", "G(2)"}, // NC of job 1 = {w0}: nothing to re-attempt
            {"-", "-", "A(2)", "-"},          // rounds >= J carry only re-attempts
        };
        check_table(master, stragglers, table);
        for (std::size_t t = 0; t < 3; ++t) CHECK(master.status(t).state == sgc::job_state::decodable);
    }
}
