// sgc_probe: records your cluster's delay traces under mpirun, for `sgc tune` and `sgc simulate`.
//
//   mpirun -np <n + 1> sgc_probe --loads 0,0.25,0.5,0.75,1 --rounds R --out DIR [options]
//
// Rank 0 is the master and ranks 1 .. n are the workers (worker i is rank i + 1), as with
// sgc::mpi_transport. For every load L in turn, R rounds: the master sends every worker the
// round's order, each worker computes L of one full gradient of the workload and replies, and
// the master records the seconds from its send to each reply (computation and messaging, what
// sgc::master waits for). Written to DIR:
//   load_<L>.csv  one trace per load, the CSV of `sgc trace` (a row per round, a column per
//                 worker), its header naming the --trace-load and --seconds-per-load to replay it
//   probe.json    the fitted time = overhead + seconds_per_load x load (least squares over every
//                 round of every worker at every load), and per load the median and the 95th
//                 percentile over all workers and of each worker
//
// Options:
//   --loads L1,L2,...     loads (decimals or fractions like 1/16), at least two distinct
//   --rounds R            rounds per load (>= 1)
//   --out DIR             created if missing
//   --batch S             built-in workload: S samples at load 1 (default 4096)
//   --features F          built-in workload: F features per sample (default 1024)
//   --workload LIB.so     your workload instead: a shared library exporting
//                           extern "C" int sgc_probe_workload(double load, unsigned long round,
//                                                             unsigned long worker, const char* arg);
//                         (compute `load` of one full gradient; non-zero return: abort) and,
//                         optionally, extern "C" int sgc_probe_setup(unsigned long worker,
//                         const char* arg); called once before any timing (load your data).
//                         See examples/probe_workload.cpp.
//   --workload-arg TEXT   passed to your functions as `arg`
//   --slow-workers I,J    inject slow workers: they wait --slow-seconds after computing
//   --slow-seconds X      (default 0.1)
//   --timeout X           seconds a round may take before the probe gives up (default 60)
//   --help                these options; exit code 0
//
// R, S, F, I and J are decimal integers (leading zeros are fine; a sign, a prefix such as 0x, a
// fraction or an exponent is an error), R, S and F at most 10^9; X is a finite decimal number
// (--slow-seconds 0 .. 86400, --timeout > 0 and <= 86400); each load is from 0 to 1. Parsed as
// `sgc` parses its options (tools/option_values.hpp).
// Bad options (a wrong value, an unknown or missing option): one line on stderr from rank 0 naming
// the option, exit code 2 from every rank, nothing written. A built-in workload too large for a
// worker's memory: the message says so and the job is aborted (exit code 3). A worker that does
// not answer within the timeout: the message names it and the job is aborted. Every output file
// is written to a temporary name and renamed, probe.json last.
#include <sgc/sim/trace.hpp>

#include "option_values.hpp"

#include <CLI/CLI.hpp>
#include <mpi.h>
#include <nlohmann/json.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using json = nlohmann::ordered_json;

enum tag : int { tag_work = 7201, tag_done = 7202, tag_stop = 7203, tag_ready = 7204 };

struct settings {
    std::vector<double> loads;
    std::vector<std::string> load_texts;
    std::size_t rounds = 0;
    std::string out;
    std::size_t batch = 4096, features = 1024;
    std::string workload, workload_arg;
    std::vector<std::size_t> slow_workers;
    double slow_seconds = 0.1, timeout = 60.0;
};

using sgc_tools::refuse;
using sgc_tools::usage_error;

// --help: rank 0 prints the text, every rank exits 0.
struct help_request {
    std::string text;
};

// The largest --rounds, --batch and --features.
constexpr std::uint64_t max_whole = 1000000000;

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
    return parts;
}

