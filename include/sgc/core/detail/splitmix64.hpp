#ifndef SGC_CORE_DETAIL_SPLITMIX64_HPP
#define SGC_CORE_DETAIL_SPLITMIX64_HPP

#include <cstdint>

namespace sgc::detail {

/// The increment of splitmix64's state: 2^64 / phi, odd.
inline constexpr std::uint64_t splitmix64_gamma = 0x9e3779b97f4a7c15ull;

/// One step of splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014) from state x: the mix of x + gamma. Cheap, and a single-bit change of x changes
/// about half the bits of the result: sgc's one hash mixer and seed deriver.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    std::uint64_t z = x + splitmix64_gamma;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

} // namespace sgc::detail

#endif
