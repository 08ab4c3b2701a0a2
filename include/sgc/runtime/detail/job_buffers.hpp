#ifndef SGC_RUNTIME_DETAIL_JOB_BUFFERS_HPP
#define SGC_RUNTIME_DETAIL_JOB_BUFFERS_HPP

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "../../config.hpp"
#include "../../core/error.hpp"
#include "../../gradient/combine.hpp"
#include "../../gradient/gradient_traits.hpp"
#include "../../gradient/parallel.hpp"
#include "../../schemes/recipe.hpp"
#include "../../schemes/task.hpp"

namespace sgc::detail {

// The master's data path (docs/design.md §5.1). Each job in flight has one buffer. A result whose
// coefficient is known on arrival (an uncoded D1 piece: 1) is added to it at once and dropped; a
// coded result waits for the job's recipe, but only one per code-row class and task (the others
// are equal), so a repetition code holds one per group. Memory: O(d x (jobs in flight +
// coded results held)), never O(d x n) for the repetition codes.
template <class G> class job_buffers {
public:
    enum class placement { accumulated, held, redundant };

    job_buffers(G zero, std::vector<std::uint32_t> classes, executor exec)
        : zero_(std::move(zero)), classes_(std::move(classes)), exec_(std::move(exec)) {}

    void open(std::size_t job);

    // An accepted result of task `t`, delivered as `ref`.
    [[nodiscard]] placement place(const task& t, const result_ref& ref, G&& gradient);

    // g(recipe.job): the buffer plus the recipe's coded terms. Every term must name a placed
    // result and every added result must be in the recipe (else sgc::internal_error: the data
    // path and the bookkeeping disagree), so nothing foreign is ever mixed into a gradient.
    [[nodiscard]] G settle(const decode_recipe& recipe);
    void drop(std::size_t job);

    // Gradients held: one buffer per open job plus the coded results waiting.
    [[nodiscard]] std::size_t held() const noexcept { return held_; }

private:
    using ref_key = std::tuple<std::size_t, std::size_t, std::size_t>; // round, slot, worker
    using coded_key = std::tuple<std::size_t, std::size_t, std::uint32_t>; // round, slot, class

    struct job_data {
        G buffer;
        std::set<ref_key> added;       // direct results already in the buffer
        std::map<coded_key, G> coded;  // one per class and task
    };

    static bool is_direct(task_kind kind) noexcept {
        return kind == task_kind::d1 || kind == task_kind::d1_reattempt;
    }
    [[noreturn]] SGC_NOINLINE SGC_COLD static void disagree(std::size_t job, const std::string& what);

    G zero_;
    std::vector<std::uint32_t> classes_;
    executor exec_;
    std::map<std::size_t, job_data> jobs_;
    std::size_t held_ = 0;
};

// ---------------------------------------------------------------------------------------------
// implementation

template <class G> void job_buffers<G>::open(std::size_t job) {
    job_data data{zero_, {}, {}};
    gradient_traits<G>::fill_zero(data.buffer);
    if (jobs_.emplace(job, std::move(data)).second) ++held_;
}

template <class G>
typename job_buffers<G>::placement job_buffers<G>::place(const task& t, const result_ref& ref,
                                                         G&& gradient) {
    const auto it = jobs_.find(t.job);
    if (it == jobs_.end()) return placement::redundant; // its job is settled already
    job_data& job = it->second;
    if (is_direct(t.kind)) {
        const double one[1] = {1.0};
        const G* input[1] = {&gradient};
        sgc::accumulate(job.buffer, one, input, exec_);
        job.added.emplace(ref.round, ref.slot, ref.worker);
        return placement::accumulated;
    }
    const coded_key key{ref.round, ref.slot, classes_[ref.worker]};
    if (!job.coded.emplace(key, std::move(gradient)).second) return placement::redundant;
    ++held_;
    return placement::held;
}

template <class G> G job_buffers<G>::settle(const decode_recipe& recipe) {
    const auto it = jobs_.find(recipe.job);
    if (it == jobs_.end()) disagree(recipe.job, "it has no open buffer");
    job_data& job = it->second;
    std::vector<double> coefficients;
    std::vector<const G*> inputs;
    std::size_t direct = 0;
    for (const auto& term : recipe.terms) {
        const result_ref& r = term.result;
        if (job.added.count(ref_key{r.round, r.slot, r.worker}) != 0) {
            if (term.coefficient != 1.0) disagree(recipe.job, "an added result has coefficient != 1");
            ++direct;
            continue;
        }
        const auto stored = job.coded.find(coded_key{r.round, r.slot, classes_[r.worker]});
        if (stored == job.coded.end())
            disagree(recipe.job, "the recipe uses worker " + std::to_string(r.worker) +
                                     "'s result of round " + std::to_string(r.round) + " slot " +
                                     std::to_string(r.slot) + ", which never arrived");
        coefficients.push_back(term.coefficient);
        inputs.push_back(&stored->second);
    }
    if (direct != job.added.size()) disagree(recipe.job, "the buffer holds results the recipe omits");
    if (!inputs.empty()) sgc::accumulate(job.buffer, coefficients, inputs, exec_);
    G result = std::move(job.buffer);
    drop(recipe.job);
    return result;
}

template <class G> void job_buffers<G>::drop(std::size_t job) {
    const auto it = jobs_.find(job);
    if (it == jobs_.end()) return;
    held_ -= 1 + it->second.coded.size();
    jobs_.erase(it);
}

template <class G> void job_buffers<G>::disagree(std::size_t job, const std::string& what) {
    SGC_THROW(internal_error("sgc::master: job " + std::to_string(job) +
                             ": data path and bookkeeping disagree: " + what));
}

} // namespace sgc::detail

#endif