// The options of every rank (the same argv, so a bad one stops them all alike); `workers` bounds
// --slow-workers.
settings parse(int argc, char** argv, std::size_t workers) {
    settings o;
    std::map<std::string, std::string> given; // the texts of --loads and the real options, as typed
    CLI::App app{"sgc_probe: records your cluster's delay traces under mpirun -np <workers + 1>", "sgc_probe"};
    app.add_option_function<std::string>(
           "--loads",
           [&o, &given](const std::string& text) {
               given["--loads"] = text;
               o.load_texts = split(text);
               o.loads.clear();
               for (const auto& t : o.load_texts) o.loads.push_back(sgc_tools::parse_load("--loads", t));
           },
           "loads (decimals or fractions like 1/16), at least two distinct")
        ->type_name("L1,L2,...")
        ->required();
    sgc_tools::add_count(app, "--rounds", o.rounds, "rounds per load (>= 1)", {1, max_whole, "rounds"})->required();
    app.add_option("--out", o.out, "output directory, created if missing")->required();
    sgc_tools::add_count(app, "--batch", o.batch, "built-in workload: samples at load 1 (default 4096)",
                         {1, max_whole, "samples"});
    sgc_tools::add_count(app, "--features", o.features,
                         "built-in workload: features per sample (default 1024)", {1, max_whole, "features"});
    app.add_option("--workload", o.workload, "your workload: a shared library exporting sgc_probe_workload");
    app.add_option("--workload-arg", o.workload_arg, "passed to your workload's functions as `arg`");
    app.add_option_function<std::string>(
           "--slow-workers",
           [&o, workers](const std::string& text) {
               o.slow_workers.clear();
               for (const auto& t : split(text)) {
                   const std::uint64_t w = sgc_tools::parse_count("--slow-workers", t);
                   if (w >= workers)
                       refuse("--slow-workers", t, "workers are 0 to " + std::to_string(workers - 1) +
                                                       " (mpirun -np " + std::to_string(workers + 1) + ")");
                   o.slow_workers.push_back(static_cast<std::size_t>(w));
               }
           },
           "inject slow workers: they wait --slow-seconds after computing")
        ->type_name("I,J,...");
    sgc_tools::add_real(app, "--slow-seconds", o.slow_seconds, "a slow worker's wait (default 0.1)", &given);
    sgc_tools::add_real(app, "--timeout", o.timeout,
                        "seconds a round may take before the probe gives up (default 60)", &given);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        throw help_request{app.help()};
    } catch (const CLI::ParseError& e) {
        throw usage_error{e.what()};
    }
    if (o.out.empty()) refuse("--out", o.out, "expected a directory");
    // Beyond a day's worth of seconds, a wait or a deadline means nothing for a probe (and
    // much larger ones overflow the clocks that sleep and time).
    constexpr double max_seconds = 86400.0;
    if (o.slow_seconds < 0 || o.slow_seconds > max_seconds)
        refuse("--slow-seconds", given["--slow-seconds"], "must be from 0 to 86400 (seconds)");
    if (!(o.timeout > 0) || o.timeout > max_seconds)
        refuse("--timeout", given["--timeout"], "must be > 0 and <= 86400 (seconds)");
    for (double load : o.loads)
        if (load > 1.0)
            refuse("--loads", given["--loads"], "each load is the fraction of a job's data a worker computes: <= 1");
    auto sorted = o.loads;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        refuse("--loads", given["--loads"], "each load once");
    if (sorted.size() < 2) refuse("--loads", given["--loads"], "at least two distinct loads, to fit the seconds per load");
    return o;
}

// A load in its shortest form (0.25, 1, 0.0625): file names and the traces' headers.
std::string load_name(double load) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, load).ptr;
    return std::string(buffer, end);
}

// ---- the workers' side

using workload_fn = int (*)(double, unsigned long, unsigned long, const char*);
using setup_fn = int (*)(unsigned long, const char*);

// The built-in workload: the least-squares gradient sum over load x batch samples of
// (w . x - y) x, on data of the worker's own.
class builtin_workload {
public:
    builtin_workload(std::size_t batch, std::size_t features, std::size_t worker)
        : batch_(batch), features_(features), x_(batch * features), y_(batch), w_(features), g_(features) {
        std::uint64_t state = 0x9e3779b97f4a7c15ull * (worker + 1);
        const auto next = [&state] { // xorshift: data, not statistics
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return static_cast<double>(state >> 11) * 0x1.0p-53 - 0.5;
        };
        for (auto& v : x_) v = next();
        for (auto& v : y_) v = next();
        for (auto& v : w_) v = next();
    }

