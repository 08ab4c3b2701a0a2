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

    void goal(const char* what, double value, double target) const {
        if (value < 0.0) return;
        std::printf("  %-64s %9.2f   >= %-6g %s\n", what, value, target,
                    value >= target ? "met" : "NOT MET");
    }

    std::map<std::string, figure> figures_;
};

void goal_reporter::Finalize() {
    ConsoleReporter::Finalize();
    const std::string big = "64/4194304";
    std::printf("\nGoals (ratios of this run's figures; medians when repeated)\n");
    goal("combine / read baseline, k = 64, d = 2^22, 1 thread",
         ratio("BM_combine/" + big, "BM_read_baseline/" + big, true), 0.90);
    goal("combine / read baseline, k = 64, d = 2^22, 2 threads",
         ratio("BM_combine_parallel/" + big + "/2", "BM_read_baseline_parallel/" + big + "/2",
               true),
         0.90);
    goal("combine / xtensor-blas, k = 64, d = 2^22 (real time, 1 thread)",
         ratio("BM_combine_parallel/" + big + "/1", "BM_combine_blas/" + big, true), 2.0);
    // What the ratio needs against how fast one thread read those bytes at all in this run.
    const auto blas = figures_.find("BM_combine_blas/" + big);
    if (blas != figures_.end()) {
        double fastest = 0.0;
        for (const std::string& name : {"BM_read_baseline/" + big, "BM_read_interleaved/" + big,
                                        "BM_combine/" + big, "BM_combine_parallel/" + big + "/1"}) {
            const auto f = figures_.find(name);
            if (f != figures_.end()) fastest = std::max(fastest, f->second.rate);
        }
        std::printf("    (2x needs %.2f GiB/s; the fastest 1-thread pass over these bytes here, "
                    "read or combine: %.2f GiB/s)\n",
                    2.0 * blas->second.rate / gib, fastest / gib);
    }
    goal("least-squares reference / banded plan time, (256, 27)",
         ratio("BM_plan_lstsq_reference/256/27", "BM_plan_crc/256/27", false), 5.0);
    goal("banded plan / cached plan time, (256, 27)",
         ratio("BM_plan_crc/256/27", "BM_plan_cached/256/27", false), 1000.0);

    std::printf("\nCombine rate over each yardstick (2 thr: 2 threads over the 2-thread read)\n");
    std::printf("  %-16s %11s %11s %11s %11s %11s\n", "k/d", "read", "interleaved", "blas",
                "read 2 thr", "combine GiB/s");
    for (const char* shape : {"8/65536", "64/65536", "229/65536", "8/4194304", "64/4194304",
                              "229/4194304"}) {
        const std::string s = shape;
        const auto combine = figures_.find("BM_combine/" + s);
        if (combine == figures_.end()) continue;
        std::printf("  %-16s %11.2f %11.2f %11.2f %11.2f %11.2f\n", shape,
                    ratio("BM_combine/" + s, "BM_read_baseline/" + s, true),
                    ratio("BM_combine/" + s, "BM_read_interleaved/" + s, true),
                    ratio("BM_combine_parallel/" + s + "/1", "BM_combine_blas/" + s, true),
                    ratio("BM_combine_parallel/" + s + "/2",
                          "BM_read_baseline_parallel/" + s + "/2", true),
                    combine->second.rate / gib);
    }
    std::fflush(stdout);
}

} // namespace

std::unique_ptr<benchmark::BenchmarkReporter> sgc_bench::make_goal_reporter() {
    return std::make_unique<goal_reporter>();
}
