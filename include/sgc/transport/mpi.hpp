#ifndef SGC_TRANSPORT_MPI_HPP
#define SGC_TRANSPORT_MPI_HPP

// The MPI transport. Optional: include it only in programs that link MPI (find_package(MPI),
// target MPI::MPI_CXX); the rest of sgc does not need it.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
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

/// How an MPI run may end on this rank; sgc::mpi_finish acts on it.
///
/// Open MPI 4.1 begins MPI_Finalize with a barrier over every rank of MPI_COMM_WORLD (a PMIx
/// fence). After a rank has died (run with `mpirun --enable-recovery`), that barrier waits for
/// it, and whether the runtime ever releases it is a race: a 10-line program with one SIGKILLed
/// rank hangs in MPI_Finalize in about half its runs under CPU load. So a run in which a rank
/// failed must end without MPI_Finalize, and every surviving rank must know it: the master's
/// shutdown learns who is alive (their goodbyes) and tells each of them the verdict. Weighed and
/// left: MPI_Abort (under --enable-recovery it neither ends the job nor sets mpirun's status),
/// `--mca async_mpi_finalize 1` (drops the barrier from every run, healthy ones included),
/// cancelling requests (the hang needs none; Open MPI cannot cancel sends), ULFM (not in Open
/// MPI 4.1). The reasons are spelled out in docs/guide/06-transports.md.
enum class mpi_ending {
    clean, ///< every worker confirmed the end: MPI_Finalize is safe
    failed ///< a rank died or did not answer in time: leave without MPI_Finalize
};

