#ifndef SGC_PROTOCOL_WORKER_HPP
#define SGC_PROTOCOL_WORKER_HPP

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../gradient/gradient_traits.hpp"
#include "../schemes/partition.hpp"
#include "../schemes/task.hpp"
#include "messages.hpp"

namespace sgc {

// The worker side of a scheme: turns the tasks the master assigns into coded results, from
// the user's partial gradients. The user supplies
//
//   partial(const Input& input, std::size_t job, sample_range samples, G& out)
//
// which overwrites `out` with the gradient summed over `samples` of job `job`'s batch (samples
// 0 .. batch-1) at `input` (the model job `job` started with). It must be a deterministic
// function of its arguments: workers with the same code row then return identical results, and
// the master keeps one copy of them. It may be called from several threads at once.
namespace detail {

// True when `partial(input, job, samples, out)` can be called on a Partial with an Input and G.
template <class Partial, class Input, class G>
inline constexpr bool is_partial_v =
    std::is_invocable_v<Partial, const Input&, std::size_t, const sample_range&, G&>;

// The Input of inputs(job): the pointee when it returns a pointer.
template <class Inputs>
using input_of_t = std::remove_cv_t<std::remove_pointer_t<
    std::remove_cv_t<std::remove_reference_t<std::invoke_result_t<Inputs&, std::size_t>>>>>;

} // namespace detail

/// The worker side of a scheme: turns the tasks a master assigned to worker `id` into its coded
/// results, from the user's partial gradient over sample ranges (the encoding of the scheme's
/// code, docs/guide/05-runtime.md). Transports call it; users of a shipped transport need not.
template <class Scheme, class G> class worker {
    static_assert(is_gradient_v<G>,
                  "sgc::worker<Scheme, G>: G is not a gradient: specialise sgc::gradient_traits<G> "
                  "with value_type, size(const G&), fill_zero(G&) and axpy(value_type a, const G& "
                  "x, G& y)");

public:
    /// `zero` fixes the shape of the results (its values are ignored).
    /// @param scheme the scheme (not copied: it must outlive the worker)
    /// @param id the worker's id, < n
    /// @param batch the samples of a job's batch, >= 1
    /// @param zero a gradient of the results' length d
    /// @throws invalid_parameter unless id < n and batch >= 1
    worker(const Scheme& scheme, std::size_t id, std::size_t batch, G zero);

    /// The worker's id.
    [[nodiscard]] std::size_t id() const noexcept { return id_; }
    /// The samples of a job's batch.
    [[nodiscard]] std::size_t batch() const noexcept { return batch_; }

    /// out = this worker's result for task `t` (not idle): the sum over the task's sample
    /// ranges of coefficient * partial(range). A partial of another signature is one
    /// static_assert naming the expected one.
    /// @param t the task (its job and kind)
    /// @param input the input of job t.job
    /// @param partial called as partial(const Input& input, std::size_t job,
    ///        sgc::sample_range samples, G& out)
    /// @param out overwritten with the result (its length is the zero gradient's)
    /// @throws whatever the partial throws
    template <class Input, class Partial>
    void compute(const task& t, const Input& input, Partial&& partial, G& out);

    /// Every result of the worker in round `round`: one slot_result per non-idle slot.
    /// @param round the round
    /// @param tasks the worker's task per slot
    /// @param inputs inputs(job) returns the job's input (a reference, or a pointer)
    /// @param partial as for compute(); another signature is one static_assert naming it
    /// @return the worker's result message of the round
    /// @throws invalid_parameter naming the job when inputs(job) is a null pointer; whatever
    ///         the partial throws
    template <class Inputs, class Partial>
    [[nodiscard]] result_message<G> run(std::size_t round, const std::vector<task>& tasks, Inputs&& inputs,
                          Partial&& partial);
    /// The same, with this worker's tasks taken from the round's assignment `a`.
    /// @param a the round's assignment
    /// @param inputs as for the other run()
    /// @param partial as for compute()
    /// @return the worker's result message of round a.round()
    /// @throws as the other run()
    template <class Inputs, class Partial>
    [[nodiscard]] result_message<G> run(const round_assignment& a, Inputs&& inputs, Partial&& partial);

private:
    template <class Input, class Partial>
    void compute_checked(const task& t, const Input& input, Partial& partial, G& out);

    const Scheme* scheme_;
    std::size_t id_, batch_;
    G zero_;
    G scratch_;
};

// ---------------------------------------------------------------------------------------------
// implementation

template <class Scheme, class G>
worker<Scheme, G>::worker(const Scheme& scheme, std::size_t id, std::size_t batch, G zero)
    : scheme_(&scheme), id_(id), batch_(batch), zero_(std::move(zero)), scratch_(zero_) {
    detail::require(id < scheme.n(), "sgc::worker", "id", id, "must be < n");
    detail::require(batch >= 1, "sgc::worker", "batch", batch, "must be >= 1");
}

template <class Scheme, class G>
template <class Input, class Partial>
void worker<Scheme, G>::compute(const task& t, const Input& input, Partial&& partial, G& out) {
    static_assert(detail::is_partial_v<Partial&, Input, G>,
                  "sgc::worker<Scheme, G>::compute: the partial must be callable as "
                  "partial(const Input& input, std::size_t job, sgc::sample_range samples, G& out)");
    if constexpr (detail::is_partial_v<Partial&, Input, G>) compute_checked(t, input, partial, out);
}

template <class Scheme, class G>
template <class Input, class Partial>
void worker<Scheme, G>::compute_checked(const task& t, const Input& input, Partial& partial, G& out) {
    const std::vector<weighted_range> work = scheme_->task_data(batch_, id_, t);
    // One range at coefficient 1 (a D1 piece, a repetition row of one partition): no copy.
    if (work.size() == 1 && work.front().coefficient == 1.0) {
        partial(input, static_cast<std::size_t>(t.job), work.front().range, out);
        return;
    }
    using traits = gradient_traits<G>;
    traits::fill_zero(out);
    for (const auto& w : work) {
        if (w.range.size() == 0) continue;
        partial(input, static_cast<std::size_t>(t.job), w.range, scratch_);
        traits::axpy(static_cast<typename traits::value_type>(w.coefficient), scratch_, out);
    }
}

template <class Scheme, class G>
template <class Inputs, class Partial>
result_message<G> worker<Scheme, G>::run(std::size_t round, const std::vector<task>& tasks,
                                         Inputs&& inputs, Partial&& partial) {
    using input_type = detail::input_of_t<Inputs>;
    static_assert(detail::is_partial_v<Partial&, input_type, G>,
                  "sgc::worker<Scheme, G>::run: the partial must be callable as "
                  "partial(const Input& input, std::size_t job, sgc::sample_range samples, G& out)");
    result_message<G> message;
    message.worker = id_;
    message.round = round;
    if constexpr (detail::is_partial_v<Partial&, input_type, G>) { // else stopped above, alone
        for (std::size_t slot = 0; slot < tasks.size(); ++slot) {
            const task& t = tasks[slot];
            if (t.kind == task_kind::idle) continue;
            message.slots.push_back({slot, zero_});
            decltype(auto) input = inputs(static_cast<std::size_t>(t.job));
            if constexpr (std::is_pointer_v<std::decay_t<decltype(input)>>) {
                if (!input)
                    detail::throw_invalid_parameter("sgc::worker::run", "job", std::to_string(t.job),
                                                    "has no input: it was not posted");
                compute_checked(t, *input, partial, message.slots.back().gradient);
            } else {
                compute_checked(t, input, partial, message.slots.back().gradient);
            }
        }
    }
    return message;
}

template <class Scheme, class G>
template <class Inputs, class Partial>
result_message<G> worker<Scheme, G>::run(const round_assignment& a, Inputs&& inputs,
                                         Partial&& partial) {
    std::vector<task> tasks(a.slots());
    for (std::size_t slot = 0; slot < a.slots(); ++slot) tasks[slot] = a(id_, slot);
    return run(a.round(), tasks, inputs, partial);
}

} // namespace sgc

#endif
