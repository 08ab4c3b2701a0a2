#ifndef SGC_RUNTIME_DETAIL_JOB_BUFFERS_HPP
#define SGC_RUNTIME_DETAIL_JOB_BUFFERS_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../config.hpp"
#include "../../core/error.hpp"
#include "../../gradient/combine.hpp"
#include "../../gradient/gradient_traits.hpp"
#include "../../gradient/kernels.hpp"
#include "../../gradient/parallel.hpp"
#include "../../schemes/recipe.hpp"
#include "../../schemes/task.hpp"

namespace sgc::detail {

// The shape of the master's data path, fixed by the scheme and the run.
struct job_buffer_shape {
    std::size_t T = 0;     // a job is open in rounds job .. job + T: T + 1 jobs in flight
    std::size_t slots = 1; // tasks per worker and round
    std::size_t n = 0;     // workers; 0: one per entry of the classes
    std::size_t jobs = static_cast<std::size_t>(-1); // jobs of the run
    std::size_t batch = combine_group; // results of known coefficient added per fused pass
};

// The master's data path (docs/design.md §5.1). Each job in flight has one buffer, in a ring of T + 1. A result whose
// coefficient is known on arrival (an uncoded D1 piece: 1) is staged and added with the others
// of its job in one fused pass of the combine kernel once `batch` of them are staged (or at
// settle), in the order they arrived: a run is reproducible bit for bit, whatever the thread
// count. A coded result waits for the job's recipe, but only one per code-row class and task
// (the others are equal), so a repetition code holds one per group. All bookkeeping is flat
// and sized once from the shape: (T + 1) rounds x slots x n result states, (T + 1) jobs x
// (T + 1) rounds x slots x classes places for held results, (T + 1) x batch staged results; no
// allocation per result. Memory: T + 1 buffers while jobs remain, the coded results held, and
// up to batch - 1 staged results per job in flight (the transport's gradients, released after
// their pass).
//
// Non-finite results (contiguous gradients): a coded result is tested when it would be held
// (finite_if_held) so that the master drops it and a healthy copy can take its place; a staged
// result is tested in the pass that adds it (combine_range_finite): a job whose buffer took a
// NaN or inf settles as failed (settle returns nullopt).
//
// Every result gradient the buffers took (added in a pass, or held until its job closed) goes to
// the recycler, if one is set, once they are done with it: the transport can receive into it
// again. A redundant result is not taken: place() leaves it with the caller.
template <class G> class job_buffers {
public:
    enum class placement { staged, held, redundant };
    using recycler = std::function<void(G&&)>;

    job_buffers(G zero, std::vector<std::uint32_t> classes, executor exec,
                job_buffer_shape shape = {});

    // Round r starts: forgets what arrived in round r - (T + 1); opens job r if r < jobs.
    void begin_round(std::size_t r);

    // False if `gradient` would be held (a coded result of an open job whose class has none
    // yet) and holds a NaN or an inf: the master then drops its message.
    [[nodiscard]] bool finite_if_held(const task& t, const result_ref& ref, const G& gradient) const;

    // Where result gradients go once the buffers are done with them (none: they are destroyed).
    void set_recycler(recycler r) { recycle_ = std::move(r); }

    // An accepted result of task `t`, delivered as `ref`; taken unless redundant.
    [[nodiscard]] placement place(const task& t, const result_ref& ref, G&& gradient);

    // g(recipe.job): the buffer plus the staged results plus the recipe's coded terms, or
    // nullopt if a result added into the buffer was not finite. Every term must name a placed
    // result and every added result must be in the recipe (else sgc::internal_error: the data
    // path and the bookkeeping disagree), so nothing foreign is ever mixed into a gradient.
    [[nodiscard]] std::optional<G> settle(const decode_recipe& recipe);
    void drop(std::size_t job);

    // Gradients held: the buffers allocated plus the coded results waiting.
    [[nodiscard]] std::size_t held() const noexcept { return held_; }
    // Results staged for a fused pass now.
    [[nodiscard]] std::size_t staged() const noexcept { return staged_; }
    // Results found not finite in a fused pass, from the start.
    [[nodiscard]] std::size_t non_finite() const noexcept { return non_finite_; }

private:
    using traits = gradient_traits<G>;
    using value_type = typename traits::value_type;
    static constexpr bool contiguous =
        is_contiguous_gradient_v<G> &&
        (std::is_same_v<value_type, float> || std::is_same_v<value_type, double>);

    enum class kind : std::uint8_t { none, direct, coded };

    struct job_data {
        std::size_t job = 0;
        bool open = false;
        bool allocated = false; // buffer has the gradients' shape
        bool fresh = true;      // nothing added yet: the first pass overwrites the buffer
        bool poisoned = false;  // a non-finite result went into the buffer
        std::size_t direct = 0; // direct results added or staged
        std::size_t staged = 0;
        G buffer{};
    };
    struct held_result {
        std::size_t job = 0;
        bool present = false;
        G gradient{};
    };

    static bool is_direct(task_kind kind) noexcept {
        return kind == task_kind::d1 || kind == task_kind::d1_reattempt;
    }
    std::size_t rounds() const noexcept { return shape_.T + 1; }
    job_data* find(std::size_t job) noexcept {
        job_data& j = ring_[job % rounds()];
        return j.open && j.job == job ? &j : nullptr;
    }
    const job_data* find(std::size_t job) const noexcept {
        const job_data& j = ring_[job % rounds()];
        return j.open && j.job == job ? &j : nullptr;
    }
    std::size_t result_index(const result_ref& r) const noexcept {
        return ((r.round % rounds()) * shape_.slots + r.slot) * shape_.n + r.worker;
    }
    // A round's slot may carry tasks of several jobs (SR-SGC's reattempts): one entry per job.
    std::size_t held_index(std::size_t job, const result_ref& r) const noexcept {
        return (((job % rounds()) * rounds() + (r.round - job)) * shape_.slots + r.slot) *
                   classes_count_ +
               classes_[r.worker];
    }
    G* stage_of(const job_data& j) noexcept { return &stage_[(j.job % rounds()) * shape_.batch]; }
    static bool finite(const G& g) noexcept;
    // buffer (+)= sum of coefficient_[i] * *input_[i] over i < k; false if not finite.
    bool add(job_data& j, std::size_t k);
    void flush(job_data& j);
    void release(job_data& j);
    void give_back(G& gradient);
    [[noreturn]] SGC_NOINLINE SGC_COLD static void disagree(std::size_t job, const std::string& what);

    G zero_;
    std::vector<std::uint32_t> classes_;
    std::size_t classes_count_ = 0;
    executor exec_;
    job_buffer_shape shape_;
    std::vector<job_data> ring_;           // T + 1
    std::vector<G> stage_;                 // (T + 1) x batch
    std::vector<kind> results_;            // (T + 1) x slots x n
    std::vector<held_result> held_results_; // (T + 1) x (T + 1) x slots x classes
    std::vector<const G*> input_;          // scratch of settle and flush
    std::vector<value_type> coefficient_;
    std::vector<const value_type*> pointer_;
    std::size_t held_ = 0, staged_ = 0, non_finite_ = 0;
    recycler recycle_;
};

// ---------------------------------------------------------------------------------------------
// implementation

template <class G>
job_buffers<G>::job_buffers(G zero, std::vector<std::uint32_t> classes, executor exec,
                            job_buffer_shape shape)
    : zero_(std::move(zero)), classes_(std::move(classes)), exec_(std::move(exec)), shape_(shape) {
    if (shape_.n == 0) shape_.n = classes_.size();
    for (auto c : classes_) classes_count_ = std::max<std::size_t>(classes_count_, std::size_t{c} + 1);
    // Products of small factors: T, slots and n are bounded by the scheme's limits.
    ring_.resize(rounds());
    stage_.resize(rounds() * shape_.batch);
    results_.assign(rounds() * shape_.slots * shape_.n, kind::none);
    held_results_.resize(rounds() * rounds() * shape_.slots * classes_count_);
    const std::size_t inputs = shape_.batch + shape_.slots * classes_count_ * rounds() + 1;
    input_.reserve(inputs);
    coefficient_.reserve(inputs);
    pointer_.reserve(inputs);
}

template <class G> void job_buffers<G>::begin_round(std::size_t r) {
    const std::size_t base = (r % rounds()) * shape_.slots;
    std::fill(results_.begin() + static_cast<std::ptrdiff_t>(base * shape_.n),
              results_.begin() + static_cast<std::ptrdiff_t>((base + shape_.slots) * shape_.n),
              kind::none);
    if (r >= shape_.jobs) return;
    job_data& j = ring_[r % rounds()];
    if (j.open) disagree(j.job, "it is still open when job " + std::to_string(r) + " starts");
    if (!j.allocated) {
        j.buffer = zero_; // the one allocation per job: the gradient next() hands out
        j.allocated = true;
        ++held_;
    }
    j.job = r;
    j.open = true;
    j.fresh = true;
    j.poisoned = false;
    j.direct = 0;
    j.staged = 0;
}

template <class G> bool job_buffers<G>::finite(const G& g) noexcept {
    if constexpr (contiguous) return all_finite(traits::data(g), traits::size(g));
    else return true; // no access to the elements of other gradient types
}

template <class G>
bool job_buffers<G>::finite_if_held(const task& t, const result_ref& ref, const G& gradient) const {
    if (is_direct(t.kind) || !find(t.job)) return true;
    if (ref.round < t.job || ref.round > t.job + shape_.T) return true; // redundant
    if (held_results_[held_index(t.job, ref)].present) return true;    // redundant: never read
    return finite(gradient);
}

template <class G>
typename job_buffers<G>::placement job_buffers<G>::place(const task& t, const result_ref& ref,
                                                         G&& gradient) {
    job_data* j = find(t.job);
    if (!j) return placement::redundant; // its job is settled already
    if (is_direct(t.kind)) {
        results_[result_index(ref)] = kind::direct;
        ++j->direct;
        stage_of(*j)[j->staged++] = std::move(gradient);
        ++staged_;
        if (j->staged == shape_.batch) flush(*j);
        return placement::staged;
    }
    results_[result_index(ref)] = kind::coded;
    if (ref.round < t.job || ref.round > t.job + shape_.T) return placement::redundant;
    held_result& h = held_results_[held_index(t.job, ref)];
    if (h.present) return placement::redundant;
    h.job = t.job;
    h.present = true;
    h.gradient = std::move(gradient);
    ++held_;
    return placement::held;
}

template <class G> bool job_buffers<G>::add(job_data& j, std::size_t k) {
    bool ok = true;
    if constexpr (contiguous) {
        pointer_.clear();
        for (std::size_t i = 0; i < k; ++i) pointer_.push_back(traits::data(*input_[i]));
        ok = combine_contiguous_finite(traits::data(j.buffer), pointer_.data(), coefficient_.data(),
                                       k, traits::size(j.buffer), !j.fresh, exec_);
    } else {
        if (j.fresh) traits::fill_zero(j.buffer);
        for (std::size_t i = 0; i < k; ++i) traits::axpy(coefficient_[i], *input_[i], j.buffer);
    }
    j.fresh = false;
    return ok;
}

template <class G> void job_buffers<G>::flush(job_data& j) {
    G* stage = stage_of(j);
    if (!j.poisoned) {
        input_.clear();
        coefficient_.clear();
        for (std::size_t i = 0; i < j.staged; ++i) {
            input_.push_back(&stage[i]);
            coefficient_.push_back(value_type(1));
        }
        if (SGC_UNLIKELY(!add(j, j.staged))) {
            j.poisoned = true;
            for (std::size_t i = 0; i < j.staged; ++i) non_finite_ += !finite(stage[i]);
        }
    }
    for (std::size_t i = 0; i < j.staged; ++i) give_back(stage[i]);
    staged_ -= j.staged;
    j.staged = 0;
}

template <class G> std::optional<G> job_buffers<G>::settle(const decode_recipe& recipe) {
    job_data* j = find(recipe.job);
    if (!j) disagree(recipe.job, "it has no open buffer");
    input_.clear();
    coefficient_.clear();
    G* stage = stage_of(*j);
    for (std::size_t i = 0; i < j->staged; ++i) {
        input_.push_back(&stage[i]);
        coefficient_.push_back(value_type(1));
    }
    std::size_t direct = 0;
    for (const auto& term : recipe.terms) {
        const result_ref& r = term.result;
        if (r.worker >= shape_.n || r.slot >= shape_.slots || r.round < recipe.job ||
            r.round > recipe.job + shape_.T)
            disagree(recipe.job, "the recipe names a result outside the job's rounds");
        const kind k = results_[result_index(r)];
        if (k == kind::direct) {
            if (term.coefficient != 1.0) disagree(recipe.job, "an added result has coefficient != 1");
            ++direct;
            continue;
        }
        const held_result& h = held_results_[held_index(recipe.job, r)];
        if (k != kind::coded || !h.present || h.job != recipe.job)
            disagree(recipe.job, "the recipe uses worker " + std::to_string(r.worker) +
                                     "'s result of round " + std::to_string(r.round) + " slot " +
                                     std::to_string(r.slot) + ", which never arrived");
        input_.push_back(&h.gradient);
        coefficient_.push_back(static_cast<value_type>(term.coefficient));
    }
    if (direct != j->direct) disagree(recipe.job, "the buffer holds results the recipe omits");
    std::optional<G> result;
    if (!j->poisoned && add(*j, input_.size())) {
        result = std::move(j->buffer);
        j->allocated = false;
        --held_;
    } else if (!j->poisoned) {
        j->poisoned = true;
        for (std::size_t i = 0; i < j->staged; ++i) non_finite_ += !finite(stage[i]);
    }
    release(*j);
    return result;
}

template <class G> void job_buffers<G>::drop(std::size_t job) {
    if (job_data* j = find(job)) release(*j);
}

// Closes j: frees its staged and held results, and its buffer if no job will use it again.
template <class G> void job_buffers<G>::release(job_data& j) {
    G* stage = stage_of(j);
    for (std::size_t i = 0; i < j.staged; ++i) give_back(stage[i]);
    staged_ -= j.staged;
    j.staged = 0;
    const std::size_t per_job = rounds() * shape_.slots * classes_count_;
    const std::size_t base = (j.job % rounds()) * per_job;
    for (std::size_t i = base; i < base + per_job; ++i) {
        held_result& h = held_results_[i];
        if (!h.present) continue;
        give_back(h.gradient);
        h.present = false;
        --held_;
    }
    j.open = false;
    if (j.allocated && j.job + rounds() >= shape_.jobs) {
        j.buffer = G{};
        j.allocated = false;
        --held_;
    }
}

// Leaves `gradient` empty (G{}), its storage with the recycler if there is one.
template <class G> void job_buffers<G>::give_back(G& gradient) {
    if (recycle_) recycle_(std::move(gradient));
    gradient = G{};
}

template <class G> void job_buffers<G>::disagree(std::size_t job, const std::string& what) {
    SGC_THROW(internal_error("sgc::master: job " + std::to_string(job) +
                             ": data path and bookkeeping disagree: " + what));
}

} // namespace sgc::detail

#endif
