// encode / combine / decode on NumPy arrays and torch tensors, in place and without copies: the
// library's kernels run on the callers' memory with the GIL released.
#include "sgc_python.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sgc_python {

namespace {

// Views of several gradients of one dtype, and the memory they point into.
template <class T> struct gradient_set {
    std::vector<array_memory> memory;
    std::vector<sgc::gradient_view<const T>> views;
};

sgc::executor executor_of(std::size_t threads, const std::string& function) {
    if (threads == 0) throw_invalid(function, "threads", "0", "must be >= 1");
    return threads == 1 ? sgc::executor() : sgc::executor::threads(threads);
}

// A single array given for several gradients is read as rows: shape (k, ...) is k gradients.
array_memory matrix_of(py::object object, const std::string& function, const std::string& name, scalar type) {
    array_memory a = view_array(object, function, name, false, type);
    if (a.shape.size() < 2)
        throw py::value_error(function + ": " + name + " is a single " + std::to_string(a.shape.size()) +
                              "-D array: pass one row per gradient (shape (k, d)) or a list of arrays");
    return a;
}

template <class T> sgc::gradient_view<const T> row_of(const array_memory& a, std::size_t row) {
    const std::size_t d = a.rows() == 0 ? 0 : a.size / a.rows();
    return {static_cast<const T*>(a.data) + row * d, d};
}

// The gradients `indices` of `source` (rows of one array, or items source[i] of a list or a
// dict), placed at their index of the result; the other entries stay empty.
template <class T>
gradient_set<T> gather(py::object source, const std::vector<std::size_t>& indices,
                       const std::string& function, const std::string& name, scalar type) {
    gradient_set<T> set;
    std::size_t size = 0;
    for (std::size_t i : indices) size = std::max(size, i + 1);
    set.views.resize(size);
    if (is_array(source)) {
        set.memory.push_back(matrix_of(source, function, name, type));
        const array_memory& a = set.memory.back();
        for (std::size_t i : indices) {
            if (i >= a.rows())
                throw py::value_error(function + ": " + name + " has " + std::to_string(a.rows()) +
                                      " rows; row " + std::to_string(i) + " is needed");
            set.views[i] = row_of<T>(a, i);
        }
        return set;
    }
    set.memory.reserve(indices.size());
    for (std::size_t i : indices) {
        const std::string item = name + "[" + std::to_string(i) + "]";
        py::object value;
        try {
            value = source[py::int_(i)];
        } catch (py::error_already_set&) {
            throw py::value_error(function + ": " + item + " is needed but missing");
        }
        set.memory.push_back(view_array(value, function, item, false, type));
        set.views[i] = gradient_of<const T>(set.memory.back());
    }
    return set;
}

// Every gradient of a list (or the rows of one array), in order.
template <class T>
gradient_set<T> gather_all(py::object source, const std::string& function, const std::string& name, scalar type) {
    if (is_array(source)) {
        gradient_set<T> set;
        set.memory.push_back(matrix_of(source, function, name, type));
        for (std::size_t i = 0; i < set.memory.back().rows(); ++i) set.views.push_back(row_of<T>(set.memory.back(), i));
        return set;
    }
    std::vector<std::size_t> all(py::len(source));
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    return gather<T>(source, all, function, name, type);
}

std::vector<double> coefficients_of(py::object coefficients, const std::string& function) {
    try {
        return coefficients.cast<std::vector<double>>();
    } catch (py::cast_error&) {
        throw py::type_error(function + ": coefficients must be a sequence of numbers");
    }
}

template <class F> void by_type(const array_memory& out, F&& f) {
    if (out.type == scalar::f32) f(float{});
    else f(double{});
}

// Runs kernel(out, inputs) on the callers' memory with the GIL released.
template <class T, class Kernel>
void run_unlocked(const array_memory& out, const gradient_set<T>& set, Kernel&& kernel) {
    py::gil_scoped_release unlocked;
    kernel(gradient_of<T>(out), set.views);
}

void encode_into(py::object out, const sgc::worker_task& task, py::object partials, std::size_t threads) {
    const array_memory o = view_array(out, "sgc.encode", "out", true);
    const auto exec = executor_of(threads, "sgc.encode");
    by_type(o, [&](auto zero) {
        using T = decltype(zero);
        run_unlocked(o, gather<T>(partials, task.partitions, "sgc.encode", "partials", o.type),
                     [&](auto g, const auto& y) { sgc::encode(g, task, y, exec); });
    });
}

// A recipe's results, looked up by (worker, round, slot): results[(worker, round, slot)] for a
// mapping, results(worker, round, slot) for a callable.
template <class T>
void decode_recipe_typed(const array_memory& out, const sgc::decode_recipe& recipe, py::object results) {
    std::vector<array_memory> memory;
    std::vector<sgc::gradient_view<const T>> views;
    memory.reserve(recipe.terms.size());
    views.reserve(recipe.terms.size());
    const bool mapping = py::hasattr(results, "__getitem__");
    if (!mapping && !PyCallable_Check(results.ptr()))
        throw py::type_error("sgc.decode: results must be a mapping or a callable of (worker, round, slot)");
    for (const auto& term : recipe.terms) {
        const auto& r = term.result;
        const std::string item = "results[(" + std::to_string(r.worker) + ", " + std::to_string(r.round) +
                                 ", " + std::to_string(r.slot) + ")]";
        py::object value;
        try {
            value = mapping ? results[py::make_tuple(r.worker, r.round, r.slot)]
                            : results(r.worker, r.round, r.slot);
        } catch (py::error_already_set&) {
            throw py::value_error("sgc.decode: " + item + " is needed but missing");
        }
        memory.push_back(view_array(value, "sgc.decode", item, false, out.type));
        views.push_back(gradient_of<const T>(memory.back()));
    }
    const auto lookup = [&](const sgc::result_ref& ref) {
        std::size_t i = 0;
        while (!(recipe.terms[i].result == ref)) ++i; // the library asks only for the recipe's own terms
        return &views[i];
    };
    py::gil_scoped_release unlocked;
    sgc::decode(gradient_of<T>(out), recipe, lookup);
}

// Seconds per call of the library's combine on these arrays, timed in C++ (benchmarks only).
std::vector<double> time_combine(py::object out_object, py::object coefficients, py::object inputs,
                                 std::size_t repeats) {
    const array_memory out = view_array(out_object, "sgc._time_combine", "out", true);
    const auto a = coefficients_of(coefficients, "sgc._time_combine");
    std::vector<double> seconds;
    by_type(out, [&](auto zero) {
        using T = decltype(zero);
        run_unlocked(out, gather_all<T>(inputs, "sgc._time_combine", "inputs", out.type), [&](auto g, const auto& y) {
            for (std::size_t i = 0; i < repeats; ++i) {
                const auto start = std::chrono::steady_clock::now();
                sgc::combine(g, a, y);
                seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            }
        });
    });
    return seconds;
}

const char* threads_doc = "threads: the kernels split a large gradient over this many threads (default 1).\n";

} // namespace

