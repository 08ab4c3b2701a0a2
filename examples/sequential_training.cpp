// The demo: softmax regression on Fashion-MNIST trained through sgc::master on n = 16
// in-process workers, once per scheme (no coding, GC, SR-SGC, M-SGC, all tolerating the
// (B, W, lambda) = (2, 3, 3)-bursty stragglers; GC s = 3), while the workers straggle as a delay
// trace says. Job t is minibatch t mod 117 of the 60,000 training images (512 images, split
// across the workers by the scheme's code); as in the paper, T + 1 models train round-robin
// (round t works on model t mod (T + 1)), so a gradient decoded T rounds late is never stale.
//
// The trace (default: a synthetic Gilbert-Elliott trace, the one `sgc trace` makes with the
// options printed) gives every worker's seconds in every round, recorded at load L0 and shifted
// to each scheme's load as the simulator does. The transport's paced clock ends every round
// exactly as `sgc simulate` does on the same trace (the rounds CSV shows it) and holds wall time
// to trace time x --time-scale. The codes are exact: every run must end with the models of an
// uncoded run with the same T and the same round schedule (max_model_diff <= 1e-6), or the demo
// exits with 1. Coding changes the speed, never the model.
//
//   sequential_training [--data DIR] [--jobs J] [--time-scale X]
//                       [--trace FILE [--trace-load L0 --seconds-per-load C]]
//                       [--summary CSV] [--curve CSV] [--rounds CSV] [--plot PNG]
//
//   --data DIR        Fashion-MNIST's gzipped IDX files (/usr/share/datasets/fashion-mnist)
//   --jobs J          jobs (minibatches) per run (400)
//   --time-scale X    wall seconds per trace second (0.01: a 2 s cluster round takes 20 ms)
//   --trace FILE      a delay trace CSV over >= 16 workers (as `sgc trace`, `sgc_probe` write
//                     it); rounds beyond its end wrap around. --trace-load and
//                     --seconds-per-load: the load it was recorded at and c (default: no shift)
//   --summary CSV     one row per scheme: scheme, parameters, T, load, wall_seconds,
//                     trace_seconds, waits, stragglers, train_loss, test_accuracy, max_model_diff
//   --curve CSV       time to accuracy: scheme, round, wall_seconds, test_accuracy
//   --rounds CSV      every round: scheme, round, duration, elapsed, waited, straggler_count,
//                     stragglers (the columns of `sgc simulate --csv`, trace seconds)
//   --plot PNG        test accuracy against wall seconds, one line per scheme (needs gnuplot)
//
// Bad input (an option, a missing or truncated data file, a trace with too few workers, a
// time scale <= 0): one line on stderr naming it, exit code 2, no output file written.
#include <sgc/core/error.hpp>
#include <sgc/core/rational.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/synthetic.hpp>
#include <sgc/sim/trace.hpp>
#include <sgc/sim/trace_delays.hpp>
#include <sgc/transport/in_process.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "fashion_mnist.hpp"
#include "softmax.hpp"

