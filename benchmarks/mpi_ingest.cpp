// sgc_bench_mpi: the MPI transport's throughput of result messages against a plain
// MPI_Send / MPI_Recv loop moving the same bytes, in the same run. Google Benchmark runs on
// rank 0 (the master); ranks 1 .. n serve: on each batch's command every worker sends m results
// of d floats, either as sgc's results (sgc::detail::mpi_send_result: a header, then the
// payload from the gradient's memory) that rank 0 takes with sgc::mpi_transport::receive
// (received into a fresh gradient of length d), or as plain MPI_Send that rank 0 takes with
// MPI_Recv into one reused buffer. Rate = result bytes received per second (real time).
//
//   mpirun -np 5 sgc_bench_mpi [--min-ratio R] [--result FILE] [benchmark flags]
//
// After the table, rank 0 prints "BM_mpi_ingest / plain MPI loop, d = <d>: <ratio>" for each
// d. Its status (exit code, and "status N" in FILE) is 1 if a ratio is below R (default 0:
// report only), else 0. The goal is >= 0.90 at d = 2^20 (docs/guide/06-transports.md).
#include <benchmark/benchmark.h>

#include <sgc/transport/mpi.hpp>

#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using G = std::vector<float>;
constexpr int tag_command = 1, tag_plain = 2;
enum mode : std::uint64_t { plain, transport, done };

MPI_Comm control = MPI_COMM_NULL; // commands and the plain loop; the transport has MPI_COMM_WORLD
std::size_t workers = 0;

// Results per worker per batch: 16 MiB from each worker whatever d.
std::size_t messages_per_worker(std::size_t d) { return std::max<std::size_t>(1, (std::size_t{4} << 20) / d); }

void command(mode m, std::size_t d) {
    const std::uint64_t c[3] = {m, d, messages_per_worker(d)};
    for (std::size_t w = 1; w <= workers; ++w)
        MPI_Send(c, 3, MPI_UINT64_T, static_cast<int>(w), tag_command, control);
}

// ---- rank 0 -------------------------------------------------------------------------------

void BM_mpi_plain(benchmark::State& state) {
    const auto d = static_cast<std::size_t>(state.range(0));
    const std::size_t count = workers * messages_per_worker(d);
    G buffer(d, 0.0f);
    for (auto _ : state) {
        command(plain, d);
        for (std::size_t k = 0; k < count; ++k)
            MPI_Recv(buffer.data(), static_cast<int>(d), MPI_FLOAT, MPI_ANY_SOURCE, tag_plain, control,
                     MPI_STATUS_IGNORE);
        benchmark::DoNotOptimize(buffer.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * count * d * sizeof(float)));
}

// One transport per d, kept for the whole run (its round was posted once); shut down at the end.
std::map<std::size_t, std::unique_ptr<sgc::mpi_transport<G>>> transports;
sgc::round_assignment one_slot_round;

sgc::mpi_transport<G>& transport_for(std::size_t d) {
    auto& t = transports[d];
    if (!t) {
        t = std::make_unique<sgc::mpi_transport<G>>(MPI_COMM_WORLD, G(d));
        t->post(sgc::round_work<sgc::no_input>{0, &one_slot_round, 0, nullptr});
    }
    return *t;
}

void BM_mpi_ingest(benchmark::State& state) {
    const auto d = static_cast<std::size_t>(state.range(0));
    const std::size_t count = workers * messages_per_worker(d);
    auto& t = transport_for(d);
    std::size_t wrong = 0;
    for (auto _ : state) {
        command(transport, d);
        for (std::size_t k = 0; k < count; ++k) {
            auto m = t.receive(t.now() + 60.0);
            wrong += !m || m->slots.size() != 1 || m->slots[0].gradient.size() != d;
        }
    }
    if (wrong != 0) state.SkipWithError("results missing or malformed");
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * count * d * sizeof(float)));
}

// The console table, then ingest / plain per d (medians when repeated, else means).
class ratio_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs) {
            if (run.error_occurred) continue;
            const auto rate = run.counters.find("bytes_per_second");
            if (rate == run.counters.end()) continue;
            auto& f = rates_[run.run_name.function_name][run.run_name.args];
            if (run.run_type == Run::RT_Aggregate) {
                if (run.aggregate_name == "median") f = {rate->second.value, 1, true};
            } else if (!f.median) {
                ++f.samples;
                f.rate += (rate->second.value - f.rate) / f.samples;
            }
        }
    }
    // The smallest ratio over the sizes; negative if a figure is missing.
    double report_ratios() const {
        double lowest = 1e300;
        const auto plain_rates = rates_.find("BM_mpi_plain");
        const auto ingest_rates = rates_.find("BM_mpi_ingest");
        if (plain_rates == rates_.end() || ingest_rates == rates_.end()) return -1.0;
        for (const auto& [d, plain_figure] : plain_rates->second) {
            const auto ingest = ingest_rates->second.find(d);
            if (ingest == ingest_rates->second.end() || plain_figure.rate <= 0.0) return -1.0;
            const double ratio = ingest->second.rate / plain_figure.rate;
            std::printf("BM_mpi_ingest / plain MPI loop, d = %s: %.3f (%.2f / %.2f GiB/s)\n", d.c_str(),
                        ratio, ingest->second.rate / (1 << 30), plain_figure.rate / (1 << 30));
            lowest = std::min(lowest, ratio);
        }
        std::fflush(stdout);
        return lowest;
    }