void bind_gradient(py::module_& m) {
    m.def(
        "combine",
        [](py::object out, py::object coefficients, py::object inputs, std::size_t threads) {
            const array_memory o = view_array(out, "sgc.combine", "out", true);
            const auto a = coefficients_of(coefficients, "sgc.combine");
            const auto exec = executor_of(threads, "sgc.combine");
            by_type(o, [&](auto zero) {
                using T = decltype(zero);
                run_unlocked(o, gather_all<T>(inputs, "sgc.combine", "inputs", o.type),
                             [&](auto g, const auto& y) { sgc::combine(g, a, y, exec); });
            });
        },
        py::arg("out"), py::arg("coefficients"), py::arg("inputs"), py::arg("threads") = 1,
        (std::string("out = sum_r coefficients[r] * inputs[r], written into out.\n\n"
                     "out: float32 or float64 NumPy array or CPU torch tensor, C-contiguous, any\n"
                     "shape (d elements); written in place, never copied.\n"
                     "coefficients: k numbers.\n"
                     "inputs: k arrays of out's dtype with d elements each (a list), or one\n"
                     "array of shape (k, ...) read row by row; read in place.\n") +
         threads_doc +
         "Raises TypeError for another dtype or a non-array, ValueError for a non-contiguous\n"
         "or read-only array, sgc.InvalidParameter when lengths or counts differ.")
            .c_str());

    m.def(
        "encode",
        &encode_into,
        py::arg("out"), py::arg("task"), py::arg("partials"), py::arg("threads") = 1,
        (std::string("A worker's coded result: out = sum_r task.coefficients[r] *\n"
                     "partials[task.partitions[r]], written into out.\n\n"
                     "task: an sgc.WorkerTask (code.task(worker)).\n"
                     "partials: the partial gradients by partition: a list or dict (partials[j]),\n"
                     "or one array of shape (k, ...) read row by row; only the task's\n"
                     "partitions are read. out and partials as for sgc.combine.\n") +
         threads_doc)
            .c_str());
    m.def(
        "encode",
        [](py::object out, const sgc::any_code<>& code, std::size_t worker, py::object partials,
           std::size_t threads) { encode_into(out, code.task(worker), partials, threads); },
        py::arg("out"), py::arg("code"), py::arg("worker"), py::arg("partials"), py::arg("threads") = 1,
        "Worker `worker`'s coded result under `code`: sgc.encode(out, code.task(worker), partials).");

    m.def(
        "decode",
        [](py::object out, const sgc::decode_plan& plan, py::object results, std::size_t threads) {
            const array_memory o = view_array(out, "sgc.decode", "out", true);
            const auto exec = executor_of(threads, "sgc.decode");
            if (plan.ok())
                by_type(o, [&](auto zero) {
                    using T = decltype(zero);
                    run_unlocked(o, gather<T>(results, plan.workers, "sgc.decode", "results", o.type),
                                 [&](auto g, const auto& y) { (void)sgc::decode(g, plan, y, exec); });
                });
            return plan.status;
        },
        py::arg("out"), py::arg("plan"), py::arg("results"), py::arg("threads") = 1,
        (std::string("Applies a decode plan: out = sum_r plan.coefficients[r] *\n"
                     "results[plan.workers[r]], the full gradient, written into out.\n\n"
                     "plan: an sgc.DecodePlan (code.plan(responders)).\n"
                     "results: the workers' results by worker id: a list or dict (results[i]), or\n"
                     "one array of shape (n, ...) read row by row; only the plan's workers are\n"
                     "read. out and results as for sgc.combine.\n") +
         threads_doc +
         "Returns plan.status (sgc.DecodeStatus); a plan that is not ok leaves out untouched.")
            .c_str());
    m.def(
        "decode",
        [](py::object out, const sgc::decode_recipe& recipe, py::object results) {
            const array_memory o = view_array(out, "sgc.decode", "out", true);
            by_type(o, [&](auto zero) { decode_recipe_typed<decltype(zero)>(o, recipe, results); });
        },
        py::arg("out"), py::arg("recipe"), py::arg("results"),
        "Applies a scheme master's recipe: out = g(recipe.job) = sum over recipe.terms of\n"
        "coefficient * result, written into out.\n\n"
        "recipe: an sgc.DecodeRecipe (SchemeMaster.complete_round(...).decoded).\n"
        "results: results[(worker, round, slot)] (a mapping) or results(worker, round, slot) (a\n"
        "callable) gives each received result: arrays of out's dtype and length.");

    m.def("_time_combine", &time_combine, py::arg("out"), py::arg("coefficients"), py::arg("inputs"),
          py::arg("repeats"),
          "Benchmarks only: the seconds each of `repeats` calls of the library's combine takes\n"
          "on these arrays, timed in C++ (the baseline of Python's overhead).");
    m.def(
        "_data_address",
        [](py::object array) {
            return reinterpret_cast<std::uintptr_t>(view_array(array, "sgc._data_address", "array", false).data);
        },
        py::arg("array"), "Tests only: the address of the memory sgc reads for `array`.");
}

} // namespace sgc_python