namespace {

using gradient = std::vector<double>;
using clock_type = std::chrono::steady_clock;

constexpr std::size_t n = 16, B = 2, W = 3, lambda = 3, batch = 512;
constexpr double mu = 1.0, learning_rate = 1.0, max_allowed_diff = 1e-6;
constexpr sgc::wait_policy policy = sgc::wait_policy::wait_all; // the paper's master

// The synthetic trace, as `sgc trace --model gilbert-elliott --n 16 --rounds R --p 0.05
// --q 0.5 --seed 2024 --load 1/16 --seconds-per-load 2.2` writes it: 1 s overhead a round,
// 2.2 s per unit of load, recorded uncoded (load 1/16); a worker turns slow (3x) with
// probability 0.05 a round and recovers with probability 0.5.
constexpr double trace_p = 0.05, trace_q = 0.5, trace_c = 2.2;
constexpr std::uint64_t trace_seed = 2024;

struct settings {
    std::string data = example::fashion_mnist_dir;
    std::size_t jobs = 400;
    double time_scale = 0.01;
    std::string trace;
    std::optional<double> trace_load, seconds_per_load;
    std::string summary, curve, rounds, plot;
};

struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A number >= 0 of the command line (a decimal, or a fraction like 1/16), or a usage_error
// naming the option, its value and `rule`.
double number(const std::string& option, const std::string& text,
              const char* rule = "expected a number >= 0 (a decimal or a fraction like 1/16)") {
    try {
        return sgc::sim::parse_load(text, option.c_str());
    } catch (const sgc::invalid_parameter&) {
        throw usage_error(option + " " + text + ": " + rule);
    }
}

settings parse(int argc, char** argv) {
    settings o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw usage_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--data") o.data = value();
        else if (a == "--jobs") {
            const std::string v = value();
            const double j = number(a, v);
            if (j < 1 || j != std::floor(j) || j > 1e6) throw usage_error("--jobs " + v + ": must be a whole number from 1 to 1000000");
            o.jobs = static_cast<std::size_t>(j);
        } else if (a == "--time-scale") {
            const std::string v = value();
            constexpr const char* rule = "must be a finite number > 0";
            o.time_scale = number(a, v, rule);
            if (!(o.time_scale > 0)) throw usage_error("--time-scale " + v + ": " + rule);
        } else if (a == "--trace") o.trace = value();
        else if (a == "--trace-load") o.trace_load = number(a, value());
        else if (a == "--seconds-per-load") o.seconds_per_load = number(a, value());
        else if (a == "--summary") o.summary = value();
        else if (a == "--curve") o.curve = value();
        else if (a == "--rounds") o.rounds = value();
        else if (a == "--plot") o.plot = value();
        else throw usage_error("unknown option " + a + " (see the comment at the top of examples/sequential_training.cpp)");
    }
    if (o.trace_load.has_value() != o.seconds_per_load.has_value())
        throw usage_error(o.trace_load ? "--seconds-per-load is required with --trace-load"
                                       : "--trace-load is required with --seconds-per-load");
    if (o.trace.empty() && o.trace_load) throw usage_error("--trace-load needs --trace");
    return o;
}

// An output file that appears complete or not at all: written to `path`.tmp, renamed at
// commit(); the temporary is removed if the program fails before. Opened at once, so that an
// unwritable path fails before the training does.
class output_file {
public:
    explicit output_file(std::string path) : path_(std::move(path)), temporary_(path_.empty() ? "" : path_ + ".tmp") {
        if (path_.empty()) return;
        std::ofstream probe(temporary_);
        if (!probe) throw usage_error(path_ + ": cannot write here");
    }
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;
    ~output_file() {
        if (!path_.empty() && !committed_) std::remove(temporary_.c_str());
    }

    bool wanted() const noexcept { return !path_.empty(); }
    const std::string& path() const noexcept { return path_; }
    const std::string& temporary() const noexcept { return temporary_; }

    void commit(const std::string& text) {
        std::ofstream out(temporary_);
        out << text;
        out.close();
        if (!out) throw std::runtime_error(path_ + ": writing failed");
        commit_written();
    }
    // The temporary file was written by someone else (gnuplot).
    void commit_written() {
        if (std::rename(temporary_.c_str(), path_.c_str()) != 0) throw std::runtime_error(path_ + ": cannot rename " + temporary_ + " to it");
        committed_ = true;
    }

private:
    std::string path_, temporary_;
    bool committed_ = false;
};

