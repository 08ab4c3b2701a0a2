// sgc.Error and its subclasses, and the one translation of the library's exceptions into them.
#include "sgc_python.hpp"

#include <exception>
#include <new>
#include <string>

namespace sgc_python {

namespace {

// Created once at import and never freed: exception types live as long as the interpreter.
PyObject* error_type = nullptr;
PyObject* invalid_parameter_type = nullptr;
PyObject* parse_error_type = nullptr;

PyObject* new_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
    const std::string qualified = std::string("sgc.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
    if (type == nullptr) throw py::error_already_set();
    m.add_object(name, py::handle(type));
    return type;
}

// Raises `type(message)` with the given attributes set on the instance.
void raise(PyObject* type, const std::string& message, const py::dict& attributes) {
    py::object instance = py::reinterpret_borrow<py::object>(type)(message);
    for (const auto& item : attributes) py::setattr(instance, item.first, item.second);
    PyErr_SetObject(type, instance.ptr());
}

// parse_error's what() is "<source>:<line>: <message>": the source is what precedes ":<line>: ".
std::string parse_error_source(const sgc::parse_error& e) {
    const std::string text = e.what();
    const std::string marker = ":" + std::to_string(e.line()) + ": ";
    const auto at = text.find(marker);
    return at == std::string::npos ? std::string() : text.substr(0, at);
}

// Every exception of the library reaches Python as sgc.Error or a subclass; pybind11's own
// exceptions (TypeError, IndexError, ...), Python exceptions raised in callbacks and
// MemoryError keep their types.
void translate(std::exception_ptr thrown) {
    try {
        std::rethrow_exception(thrown);
    } catch (const sgc::invalid_parameter& e) {
        py::dict attributes;
        attributes["parameter"] = e.parameter();
        attributes["value"] = e.value();
        attributes["rule"] = e.rule();
        raise(invalid_parameter_type, e.what(), attributes);
    } catch (const sgc::parse_error& e) {
        py::dict attributes;
        attributes["file"] = parse_error_source(e);
        attributes["line"] = e.line();
        raise(parse_error_type, e.what(), attributes);
    } catch (const py::builtin_exception&) {
        throw;
    } catch (const py::error_already_set&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        raise(error_type, e.what(), py::dict());
    }
}

} // namespace

std::string where(const char* function) { return std::string("sgc.") + function; }

void throw_invalid(const std::string& where_, const std::string& parameter, const std::string& value,
                   const std::string& rule) {
    throw sgc::invalid_parameter(where_, parameter, value, rule);
}

void bind_errors(py::module_& m) {
    error_type = new_exception(
        m, "Error", py::make_tuple(py::handle(PyExc_Exception)),
        "The base of every error sgc raises; str(e) is the library's message.");
    invalid_parameter_type = new_exception(
        m, "InvalidParameter", py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError)),
        "A parameter outside its rule (also a ValueError). str(e) reads\n"
        "'<where>: <parameter> = <value>: <rule>'; the attributes parameter, value and rule\n"
        "(all str) hold the parts.");
    parse_error_type = new_exception(
        m, "ParseError", py::make_tuple(py::handle(error_type)),
        "Malformed text input (a trace CSV, a pattern file). str(e) starts with 'file:line:';\n"
        "the attributes file (str) and line (int, 1-based) hold the place.");
    // Local: other modules sharing pybind11's internals (torch's c10d bindings) keep their own
    // translations; a global catch-all here would turn their errors into sgc.Error.
    py::register_local_exception_translator(translate);
}

} // namespace sgc_python
