// Structural failure: responders that cannot rebuild the gradient in any arithmetic are
// not_decodable (not unreliable), and matrix_code checks its (n, s) claim. The Fano plane's
// incidence matrix (tests/fano_7x7.csv) is a 7 x 7 "code" whose claim s = 2 is false.
#include <doctest/doctest.h>

#include <cstddef>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <sgc/codes/cyclic_repetition.hpp>
#include <sgc/codes/matrix_code.hpp>

#include "support.hpp"

namespace {

// A comma-separated matrix, '#' lines skipped, from a file next to this one.
xt::xtensor<double, 2> read_matrix(const std::string& name) {
    const std::string here = __FILE__;
    const std::string path = here.substr(0, here.find_last_of("/\\") + 1) + name;
    std::ifstream in(path);
    REQUIRE_MESSAGE(in, "cannot open " << path);
    std::vector<std::vector<double>> rows;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        rows.emplace_back();
        for (std::string field; std::getline(fields, field, ',');) rows.back().push_back(std::stod(field));
    }
    auto M = xt::xtensor<double, 2>::from_shape({rows.size(), rows.front().size()});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == rows.front().size());
        for (std::size_t j = 0; j < rows[i].size(); ++j) M(i, j) = rows[i][j];
    }
    return M;
}

} // namespace

TEST_CASE("not decodable: the Fano plane as a (7, 2) code, every set of 5 responders") {
    const sgc::matrix_code fano(read_matrix("fano_7x7.csv"), 2);
    REQUIRE(fano.n() == 7);
    REQUIRE(fano.k() == 7);
    std::size_t sets = 0;
    for (const auto& options : {sgc::decode_options{}, sgc::decode_options::for_type<double>(1e-12),
                                sgc::decode_options::for_type<float>(0.5)}) {
        sgc_test::for_each_subset(7, 5, [&](const sgc::worker_set& responders) {
            ++sets;
            const auto plan = fano.plan(responders, options);
            CHECK(plan.status == sgc::decode_status::not_decodable);
            CHECK(plan.workers.empty());
            CHECK(plan.residual == doctest::Approx(4.0 / 7.0)); // 1 - 3 * (3/7): the LS residual
        });
    }
    CHECK(sets == 3 * 21);
    // Fewer than n - s responders stay too_few_responders; all seven decode (E is nonsingular).
    CHECK(fano.plan({0, 1, 2, 3}).status == sgc::decode_status::too_few_responders);
    CHECK(fano.plan(sgc::worker_set::all(7)).ok());
}

TEST_CASE("not decodable: a silent group of a repetition layout given as a matrix") {
    // Workers 0-3 hold partition 0, workers 4-5 partition 1: with s = 2 the claim fails only
    // when both 4 and 5 straggle (rank 1, the all-ones vector out of reach).
    const xt::xtensor<double, 2> E = {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}};
    const sgc::matrix_code code(E, 2);
    CHECK(code.plan({0, 1, 2, 3}).status == sgc::decode_status::not_decodable);
    CHECK(code.plan({0, 1, 2, 4}).ok());
    CHECK(code.plan({1, 2, 3, 5}).ok());
}

TEST_CASE("not decodable is structural: a nonsingular but ill-conditioned matrix is unreliable") {
    // Rows 0 and 1 reach the all-ones vector only through their difference of 2 delta in the
    // second column: coefficients of 1 / delta, whose rounding leaves residuals far above 1e-6.
    // The matrix is nonsingular, so the responders do carry the gradient: unreliable.
    for (double delta : {1e-11, 1e-12, 1e-13}) {
        CAPTURE(delta);
        const xt::xtensor<double, 2> E = {
            {1.0, -1.0 + delta, 0.3}, {-1.0, 1.0 + delta, 0.3}, {0.0, 0.0, 1.0}};
        const auto plan = sgc::matrix_code(E, 0).plan({0, 1, 2},
                                                      sgc::decode_options::for_type<double>(1e-12));
        CHECK(plan.status == sgc::decode_status::unreliable);
        CHECK(plan.growth > 0.1 / delta);
    }
}

TEST_CASE("find_undecodable: the first responder set that refutes the claim, or none") {
    const sgc::matrix_code fano(read_matrix("fano_7x7.csv"), 2);
    const auto found = fano.find_undecodable();
    REQUIRE(found.has_value());
    CHECK(found->ids() == std::vector<std::size_t>{2, 3, 4, 5, 6}); // stragglers {0, 1} first
    CHECK(fano.plan(*found).status == sgc::decode_status::not_decodable);
    // Sampled (binomial(7, 2) = 21 > 5 sets): every set refutes it, so the first sample does.
    const auto sampled = fano.find_undecodable(5);
    REQUIRE(sampled.has_value());
    CHECK(sampled->count() == 5);

    // The last set in the search order is the only one that fails: found all the same.
    const xt::xtensor<double, 2> E = {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}};
    const auto last = sgc::matrix_code(E, 2).find_undecodable();
    REQUIRE(last.has_value());
    CHECK(last->ids() == std::vector<std::size_t>{0, 1, 2, 3});
    // With fewer sets allowed than there are, the search samples.
    CHECK(sgc::matrix_code(E, 1).find_undecodable(3) == std::nullopt);

    // Valid codes: Tandon et al.'s (3, 1) matrix, the cyclic code's E as a user matrix, and
    // repetition layouts, exhaustively.
    const xt::xtensor<double, 2> tandon = {{0.5, 1.0, 0.0}, {0.0, 1.0, -1.0}, {0.5, 0.0, 1.0}};
    CHECK(sgc::matrix_code(tandon, 1).find_undecodable() == std::nullopt);
    for (std::size_t n = 2; n <= 9; ++n)
        for (std::size_t s = 0; s < n; ++s) {
            CAPTURE(n);
            CAPTURE(s);
            const sgc::cyclic_repetition<> crc(n, s);
            CHECK(sgc::matrix_code(crc.encoding_matrix(), s).find_undecodable() == std::nullopt);
        }
    // ... and the false claim that the same E tolerates one more straggler.
    const sgc::cyclic_repetition<> crc(8, 2);
    const auto over = sgc::matrix_code(crc.encoding_matrix(), 3).find_undecodable();
    REQUIRE(over.has_value());
    CHECK(over->count() == 5);
}
