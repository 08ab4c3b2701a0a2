// The MPI transport under mpirun (np >= 3): doctest runs on rank 0, the master; every other
// rank is a scripted worker (a "robot") that rank 0 drives over a second communicator: it
// forges messages byte for byte, sends results through the worker's real send path, runs the
// real sgc::mpi_serve, or ignores a stop. The tests: results arrive whole, in place and without
// copies (float, double, a gradient type of our own), into given-back gradients when there are
// some; messages that cannot be used are dropped,
// counted by sgc::master, and never disturb the next result; the end is clean only when every
// worker confirms it; decoded gradients over MPI equal the directly computed sums.
//
//   mpirun -np 3 sgc_mpi_tests --result FILE   (rank 0 writes "status N"; ctest runs it so)
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/transport/mpi.hpp>

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <list>
#include <string>
#include <vector>

namespace {

// A gradient type of our own that counts its copies: the transport must make none.
struct counted {
    static inline std::size_t copies = 0;
    std::vector<float> values;
    counted() = default;
    explicit counted(std::size_t d) : values(d, 0.0f) {}
    counted(const counted& other) : values(other.values) { ++copies; }
    counted(counted&&) noexcept = default;
    counted& operator=(const counted& other) {
        values = other.values;
        ++copies;
        return *this;
    }
    counted& operator=(counted&&) noexcept = default;
};

} // namespace

template <> struct sgc::gradient_traits<counted> {
    using value_type = float;
    static std::size_t size(const counted& g) noexcept { return g.values.size(); }
    static float* data(counted& g) noexcept { return g.values.data(); }
    static const float* data(const counted& g) noexcept { return g.values.data(); }
    static void fill_zero(counted& g) noexcept { std::fill(g.values.begin(), g.values.end(), 0.0f); }
    static void axpy(float a, const counted& x, counted& y) noexcept {
        for (std::size_t i = 0; i < y.values.size(); ++i) y.values[i] += a * x.values[i];
    }
};

namespace {

MPI_Comm control = MPI_COMM_NULL; // rank 0 <-> robots; the transport's communicator is MPI_COMM_WORLD
int world_size = 0;

enum op : std::uint64_t { op_forge = 1, op_send_result, op_serve, op_silent, op_ending, op_quit };
enum kind : std::uint64_t { words_kind, float_ramp, double_ramp, bytes_kind }; // forged payloads
enum gradient_type : std::uint64_t { as_float, as_double, as_counted };
enum scheme_choice : std::uint64_t { gc_2_1, m_sgc_2_1_2_1 };
constexpr int tag_command = 1, tag_report = 2;

std::uint64_t bits(double v) {
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}
double from_bits(std::uint64_t b) {
    double v;
    std::memcpy(&v, &b, sizeof v);
    return v;
}

// ---- rank 0's side of the script ---------------------------------------------------------

void command(int robot, std::vector<std::uint64_t> words) {
    MPI_Send(words.data(), static_cast<int>(words.size()), MPI_UINT64_T, robot, tag_command, control);
}
std::vector<std::uint64_t> report(int robot) {
    MPI_Status status;
    MPI_Probe(robot, tag_report, control, &status);
    int count = 0;
    MPI_Get_count(&status, MPI_UINT64_T, &count);
    std::vector<std::uint64_t> words(static_cast<std::size_t>(count));
    MPI_Recv(words.data(), count, MPI_UINT64_T, robot, tag_report, control, MPI_STATUS_IGNORE);
    return words;
}

// One forged message: its tag, and what it holds.
struct forged {
    int tag;
    kind what;
    std::uint64_t count;
    std::vector<std::uint64_t> words; // words_kind
    double base = 0.0;                // the ramps: element j is base + j
};
void forge(int robot, const std::vector<forged>& messages) {
    std::vector<std::uint64_t> c{op_forge, messages.size()};
    for (const auto& m : messages) {
        c.insert(c.end(), {static_cast<std::uint64_t>(m.tag), m.what, m.count, bits(m.base)});
        c.insert(c.end(), m.words.begin(), m.words.end());
    }
    command(robot, c);
}

template <class T> std::uint64_t format_of() { return sgc::detail::result_format<T>; }

// Asks robot `robot` to send a result of `slots` slots of length d through the worker's send
// path (slot k holds base + 1000 k + j); returns the copies the robot's side made.
std::uint64_t send_result(int robot, gradient_type type, std::size_t round, std::size_t slots, std::size_t d,
                          double base) {
    command(robot, {op_send_result, type, round, slots, d, bits(base)});
    return report(robot).at(0);
}

template <class G> void check_ramp(const G& g, std::size_t d, double base) {
    using traits = sgc::gradient_traits<G>;
    REQUIRE(traits::size(g) == d);
    const auto* p = traits::data(g);
    std::size_t wrong = 0;
    for (std::size_t j = 0; j < d; ++j)
        wrong += p[j] != static_cast<typename traits::value_type>(base + static_cast<double>(j));
    CHECK(wrong == 0);
}

// The transport needs a posted round to know how many slots a result may have.
sgc::round_assignment two_slot_round(std::size_t n) {
    sgc::round_assignment a(n, 2);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t slot = 0; slot < 2; ++slot) a.set(i, slot, sgc::task{sgc::task_kind::gc, 0, 0});
    return a;
}
template <class T> void post_round(T& transport, const sgc::round_assignment& a) {
    transport.post(sgc::round_work<typename T::input_type>{0, &a, 0, nullptr});
}