private:
    struct figure {
        double rate = 0.0;
        int samples = 0;
        bool median = false;
    };
    std::map<std::string, std::map<std::string, figure>> rates_;
};

// ---- ranks 1 .. n -------------------------------------------------------------------------

// Serves batches until told it is done; answers the transports' stops in between.
sgc::mpi_ending serve() {
    std::map<std::size_t, G> buffers; // per d, sent again and again
    std::list<sgc::detail::mpi_outgoing_result<G>> outbox;
    std::vector<std::uint64_t> words;
    std::vector<unsigned char> scratch;
    sgc::mpi_ending ending = sgc::mpi_ending::clean;
    for (sgc::detail::mpi_backoff wait;; wait.pause(false)) {
        int flag = 0;
        MPI_Message message;
        MPI_Status status;
        MPI_Improbe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &message, &status);
        if (flag) { // the transport's work (dropped) or its stop (answered)
            wait.moved();
            if (status.MPI_TAG == sgc::detail::tag_stop &&
                sgc::detail::mpi_receive_header(message, status, words, scratch) && words.size() == 1)
                ending = sgc::detail::mpi_worker_end(MPI_COMM_WORLD, static_cast<double>(words[0]) * 1e-6, outbox);
            else if (status.MPI_TAG != sgc::detail::tag_stop)
                sgc::detail::mpi_drop(message, status, scratch);
            continue;
        }
        MPI_Iprobe(0, tag_command, control, &flag, &status);
        if (!flag) continue;
        wait.moved();
        std::uint64_t c[3];
        MPI_Recv(c, 3, MPI_UINT64_T, 0, tag_command, control, MPI_STATUS_IGNORE);
        if (c[0] == done) return ending;
        const std::size_t d = c[1], m = c[2];
        auto& buffer = buffers.try_emplace(d, G(d, 1.0f)).first->second;
        for (std::size_t k = 0; k < m; ++k) {
            if (c[0] == plain) {
                MPI_Send(buffer.data(), static_cast<int>(d), MPI_FLOAT, 0, tag_plain, control);
                continue;
            }
            sgc::result_message<G> result;
            result.slots.push_back({0, std::move(buffer)});
            sgc::detail::mpi_send_result(MPI_COMM_WORLD, std::move(result), outbox);
            auto& sent = outbox.back();
            MPI_Waitall(static_cast<int>(sent.requests.size()), sent.requests.data(), MPI_STATUSES_IGNORE);
            buffer = std::move(sent.message.slots[0].gradient); // the same memory, sent again
            outbox.pop_back();
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_dup(MPI_COMM_WORLD, &control);
    workers = static_cast<std::size_t>(size - 1);
    std::string result;
    double min_ratio = 0.0;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--result" && i + 1 < argc) result = argv[++i];
        else if (a == "--min-ratio" && i + 1 < argc) min_ratio = std::stod(argv[++i]);
        else args.push_back(argv[i]);
    }
    int status = 0;
    sgc::mpi_ending ending = sgc::mpi_ending::clean;
    if (size < 2) {
        std::fprintf(stderr, "sgc_bench_mpi: run under mpirun with at least 2 ranks\n");
        status = 2;
    } else if (rank != 0) {
        ending = serve();
    } else {
        int bench_argc = static_cast<int>(args.size());
        benchmark::Initialize(&bench_argc, args.data());
        one_slot_round = sgc::round_assignment(workers, 1);
        for (std::size_t w = 0; w < workers; ++w) one_slot_round(w, 0) = sgc::task{sgc::task_kind::gc, 0, 0};
        for (const std::int64_t d : {std::int64_t{1} << 16, std::int64_t{1} << 20}) {
            benchmark::RegisterBenchmark("BM_mpi_plain", BM_mpi_plain)->Arg(d)->UseRealTime()->Unit(benchmark::kMillisecond);
            benchmark::RegisterBenchmark("BM_mpi_ingest", BM_mpi_ingest)->Arg(d)->UseRealTime()->Unit(benchmark::kMillisecond);
        }
        ratio_reporter reporter;
        benchmark::RunSpecifiedBenchmarks(&reporter);
        benchmark::Shutdown();
        for (auto& [d, t] : transports)
            if (t->shutdown() != sgc::mpi_ending::clean) ending = sgc::mpi_ending::failed;
        transports.clear();
        command(done, 0);
        const double lowest = reporter.report_ratios();
        status = lowest < 0.0 || lowest < min_ratio ? 1 : 0;
        if (min_ratio > 0.0)
            std::printf("sgc_bench_mpi: lowest ratio %.3f, required %.3f: %s\n", lowest, min_ratio,
                        status == 0 ? "pass" : "FAIL");
    }
    if (rank == 0 && !result.empty()) {
        if (std::FILE* f = std::fopen(result.c_str(), "w")) {
            std::fprintf(f, "status %d\n", status);
            std::fclose(f);
        }
    }
    MPI_Comm_free(&control);
    return sgc::mpi_finish(ending, status);
}
