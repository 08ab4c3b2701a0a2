#ifndef SGC_GRADIENT_GRADIENT_VIEW_HPP
#define SGC_GRADIENT_GRADIENT_VIEW_HPP

#include <cstddef>

namespace sgc {

// A non-owning pointer + length gradient, for memory the caller owns (C++17 has no std::span).
template <class T> class gradient_view {
public:
    using value_type = T;

    constexpr gradient_view() noexcept = default;
    constexpr gradient_view(T* data, std::size_t size) noexcept : data_(data), size_(size) {}

    [[nodiscard]] constexpr T* data() const noexcept { return data_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }
    [[nodiscard]] constexpr T* begin() const noexcept { return data_; }
    [[nodiscard]] constexpr T* end() const noexcept { return data_ + size_; }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace sgc

#endif
