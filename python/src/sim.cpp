// The simulator and the tuner: sgc::sim::replay and sgc::sim::tune, with results carrying the
// fields of `sgc simulate` / `sgc tune` JSON, and the synthetic traces of `sgc trace`.
#include "sgc_python.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sgc_python {

namespace {

namespace sim = sgc::sim;

// One replay with what it was run on, as `sgc simulate` reports it.
struct simulation {
    sgc::any_scheme scheme;
    sim::replay_options options;
    std::size_t jobs_count = 0;
    sim::replay_result result;
};

struct job_entry {
    std::size_t job = 0;
    sim::job_completion completion;
};

struct tuning {
    sim::tune_options options;
    std::size_t n = 0;
    sim::tune_result result;
};

bool is_path(py::object trace) { return py::isinstance<py::str>(trace) || py::hasattr(trace, "__fspath__"); }

sim::delay_trace trace_of(py::object trace, const char* function) {
    if (is_path(trace))
        return sim::load_trace(py::module_::import("os").attr("fspath")(trace).cast<std::string>());
    const auto times = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(trace);
    if (!times) throw py::type_error(where(function) + ": trace must be a CSV path or a 2-D array of seconds");
    if (times.ndim() != 2)
        throw_invalid(where(function), "trace.ndim", std::to_string(times.ndim()),
                      "a trace is 2-D: rounds x workers");
    return sim::delay_trace(static_cast<std::size_t>(times.shape(1)),
                            std::vector<double>(times.data(), times.data() + times.size()));
}

py::array_t<double> array_of(const sim::delay_trace& trace) {
    return owning_array(std::vector<double>(trace.times()), {trace.rounds(), trace.n()});
}

sim::replay_options replay_options_of(double mu, py::object policy, double trace_load, double seconds_per_load,
                                      py::object options, const char* function) {
    sim::replay_options o;
    o.mu = mu;
    o.policy = to_enum<sgc::wait_policy>(policy, where(function), "policy");
    o.shift = {trace_load, seconds_per_load};
    o.decode = options_of(options, scalar::f32);
    return o;
}

simulation simulate(py::object trace, const sgc::any_scheme& scheme, double mu, std::size_t jobs,
                    py::object policy, double trace_load, double seconds_per_load, py::object options) {
    simulation s{scheme, replay_options_of(mu, policy, trace_load, seconds_per_load, options, "simulate"),
                 jobs, {}};
    const sim::delay_trace delays = trace_of(trace, "simulate");
    py::gil_scoped_release unlocked;
    s.result = scheme.visit([&](const auto& concrete) { return sim::replay(concrete, delays, jobs, s.options); });
    return s;
}

tuning tune(py::object trace, double mu, std::size_t jobs, std::size_t max_delay, std::size_t max_window,
            py::object schemes, py::object policy, double trace_load, double seconds_per_load, py::object code,
            unsigned threads, py::object options) {
    tuning t;
    t.options.jobs = jobs;
    t.options.max_delay = max_delay;
    t.options.max_window = max_window;
    t.options.replay = replay_options_of(mu, policy, trace_load, seconds_per_load, options, "tune");
    if (!schemes.is_none()) {
        t.options.schemes.clear();
        for (py::handle kind : schemes) {
            const auto k = to_enum<sgc::scheme_kind>(kind, "sgc.tune", "schemes");
            if (std::find(t.options.schemes.begin(), t.options.schemes.end(), k) == t.options.schemes.end())
                t.options.schemes.push_back(k);
        }
    }
    t.options.code = to_enum<sgc::code_kind>(code, "sgc.tune", "code");
    t.options.threads = threads;
    const sim::delay_trace delays = trace_of(trace, "tune");
    t.n = delays.n();
    py::gil_scoped_release unlocked;
    t.result = sim::tune(delays, t.options);
    return t;
}

py::list job_entries(const simulation& s) {
    py::list jobs;
    for (std::size_t t = 0; t < s.result.jobs.size(); ++t) jobs.append(job_entry{t, s.result.jobs[t]});
    return jobs;
}

py::object if_found(const sim::tuned_scheme& t, bool applies, std::size_t value) {
    return t.found && applies ? py::cast(value) : py::none();
}

bool bursty(sgc::scheme_kind kind) { return kind == sgc::scheme_kind::sr_sgc || kind == sgc::scheme_kind::m_sgc; }

void bind_results(py::module_& m) {
    py::class_<sim::round_record>(m, "RoundRecord", "One round of a replay.")
        .def_readonly("round", &sim::round_record::round)
        .def_readonly("duration", &sim::round_record::duration,
                      "float: seconds; 0 for a round in which no worker has work")
        .def_readonly("waited", &sim::round_record::waited, "bool: it lasted beyond the cut-off (1 + mu) d_min")
        .def_property_readonly(
            "stragglers", [](const sim::round_record& r) { return r.stragglers.ids(); },
            "list[int]: recorded as stragglers (treated as not returned)")
        .def_property_readonly(
            "active", [](const sim::round_record& r) { return r.active.ids(); },
            "list[int]: the workers with work in the round (the only ones timed)");
    py::class_<job_entry>(m, "JobCompletion", "When a job became decodable in a replay.")
        .def_readonly("job", &job_entry::job)
        .def_property_readonly("decoded", [](const job_entry& j) { return j.completion.decoded; })
        .def_property_readonly(
            "decoded_in",
            [](const job_entry& j) -> py::object { return j.completion.decoded ? py::cast(j.completion.round) : py::none(); },
            "int or None: the round at whose end it became decodable")
        .def_property_readonly(
            "time",
            [](const job_entry& j) -> py::object { return j.completion.decoded ? py::cast(j.completion.time) : py::none(); },
            "float or None: seconds from the start of round 0 to the end of that round");

    py::class_<simulation>(m, "SimulationResult",
                           "sgc.simulate's result: the fields of `sgc simulate` JSON as attributes.")
        .def_readonly("scheme", &simulation::scheme, "sgc.Scheme replayed")
        .def_property_readonly("mu", [](const simulation& s) { return s.options.mu; })
        .def_property_readonly("policy", [](const simulation& s) { return s.options.policy; }, "sgc.WaitPolicy")
        .def_property_readonly("trace_load", [](const simulation& s) { return s.options.shift.trace_load; })
        .def_property_readonly("seconds_per_load", [](const simulation& s) { return s.options.shift.seconds_per_load; })
        .def_readonly("jobs_count", &simulation::jobs_count, "int: jobs J replayed")
        .def_property_readonly("total_runtime", [](const simulation& s) { return s.result.total_runtime; }, "float: seconds")
        .def_property_readonly("waits", [](const simulation& s) { return s.result.waits; },
                               "int: rounds that waited beyond the cut-off")
        .def_property_readonly("jobs_decoded", [](const simulation& s) { return s.result.jobs_decoded; },
                               "int: jobs decodable by their deadline (fewer than jobs_count is not an error)")
        .def_property_readonly("load", [](const simulation& s) { return to_fraction(s.scheme.load()); },
                               "fractions.Fraction: the scheme's load")
        .def_property_readonly("load_value", [](const simulation& s) { return s.result.load; })
        .def_property_readonly("rounds", [](const simulation& s) { return s.result.rounds; }, "list[sgc.RoundRecord]")
        .def_property_readonly("jobs", &job_entries, "list[sgc.JobCompletion], one per job")
        .def_property_readonly(
            "failed_jobs",
            [](const simulation& s) {
                std::vector<std::size_t> failed;
                for (std::size_t t = 0; t < s.result.jobs.size(); ++t)
                    if (!s.result.jobs[t].decoded) failed.push_back(t);
                return failed;
            },
            "list[int]: the jobs not decodable by their deadline");

    py::class_<sim::tuned_scheme>(m, "TunedScheme", "The best tuple of one scheme, as in `sgc tune` JSON.")
        .def_readonly("scheme", &sim::tuned_scheme::kind, "sgc.SchemeKind")
        .def_readonly("found", &sim::tuned_scheme::found,
                      "bool: False when no tuple has T <= max_delay (or none decoded every job)")
        .def_property_readonly(
            "s",
            [](const sim::tuned_scheme& t) {
                return if_found(t, t.kind == sgc::scheme_kind::gc || t.kind == sgc::scheme_kind::sr_sgc, t.best.s);
            },
            "int or None: GC's and SR-SGC's s")
        .def_property_readonly("B", [](const sim::tuned_scheme& t) { return if_found(t, bursty(t.kind), t.best.B); })
        .def_property_readonly("W", [](const sim::tuned_scheme& t) { return if_found(t, bursty(t.kind), t.best.W); })
        .def_property_readonly("lambda_",
                               [](const sim::tuned_scheme& t) { return if_found(t, bursty(t.kind), t.best.lambda); })
        .def_property_readonly("T", [](const sim::tuned_scheme& t) { return if_found(t, true, t.best.T()); })
        .def_property_readonly(
            "load", [](const sim::tuned_scheme& t) -> py::object { return t.found ? to_fraction(t.load) : py::none(); })
        .def_property_readonly(
            "load_value", [](const sim::tuned_scheme& t) -> py::object { return t.found ? py::cast(t.load.value()) : py::none(); })
        .def_property_readonly(
            "total_runtime",
            [](const sim::tuned_scheme& t) -> py::object { return t.found ? py::cast(t.total_runtime) : py::none(); })
        .def_property_readonly(
            "waits", [](const sim::tuned_scheme& t) -> py::object { return t.found ? py::cast(t.waits) : py::none(); })
        .def_readonly("searched", &sim::tuned_scheme::searched, "int: tuples simulated")
        .def_readonly("abandoned", &sim::tuned_scheme::abandoned, "int: of them, stopped early")
        .def_readonly("failed", &sim::tuned_scheme::failed, "int: of them, with a job not decodable in time")
        .def(
            "build",
            [](const sim::tuned_scheme& t, py::object code, std::uint64_t seed) {
                if (!t.found) throw_invalid("sgc.TunedScheme.build", "found", "False", "no tuple was found");
                return sgc::any_scheme::make(t.best, to_enum<sgc::code_kind>(code, "sgc.TunedScheme.build", "code"), seed);
            },
            py::arg("code") = "uneven", py::arg("seed") = sgc::default_code_seed,
            "The sgc.Scheme of the best tuple, with this inner code.");

    py::class_<tuning>(m, "TuneResult", "sgc.tune's result: the fields of `sgc tune` JSON as attributes.")
        .def_readonly("n", &tuning::n)
        .def_property_readonly("mu", [](const tuning& t) { return t.options.replay.mu; })
        .def_property_readonly("policy", [](const tuning& t) { return t.options.replay.policy; })
        .def_property_readonly("jobs_count", [](const tuning& t) { return t.options.jobs; })
        .def_property_readonly("max_delay", [](const tuning& t) { return t.options.max_delay; })
        .def_property_readonly("code", [](const tuning& t) { return t.options.code; })
        .def_property_readonly("trace_load", [](const tuning& t) { return t.options.replay.shift.trace_load; })
        .def_property_readonly("seconds_per_load",
                               [](const tuning& t) { return t.options.replay.shift.seconds_per_load; })
        .def_property_readonly("schemes", [](const tuning& t) { return t.result.schemes; },
                               "list[sgc.TunedScheme], in the order searched")
        .def_property_readonly("seconds", [](const tuning& t) { return t.result.seconds; },
                               "float: wall time of the search");
}

} // namespace