// ---- the robots ---------------------------------------------------------------------------

double ramp(std::size_t job, std::size_t sample, std::size_t i) {
    return 0.5 * static_cast<double>(job + 1) + 0.25 * static_cast<double>(sample % 7) +
           0.001 * static_cast<double>(i);
}

// The partial gradient of the end-to-end tests: sum over the samples of ramp(job, sample, i),
// scaled by the input's first entry when there is one.
template <class G> struct ramp_partial {
    template <class Input> void operator()(const Input& input, std::size_t job, sgc::sample_range r, G& out) const {
        using traits = sgc::gradient_traits<G>;
        double scale = 1.0;
        if constexpr (!std::is_same_v<Input, sgc::no_input>) scale = static_cast<double>(input[0]);
        auto* p = traits::data(out);
        for (std::size_t i = 0; i < traits::size(out); ++i) {
            double sum = 0.0;
            for (std::size_t s = r.begin; s < r.end; ++s) sum += ramp(job, s, i);
            p[i] = static_cast<typename traits::value_type>(scale * sum);
        }
    }
};

constexpr std::size_t serve_d = 33, serve_batch = 12;

template <class Scheme, class G, class Input> sgc::mpi_ending serve_as(const Scheme& scheme) {
    return sgc::mpi_serve<Scheme, G, ramp_partial<G>, Input>(MPI_COMM_WORLD, scheme, serve_batch,
                                                            ramp_partial<G>{}, G(serve_d));
}
template <class Scheme> sgc::mpi_ending serve(const Scheme& scheme, gradient_type type) {
    if (type == as_float) return serve_as<Scheme, std::vector<float>, std::vector<float>>(scheme);
    if (type == as_double) return serve_as<Scheme, std::vector<double>, sgc::no_input>(scheme);
    return serve_as<Scheme, counted, sgc::no_input>(scheme);
}

// The robot's results in flight, one list per gradient type.
struct outboxes {
    std::list<sgc::detail::mpi_outgoing_result<std::vector<float>>> f;
    std::list<sgc::detail::mpi_outgoing_result<std::vector<double>>> d;
    std::list<sgc::detail::mpi_outgoing_result<counted>> c;
    auto& of(std::vector<float>*) { return f; }
    auto& of(std::vector<double>*) { return d; }
    auto& of(counted*) { return c; }
    bool reap() { return sgc::detail::mpi_reap(f) & sgc::detail::mpi_reap(d) & sgc::detail::mpi_reap(c); }
};

