#ifndef SGC_MODELS_PATTERN_HPP
#define SGC_MODELS_PATTERN_HPP

#include <cstddef>
#include <initializer_list>
#include <vector>

#include "../core/worker_set.hpp"

namespace sgc {

/// A straggler pattern: pattern[r] holds the workers that straggled in round r (0-based).
using straggler_pattern = std::vector<worker_set>;

/// A pattern over n workers from one id list per round: make_pattern(4, {{}, {0}, {0, 1}}).
/// @param n workers
/// @param rounds the stragglers' ids of each round, round 0 first
/// @return the pattern, one worker_set over n workers per round
/// @throws invalid_parameter naming the id for an id >= n or an id repeated within a round
[[nodiscard]] straggler_pattern make_pattern(std::size_t n,
                               std::initializer_list<std::initializer_list<std::size_t>> rounds);

// ---------------------------------------------------------------------------------------------
// implementation

inline straggler_pattern
make_pattern(std::size_t n, std::initializer_list<std::initializer_list<std::size_t>> rounds) {
    straggler_pattern pattern;
    pattern.reserve(rounds.size());
    for (const auto& ids : rounds) pattern.push_back(worker_set::from_ids(n, ids));
    return pattern;
}

} // namespace sgc

#endif
