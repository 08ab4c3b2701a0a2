// sgc: scheme information and task-assignment plans from the command line.
//
//   sgc info --scheme {gc|sr-sgc|m-sgc|none} --n N [--s S] [--B B --W W --lambda L]
//            [--code frc|uneven|crc] [--seed X]
//   sgc plan <the same options> --jobs J --pattern FILE [--pretty]
//
// Output is one JSON object on stdout. Bad arguments: one line on stderr naming the option and
// its value, exit code 2.
#include <sgc/sgc.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using json = nlohmann::ordered_json;

struct options {
    std::string scheme;
    std::size_t n = 0;
    std::optional<std::size_t> s, B, W, lambda;
    std::string code = "uneven";
    std::uint64_t seed = sgc::cyclic_repetition<>::default_seed;
    std::size_t jobs = 0;
    std::string pattern;
    bool pretty = false;
};

// A bad combination of options, reported like a parse error.
struct usage_error {
    std::string message;
};

void add_scheme_options(CLI::App& cmd, options& o) {
    cmd.add_option("--scheme", o.scheme, "gc, sr-sgc, m-sgc or none (uncoded)")
        ->required()
        ->check(CLI::IsMember({"gc", "sr-sgc", "m-sgc", "none"}));
    cmd.add_option("--n", o.n, "number of workers")->required();
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

json code_json(const sgc::any_code& code) {
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
    if constexpr (std::is_same_v<Scheme, sgc::gc<>>) {
        if (o.scheme == "gc") j["s"] = scheme.s();
    } else {
        j["B"] = scheme.B();
        j["W"] = scheme.W();
        j["lambda"] = scheme.lambda();
        if constexpr (std::is_same_v<Scheme, sgc::sr_sgc<>>) j["s"] = scheme.s();
    }
    j["T"] = scheme.T();
    j["slots"] = scheme.slots();
    j["load"] = sgc::to_string(scheme.load());
    j["load_value"] = scheme.load().value();
    if constexpr (std::is_same_v<Scheme, sgc::m_sgc<>>) {
        j["d1_fraction"] = sgc::to_string(scheme.d1_fraction());
        j["code"] = scheme.code() ? code_json(*scheme.code()) : json(nullptr);
    } else {
        j["code"] = code_json(scheme.code());
    }
    return j;
}

json slot_json(const sgc::task& t) {
    if (t.kind == sgc::task_kind::idle) return nullptr;
    json j{{"job", t.job}, {"kind", sgc::to_string(t.kind)}};
    if (t.kind == sgc::task_kind::d1 || t.kind == sgc::task_kind::d1_retry) j["piece"] = t.index;
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

// Runs `f` with the scheme the options describe (run-time forms).
template <class F> json with_scheme(const options& o, F&& f) {
    if (o.scheme == "gc" || o.scheme == "none") {
        const std::size_t s = o.scheme == "none" ? 0 : o.s ? *o.s : need(o.lambda, "--s", o);
        return f(sgc::gc<>(o.n, s, o.scheme == "none" ? sgc::code_kind::frc : code_kind_of(o), o.seed));
    }
    const std::size_t B = need(o.B, "--B", o), W = need(o.W, "--W", o);
    const std::size_t lambda = need(o.lambda, "--lambda", o);
    if (o.scheme == "sr-sgc") return f(sgc::sr_sgc<>(o.n, B, W, lambda, code_kind_of(o), o.seed));
    return f(sgc::m_sgc<>(o.n, B, W, lambda, code_kind_of(o), o.seed));
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

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(e.what());
    }

    try {
        const json out = info->parsed()
                             ? with_scheme(o, [&](const auto& s) { return info_json(o, s); })
                             : with_scheme(o, [&](const auto& s) { return plan_json(o, s); });
        std::cout << out.dump(o.pretty ? 2 : -1) << '\n';
        return 0;
    } catch (const usage_error& e) {
        return fail(e.message);
    } catch (const sgc::invalid_parameter& e) {
        // The library names its parameters as the options do.
        return fail("--" + e.parameter() + " " + e.value() + ": " + e.rule());
    } catch (const sgc::parse_error& e) {
        return fail(std::string("--pattern ") + e.what());
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}