template <class G> std::uint64_t robot_send_result(const std::vector<std::uint64_t>& c, outboxes& out) {
    using traits = sgc::gradient_traits<G>;
    const std::size_t round = c[2], slots = c[3], d = c[4];
    const double base = from_bits(c[5]);
    counted::copies = 0;
    sgc::result_message<G> m;
    m.round = round;
    for (std::size_t k = 0; k < slots; ++k) {
        m.slots.push_back({k, G(d)});
        auto* p = traits::data(m.slots.back().gradient);
        for (std::size_t j = 0; j < d; ++j)
            p[j] = static_cast<typename traits::value_type>(base + 1000.0 * static_cast<double>(k) + static_cast<double>(j));
    }
    sgc::detail::mpi_send_result(MPI_COMM_WORLD, std::move(m), out.of(static_cast<G*>(nullptr)));
    return counted::copies; // the sends complete while the robot goes on
}

void robot() {
    std::list<std::pair<MPI_Request, std::vector<unsigned char>>> forged_sends;
    std::vector<std::uint64_t> words;
    std::vector<unsigned char> scratch;
    outboxes results;
    bool silent = false;
    std::uint64_t last_ending = 99;
    for (sgc::detail::mpi_backoff wait;; wait.pause(!forged_sends.empty())) {
        results.reap();
        for (auto it = forged_sends.begin(); it != forged_sends.end();) {
            int done = 0;
            MPI_Test(&it->first, &done, MPI_STATUS_IGNORE);
            it = done ? forged_sends.erase(it) : std::next(it);
        }
        // The transport's own messages: a stop is answered (or ignored once); the rest dropped.
        int flag = 0;
        MPI_Message message;
        MPI_Status status;
        MPI_Improbe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &message, &status);
        if (flag) {
            wait.moved();
            if (status.MPI_TAG == sgc::detail::tag_stop && !silent) {
                sgc::detail::mpi_receive_header(message, status, words, scratch);
                last_ending = static_cast<std::uint64_t>(
                    sgc::detail::mpi_worker_end(MPI_COMM_WORLD, static_cast<double>(words.at(0)) * 1e-6, results.f));
            } else {
                silent &= status.MPI_TAG != sgc::detail::tag_stop;
                sgc::detail::mpi_drop(message, status, scratch);
            }
            continue;
        }
        MPI_Iprobe(0, tag_command, control, &flag, &status);
        if (!flag) continue;
        wait.moved();
        int count = 0;
        MPI_Get_count(&status, MPI_UINT64_T, &count);
        std::vector<std::uint64_t> c(static_cast<std::size_t>(count));
        MPI_Recv(c.data(), count, MPI_UINT64_T, 0, tag_command, control, MPI_STATUS_IGNORE);
        switch (c.at(0)) {
        case op_forge: {
            std::size_t at = 2;
            for (std::uint64_t m = 0; m < c[1]; ++m) {
                const int tag = static_cast<int>(c[at]);
                const auto what = static_cast<kind>(c[at + 1]);
                const std::uint64_t n = c[at + 2];
                const double base = from_bits(c[at + 3]);
                at += 4;
                std::vector<unsigned char> buffer;
                MPI_Datatype type = MPI_BYTE;
                if (what == words_kind) {
                    buffer.resize(n * 8);
                    std::memcpy(buffer.data(), &c[at], n * 8);
                    at += n;
                    type = MPI_UINT64_T;
                } else if (what == float_ramp) {
                    buffer.resize(n * sizeof(float));
                    for (std::uint64_t j = 0; j < n; ++j) {
                        const auto v = static_cast<float>(base + static_cast<double>(j));
                        std::memcpy(&buffer[j * sizeof v], &v, sizeof v);
                    }
                    type = MPI_FLOAT;
                } else if (what == double_ramp) {
                    buffer.resize(n * sizeof(double));
                    for (std::uint64_t j = 0; j < n; ++j) {
                        const double v = base + static_cast<double>(j);
                        std::memcpy(&buffer[j * sizeof v], &v, sizeof v);
                    }
                    type = MPI_DOUBLE;
                } else {
                    buffer.assign(n, 0x5a);
                }
                forged_sends.emplace_back(MPI_REQUEST_NULL, std::move(buffer));
                MPI_Isend(forged_sends.back().second.data(), static_cast<int>(n), type, 0, tag, MPI_COMM_WORLD,
                          &forged_sends.back().first);
            }
            break;
        }
        case op_send_result: {
            std::uint64_t copies = 0;
            if (c[1] == as_float) copies = robot_send_result<std::vector<float>>(c, results);
            else if (c[1] == as_double) copies = robot_send_result<std::vector<double>>(c, results);
            else copies = robot_send_result<counted>(c, results);
            MPI_Send(&copies, 1, MPI_UINT64_T, 0, tag_report, control);
            break;
        }
        case op_serve: {
            // Ready before rank 0 posts: this loop drops what arrives on MPI_COMM_WORLD, so a
            // work header (and a job's input) sent before serve() starts would be lost.
            const std::uint64_t ready = 1;
            MPI_Send(&ready, 1, MPI_UINT64_T, 0, tag_report, control);
            const auto type = static_cast<gradient_type>(c[1]);
            const sgc::mpi_ending e = c[2] == gc_2_1 ? serve(sgc::gc<>(2, 1), type)
                                                     : serve(sgc::m_sgc<>(2, 1, 2, 1), type);
            last_ending = static_cast<std::uint64_t>(e);
            MPI_Send(&last_ending, 1, MPI_UINT64_T, 0, tag_report, control);
            break;
        }
        case op_silent: { // acknowledged, so that rank 0 shuts down only once the robot is silent
            silent = true;
            const std::uint64_t ack = 1;
            MPI_Send(&ack, 1, MPI_UINT64_T, 0, tag_report, control);
            break;
        }
        case op_ending: MPI_Send(&last_ending, 1, MPI_UINT64_T, 0, tag_report, control); break;
        case op_quit: return;
        }
    }
}

} // namespace