// One line on stderr, redrawn in place on a terminal (elsewhere drawn once, when full).
class progress_bar {
public:
    progress_bar(std::string label, std::size_t total) : label_(std::move(label)), total_(total) {}
    void update(std::size_t done) const {
        if (done != total_ && !terminal_) return;
        constexpr std::size_t width = 30;
        const std::size_t filled = total_ ? done * width / total_ : width;
        std::fprintf(stderr, "\r%-7s [%s%s] %zu/%zu rounds", label_.c_str(), std::string(filled, '#').c_str(),
                     std::string(width - filled, '.').c_str(), done, total_);
        if (done == total_) std::fputc('\n', stderr);
        std::fflush(stderr);
    }

private:
    std::string label_;
    std::size_t total_;
    bool terminal_ = isatty(fileno(stderr)) != 0;
};

struct curve_point {
    std::size_t rounds;
    double wall_seconds, test_accuracy;
};

struct run {
    std::string name, parameters, load;
    std::size_t T = 0, waits = 0, stragglers = 0, failed = 0;
    double wall_seconds = 0.0, trace_seconds = 0.0, train_loss = 0.0, test_accuracy = 1.0,
           max_model_diff = 0.0;
    std::vector<gradient> models;
    std::vector<sgc::round_report> rounds;
    std::vector<curve_point> curve;
};

// The data (centred on the training set's mean image) and the model's computations.
struct problem {
    problem(example::dataset training, example::dataset testing)
        : train(std::move(training)), test(std::move(testing)), model(train, batch) {
        example::centre(train, test);
    }
    problem(const problem&) = delete;
    problem& operator=(const problem&) = delete;

    example::dataset train, test;
    example::softmax_regression model; // reads `train`

    // The lowest test accuracy among `models`.
    double worst_accuracy(const std::vector<gradient>& models) const {
        double worst = 1.0;
        for (const auto& w : models) worst = std::min(worst, model.accuracy(w, test));
        return worst;
    }
    void step(gradient& w, const gradient& g) const {
        const double rate = learning_rate / static_cast<double>(model.batch());
        for (std::size_t i = 0; i < w.size(); ++i) w[i] -= rate * g[i];
    }
};

// The trace as each scheme's workers' delays: the default synthetic trace or --trace.
struct trace_source {
    sgc::sim::delay_trace trace;
    sgc::sim::load_shift shift;
    std::string description;
};

trace_source make_trace(const settings& o, std::size_t rounds) {
    trace_source t;
    if (o.trace.empty()) {
        sgc::sim::trace_timing timing;
        timing.seconds_per_load = trace_c;
        timing.load = 1.0 / n;
        t.trace = sgc::sim::gilbert_elliott_trace(n, rounds, trace_p, trace_q, timing, trace_seed);
        t.shift = {timing.load, timing.seconds_per_load};
        std::ostringstream text;
        text << "synthetic Gilbert-Elliott, as: sgc trace --model gilbert-elliott --n " << n << " --rounds " << rounds
             << " --p " << trace_p << " --q " << trace_q << " --seed " << trace_seed << " --load 1/" << n
             << " --seconds-per-load " << trace_c;
        t.description = text.str();
        return t;
    }
    try {
        t.trace = sgc::sim::load_trace(o.trace);
    } catch (const sgc::invalid_parameter& e) {
        throw usage_error("--trace " + o.trace + ": " + e.rule());
    } catch (const sgc::parse_error& e) {
        throw usage_error(std::string("--trace ") + e.what());
    }
    if (o.trace_load) t.shift = {*o.trace_load, *o.seconds_per_load};
    std::ostringstream text;
    text << o.trace << ", " << t.trace.rounds() << " rounds" << (t.trace.rounds() < rounds ? " (wrapping around)" : "")
         << " over " << t.trace.n() << " workers";
    if (t.trace.n() > n) text << " (the first " << n << " used)";
    text << ", load shift L0 = " << t.shift.trace_load << ", c = " << t.shift.seconds_per_load;
    t.description = text.str();
    return t;
}