/// The master's side of the MPI transport. Rank 0 of the communicator is the master, ranks
/// 1 .. n the workers (worker i is rank i + 1); the workers run sgc::mpi_serve.
///
/// Every message carries its round, so a late result is recognised as such. Waiting never
/// blocks: the master probes until the round's deadline, so a worker process that died (run
/// mpirun with --enable-recovery so that the job outlives it) is a permanent straggler.
///
/// Data path: a result is a small header (round, slots, lengths) followed by one message per
/// slot, received straight into the gradient it then lives in (a G constructed with the length
/// d, its gradient_traits<G>::data()); a worker sends from its gradients' memory and the master
/// sends a job's input from the Input it was given. Nothing is serialised or copied on the way.
/// Every receive is sized from a matched probe (MPI_Improbe), never from what a header claims.
///
/// Results that cannot be used are dropped and reach the master as a result_message with no
/// slots (sgc::master counts it as malformed, or as late or unknown by its round): a header
/// that is cut short, names more slots than the scheme has or a length other than d, a payload
/// of the wrong length or without a header, a message with a tag the transport does not use.
/// The communicator belongs to the transport: do not send other messages on it (give it
/// MPI_Comm_dup(MPI_COMM_WORLD) if the program also uses MPI for itself).
///
/// G and Input (unless no_input) must be contiguous gradients (sgc::gradient_traits with
/// data()) of float, double or long double, constructible from a length, such as
/// std::vector<float>, std::vector<double> or a type of your own; lengths up to INT_MAX.
template <class G, class Input = no_input> class mpi_transport {
public:
    /// The payload of results: the gradient type G.
    using gradient_type = G;
    /// What a job's workers need to compute it (no_input: nothing).
    using input_type = Input;

    /// Collective-free: only rank 0 constructs it. `zero` fixes the results' length d.
    /// Sets MPI_ERRORS_RETURN on `comm`, so that a dead worker does not abort the master.
    /// @throws sgc::invalid_parameter if this is not rank 0, the communicator has fewer than 2
    ///         ranks, or d > INT_MAX.
    /// @param comm the communicator: rank 0 the master, ranks 1 .. n the workers
    /// @param zero a gradient of the results' length d
    /// @throws transport_error if MPI_Comm_size or MPI_Comm_rank fails
    mpi_transport(MPI_Comm comm, G zero);
    /// Calls shutdown() if it was not called.
    ~mpi_transport();
    mpi_transport(const mpi_transport&) = delete;
    mpi_transport& operator=(const mpi_transport&) = delete;

    /// The number of workers: the communicator's size minus 1.
    [[nodiscard]] std::size_t n() const noexcept { return n_; }
    /// Seconds since construction (MPI_Wtime).
    [[nodiscard]] double now() const { return MPI_Wtime() - epoch_; }
    /// Sends round work.round's tasks to every busy worker and the input of a job that starts
    /// to every worker; the input is sent from *work.input, kept alive until its sends complete.
    /// @throws sgc::invalid_parameter if work.assignment is null or has another n, or the
    ///         input's size exceeds INT_MAX.
    /// @param work the round's tasks and the input of the job that starts
    void post(const round_work<Input>& work);
    /// The next result that has arrived, or std::nullopt once now() reaches `deadline` (seconds
    /// on now()'s clock). A result whose payloads are still arriving is kept for a later call.
    /// @throws sgc::transport_error if an MPI call fails or a message exceeds 2 GiB.
    /// @param deadline seconds on now()'s clock
    /// @return the result, one with no slots for a malformed message, or nullopt at the deadline
    [[nodiscard]] std::optional<result_message<G>> receive(double deadline);
    /// Ends the run: tells every worker to stop, drains the results still in flight, waits up
    /// to `grace` seconds for every worker's goodbye, then tells each worker that said goodbye
    /// how the run ends (waiting up to `grace` seconds more for them to hear it). Returns
    /// mpi_ending::clean only if all n workers said goodbye and heard the verdict; pass it to
    /// sgc::mpi_finish. Later calls return the same. Called by the destructor if not before.
    /// @param grace seconds to wait for the workers' goodbyes, and again for the verdict to reach
    ///        them
    /// @return how the run ends on this rank
    mpi_ending shutdown(double grace = 5.0);
    /// Gives back a gradient the caller no longer needs: a later result is received into it
    /// instead of into a newly constructed G (for std::vector, d zeros written before the
    /// payload overwrites them, about a third of the cost of taking in a result). One of
    /// another length is dropped; at most 2n + 2 are kept.
    /// @param gradient a gradient of length d the caller is done with
    void recycle(G&& gradient);

private:
    using value_type = typename gradient_traits<G>::value_type;
    struct outgoing { // a send in flight and what its buffer lives in
        MPI_Request request = MPI_REQUEST_NULL;
        std::vector<std::uint64_t> header;
        std::shared_ptr<const Input> input;
    };
    struct incoming { // a result whose header arrived
        result_message<G> message;
        std::vector<std::size_t> slots; // as the header lists them
        std::size_t posted = 0;         // payloads matched so far
        std::vector<MPI_Request> requests;
        bool bad = false;
    };

    void send(int rank, int tag, const void* data, int count, MPI_Datatype type, outgoing o);
    void reap(); // frees the sends that completed
    std::optional<result_message<G>> take_arrived();
    std::optional<result_message<G>> take(MPI_Message& message, const MPI_Status& status);
    std::optional<result_message<G>> take_header(MPI_Message& message, const MPI_Status& status);
    std::optional<result_message<G>> take_payload(MPI_Message& message, const MPI_Status& status);
    void close_expecting(std::size_t rank);
    G fresh(); // a recycled gradient of length d, or a new one
    result_message<G> dropped(std::size_t rank, std::size_t round) const;
    bool tell_verdict(const worker_set& heard, bool clean, double until);

    MPI_Comm comm_;
    std::size_t n_ = 0;
    std::size_t d_;
    double epoch_;
    std::size_t round_ = 0;     // the last round posted
    std::size_t max_slots_ = 0; // the most slots a posted round had
    std::optional<mpi_ending> ending_;
    std::list<outgoing> sends_;
    std::list<incoming> arrivals_;
    std::vector<incoming*> expecting_; // per rank: the result still waiting for payloads
    std::vector<G> spares_;            // recycled gradients of length d
    worker_set goodbyes_;
    std::vector<std::uint64_t> header_;
    std::vector<unsigned char> scratch_; // where dropped messages are received
};

/// The worker side: serves rounds from the master at rank 0 until it is told to stop, then
/// takes part in the end (sgc::mpi_transport::shutdown) and returns how the run ends; pass it
/// to sgc::mpi_finish. Each round's tasks are computed with sgc::worker and `partial`
/// (protocol/worker.hpp); the results go back reply_delay(round) seconds later (injected
/// straggling; none if empty), sent from the gradients' memory while the worker goes on with
/// newer rounds, as a cluster's independent invocations would. When several rounds' work is
/// waiting, only the newest is computed: the master has closed the older rounds, so their
/// results could only arrive late. Sets MPI_ERRORS_RETURN on `comm`.
/// @throws sgc::invalid_parameter if this is rank 0; sgc::transport_error if an MPI call fails or
///         a job's input arrives with the wrong length; what sgc::worker and `partial` throw.
template <class Scheme, class G, class Partial, class Input = no_input>
/// @param comm the communicator: this rank is worker rank - 1
/// @param scheme the scheme, the same as the master's
/// @param batch the samples of a job's batch
/// @param partial the user's partial gradient (see sgc::worker)
/// @param zero a gradient of the results' length d
/// @param reply_delay injected straggling: seconds to hold round r's result; empty: none
/// @return how the run ends on this rank
mpi_ending mpi_serve(MPI_Comm comm, const Scheme& scheme, std::size_t batch, Partial partial, G zero,
                     const std::function<double(std::size_t round)>& reply_delay = {});