// ---- the tests --------------------------------------------------------------------------------

TEST_CASE("mpi_transport: a result arrives whole and in place, for float, double and a type of our own") {
    const auto a = two_slot_round(2);
    SUBCASE("double, rendezvous-sized payloads") {
        sgc::mpi_transport<std::vector<double>> t(MPI_COMM_WORLD, std::vector<double>(100000));
        post_round(t, a);
        CHECK(send_result(1, as_double, 0, 2, 100000, 3.0) == 0);
        auto m = t.receive(t.now() + 10.0);
        REQUIRE(m);
        CHECK(m->worker == 0);
        CHECK(m->round == 0);
        REQUIRE(m->slots.size() == 2);
        CHECK(m->slots[0].slot == 0);
        CHECK(m->slots[1].slot == 1);
        check_ramp(m->slots[0].gradient, 100000, 3.0);
        check_ramp(m->slots[1].gradient, 100000, 1003.0);
        CHECK(t.shutdown() == sgc::mpi_ending::clean);
    }
    SUBCASE("float, small payloads, from both workers") {
        sgc::mpi_transport<std::vector<float>> t(MPI_COMM_WORLD, std::vector<float>(17));
        post_round(t, a);
        send_result(2, as_float, 0, 1, 17, -4.0);
        send_result(1, as_float, 0, 2, 17, 8.0);
        std::size_t seen = 0;
        while (auto m = t.receive(t.now() + 5.0)) {
            check_ramp(m->slots.at(0).gradient, 17, m->worker == 0 ? 8.0 : -4.0);
            CHECK(m->slots.size() == (m->worker == 0 ? 2u : 1u));
            if (++seen == 2) break;
        }
        CHECK(seen == 2);
    }
    SUBCASE("a gradient given back is received into, and overwritten whole") {
        sgc::mpi_transport<std::vector<double>> t(MPI_COMM_WORLD, std::vector<double>(3000));
        post_round(t, a);
        send_result(1, as_double, 0, 1, 3000, 2.0);
        auto first = t.receive(t.now() + 10.0);
        REQUIRE(first);
        std::vector<double> given = std::move(first->slots.at(0).gradient);
        const double* memory = given.data();
        std::fill(given.begin(), given.end(), -1.0);
        t.recycle(std::move(given));
        t.recycle(std::vector<double>(5)); // another length: not kept
        send_result(2, as_double, 0, 1, 3000, 9.0);
        auto second = t.receive(t.now() + 10.0);
        REQUIRE(second);
        CHECK(second->slots.at(0).gradient.data() == memory);
        check_ramp(second->slots[0].gradient, 3000, 9.0);
        send_result(1, as_double, 0, 1, 3000, 4.0); // no spare left: a new gradient
        auto third = t.receive(t.now() + 10.0);
        REQUIRE(third);
        check_ramp(third->slots.at(0).gradient, 3000, 4.0);
    }
    SUBCASE("a type of our own through gradient_traits: no copy on either side") {
        sgc::mpi_transport<counted> t(MPI_COMM_WORLD, counted(5000));
        post_round(t, a);
        CHECK(send_result(1, as_counted, 0, 2, 5000, 1.0) == 0); // the worker's side
        counted::copies = 0;
        auto m = t.receive(t.now() + 10.0);
        CHECK(counted::copies == 0); // the master's side
        REQUIRE(m);
        REQUIRE(m->slots.size() == 2);
        check_ramp(m->slots[1].gradient, 5000, 1001.0);
    }
}

