// Test fixtures for the simulator: traces written row by row, and straggler sets as id lists.
#ifndef SGC_TESTS_SIM_SUPPORT_HPP
#define SGC_TESTS_SIM_SUPPORT_HPP

#include <cstddef>
#include <initializer_list>
#include <vector>

#include <sgc/core/worker_set.hpp>
#include <sgc/models/pattern.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/trace.hpp>

namespace sgc_test {

// A trace from its rows: make_trace({{1, 2, 3}, {1, 1, 1}}) is 2 rounds over 3 workers.
inline sgc::sim::delay_trace make_trace(std::initializer_list<std::initializer_list<double>> rows) {
    sgc::sim::delay_trace trace(rows.begin()->size());
    for (const auto& row : rows) trace.push_round(std::vector<double>(row));
    return trace;
}

inline std::vector<std::size_t> ids(const sgc::worker_set& set) { return set.ids(); }
inline std::vector<std::size_t> ids(std::initializer_list<std::size_t> list) { return list; }

// The recorded stragglers of a replay, as a straggler pattern.
inline sgc::straggler_pattern recorded_pattern(const sgc::sim::replay_result& result) {
    sgc::straggler_pattern pattern;
    for (const auto& r : result.rounds) pattern.push_back(r.stragglers);
    return pattern;
}

} // namespace sgc_test

#endif
