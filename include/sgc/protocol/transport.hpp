#ifndef SGC_PROTOCOL_TRANSPORT_HPP
#define SGC_PROTOCOL_TRANSPORT_HPP

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "../gradient/gradient_traits.hpp"
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
/// and, optionally,
/// @code
/// void recycle(G&& gradient);                 // a result's gradient the master is done with
/// @endcode
/// receive returns the next result message that has arrived, waiting for one until now() reaches
/// `deadline` (always finite), and then returns nullopt. Messages may be late (an earlier
/// round's), duplicated or from unknown workers: the master sorts them out. When the transport
/// has recycle, the master gives back every result gradient once it has added it into its job's
/// buffer or found it redundant, so a transport can receive later results into it instead of
/// constructing a new gradient (sgc::mpi_transport does). An exception from recycle is ignored
/// (the gradient is destroyed). A member named recycle that cannot take `G&&` stops the build. A transport never
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

namespace detail {

template <class T> inline constexpr bool always_false_v = false;

template <class T, class = void> struct has_gradient_type : std::false_type {};
template <class T> struct has_gradient_type<T, std::void_t<typename T::gradient_type>> : std::true_type {};
template <class T, class = void> struct has_gradient_member : std::false_type {};
template <class T>
struct has_gradient_member<T, std::enable_if_t<is_gradient_v<typename T::gradient_type>>> : std::true_type {};
template <class T, class = void> struct has_input_type : std::false_type {};
template <class T> struct has_input_type<T, std::void_t<typename T::input_type>> : std::true_type {};
template <class T, class = void> struct has_n : std::false_type {};
template <class T>
struct has_n<T, std::void_t<decltype(std::declval<const T&>().n())>>
    : std::is_convertible<decltype(std::declval<const T&>().n()), std::size_t> {};
template <class T, class = void> struct has_now : std::false_type {};
template <class T>
struct has_now<T, std::void_t<decltype(std::declval<T&>().now())>>
    : std::is_convertible<decltype(std::declval<T&>().now()), double> {};
template <class T, class = void> struct has_post : std::false_type {};
template <class T>
struct has_post<T, std::void_t<decltype(std::declval<T&>().post(
                       std::declval<const round_work<typename T::input_type>&>()))>> : std::true_type {};
// Whether T has a (non-overloaded) member named recycle, whatever it takes.
template <class T, class = void> struct has_recycle_name : std::false_type {};
template <class T> struct has_recycle_name<T, std::void_t<decltype(&T::recycle)>> : std::true_type {};
// Whether T has the optional `void recycle(gradient_type&&)`.
template <class T, class = void> struct has_recycle : std::false_type {};
template <class T>
struct has_recycle<T, std::void_t<decltype(std::declval<T&>().recycle(
                          std::declval<typename T::gradient_type&&>()))>> : std::true_type {};
template <class T, class = void> struct has_receive : std::false_type {};
template <class T>
struct has_receive<T, std::enable_if_t<std::is_convertible_v<decltype(std::declval<T&>().receive(0.0)),
                                                            std::optional<result_message<typename T::gradient_type>>>>>
    : std::true_type {};

// sgc::master's check of its Transport: one static_assert, for the first member that is missing
// or wrong, naming it and the signature it needs. True when T is a transport.
template <class T> constexpr bool check_transport() {
    if constexpr (!has_gradient_type<T>::value) {
        static_assert(always_false_v<T>,
                      "sgc::master<Scheme, Transport>: Transport has no member type gradient_type: "
                      "declare `using gradient_type = G;` (the gradient type of the results)");
        return false;
    } else if constexpr (!is_gradient_v<typename T::gradient_type>) {
        static_assert(always_false_v<T>,
                      "sgc::master<Scheme, Transport>: Transport::gradient_type is not a gradient: "
                      "specialise sgc::gradient_traits<G> with value_type, size(const G&), "
                      "fill_zero(G&) and axpy(value_type a, const G& x, G& y)");
        return false;
    } else if constexpr (!has_input_type<T>::value) {
        static_assert(always_false_v<T>,
                      "sgc::master<Scheme, Transport>: Transport has no member type input_type: "
                      "declare `using input_type = Input;` (sgc::no_input if the workers need none)");
        return false;
    } else if constexpr (!has_n<T>::value) {
        static_assert(always_false_v<T>, "sgc::master<Scheme, Transport>: Transport needs the member "
                                         "`std::size_t n() const` (the number of workers)");
        return false;
    } else if constexpr (!has_now<T>::value) {
        static_assert(always_false_v<T>, "sgc::master<Scheme, Transport>: Transport needs the member "
                                         "`double now()` (seconds on its clock, monotone)");
        return false;
    } else if constexpr (!has_post<T>::value) {
        static_assert(always_false_v<T>, "sgc::master<Scheme, Transport>: Transport needs the member "
                                         "`void post(const sgc::round_work<input_type>& work)`");
        return false;
    } else if constexpr (!has_receive<T>::value) {
        static_assert(always_false_v<T>,
                      "sgc::master<Scheme, Transport>: Transport needs the member "
                      "`std::optional<sgc::result_message<gradient_type>> receive(double deadline)`");
        return false;
    } else if constexpr (has_recycle_name<T>::value && !has_recycle<T>::value) {
        static_assert(always_false_v<T>,
                      "sgc::master<Scheme, Transport>: Transport::recycle must take "
                      "`gradient_type&& gradient` (the master gives each result gradient back "
                      "through it); it is optional: remove it, or take the gradient by rvalue");
        return false;
    } else {
        return true;
    }
}

// True when check_transport<T>() is.
template <class T>
inline constexpr bool is_checked_transport_v =
    has_gradient_member<T>::value && has_input_type<T>::value && has_n<T>::value &&
    has_now<T>::value && has_post<T>::value && has_receive<T>::value &&
    (!has_recycle_name<T>::value || has_recycle<T>::value);

// T's gradient_type and input_type; when T lacks them (or its gradient_type is no gradient),
// placeholders that serve only a build check_transport has already stopped, so that no cascade
// of errors follows its message.
template <class T, class = void> struct transport_gradient { using type = std::vector<double>; };
template <class T>
struct transport_gradient<T, std::enable_if_t<has_gradient_member<T>::value>> {
    using type = typename T::gradient_type;
};
template <class T> using transport_gradient_t = typename transport_gradient<T>::type;
template <class T, class = void> struct transport_input { using type = no_input; };
template <class T> struct transport_input<T, std::void_t<typename T::input_type>> {
    using type = typename T::input_type;
};
template <class T> using transport_input_t = typename transport_input<T>::type;

} // namespace detail

} // namespace sgc

#endif