namespace {

// After each bad message, a good one must still come through intact.
template <class T> void expect_dropped_then_good(T& t, std::size_t worker) {
    auto bad = t.receive(t.now() + 10.0);
    REQUIRE(bad);
    CHECK(bad->slots.empty());
    CHECK(bad->worker == worker);
    send_result(static_cast<int>(worker + 1), as_double, 0, 1, 4000, 5.0);
    auto good = t.receive(t.now() + 10.0);
    REQUIRE(good);
    REQUIRE(good->slots.size() == 1);
    check_ramp(good->slots[0].gradient, 4000, 5.0);
}

} // namespace

TEST_CASE("mpi_transport: messages that cannot be used are dropped one by one and the stream stays in step") {
    constexpr std::uint64_t d = 4000; // 32 KB: above the shared-memory eager limit
    const auto a = two_slot_round(2);
    sgc::mpi_transport<std::vector<double>> t(MPI_COMM_WORLD, std::vector<double>(d));
    post_round(t, a);
    const std::uint64_t f = format_of<double>();
    using sgc::detail::tag_payload;
    using sgc::detail::tag_result;
    SUBCASE("a header naming another length, with its payload of that length") {
        forge(1, {{tag_result, words_kind, 5, {f, 0, 1, 0, d + 1}}, {tag_payload, double_ramp, d + 1, {}}});
        expect_dropped_then_good(t, 0);
    }
    SUBCASE("a payload longer than its header says (received at its own size, never past a buffer)") {
        forge(1, {{tag_result, words_kind, 5, {f, 0, 1, 0, d}}, {tag_payload, double_ramp, 3 * d, {}}});
        expect_dropped_then_good(t, 0);
    }
    SUBCASE("a payload shorter than its header says") {
        forge(1, {{tag_result, words_kind, 5, {f, 0, 1, 0, d}}, {tag_payload, double_ramp, d - 1, {}}});
        expect_dropped_then_good(t, 0);
    }
    SUBCASE("a header cut short") {
        forge(1, {{tag_result, words_kind, 4, {f, 0, 1, 0}}});
        expect_dropped_then_good(t, 0);
    }
    SUBCASE("a header that is not whole words") {
        forge(2, {{tag_result, bytes_kind, 13, {}}});
        expect_dropped_then_good(t, 1);
    }
    SUBCASE("a header claiming 10^9 slots: nothing is allocated for them") {
        forge(1, {{tag_result, words_kind, 3, {f, 0, 1000000000}}});
        expect_dropped_then_good(t, 0);
    }
    SUBCASE("floats sent to a master of doubles") {
        forge(1, {{tag_result, words_kind, 5, {format_of<float>(), 0, 1, 0, d}}, {tag_payload, float_ramp, d, {}}});
        auto header = t.receive(t.now() + 10.0); // the header is refused, then its payload is a stray
        REQUIRE(header);
        CHECK(header->slots.empty());
        expect_dropped_then_good(t, 0);
    }
    SUBCASE("a payload without a header") {
        forge(2, {{tag_payload, double_ramp, d, {}}});
        expect_dropped_then_good(t, 1);
    }
    SUBCASE("a tag the transport does not use") {
        forge(1, {{999, bytes_kind, 100000, {}}});
        expect_dropped_then_good(t, 0);
    }
    SUBCASE("a header before the previous one's payloads arrived: the first is cut short") {
        forge(1, {{tag_result, words_kind, 7, {f, 0, 2, 0, d, 1, d}}, {tag_payload, double_ramp, d, {}}});
        send_result(1, as_double, 0, 2, d, 7.0);
        auto cut = t.receive(t.now() + 10.0);
        REQUIRE(cut);
        CHECK(cut->slots.empty());
        auto good = t.receive(t.now() + 10.0);
        REQUIRE(good);
        REQUIRE(good->slots.size() == 2);
        check_ramp(good->slots[1].gradient, d, 1007.0);
    }
    CHECK_FALSE(t.receive(t.now() + 0.2)); // nothing left over
}

