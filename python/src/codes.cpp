// Gradient codes: sgc::any_code<> as sgc.Code, its decode plans and worker tasks.
#include "sgc_python.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace sgc_python {

namespace {

using code = sgc::any_code<>;

py::array_t<double> matrix_of(const code& c) {
    const auto& E = c.encoding_matrix();
    py::array_t<double> out({E.shape()[0], E.shape()[1]});
    std::copy(E.begin(), E.end(), out.mutable_data());
    return out;
}

code matrix_code_of(py::handle E, std::size_t s) {
    const auto array = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(E);
    if (!array) throw py::type_error("sgc.matrix_code: E must be a 2-D array of numbers");
    if (array.ndim() != 2)
        throw_invalid("sgc.matrix_code", "E.ndim", std::to_string(array.ndim()),
                      "the encoding matrix must be 2-D: n workers x k partitions");
    auto matrix = xt::xtensor<double, 2>::from_shape(
        {static_cast<std::size_t>(array.shape(0)), static_cast<std::size_t>(array.shape(1))});
    std::copy(array.data(), array.data() + array.size(), matrix.begin());
    return sgc::matrix_code(std::move(matrix), s);
}

std::string code_repr(const code& c) {
    return std::string("sgc.Code(") + sgc::to_string(c.kind()) + ", n = " + std::to_string(c.n()) +
           ", s = " + std::to_string(c.s()) + ", k = " + std::to_string(c.k()) +
           ", load = " + sgc::to_string(c.load()) + ")";
}

} // namespace