void bind_sim(py::module_& m) {
    bind_results(m);
    const sim::replay_options replay_defaults;
    const char* trace_doc =
        "trace: a trace CSV path (one line per round, one time in seconds per worker) or an\n"
        "array of seconds, shape (rounds, workers).\n";
    const char* shift_doc =
        "trace_load, seconds_per_load: a trace recorded at load L0 = trace_load is replayed for a\n"
        "scheme of load L by adding (L - L0) * seconds_per_load to every time (0: no shift).\n"
        "options: the master's numerical guard, an sgc.DecodeOptions (None: the defaults).\n";
    m.def("simulate", &simulate, py::arg("trace"), py::arg("scheme"), py::arg("mu") = replay_defaults.mu,
          py::arg("jobs"), py::arg("policy") = replay_defaults.policy, py::arg("trace_load") = 0.0,
          py::arg("seconds_per_load") = 0.0, py::arg("options") = py::none(),
          (std::string("Replays a delay trace through the scheme's own master, as `sgc simulate`:\n"
                       "round r takes row r; the round rule with cut-off (1 + mu) times the fastest\n"
                       "time and the policy ('wait-all' or 'minimal-wait') decides each round's\n"
                       "duration and stragglers.\n") +
           trace_doc + "jobs: J; the trace needs J + T rounds.\n" + shift_doc +
           "Returns an sgc.SimulationResult (also when jobs fail to decode: see jobs_decoded).\n"
           "Raises sgc.InvalidParameter (a trace with another n, too few rounds, mu < 0, ...),\n"
           "sgc.ParseError for a malformed CSV.")
              .c_str());
    m.def("tune", &tune, py::arg("trace"), py::arg("mu") = replay_defaults.mu, py::arg("jobs"),
          py::arg("max_delay"), py::arg("max_window") = 0, py::arg("schemes") = py::none(),
          py::arg("policy") = replay_defaults.policy, py::arg("trace_load") = 0.0, py::arg("seconds_per_load") = 0.0,
          py::arg("code") = "uneven", py::arg("threads") = 0, py::arg("options") = py::none(),
          (std::string("Searches every scheme's parameters with T <= max_delay on the first `jobs`\n"
                       "jobs of the trace and keeps each scheme's fastest, as `sgc tune`.\n") +
           trace_doc +
           "max_window: SR-SGC's largest W (0: 2 max_delay + 1). schemes: kinds to tune (default\n"
           "all: none, gc, sr-sgc, m-sgc). code: the inner code. threads: 0 uses every core.\n" +
           shift_doc + "Returns an sgc.TuneResult.")
              .c_str());

    const sim::trace_timing timing;
    py::class_<sim::trace_timing>(
        m, "TraceTiming",
        "How long workers take in a synthetic trace: a worker's time in a round is\n"
        "(overhead + seconds_per_load * load) * (1 + jitter * u), u uniform in [0, 1), times\n"
        "slowdown while it straggles, rounded to `decimals` places. Seconds throughout.")
        .def(py::init([](double overhead, double seconds_per_load, double load, double jitter, double slowdown,
                         unsigned decimals) {
                 return sim::trace_timing{overhead, seconds_per_load, load, jitter, slowdown, decimals};
             }),
             py::arg("overhead") = timing.overhead, py::arg("seconds_per_load") = timing.seconds_per_load,
             py::arg("load") = timing.load, py::arg("jitter") = timing.jitter, py::arg("slowdown") = timing.slowdown,
             py::arg("decimals") = timing.decimals,
             "load: the load L0 the trace is recorded at (replay it with trace_load = load).")
        .def_readwrite("overhead", &sim::trace_timing::overhead)
        .def_readwrite("seconds_per_load", &sim::trace_timing::seconds_per_load)
        .def_readwrite("load", &sim::trace_timing::load)
        .def_readwrite("jitter", &sim::trace_timing::jitter)
        .def_readwrite("slowdown", &sim::trace_timing::slowdown)
        .def_readwrite("decimals", &sim::trace_timing::decimals);
    const char* synthetic_doc =
        "timing: an sgc.TraceTiming. The same arguments give the same numbers as `sgc trace`.\n"
        "Returns numpy.ndarray, float64, shape (rounds, n), seconds. Raises sgc.InvalidParameter\n"
        "for a probability outside [0, 1] or a bad timing field.";
    m.def(
        "bernoulli_trace",
        [](std::size_t n, std::size_t rounds, double p, std::uint64_t seed, const sim::trace_timing& t) {
            return array_of(sim::bernoulli_trace(n, rounds, p, t, seed));
        },
        py::arg("n"), py::arg("rounds"), py::arg("p"), py::arg("seed"), py::arg("timing") = timing,
        (std::string("A synthetic trace whose stragglers are Bernoulli(p), every worker and round.\n") + synthetic_doc)
            .c_str());
    m.def(
        "gilbert_elliott_trace",
        [](std::size_t n, std::size_t rounds, double p, double q, std::uint64_t seed, const sim::trace_timing& t) {
            return array_of(sim::gilbert_elliott_trace(n, rounds, p, q, t, seed));
        },
        py::arg("n"), py::arg("rounds"), py::arg("p"), py::arg("q"), py::arg("seed"), py::arg("timing") = timing,
        (std::string("A synthetic trace whose stragglers come in Gilbert-Elliott bursts (good -> bad\n"
                     "with probability p, bad -> good with q, per worker and round).\n") +
         synthetic_doc)
            .c_str());

    m.def(
        "load_trace", [](py::object path) { return array_of(trace_of(path, "load_trace")); }, py::arg("path"),
        "Reads a trace CSV: numpy.ndarray, float64, shape (rounds, workers), seconds.\n"
        "Raises sgc.ParseError (file, line) for a malformed line, sgc.InvalidParameter if the\n"
        "file cannot be opened.");
    m.def(
        "save_trace",
        [](py::object path, py::object trace) {
            sim::save_trace(py::module_::import("os").attr("fspath")(path).cast<std::string>(), trace_of(trace, "save_trace"));
        },
        py::arg("path"), py::arg("trace"), "Writes a trace (array of seconds, rounds x workers) as CSV.");
}

} // namespace sgc_python