TEST_CASE("mpi_transport: sgc::master counts a dropped message as malformed and uses the healthy one") {
    // Worker 0 sends garbage for the round first, then its real result: the round still
    // decodes, from healthy results only.
    const auto scheme = sgc::gc<>(2, 1);
    using G = std::vector<double>;
    sgc::mpi_transport<G> t(MPI_COMM_WORLD, G(serve_d));
    sgc::master m(scheme, t, 1, G(serve_d));
    const std::uint64_t f = format_of<double>();
    forge(1, {{sgc::detail::tag_result, words_kind, 5, {f, 0, 1, 0, serve_d + 1}},
              {sgc::detail::tag_payload, double_ramp, serve_d + 1, {}}});
    command(1, {op_serve, as_double, gc_2_1});
    command(2, {op_serve, as_double, gc_2_1});
    for (int robot = 1; robot <= 2; ++robot) REQUIRE(report(robot).at(0) == 1); // serving
    m.run_round();
    const auto job = m.next();
    REQUIRE(job);
    CHECK(job->ok());
    CHECK(m.counters().malformed == 1);
    CHECK(t.shutdown() == sgc::mpi_ending::clean);
    CHECK(report(1).at(0) == static_cast<std::uint64_t>(sgc::mpi_ending::clean));
    CHECK(report(2).at(0) == static_cast<std::uint64_t>(sgc::mpi_ending::clean));
}

TEST_CASE("mpi_transport: the end is clean only when every worker confirms it") {
    SUBCASE("every worker answers: clean, and each worker hears so") {
        sgc::mpi_transport<std::vector<float>> t(MPI_COMM_WORLD, std::vector<float>(3));
        CHECK(t.shutdown(2.0) == sgc::mpi_ending::clean);
        CHECK(t.shutdown(2.0) == sgc::mpi_ending::clean); // asked again: the same
        command(1, {op_ending});
        CHECK(report(1).at(0) == static_cast<std::uint64_t>(sgc::mpi_ending::clean));
        command(2, {op_ending});
        CHECK(report(2).at(0) == static_cast<std::uint64_t>(sgc::mpi_ending::clean));
    }
    SUBCASE("one worker is silent: failed, and the others hear so") {
        command(2, {op_silent});
        REQUIRE(report(2).at(0) == 1); // robot 2 is silent before the shutdown starts
        sgc::mpi_transport<std::vector<float>> t(MPI_COMM_WORLD, std::vector<float>(3));
        const double start = t.now();
        CHECK(t.shutdown(0.5) == sgc::mpi_ending::failed);
        CHECK(t.now() - start < 3.0);
        command(1, {op_ending});
        CHECK(report(1).at(0) == static_cast<std::uint64_t>(sgc::mpi_ending::failed));
    }
}

