#ifndef SGC_RUNTIME_DETAIL_ROW_CLASSES_HPP
#define SGC_RUNTIME_DETAIL_ROW_CLASSES_HPP

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "../../codes/worker_task.hpp"

namespace sgc::detail {

/// Workers whose code rows are equal compute equal results (the partial is deterministic), so
/// the master needs one of them per task: in a repetition code, one per group. classes[i] numbers
/// worker i's row; equal rows share a number.
template <class Code> [[nodiscard]] std::vector<std::uint32_t> row_classes(const Code& code) {
    std::map<std::pair<std::vector<std::size_t>, std::vector<double>>, std::uint32_t> seen;
    std::vector<std::uint32_t> classes(code.n());
    for (std::size_t i = 0; i < code.n(); ++i) {
        worker_task row = code.task(i);
        const auto next = static_cast<std::uint32_t>(seen.size());
        classes[i] =
            seen.emplace(std::make_pair(std::move(row.partitions), std::move(row.coefficients)), next)
                .first->second;
    }
    return classes;
}

/// The classes of the code a scheme's coded tasks use (GC and SR-SGC rows, M-SGC's D2 groups);
/// every worker its own class when there is none (M-SGC with lambda = n).
template <class Scheme> [[nodiscard]] std::vector<std::uint32_t> coded_row_classes(const Scheme& scheme) {
    if (const auto* code = scheme.code()) return row_classes(*code);
    std::vector<std::uint32_t> own(scheme.n());
    for (std::size_t i = 0; i < own.size(); ++i) own[i] = static_cast<std::uint32_t>(i);
    return own;
}

} // namespace sgc::detail

#endif
