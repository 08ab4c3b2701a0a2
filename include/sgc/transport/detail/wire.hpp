#ifndef SGC_TRANSPORT_DETAIL_WIRE_HPP
#define SGC_TRANSPORT_DETAIL_WIRE_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "../../core/error.hpp"

namespace sgc::detail {

// A message as bytes: 64-bit words, then raw arrays. Both ends are the same program on the same
// kind of machine (an MPI job), so no byte-order conversion.
class wire_writer {
public:
    void word(std::uint64_t w) { append(&w, sizeof w); }
    template <class T> void array(const T* data, std::size_t count) {
        word(count);
        append(data, count * sizeof(T));
    }
    std::vector<unsigned char>& bytes() noexcept { return bytes_; }

private:
    void append(const void* p, std::size_t size) {
        const auto* b = static_cast<const unsigned char*>(p);
        bytes_.insert(bytes_.end(), b, b + size);
    }
    std::vector<unsigned char> bytes_;
};

class wire_reader {
public:
    wire_reader(const unsigned char* data, std::size_t size) : p_(data), end_(data + size) {}
    std::uint64_t word() {
        std::uint64_t w;
        take(&w, sizeof w);
        return w;
    }
    // An array written by wire_writer::array: its count, then its elements into `out` (sized
    // by the caller for `count` elements).
    std::size_t array_size() { return static_cast<std::size_t>(word()); }
    template <class T> void array_data(T* out, std::size_t count) { take(out, count * sizeof(T)); }

private:
    void take(void* out, std::size_t size) {
        if (SGC_UNLIKELY(static_cast<std::size_t>(end_ - p_) < size)) truncated(size);
        std::memcpy(out, p_, size);
        p_ += size;
    }
    [[noreturn]] SGC_NOINLINE SGC_COLD void truncated(std::size_t size) const {
        SGC_THROW(transport_error("sgc transport: truncated message (" + std::to_string(size) +
                                  " bytes wanted, " + std::to_string(end_ - p_) + " left)"));
    }

    const unsigned char* p_;
    const unsigned char* end_;
};

} // namespace sgc::detail

#endif
