// The Python module's shared pieces: argument conversions, zero-copy gradient buffers, the
// exception mapping and the enum helper. Each bind_*.cpp binds one layer of the library; none of
// them computes anything the library does not (the module only converts and calls).
#ifndef SGC_PYTHON_SGC_PYTHON_HPP
#define SGC_PYTHON_SGC_PYTHON_HPP

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sgc/sgc.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace sgc_python {

namespace py = pybind11;

// ---------------------------------------------------------------------------------------------
// Binding entry points, one per layer (module.cpp calls them in this order).

void bind_errors(py::module_& m);
void bind_codes(py::module_& m);
void bind_gradient(py::module_& m);
void bind_models(py::module_& m);
void bind_schemes(py::module_& m);
void bind_runtime(py::module_& m);
void bind_sim(py::module_& m);

// ---------------------------------------------------------------------------------------------
// Arguments and results

// The scalar types of gradients.
enum class scalar { f32, f64 };

// The `where` of the module's own parameter errors: "sgc.<function>".
std::string where(const char* function);

// An sgc::invalid_parameter, raised as sgc.InvalidParameter, naming a Python argument.
[[noreturn]] void throw_invalid(const std::string& where, const std::string& parameter,
                                const std::string& value, const std::string& rule);

// A worker set over n workers from an iterable of ids (invalid_parameter for an id >= n or a
// repeated id, naming `parameter`).
sgc::worker_set to_worker_set(py::handle ids, std::size_t n, const char* parameter);
// A straggler pattern over n workers from an iterable of rounds, each an iterable of ids.
sgc::straggler_pattern to_pattern(py::handle rounds, std::size_t n, const char* parameter);
// A pattern as a list of lists of ids.
py::list from_pattern(const sgc::straggler_pattern& pattern);

// The numerical guard's settings from an sgc.DecodeOptions, or for None the library's defaults
// for gradients of `type`.
sgc::decode_options options_of(py::handle options, scalar type);

// An exact load as a fractions.Fraction.
py::object to_fraction(const sgc::rational& r);

// A NumPy array that owns `values` (moved, not copied), with the given shape.
template <class T> py::array_t<T> owning_array(std::vector<T>&& values, std::vector<std::size_t> shape);

// ---------------------------------------------------------------------------------------------
// Enums: `str(e)` is the library's to_string (the command-line tool's JSON text), and an enum
// compares equal to that string; arguments take the enum or its string.

// Binds E as a Python enum named `name`, one member per value, named after to_string(value)
// with '-' as '_'.
template <class E>
py::enum_<E> bind_enum(py::module_& m, const char* name, const char* doc, std::initializer_list<E> values);
// The E named by `value` (an E, the string str(E) gives, or int(E)), else invalid_parameter naming
// `parameter` and the accepted strings.
template <class E> E to_enum(py::handle value, const std::string& where, const char* parameter);

// ---------------------------------------------------------------------------------------------
// Zero-copy gradients: NumPy arrays (and anything with the buffer protocol) through the buffer
// protocol, torch tensors and other DLPack producers through __dlpack__. Only CPU memory of
// float32 or float64, C-contiguous, is accepted; anything else is a TypeError (not an array,
// another dtype) or ValueError (not contiguous, read-only, wrong length) naming the argument.

// The memory of one array: its elements, the shape as given, and what keeps it alive.
struct array_memory {
    void* data = nullptr;
    std::size_t size = 0; // elements
    std::vector<std::size_t> shape;
    scalar type = scalar::f32;
    std::shared_ptr<void> owner; // the Py_buffer or DLPack capsule; released with the GIL held

    // Rows of a 2-D (or higher) array: shape[0] rows of size / shape[0] elements.
    std::size_t rows() const noexcept { return shape.empty() ? 1 : shape[0]; }
};

// True when `object` offers its memory (buffer protocol or __dlpack__).
bool is_array(py::handle object);
// The memory of `object`; `name` is the argument's name in errors ("out", "results[3]").
array_memory view_array(py::handle object, const std::string& function, const std::string& name,
                        bool writable);
// As view_array, and the dtype must be `type` (the output's).
array_memory view_array(py::handle object, const std::string& function, const std::string& name,
                        bool writable, scalar type);

// "float32" / "float64".
const char* to_string(scalar type) noexcept;
// A dtype given as "float32", numpy.float32, numpy.dtype('float32') or torch.float32.
scalar to_scalar(py::handle dtype, const std::string& function);

// gradient_view over an array's memory (the caller checked its dtype).
template <class T> sgc::gradient_view<T> gradient_of(const array_memory& a) {
    return {static_cast<T*>(a.data), a.size};
}

// ---------------------------------------------------------------------------------------------
// implementation

template <class T> py::array_t<T> owning_array(std::vector<T>&& values, std::vector<std::size_t> shape) {
    auto* owned = new std::vector<T>(std::move(values));
    py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>(shape, owned->data(), free_when_done);
}

std::string identifier(const std::string& text); // "d1-reattempt" -> "d1_reattempt"

template <class E>
py::enum_<E> bind_enum(py::module_& m, const char* name, const char* doc, std::initializer_list<E> values) {
    py::enum_<E> e(m, name, doc);
    for (E v : values) e.value(identifier(sgc::to_string(v)).c_str(), v);
    e.def("__str__", [](E v) { return std::string(sgc::to_string(v)); }, py::prepend());
    e.def(
        "__eq__", [](E a, const std::string& b) { return b == sgc::to_string(a); }, py::is_operator(),
        py::prepend());
    e.def(
        "__ne__", [](E a, const std::string& b) { return b != sgc::to_string(a); }, py::is_operator(),
        py::prepend());
    return e;
}

template <class E> E to_enum(py::handle value, const std::string& where, const char* parameter) {
    if (py::isinstance<E>(value)) return value.cast<E>();
    const py::dict members = py::type::of<E>().attr("__members__");
    std::string accepted;
    const bool text = py::isinstance<py::str>(value), number = py::isinstance<py::int_>(value);
    for (const auto& item : members) {
        const E e = py::cast<E>(item.second);
        if ((text && value.cast<std::string>() == sgc::to_string(e)) ||
            (number && value.cast<long long>() == static_cast<long long>(e)))
            return e;
    }
    for (const auto& item : members)
        accepted += (accepted.empty() ? "" : ", ") + std::string(sgc::to_string(py::cast<E>(item.second)));
    throw_invalid(where, parameter, py::str(value).cast<std::string>(), "must be one of " + accepted);
}

} // namespace sgc_python

#endif
