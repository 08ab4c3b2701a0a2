#ifndef SGC_MODELS_GENERATORS_HPP
#define SGC_MODELS_GENERATORS_HPP

#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "bursty.hpp"
#include "pattern.hpp"

namespace sgc {

// Straggler pattern generators for simulations and tests. Each is seeded and reproducible on
// every platform: they draw only raw std::mt19937_64 outputs (whose sequence the standard fixes)
// and convert them themselves, never through std::*_distribution. Each has n() and
// worker_set next(), the next round's stragglers.

/// Every worker straggles in every round independently with probability p.
class bernoulli_stragglers {
public:
    /// @param n workers, >= 1
    /// @param p each worker's probability of straggling in a round, in [0, 1]
    /// @param seed the seed of the std::mt19937_64 stream
    /// @throws invalid_parameter unless n >= 1 and 0 <= p <= 1 (NaN included)
    bernoulli_stragglers(std::size_t n, double p, std::uint64_t seed);

    /// Workers n.
    std::size_t n() const noexcept { return n_; }
    /// The probability of straggling in a round.
    double p() const noexcept { return p_; }
    /// The next round's stragglers, a set over n workers.
    worker_set next();

private:
    std::size_t n_;
    double p_;
    std::mt19937_64 rng_;
};

/// Gilbert–Elliott: every worker is an independent two-state Markov chain. It starts in the good
/// state before round 0 and moves once at the start of every round (good -> bad with probability
/// p, bad -> good with probability q); it straggles in the rounds it spends in the bad state.
/// So round 0 has Bernoulli(p) stragglers, bursts last 1/q rounds on average, and in the long
/// run a worker straggles in a fraction p / (p + q) of the rounds.
class gilbert_elliott_stragglers {
public:
    /// @param n workers, >= 1
    /// @param p_good_to_bad the probability p of moving from the good to the bad state, in [0, 1]
    /// @param q_bad_to_good the probability q of moving from the bad to the good state, in [0, 1]
    /// @param seed the seed of the std::mt19937_64 stream
    /// @throws invalid_parameter unless n >= 1 and both probabilities are in [0, 1] (NaN included)
    gilbert_elliott_stragglers(std::size_t n, double p_good_to_bad, double q_bad_to_good,
                               std::uint64_t seed);

    /// Workers n.
    std::size_t n() const noexcept { return bad_.universe(); }
    /// The good -> bad probability p.
    double p() const noexcept { return p_; }
    /// The bad -> good probability q.
    double q() const noexcept { return q_; }
    /// The next round's stragglers, a set over n workers.
    worker_set next();

private:
    double p_, q_;
    std::mt19937_64 rng_;
    worker_set bad_; ///< the chains' states: the current round's stragglers
};

/// Patterns that saturate a (B, W, lambda)-bursty model: every round straggles a largest set the
/// model allows given the rounds before — every worker the model lets go on straggling, plus as
/// many workers new to the window as the spatial limit admits, drawn at random. Hence:
/// - every pattern conforms;
/// - every window of W rounds from round W-1 on has exactly lambda distinct stragglers;
/// - for B < W every burst lasts exactly B rounds (a worker that straggled B rounds ago is
///   blocked, one that straggled less than B rounds ago continues); for B = W >= 2 the model has
///   no burst limit and a straggler never recovers; for W = 1 each round is drawn afresh.
/// Only in the warm-up rounds 0 .. W-2 is the number of new workers drawn uniformly from
/// 0 .. the limit, so that bursts start at seed-dependent phases rather than all in round 0.
class adversarial_stragglers {
public:
    /// @param model the model to saturate
    /// @param seed the seed of the std::mt19937_64 stream
    adversarial_stragglers(const bursty_model& model, std::uint64_t seed);

    /// Workers n.
    std::size_t n() const noexcept { return model_.n(); }
    /// The model it saturates.
    const bursty_model& model() const noexcept { return model_; }
    /// The next round's stragglers, a set over n workers; the pattern so far conforms.
    worker_set next();

private:
    bursty_model model_;
    bursty_model::monitor monitor_;
    std::mt19937_64 rng_;
    std::vector<std::size_t> fresh_; ///< scratch: the workers not in the window
};

/// The next `rounds` rounds of a generator.
/// @param generator bernoulli_stragglers, gilbert_elliott_stragglers, adversarial_stragglers or
///        any type with worker_set next()
/// @param rounds the rounds to draw
/// @return the pattern, round 0 first
template <class Generator> [[nodiscard]] straggler_pattern generate(Generator& generator, std::size_t rounds);

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

// A uniform double in [0, 1) from the top 53 bits of one output.
inline double unit_uniform(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); // 2^-53
}

