// Schemes: sgc::any_scheme as sgc.Scheme (GC, SR-SGC, M-SGC, none), their tasks and the
// sans-I/O masters that say which jobs decode with which recipe.
#include "sgc_python.hpp"

#include <pybind11/operators.h>

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace sgc_python {

namespace {

using scheme = sgc::any_scheme;

// The sans-I/O master of any scheme.
class scheme_master {
public:
    using variant_type = std::variant<scheme::gc_type::master_type, scheme::sr_sgc_type::master_type,
                                      scheme::m_sgc_type::master_type>;

    scheme_master(const scheme& s, std::size_t jobs, const sgc::decode_options& options)
        : master_(s.visit([&](const auto& concrete) -> variant_type { return concrete.make_master(jobs, options); })) {}

    template <class F> decltype(auto) visit(F&& f) { return std::visit(std::forward<F>(f), master_); }
    template <class F> decltype(auto) visit(F&& f) const { return std::visit(std::forward<F>(f), master_); }

private:
    variant_type master_;
};

// The code a scheme factory is given: a kind (with the seed) or a ready sgc.Code.
struct code_choice {
    std::optional<sgc::code_kind> kind;
    std::optional<sgc::any_code<>> ready;
};

code_choice code_choice_of(py::object code, const char* function) {
    if (py::isinstance<sgc::any_code<>>(code)) return {std::nullopt, code.cast<sgc::any_code<>>()};
    return {to_enum<sgc::code_kind>(code, where(function), "code"), std::nullopt};
}

scheme make_gc(std::size_t n, std::size_t s, py::object code, std::uint64_t seed) {
    const auto c = code_choice_of(code, "gc");
    if (c.ready) return scheme::gc_type(n, s, *c.ready);
    return scheme::make({sgc::scheme_kind::gc, n, s}, *c.kind, seed);
}

template <class Type>
scheme make_bursty(sgc::scheme_kind kind, std::size_t n, std::size_t B, std::size_t W, std::size_t lam,
                   py::object code, std::uint64_t seed, const char* function) {
    const auto c = code_choice_of(code, function);
    if (c.ready) return Type(n, B, W, lam, *c.ready);
    return scheme::make({kind, n, 0, B, W, lam}, *c.kind, seed);
}

scheme make_any(py::object kind, std::size_t n, std::size_t s, std::size_t B, std::size_t W, std::size_t lam,
                py::object code, std::uint64_t seed) {
    const auto k = to_enum<sgc::scheme_kind>(kind, "sgc.scheme", "kind");
    switch (k) {
    case sgc::scheme_kind::gc: return make_gc(n, s, code, seed);
    case sgc::scheme_kind::sr_sgc: return make_bursty<scheme::sr_sgc_type>(k, n, B, W, lam, code, seed, "scheme");
    case sgc::scheme_kind::m_sgc: return make_bursty<scheme::m_sgc_type>(k, n, B, W, lam, code, seed, "scheme");
    default: return scheme::make({k, n}, to_enum<sgc::code_kind>(code, "sgc.scheme", "code"), seed);
    }
}

bool is_bursty(const scheme& s) {
    return s.kind() == sgc::scheme_kind::sr_sgc || s.kind() == sgc::scheme_kind::m_sgc;
}

py::object bursty_value(const scheme& s, std::size_t value) {
    return is_bursty(s) ? py::cast(value) : py::none();
}

py::list task_data(const scheme& s, std::size_t batch, std::size_t worker, const sgc::task& t) {
    py::list out;
    for (const auto& w : s.visit([&](const auto& concrete) { return concrete.task_data(batch, worker, t); }))
        out.append(py::make_tuple(w.range.begin, w.range.end, w.coefficient));
    return out;
}

py::list assignment_table(const sgc::round_assignment& a) {
    py::list rows;
    for (std::size_t i = 0; i < a.n(); ++i) {
        py::list slots;
        for (std::size_t m = 0; m < a.slots(); ++m) slots.append(a(i, m));
        rows.append(slots);
    }
    return rows;
}

py::array_t<std::int64_t> assignment_array(const sgc::round_assignment& a) {
    py::array_t<std::int64_t> out({a.n(), a.slots(), std::size_t{3}});
    auto v = out.mutable_unchecked<3>();
    for (std::size_t i = 0; i < a.n(); ++i)
        for (std::size_t m = 0; m < a.slots(); ++m) {
            const sgc::task& t = a(i, m);
            v(i, m, 0) = static_cast<std::int64_t>(t.kind);
            v(i, m, 1) = t.job;
            v(i, m, 2) = t.index;
        }
    return out;
}

std::string task_repr(const sgc::task& t) {
    if (t.kind == sgc::task_kind::idle) return "sgc.Task(idle)";
    return std::string("sgc.Task(") + sgc::to_string(t.kind) + ", job = " + std::to_string(t.job) +
           ", index = " + std::to_string(t.index) + ")";
}

const char* code_doc =
    "code: 'uneven' (default), 'frc' or 'crc' (seeded with `seed`), or a ready sgc.Code (e.g.\n"
    "sgc.matrix_code(E, s)) with the scheme's n and the s its rules require.\n";

void bind_scheme_types(py::module_& m) {
    bind_enum<sgc::scheme_kind>(m, "SchemeKind",
                                "none (no coding: GC with s = 0), gc, sr-sgc, m-sgc.",
                                {sgc::scheme_kind::none, sgc::scheme_kind::gc, sgc::scheme_kind::sr_sgc,
                                 sgc::scheme_kind::m_sgc});
    bind_enum<sgc::task_kind>(
        m, "TaskKind",
        "What a worker computes in one slot: idle; gc (its code row for the job: GC, SR-SGC);\n"
        "reattempt (SR-SGC: its row for an older job again); d1 / d1_reattempt (M-SGC: its own D1\n"
        "piece `index`, first time / again); d2 (M-SGC: its coded task for D2 group `index`).\n"
        "int(kind) is a stable small number for messages.",
        {sgc::task_kind::idle, sgc::task_kind::gc, sgc::task_kind::reattempt, sgc::task_kind::d1,
         sgc::task_kind::d1_reattempt, sgc::task_kind::d2});
    bind_enum<sgc::job_state>(m, "JobState", "pending, decodable or failed (its deadline passed).",
                              {sgc::job_state::pending, sgc::job_state::decodable, sgc::job_state::failed});

    py::class_<sgc::task>(m, "Task", "One slot's task: kind, job and index (D1 piece or D2 group).")
        .def(py::init([](py::object kind, std::uint32_t job, std::uint32_t index) {
                 return sgc::task{to_enum<sgc::task_kind>(kind, "sgc.Task", "kind"), job, index};
             }),
             py::arg("kind"), py::arg("job") = 0, py::arg("index") = 0,
             "kind: an sgc.TaskKind, its name, or int(kind).")
        .def_readonly("kind", &sgc::task::kind, "sgc.TaskKind")
        .def_readonly("job", &sgc::task::job, "int: the job the task belongs to")
        .def_readonly("index", &sgc::task::index, "int: the D1 piece (d1, d1_reattempt) or D2 group (d2); 0 otherwise")
        .def_property_readonly("idle", [](const sgc::task& t) { return t.kind == sgc::task_kind::idle; })
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def("__repr__", &task_repr);

    py::class_<sgc::round_assignment>(m, "Assignment",
                                      "The tasks of every worker in every slot of one round (a copy).")
        .def_property_readonly("round", &sgc::round_assignment::round)
        .def_property_readonly("n", &sgc::round_assignment::n)
        .def_property_readonly("slots", &sgc::round_assignment::slots)
        .def(
            "__getitem__",
            [](const sgc::round_assignment& a, std::pair<std::size_t, std::size_t> at) {
                if (at.first >= a.n() || at.second >= a.slots())
                    throw py::index_error("sgc.Assignment: (worker, slot) = (" + std::to_string(at.first) + ", " +
                                          std::to_string(at.second) + ") outside " + std::to_string(a.n()) +
                                          " x " + std::to_string(a.slots()));
                return a(at.first, at.second);
            },
            py::arg("worker_slot"), "assignment[worker, slot] -> sgc.Task")
        .def(
            "tasks",
            [](const sgc::round_assignment& a, std::size_t worker) {
                if (worker >= a.n())
                    throw_invalid("sgc.Assignment.tasks", "worker", std::to_string(worker),
                                  "must be < n = " + std::to_string(a.n()));
                std::vector<sgc::task> tasks;
                for (std::size_t slot = 0; slot < a.slots(); ++slot) tasks.push_back(a(worker, slot));
                return tasks;
            },
            py::arg("worker"), "The worker's tasks, one per slot (idle ones included).")
        .def("table", &assignment_table, "A list of n lists of `slots` sgc.Task.")
        .def("array", &assignment_array,
             "numpy.ndarray, int64, shape (n, slots, 3): (int(kind), job, index) per worker and slot.")
        .def(
            "busy_workers",
            [](const sgc::round_assignment& a) { return a.busy().ids(); },
            "The workers with a task in some slot: the only ones a round waits for.")
        .def_property_readonly(
            "idle", [](const sgc::round_assignment& a) { return a.busy().empty(); }, "bool: no worker has a task");

    py::class_<sgc::result_ref>(m, "ResultRef", "A received result: worker `worker`'s slot `slot` of round `round`.")
        .def_readonly("worker", &sgc::result_ref::worker)
        .def_readonly("round", &sgc::result_ref::round)
        .def_readonly("slot", &sgc::result_ref::slot)
        .def("key", [](const sgc::result_ref& r) { return py::make_tuple(r.worker, r.round, r.slot); },
             "(worker, round, slot): the key sgc.decode looks results up by")
        .def("__repr__", [](const sgc::result_ref& r) {
            return "sgc.ResultRef(worker = " + std::to_string(r.worker) + ", round = " + std::to_string(r.round) +
                   ", slot = " + std::to_string(r.slot) + ")";
        });
    py::class_<sgc::recipe_term>(m, "RecipeTerm", "coefficient * result")
        .def_readonly("result", &sgc::recipe_term::result, "sgc.ResultRef")
        .def_readonly("coefficient", &sgc::recipe_term::coefficient, "float");
    py::class_<sgc::decode_recipe>(m, "DecodeRecipe",
                                   "g(job) = sum over terms of coefficient * result: apply it with sgc.decode.")
        .def_readonly("job", &sgc::decode_recipe::job)
        .def_readonly("terms", &sgc::decode_recipe::terms, "list[sgc.RecipeTerm]");
    py::class_<sgc::job_status>(m, "JobStatus", "A job's standing in a scheme's master.")
        .def_readonly("state", &sgc::job_status::state, "sgc.JobState")
        .def_readonly("deadline", &sgc::job_status::deadline,
                      "int: the round at whose end the job must be decodable (t + T)")
        .def_property_readonly(
            "decoded_in",
            [](const sgc::job_status& st) -> py::object {
                return st.state == sgc::job_state::decodable ? py::cast(st.decoded_in) : py::none();
            },
            "int or None: the round at whose end it became decodable")
        .def_property_readonly(
            "reason",
            [](const sgc::job_status& st) -> py::object {
                return st.state == sgc::job_state::failed ? py::cast(st.reason) : py::none();
            },
            "sgc.DecodeStatus or None: why a failed job failed");
    py::class_<sgc::round_outcome>(m, "RoundOutcome", "What one round settled.")
        .def_readonly("round", &sgc::round_outcome::round)
        .def_readonly("decoded", &sgc::round_outcome::decoded,
                      "list[sgc.DecodeRecipe]: jobs that became decodable, with their recipes")
        .def_readonly("failed", &sgc::round_outcome::failed, "list[int]: jobs whose deadline passed undecoded");
}

void bind_scheme_master(py::module_& m) {
    py::class_<scheme_master>(
        m, "SchemeMaster",
        "A scheme's sans-I/O master (scheme.make_master(jobs)): it does no I/O and moves no\n"
        "gradients. Per round: read `assignment`, run the tasks, tell complete_round() who\n"
        "returned; it answers which jobs became decodable, with recipes, and which failed.")
        .def_property_readonly("n", [](const scheme_master& s) { return s.visit([](const auto& x) { return x.n(); }); })
        .def_property_readonly("jobs", [](const scheme_master& s) { return s.visit([](const auto& x) { return x.jobs(); }); })
        .def_property_readonly("T", [](const scheme_master& s) { return s.visit([](const auto& x) { return x.T(); }); })
        .def_property_readonly("slots", [](const scheme_master& s) { return s.visit([](const auto& x) { return x.slots(); }); })
        .def_property_readonly(
            "round", [](const scheme_master& s) { return s.visit([](const auto& x) { return x.round(); }); },
            "int: the round being run")
        .def_property_readonly(
            "rounds", [](const scheme_master& s) { return s.visit([](const auto& x) { return x.rounds(); }); },
            "int: jobs + T, the rounds that carry work")
        .def_property_readonly(
            "done", [](const scheme_master& s) { return s.visit([](const auto& x) { return x.done(); }); },
            "bool: every round has been completed")
        .def_property_readonly(
            "assignment",
            [](const scheme_master& s) { return s.visit([](const auto& x) { return x.assignment(); }); },
            "sgc.Assignment of the current round (a copy)")
        .def(
            "complete_round",
            [](scheme_master& s, py::object returned) {
                return s.visit([&](auto& x) { return x.complete_round(to_worker_set(returned, x.n(), "returned")); });
            },
            py::arg("returned"),
            "Ends the current round. returned: the ids of the workers whose results of this round\n"
            "arrived (the rest straggled; workers without work count as returned). Returns an\n"
            "sgc.RoundOutcome. Raises sgc.InvalidParameter after the last round or for a bad id.")
        .def(
            "status",
            [](const scheme_master& s, std::size_t job) { return s.visit([&](const auto& x) { return x.status(job); }); },
            py::arg("job"), "The job's sgc.JobStatus. Raises sgc.InvalidParameter if job >= jobs.");
}

// sgc.sr_sgc / sgc.m_sgc: (n, B, W, lam, code, seed) -> sgc.Scheme.
template <class Type>
void def_bursty(py::module_& m, const char* name, sgc::scheme_kind kind, const py::arg_v& seed, const std::string& doc) {
    m.def(
        name,
        [kind, name](std::size_t n, std::size_t B, std::size_t W, std::size_t lam, py::object code, std::uint64_t sd) {
            return make_bursty<Type>(kind, n, B, W, lam, code, sd, name);
        },
        py::arg("n"), py::arg("B"), py::arg("W"), py::arg("lam"), py::arg("code") = "uneven", seed, doc.c_str());
}

void bind_scheme(py::module_& m) {
    py::class_<scheme>(m, "Scheme",
                       "A gradient-coding scheme with its inner code, chosen at run time: built by\n"
                       "sgc.gc, sgc.sr_sgc, sgc.m_sgc or sgc.scheme.")
        .def_property_readonly("kind", &scheme::kind, "sgc.SchemeKind")
        .def_property_readonly("n", &scheme::n, "int: workers")
        .def_property_readonly(
            "s",
            [](const scheme& s) -> py::object {
                const bool coded = s.kind() == sgc::scheme_kind::gc || s.kind() == sgc::scheme_kind::sr_sgc;
                return coded ? py::cast(s.spec().s) : py::none();
            },
            "int: stragglers per round the code tolerates (GC; SR-SGC: ceil(B lambda / (W - 1 + B)));\n"
            "None for M-SGC and none, as in `sgc info`")
        .def_property_readonly("B", [](const scheme& s) { return bursty_value(s, s.spec().B); },
                               "int: the longest burst (SR-SGC, M-SGC; else None)")
        .def_property_readonly("W", [](const scheme& s) { return bursty_value(s, s.spec().W); },
                               "int: the window (SR-SGC, M-SGC; else None)")
        .def_property_readonly("lambda_", [](const scheme& s) { return bursty_value(s, s.spec().lambda); },
                               "int: distinct stragglers per window (SR-SGC, M-SGC; else None)")
        .def_property_readonly("T", &scheme::T, "int: the delay: job t is decoded by the end of round t + T")
        .def_property_readonly("slots", &scheme::slots, "int: tasks per worker and round")
        .def_property_readonly(
            "load", [](const scheme& s) { return to_fraction(s.load()); },
            "fractions.Fraction: the normalised load, the fraction of a job's data a worker\n"
            "computes per round")
        .def_property_readonly(
            "d1_fraction",
            [](const scheme& s) -> py::object {
                if (const auto* m_sgc = std::get_if<scheme::m_sgc_type>(&s.variant())) return to_fraction(m_sgc->d1_fraction());
                return py::none();
            },
            "fractions.Fraction: M-SGC's D1 share of a job's data (None for the other schemes)")
        .def_property_readonly(
            "code", [](const scheme& s) -> py::object { return s.code() ? py::cast(*s.code()) : py::none(); },
            "sgc.Code: the inner code (None for M-SGC with lambda = n)")
        .def(
            "model", [](const scheme& s) { return s.visit([](const auto& x) { return py::cast(x.model()); }); },
            "The straggler model the scheme tolerates: sgc.SPerRoundModel (GC, none) or\n"
            "sgc.BurstyModel (SR-SGC, M-SGC).")
        .def("task_data", &task_data, py::arg("batch"), py::arg("worker"), py::arg("task"),
             "What `worker` computes for `task` (an sgc.Task of its assignment) on a job of\n"
             "`batch` samples: a list of (begin, end, coefficient): the gradient summed over\n"
             "samples [begin, end), times coefficient, summed over the list.\n"
             "Raises sgc.InvalidParameter for an idle task or a kind the scheme does not assign.")
        .def(
            "make_master",
            [](const scheme& s, std::size_t jobs, py::object options) {
                return scheme_master(s, jobs, options_of(options, scalar::f32));
            },
            py::arg("jobs"), py::arg("options") = py::none(),
            "The sans-I/O master (sgc.SchemeMaster) for `jobs` jobs; options: its numerical\n"
            "guard (an sgc.DecodeOptions; None: the defaults, for float32 gradients).\n"
            "Raises sgc.InvalidParameter unless 1 <= jobs and jobs + T <= 2**32 - 1.")
        .def("__repr__", [](const scheme& s) { return "sgc.Scheme(" + s.spec().to_string() + ")"; })
        .def("__str__", [](const scheme& s) { return s.spec().to_string(); });

    const auto seed = py::arg("seed") = sgc::default_code_seed;
    m.def("gc", &make_gc, py::arg("n"), py::arg("s"), py::arg("code") = "uneven", seed,
          (std::string("GC: an (n, s) gradient code used round by round; T = 0, one slot, the\n"
                       "code's load; tolerates s stragglers per round.\n") +
           code_doc +
           "Returns an sgc.Scheme. Raises sgc.InvalidParameter unless 1 <= n <= 65536 and s < n,\n"
           "or when the code rejects (n, s) (frc needs (s + 1) | n).")
              .c_str());
    def_bursty<scheme::sr_sgc_type>(
        m, "sr_sgc", sgc::scheme_kind::sr_sgc, seed,
        std::string("SR-SGC (selective reattempt): tolerates (B, W, lambda)-bursty stragglers\n"
                    "(lam is lambda) with an (n, s) code, s = ceil(B lambda / (W - 1 + B)); T = B, one\n"
                    "slot, the code's load. Stragglers beyond s re-attempt their job B rounds later.\n") +
            code_doc +
            "Returns an sgc.Scheme. Raises sgc.InvalidParameter naming the parameter unless\n"
            "1 <= n <= 65536, B >= 1, B + 1 <= W <= 65536, B divides W - 1, 1 <= lam <= n and s < n.");
    def_bursty<scheme::m_sgc_type>(
        m, "m_sgc", sgc::scheme_kind::m_sgc, seed,
        std::string("M-SGC (multiplexed): tolerates (B, W, lambda)-bursty stragglers (lam is\n"
                    "lambda); T = W - 2 + B, W - 1 + B slots per round. Each job's data is split into\n"
                    "D1 (uncoded pieces, W - 1 per worker, retried when lost) and D2 (B groups coded\n"
                    "with an (n, lambda) code; no D2 when lam = n). Load (W - 1 + B) x / (n (W - 1)),\n"
                    "x the D1 share; e.g. sgc.m_sgc(256, 1, 2, 27, code='crc').load == Fraction(7, 928).\n") +
            code_doc +
            "Returns an sgc.Scheme. Raises sgc.InvalidParameter naming the parameter unless\n"
            "1 <= n <= 65536, B >= 1, B + 1 <= W <= 65536, 1 <= lam <= n and the bookkeeping\n"
            "n (W - 1) (W - 1 + B) <= 2**28.");
    m.def("scheme", &make_any, py::arg("kind"), py::arg("n"), py::arg("s") = 0, py::arg("B") = 0, py::arg("W") = 0,
          py::arg("lam") = 0, py::arg("code") = "uneven", seed,
          "Any scheme by name, as the command-line tool takes it: kind 'none' (no coding),\n"
          "'gc' (uses s), 'sr-sgc' or 'm-sgc' (use B, W, lam); the rest as sgc.gc, sgc.sr_sgc,\n"
          "sgc.m_sgc.");
}

} // namespace

void bind_schemes(py::module_& m) {
    bind_scheme_types(m);
    bind_scheme_master(m);
    bind_scheme(m);
}

} // namespace sgc_python