/// Ends this rank's MPI and returns `status`, for `return sgc::mpi_finish(ending, status);` at
/// the end of main. Flushes stdio first. mpi_ending::clean: calls MPI_Finalize, under a
/// watchdog that ends the process with `status` (std::_Exit) if MPI_Finalize has not returned
/// after `finalize_timeout` seconds (a rank that died after confirming the end).
/// mpi_ending::failed: ends the process at once with std::_Exit(status), without MPI_Finalize
/// (which may wait for ever for the dead rank) and without running destructors or atexit
/// handlers, so call it last, with every file closed. Under `mpirun --enable-recovery`, Open
/// MPI 4.1's mpirun exits with 0 whatever its ranks return: read rank 0's verdict from its
/// output or a file it writes (docs/guide/06-transports.md).
/// @param ending what sgc::mpi_transport::shutdown (rank 0) or sgc::mpi_serve returned
/// @param status the process's exit status
/// @param finalize_timeout seconds MPI_Finalize may take before the watchdog ends the process
/// @return status (after MPI_Finalize returned, clean ending only)
inline int mpi_finish(mpi_ending ending, int status, double finalize_timeout = 10.0);

// ---------------------------------------------------------------------------------------------
// implementation

namespace detail {

enum mpi_tag : int {
    tag_work = 7101,    // master -> worker: a round's tasks (header)
    tag_stop = 7102,    // master -> worker: stop serving; carries the grace in microseconds
    tag_result = 7103,  // worker -> master: a result's header
    tag_bye = 7104,     // worker -> master: stopped
    tag_payload = 7105, // worker -> master: one slot's gradient
    tag_input = 7106,   // master -> worker: a job's input
    tag_end = 7107      // master -> worker: how the run ends (1 clean, 0 failed)
};

// A result header's first word: the format and the size of the gradients' scalars, so that a
// worker built with another scalar type is told apart.
template <class T> inline constexpr std::uint64_t result_format = 0x5347430100000000ull | sizeof(T);
// A work header's input length when no input comes with it.
inline constexpr std::uint64_t no_input_length = ~std::uint64_t{0};

template <class T>
inline constexpr bool wire_payload_v =
    is_contiguous_gradient_v<T> && std::is_constructible_v<T, std::size_t>;

[[noreturn]] SGC_NOINLINE SGC_COLD inline void mpi_failed(int rc, const char* what) {
    SGC_THROW(transport_error(std::string("sgc MPI transport: ") + what + " failed (MPI error code " +
                              std::to_string(rc) + ")"));
}

template <class T> MPI_Datatype mpi_datatype() noexcept {
    if constexpr (std::is_same_v<T, float>) return MPI_FLOAT;
    else if constexpr (std::is_same_v<T, double>) return MPI_DOUBLE;
    else return MPI_LONG_DOUBLE; // gradient_traits admits floating-point scalars only
}

inline void mpi_check(int rc, const char* what) {
    if (SGC_UNLIKELY(rc != MPI_SUCCESS)) mpi_failed(rc, what);
}

// Waits politely between polls: yields while something is moving (or just moved), sleeps once
// idle for a millisecond. Open MPI's blocking calls spin a core, which a machine shared by
// n + 1 processes cannot afford.
class mpi_backoff {
public:
    void moved() noexcept { last_ = MPI_Wtime(); }
    void pause(bool busy) {
        if (busy || MPI_Wtime() - last_ < 1e-3) std::this_thread::yield();
        else std::this_thread::sleep_for(std::chrono::microseconds(100));
    }

private:
    double last_ = MPI_Wtime();
};

// Until a message from `source` with `tag` (either may be MPI_ANY_*) has arrived, or MPI_Wtime
// reaches `deadline`; the message is matched (MPI_Improbe), for MPI_Mrecv.
inline bool mpi_wait_message(MPI_Comm comm, int source, int tag, double deadline, MPI_Message& message,
                             MPI_Status& status, bool busy = false) {
    for (mpi_backoff wait;;) {
        int flag = 0;
        mpi_check(MPI_Improbe(source, tag, comm, &flag, &message, &status), "MPI_Improbe");
        if (flag) return true;
        if (MPI_Wtime() >= deadline) return false;
        wait.pause(busy);
    }
}

// Receives a matched message into `scratch`, at its exact size, and forgets it. (A receive
// smaller than the message must never be posted: Open MPI 4.1's shared-memory transport then
// writes the whole message past the buffer's end.)
inline void mpi_drop(MPI_Message& message, const MPI_Status& status, std::vector<unsigned char>& scratch) {
    int bytes = 0;
    mpi_check(MPI_Get_count(&status, MPI_BYTE, &bytes), "MPI_Get_count");
    if (bytes == MPI_UNDEFINED) SGC_THROW(transport_error("sgc MPI transport: a message of more than 2 GiB"));
    scratch.resize(static_cast<std::size_t>(bytes));
    mpi_check(MPI_Mrecv(scratch.data(), bytes, MPI_BYTE, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
}

// The count of `type` elements of a probed message; -1 if it is not a whole number of them.
inline int mpi_count(const MPI_Status& status, MPI_Datatype type) {
    int count = 0;
    mpi_check(MPI_Get_count(&status, type, &count), "MPI_Get_count");
    return count == MPI_UNDEFINED ? -1 : count;
}

// Receives a matched header of 64-bit words at its exact size; false (and the message
// dropped) if it is not a whole number of words.
inline bool mpi_receive_header(MPI_Message& message, const MPI_Status& status, std::vector<std::uint64_t>& words,
                               std::vector<unsigned char>& scratch) {
    const int count = mpi_count(status, MPI_UINT64_T);
    if (count < 0) {
        mpi_drop(message, status, scratch);
        return false;
    }
    words.resize(static_cast<std::size_t>(count));
    mpi_check(MPI_Mrecv(words.data(), count, MPI_UINT64_T, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
    return true;
}

// Lets requests whose buffers are about to go out of scope finish in memory that is never
// freed: the run is ending, and MPI may still touch them.
template <class T> void mpi_abandon(std::list<T>&& pending) {
    if (!pending.empty()) new std::list<T>(std::move(pending)); // deliberately leaked
}

} // namespace detail

template <class G, class Input>
mpi_transport<G, Input>::mpi_transport(MPI_Comm comm, G zero)
    : comm_(comm), d_(gradient_traits<G>::size(zero)), epoch_(MPI_Wtime()), goodbyes_(0) {
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
    detail::require(d_ <= static_cast<std::size_t>(INT_MAX), "sgc::mpi_transport", "zero.size()", d_,
                    "must be <= INT_MAX (an MPI count)");
    n_ = static_cast<std::size_t>(size - 1);
    expecting_.assign(n_ + 1, nullptr);
    goodbyes_ = worker_set(n_);
    // A dead worker must not abort the master.
    MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
}

template <class G, class Input> mpi_transport<G, Input>::~mpi_transport() {
    SGC_TRY {
        shutdown();
    } SGC_CATCH(...) {
    }
    // Sends to dead workers and results cut short never complete (Open MPI cannot cancel a
    // send): their buffers must outlive this object.
    for (auto& s : sends_) MPI_Request_free(&s.request);
    for (auto& a : arrivals_)
        for (auto& r : a.requests)
            if (r != MPI_REQUEST_NULL) MPI_Request_free(&r);
    detail::mpi_abandon(std::move(sends_));
    detail::mpi_abandon(std::move(arrivals_));
}

template <class G, class Input>
void mpi_transport<G, Input>::send(int rank, int tag, const void* data, int count, MPI_Datatype type,
                                   outgoing o) {
    sends_.push_back(std::move(o));
    auto& s = sends_.back();
    if (MPI_Isend(data, count, type, rank, tag, comm_, &s.request) != MPI_SUCCESS)
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
    std::size_t input_length = detail::no_input_length;
    if constexpr (!std::is_same_v<Input, no_input>) {
        if (work.input) {
            input_length = gradient_traits<Input>::size(*work.input);
            detail::require(input_length <= static_cast<std::size_t>(INT_MAX), "sgc::mpi_transport::post",
                            "input size", input_length, "must be <= INT_MAX (an MPI count)");
        }
    }
    reap();
    round_ = work.round;
    max_slots_ = std::max(max_slots_, a.slots());
    worker_set busy(n_);
    a.busy_workers(busy);
    for (std::size_t i = 0; i < n_; ++i) {
        // Every worker hears of a new job's input, busy this round or not.
        if (!busy.contains(i) && input_length == detail::no_input_length) continue;
        const int rank = static_cast<int>(i + 1);
        detail::header_writer w;
        w.word(work.round);
        w.word(work.first_job);
        w.word(a.slots());
        for (std::size_t slot = 0; slot < a.slots(); ++slot) {
            const task& t = a(i, slot);
            w.word(static_cast<std::uint64_t>(t.kind));
            w.word(t.job);
            w.word(t.index);
        }
        w.word(input_length);
        outgoing header{MPI_REQUEST_NULL, std::move(w.words()), nullptr};
        const std::uint64_t* words = header.header.data(); // moving the vector keeps its buffer
        const auto count = static_cast<int>(header.header.size());
        send(rank, detail::tag_work, words, count, MPI_UINT64_T, std::move(header));
        if constexpr (!std::is_same_v<Input, no_input>) {
            if (input_length == detail::no_input_length) continue;
            using input_value = typename gradient_traits<Input>::value_type;
            send(rank, detail::tag_input, gradient_traits<Input>::data(*work.input),
                 static_cast<int>(input_length), detail::mpi_datatype<input_value>(),
                 outgoing{MPI_REQUEST_NULL, {}, work.input});
        }
    }
}

template <class G, class Input>
std::optional<result_message<G>> mpi_transport<G, Input>::receive(double deadline) {
    for (detail::mpi_backoff wait;;) {
        if (auto done = take_arrived()) return done;
        int flag = 0;
        MPI_Message message = MPI_MESSAGE_NULL;
        MPI_Status status;
        detail::mpi_check(MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &flag, &message, &status),
                          "MPI_Improbe");
        if (flag) {
            wait.moved();
            if (auto m = take(message, status)) return m;
            continue;
        }
        if (now() >= deadline) return std::nullopt;
        wait.pause(!arrivals_.empty());
    }
}

// The oldest result whose payloads have all been received.
template <class G, class Input>
std::optional<result_message<G>> mpi_transport<G, Input>::take_arrived() {
    for (auto it = arrivals_.begin(); it != arrivals_.end(); ++it) {
        if (it->posted < it->slots.size()) continue;
        int done = 0;
        if (MPI_Testall(static_cast<int>(it->requests.size()), it->requests.data(), &done,
                        MPI_STATUSES_IGNORE) != MPI_SUCCESS)
            done = 1, it->bad = true;
        if (!done) continue;
        std::optional<result_message<G>> out;
        if (it->bad) {
            for (auto& s : it->message.slots) recycle(std::move(s.gradient));
            out = dropped(it->message.worker + 1, it->message.round);
        } else {
            out = std::move(it->message);
        }
        arrivals_.erase(it);
        return out;
    }
    return std::nullopt;
}

// One matched message; a result only if it is one that cannot be used.
template <class G, class Input>
std::optional<result_message<G>> mpi_transport<G, Input>::take(MPI_Message& message, const MPI_Status& status) {
    const auto rank = static_cast<std::size_t>(status.MPI_SOURCE);
    if (rank == 0 || rank > n_) { // the master to itself: not ours
        detail::mpi_drop(message, status, scratch_);
        return std::nullopt;
    }
    switch (status.MPI_TAG) {
    case detail::tag_result: return take_header(message, status);
    case detail::tag_payload: return take_payload(message, status);
    case detail::tag_bye:
        detail::mpi_drop(message, status, scratch_);
        goodbyes_.insert(rank - 1);
        return std::nullopt;
    default:
        detail::mpi_drop(message, status, scratch_);
        return dropped(rank, round_);
    }
}

template <class G, class Input>
std::optional<result_message<G>> mpi_transport<G, Input>::take_header(MPI_Message& message,
                                                                       const MPI_Status& status) {
    const auto rank = static_cast<std::size_t>(status.MPI_SOURCE);
    close_expecting(rank); // a header before all of the previous one's payloads: that one is cut short
    const int count = detail::mpi_count(status, MPI_UINT64_T);
    if (count < 0 || static_cast<std::size_t>(count) > 3 + 2 * max_slots_) {
        detail::mpi_drop(message, status, scratch_);
        return dropped(rank, round_);
    }
    detail::mpi_receive_header(message, status, header_, scratch_);
    detail::header_reader r(header_.data(), header_.size());
    const bool format = r.word() == detail::result_format<value_type>;
    const auto round = static_cast<std::size_t>(r.word());
    const auto slots = static_cast<std::size_t>(r.word());
    if (!format || slots > max_slots_ || r.left() != 2 * slots) return dropped(rank, round_);
    incoming in;
    in.message.worker = rank - 1;
    in.message.round = round;
    in.message.slots.reserve(slots); // no reallocation: the payloads are received in place
    in.requests.reserve(slots);
    for (std::size_t k = 0; k < slots; ++k) {
        in.slots.push_back(static_cast<std::size_t>(r.word()));
        in.bad |= r.word() != d_; // its payloads are still taken, then dropped as one
    }
    arrivals_.push_back(std::move(in));
    if (slots > 0) expecting_[rank] = &arrivals_.back();
    return std::nullopt;
}

template <class G, class Input>
std::optional<result_message<G>> mpi_transport<G, Input>::take_payload(MPI_Message& message,
                                                                        const MPI_Status& status) {
    const auto rank = static_cast<std::size_t>(status.MPI_SOURCE);
    incoming* in = expecting_[rank];
    const int count = detail::mpi_count(status, detail::mpi_datatype<value_type>());
    if (in == nullptr || in->bad || count < 0 || static_cast<std::size_t>(count) != d_) {
        detail::mpi_drop(message, status, scratch_);
        if (in == nullptr) return dropped(rank, round_); // no header announced it
        in->bad = true;
    } else {
        in->message.slots.push_back({in->slots[in->posted], fresh()});
        MPI_Request request = MPI_REQUEST_NULL;
        detail::mpi_check(MPI_Imrecv(gradient_traits<G>::data(in->message.slots.back().gradient),
                                     count, detail::mpi_datatype<value_type>(), &message, &request),
                          "MPI_Imrecv");
        in->requests.push_back(request);
    }
    if (++in->posted == in->slots.size()) expecting_[rank] = nullptr;
    return std::nullopt;
}

template <class G, class Input> void mpi_transport<G, Input>::recycle(G&& gradient) {
    if (gradient_traits<G>::size(gradient) == d_ && spares_.size() < 2 * n_ + 2)
        spares_.push_back(std::move(gradient));
}

template <class G, class Input> G mpi_transport<G, Input>::fresh() {
    if (spares_.empty()) return G(d_);
    G g = std::move(spares_.back());
    spares_.pop_back();
    return g;
}

template <class G, class Input> void mpi_transport<G, Input>::close_expecting(std::size_t rank) {
    if (incoming* in = expecting_[rank]) {
        in->bad = true;
        in->posted = in->slots.size();
        expecting_[rank] = nullptr;
    }
}

// What the master receives for a message that cannot be used: no slots, so it is never
// mixed into a gradient, and sgc::master counts it (malformed, or late or unknown by round).
template <class G, class Input>
result_message<G> mpi_transport<G, Input>::dropped(std::size_t rank, std::size_t round) const {
    result_message<G> m;
    m.worker = rank - 1;
    m.round = round;
    return m;
}

template <class G, class Input> mpi_ending mpi_transport<G, Input>::shutdown(double grace) {
    if (ending_) return *ending_;
    ending_ = mpi_ending::failed; // until proven clean
    const auto grace_us = static_cast<std::uint64_t>(std::max(grace, 0.0) * 1e6);
    for (std::size_t i = 0; i < n_; ++i) {
        outgoing stop{MPI_REQUEST_NULL, {grace_us}, nullptr};
        const std::uint64_t* word = stop.header.data(); // moving the vector keeps its buffer
        send(static_cast<int>(i + 1), detail::tag_stop, word, 1, MPI_UINT64_T, std::move(stop));
    }
    // Drain the results in flight (so that the workers' sends complete) until every worker
    // said goodbye, or the grace period is over: dead workers never say it.
    const double until = now() + grace;
    while ((goodbyes_.count() < n_ || !arrivals_.empty()) && now() < until) (void)receive(std::min(until, now() + 0.01)); // drained, not used
    const bool clean = goodbyes_.count() == n_ && arrivals_.empty();
    if (tell_verdict(goodbyes_, clean, now() + grace) && clean) ending_ = mpi_ending::clean;
    return *ending_;
}

// Tells each worker that said goodbye how the run ends, synchronously (it has heard when the
// send completes); true if all heard it by `until`. The master's own sends are waited for too,
// so that a clean end leaves nothing in flight.
template <class G, class Input>
bool mpi_transport<G, Input>::tell_verdict(const worker_set& heard, bool clean, double until) {
    static const std::uint64_t verdicts[2] = {0, 1}; // outlives any send that is never received
    std::vector<MPI_Request> told(heard.count(), MPI_REQUEST_NULL);
    std::size_t k = 0;
    for (std::size_t i : heard.ids())
        if (MPI_Issend(&verdicts[clean ? 1 : 0], 1, MPI_UINT64_T, static_cast<int>(i + 1), detail::tag_end,
                       comm_, &told[k++]) != MPI_SUCCESS)
            return false;
    for (detail::mpi_backoff wait;;) {
        int done = 0;
        if (MPI_Testall(static_cast<int>(told.size()), told.data(), &done, MPI_STATUSES_IGNORE) != MPI_SUCCESS)
            return false;
        reap();
        if (done && (!clean || sends_.empty())) return true;
        if (now() >= until) {
            for (auto& r : told)
                if (r != MPI_REQUEST_NULL) MPI_Request_free(&r);
            return false;
        }
        wait.pause(true);
    }
}

namespace detail {

// A worker's results on their way to the master, with the buffers the sends read from.
template <class G> struct mpi_outgoing_result {
    result_message<G> message;
    std::vector<std::uint64_t> header;
    std::vector<MPI_Request> requests;
};

// Sends a result: its header, then each slot's gradient from its own memory.
template <class G>
void mpi_send_result(MPI_Comm comm, result_message<G> message, std::list<mpi_outgoing_result<G>>& outbox) {
    using traits = gradient_traits<G>;
    outbox.push_back({std::move(message), {}, {}});
    auto& out = outbox.back();
    header_writer w;
    w.word(result_format<typename traits::value_type>);
    w.word(out.message.round);
    w.word(out.message.slots.size());
    for (const auto& s : out.message.slots) {
        w.word(s.slot);
        w.word(traits::size(s.gradient));
    }
    out.header = std::move(w.words());
    out.requests.resize(1 + out.message.slots.size(), MPI_REQUEST_NULL);
    mpi_check(MPI_Isend(out.header.data(), static_cast<int>(out.header.size()), MPI_UINT64_T, 0,
                        tag_result, comm, &out.requests[0]),
              "MPI_Isend");
    for (std::size_t k = 0; k < out.message.slots.size(); ++k) {
        const G& g = out.message.slots[k].gradient;
        mpi_check(MPI_Isend(traits::data(g), static_cast<int>(traits::size(g)),
                            mpi_datatype<typename traits::value_type>(), 0, tag_payload, comm,
                            &out.requests[k + 1]),
                  "MPI_Isend");
    }
}

// Forgets the results whose sends completed; true if none is left.
template <class G> bool mpi_reap(std::list<mpi_outgoing_result<G>>& outbox) {
    for (auto it = outbox.begin(); it != outbox.end();) {
        int done = 0;
        mpi_check(MPI_Testall(static_cast<int>(it->requests.size()), it->requests.data(), &done,
                              MPI_STATUSES_IGNORE),
                  "MPI_Testall");
        it = done ? outbox.erase(it) : std::next(it);
    }
    return outbox.empty();
}

// A worker's part of the end, once it received the stop (which carried the master's grace):
// say goodbye, then wait for the master's verdict. Clean only if the master says so and the
// worker's own sends completed; no verdict in time (the master is gone) is a failed end.
template <class G>
mpi_ending mpi_worker_end(MPI_Comm comm, double grace, std::list<mpi_outgoing_result<G>>& outbox) {
    mpi_check(MPI_Send(nullptr, 0, MPI_BYTE, 0, tag_bye, comm), "MPI_Send");
    // The master waits up to `grace` for goodbyes, then up to `grace` for the verdict to land.
    const double until = MPI_Wtime() + 2 * grace + 1.0;
    MPI_Message message = MPI_MESSAGE_NULL;
    MPI_Status status;
    std::vector<std::uint64_t> words;
    std::vector<unsigned char> scratch;
    bool clean = false;
    while (mpi_wait_message(comm, 0, MPI_ANY_TAG, until, message, status, !outbox.empty())) {
        if (status.MPI_TAG != tag_end) { // nothing else is due now: drop it
            mpi_drop(message, status, scratch);
            continue;
        }
        clean = mpi_receive_header(message, status, words, scratch) && words.size() == 1 && words[0] == 1;
        break;
    }
    if (!clean) {
        mpi_abandon(std::move(outbox));
        return mpi_ending::failed;
    }
    for (mpi_backoff wait; !mpi_reap(outbox); wait.pause(true))
        if (MPI_Wtime() >= until) {
            mpi_abandon(std::move(outbox));
            return mpi_ending::failed;
        }
    return mpi_ending::clean;
}

// Reads one matched work message (header, then the job's input if one comes with it): the
// round and its tasks; nullopt for a header that does not parse (dropped).
template <class Input>
std::optional<std::pair<std::size_t, std::vector<task>>>
mpi_read_work(MPI_Comm comm, MPI_Message& message, const MPI_Status& status, job_inputs<Input>& inputs,
              std::vector<std::uint64_t>& words, std::vector<unsigned char>& scratch) {
    if (!mpi_receive_header(message, status, words, scratch)) return std::nullopt;
    header_reader r(words.data(), words.size());
    const auto round = static_cast<std::size_t>(r.word());
    const auto first_job = static_cast<std::size_t>(r.word());
    const auto slots = static_cast<std::size_t>(r.word());
    if (r.left() != 3 * slots + 1) return std::nullopt;
    std::vector<task> tasks(slots);
    for (auto& t : tasks) {
        t.kind = static_cast<task_kind>(r.word());
        t.job = static_cast<std::uint32_t>(r.word());
        t.index = static_cast<std::uint32_t>(r.word());
    }
    const std::uint64_t input_length = r.word();
    inputs.drop_before(first_job);
    if constexpr (!std::is_same_v<Input, no_input>) {
        if (input_length != no_input_length) {
            // The master sent it right after the header; received at its exact size.
            using value = typename gradient_traits<Input>::value_type;
            MPI_Message payload = MPI_MESSAGE_NULL;
            MPI_Status probed;
            mpi_check(MPI_Mprobe(0, tag_input, comm, &payload, &probed), "MPI_Mprobe");
            const int count = mpi_count(probed, mpi_datatype<value>());
            if (count < 0 || static_cast<std::uint64_t>(count) != input_length) {
                mpi_drop(payload, probed, scratch);
                SGC_THROW(transport_error("sgc MPI transport: a job's input of the wrong length"));
            }
            auto input = std::make_shared<Input>(static_cast<std::size_t>(count));
            mpi_check(MPI_Mrecv(gradient_traits<Input>::data(*input), count, mpi_datatype<value>(), &payload,
                                MPI_STATUS_IGNORE),
                      "MPI_Mrecv");
            inputs.add(round, std::move(input));
        }
    }
    return std::make_pair(round, std::move(tasks));
}

} // namespace detail

template <class Scheme, class G, class Partial, class Input>
mpi_ending mpi_serve(MPI_Comm comm, const Scheme& scheme, std::size_t batch, Partial partial, G zero,
                     const std::function<double(std::size_t round)>& reply_delay) {
    static_assert(detail::wire_payload_v<G>,
                  "sgc::mpi_serve<Scheme, G, Partial, Input>: G must be a contiguous gradient "
                  "constructible from a length (e.g. std::vector<double>)");
    int rank = 0;
    detail::mpi_check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    detail::require(rank >= 1, "sgc::mpi_serve", "rank", rank, "workers are ranks 1 .. n");
    MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
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
    std::list<std::pair<double, result_message<G>>> replies; // due time, result
    std::list<detail::mpi_outgoing_result<G>> outbox;        // sent, not yet received
    std::vector<std::uint64_t> words;
    std::vector<unsigned char> scratch;
    for (;;) {
        double next_due = MPI_Wtime() + 3600.0;
        for (const auto& reply : replies) next_due = std::min(next_due, reply.first);
        MPI_Message message = MPI_MESSAGE_NULL;
        MPI_Status status;
        std::optional<std::pair<std::size_t, std::vector<task>>> newest;
        // Everything waiting now; the inputs of skipped rounds are kept.
        for (double until = next_due;
             detail::mpi_wait_message(comm, 0, MPI_ANY_TAG, until, message, status, !outbox.empty());
             until = 0.0) {
            if (status.MPI_TAG == detail::tag_stop) { // replies not yet due are dropped
                const bool ok = detail::mpi_receive_header(message, status, words, scratch) && words.size() == 1;
                return detail::mpi_worker_end(comm, ok ? static_cast<double>(words[0]) * 1e-6 : 5.0, outbox);
            }
            if (status.MPI_TAG != detail::tag_work) { // not ours to read: drop it
                detail::mpi_drop(message, status, scratch);
                continue;
            }
            if (auto work = detail::mpi_read_work(comm, message, status, inputs, words, scratch))
                newest = std::move(work);
        }
        if (newest) {
            result_message<G> result = self.run(newest->first, newest->second, input, partial);
            if (!result.slots.empty()) {
                const double delay = reply_delay ? reply_delay(result.round) : 0.0;
                replies.emplace_back(MPI_Wtime() + delay, std::move(result));
            }
        }
        const double now = MPI_Wtime();
        for (auto it = replies.begin(); it != replies.end();) {
            if (it->first > now) {
                ++it;
                continue;
            }
            detail::mpi_send_result(comm, std::move(it->second), outbox);
            it = replies.erase(it);
        }
        detail::mpi_reap(outbox);
    }
}

inline int mpi_finish(mpi_ending ending, int status, double finalize_timeout) {
    std::fflush(nullptr);
    if (ending != mpi_ending::clean) std::_Exit(status);
    std::mutex mutex;
    std::condition_variable finalized;
    bool done = false;
    std::thread watchdog([&] {
        std::unique_lock<std::mutex> lock(mutex);
        if (!finalized.wait_for(lock, std::chrono::duration<double>(finalize_timeout), [&] { return done; }))
            std::_Exit(status);
    });
    MPI_Finalize();
    {
        std::lock_guard<std::mutex> lock(mutex);
        done = true;
    }
    finalized.notify_one();
    watchdog.join();
    return status;
}

} // namespace sgc

#endif
