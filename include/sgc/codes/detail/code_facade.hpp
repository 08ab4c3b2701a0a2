#ifndef SGC_CODES_DETAIL_CODE_FACADE_HPP
#define SGC_CODES_DETAIL_CODE_FACADE_HPP

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../../detail/xtensor.hpp"

#include "../../core/error.hpp"
#include "../../core/rational.hpp"
#include "../../core/worker_set.hpp"
#include "../decode_plan.hpp"
#include "../worker_task.hpp"
#include "code_extents.hpp"

namespace sgc::detail {

// The public face shared by every code: parameters (static or dynamic) plus an immutable,
// shared implementation, so copies are cheap and the static and run-time forms run one code.
template <std::size_t N, std::size_t S, class Impl> class code_facade : public code_extents<N, S> {
public:
    using impl_type = Impl;

    std::size_t k() const noexcept { return impl_->k(); }
    rational load() const noexcept { return impl_->load(); }
    const xt::xtensor<double, 2>& encoding_matrix() const noexcept {
        return impl_->encoding_matrix();
    }
    const Impl& impl() const noexcept { return *impl_; }

    worker_task task(std::size_t worker) const {
        check_worker(worker);
        return impl_->task(worker);
    }

    decode_plan plan(const worker_set& responders, const decode_options& options = {}) const {
        if (SGC_UNLIKELY(responders.universe() != this->n()))
            throw_invalid_parameter("sgc gradient code", "responders.universe()",
                                    std::to_string(responders.universe()),
                                    "responder set must be over n = " +
                                        std::to_string(this->n()) + " workers");
        return impl_->plan(responders, options);
    }
    // Worker ids; an unknown or repeated id is an invalid_parameter.
    decode_plan plan(const std::vector<std::size_t>& responders,
                     const decode_options& options = {}) const {
        return plan(worker_set::from_ids(this->n(), responders), options);
    }
    decode_plan plan(std::initializer_list<std::size_t> responders,
                     const decode_options& options = {}) const {
        return plan(worker_set::from_ids(this->n(), responders), options);
    }

protected:
    using extents_type = code_extents<N, S>;

    // The extents are checked before the implementation is built.
    template <class... Args>
    explicit code_facade(const extents_type& extents, Args&&... impl_args)
        : extents_type(extents),
          impl_(std::make_shared<const Impl>(std::forward<Args>(impl_args)...)) {}

private:
    void check_worker(std::size_t worker) const {
        if (SGC_UNLIKELY(worker >= this->n()))
            throw_invalid_parameter("sgc gradient code", "worker", std::to_string(worker),
                                    "unknown worker: ids must be < n = " +
                                        std::to_string(this->n()));
    }

    std::shared_ptr<const Impl> impl_;
};

} // namespace sgc::detail

#endif
