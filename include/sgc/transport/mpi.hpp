#ifndef SGC_TRANSPORT_MPI_HPP
#define SGC_TRANSPORT_MPI_HPP

// The MPI transport. Optional: include it only in programs that link MPI (find_package(MPI),
// target MPI::MPI_CXX); the rest of sgc does not need it.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/worker_set.hpp"
#include "../gradient/gradient_traits.hpp"
#include "../protocol/job_inputs.hpp"
#include "../protocol/messages.hpp"
#include "../protocol/worker.hpp"
#include "../schemes/task.hpp"
#include "detail/wire.hpp"

namespace sgc {

// Rank 0 of the communicator is the master, ranks 1 .. n the workers (worker i is rank i + 1).
// Every message carries its round, so a late result is recognised as such. Waiting never
// blocks: the master probes until the round's deadline, so a worker process that died (run
// mpirun with --enable-recovery so that the job outlives it) is a permanent straggler.
//
// G and Input (unless no_input) must be contiguous gradients (sgc::gradient_traits with data())
// constructible from a length, such as std::vector<float> or std::vector<double>.
template <class G, class Input = no_input> class mpi_transport {
public:
    using gradient_type = G;
    using input_type = Input;

    // Collective-free: only rank 0 constructs it. `zero` fixes the results' length.
    mpi_transport(MPI_Comm comm, G zero);
    ~mpi_transport();
    mpi_transport(const mpi_transport&) = delete;
    mpi_transport& operator=(const mpi_transport&) = delete;

    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    [[nodiscard]] double now() const { return MPI_Wtime() - epoch_; }
    void post(const round_work<Input>& work);
    [[nodiscard]] std::optional<result_message<G>> receive(double deadline);
    // Tells every worker to stop and waits up to `grace` seconds for their goodbyes (results
    // still in flight are drained). Called by the destructor if not before.
    void shutdown(double grace = 5.0);

private:
    struct pending_send {
        MPI_Request request;
        std::vector<unsigned char> bytes;
    };
    void send(int rank, int tag, std::vector<unsigned char> bytes);
    void reap(); // frees the sends that completed

    MPI_Comm comm_;
    std::size_t n_;
    std::size_t d_;
    double epoch_;
    bool stopped_ = false;
    std::list<pending_send> sends_;
};

// The worker side: serves rounds from the master at rank 0 until it is told to stop. Each
// round's tasks are computed with sgc::worker and `partial` (protocol/worker.hpp); the results go
// back reply_delay(round) seconds later (injected straggling; none if empty), while the worker
// goes on with newer rounds, as a cluster's independent invocations would. When several rounds'
// work is waiting, only the newest is computed: the master has closed the older rounds, so their
// results could only arrive late.
template <class Scheme, class G, class Partial, class Input = no_input>
void mpi_serve(MPI_Comm comm, const Scheme& scheme, std::size_t batch, Partial partial, G zero,
               const std::function<double(std::size_t round)>& reply_delay = {});

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

enum mpi_tag : int { tag_work = 7101, tag_stop = 7102, tag_result = 7103, tag_bye = 7104 };

template <class T>
inline constexpr bool wire_payload_v =
    is_contiguous_gradient_v<T> && std::is_constructible_v<T, std::size_t>;

[[noreturn]] SGC_NOINLINE SGC_COLD inline void mpi_failed(int rc, const char* what) {
    SGC_THROW(transport_error(std::string("sgc MPI transport: ") + what + " failed (MPI error code " +
                              std::to_string(rc) + ")"));
}

inline void mpi_check(int rc, const char* what) {
    if (SGC_UNLIKELY(rc != MPI_SUCCESS)) mpi_failed(rc, what);
}

// Blocks, politely, until a message with `tag` (or any tag if MPI_ANY_TAG) from `source` is
// there or `deadline` (MPI_Wtime) passes: Open MPI's blocking calls spin a core, which a
// machine shared by n + 1 processes cannot afford.
inline bool mpi_wait_message(MPI_Comm comm, int source, int tag, double deadline, MPI_Status& status) {
    for (;;) {
        int flag = 0;
        mpi_check(MPI_Iprobe(source, tag, comm, &flag, &status), "MPI_Iprobe");
        if (flag) return true;
        if (MPI_Wtime() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
}

inline std::vector<unsigned char> mpi_receive_bytes(MPI_Comm comm, const MPI_Status& probed) {
    int count = 0;
    mpi_check(MPI_Get_count(&probed, MPI_BYTE, &count), "MPI_Get_count");
    std::vector<unsigned char> bytes(static_cast<std::size_t>(count));
    mpi_check(MPI_Recv(bytes.data(), count, MPI_BYTE, probed.MPI_SOURCE, probed.MPI_TAG, comm,
                       MPI_STATUS_IGNORE),
              "MPI_Recv");
    return bytes;
}

template <class T> void write_payload(wire_writer& w, const T& value) {
    w.array(gradient_traits<T>::data(value), gradient_traits<T>::size(value));
}

template <class T> T read_payload(wire_reader& r) {
    const std::size_t count = r.array_size();
    T value(count);
    r.array_data(gradient_traits<T>::data(value), count);
    return value;
}

} // namespace detail

template <class G, class Input>
mpi_transport<G, Input>::mpi_transport(MPI_Comm comm, G zero)
    : comm_(comm), d_(gradient_traits<G>::size(zero)), epoch_(MPI_Wtime()) {
    static_assert(detail::wire_payload_v<G>,
                  "sgc::mpi_transport<G, Input>: G must be a contiguous gradient constructible "
                  "from a length (e.g. std::vector<double>)");
    static_assert(std::is_same_v<Input, no_input> || detail::wire_payload_v<Input>,
                  "sgc::mpi_transport<G, Input>: Input must be sgc::no_input or contiguous and "
                  "constructible from a length (e.g. std::vector<double>)");
    int size = 0, rank = 0;
    detail::mpi_check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
    detail::mpi_check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    detail::require(rank == 0, "sgc::mpi_transport", "rank", rank, "the master must be rank 0");
    detail::require(size >= 2, "sgc::mpi_transport", "communicator size", size,
                    "needs the master and at least one worker");
    n_ = static_cast<std::size_t>(size - 1);
    // A dead worker must not abort the master.
    MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
}

template <class G, class Input> mpi_transport<G, Input>::~mpi_transport() {
    try {
        shutdown();
    } catch (...) {
    }
    for (auto& s : sends_) { // to dead workers: never completing
        MPI_Cancel(&s.request);
        MPI_Request_free(&s.request);
    }
}

template <class G, class Input>
void mpi_transport<G, Input>::send(int rank, int tag, std::vector<unsigned char> bytes) {
    sends_.push_back({MPI_REQUEST_NULL, std::move(bytes)});
    auto& s = sends_.back();
    if (MPI_Isend(s.bytes.data(), static_cast<int>(s.bytes.size()), MPI_BYTE, rank, tag, comm_,
                  &s.request) != MPI_SUCCESS)
        sends_.pop_back(); // a dead rank: the master's deadlines take care of it
}

template <class G, class Input> void mpi_transport<G, Input>::reap() {
    for (auto it = sends_.begin(); it != sends_.end();) {
        int done = 0;
        if (MPI_Test(&it->request, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS || done)
            it = sends_.erase(it);
        else
            ++it;
    }
}

template <class G, class Input> void mpi_transport<G, Input>::post(const round_work<Input>& work) {
    detail::require(work.assignment != nullptr, "sgc::mpi_transport::post", "assignment", "null",
                    "must point to the round's tasks");
    const round_assignment& a = *work.assignment;
    detail::require(a.n() == n_, "sgc::mpi_transport::post", "assignment.n()", a.n(),
                    "must equal the number of worker ranks");
    reap();
    worker_set busy(n_);
    a.busy_workers(busy);
    for (std::size_t i = 0; i < n_; ++i) {
        // Every worker hears of a new job's input, busy this round or not.
        if (!busy.contains(i) && !work.input) continue;
        detail::wire_writer w;
        w.word(work.round);
        w.word(work.first_job);
        w.word(a.slots());
        for (std::size_t slot = 0; slot < a.slots(); ++slot) {
            const task& t = a(i, slot);
            w.word(static_cast<std::uint64_t>(t.kind));
            w.word(t.job);
            w.word(t.index);
        }
        if constexpr (std::is_same_v<Input, no_input>) {
            w.word(0);
        } else {
            w.word(work.input ? 1 : 0);
            if (work.input) detail::write_payload(w, *work.input);
        }
        send(static_cast<int>(i + 1), detail::tag_work, std::move(w.bytes()));
    }
}

template <class G, class Input>
std::optional<result_message<G>> mpi_transport<G, Input>::receive(double deadline) {
    MPI_Status status;
    if (!detail::mpi_wait_message(comm_, MPI_ANY_SOURCE, detail::tag_result, deadline + epoch_, status))
        return std::nullopt;
    const auto bytes = detail::mpi_receive_bytes(comm_, status);
    detail::wire_reader r(bytes.data(), bytes.size());
    result_message<G> message;
    message.worker = static_cast<std::size_t>(status.MPI_SOURCE - 1);
    message.round = static_cast<std::size_t>(r.word());
    const std::size_t slots = static_cast<std::size_t>(r.word());
    for (std::size_t k = 0; k < slots; ++k) {
        slot_result<G> s;
        s.slot = static_cast<std::size_t>(r.word());
        s.gradient = detail::read_payload<G>(r);
        message.slots.push_back(std::move(s));
    }
    return message;
}

template <class G, class Input> void mpi_transport<G, Input>::shutdown(double grace) {
    if (stopped_) return;
    stopped_ = true;
    for (std::size_t i = 0; i < n_; ++i) send(static_cast<int>(i + 1), detail::tag_stop, {});
    // Drain late results until every worker said goodbye or the grace period is over (dead
    // workers never say it).
    const double until = MPI_Wtime() + grace;
    std::size_t byes = 0;
    MPI_Status status;
    while (byes < n_ && detail::mpi_wait_message(comm_, MPI_ANY_SOURCE, MPI_ANY_TAG, until, status)) {
        detail::mpi_receive_bytes(comm_, status);
        byes += status.MPI_TAG == detail::tag_bye;
    }
    reap();
}

namespace detail {

// Reads one work message's header: round, first job, tasks; then its input, if any.
template <class Input>
std::pair<std::size_t, std::vector<task>> read_work(wire_reader& r, job_inputs<Input>& inputs) {
    const auto round = static_cast<std::size_t>(r.word());
    inputs.drop_before(static_cast<std::size_t>(r.word()));
    std::vector<task> tasks(static_cast<std::size_t>(r.word()));
    for (auto& t : tasks) {
        t.kind = static_cast<task_kind>(r.word());
        t.job = static_cast<std::uint32_t>(r.word());
        t.index = static_cast<std::uint32_t>(r.word());
    }
    if (r.word() != 0) {
        if constexpr (!std::is_same_v<Input, no_input>)
            inputs.add(round, std::make_shared<const Input>(read_payload<Input>(r)));
    }
    return {round, std::move(tasks)};
}

} // namespace detail

template <class Scheme, class G, class Partial, class Input>
void mpi_serve(MPI_Comm comm, const Scheme& scheme, std::size_t batch, Partial partial, G zero,
               const std::function<double(std::size_t round)>& reply_delay) {
    int rank = 0;
    detail::mpi_check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    detail::require(rank >= 1, "sgc::mpi_serve", "rank", rank, "workers are ranks 1 .. n");
    sgc::worker<Scheme, G> self(scheme, static_cast<std::size_t>(rank - 1), batch, std::move(zero));
    job_inputs<Input> inputs;
    const auto input = [&](std::size_t job) -> const Input* {
        if constexpr (std::is_same_v<Input, no_input>) {
            static const no_input none{};
            return &none;
        } else {
            return inputs.find(job).get();
        }
    };
    std::vector<std::pair<double, std::vector<unsigned char>>> replies; // due time, message
    for (bool stop = false; !stop;) {
        double next_due = 1e300;
        for (const auto& reply : replies) next_due = std::min(next_due, reply.first);
        MPI_Status status;
        std::optional<std::pair<std::size_t, std::vector<task>>> newest;
        // Everything waiting now; the inputs of skipped rounds are kept.
        for (double until = next_due; detail::mpi_wait_message(comm, 0, MPI_ANY_TAG, until, status); until = 0.0) {
            const auto bytes = detail::mpi_receive_bytes(comm, status);
            if (status.MPI_TAG == detail::tag_stop) {
                stop = true;
                break;
            }
            detail::wire_reader r(bytes.data(), bytes.size());
            newest = detail::read_work(r, inputs);
        }
        if (newest && !stop) {
            const result_message<G> result = self.run(newest->first, newest->second, input, partial);
            if (!result.slots.empty()) {
                detail::wire_writer w;
                w.word(result.round);
                w.word(result.slots.size());
                for (const auto& s : result.slots) {
                    w.word(s.slot);
                    detail::write_payload(w, s.gradient);
                }
                const double delay = reply_delay ? reply_delay(result.round) : 0.0;
                replies.emplace_back(MPI_Wtime() + delay, std::move(w.bytes()));
            }
        }
        const double now = MPI_Wtime();
        for (auto it = replies.begin(); it != replies.end();) {
            if (stop || it->first > now) {
                ++it;
                continue;
            }
            detail::mpi_check(MPI_Send(it->second.data(), static_cast<int>(it->second.size()),
                                       MPI_BYTE, 0, detail::tag_result, comm),
                              "MPI_Send");
            it = replies.erase(it);
        }
    }
    detail::mpi_check(MPI_Send(nullptr, 0, MPI_BYTE, 0, detail::tag_bye, comm), "MPI_Send");
}

} // namespace sgc

#endif
