// sgc: scheme information, task-assignment plans, trace replay and parameter search from the
// command line.
//
//   sgc info --scheme {gc|sr-sgc|m-sgc|none} --n N [--s S] [--B B --W W --lambda L]
//            [--code frc|uneven|crc] [--seed X]
//   sgc plan <the same options> --jobs J --pattern FILE [--pretty]
//   sgc simulate --trace FILE --scheme ... <scheme options but --n> --mu MU --jobs J
//            [--policy wait-all|minimal-wait] [--trace-load L0 --seconds-per-load C] [--csv]
//   sgc tune --trace FILE --mu MU --jobs P --max-delay T [--scheme S]... [--max-window W]
//            [--policy ...] [--trace-load L0 --seconds-per-load C] [--threads K] [--csv]
//   sgc trace --model {bernoulli|gilbert-elliott} --n N --rounds R --p P [--q Q] --seed S
//            [--overhead S0 --seconds-per-load C --load L0 --jitter J --slowdown F]
//
// Output is one JSON object on stdout (simulate and tune: a CSV table with --csv; trace: trace
// CSV). Bad arguments: one line on stderr naming the option and its value, exit code 2.
#include <sgc/sgc.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <unistd.h>

namespace {

using json = nlohmann::ordered_json;

struct options {
    std::string scheme;
    std::size_t n = 0;
    std::optional<std::size_t> s, B, W, lambda;
    std::string code = "uneven";
    std::uint64_t seed = sgc::default_code_seed;
    std::size_t jobs = 0;
    std::string pattern;
    bool pretty = false;
    // simulate, tune
    std::string trace;
    double mu = 1.0;
    std::string policy = "wait-all";
    std::optional<std::string> trace_load;
    std::optional<double> seconds_per_load;
    bool csv = false;
    // tune
    std::size_t max_delay = 0;
    std::size_t max_window = 0;
    std::vector<std::string> schemes;
    unsigned threads = 0;
    std::string progress = "auto";
    // trace
    std::string model;
    std::size_t rounds = 0;
    std::optional<double> p, q;
    std::string load = "0";
    sgc::sim::trace_timing timing;
};

// A bad combination of options, reported like a parse error.
struct usage_error {
    std::string message;
};

// `with_n`: simulate takes n from the trace instead.
void add_scheme_options(CLI::App& cmd, options& o, bool with_n = true) {
    cmd.add_option("--scheme", o.scheme, "gc, sr-sgc, m-sgc or none (uncoded)")
        ->required()
        ->check(CLI::IsMember({"gc", "sr-sgc", "m-sgc", "none"}));
    if (with_n) cmd.add_option("--n", o.n, "number of workers")->required();
    cmd.add_option("--s", o.s, "stragglers per round (gc; defaults to lambda)");
    cmd.add_option("--B", o.B, "burst length");
    cmd.add_option("--W", o.W, "window length");
    cmd.add_option("--lambda", o.lambda, "distinct stragglers per window");
    cmd.add_option("--code", o.code, "inner gradient code")
        ->check(CLI::IsMember({"frc", "uneven", "crc"}))
        ->capture_default_str();
    cmd.add_option("--seed", o.seed, "seed of the cyclic code")->capture_default_str();
}

std::size_t need(const std::optional<std::size_t>& value, const char* option, const options& o) {
    if (!value) throw usage_error{option + std::string(" is required for --scheme ") + o.scheme};
    return *value;
}

sgc::code_kind code_kind_of(const options& o) { return *sgc::parse_code_kind(o.code); }

json code_json(const sgc::any_code<>& code) {
    return json{{"kind", sgc::to_string(code.kind())},
                {"n", code.n()},
                {"s", code.s()},
                {"k", code.k()},
                {"load", sgc::to_string(code.load())}};
}

template <class Scheme> json info_json(const options& o, const Scheme& scheme) {
    json j;
    j["scheme"] = o.scheme;
    j["n"] = scheme.n();
    if constexpr (std::is_same_v<Scheme, sgc::any_scheme::gc_type>) {
        if (o.scheme == "gc") j["s"] = scheme.s();
    } else {
        j["B"] = scheme.B();
        j["W"] = scheme.W();
        j["lambda"] = scheme.lambda();
        if constexpr (std::is_same_v<Scheme, sgc::any_scheme::sr_sgc_type>) j["s"] = scheme.s();
    }
    j["T"] = scheme.T();
    j["slots"] = scheme.slots();
    j["load"] = sgc::to_string(scheme.load());
    j["load_value"] = scheme.load().value();
    if constexpr (std::is_same_v<Scheme, sgc::any_scheme::m_sgc_type>)
        j["d1_fraction"] = sgc::to_string(scheme.d1_fraction());
    j["code"] = scheme.code() ? code_json(*scheme.code()) : json(nullptr);
    return j;
}

json slot_json(const sgc::task& t) {
    if (t.kind == sgc::task_kind::idle) return nullptr;
    json j{{"job", t.job}, {"kind", sgc::to_string(t.kind)}};
    if (t.kind == sgc::task_kind::d1 || t.kind == sgc::task_kind::d1_reattempt) j["piece"] = t.index;
    if (t.kind == sgc::task_kind::d2) j["group"] = t.index;
    return j;
}

sgc::straggler_pattern read_pattern_option(const options& o, std::size_t n) {
    try {
        return sgc::load_pattern(o.pattern, n);
    } catch (const sgc::invalid_parameter& e) {
        throw usage_error{"--pattern " + o.pattern + ": " + e.rule()};
    }
}

template <class Scheme> json plan_json(const options& o, const Scheme& scheme) {
    const auto pattern = read_pattern_option(o, scheme.n());
    auto master = scheme.make_master(o.jobs);
    json out = info_json(o, scheme);
    out["jobs_count"] = o.jobs;
    json rounds = json::array();
    while (!master.done()) {
        const auto& a = master.assignment();
        const sgc::worker_set stragglers =
            a.round() < pattern.size() ? pattern[a.round()] : sgc::worker_set(scheme.n());
        json workers = json::array();
        for (std::size_t i = 0; i < a.n(); ++i) {
            json slots = json::array();
            for (std::size_t m = 0; m < a.slots(); ++m) slots.push_back(slot_json(a(i, m)));
            workers.push_back(std::move(slots));
        }
        rounds.push_back(json{{"round", a.round()}, {"stragglers", stragglers.ids()},
                              {"workers", std::move(workers)}});
        master.complete_round(stragglers.complement());
    }
    out["rounds"] = std::move(rounds);
    json jobs = json::array();
    for (std::size_t t = 0; t < o.jobs; ++t) {
        const auto& st = master.status(t);
        json j{{"job", t}, {"deadline", st.deadline},
               {"decodable", st.state == sgc::job_state::decodable}};
        if (st.state == sgc::job_state::decodable) j["decoded_in"] = st.decoded_in;
        else j["reason"] = sgc::to_string(st.reason);
        jobs.push_back(std::move(j));
    }
    out["jobs"] = std::move(jobs);
    return out;
}

// The scheme the options describe, from the library's run-time factory.
sgc::any_scheme scheme_of(const options& o) {
    sgc::scheme_spec spec;
    spec.kind = *sgc::parse_scheme_kind(o.scheme);
    spec.n = o.n;
    if (spec.kind == sgc::scheme_kind::gc) spec.s = o.s ? *o.s : need(o.lambda, "--s", o);
    if (spec.kind == sgc::scheme_kind::sr_sgc || spec.kind == sgc::scheme_kind::m_sgc) {
        spec.B = need(o.B, "--B", o);
        spec.W = need(o.W, "--W", o);
        spec.lambda = need(o.lambda, "--lambda", o);
    }
    return sgc::any_scheme::make(spec, code_kind_of(o), o.seed);
}

// A load given as a decimal or a fraction ("0.0625", "1/16").
double parse_load(const std::string& text, const char* option) {
    const auto slash = text.find('/');
    try {
        std::size_t used = 0;
        double value = 0;
        if (slash == std::string::npos) {
            value = std::stod(text, &used);
        } else {
            const double num = std::stod(text.substr(0, slash), &used);
            if (used != slash) throw std::invalid_argument(text);
            std::size_t den_used = 0;
            const double den = std::stod(text.substr(slash + 1), &den_used);
            if (den_used != text.size() - slash - 1 || den == 0) throw std::invalid_argument(text);
            value = num / den;
            used = text.size();
        }
        if (used != text.size() || !std::isfinite(value) || value < 0) throw std::invalid_argument(text);
        return value;
    } catch (const std::logic_error&) {
        throw usage_error{std::string(option) + " " + text +
                          ": expected a load >= 0, as a decimal or a fraction like 1/16"};
    }
}

sgc::sim::delay_trace read_trace_option(const options& o) {
    try {
        return sgc::sim::load_trace(o.trace);
    } catch (const sgc::invalid_parameter& e) {
        throw usage_error{"--trace " + o.trace + ": " + e.rule()};
    }
}

sgc::sim::load_shift shift_of(const options& o) {
    if (o.trace_load.has_value() != o.seconds_per_load.has_value())
        throw usage_error{o.trace_load ? "--seconds-per-load is required with --trace-load"
                                       : "--trace-load is required with --seconds-per-load"};
    if (!o.trace_load) return {};
    return {parse_load(*o.trace_load, "--trace-load"), *o.seconds_per_load};
}

sgc::wait_policy policy_of(const options& o) { return sgc::parse_wait_policy(o.policy, "policy"); }

// "0 3 7": a straggler list inside one CSV field.
std::string id_list(const sgc::worker_set& set) {
    std::string text;
    for (std::size_t i : set) text += (text.empty() ? "" : " ") + std::to_string(i);
    return text;
}

template <class Scheme> std::string simulate_output(const options& o, const Scheme& scheme,
                                                    const sgc::sim::delay_trace& trace) {
    sgc::sim::replay_options ro;
    ro.mu = o.mu;
    ro.policy = policy_of(o);
    ro.shift = shift_of(o);
    const auto result = sgc::sim::replay(scheme, trace, o.jobs, ro);
    if (o.csv) {
        // elapsed: the cumulative runtime at the end of the round, what plots draw.
        std::string out = "round,duration,elapsed,waited,straggler_count,stragglers\n";
        double elapsed = 0;
        for (const auto& r : result.rounds) {
            elapsed += r.duration;
            out += std::to_string(r.round) + ',' + json(r.duration).dump() + ',' +
                   json(elapsed).dump() + ',' + (r.waited ? "true" : "false") + ',' +
                   std::to_string(r.stragglers.count()) + ',' + id_list(r.stragglers) + '\n';
        }
        return out;
    }
    json out = info_json(o, scheme);
    out["mu"] = o.mu;
    out["policy"] = o.policy;
    if (o.trace_load) {
        out["trace_load"] = ro.shift.trace_load;
        out["seconds_per_load"] = ro.shift.seconds_per_load;
    }
    out["jobs_count"] = o.jobs;
    out["total_runtime"] = result.total_runtime;
    out["waits"] = result.waits;
    out["jobs_decoded"] = result.jobs_decoded;
    json jobs = json::array();
    for (std::size_t t = 0; t < result.jobs.size(); ++t) {
        const auto& j = result.jobs[t];
        jobs.push_back(j.decoded ? json{{"job", t}, {"decoded_in", j.round}, {"time", j.time}}
                                 : json{{"job", t}, {"decoded_in", nullptr}});
    }
    out["jobs"] = std::move(jobs);
    json rounds = json::array();
    for (const auto& r : result.rounds)
        rounds.push_back(json{{"round", r.round},
                              {"duration", r.duration},
                              {"waited", r.waited},
                              {"stragglers", r.stragglers.ids()}});
    out["rounds"] = std::move(rounds);
    return out.dump(o.pretty ? 2 : -1) + '\n';
}

// A progress bar on stderr, redrawn when the percentage changes.
struct progress_bar {
    std::size_t last = 101;
    void operator()(std::size_t done, std::size_t total) {
        const std::size_t percent = total == 0 ? 100 : done * 100 / total;
        if (percent == last && done != total) return;
        last = percent;
        const std::size_t width = 40, filled = percent * width / 100;
        std::fprintf(stderr, "\rsgc tune [%s%s] %3zu%% %zu/%zu tuples", std::string(filled, '#').c_str(),
                     std::string(width - filled, ' ').c_str(), percent, done, total);
        if (done == total) std::fputc('\n', stderr);
        std::fflush(stderr);
    }
};

std::string tune_output(const options& o) {
    const auto trace = read_trace_option(o);
    sgc::sim::tune_options to;
    to.jobs = o.jobs;
    to.max_delay = o.max_delay;
    to.max_window = o.max_window;
    to.replay.mu = o.mu;
    to.replay.policy = policy_of(o);
    to.replay.shift = shift_of(o);
    to.code = code_kind_of(o);
    to.threads = o.threads;
    if (!o.schemes.empty()) {
        to.schemes.clear();
        for (const auto& name : o.schemes) {
            const auto kind = *sgc::parse_scheme_kind(name);
            if (std::find(to.schemes.begin(), to.schemes.end(), kind) == to.schemes.end())
                to.schemes.push_back(kind);
        }
    }
    const bool show = o.progress == "always" || (o.progress == "auto" && isatty(fileno(stderr)));
    if (show) to.progress = progress_bar{};
    const auto result = sgc::sim::tune(trace, to);

    if (o.csv) {
        std::string out = "scheme,s,B,W,lambda,T,load,load_value,total_runtime,waits,searched\n";
        for (const auto& t : result.schemes) {
            const auto& b = t.best;
            const bool bursty = t.kind == sgc::scheme_kind::sr_sgc || t.kind == sgc::scheme_kind::m_sgc;
            const auto field = [&](bool has, std::size_t v) { return has ? std::to_string(v) : std::string(); };
            out += std::string(sgc::to_string(t.kind)) + ',';
            if (t.found)
                out += field(t.kind != sgc::scheme_kind::m_sgc, b.s) + ',' + field(bursty, b.B) + ',' +
                       field(bursty, b.W) + ',' + field(bursty, b.lambda) + ',' + std::to_string(b.T()) +
                       ',' + sgc::to_string(t.load) + ',' + json(t.load.value()).dump() + ',' +
                       json(t.total_runtime).dump() + ',' + std::to_string(t.waits);
            else
                out += ",,,,,,,,";
            out += ',' + std::to_string(t.searched) + '\n';
        }
        return out;
    }
    json out;
    out["n"] = trace.n();
    out["mu"] = o.mu;
    out["policy"] = o.policy;
    out["jobs_count"] = o.jobs;
    out["max_delay"] = o.max_delay;
    out["code"] = o.code;
    if (o.trace_load) {
        out["trace_load"] = to.replay.shift.trace_load;
        out["seconds_per_load"] = to.replay.shift.seconds_per_load;
    }
    json schemes = json::array();
    for (const auto& t : result.schemes) {
        json j{{"scheme", sgc::to_string(t.kind)}, {"found", t.found}};
        if (t.found) {
            const auto& b = t.best;
            if (t.kind == sgc::scheme_kind::gc || t.kind == sgc::scheme_kind::sr_sgc) j["s"] = b.s;
            if (t.kind == sgc::scheme_kind::sr_sgc || t.kind == sgc::scheme_kind::m_sgc) {
                j["B"] = b.B;
                j["W"] = b.W;
                j["lambda"] = b.lambda;
            }
            j["T"] = b.T();
            j["load"] = sgc::to_string(t.load);
            j["load_value"] = t.load.value();
            j["total_runtime"] = t.total_runtime;
            j["waits"] = t.waits;
        }
        j["searched"] = t.searched;
        j["abandoned"] = t.abandoned;
        j["failed"] = t.failed;
        schemes.push_back(std::move(j));
    }
    out["schemes"] = std::move(schemes);
    out["seconds"] = result.seconds;
    return out.dump(o.pretty ? 2 : -1) + '\n';
}

std::string trace_output(const options& o, const std::vector<std::string>& args) {
    auto timing = o.timing;
    timing.load = parse_load(o.load, "--load");
    if (!o.p) throw usage_error{"--p is required for --model " + o.model};
    sgc::sim::delay_trace trace;
    if (o.model == "bernoulli") {
        trace = sgc::sim::bernoulli_trace(o.n, o.rounds, *o.p, timing, o.seed);
    } else {
        if (!o.q) throw usage_error{"--q is required for --model gilbert-elliott"};
        trace = sgc::sim::gilbert_elliott_trace(o.n, o.rounds, *o.p, *o.q, timing, o.seed);
    }
    std::string head = "# sgc";
    for (const auto& a : args) head += ' ' + a;
    std::ostringstream out;
    out << head << "\n# recorded at load " << json(timing.load).dump()
        << ": replay with --trace-load " << json(timing.load).dump() << " --seconds-per-load "
        << json(timing.seconds_per_load).dump() << '\n';
    sgc::sim::write_trace(out, trace);
    return out.str();
}

int fail(const std::string& message) {
    std::fprintf(stderr, "sgc: error: %s\n", message.c_str());
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"sgc: gradient coding schemes, loads and task-assignment plans"};
    app.require_subcommand(1);
    options o;
    auto* info = app.add_subcommand("info", "print a scheme's parameters, T and exact load");
    add_scheme_options(*info, o);
    auto* plan = app.add_subcommand("plan", "print the task assignment for a straggler pattern");
    add_scheme_options(*plan, o);
    plan->add_option("--jobs", o.jobs, "number of jobs J")->required()->check(CLI::PositiveNumber);
    plan->add_option("--pattern", o.pattern, "straggler pattern file (one line per round)")
        ->required();
    for (auto* cmd : {info, plan}) cmd->add_flag("--pretty", o.pretty, "indent the JSON");

