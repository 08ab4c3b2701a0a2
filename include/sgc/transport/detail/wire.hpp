#ifndef SGC_TRANSPORT_DETAIL_WIRE_HPP
#define SGC_TRANSPORT_DETAIL_WIRE_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sgc::detail {

/// The headers of the MPI transport's messages: 64-bit words. Payloads (gradients, inputs) never
/// pass through here: each travels as a message of its own, sent from and received into the
/// memory of the object it belongs to. Both ends are the same program on the same kind of
/// machine (an MPI job), so there is no byte-order conversion.
class header_writer {
public:
    void word(std::uint64_t w) { words_.push_back(w); }
    std::vector<std::uint64_t>& words() noexcept { return words_; }

private:
    std::vector<std::uint64_t> words_;
};

/// Reads a header it does not trust: a read past the end yields 0 and marks the header bad, so
/// the caller reads every field and then checks ok() once.
class header_reader {
public:
    header_reader(const std::uint64_t* data, std::size_t size) noexcept : p_(data), end_(data + size) {}
    std::uint64_t word() noexcept {
        if (p_ == end_) {
            ok_ = false;
            return 0;
        }
        return *p_++;
    }
    std::size_t left() const noexcept { return static_cast<std::size_t>(end_ - p_); }
    /// Every read was inside the header and the header has nothing more.
    bool ok() const noexcept { return ok_ && p_ == end_; }

private:
    const std::uint64_t* p_;
    const std::uint64_t* end_;
    bool ok_ = true;
};

} // namespace sgc::detail

#endif