namespace {

template <class G, class Input, class Scheme>
void train_over_mpi(const Scheme& scheme, gradient_type type, scheme_choice choice, double tolerance) {
    using traits = sgc::gradient_traits<G>;
    constexpr std::size_t jobs = 6;
    sgc::mpi_transport<G, Input> t(MPI_COMM_WORLD, G(serve_d));
    sgc::master_options options;
    options.decode = sgc::decode_options::for_type<typename traits::value_type>(tolerance);
    sgc::master m(scheme, t, jobs, G(serve_d), options);
    for (int robot = 1; robot < world_size; ++robot) command(robot, {op_serve, type, choice});
    for (int robot = 1; robot < world_size; ++robot) REQUIRE(report(robot).at(0) == 1); // serving
    std::size_t decoded = 0;
    double worst = 0.0;
    while (!m.finished()) {
        const std::size_t job = m.round();
        std::shared_ptr<const Input> input;
        if constexpr (!std::is_same_v<Input, sgc::no_input>) {
            auto model = std::make_shared<Input>(4);
            (*model)[0] = static_cast<typename Input::value_type>(1.0 + 0.5 * static_cast<double>(job));
            input = model;
        }
        m.run_round(job < jobs ? input : nullptr);
        while (auto r = m.next()) {
            INFO("job " << r->job << ": " << sgc::to_string(r->reason) << ", counters: late " << m.counters().late
                 << ", malformed " << m.counters().malformed << ", lost " << m.lost().to_string());
            REQUIRE(r->ok());
            ++decoded;
            const double scale = std::is_same_v<Input, sgc::no_input> ? 1.0 : 1.0 + 0.5 * static_cast<double>(r->job);
            const auto* p = traits::data(r->gradient);
            for (std::size_t i = 0; i < serve_d; ++i) {
                double direct = 0.0;
                for (std::size_t s = 0; s < serve_batch; ++s) direct += ramp(r->job, s, i);
                direct *= scale;
                worst = std::max(worst, std::abs(static_cast<double>(p[i]) - direct) / std::abs(direct));
            }
        }
    }
    CHECK(decoded == jobs);
    CHECK(worst <= tolerance);
    CHECK(m.counters().malformed == 0);
    CHECK(t.shutdown() == sgc::mpi_ending::clean);
    for (int robot = 1; robot < world_size; ++robot)
        CHECK(report(robot).at(0) == static_cast<std::uint64_t>(sgc::mpi_ending::clean));
}

} // namespace

TEST_CASE("mpi_serve and sgc::master: every decoded gradient equals the direct sum") {
    SUBCASE("GC, double") { train_over_mpi<std::vector<double>, sgc::no_input>(sgc::gc<>(2, 1), as_double, gc_2_1, 1e-12); }
    SUBCASE("M-SGC (two slots), float, with inputs sent from the master's memory") {
        train_over_mpi<std::vector<float>, std::vector<float>>(sgc::m_sgc<>(2, 1, 2, 1), as_float, m_sgc_2_1_2_1, 1e-5);
    }
    SUBCASE("GC, a gradient type of our own") { train_over_mpi<counted, sgc::no_input>(sgc::gc<>(2, 1), as_counted, gc_2_1, 1e-5); }
}

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    MPI_Comm_dup(MPI_COMM_WORLD, &control);
    std::string result;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::string(argv[i]) == "--result" && i + 1 < argc) result = argv[++i];
        else args.push_back(argv[i]);
    }
    int status = 0;
    if (world_size != 3) {
        if (rank == 0) std::fprintf(stderr, "sgc_mpi_tests: run with mpirun -np 3\n");
        status = 2;
    } else if (rank == 0) {
        doctest::Context context(static_cast<int>(args.size()), args.data());
        status = context.run();
        for (int robot = 1; robot < world_size; ++robot) command(robot, {op_quit});
    } else {
        robot();
    }
    if (rank == 0 && !result.empty()) {
        if (std::FILE* f = std::fopen(result.c_str(), "w")) {
            std::fprintf(f, "status %d\n", status);
            std::fclose(f);
        }
    }
    MPI_Comm_free(&control);
    return sgc::mpi_finish(sgc::mpi_ending::clean, status);
}
