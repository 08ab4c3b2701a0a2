// sgc: scheme information, task-assignment plans, trace replay and parameter search from the
// command line.
//
//   sgc info --scheme {gc|sr-sgc|m-sgc|none} --n N [--s S] [--B B --W W --lambda L]
//            [--code frc|uneven|crc] [--seed X]
//   sgc plan <the same options> --jobs J --pattern FILE [--pretty]
//   sgc simulate --trace FILE --scheme ... <scheme options but --n> --mu MU --jobs J
//            [--policy wait-all|minimal-wait] [--trace-load L0 --seconds-per-load C] [--csv]
//            [--header] [--index-column] [--missing TOKEN]... [--allow-undecodable]
//   sgc tune --trace FILE --mu MU --jobs J --max-delay T [--scheme S]... [--max-window W]
//            [--policy ...] [--trace-load L0 --seconds-per-load C] [--threads K] [--csv]
//            [--header] [--index-column] [--missing TOKEN]...
//   sgc trace --model {bernoulli|gilbert-elliott} --n N --rounds R --p P [--q Q] --seed S
//            [--overhead S0 --seconds-per-load C --load L0 --jitter J --slowdown F]
//
// Output is one JSON object on stdout (simulate and tune: a CSV table with --csv; trace: trace
// CSV). Every integer option is decimal (leading zeros are fine; a sign, a prefix such as 0x, a
// fraction or a value beyond 64 bits is an error), every real option a finite decimal number.
// Errors: one line on stderr naming the option or file:line and the value, exit status 2 (see
// exit_status in sgc_cli.hpp).
#include "option_values.hpp"
#include "sgc_cli.hpp"

#include <sgc/core/detail/checked.hpp>
#include <sgc/core/detail/text_reader.hpp>
#include <sgc/sgc.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <unistd.h>

namespace sgc_cli {
namespace {

using json = nlohmann::ordered_json;
using sgc::detail::checked_add;
using sgc::detail::checked_mul;
using sgc::detail::printable;
using sgc_tools::count_rule;
using sgc_tools::one_line;
using sgc_tools::parse_load;
using sgc_tools::refuse;
using sgc_tools::usage_error;

// The largest plan `sgc plan` prints: (jobs + T) x n x slots task slots (about 150 MB of JSON).
constexpr std::size_t max_plan_slots = std::size_t{1} << 22;
// The most threads `sgc tune --threads` starts.
constexpr std::uint64_t max_threads = 1024;

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
    // The library's one default (wait-all), so that `sgc simulate` and sgc::master agree.
    std::string policy = sgc::to_string(sgc::sim::replay_options{}.policy);
    std::optional<std::string> trace_load;
    std::optional<double> seconds_per_load;
    bool csv = false;
    sgc::sim::trace_format format;
    bool allow_undecodable = false;
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
    // The text of every option given, as typed: errors quote it rather than the value the
    // library reformats (0.1, not 0.10000000000000001).
    std::map<std::string, std::string> given;
};

// Every integer and real option records its text as typed in o.given.
template <class T>
CLI::Option* add_count(CLI::App& cmd, options& o, const std::string& name, T& target,
                       const std::string& help, count_rule rule = {}) {
    return sgc_tools::add_count(cmd, name, target, help, rule, &o.given);
}

template <class T>
CLI::Option* add_real(CLI::App& cmd, options& o, const std::string& name, T& target, const std::string& help) {
    return sgc_tools::add_real(cmd, name, target, help, &o.given);
}

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : ", ") + w;
    return text;
}

void check_choice(const std::string& name, const std::string& value, const std::vector<std::string>& choices) {
    if (std::find(choices.begin(), choices.end(), value) == choices.end())
        throw usage_error{name + ": " + (value.empty() ? std::string("\"\"") : printable(value)) +
                          " is not one of " + joined(choices)};
}

// An option whose value is one of `choices`.
CLI::Option* add_choice(CLI::App& cmd, const std::string& name, std::string& target,
                        std::vector<std::string> choices, const std::string& help) {
    return cmd
        .add_option_function<std::string>(
            name,
            [&target, name, choices](const std::string& value) {
                check_choice(name, value, choices);
                target = value;
            },
            help + " (" + joined(choices) + ")")
        ->type_name("NAME");
}

// ---------------------------------------------------------------------------------------------
// Errors from the library, in the options' terms.

