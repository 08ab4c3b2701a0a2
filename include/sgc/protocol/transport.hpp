#ifndef SGC_PROTOCOL_TRANSPORT_HPP
#define SGC_PROTOCOL_TRANSPORT_HPP

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

#include "messages.hpp"

namespace sgc {

/// The transport policy: how sgc::master reaches its workers. A transport is any class with
/// @code
/// using gradient_type = G;    // the payload of results (a type with sgc::gradient_traits)
/// using input_type = Input;   // what a job's workers need to compute it (e.g. the model)
/// std::size_t n() const;                      // the number of workers, ids 0 .. n-1
/// double now();                               // seconds on the transport's clock, monotone
/// void post(const round_work<Input>& work);   // deliver round work.round's tasks
/// std::optional<result_message<G>> receive(double deadline);
/// @endcode
/// receive returns the next result message that has arrived, waiting for one until now() reaches
/// `deadline` (always finite), and then returns nullopt. Messages may be late (an earlier
/// round's), duplicated or from unknown workers: the master sorts them out. A transport never
/// blocks longer than the deadline, so a worker that is gone for good cannot hang the master.
/// Ships: sgc::in_process_transport (threads; transport/in_process.hpp) and sgc::mpi_transport
/// (transport/mpi.hpp, when the program links MPI). A transport of your own needs only this
/// folder: the messages, sgc::worker (protocol/worker.hpp) to compute a worker's results, and
/// sgc::job_inputs (protocol/job_inputs.hpp) to keep the inputs of the jobs in flight.
template <class T, class = void> struct is_transport : std::false_type {};

/// The classes that meet the transport policy.
template <class T>
struct is_transport<
    T, std::void_t<typename T::gradient_type, typename T::input_type,
                   decltype(std::declval<const T&>().n()), decltype(std::declval<T&>().now()),
                   decltype(std::declval<T&>().post(
                       std::declval<const round_work<typename T::input_type>&>())),
                   decltype(std::declval<T&>().receive(0.0))>>
    : std::bool_constant<
          std::is_convertible_v<decltype(std::declval<T&>().receive(0.0)),
                                std::optional<result_message<typename T::gradient_type>>> &&
          std::is_convertible_v<decltype(std::declval<T&>().now()), double>> {};

template <class T> inline constexpr bool is_transport_v = is_transport<T>::value;

} // namespace sgc

#endif
