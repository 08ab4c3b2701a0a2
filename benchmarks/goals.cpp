// The performance goals as ratios of one run's figures (medians when repeated), printed after
// the console table: the source of the README's Performance table.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "suite.hpp"

namespace {

constexpr double gib = 1024.0 * 1024.0 * 1024.0;

class goal_reporter : public benchmark::ConsoleReporter {
public:
    goal_reporter() : ConsoleReporter(OO_None) {}

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs) record(run);
    }
    void Finalize() override;

private:
    // Bytes per second for rates, real nanoseconds per iteration for plans.
    struct figure {
        double rate = 0.0, time = 0.0;
        int samples = 0;
        bool median = false;
    };

    void record(const Run& run) {
        if (run.error_occurred) return;
        figure& f = figures_[run.run_name.function_name + "/" + run.run_name.args];
        const auto bytes = run.counters.find("bytes_per_second");
        const double rate = bytes == run.counters.end() ? 0.0 : bytes->second.value;
        const double time = run.GetAdjustedRealTime() * nanoseconds_per(run.time_unit);
        if (run.run_type == Run::RT_Aggregate) {
            if (run.aggregate_name != "median") return;
            f = figure{rate, time, 1, true};
        } else if (!f.median) { // running mean of the repetitions
            ++f.samples;
            f.rate += (rate - f.rate) / f.samples;
            f.time += (time - f.time) / f.samples;
        }
    }

    static double nanoseconds_per(benchmark::TimeUnit unit) {
        switch (unit) {
        case benchmark::kSecond: return 1e9;
        case benchmark::kMillisecond: return 1e6;
        case benchmark::kMicrosecond: return 1e3;
        case benchmark::kNanosecond: return 1.0;
        }
        return 1.0;
    }

    // a / b of two figures, or a negative number when one is missing.
    double ratio(const std::string& a, const std::string& b, bool rates) const {
        const auto x = figures_.find(a), y = figures_.find(b);
        if (x == figures_.end() || y == figures_.end()) return -1.0;
        const double num = rates ? x->second.rate : x->second.time;
        const double den = rates ? y->second.rate : y->second.time;
        return den > 0.0 ? num / den : -1.0;
    }

    // The rate of a figure, or 0 when it is missing.
    double rate(const std::string& name) const {
        const auto f = figures_.find(name);
        return f == figures_.end() ? 0.0 : f->second.rate;
    }

    // The fastest read of shape (k/d) with `threads` threads in this run: the yardstick every
    // combine is held to, so that no ratio flatters by picking a slow read.
    double fastest_read(const std::string& shape, int threads) const {
        const std::string t = "/" + std::to_string(threads);
        double best = std::max(rate("BM_read_baseline_parallel/" + shape + t),
                               rate("BM_read_interleaved_parallel/" + shape + t));
        if (threads == 1)
            best = std::max({best, rate("BM_read_baseline/" + shape),
                             rate("BM_read_interleaved/" + shape)});
        return best;
    }

    // rate(name) / the fastest read, or a negative number when one is missing.
    double over_fastest_read(const std::string& name, const std::string& shape,
                             int threads) const {
        const double read = fastest_read(shape, threads), r = rate(name);
        return read > 0.0 && r > 0.0 ? r / read : -1.0;
    }

    void goal(const std::string& what, double value, double target) const {
        if (value < 0.0) return;
        std::printf("  %-64s %9.2f   >= %-6g %s\n", what.c_str(), value, target,
                    value >= target ? "met" : "NOT MET");
    }

    std::map<std::string, figure> figures_;
};

void goal_reporter::Finalize() {
    ConsoleReporter::Finalize();
    const std::string big = "64/4194304";
    std::printf("\nGoals (ratios of this run's figures; medians when repeated; \"fastest read\":\n"
                "the fastest read yardstick with as many threads in this run)\n");
    goal("combine / fastest read, k = 64, d = 2^22, calling thread",
         over_fastest_read("BM_combine/" + big, big, 1), 0.90);
    for (int t : {1, 2}) {
        const std::string threads = std::to_string(t) + (t == 1 ? " thread" : " threads");
        const std::string combine = "BM_combine_parallel/" + big + "/" + std::to_string(t);
        goal("combine / fastest read, k = 64, d = 2^22, " + threads,
             over_fastest_read(combine, big, t), 0.90);
        goal("combine / OpenBLAS sgemv, k = 64, d = 2^22, " + threads,
             ratio(combine, "BM_combine_blas/" + big + "/" + std::to_string(t), true), 0.95);
    }
    for (int t : {1, 2})
        goal("xsimd combine / fastest read, k = 64, d = 2^22, " + std::to_string(t) +
                 (t == 1 ? " thread" : " threads"),
             over_fastest_read("BM_combine_xsimd/" + big + "/" + std::to_string(t), big, t),
             0.90);
    for (int t : {1, 2}) {
        const std::string shape = "m_sgc/256/1048576/" + std::to_string(t);
        goal("master ingest / read, M-SGC (1, 2, 27), n = 256, d = 2^20, " + std::to_string(t) +
                 (t == 1 ? " thread" : " threads"),
             ratio("BM_master_ingest/" + shape, "BM_read_baseline/" + shape, true), 0.80);
    }
    goal("least-squares reference / banded plan time, (256, 27)",
         ratio("BM_plan_lstsq_reference/256/27", "BM_plan_crc/256/27", false), 5.0);
    goal("banded plan / cached plan time, (256, 27)",
         ratio("BM_plan_crc/256/27", "BM_plan_cached/256/27", false), 1000.0);

    std::printf("\nThe combines over the yardsticks with t threads (read: the fastest read; "
                "sgemv: OpenBLAS)\n");
    std::printf("  %-12s %2s %10s %10s %10s %10s %10s %10s\n", "k/d", "t", "read GiB/s",
                "sgemv", "combine", "/ read", "/ sgemv", "xsimd/read");
    for (const char* shape : {"8/65536", "64/65536", "229/65536", "8/4194304", "64/4194304",
                              "229/4194304"})
        for (int t : {1, 2}) {
            const std::string s = shape, ts = "/" + std::to_string(t);
            const double read = fastest_read(s, t), combine = rate("BM_combine_parallel/" + s + ts);
            if (read <= 0.0 || combine <= 0.0) continue;
            std::printf("  %-12s %2d %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f\n", shape, t,
                        read / gib, rate("BM_combine_blas/" + s + ts) / gib, combine / gib,
                        combine / read,
                        ratio("BM_combine_parallel/" + s + ts, "BM_combine_blas/" + s + ts, true),
                        over_fastest_read("BM_combine_xsimd/" + s + ts, s, t));
        }
    std::fflush(stdout);
}

} // namespace

std::unique_ptr<benchmark::BenchmarkReporter> sgc_bench::make_goal_reporter() {
    return std::make_unique<goal_reporter>();
}