// The option a library parameter comes from (the library names them alike: seconds_per_load is
// --seconds-per-load); empty for a parameter that is no option.
std::string option_of(const std::string& parameter) {
    static const char* const names[] = {"n", "s", "B", "W", "lambda", "jobs", "mu", "trace_load",
                                        "seconds_per_load", "p", "q", "overhead", "load", "jitter",
                                        "slowdown", "decimals", "rounds", "seed", "max_delay",
                                        "max_window", "threads", "policy"};
    for (const char* name : names)
        if (parameter == name) {
            std::string option = "--" + parameter;
            std::replace(option.begin(), option.end(), '_', '-');
            return option;
        }
    return {};
}

// A library error in the options' terms: the option the parameter comes from with the text
// the user gave it, then the library's rule.
std::string library_error(const options& o, const sgc::invalid_parameter& e) {
    std::string option = option_of(e.parameter());
    std::string rule = e.rule();
    if (e.parameter() == "k") { // the inner code's size, set by s (gc) or lambda
        option = o.scheme == "gc" ? "--s" : "--lambda";
        rule = "the inner code (--code " + o.code + ") would have k = " + printable(e.value(), 40) + ": " + rule;
    }
    if (option.empty()) return e.what();
    std::string value = printable(e.value(), 60);
    if (const auto it = o.given.find(option); it != o.given.end()) value = printable(it->second, 60);
    else if (option == "--trace-load" && o.trace_load) value = printable(*o.trace_load, 60);
    else if (option == "--load") value = printable(o.load, 60);
    return option + " " + value + ": " + rule;
}

// The fuzz target's bound on a command's work (sizes multiplied together, saturating).
void check_work(const settings& how, std::size_t work) {
    if (how.max_work != 0 && work > how.max_work)
        throw usage_error{"the command's work (" + std::to_string(work) +
                          ") exceeds the bound set for this run (" + std::to_string(how.max_work) + ")"};
}

std::size_t need(const std::optional<std::size_t>& value, const char* option, const options& o) {
    if (!value) throw usage_error{option + std::string(" is required for --scheme ") + o.scheme};
    return *value;
}

sgc::code_kind code_kind_of(const options& o) { return *sgc::parse_code_kind(o.code); }

// A scheme's size, for the fuzz target's bound: n, times n again for the cyclic code's matrices,
// times the window for the bursty schemes' bookkeeping.
std::size_t scheme_work(const options& o) {
    std::size_t work = std::max<std::size_t>(o.n, 1);
    if (o.code == "crc") work = checked_mul(work, work);
    const std::size_t W = o.W.value_or(1), B = o.B.value_or(1);
    return checked_mul(work, checked_mul(std::max<std::size_t>(W, 1), checked_add(W, B)));
}

// The scheme the options describe, from the library's run-time factory.
sgc::any_scheme scheme_of(const options& o, const settings& how) {
    sgc::scheme_spec spec;
    spec.kind = *sgc::parse_scheme_kind(o.scheme);
    spec.n = o.n;
    if (spec.kind == sgc::scheme_kind::gc) spec.s = o.s ? *o.s : need(o.lambda, "--s", o);
    if (spec.kind == sgc::scheme_kind::sr_sgc || spec.kind == sgc::scheme_kind::m_sgc) {
        spec.B = need(o.B, "--B", o);
        spec.W = need(o.W, "--W", o);
        spec.lambda = need(o.lambda, "--lambda", o);
    }
    check_work(how, scheme_work(o));
    return sgc::any_scheme::make(spec, code_kind_of(o), o.seed);
}

// ---------------------------------------------------------------------------------------------
// JSON

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

// The first non-finite number in `j` (its path), or nothing: JSON has no inf or nan, and
// nlohmann would print them as null.
std::optional<std::string> non_finite(const json& j, const std::string& path = "") {
    if (j.is_number_float() && !std::isfinite(j.get<double>())) return path.empty() ? "the result" : path;
    if (j.is_object() || j.is_array()) {
        std::size_t index = 0;
        for (auto it = j.begin(); it != j.end(); ++it, ++index) {
            const std::string key = j.is_object() ? it.key() : std::to_string(index);
            if (auto found = non_finite(*it, path.empty() ? key : path + "." + key)) return found;
        }
    }
    return std::nullopt;
}

