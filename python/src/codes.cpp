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

code matrix_code_of(py::object E, std::size_t s) {
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
        "A decode plan's outcome. Only ok may be applied: too_few_responders (fewer responders\n"
        "than the code needs), not_decodable (no coefficients rebuild the gradient from these\n"
        "responders), unreliable (coefficients exist, but the numerical guard's rounding\n"
        "estimate exceeds its tolerance), non_finite (sgc.Master only: a result added into the\n"
        "job's buffer held a NaN or an inf).",
        {sgc::decode_status::ok, sgc::decode_status::too_few_responders, sgc::decode_status::not_decodable,
         sgc::decode_status::unreliable, sgc::decode_status::non_finite});
    bind_enum<sgc::error_model>(
        m, "ErrorModel",
        "How the guard estimates a decode's rounding error: any_gradient (the default: a\n"
        "probabilistic bound for every gradient), typical (alike partial gradients; refuses\n"
        "fewer plans), worst_case (a deterministic first-order bound).",
        {sgc::error_model::typical, sgc::error_model::any_gradient, sgc::error_model::worst_case});

    const sgc::decode_options defaults;
    py::class_<sgc::decode_options>(
        m, "DecodeOptions",
        "The numerical guard's settings (docs/guide/02-codes.md). A plan is ok when its\n"
        "error_estimate exceeds its plain_sum_estimate (the estimated error of summing the k\n"
        "partial gradients directly) by at most tolerance, relative to sum_j |g_j|.")
        .def(py::init([](double tolerance, double unit_roundoff, py::object model, double deviations) {
                 return sgc::decode_options{tolerance, unit_roundoff,
                                            to_enum<sgc::error_model>(model, "sgc.DecodeOptions", "model"), deviations};
             }),
             py::arg("tolerance") = defaults.tolerance, py::arg("unit_roundoff") = defaults.unit_roundoff,
             py::arg("model") = defaults.model, py::arg("deviations") = defaults.deviations,
             "unit_roundoff: the gradients' (float32: 2**-24, the default; float64: 2**-53).\n"
             "model: an sgc.ErrorModel or its name. deviations: the probabilistic models' multiple\n"
             "of the standard deviation.")
        .def_static(
            "for_type",
            [](py::object dtype, double tolerance) {
                return to_scalar(dtype, "sgc.DecodeOptions.for_type") == scalar::f32
                           ? sgc::decode_options::for_type<float>(tolerance)
                           : sgc::decode_options::for_type<double>(tolerance);
            },
            py::arg("dtype"), py::arg("tolerance") = defaults.tolerance,
            "The settings for gradients of dtype float32 or float64.")
        .def_readwrite("tolerance", &sgc::decode_options::tolerance)
        .def_readwrite("unit_roundoff", &sgc::decode_options::unit_roundoff)
        .def_readwrite("model", &sgc::decode_options::model)
        .def_readwrite("deviations", &sgc::decode_options::deviations)
        .def("__repr__", [](const sgc::decode_options& o) {
            return "sgc.DecodeOptions(tolerance = " + sgc::detail::number_text(o.tolerance) +
                   ", unit_roundoff = " + sgc::detail::number_text(o.unit_roundoff) + ", model = " +
                   sgc::to_string(o.model) + ", deviations = " + sgc::detail::number_text(o.deviations) + ")";
        });

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
                      "float: residual plus the guard's rounding estimate, relative to sum_j |g_j|")
        .def_readonly("plain_sum_estimate", &sgc::decode_plan::plain_sum_estimate,
                      "float: the same estimate for summing the k partial gradients directly")
        .def_property_readonly("ok", &sgc::decode_plan::ok, "bool: status is ok")
        .def("__bool__", &sgc::decode_plan::ok)
        .def("__repr__", [](const sgc::decode_plan& p) {
            return std::string("sgc.DecodePlan(") + sgc::to_string(p.status) + ", workers = " +
                   py::repr(py::cast(p.workers)).cast<std::string>() + ")";
        });

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
            [](const code& c, py::object responders, py::object options) {
                return c.plan(to_worker_set(responders, c.n(), "responders"), options_of(options, scalar::f32));
            },
            py::arg("responders"), py::arg("options") = py::none(),
            "The decode plan for the workers that responded.\n\n"
            "responders: iterable of worker ids (each < n, none twice).\n"
            "options: the numerical guard, an sgc.DecodeOptions (None: the defaults, for float32\n"
            "gradients; sgc.DecodeOptions.for_type('float64') for float64).\n"
            "Returns an sgc.DecodePlan; a responder set that cannot decode is a status, not an\n"
            "error. Raises sgc.InvalidParameter for an id >= n or a repeated id.")
        .def("__repr__", &code_repr);

    m.def(
        "code",
        [](py::object kind, std::size_t n, std::size_t s, std::uint64_t seed) {
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
