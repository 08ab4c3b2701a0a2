#ifndef SGC_SCHEMES_PARTITION_HPP
#define SGC_SCHEMES_PARTITION_HPP

#include <cstddef>
#include <string>

#include "../core/error.hpp"

namespace sgc {

/// A half-open range [begin, end) of sample indices of a job's batch.
struct sample_range {
    /// The first sample index.
    std::size_t begin = 0;
    /// One past the last sample index.
    std::size_t end = 0;

    /// The number of samples, end - begin.
    std::size_t size() const noexcept { return end - begin; }
    /// Same begin and end.
    friend bool operator==(const sample_range& a, const sample_range& b) noexcept {
        return a.begin == b.begin && a.end == b.end;
    }
};

/// A range of samples and the coefficient a worker applies to their gradient.
struct weighted_range {
    /// The samples.
    sample_range range;
    /// The coefficient of their gradient.
    double coefficient = 1.0;
};

/// Part `index` of `parts` near-equal consecutive parts of `whole` (sizes differ by at most one,
/// the larger first): deterministic, and the parts cover `whole` exactly once.
/// @param whole the samples to split
/// @param parts the number of parts, >= 1
/// @param index the part, < parts
/// @return part `index`, possibly empty when whole has fewer samples than parts
/// @throws invalid_parameter unless parts >= 1 and index < parts
[[nodiscard]] inline sample_range split_range(sample_range whole, std::size_t parts, std::size_t index) {
    detail::require(parts >= 1, "sgc::split_range", "parts", parts, "must be >= 1");
    if (SGC_UNLIKELY(index >= parts))
        detail::throw_invalid_parameter("sgc::split_range", "index", std::to_string(index),
                                        "must be < parts = " + std::to_string(parts));
    const std::size_t size = whole.size();
    const std::size_t base = size / parts, extra = size % parts;
    const auto start = [&](std::size_t p) { return whole.begin + p * base + (p < extra ? p : extra); };
    return {start(index), start(index + 1)};
}

} // namespace sgc

#endif