// The delays of a scheme of load `load`; bad traces and shifts name the option.
sgc::delay_function delays_for(const trace_source& t, const settings& o, double load) {
    try {
        return sgc::sim::trace_delays(t.trace, n, load, t.shift);
    } catch (const sgc::invalid_parameter& e) {
        const std::string parameter = e.parameter();
        const std::string option = parameter == "trace_load" ? "--trace-load" : parameter == "seconds_per_load" ? "--seconds-per-load" : "--trace " + o.trace + ":";
        throw usage_error(option + (parameter == "n" ? "" : " " + e.value() + ":") + " " + e.rule());
    }
}

template <class Scheme>
run train(const std::string& name, const std::string& parameters, const Scheme& scheme, const settings& o,
          const trace_source& trace, const problem& p) {
    const gradient zero(p.model.d(), 0.0);
    auto partial = [&p](const gradient& w, std::size_t job, sgc::sample_range samples, gradient& out) {
        p.model.gradient(w, job, samples, out);
    };
    const double load = scheme.load().value();
    auto transport = sgc::make_in_process<gradient>(scheme, p.model.batch(), partial, zero, delays_for(trace, o, load),
                                                    {0, sgc::clock_kind::paced, o.time_scale});
    sgc::master_options options;
    options.mu = mu;
    options.policy = policy;
    options.decode = sgc::decode_options::for_type<double>(1e-9);
    sgc::master master(scheme, transport, o.jobs, zero, options);

    run r;
    r.name = name;
    r.parameters = parameters;
    r.load = sgc::to_string(scheme.load());
    r.T = scheme.T();
    r.models.assign(r.T + 1, zero);
    const std::size_t total = master.bookkeeping().rounds(), every = std::max<std::size_t>(1, total / 20);
    const progress_bar bar(name, total);
    r.curve.push_back({0, 0.0, p.worst_accuracy(r.models)});
    double evaluating = 0.0; // seconds spent on the curve's evaluations, not on training
    const auto start = clock_type::now();
    while (!master.finished()) {
        const std::size_t round = master.round();
        std::shared_ptr<const gradient> input;
        if (round < o.jobs) input = std::make_shared<const gradient>(r.models[round % (r.T + 1)]);
        r.rounds.push_back(master.run_round(input));
        while (auto job = master.next()) {
            if (job->ok()) p.step(r.models[job->job % (r.T + 1)], job->gradient);
            else ++r.failed;
        }
        if ((round + 1) % every == 0 || master.finished()) {
            const auto evaluation = clock_type::now();
            const double trained = std::chrono::duration<double>(evaluation - start).count() - evaluating;
            r.curve.push_back({round + 1, trained, p.worst_accuracy(r.models)});
            evaluating += std::chrono::duration<double>(clock_type::now() - evaluation).count();
        }
        bar.update(round + 1);
    }
    r.wall_seconds = r.curve.back().wall_seconds;
    r.waits = master.counters().waits;
    r.stragglers = master.counters().stragglers;
    for (const auto& report : r.rounds) r.trace_seconds += report.duration;
    r.test_accuracy = r.curve.back().test_accuracy;
    for (const auto& w : r.models) r.train_loss = std::max(r.train_loss, p.model.loss(w, p.train));
    return r;
}

// The uncoded run with T + 1 models and the same round schedule: job t's full gradient,
// computed directly, updates model t mod (T + 1).
std::vector<gradient> reference(std::size_t T, const settings& o, const problem& p) {
    std::vector<gradient> models(T + 1, gradient(p.model.d(), 0.0));
    gradient g(p.model.d());
    for (std::size_t t = 0; t < o.jobs; ++t) {
        p.model.gradient(models[t % (T + 1)], t, {0, p.model.batch()}, g);
        p.step(models[t % (T + 1)], g);
    }
    return models;
}

double max_abs_difference(const std::vector<gradient>& a, const std::vector<gradient>& b) {
    double worst = 0.0;
    for (std::size_t m = 0; m < a.size(); ++m)
        for (std::size_t i = 0; i < a[m].size(); ++i) worst = std::max(worst, std::abs(a[m][i] - b[m][i]));
    return worst;
}

