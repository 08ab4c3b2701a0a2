// Straggler models: conformance checks with the violated rule, monitors, generators, pattern
// files. A pattern in Python is a list of rounds, each an iterable of worker ids.
#include "sgc_python.hpp"

#include <pybind11/operators.h>

#include <optional>
#include <string>

namespace sgc_python {

namespace {

// Both models' monitors are window monitors; the binding keeps n to read worker ids with.
struct monitor {
    sgc::window_monitor check;
    std::size_t n;
};

const char* pattern_doc = "pattern: a list of rounds, each an iterable of the ids of that round's stragglers.\n";

py::object fspath(py::object path) { return py::module_::import("os").attr("fspath")(path); }

template <class Model> std::optional<sgc::violation> check(const Model& model, py::object pattern) {
    return model.check(to_pattern(pattern, model.n(), "pattern"));
}

template <class Generator, class Class> void bind_generator(Class& c) {
    c.def_property_readonly("n", &Generator::n, "int: workers")
        .def(
            "next", [](Generator& g) { return g.next().ids(); },
            "The next round's stragglers: a list of worker ids, increasing.")
        .def(
            "generate", [](Generator& g, std::size_t rounds) { return from_pattern(sgc::generate(g, rounds)); },
            py::arg("rounds"), "The next `rounds` rounds: a pattern (list of lists of ids).");
}

} // namespace

void bind_models(py::module_& m) {
    bind_enum<sgc::conformance_rule>(
        m, "ConformanceRule",
        "The rule a round broke: per_round_limit (more than s stragglers), spatial (more than\n"
        "lambda distinct stragglers in a window of W rounds), temporal (a worker's straggling\n"
        "rounds in a window span more than B rounds).",
        {sgc::conformance_rule::per_round_limit, sgc::conformance_rule::spatial,
         sgc::conformance_rule::temporal});

    py::class_<sgc::violation>(m, "Violation", "Why a round does not conform to a straggler model.")
        .def_readonly("round", &sgc::violation::round, "int: the 0-based round that broke the rule")
        .def_readonly("rule", &sgc::violation::rule, "sgc.ConformanceRule")
        .def_readonly("worker", &sgc::violation::worker,
                      "int: temporal: the worker whose burst broke B; otherwise the count of\n"
                      "(distinct) stragglers that exceeded the limit")
        .def_readonly("limit", &sgc::violation::limit, "int: the bound exceeded: s, lambda or B")
        .def_readonly("first_round", &sgc::violation::first_round,
                      "int: temporal: the worker's first straggling round in the window; spatial:\n"
                      "the window's first round; per_round_limit: round")
        .def_property_readonly("message", &sgc::violation::message, "str: e.g. 'round 2: 3 distinct ...'")
        .def("__str__", &sgc::violation::message)
        .def("__repr__", [](const sgc::violation& v) { return "sgc.Violation(" + v.message() + ")"; })
        .def(py::self == py::self);

    py::class_<monitor>(
        m, "Monitor",
        "A model's incremental check, round by round: check(S) whether S conforms as the next\n"
        "round, record(S) appends it. From model.monitor(); S is an iterable of worker ids.")
        .def(
            "check", [](const monitor& mon, py::object S) { return mon.check.check(to_worker_set(S, mon.n, "S")); },
            py::arg("S"), "The first rule S would break as the next round (an sgc.Violation), or None.")
        .def(
            "record", [](monitor& mon, py::object S) { mon.check.record(to_worker_set(S, mon.n, "S")); },
            py::arg("S"), "Appends S as the next round, conforming or not.")
        .def(
            "conforming_subset",
            [](const monitor& mon, py::object S) { return mon.check.conforming_subset(to_worker_set(S, mon.n, "S")).ids(); },
            py::arg("S"), "A largest subset of S that conforms as the next round (a list of ids).")
        .def_property_readonly(
            "round", [](const monitor& mon) { return mon.check.round(); }, "int: rounds recorded so far")
        .def_property_readonly(
            "window_union", [](const monitor& mon) { return mon.check.window_union().ids(); },
            "list[int]: the workers that straggled in the last W - 1 rounds")
        .def_property_readonly(
            "blocked", [](const monitor& mon) { return mon.check.blocked().ids(); },
            "list[int]: of them, those the temporal rule forbids next round")
        .def_property_readonly(
            "spare", [](const monitor& mon) { return mon.check.spare(); },
            "int: how many workers outside window_union may still straggle next round");

    py::class_<sgc::s_per_round_model>(m, "SPerRoundModel",
                                       "The s-per-round model of gradient coding: a pattern conforms\n"
                                       "iff every round has at most s stragglers.")
        .def(py::init<std::size_t, std::size_t>(), py::arg("n"), py::arg("s"),
             "Raises sgc.InvalidParameter unless n >= 1 and s <= n.")
        .def_property_readonly("n", &sgc::s_per_round_model::n)
        .def_property_readonly("s", &sgc::s_per_round_model::s)
        .def("check", &check<sgc::s_per_round_model>, py::arg("pattern"),
             (std::string("The first round with more than s stragglers (an sgc.Violation), or None.\n") + pattern_doc)
                 .c_str())
        .def(
            "monitor", [](const sgc::s_per_round_model& model) { return monitor{model.make_monitor(), model.n()}; },
            "A fresh sgc.Monitor of this model.")
        .def("__repr__", [](const sgc::s_per_round_model& model) {
            return "sgc.SPerRoundModel(n = " + std::to_string(model.n()) + ", s = " + std::to_string(model.s()) + ")";
        });

    py::class_<sgc::bursty_model>(
        m, "BurstyModel",
        "The (B, W, lambda)-bursty model: in every window of W consecutive rounds, (i) at most\n"
        "lambda distinct stragglers and (ii) every worker's straggling rounds span at most B rounds.")
        .def(py::init<std::size_t, std::size_t, std::size_t, std::size_t>(), py::arg("n"), py::arg("B"),
             py::arg("W"), py::arg("lam"),
             "lam is lambda. Raises sgc.InvalidParameter unless n >= 1, B >= 1, W >= B and\n"
             "1 <= lam <= n.")
        .def_property_readonly("n", &sgc::bursty_model::n)
        .def_property_readonly("B", &sgc::bursty_model::B)
        .def_property_readonly("W", &sgc::bursty_model::W)
        .def_property_readonly("lambda_", &sgc::bursty_model::lambda)
        .def("check", &check<sgc::bursty_model>, py::arg("pattern"),
             (std::string("The first round whose window breaks a rule (spatial reported before\n"
                          "temporal) as an sgc.Violation, or None.\n") +
              pattern_doc)
                 .c_str())
        .def(
            "monitor", [](const sgc::bursty_model& model) { return monitor{model.make_monitor(), model.n()}; },
            "A fresh sgc.Monitor of this model.")
        .def("__repr__", [](const sgc::bursty_model& model) {
            return "sgc.BurstyModel(n = " + std::to_string(model.n()) + ", B = " + std::to_string(model.B()) +
                   ", W = " + std::to_string(model.W()) + ", lambda = " + std::to_string(model.lambda()) + ")";
        });

    py::class_<sgc::bernoulli_stragglers> bernoulli(
        m, "BernoulliStragglers",
        "Seeded pattern generator: every worker straggles in every round independently with\n"
        "probability p. The same seed gives the same rounds on every platform.");
    bernoulli.def(py::init<std::size_t, double, std::uint64_t>(), py::arg("n"), py::arg("p"), py::arg("seed"),
                  "Raises sgc.InvalidParameter unless n >= 1 and 0 <= p <= 1.");
    bind_generator<sgc::bernoulli_stragglers>(bernoulli);

    py::class_<sgc::gilbert_elliott_stragglers> ge(
        m, "GilbertElliottStragglers",
        "Seeded pattern generator: every worker is a two-state Markov chain (good -> bad with\n"
        "probability p, bad -> good with q, once per round) and straggles while bad.");
    ge.def(py::init<std::size_t, double, double, std::uint64_t>(), py::arg("n"), py::arg("p"), py::arg("q"),
           py::arg("seed"), "Raises sgc.InvalidParameter unless n >= 1 and p, q are in [0, 1].");
    bind_generator<sgc::gilbert_elliott_stragglers>(ge);

    py::class_<sgc::adversarial_stragglers> adversarial(
        m, "AdversarialStragglers",
        "Seeded pattern generator that saturates a (B, W, lambda)-bursty model: every round\n"
        "straggles a largest set the model allows given the rounds before (every pattern conforms).");
    adversarial.def(py::init<const sgc::bursty_model&, std::uint64_t>(), py::arg("model"), py::arg("seed"));
    bind_generator<sgc::adversarial_stragglers>(adversarial);

    m.def(
        "load_pattern",
        [](py::object path, std::size_t n) { return from_pattern(sgc::load_pattern(fspath(path).cast<std::string>(), n)); },
        py::arg("path"), py::arg("n"),
        "Reads a pattern file (one line per round: the ids of its stragglers; '#' comments) over\n"
        "n workers. Returns a list of lists of ids. Raises sgc.ParseError (file, line) for\n"
        "malformed lines, sgc.InvalidParameter if the file cannot be opened.");
    m.def(
        "save_pattern",
        [](py::object path, py::object pattern, std::size_t n) {
            sgc::save_pattern(fspath(path).cast<std::string>(), to_pattern(pattern, n, "pattern"));
        },
        py::arg("path"), py::arg("pattern"), py::arg("n"),
        "Writes a pattern over n workers as a pattern file (load_pattern reads it back).");
}

} // namespace sgc_python