    void run(double load) {
        const auto samples = static_cast<std::size_t>(std::llround(load * static_cast<double>(batch_)));
        std::fill(g_.begin(), g_.end(), 0.0);
        for (std::size_t s = 0; s < samples; ++s) {
            const double* x = &x_[(s % batch_) * features_];
            double residual = -y_[s % batch_];
            for (std::size_t j = 0; j < features_; ++j) residual += w_[j] * x[j];
            for (std::size_t j = 0; j < features_; ++j) g_[j] += residual * x[j];
        }
    }

private:
    std::size_t batch_, features_;
    std::vector<double> x_, y_, w_, g_;
};

// Waits politely (Open MPI's blocking calls spin a core, and a probe shares cores) for a
// message from `source` with `tag`, until `deadline` (MPI_Wtime; false once it passes).
bool wait_message(int source, int tag, MPI_Status& status, double deadline = HUGE_VAL) {
    for (;;) {
        int flag = 0;
        MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &status);
        if (flag) return true;
        if (MPI_Wtime() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
}

std::string too_large(const settings& o, std::size_t worker) {
    return "--batch " + std::to_string(o.batch) + " --features " + std::to_string(o.features) +
           ": the built-in workload's data does not fit in worker " + std::to_string(worker) +
           "'s memory; use smaller values";
}

int serve(const settings& o, std::size_t worker) {
    workload_fn user = nullptr;
    std::optional<builtin_workload> builtin;
    std::string problem;
    if (!o.workload.empty()) {
        void* library = dlopen(o.workload.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!library) {
            problem = std::string("--workload ") + o.workload + ": cannot load it (" + dlerror() + ")";
        } else {
            user = reinterpret_cast<workload_fn>(dlsym(library, "sgc_probe_workload"));
            auto setup = reinterpret_cast<setup_fn>(dlsym(library, "sgc_probe_setup"));
            if (!user)
                problem = "--workload " + o.workload + ": it exports no extern \"C\" sgc_probe_workload";
            else if (setup && setup(worker, o.workload_arg.c_str()) != 0)
                problem = "--workload " + o.workload + ": sgc_probe_setup failed on worker " + std::to_string(worker);
        }
    } else {
        // Too large for this worker: said through the ready message, so rank 0 gives up (a throw
        // here would leave it waiting for the ready message).
        try {
            builtin.emplace(o.batch, o.features, worker);
        } catch (const std::bad_alloc&) {
            problem = too_large(o, worker);
        } catch (const std::length_error&) {
            problem = too_large(o, worker);
        }
    }
    // Ready, or why not (empty: ready): the master starts timing once every worker is set up.
    MPI_Send(problem.data(), static_cast<int>(problem.size()), MPI_CHAR, 0, tag_ready, MPI_COMM_WORLD);
    if (!problem.empty()) return 2;
    const bool slow = std::find(o.slow_workers.begin(), o.slow_workers.end(), worker) != o.slow_workers.end();
    for (;;) {
        MPI_Status status;
        wait_message(0, MPI_ANY_TAG, status);
        unsigned long order[2]; // load index, round
        MPI_Recv(order, 2, MPI_UNSIGNED_LONG, 0, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (status.MPI_TAG == tag_stop) break;
        const double load = o.loads[order[0]];
        const auto start = std::chrono::steady_clock::now();
        int failed = 0;
        if (user) failed = user(load, order[1], worker, o.workload_arg.c_str());
        else builtin->run(load);
        double reply[2] = {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                           static_cast<double>(failed)};
        if (slow) std::this_thread::sleep_for(std::chrono::duration<double>(o.slow_seconds));
        MPI_Send(reply, 2, MPI_DOUBLE, 0, tag_done, MPI_COMM_WORLD);
    }
    return 0;
}

// ---- the master's side

struct stats {
    double median = 0.0, p95 = 0.0, max = 0.0;
};

// Nearest-rank percentiles.
stats summarise(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
        return v[std::min(v.size(), std::max<std::size_t>(rank, 1)) - 1];
    };
    return {at(0.5), at(0.95), v.back()};
}

// Writes `text` to `path` through a temporary file.
void write_file(const std::filesystem::path& path, const std::string& text) {
    const std::filesystem::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary);
        out << text;
        out.close();
        if (!out) throw std::runtime_error(temporary.string() + ": writing failed");
    }
    std::filesystem::rename(temporary, path);
}

