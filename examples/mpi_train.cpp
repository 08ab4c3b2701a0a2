// The demo's training over MPI: rank 0 is the master, ranks 1 .. n the workers. Workers answer
// after 20 ms, stragglers (drawn from the scheme's own straggler model) after 250 ms, and one
// worker can be killed mid-run. The master checks every decoded gradient against the one it
// computes directly and exits non-zero unless every job decoded to it.
//
// After a worker died, no rank calls MPI_Finalize (it may wait for the dead rank for ever):
// sgc::mpi_finish ends each rank as the master's shutdown decided. Under --enable-recovery,
// mpirun exits with 0 whatever rank 0 returns, so rank 0 also writes its status to --result.
//
//   mpirun --enable-recovery -np <n+1> sgc_mpi_train [options]
//     --scheme gc|sr-sgc|m-sgc|none   (gc)       --s S            (gc: 2)
//     --B B --W W --lambda L          (1, 2, 2)  --jobs J         (24)
//     --kill WORKER@ROUND             the worker SIGKILLs itself before replying in that round
//     --stragglers L                  stragglers per window to inject (default: what the scheme
//                                     tolerates; GC: s - 1 when a worker is killed)
//     --lost-after SECONDS            (2)
//     --policy wait-all|minimal-wait  (wait-all)
//     --log                           rank 0 writes what its master sees to stderr
//                                     (sgc::stderr_logger: rounds, drops, lost workers, failures)
//     --result FILE                   rank 0 writes "status N" there, N its exit status
//     --corrupt WORKER                the worker adds 1 to the first entry of every result it
//                                     sends: a job that uses one must fail its check (with
//                                     --scheme none every job does: a test of the test)
// --enable-recovery lets the MPI job outlive a killed worker.
#include <sgc/sgc.hpp>
#include <sgc/transport/mpi.hpp>

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "softmax.hpp"

namespace {

using gradient = std::vector<double>;

struct settings {
    std::string scheme = "gc";
    std::size_t s = 2, B = 1, W = 2, lambda = 2, jobs = 24;
    long kill_worker = -1, kill_round = -1;
    long stragglers = -1;
    long corrupt_worker = -1;
    double lost_after = 2.0;
    std::string result;
    sgc::wait_policy policy = sgc::wait_policy::wait_all;
    bool log = false;
};

settings parse(int argc, char** argv) {
    settings o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        const auto number = [&] { return std::stoul(value()); };
        if (a == "--scheme") o.scheme = value();
        else if (a == "--s") o.s = number();
        else if (a == "--B") o.B = number();
        else if (a == "--W") o.W = number();
        else if (a == "--lambda") o.lambda = number();
        else if (a == "--jobs") o.jobs = number();
        else if (a == "--stragglers") o.stragglers = static_cast<long>(number());
        else if (a == "--lost-after") o.lost_after = std::stod(value());
        else if (a == "--policy") o.policy = sgc::parse_wait_policy(value(), "--policy");
        else if (a == "--result") o.result = value();
        else if (a == "--log") o.log = true;
        else if (a == "--corrupt") o.corrupt_worker = static_cast<long>(number());
        else if (a == "--kill") {
            const std::string v = value();
            const auto at = v.find('@');
            if (at == std::string::npos) throw std::invalid_argument("--kill = " + v + ": expected WORKER@ROUND");
            o.kill_worker = std::stol(v.substr(0, at));
            o.kill_round = std::stol(v.substr(at + 1));
        } else throw std::invalid_argument("unknown option " + a);
    }
    return o;
}

// The stragglers to inject: a pattern that saturates a bursty model (the same on every rank).
sgc::straggler_pattern injected(const settings& o, std::size_t n, std::size_t rounds) {
    std::size_t B = o.B, W = o.W, lambda = o.lambda;
    if (o.scheme == "gc" || o.scheme == "none") {
        B = W = 1;
        lambda = o.scheme == "none" ? 0 : o.s - (o.kill_worker >= 0 ? 1 : 0);
    }
    if (o.stragglers >= 0) lambda = static_cast<std::size_t>(o.stragglers);
    if (lambda == 0) return sgc::straggler_pattern(rounds, sgc::worker_set(n));
    sgc::adversarial_stragglers generator(sgc::bursty_model(n, B, W, lambda), 7);
    auto pattern = sgc::generate(generator, rounds);
    if (o.kill_worker >= 0) // the dead worker is the extra straggler: do not double-count it
        for (auto& round : pattern) round.erase(static_cast<std::size_t>(o.kill_worker));
    return pattern;
}

// A rank's exit status and how its MPI may end.
struct outcome {
    int status = 0;
    sgc::mpi_ending ending = sgc::mpi_ending::failed;
};