std::string dump(const json& j, const options& o) {
    if (const auto where = non_finite(j))
        throw usage_error{"the result's " + *where +
                          " is not a finite number: the inputs (times, loads, seconds per load) "
                          "are too large to add up in a double; scale them down"};
    return j.dump(o.pretty ? 2 : -1) + '\n';
}

// A CSV field holding a double, or an error as dump() gives it.
std::string csv_number(double v, const char* column) {
    if (!std::isfinite(v))
        throw usage_error{std::string("the result's ") + column +
                          " is not a finite number: the inputs are too large to add up in a double"};
    return json(v).dump();
}

json slot_json(const sgc::task& t) {
    if (t.kind == sgc::task_kind::idle) return nullptr;
    json j{{"job", t.job}, {"kind", sgc::to_string(t.kind)}};
    if (t.kind == sgc::task_kind::d1 || t.kind == sgc::task_kind::d1_reattempt) j["piece"] = t.index;
    if (t.kind == sgc::task_kind::d2) j["group"] = t.index;
    return j;
}

// ---------------------------------------------------------------------------------------------
// Input files

sgc::straggler_pattern read_pattern_option(const options& o, std::size_t n) {
    try {
        return sgc::load_pattern(o.pattern, n);
    } catch (const sgc::invalid_parameter& e) {
        throw usage_error{"--pattern " + printable(o.pattern, 200) + ": " + e.rule()};
    } catch (const sgc::parse_error& e) {
        throw usage_error{"--pattern " + std::string(e.what())};
    }
}

sgc::sim::delay_trace read_trace_option(const options& o) {
    try {
        return sgc::sim::load_trace(o.trace, o.format);
    } catch (const sgc::invalid_parameter& e) {
        throw usage_error{"--trace " + printable(o.trace, 200) + ": " + e.rule()};
    } catch (const sgc::parse_error& e) {
        std::string message = "--trace " + std::string(e.what());
        const std::string empty = " is empty";
        if (message.size() > empty.size() && message.compare(message.size() - empty.size(), empty.size(), empty) == 0)
            message += "; a worker that did not answer is written -1 (or pass --missing empty to "
                       "read empty fields as no answer)";
        throw usage_error{message};
    }
}

// A replay or a search over the trace: the library names the trace as a whole ("trace") when
// its times are too large to add up; the option is --trace.
template <class Run> auto replay_trace_option(const options& o, Run&& run) {
    try {
        return run();
    } catch (const sgc::invalid_parameter& e) {
        if (e.parameter() != "trace") throw;
        throw usage_error{"--trace " + printable(o.trace, 200) + ": " + e.value() + ": " + e.rule()};
    }
}

// ---------------------------------------------------------------------------------------------
// Subcommands