    const auto add_replay_options = [&](CLI::App& cmd) {
        cmd.add_option("--trace", o.trace, "trace CSV: one line per round, one time per worker")
            ->required();
        cmd.add_option("--mu", o.mu, "workers slower than (1 + mu) times the fastest are candidate stragglers")
            ->required()
            ->check(CLI::NonNegativeNumber);
        cmd.add_option("--policy", o.policy, "when the candidates do not conform: wait for all, or only as long as needed")
            ->check(CLI::IsMember({"wait-all", "minimal-wait"}))
            ->capture_default_str();
        cmd.add_option("--trace-load", o.trace_load, "the load L0 the trace was recorded at (e.g. 1/256)");
        cmd.add_option("--seconds-per-load", o.seconds_per_load,
                       "seconds per unit of load c: times are shifted by (L - L0) c")
            ->check(CLI::NonNegativeNumber);
        cmd.add_flag("--csv", o.csv, "a CSV table instead of JSON");
        cmd.add_flag("--pretty", o.pretty, "indent the JSON");
    };
    auto* simulate = app.add_subcommand("simulate", "replay a delay trace through a scheme's master");
    add_scheme_options(*simulate, o, false);
    add_replay_options(*simulate);
    simulate->add_option("--jobs", o.jobs, "number of jobs J (the trace needs J + T rounds)")
        ->required()
        ->check(CLI::PositiveNumber);