std::string format(const char* pattern, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, v);
    return buffer;
}

std::string summary_csv(const std::vector<run>& runs) {
    std::string out = "scheme,parameters,T,load,wall_seconds,trace_seconds,waits,stragglers,train_loss,test_accuracy,max_model_diff\n";
    for (const auto& r : runs)
        out += r.name + ',' + r.parameters + ',' + std::to_string(r.T) + ',' + r.load + ',' +
               format("%.3f", r.wall_seconds) + ',' + format("%.3f", r.trace_seconds) + ',' + std::to_string(r.waits) +
               ',' + std::to_string(r.stragglers) + ',' + format("%.6f", r.train_loss) + ',' +
               format("%.4f", r.test_accuracy) + ',' + format("%.3g", r.max_model_diff) + '\n';
    return out;
}

std::string curve_csv(const std::vector<run>& runs) {
    std::string out = "scheme,round,wall_seconds,test_accuracy\n";
    for (const auto& r : runs)
        for (const auto& c : r.curve)
            out += r.name + ',' + std::to_string(c.rounds) + ',' + format("%.3f", c.wall_seconds) + ',' +
                   format("%.4f", c.test_accuracy) + '\n';
    return out;
}

std::string rounds_csv(const std::vector<run>& runs) {
    std::string out = "scheme,round,duration,elapsed,waited,straggler_count,stragglers\n";
    for (const auto& r : runs) {
        double elapsed = 0.0;
        for (const auto& report : r.rounds) {
            elapsed += report.duration;
            std::string ids;
            for (std::size_t i : report.stragglers) ids += (ids.empty() ? "" : " ") + std::to_string(i);
            out += r.name + ',' + std::to_string(report.round) + ',' + format("%.6f", report.duration) + ',' +
                   format("%.6f", elapsed) + ',' + (report.waited ? "true" : "false") + ',' +
                   std::to_string(report.stragglers.size()) + ',' + ids + '\n';
        }
    }
    return out;
}

// Test accuracy against wall seconds through gnuplot, into plot.temporary(). False (with a
// note) if gnuplot is not installed.
bool draw(const std::vector<run>& runs, const output_file& plot, const settings& o) {
    std::string script = "set terminal pngcairo size 900,560 noenhanced\nset output '" + plot.temporary() +
                         "'\nset title 'Fashion-MNIST, n = 16 workers, trace time x " + format("%g", o.time_scale) +
                         "'\nset xlabel 'wall seconds'\nset ylabel 'test accuracy (worst of the T + 1 models)'\n"
                         "set yrange [0.5:0.9]\nset key bottom right\nset grid\n"
                         "set arrow from graph 0, first 0.8 to graph 1, first 0.8 nohead dashtype 2\n";
    for (std::size_t k = 0; k < runs.size(); ++k) {
        script += "$run" + std::to_string(k) + " << EOD\n";
        for (const auto& c : runs[k].curve)
            script += format("%.3f", c.wall_seconds) + ' ' + format("%.4f", c.test_accuracy) + '\n';
        script += "EOD\n";
    }
    script += "plot ";
    for (std::size_t k = 0; k < runs.size(); ++k)
        script += std::string(k ? ", " : "") + "$run" + std::to_string(k) + " using 1:2 with linespoints linewidth 2 title '" +
                  runs[k].name + " (T = " + std::to_string(runs[k].T) + ")'";
    script += '\n';
    FILE* gnuplot = popen("gnuplot 2>/dev/null", "w");
    if (!gnuplot) throw std::runtime_error("cannot start gnuplot");
    std::fputs(script.c_str(), gnuplot);
    const int status = pclose(gnuplot);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        std::printf("gnuplot is not installed: no plot (apt-get install gnuplot-nox); the curve's CSV has the data\n");
        return false;
    }
    if (status != 0) throw std::runtime_error("gnuplot failed to draw " + plot.path());
    return true;
}