// A uniform integer in [0, m), m >= 1: rejection of the low 2^64 mod m outputs, then modulo.
inline std::size_t uniform_index(std::mt19937_64& rng, std::size_t m) {
    const std::uint64_t bound = static_cast<std::uint64_t>(m);
    const std::uint64_t reject_below = (std::uint64_t{0} - bound) % bound; // 2^64 mod m
    std::uint64_t x = rng();
    while (x < reject_below) x = rng();
    return static_cast<std::size_t>(x % bound);
}

[[noreturn]] SGC_NOINLINE SGC_COLD inline void
throw_bad_probability(const char* where, const char* parameter, double value, const char* rule) {
    std::ostringstream text;
    text.precision(17); // the value as given: 1.5, not 1.500000
    text << value;
    throw_invalid_parameter(where, parameter, text.str(), rule);
}

inline void require_probability(const char* where, const char* parameter, double value,
                                const char* rule) {
    if (SGC_UNLIKELY(!(value >= 0.0 && value <= 1.0))) // NaN fails too
        throw_bad_probability(where, parameter, value, rule);
}

} // namespace detail

inline bernoulli_stragglers::bernoulli_stragglers(std::size_t n, double p, std::uint64_t seed)
    : n_(n), p_(p), rng_(seed) {
    detail::require(n >= 1, "sgc::bernoulli_stragglers", "n", n,
                    "the number of workers must be >= 1");
    detail::require_probability("sgc::bernoulli_stragglers", "p", p,
                                "the straggling probability must be in [0, 1]");
}

inline worker_set bernoulli_stragglers::next() {
    worker_set stragglers(n_);
    for (std::size_t i = 0; i < n_; ++i)
        if (detail::unit_uniform(rng_) < p_) stragglers.insert(i);
    return stragglers;
}

inline gilbert_elliott_stragglers::gilbert_elliott_stragglers(std::size_t n, double p_good_to_bad,
                                                              double q_bad_to_good,
                                                              std::uint64_t seed)
    : p_(p_good_to_bad), q_(q_bad_to_good), rng_(seed), bad_(n) {
    constexpr const char* where = "sgc::gilbert_elliott_stragglers";
    detail::require(n >= 1, where, "n", n, "the number of workers must be >= 1");
    detail::require_probability(where, "p", p_, "the good -> bad probability must be in [0, 1]");
    detail::require_probability(where, "q", q_, "the bad -> good probability must be in [0, 1]");
}

inline worker_set gilbert_elliott_stragglers::next() {
    for (std::size_t i = 0; i < bad_.universe(); ++i) {
        const double u = detail::unit_uniform(rng_);
        if (bad_.contains(i)) {
            if (u < q_) bad_.erase(i);
        } else if (u < p_) {
            bad_.insert(i);
        }
    }
    return bad_;
}

inline adversarial_stragglers::adversarial_stragglers(const bursty_model& model,
                                                      std::uint64_t seed)
    : model_(model), monitor_(model.make_monitor()), rng_(seed) {
    fresh_.reserve(model.n());
}

inline worker_set adversarial_stragglers::next() {
    worker_set stragglers = monitor_.window_union() - monitor_.blocked();
    std::size_t wanted = monitor_.spare();
    if (monitor_.round() + 1 < model_.W()) wanted = detail::uniform_index(rng_, wanted + 1);
    fresh_.clear();
    for (std::size_t i = 0; i < model_.n(); ++i)
        if (!monitor_.window_union().contains(i)) fresh_.push_back(i);
    // spare() <= lambda - |window| <= n - |window| = fresh_.size(): a partial Fisher-Yates draw.
    for (std::size_t k = 0; k < wanted; ++k) {
        std::swap(fresh_[k], fresh_[k + detail::uniform_index(rng_, fresh_.size() - k)]);
        stragglers.insert(fresh_[k]);
    }
    monitor_.record(stragglers);
    return stragglers;
}

template <class Generator> straggler_pattern generate(Generator& generator, std::size_t rounds) {
    straggler_pattern pattern;
    pattern.reserve(rounds);
    for (std::size_t r = 0; r < rounds; ++r) pattern.push_back(generator.next());
    return pattern;
}

} // namespace sgc

#endif
