// The extension module sgc._sgc; the package sgc (python/sgc/__init__.py) re-exports it.
#include "sgc_python.hpp"

#include <string>

PYBIND11_MODULE(_sgc, m) {
    m.doc() = "sgc: gradient coding and sequential gradient coding (the C++ library sgc).";
    m.attr("__version__") = std::to_string(SGC_VERSION_MAJOR) + "." + std::to_string(SGC_VERSION_MINOR) + "." +
                            std::to_string(SGC_VERSION_PATCH);
    sgc_python::bind_errors(m);
    sgc_python::bind_codes(m);
    sgc_python::bind_gradient(m);
    sgc_python::bind_models(m);
    sgc_python::bind_schemes(m);
    sgc_python::bind_runtime(m);
    sgc_python::bind_sim(m);
}