    auto* tune = app.add_subcommand("tune", "search each scheme's parameters on a delay trace");
    add_replay_options(*tune);
    tune->add_option("--jobs", o.jobs, "the first P jobs of the trace (it needs P + max-delay rounds)")
        ->required()
        ->check(CLI::PositiveNumber);
    tune->add_option("--max-delay", o.max_delay, "largest decoding delay T searched")->required();
    tune->add_option("--max-window", o.max_window, "largest SR-SGC window W (default 2 max-delay + 1)");
    tune->add_option("--scheme", o.schemes, "schemes to tune (repeatable; default all)")
        ->check(CLI::IsMember({"gc", "sr-sgc", "m-sgc", "none"}));
    tune->add_option("--code", o.code, "inner gradient code")
        ->check(CLI::IsMember({"frc", "uneven", "crc"}))
        ->capture_default_str();
    tune->add_option("--threads", o.threads, "search threads (default: all cores)");
    tune->add_option("--progress", o.progress, "progress bar on stderr: auto (if a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();

    auto* trace = app.add_subcommand("trace", "write a synthetic delay trace (CSV) to stdout");
    trace->add_option("--model", o.model, "straggler model: bernoulli or gilbert-elliott")
        ->required()
        ->check(CLI::IsMember({"bernoulli", "gilbert-elliott"}));
    trace->add_option("--n", o.n, "number of workers")->required();
    trace->add_option("--rounds", o.rounds, "number of rounds")->required()->check(CLI::PositiveNumber);
    trace->add_option("--p", o.p, "straggling probability (bernoulli), good -> bad probability (gilbert-elliott)");
    trace->add_option("--q", o.q, "bad -> good probability (gilbert-elliott)");
    trace->add_option("--seed", o.seed, "random seed")->required();
    trace->add_option("--overhead", o.timing.overhead, "seconds every round costs")->capture_default_str();
    trace->add_option("--seconds-per-load", o.timing.seconds_per_load, "seconds per unit of load c")
        ->capture_default_str();
    trace->add_option("--load", o.load, "the load L0 the trace is recorded at (e.g. 1/256)")
        ->capture_default_str();
    trace->add_option("--jitter", o.timing.jitter, "times vary by a factor 1 + jitter u, u in [0, 1)")
        ->capture_default_str();
    trace->add_option("--slowdown", o.timing.slowdown, "a straggler's time is multiplied by this")
        ->capture_default_str();
    trace->add_option("--decimals", o.timing.decimals, "times are rounded to this many decimals")
        ->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(e.what());
    }