template <class Scheme> json plan_json(const options& o, const Scheme& scheme, const settings& how) {
    // The plan is printed whole: bound its size before the master or the JSON exist.
    const std::size_t slots = checked_mul(checked_mul(checked_add(o.jobs, scheme.T()), scheme.n()), scheme.slots());
    if (slots > max_plan_slots)
        refuse("--jobs", std::to_string(o.jobs),
               "the plan would print (jobs + T) x n x slots = (" + std::to_string(o.jobs) + " + " +
                   std::to_string(scheme.T()) + ") x " + std::to_string(scheme.n()) + " x " +
                   std::to_string(scheme.slots()) + " task slots, more than the limit of " +
                   std::to_string(max_plan_slots) + "; ask for fewer jobs");
    check_work(how, slots);
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
            json row = json::array();
            for (std::size_t m = 0; m < a.slots(); ++m) row.push_back(slot_json(a(i, m)));
            workers.push_back(std::move(row));
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

sgc::sim::load_shift shift_of(const options& o) {
    if (o.trace_load.has_value() != o.seconds_per_load.has_value())
        throw usage_error{o.trace_load ? "--seconds-per-load is required with --trace-load"
                                       : "--trace-load is required with --seconds-per-load"};
    if (!o.trace_load) return {};
    return {parse_load("--trace-load", *o.trace_load), *o.seconds_per_load};
}

sgc::wait_policy policy_of(const options& o) { return sgc::parse_wait_policy(o.policy, "policy"); }

// "0 3 7": a straggler list inside one CSV field.
std::string id_list(const sgc::worker_set& set) {
    std::string text;
    for (std::size_t i : set) text += (text.empty() ? "" : " ") + std::to_string(i);
    return text;
}

// Why jobs did not decode, for the line on stderr: "2 too_few_responders, 1 unreliable".
std::string failure_summary(const sgc::sim::replay_result& result) {
    std::map<std::string, std::size_t> reasons;
    for (const auto& j : result.jobs)
        if (!j.decoded)
            ++reasons[j.state == sgc::job_state::failed ? sgc::to_string(j.reason) : "not finished"];
    std::string text;
    for (const auto& [reason, count] : reasons)
        text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
    return text;
}

// What `simulate` prints, and the note on stderr when a job did not decode.
struct simulated {
    std::string out;
    std::string note;
};

template <class Scheme>
simulated simulate_output(const options& o, const Scheme& scheme, const sgc::sim::delay_trace& trace,
                          const settings& how) {
    sgc::sim::replay_options ro;
    ro.mu = o.mu;
    ro.policy = policy_of(o);
    ro.shift = shift_of(o);
    check_work(how, checked_mul(scheme_work(o), trace.rounds()));
    const auto result = replay_trace_option(o, [&] { return sgc::sim::replay(scheme, trace, o.jobs, ro); });
    simulated done;
    if (result.failed_round) {
        const auto& failed = result.rounds.back();
        done.note = "sgc: simulate: round " + std::to_string(*result.failed_round) +
                    " failed: it had to wait for worker(s) " + id_list(failed.silent) +
                    ", which did not answer (the trace's no-answer marker); the replay stops there\n";
    }
    if (result.jobs_decoded != o.jobs || result.failed_round)
        done.note += "sgc: simulate: " + std::to_string(o.jobs - result.jobs_decoded) + " of " +
                     std::to_string(o.jobs) + " jobs did not decode (" + failure_summary(result) +
                     "): the runtime is not that of a complete run" +
                     (o.allow_undecodable ? "" : "; exit status 3 (--allow-undecodable: 0)") + "\n";
    if (o.csv) {
        // elapsed: the cumulative runtime at the end of the round, what plots draw. A failed
        // round has neither: its fields are empty.
        std::string out = "round,duration,elapsed,waited,straggler_count,stragglers\n";
        double elapsed = 0;
        for (const auto& r : result.rounds) {
            if (!r.failed) elapsed += r.duration;
            out += std::to_string(r.round) + ',' + (r.failed ? "" : csv_number(r.duration, "duration")) +
                   ',' + (r.failed ? "" : csv_number(elapsed, "elapsed time")) + ',' +
                   (r.waited ? "true" : "false") + ',' + std::to_string(r.stragglers.count()) + ',' +
                   id_list(r.stragglers) + '\n';
        }
        done.out = std::move(out);
        return done;
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
    out["failed_round"] = result.failed_round ? json(*result.failed_round) : json(nullptr);
    json jobs = json::array();
    for (std::size_t t = 0; t < result.jobs.size(); ++t) {
        const auto& j = result.jobs[t];
        if (j.decoded)
            jobs.push_back(json{{"job", t}, {"decoded_in", j.round}, {"time", j.time}});
        else
            jobs.push_back(json{{"job", t}, {"decoded_in", nullptr},
                                {"reason", j.state == sgc::job_state::failed ? sgc::to_string(j.reason)
                                                                             : "not_finished"}});
    }
    out["jobs"] = std::move(jobs);
    json rounds = json::array();
    for (const auto& r : result.rounds)
        rounds.push_back(json{{"round", r.round},
                              {"duration", r.failed ? json(nullptr) : json(r.duration)},
                              {"waited", r.waited},
                              {"stragglers", r.stragglers.ids()},
                              {"silent", r.silent.ids()}});
    out["rounds"] = std::move(rounds);
    done.out = dump(out, o);
    return done;
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

// The tune subcommand's output, and its notes on skipped parameter sets.
simulated tune_output(const options& o, const settings& how) {
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
    if (how.max_work != 0) {
        // Tuples are at most n per (B, W) pair, and the pairs at most (max_delay + 1)^2.
        const std::size_t pairs = checked_mul(checked_add(o.max_delay, 1), checked_add(std::max(o.max_delay, o.max_window), 1));
        check_work(how, checked_mul(checked_mul(pairs, trace.n()), checked_mul(trace.n(), trace.rounds())));
    }
    const bool show = how.progress && (o.progress == "always" || (o.progress == "auto" && isatty(fileno(stderr))));
    if (show) to.progress = progress_bar{};
    const auto result = replay_trace_option(o, [&] { return sgc::sim::tune(trace, to); });

    simulated done;
    for (const auto& t : result.schemes)
        if (t.failed != 0)
            done.note += "sgc: tune: " + std::string(sgc::to_string(t.kind)) + ": skipped " +
                         std::to_string(t.failed) + " of " + std::to_string(t.searched) +
                         " parameter sets in which a job did not decode\n";
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
                       ',' + sgc::to_string(t.load) + ',' + csv_number(t.load.value(), "load") + ',' +
                       csv_number(t.total_runtime, "total runtime") + ',' + std::to_string(t.waits);
            else
                out += ",,,,,,,,";
            out += ',' + std::to_string(t.searched) + '\n';
        }
        done.out = std::move(out);
        return done;
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
    done.out = dump(out, o);
    return done;
}

std::string trace_output(const options& o, const std::vector<std::string>& args, const settings& how) {
    auto timing = o.timing;
    timing.load = parse_load("--load", o.load);
    if (!o.p) throw usage_error{"--p is required for --model " + o.model};
    if (o.model == "gilbert-elliott" && !o.q) throw usage_error{"--q is required for --model gilbert-elliott"};
    check_work(how, checked_mul(o.n, o.rounds));
    const auto trace = o.model == "bernoulli"
                           ? sgc::sim::bernoulli_trace(o.n, o.rounds, *o.p, timing, o.seed)
                           : sgc::sim::gilbert_elliott_trace(o.n, o.rounds, *o.p, *o.q, timing, o.seed);
    // The command line goes into a comment: printable, and so one line whatever it held.
    std::string head = "# sgc";
    for (const auto& a : args) head += ' ' + printable(a, 200);
    std::ostringstream out;
    out << head << "\n# recorded at load " << json(timing.load).dump()
        << ": replay with --trace-load " << json(timing.load).dump() << " --seconds-per-load "
        << json(timing.seconds_per_load).dump() << '\n';
    sgc::sim::write_trace(out, trace);
    return out.str();
}

// ---------------------------------------------------------------------------------------------
// The command line

// `with_n`: simulate takes n from the trace instead.
void add_scheme_options(CLI::App& cmd, options& o, bool with_n = true) {
    add_choice(cmd, "--scheme", o.scheme, {"gc", "sr-sgc", "m-sgc", "none"}, "scheme; none is uncoded")
        ->required();
    if (with_n) add_count(cmd, o, "--n", o.n, "number of workers")->required();
    add_count(cmd, o, "--s", o.s, "stragglers per round (gc; defaults to lambda)");
    add_count(cmd, o, "--B", o.B, "burst length");
    add_count(cmd, o, "--W", o.W, "window length");
    add_count(cmd, o, "--lambda", o.lambda, "distinct stragglers per window");
    add_choice(cmd, "--code", o.code, {"frc", "uneven", "crc"}, "inner gradient code, default uneven");
    add_count(cmd, o, "--seed", o.seed, "seed of the cyclic code");
}

void add_trace_format_options(CLI::App& cmd, options& o) {
    cmd.add_flag("--header", o.format.header, "the trace's first row names the columns: skip it");
    cmd.add_flag("--index-column", o.format.index_column,
                 "the trace's first column is an index: drop it");
    cmd.add_option_function<std::vector<std::string>>(
           "--missing",
           [&o](const std::vector<std::string>& spellings) {
               for (const auto& s : spellings) o.format.missing.push_back(s == "empty" ? "" : s);
           },
           "another spelling of a worker that did not answer (besides -1), e.g. inf, NA, or "
           "empty for an empty field; repeatable")
        ->type_name("TOKEN");
}

// The subcommands' parsers, to tell which one was given.
struct subcommands {
    CLI::App *info, *plan, *simulate, *tune;
};

void run_subcommand(options& o, const std::vector<std::string>& args, const settings& how,
                    const subcommands& cmd, outcome& result);

// Builds the command line's parser over `o`, parses `args`, and runs the subcommand given.
outcome parse_and_run(const std::vector<std::string>& args, const settings& how) {
    CLI::App app{"sgc: gradient coding schemes, loads, task-assignment plans, trace replay and tuning", "sgc"};
    app.require_subcommand(1);
    options o;
    auto* info = app.add_subcommand("info", "print a scheme's parameters, T and exact load");
    add_scheme_options(*info, o);
    auto* plan = app.add_subcommand("plan", "print the task assignment for a straggler pattern");
    add_scheme_options(*plan, o);
    add_count(*plan, o, "--jobs", o.jobs, "number of jobs J", {1})->required();
    plan->add_option("--pattern", o.pattern, "straggler pattern file (one line per round)")->required();
    for (auto* cmd : {info, plan}) cmd->add_flag("--pretty", o.pretty, "indent the JSON");

    const auto add_replay_options = [&](CLI::App& cmd) {
        cmd.add_option("--trace", o.trace, "trace CSV: one line per round, one time per worker")->required();
        add_real(cmd, o, "--mu", o.mu, "workers slower than (1 + mu) times the fastest are candidate stragglers")
            ->required();
        add_choice(cmd, "--policy", o.policy, {"wait-all", "minimal-wait"},
                   "when the candidates do not conform: wait for all (the default), or only as long as needed");
        cmd.add_option("--trace-load", o.trace_load, "the load L0 the trace was recorded at (e.g. 1/256)");
        add_real(cmd, o, "--seconds-per-load", o.seconds_per_load,
                 "seconds per unit of load c: times are shifted by (L - L0) c");
        add_trace_format_options(cmd, o);
        cmd.add_flag("--csv", o.csv, "a CSV table instead of JSON");
        cmd.add_flag("--pretty", o.pretty, "indent the JSON");
    };
    auto* simulate = app.add_subcommand("simulate", "replay a delay trace through a scheme's master");
    add_scheme_options(*simulate, o, false);
    add_replay_options(*simulate);
    add_count(*simulate, o, "--jobs", o.jobs, "number of jobs J (the trace needs J + T rounds)", {1})->required();
    simulate->add_flag("--allow-undecodable", o.allow_undecodable,
                       "exit 0 even when a job does not decode (the status is 3 otherwise)");

    auto* tune = app.add_subcommand("tune", "search each scheme's parameters on a delay trace");
    add_replay_options(*tune);
    add_count(*tune, o, "--jobs", o.jobs, "the first J jobs of the trace (it needs J + max-delay rounds)", {1})
        ->required();
    add_count(*tune, o, "--max-delay", o.max_delay, "largest decoding delay T searched")->required();
    add_count(*tune, o, "--max-window", o.max_window, "largest SR-SGC window W (default 2 max-delay + 1)");
    tune->add_option_function<std::vector<std::string>>(
            "--scheme",
            [&o](const std::vector<std::string>& names) {
                for (const auto& name : names) check_choice("--scheme", name, {"gc", "sr-sgc", "m-sgc", "none"});
                o.schemes = names;
            },
            "schemes to tune (gc, sr-sgc, m-sgc, none; repeatable; default all)")
        ->type_name("NAME");
    add_choice(*tune, "--code", o.code, {"frc", "uneven", "crc"}, "inner gradient code, default uneven");
    add_count(*tune, o, "--threads", o.threads, "search threads (default 0: all cores)", {0, max_threads, "threads"});
    add_choice(*tune, "--progress", o.progress, {"auto", "always", "never"},
               "progress bar on stderr: auto (if a terminal), always, never");

    auto* trace = app.add_subcommand("trace", "write a synthetic delay trace (CSV) to stdout");
    add_choice(*trace, "--model", o.model, {"bernoulli", "gilbert-elliott"}, "straggler model")->required();
    add_count(*trace, o, "--n", o.n, "number of workers")->required();
    add_count(*trace, o, "--rounds", o.rounds, "number of rounds", {1})->required();
    add_real(*trace, o, "--p", o.p, "straggling probability (bernoulli), good -> bad probability (gilbert-elliott)");
    add_real(*trace, o, "--q", o.q, "bad -> good probability (gilbert-elliott)");
    add_count(*trace, o, "--seed", o.seed, "random seed")->required();
    add_real(*trace, o, "--overhead", o.timing.overhead, "seconds every round costs (default 1)");
    add_real(*trace, o, "--seconds-per-load", o.timing.seconds_per_load, "seconds per unit of load c (default 2.2)");
    trace->add_option("--load", o.load, "the load L0 the trace is recorded at (e.g. 1/256)")->capture_default_str();
    add_real(*trace, o, "--jitter", o.timing.jitter, "times vary by a factor 1 + jitter u, u in [0, 1) (default 0.2)");
    add_real(*trace, o, "--slowdown", o.timing.slowdown, "a straggler's time is multiplied by this (default 3)");
    add_count(*trace, o, "--decimals", o.timing.decimals, "times are rounded to this many decimals (default 6)");

    const std::vector<std::string> subcommands{"info", "plan", "simulate", "tune", "trace"};
    if (args.empty()) throw usage_error{"a subcommand is required: " + joined(subcommands) + " (sgc --help)"};
    if (args[0].size() > 1 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help")
        throw usage_error{"the subcommand comes first: " + joined(subcommands) + ", then its options (" +
                          sgc::detail::quoted(args[0]) + " given before it)"};
    if (args[0].empty() || (args[0][0] != '-' &&
                            std::find(subcommands.begin(), subcommands.end(), args[0]) == subcommands.end()))
        throw usage_error{"unknown subcommand " + sgc::detail::quoted(args[0]) + ": expected " +
                          joined(subcommands) + " (sgc --help)"};

    outcome result;
    std::ostringstream help_out, help_err;
    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend()); // CLI11 takes them last first
        app.parse(reversed);
    } catch (const CLI::CallForHelp& e) {
        result.status = app.exit(e, help_out, help_err);
        result.out = help_out.str();
        return result;
    } catch (const CLI::CallForAllHelp& e) {
        result.status = app.exit(e, help_out, help_err);
        result.out = help_out.str();
        return result;
    } catch (const CLI::ParseError& e) {
        throw usage_error{e.what()};
    }

    try {
        run_subcommand(o, args, how, {info, plan, simulate, tune}, result);
    } catch (const sgc::invalid_parameter& e) {
        throw usage_error{library_error(o, e)};
    }
    return result;
}

// Runs the subcommand the command line named, into `result`.
void run_subcommand(options& o, const std::vector<std::string>& args, const settings& how,
                    const subcommands& cmd, outcome& result) {
    const auto [info, plan, simulate, tune] = cmd;
    if (info->parsed()) {
        result.out = scheme_of(o, how).visit([&](const auto& s) { return dump(info_json(o, s), o); });
    } else if (plan->parsed()) {
        result.out = scheme_of(o, how).visit([&](const auto& s) { return dump(plan_json(o, s, how), o); });
    } else if (simulate->parsed()) {
        const auto delays = read_trace_option(o);
        o.n = delays.n();
        shift_of(o); // option errors before scheme errors
        const simulated done = scheme_of(o, how).visit(
            [&](const auto& s) { return simulate_output(o, s, delays, how); });
        result.out = done.out;
        result.err = done.note;
        if (!done.note.empty() && !o.allow_undecodable) result.status = undecodable;
    } else if (tune->parsed()) {
        const simulated done = tune_output(o, how);
        result.out = done.out;
        result.err = done.note;
    } else {
        result.out = trace_output(o, args, how);
    }
}

outcome failure(int status, const std::string& message) {
    outcome result;
    result.status = status;
    result.err = "sgc: error: " + one_line(message) + '\n';
    return result;
}

} // namespace

outcome run(const std::vector<std::string>& args, const settings& how) {
    try {
        return parse_and_run(args, how);
    } catch (const usage_error& e) {
        return failure(bad_input, e.message);
    } catch (const sgc::invalid_parameter& e) {
        const std::string option = option_of(e.parameter());
        if (option.empty()) return failure(bad_input, e.what());
        return failure(bad_input, option + " " + printable(e.value(), 60) + ": " + e.rule());
    } catch (const sgc::parse_error& e) {
        return failure(bad_input, e.what());
    } catch (const std::bad_alloc&) {
        return failure(bad_input, "out of memory: the inputs need more memory than this machine "
                                  "has; use smaller parameters or files");
    } catch (const std::exception& e) {
        return failure(internal, std::string("internal error (please report it): ") + e.what());
    } catch (...) {
        return failure(internal, "internal error (please report it): an unknown exception");
    }
}

} // namespace sgc_cli