[[noreturn]] void give_up(const std::string& message) {
    std::fprintf(stderr, "sgc_probe: error: %s\n", message.c_str());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 3);
    std::exit(3);
}

// One round at load index `l`: every worker's seconds from the send to its reply.
std::vector<double> probe_round(const settings& o, std::size_t workers, std::size_t l, std::size_t round) {
    unsigned long order[2] = {l, round};
    std::vector<MPI_Request> sends(workers);
    const double start = MPI_Wtime();
    for (std::size_t i = 0; i < workers; ++i)
        MPI_Isend(order, 2, MPI_UNSIGNED_LONG, static_cast<int>(i + 1), tag_work, MPI_COMM_WORLD, &sends[i]);
    std::vector<double> times(workers, -1.0);
    std::size_t missing = workers;
    while (missing > 0) {
        MPI_Status status;
        if (!wait_message(MPI_ANY_SOURCE, tag_done, status, start + o.timeout)) {
            std::string silent;
            for (std::size_t i = 0; i < workers; ++i)
                if (times[i] < 0) silent += (silent.empty() ? "" : ", ") + std::to_string(i);
            give_up("round " + std::to_string(round) + " at load " + o.load_texts[l] + ": worker(s) " + silent +
                    " did not answer within --timeout " + json(o.timeout).dump() + " s");
        }
        const double arrived = MPI_Wtime();
        double reply[2];
        MPI_Recv(reply, 2, MPI_DOUBLE, status.MPI_SOURCE, tag_done, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        const std::size_t worker = static_cast<std::size_t>(status.MPI_SOURCE - 1);
        if (reply[1] != 0)
            give_up("--workload " + o.workload + ": sgc_probe_workload returned " + json(reply[1]).dump() +
                    " on worker " + std::to_string(worker));
        if (times[worker] < 0) --missing;
        times[worker] = std::round((arrived - start) * 1e6) / 1e6; // microseconds, as recorded
    }
    MPI_Waitall(static_cast<int>(workers), sends.data(), MPI_STATUSES_IGNORE);
    return times;
}

int coordinate(const settings& o, std::size_t workers, int argc, char** argv) {
    namespace fs = std::filesystem;
    const fs::path dir = o.out;
    std::error_code ec;
    fs::create_directories(dir, ec);
    {
        std::ofstream check(dir / "probe.json.tmp");
        if (!check) give_up("--out " + o.out + ": cannot write there");
    }
    fs::remove(dir / "probe.json.tmp");
    // Every worker set up (its workload loaded) before any timing; the first complaint wins.
    std::string problem;
    for (std::size_t i = 0; i < workers; ++i) {
        MPI_Status status;
        wait_message(static_cast<int>(i + 1), tag_ready, status);
        int length = 0;
        MPI_Get_count(&status, MPI_CHAR, &length);
        std::string text(static_cast<std::size_t>(length), '\0');
        MPI_Recv(text.data(), length, MPI_CHAR, status.MPI_SOURCE, tag_ready, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (problem.empty()) problem = text;
    }
    if (!problem.empty()) give_up(problem);

    std::string command = "sgc_probe";
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    const std::string workload =
        o.workload.empty() ? "built-in: least-squares gradient over " + std::to_string(o.batch) + " samples x " +
                                 std::to_string(o.features) + " features at load 1"
                           : "--workload " + o.workload;
    // All probes, then the fit, then the files (each names the fitted c).
    std::vector<sgc::sim::delay_trace> traces;
    double sx = 0, sy = 0, sxx = 0, sxy = 0, count = 0;
    for (std::size_t l = 0; l < o.loads.size(); ++l) {
        sgc::sim::delay_trace trace(workers);
        for (std::size_t r = 0; r < o.rounds; ++r) {
            const auto times = probe_round(o, workers, l, r);
            trace.push_round(times);
            for (double t : times) {
                sx += o.loads[l];
                sy += t;
                sxx += o.loads[l] * o.loads[l];
                sxy += o.loads[l] * t;
                ++count;
            }
        }
        std::printf("sgc_probe: load %s: %zu rounds done\n", o.load_texts[l].c_str(), o.rounds);
        std::fflush(stdout);
        traces.push_back(std::move(trace));
    }
    for (std::size_t i = 0; i < workers; ++i) {
        const unsigned long stop[2] = {0, 0};
        MPI_Send(stop, 2, MPI_UNSIGNED_LONG, static_cast<int>(i + 1), tag_stop, MPI_COMM_WORLD);
    }
    // Least squares, kept to the microseconds the times are recorded in.
    const auto microseconds = [](double v) { return std::round(v * 1e6) / 1e6; };
    const double slope = microseconds((count * sxy - sx * sy) / (count * sxx - sx * sx));
    const double intercept = microseconds(sy / count - slope * sx / count);

    json summary;
    summary["command"] = command;
    summary["workers"] = workers;
    summary["rounds"] = o.rounds;
    summary["workload"] = workload;
    summary["slow_workers"] = o.slow_workers;
    if (!o.slow_workers.empty()) summary["slow_seconds"] = o.slow_seconds;
    summary["seconds_per_load"] = slope;
    summary["overhead"] = intercept;
    json loads = json::array();
    for (std::size_t l = 0; l < o.loads.size(); ++l) {
        const std::string file = "load_" + load_name(o.loads[l]) + ".csv";
        std::ostringstream csv;
        csv << "# " << command << "\n# sgc_probe: " << workers << " workers, " << o.rounds << " rounds at load "
            << load_name(o.loads[l]) << " (" << workload << "); fitted seconds per load " << json(slope).dump()
            << "\n# recorded at load " << load_name(o.loads[l]) << ": replay with --trace-load "
            << load_name(o.loads[l]) << " --seconds-per-load " << json(std::max(slope, 0.0)).dump() << '\n';
        sgc::sim::write_trace(csv, traces[l]);
        write_file(dir / file, csv.str());
        const stats all = summarise(traces[l].times());
        json per_worker = json::array();
        for (std::size_t i = 0; i < workers; ++i) {
            std::vector<double> column;
            for (std::size_t r = 0; r < o.rounds; ++r) column.push_back(traces[l](r, i));
            const stats s = summarise(column);
            per_worker.push_back(json{{"worker", i}, {"median", s.median}, {"p95", s.p95}, {"max", s.max}});
        }
        loads.push_back(json{{"load", o.loads[l]},
                             {"trace", file},
                             {"median", all.median},
                             {"p95", all.p95},
                             {"max", all.max},
                             {"workers", std::move(per_worker)}});
    }
    summary["loads"] = std::move(loads);
    write_file(dir / "probe.json", summary.dump(2) + '\n');
    std::printf("sgc_probe: %zu workers; time = %.6g s + %.6g s x load (least squares over %zu probes)\n"
                "sgc_probe: wrote %zu traces and %s\n",
                workers, intercept, slope, static_cast<std::size_t>(count), o.loads.size(),
                (dir / "probe.json").string().c_str());
    if (slope < 0)
        std::printf("sgc_probe: note: the fitted seconds per load is negative: the workload is too small to "
                    "measure against the noise; probe a larger one (--batch, --features, --workload)\n");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int status = 0;
    try {
        if (size < 2) throw usage_error{"needs at least 2 ranks: mpirun -np <workers + 1> sgc_probe ..."};
        // Every rank parses the same arguments: a bad one stops them all before any message.
        const settings o = parse(argc, argv, static_cast<std::size_t>(size - 1));
        status = rank == 0 ? coordinate(o, static_cast<std::size_t>(size - 1), argc, argv)
                           : serve(o, static_cast<std::size_t>(rank - 1));
    } catch (const usage_error& e) {
        if (rank == 0) std::fprintf(stderr, "sgc_probe: error: %s\n", sgc_tools::one_line(e.message).c_str());
        status = 2;
    } catch (const help_request& help) {
        if (rank == 0) std::fputs(help.text.c_str(), stdout);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sgc_probe: error: %s\n", e.what());
        status = 3;
    }
    MPI_Finalize();
    return status;
}