int demo(const settings& o) {
    // Every input and output is checked before the training starts.
    output_file summary(o.summary), curve(o.curve), rounds(o.rounds), plot(o.plot);
    const std::size_t max_T = 3; // M-SGC (2, 3, 3): T = W - 2 + B
    const trace_source trace = make_trace(o, o.jobs + max_T);
    delays_for(trace, o, 1.0 / n);
    example::dataset train_set = example::load_fashion_mnist(o.data, "train");
    const problem p(std::move(train_set), example::load_fashion_mnist(o.data, "t10k"));

    std::printf("Fashion-MNIST: softmax regression, %zu jobs of %zu training images (minibatch t mod %zu), "
                "test on %zu images\n"
                "n = %zu workers; straggler tolerance (B, W, lambda) = (%zu, %zu, %zu), GC s = %zu; "
                "mu = %g, wait-all\n"
                "trace: %s\n"
                "1 trace second = %g wall seconds\n\n",
                o.jobs, batch, p.model.batches(), p.test.size(), n, B, W, lambda, lambda, mu,
                trace.description.c_str(), o.time_scale);
    std::vector<run> runs;
    runs.push_back(train("none", "s=0", sgc::gc<>(n, 0), o, trace, p));
    runs.push_back(train("gc", "s=3", sgc::gc<>(n, lambda), o, trace, p));
    runs.push_back(train("sr-sgc", "B=2 W=3 lambda=3", sgc::sr_sgc<>(n, B, W, lambda), o, trace, p));
    runs.push_back(train("m-sgc", "B=2 W=3 lambda=3", sgc::m_sgc<>(n, B, W, lambda), o, trace, p));

    // The uncoded references, one per T, side by side.
    std::map<std::size_t, std::future<std::vector<gradient>>> references;
    for (const auto& r : runs)
        if (!references.count(r.T)) references[r.T] = std::async(std::launch::async, reference, r.T, std::cref(o), std::cref(p));
    std::map<std::size_t, std::vector<gradient>> reference_models;
    for (auto& [T, f] : references) reference_models[T] = f.get();
    bool exact = true;
    for (auto& r : runs) {
        r.max_model_diff = max_abs_difference(r.models, reference_models[r.T]);
        exact = exact && r.failed == 0 && r.max_model_diff <= max_allowed_diff;
    }

    std::printf("\n%-7s %-17s %1s %-5s %7s %8s %6s %10s %10s %8s %14s\n", "scheme", "parameters", "T", "load", "wall s",
                "trace s", "waits", "stragglers", "train loss", "test acc", "max_model_diff");
    for (const auto& r : runs)
        std::printf("%-7s %-17s %1zu %-5s %7.2f %8.1f %6zu %10zu %10.4f %8.4f %14.1e%s\n", r.name.c_str(),
                    r.parameters.c_str(), r.T, r.load.c_str(), r.wall_seconds, r.trace_seconds, r.waits, r.stragglers,
                    r.train_loss, r.test_accuracy, r.max_model_diff,
                    r.failed ? "  JOBS FAILED" : r.max_model_diff > max_allowed_diff ? "  DIFFERS" : "");
    std::printf("\n%s\n", exact ? "every run trained the uncoded run's models (max_model_diff <= 1e-6)"
                                : "a run's models differ from the uncoded run's");

    if (summary.wanted()) summary.commit(summary_csv(runs));
    if (curve.wanted()) curve.commit(curve_csv(runs));
    if (rounds.wanted()) rounds.commit(rounds_csv(runs));
    if (plot.wanted() && draw(runs, plot, o)) plot.commit_written();
    for (const output_file* f : {&summary, &curve, &rounds, &plot})
        if (f->wanted()) std::printf("wrote %s\n", f->path().c_str());
    return exact ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return demo(parse(argc, argv));
    } catch (const std::exception& e) { // usage_error, example::data_error, a failed write
        std::fprintf(stderr, "sequential_training: error: %s\n", e.what());
    }
    return 2;
}
