#ifndef SGC_CODES_DETAIL_REPETITION_FACADE_HPP
#define SGC_CODES_DETAIL_REPETITION_FACADE_HPP

#include <cstddef>

#include "code_facade.hpp"
#include "repetition_impl.hpp"

namespace sgc::detail {

/// What both repetition codes add to the common face: their worker groups.
template <std::size_t N, std::size_t S>
class repetition_facade : public code_facade<N, S, repetition_impl> {
public:
    /// Groups q = floor(n / (s + 1)); every group has at least s + 1 members.
    [[nodiscard]] std::size_t groups() const noexcept { return this->impl().groups(); }
    /// The group of `worker`.
    /// @param worker a worker id, < n (not checked)
    /// @return the group index, < groups()
    [[nodiscard]] std::size_t group_of(std::size_t worker) const noexcept {
        return this->impl().group_of(worker);
    }
    /// The first worker of group g: group g's workers are [group_begin(g), group_end(g)).
    /// @param g a group index, < groups() (not checked)
    /// @return a worker id
    [[nodiscard]] std::size_t group_begin(std::size_t g) const noexcept {
        return this->impl().group_begin(g);
    }
    /// One past the last worker of group g.
    /// @param g a group index, < groups() (not checked)
    /// @return a worker id, or n for the last group
    [[nodiscard]] std::size_t group_end(std::size_t g) const noexcept {
        return this->impl().group_end(g);
    }

    /// The responders plan() reads: the lowest-id responder of every group, or the empty set
    /// if a group has none. plan(key) equals plan(responders) field for field, so plan_cache
    /// keys its plans by it and shares one plan among the responder sets that differ only in
    /// workers the plan does not read.
    /// @param responders a responder set over n workers
    /// @param key set to the key (over n workers; no allocation for n <= 256 or when `key` is
    ///        already over n workers)
    /// @throws sgc::invalid_parameter if responders.universe() != n
    void plan_key(const worker_set& responders, worker_set& key) const {
        this->check_responders(responders);
        this->impl().plan_key(responders, key);
    }

protected:
    using code_facade<N, S, repetition_impl>::code_facade;
};

} // namespace sgc::detail

#endif