template <class Scheme>
outcome run(const settings& o, const Scheme& scheme, MPI_Comm comm, int rank) {
    // 8 minibatches of 1,024 samples with 32 features, labelled by a random softmax model.
    const example::dataset data = example::synthetic_dataset(8 * 1024, 32, 42);
    const example::softmax_regression problem(data, 1024);
    const gradient zero(problem.d(), 0.0);
    const auto pattern = injected(o, scheme.n(), o.jobs + scheme.T());
    if (rank != 0) {
        const std::size_t me = static_cast<std::size_t>(rank - 1);
        const bool corrupt = static_cast<long>(me) == o.corrupt_worker;
        auto partial = [&problem, corrupt](const gradient& w, std::size_t job, sgc::sample_range r, gradient& out) {
            problem.gradient(w, job, r, out);
            if (corrupt) out[0] += 1.0;
        };
        const auto reply_delay = [&](std::size_t round) {
            if (static_cast<long>(me) == o.kill_worker && static_cast<long>(round) == o.kill_round)
                std::raise(SIGKILL);
            return round < pattern.size() && pattern[round].contains(me) ? 0.25 : 0.02;
        };
        return {0, sgc::mpi_serve<Scheme, gradient, decltype(partial), gradient>(
                       comm, scheme, problem.batch(), partial, zero, reply_delay)};
    }

    const std::size_t models = scheme.T() + 1;
    sgc::mpi_transport<gradient, gradient> transport(comm, zero);
    sgc::master_options options;
    options.policy = o.policy;
    options.lost_after = o.lost_after;
    options.decode = sgc::decode_options::for_type<double>(1e-9);
    sgc::stderr_logger log;
    if (o.log) options.observer = &log;
    sgc::master master(scheme, transport, o.jobs, zero, options);

    std::vector<gradient> w(models, zero);
    std::map<std::size_t, std::shared_ptr<const gradient>> inputs; // jobs in flight
    std::size_t decoded = 0, wrong = 0, dead_returned = 0;
    double worst = 0.0;
    const auto start = std::chrono::steady_clock::now();
    while (!master.finished()) {
        const std::size_t r = master.round();
        std::shared_ptr<const gradient> input;
        if (r < o.jobs) inputs[r] = input = std::make_shared<const gradient>(w[r % models]);
        const sgc::round_report report = master.run_round(input);
        // A killed worker must straggle in every round from its death on.
        if (o.kill_worker >= 0 && static_cast<long>(r) >= o.kill_round) {
            const auto w_dead = static_cast<std::size_t>(o.kill_worker);
            const bool busy = std::find(report.busy.begin(), report.busy.end(), w_dead) != report.busy.end();
            const bool straggled = std::find(report.stragglers.begin(), report.stragglers.end(), w_dead) !=
                                   report.stragglers.end();
            dead_returned += busy && !straggled;
        }
        while (auto job = master.next()) {
            const auto model = inputs.at(job->job);
            inputs.erase(job->job);
            if (!job->ok()) {
                std::printf("job %zu failed: %s\n", job->job, sgc::to_string(job->reason));
                continue;
            }
            gradient direct(zero.size());
            problem.gradient(*model, job->job, {0, problem.batch()}, direct);
            const double error = example::relative_difference(job->gradient, direct);
            worst = std::max(worst, error);
            wrong += error > 1e-9;
            ++decoded;
            gradient& target = w[job->job % models];
            for (std::size_t i = 0; i < target.size(); ++i)
                target[i] -= 0.5 / static_cast<double>(problem.batch()) * job->gradient[i];
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const sgc::mpi_ending ending = transport.shutdown(o.lost_after);
    const auto& c = master.counters();
    double loss = 0.0;
    for (const auto& m : w) loss += problem.loss(m, data) / static_cast<double>(models);
    std::printf("%s over MPI, n = %zu workers: %zu/%zu jobs decoded in %.2f s, worst relative error "
                "%.1e, final loss %.4f\n"
                "rounds %zu, waited %zu, stragglers %zu, late %zu, lost workers %s\n",
                o.scheme.c_str(), scheme.n(), decoded, o.jobs, seconds, worst, loss, c.rounds,
                c.waits, c.stragglers, c.late, master.lost().to_string().c_str());
    if (dead_returned != 0) std::printf("the killed worker answered in %zu rounds after its death\n", dead_returned);
    return {decoded == o.jobs && wrong == 0 && dead_returned == 0 ? 0 : 1, ending};
}

outcome dispatch(const settings& o, MPI_Comm comm, int rank, std::size_t n) {
    if (o.scheme == "none") return run(o, sgc::gc<>(n, 0), comm, rank);
    if (o.scheme == "gc") return run(o, sgc::gc<>(n, o.s), comm, rank);
    if (o.scheme == "sr-sgc") return run(o, sgc::sr_sgc<>(n, o.B, o.W, o.lambda), comm, rank);
    if (o.scheme == "m-sgc") return run(o, sgc::m_sgc<>(n, o.B, o.W, o.lambda), comm, rank);
    throw std::invalid_argument("--scheme = " + o.scheme + ": must be none, gc, sr-sgc or m-sgc");
}

} // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    settings o;
    outcome result{2, sgc::mpi_ending::clean}; // bad options: every rank stops alike, none died
    try {
        o = parse(argc, argv);
        if (size < 2) throw std::invalid_argument("needs at least 2 ranks (a master and a worker)");
        result.ending = sgc::mpi_ending::failed; // from here on, an error leaves the others waiting
        result = dispatch(o, MPI_COMM_WORLD, rank, static_cast<std::size_t>(size - 1));
    } catch (const std::exception& e) {
        if (rank == 0) std::fprintf(stderr, "sgc_mpi_train: %s\n", e.what());
        result.status = 2;
    }
    if (rank == 0 && !o.result.empty()) {
        if (std::FILE* f = std::fopen(o.result.c_str(), "w")) {
            std::fprintf(f, "status %d\n", result.status);
            std::fclose(f);
        }
    }
    return sgc::mpi_finish(result.ending, result.status);
}
