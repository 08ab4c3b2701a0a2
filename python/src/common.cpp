// Conversions shared by the bindings.
#include "sgc_python.hpp"

#include <string>
#include <vector>

namespace sgc_python {

std::string identifier(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (c == '-') c = '_';
    return out;
}

sgc::worker_set to_worker_set(py::handle ids, std::size_t n, const char* parameter) {
    std::vector<std::size_t> values;
    try {
        for (py::handle id : ids) values.push_back(id.cast<std::size_t>());
    } catch (py::cast_error&) {
        throw py::type_error(std::string(parameter) + " must be an iterable of worker ids (ints >= 0)");
    }
    return sgc::worker_set::from_ids(n, values);
}

sgc::straggler_pattern to_pattern(py::handle rounds, std::size_t n, const char* parameter) {
    sgc::straggler_pattern pattern;
    for (py::handle round : rounds) pattern.push_back(to_worker_set(round, n, parameter));
    return pattern;
}

py::list from_pattern(const sgc::straggler_pattern& pattern) {
    py::list rounds;
    for (const auto& set : pattern) rounds.append(py::cast(set.ids()));
    return rounds;
}

sgc::decode_options options_of(py::handle options, scalar type) {
    if (options.is_none())
        return type == scalar::f32 ? sgc::decode_options{} : sgc::decode_options::for_type<double>(sgc::decode_options{}.tolerance);
    return options.cast<sgc::decode_options>();
}

py::object to_fraction(const sgc::rational& r) {
    return py::module_::import("fractions").attr("Fraction")(r.num(), r.den());
}

} // namespace sgc_python
