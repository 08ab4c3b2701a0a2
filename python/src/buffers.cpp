// Zero-copy access to the memory of NumPy arrays (buffer protocol) and torch tensors (DLPack).
#include "sgc_python.hpp"

#include <dlpack/dlpack.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sgc_python {

namespace {

[[noreturn]] void type_error(const std::string& message) { throw py::type_error(message); }
[[noreturn]] void value_error(const std::string& message) { throw py::value_error(message); }

std::string type_name(py::handle object) {
    return py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>();
}

std::string took(const std::string& function) {
    return function + " takes float32 or float64 NumPy arrays or CPU torch tensors";
}

// The scalar type a buffer format names ("f", "<f", "=d", ...), if float32 or float64.
bool buffer_scalar(const char* format, Py_ssize_t itemsize, scalar& out) {
    std::string f = format != nullptr ? format : "B";
    if (!f.empty() && (f[0] == '@' || f[0] == '=' || f[0] == '<')) f.erase(0, 1);
    if (f == "f" && itemsize == 4) return out = scalar::f32, true;
    if (f == "d" && itemsize == 8) return out = scalar::f64, true;
    return false;
}

array_memory view_buffer(py::handle object, const std::string& function, const std::string& name,
                         bool writable) {
    auto view = std::make_unique<Py_buffer>();
    const int flags = PyBUF_STRIDES | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(object.ptr(), view.get(), flags) != 0) {
        PyErr_Clear();
        if (writable && PyObject_GetBuffer(object.ptr(), view.get(), flags & ~PyBUF_WRITABLE) == 0) {
            PyBuffer_Release(view.get());
            value_error(function + ": " + name + " is read-only: the result is written into it");
        }
        PyErr_Clear();
        type_error(took(function) + ": " + name + " (a " + type_name(object) +
                   ") does not give access to its memory");
    }
    array_memory a;
    Py_buffer* raw = view.release();
    a.owner = std::shared_ptr<void>(raw, [](void* p) {
        PyBuffer_Release(static_cast<Py_buffer*>(p));
        delete static_cast<Py_buffer*>(p);
    });
    if (!buffer_scalar(raw->format, raw->itemsize, a.type))
        type_error(took(function) + ": " + name + " has element format '" +
                   std::string(raw->format != nullptr ? raw->format : "B") + "'");
    if (!PyBuffer_IsContiguous(raw, 'C'))
        value_error(function + ": " + name +
                    " is not contiguous: pass a C-contiguous array (numpy.ascontiguousarray)");
    a.data = raw->buf;
    a.size = static_cast<std::size_t>(raw->len / raw->itemsize);
    for (int i = 0; i < raw->ndim; ++i) a.shape.push_back(static_cast<std::size_t>(raw->shape[i]));
    return a;
}

array_memory view_dlpack(py::handle object, const std::string& function, const std::string& name) {
    py::object capsule;
    try {
        capsule = object.attr("__dlpack__")();
    } catch (py::error_already_set& e) {
        value_error(function + ": " + name + ": cannot share the " + type_name(object) +
                    "'s memory through DLPack: " + py::str(e.value()).cast<std::string>());
    }
    auto* managed = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule.ptr(), "dltensor"));
    if (managed == nullptr) {
        PyErr_Clear();
        type_error(function + ": " + name + ": __dlpack__ did not return a DLPack capsule");
    }
    const DLTensor& t = managed->dl_tensor;
    array_memory a;
    // The capsule stays unconsumed: its destructor releases the producer's tensor after use.
    a.owner = std::shared_ptr<void>(capsule.release().ptr(), [](void* p) { Py_DECREF(static_cast<PyObject*>(p)); });
    if (t.device.device_type != kDLCPU)
        value_error(function + ": " + name + " is not in CPU memory: move it with .cpu()");
    if (t.dtype.code == kDLFloat && t.dtype.lanes == 1 && t.dtype.bits == 32)
        a.type = scalar::f32;
    else if (t.dtype.code == kDLFloat && t.dtype.lanes == 1 && t.dtype.bits == 64)
        a.type = scalar::f64;
    else
        type_error(took(function) + ": " + name + " has another dtype (DLPack code " +
                   std::to_string(t.dtype.code) + ", " + std::to_string(t.dtype.bits) + " bits)");
    std::size_t size = 1;
    bool contiguous = true;
    for (int i = t.ndim - 1; i >= 0; --i) {
        const auto extent = static_cast<std::size_t>(t.shape[i]);
        if (t.strides != nullptr && extent != 1 && static_cast<std::size_t>(t.strides[i]) != size)
            contiguous = false;
        size *= extent;
    }
    if (!contiguous)
        value_error(function + ": " + name + " is not contiguous: pass tensor.contiguous()");
    for (int i = 0; i < t.ndim; ++i) a.shape.push_back(static_cast<std::size_t>(t.shape[i]));
    a.data = static_cast<char*>(t.data) + t.byte_offset;
    a.size = size;
    return a;
}

} // namespace

const char* to_string(scalar type) noexcept { return type == scalar::f32 ? "float32" : "float64"; }

bool is_array(py::handle object) {
    return PyObject_CheckBuffer(object.ptr()) || py::hasattr(object, "__dlpack__");
}

array_memory view_array(py::handle object, const std::string& function, const std::string& name,
                        bool writable) {
    if (PyObject_CheckBuffer(object.ptr())) return view_buffer(object, function, name, writable);
    if (py::hasattr(object, "__dlpack__")) return view_dlpack(object, function, name);
    type_error(took(function) + ": " + name + " is a " + type_name(object));
}

array_memory view_array(py::handle object, const std::string& function, const std::string& name,
                        bool writable, scalar type) {
    array_memory a = view_array(object, function, name, writable);
    if (a.type != type)
        type_error(function + ": " + name + " is " + to_string(a.type) + ", expected " +
                   to_string(type) + " like the output");
    return a;
}

scalar to_scalar(py::handle dtype, const std::string& function) {
    std::string name;
    if (py::isinstance<py::str>(dtype)) {
        name = dtype.cast<std::string>();
    } else {
        try {
            name = py::dtype::from_args(py::reinterpret_borrow<py::object>(dtype)).attr("name").cast<std::string>();
        } catch (py::error_already_set&) {
            name = py::str(dtype).cast<std::string>(); // torch.float32, torch.float64
            if (name.rfind("torch.", 0) == 0) name.erase(0, 6);
        }
    }
    if (name == "float32") return scalar::f32;
    if (name == "float64") return scalar::f64;
    throw_invalid(function, "dtype", py::str(dtype).cast<std::string>(), "must be float32 or float64");
}

} // namespace sgc_python
