#ifndef SGC_GRADIENT_GRADIENT_VIEW_HPP
#define SGC_GRADIENT_GRADIENT_VIEW_HPP

#include <cstddef>

namespace sgc {

/// A non-owning pointer + length gradient, for memory the caller owns (C++17 has no std::span).
template <class T> class gradient_view {
public:
    /// The element type (const T for a read-only view).
    using value_type = T;

    /// An empty view.
    constexpr gradient_view() noexcept = default;
    /// @param data the first element; must stay valid as long as the view is used
    /// @param size the number of elements d
    constexpr gradient_view(T* data, std::size_t size) noexcept : data_(data), size_(size) {}

    /// The first element.
    [[nodiscard]] constexpr T* data() const noexcept { return data_; }
    /// The number of elements d.
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    /// Element i (< size(), not checked).
    [[nodiscard]] constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }
    /// The first element, for range-for.
    [[nodiscard]] constexpr T* begin() const noexcept { return data_; }
    /// One past the last element.
    [[nodiscard]] constexpr T* end() const noexcept { return data_ + size_; }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace sgc

#endif
