#ifndef SGC_CODES_PLAN_CACHE_HPP
#define SGC_CODES_PLAN_CACHE_HPP

#include <cstddef>
#include <list>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "decode_plan.hpp"

namespace sgc {

/// A bounded, least-recently-used cache of decode plans keyed by responder set: a hit costs a
/// hash of the set's words. A code that can name the responders its plan reads (plan_key, as the
/// repetition codes do) is keyed by those, so that responder sets with the same plan share an
/// entry. Plans are shared, so one handed out stays valid after eviction.
/// Not synchronised: give each thread its own cache, or guard it.
template <class Code> class plan_cache {
public:
    /// A shared, immutable plan.
    using plan_ptr = std::shared_ptr<const decode_plan>;

    /// @param code the code (copied)
    /// @param capacity the most plans kept, >= 1
    /// @param options the numerical guard's settings every plan is made with
    /// @throws invalid_parameter if capacity = 0
    explicit plan_cache(Code code, std::size_t capacity = 1024, decode_options options = {});

    /// The plan for these responders, computed on a miss (statuses are cached too).
    /// @param responders the responders, over the code's n workers
    /// @return the plan, equal to code().plan(responders, options())
    /// @throws sgc::invalid_parameter if responders.universe() differs from the code's n
    [[nodiscard]] plan_ptr get(const worker_set& responders);

    /// The code whose plans are cached.
    [[nodiscard]] const Code& code() const noexcept { return code_; }
    /// The guard's settings of every plan.
    [[nodiscard]] const decode_options& options() const noexcept { return options_; }
    /// Plans cached now.
    [[nodiscard]] std::size_t size() const noexcept { return index_.size(); }
    /// The most plans kept.
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    /// Calls of get() answered from the cache.
    [[nodiscard]] std::size_t hits() const noexcept { return hits_; }
    /// Calls of get() that computed a plan.
    [[nodiscard]] std::size_t misses() const noexcept { return misses_; }
    /// Plans dropped to make room.
    [[nodiscard]] std::size_t evictions() const noexcept { return evictions_; }
    /// Drops every plan (the counters stay).
    void clear() noexcept;

private:
    // Whether Code names the responders its plan reads (see repetition codes' plan_key).
    template <class C, class = void> struct keyed : std::false_type {};
    template <class C>
    struct keyed<C, std::void_t<decltype(std::declval<const C&>().plan_key(
                        std::declval<const worker_set&>(), std::declval<worker_set&>()))>>
        : std::true_type {};
    const worker_set& key_of(const worker_set& responders) {
        if constexpr (keyed<Code>::value) {
            code_.plan_key(responders, key_);
            return key_;
        } else {
            return responders;
        }
    }

    using entry = std::pair<worker_set, plan_ptr>;
    Code code_;
    std::size_t capacity_;
    decode_options options_;
    std::list<entry> order_; // most recently used first
    std::unordered_map<worker_set, typename std::list<entry>::iterator> index_;
    std::size_t hits_ = 0, misses_ = 0, evictions_ = 0;
    worker_set key_; // scratch: the key of the responders being looked up
};

// ---------------------------------------------------------------------------------------------
// implementation

template <class Code>
plan_cache<Code>::plan_cache(Code code, std::size_t capacity, decode_options options)
    : code_(std::move(code)), capacity_(capacity), options_(options) {
    detail::require(capacity >= 1, "sgc::plan_cache", "capacity", capacity, "must be >= 1");
    index_.reserve(capacity);
}

template <class Code>
typename plan_cache<Code>::plan_ptr plan_cache<Code>::get(const worker_set& raw) {
    const worker_set& responders = key_of(raw);
    if (auto found = index_.find(responders); found != index_.end()) {
        ++hits_;
        order_.splice(order_.begin(), order_, found->second);
        return found->second->second;
    }
    ++misses_;
    auto plan = std::make_shared<const decode_plan>(code_.plan(responders, options_));
    if (index_.size() == capacity_) {
        index_.erase(order_.back().first);
        order_.pop_back();
        ++evictions_;
    }
    order_.emplace_front(responders, plan);
    index_.emplace(responders, order_.begin());
    return plan;
}

template <class Code> void plan_cache<Code>::clear() noexcept {
    order_.clear();
    index_.clear();
}

} // namespace sgc

#endif