void bind_codes(py::module_& m) {
    bind_enum<sgc::code_kind>(m, "CodeKind",
                              "The library's codes: frc (fractional repetition), uneven (uneven "
                              "repetition), crc (cyclic repetition), matrix (your encoding matrix).",
                              {sgc::code_kind::frc, sgc::code_kind::uneven, sgc::code_kind::crc,
                               sgc::code_kind::matrix});
    bind_enum<sgc::decode_status>(
        m, "DecodeStatus",
        "A decode plan's outcome. Only ok may be applied: too_few_responders (these responders\n"
        "do not carry the full gradient), unreliable (coefficients exist, but the numerical\n"
        "guard's error estimate exceeds its tolerance).",
        {sgc::decode_status::ok, sgc::decode_status::too_few_responders,
         sgc::decode_status::unreliable});

    py::class_<sgc::worker_task>(m, "WorkerTask",
                                 "One worker's row of the encoding matrix: it sends\n"
                                 "sum_r coefficients[r] * g[partitions[r]].")
        .def_readonly("partitions", &sgc::worker_task::partitions,
                      "list[int]: the partitions it computes, increasing")
        .def_readonly("coefficients", &sgc::worker_task::coefficients,
                      "list[float]: one coefficient per partition")
        .def("__repr__", [](const sgc::worker_task& t) {
            return "sgc.WorkerTask(partitions = " + py::repr(py::cast(t.partitions)).cast<std::string>() +
                   ", coefficients = " + py::repr(py::cast(t.coefficients)).cast<std::string>() + ")";
        });

    py::class_<sgc::decode_plan>(
        m, "DecodePlan",
        "How to rebuild the full gradient from some responders: g = sum_r coefficients[r] *\n"
        "y[workers[r]]. Only a plan whose status is ok may be applied (sgc.decode checks).")
        .def_readonly("status", &sgc::decode_plan::status, "sgc.DecodeStatus")
        .def_readonly("workers", &sgc::decode_plan::workers,
                      "list[int]: the responders whose results are read, increasing")
        .def_readonly("coefficients", &sgc::decode_plan::coefficients,
                      "list[float]: one per entry of workers")
        .def_readonly("residual", &sgc::decode_plan::residual, "float: max_j |(a^T E_F)_j - 1|")
        .def_readonly("growth", &sgc::decode_plan::growth, "float: max_j sum_i |a_i| |E_ij|")
        .def_readonly("error_estimate", &sgc::decode_plan::error_estimate,
                      "float: the guard's bound on the decoded gradient's relative error")
        .def_property_readonly("ok", &sgc::decode_plan::ok, "bool: status is ok")
        .def("__bool__", &sgc::decode_plan::ok)
        .def("__repr__", [](const sgc::decode_plan& p) {
            return std::string("sgc.DecodePlan(") + sgc::to_string(p.status) + ", workers = " +
                   py::repr(py::cast(p.workers)).cast<std::string>() + ")";
        });

    const sgc::decode_options defaults;
    py::class_<code>(m, "Code",
                     "An (n, s) gradient code: n workers, any n - s of whom carry the full\n"
                     "gradient. Build one with sgc.code(kind, n, s) or sgc.matrix_code(E, s).")
        .def_property_readonly("kind", &code::kind, "sgc.CodeKind")
        .def_property_readonly("n", &code::n, "int: workers")
        .def_property_readonly("s", &code::s, "int: stragglers tolerated")
        .def_property_readonly("k", &code::k, "int: partitions of a job's data")
        .def_property_readonly(
            "load", [](const code& c) { return to_fraction(c.load()); },
            "fractions.Fraction: the largest fraction of a job's data one worker computes")
        .def_property_readonly("encoding_matrix", &matrix_of,
                               "numpy.ndarray, float64, shape (n, k): worker i sends\n"
                               "sum_j E[i, j] g_j (a copy)")
        .def("task", &code::task, py::arg("worker"),
             "The worker's row as partitions and coefficients.\n\n"
             "Raises sgc.InvalidParameter if worker >= n.")
        .def(
            "plan",
            [](const code& c, py::handle responders, double tolerance, double unit_roundoff) {
                return c.plan(to_worker_set(responders, c.n(), "responders"),
                              sgc::decode_options{tolerance, unit_roundoff});
            },
            py::arg("responders"), py::arg("tolerance") = defaults.tolerance,
            py::arg("unit_roundoff") = defaults.unit_roundoff,
            "The decode plan for the workers that responded.\n\n"
            "responders: iterable of worker ids (each < n, none twice).\n"
            "tolerance, unit_roundoff: the numerical guard; a plan is ok when its error\n"
            "estimate (relative, for gradients computed with unit roundoff unit_roundoff; the\n"
            "default is float32's, 2**-24; use 2**-53 for float64) is <= tolerance.\n"
            "Returns an sgc.DecodePlan; a responder set that cannot decode is a status, not an\n"
            "error. Raises sgc.InvalidParameter for an id >= n or a repeated id.")
        .def("__repr__", &code_repr);

    m.def(
        "code",
        [](py::handle kind, std::size_t n, std::size_t s, std::uint64_t seed) {
            return code::make(to_enum<sgc::code_kind>(kind, "sgc.code", "kind"), n, s, seed);
        },
        py::arg("kind"), py::arg("n"), py::arg("s"), py::arg("seed") = sgc::default_code_seed,
        "An (n, s) gradient code of the library.\n\n"
        "kind: 'frc' (fractional repetition: needs (s + 1) | n; load (s + 1)/n), 'uneven'\n"
        "(uneven repetition: any s < n), 'crc' (cyclic repetition: load (s + 1)/n, coefficients\n"
        "from a random matrix drawn with `seed`).\n"
        "Returns an sgc.Code. Raises sgc.InvalidParameter naming the parameter unless\n"
        "1 <= n <= 65536 and s < n, or when the code rejects (n, s).");
    m.def("matrix_code", &matrix_code_of, py::arg("E"), py::arg("s"),
          "A code from your n x k encoding matrix E (array-like of numbers, shape (n, k)):\n"
          "worker i sends sum_j E[i, j] g_j. The claim that any n - s workers decode is yours;\n"
          "every plan is still checked by the numerical guard.\n"
          "Raises sgc.InvalidParameter unless E is 2-D with n >= 1, k >= 1 and s < n.");
}

} // namespace sgc_python