    try {
        std::string out;
        if (info->parsed()) {
            out = scheme_of(o).visit([&](const auto& s) { return info_json(o, s); }).dump(o.pretty ? 2 : -1) + '\n';
        } else if (plan->parsed()) {
            out = scheme_of(o).visit([&](const auto& s) { return plan_json(o, s); }).dump(o.pretty ? 2 : -1) + '\n';
        } else if (simulate->parsed()) {
            const auto delays = read_trace_option(o);
            o.n = delays.n();
            shift_of(o); // option errors before scheme errors
            out = scheme_of(o).visit([&](const auto& s) { return simulate_output(o, s, delays); });
        } else if (tune->parsed()) {
            out = tune_output(o);
        } else {
            out = trace_output(o, std::vector<std::string>(argv + 1, argv + argc));
        }
        std::cout << out;
        std::cout.flush();
        return std::cout ? 0 : 1;
    } catch (const usage_error& e) {
        return fail(e.message);
    } catch (const sgc::invalid_parameter& e) {
        // The library names its parameters as the options do (seconds_per_load: --seconds-per-load).
        std::string option = e.parameter();
        std::replace(option.begin(), option.end(), '_', '-');
        return fail("--" + option + " " + e.value() + ": " + e.rule());
    } catch (const sgc::parse_error& e) {
        return fail(std::string(simulate->parsed() || tune->parsed() ? "--trace " : "--pattern ") + e.what());
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}
