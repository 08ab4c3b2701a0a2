// The error family: every exception sgc throws is an sgc::error and exactly one standard
// exception (its std base), and its message names the parameter or operands and the value.
#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <sgc/core/error.hpp>
#include <sgc/core/rational.hpp>
#include <sgc/core/worker_set.hpp>
#include <sgc/models/pattern_io.hpp>
#include <sgc/runtime/detail/job_buffers.hpp>

namespace {

// The message of the exception `f` throws, caught as Catch (anything else escapes the test).
template <class Catch, class F> std::string caught_as(F& f) {
    try {
        f();
    } catch (const Catch& e) {
        return e.what();
    }
    return {};
}

// Runs `f`, which must throw E; checks that the exception is caught as sgc::error, as its
// std base Std and as std::exception, with the same what(), and returns the message.
template <class E, class Std, class F> std::string caught_in_every_way(F&& f) {
    static_assert(std::is_base_of_v<sgc::error, E> && std::is_base_of_v<Std, E> &&
                  std::is_base_of_v<std::exception, E>);
    const std::string message = caught_as<sgc::error>(f);
    CHECK_FALSE(message.empty());
    CHECK(caught_as<Std>(f) == message);
    CHECK(caught_as<std::exception>(f) == message);
    CHECK(caught_as<E>(f) == message);
    return message;
}

} // namespace

TEST_CASE("errors: invalid_parameter is an sgc::error and a std::invalid_argument") {
    const std::string message = caught_in_every_way<sgc::invalid_parameter, std::invalid_argument>(
        [] { sgc::worker_set(4).insert(9); });
    CHECK(message == "sgc::worker_set: worker = 9: unknown worker: ids must be < n = 4");
    try {
        sgc::worker_set(4).insert(9);
    } catch (const sgc::invalid_parameter& e) {
        CHECK(e.parameter() == "worker");
        CHECK(e.value() == "9");
        CHECK(e.rule() == "unknown worker: ids must be < n = 4");
    }
}

TEST_CASE("errors: parse_error is an sgc::error and a std::runtime_error") {
    const std::string message = caught_in_every_way<sgc::parse_error, std::runtime_error>([] {
        std::istringstream in("0 1\n2 x\n");
        (void)sgc::read_pattern(in, 4, "p.txt");
    });
    CHECK(message.rfind("p.txt:2: ", 0) == 0);
    CHECK(message.find('x') != std::string::npos);
}

TEST_CASE("errors: transport_error is an sgc::error and a std::runtime_error") {
    // Only the MPI transport raises it (tests/mpi_* exercise those paths); here, its family.
    const std::string message = caught_in_every_way<sgc::transport_error, std::runtime_error>(
        [] { throw sgc::transport_error("sgc MPI transport: MPI_Improbe failed (MPI error code 5)"); });
    CHECK(message == "sgc MPI transport: MPI_Improbe failed (MPI error code 5)");
}

TEST_CASE("errors: arithmetic_error is an sgc::error and a std::domain_error") {
    CHECK(caught_in_every_way<sgc::arithmetic_error, std::domain_error>(
              [] { (void)sgc::rational(3, 0); }) == "sgc::rational: denominator = 0 (numerator 3)");
    CHECK(caught_in_every_way<sgc::arithmetic_error, std::domain_error>(
              [] { (void)(sgc::rational(1, 2) / sgc::rational(0)); }) ==
          "sgc::rational: division by zero: 1/2 / 0");
}

TEST_CASE("errors: internal_error is an sgc::error and a std::logic_error") {
    // The master's data path asked to settle a job it never opened: a broken invariant.
    sgc::detail::job_buffers<std::vector<double>> buffers(std::vector<double>(3), {0, 1}, {});
    sgc::decode_recipe recipe;
    recipe.job = 5;
    const std::string message = caught_in_every_way<sgc::internal_error, std::logic_error>(
        [&] { (void)buffers.settle(recipe); });
    CHECK(message == "sgc::master: job 5: data path and bookkeeping disagree: it has no open buffer");
}

TEST_CASE("errors: sgc::error is not itself a standard exception, so no base is ambiguous") {
    static_assert(!std::is_base_of_v<std::exception, sgc::error>);
    static_assert(std::is_abstract_v<sgc::error>);
    // One std::exception subobject each: a catch by std::exception must find it.
    bool caught = false;
    try {
        throw sgc::invalid_parameter("here", "p", "1", "rule");
    } catch (const std::exception&) {
        caught = true;
    }
    CHECK(caught);
}
