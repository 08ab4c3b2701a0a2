#ifndef SGC_CORE_WORKER_SET_HPP
#define SGC_CORE_WORKER_SET_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

#include "error.hpp"

namespace sgc {

// A subset of the workers {0, ..., n-1}: responders, stragglers, non-returners.
// A bitset, so sets hash and compare in a few words and cannot hold duplicates.
class worker_set {
public:
    using word_type = std::uint64_t;
    static constexpr std::size_t word_bits = 64;

    class iterator;

    worker_set() = default;
    explicit worker_set(std::size_t n) : n_(n), words_((n + word_bits - 1) / word_bits, 0) {}

    static worker_set all(std::size_t n);
    // Validates: an id >= n or a repeated id is an invalid_parameter naming it.
    template <class Range> static worker_set from_ids(std::size_t n, const Range& ids);
    static worker_set from_ids(std::size_t n, std::initializer_list<std::size_t> ids) {
        return from_ids<std::initializer_list<std::size_t>>(n, ids);
    }

    std::size_t universe() const noexcept { return n_; }
    std::size_t count() const noexcept;
    bool empty() const noexcept;
    bool contains(std::size_t i) const noexcept {
        return i < n_ && ((words_[i / word_bits] >> (i % word_bits)) & 1u) != 0;
    }
    void insert(std::size_t i) {
        check_id(i);
        words_[i / word_bits] |= word_type{1} << (i % word_bits);
    }
    void erase(std::size_t i) {
        check_id(i);
        words_[i / word_bits] &= ~(word_type{1} << (i % word_bits));
    }
    void clear() noexcept {
        for (auto& w : words_) w = 0;
    }

    worker_set complement() const;
    /// Replaces the set by its complement in {0, ..., n-1}, in place.
    void flip() noexcept;
    worker_set& operator|=(const worker_set& o);
    worker_set& operator&=(const worker_set& o);
    worker_set& operator-=(const worker_set& o); // set difference
    friend worker_set operator|(worker_set a, const worker_set& b) { return a |= b; }
    friend worker_set operator&(worker_set a, const worker_set& b) { return a &= b; }
    friend worker_set operator-(worker_set a, const worker_set& b) { return a -= b; }
    bool intersects(const worker_set& o) const;
    // |*this ∪ o| without building the union (allocation-free, for per-round checks).
    std::size_t union_count(const worker_set& o) const;
    // The lowest id in *this ∩ o; the sets must intersect.
    std::size_t first_common(const worker_set& o) const;

    iterator begin() const noexcept;
    iterator end() const noexcept;
    std::vector<std::size_t> ids() const;
    std::string to_string() const; // "{0, 3, 7}"

    const std::vector<word_type>& words() const noexcept { return words_; }
    std::size_t hash() const noexcept;

    friend bool operator==(const worker_set& a, const worker_set& b) noexcept {
        return a.n_ == b.n_ && a.words_ == b.words_;
    }
    friend bool operator!=(const worker_set& a, const worker_set& b) noexcept { return !(a == b); }

private:
    void check_id(std::size_t i) const {
        if (SGC_UNLIKELY(i >= n_)) bad_id(i);
    }
    [[noreturn]] SGC_NOINLINE SGC_COLD void bad_id(std::size_t i) const {
        detail::throw_invalid_parameter("sgc::worker_set", "worker", std::to_string(i),
                                        "unknown worker: ids must be < n = " + std::to_string(n_));
    }
    void check_same_universe(const worker_set& o) const {
        if (SGC_UNLIKELY(o.n_ != n_))
            detail::throw_invalid_parameter("sgc::worker_set", "n", std::to_string(o.n_),
                                            "sets over different worker counts (n = " +
                                                std::to_string(n_) + ")");
    }
    void trim() noexcept {
        if (n_ % word_bits != 0) words_.back() &= (word_type{1} << (n_ % word_bits)) - 1;
    }

    std::size_t n_ = 0;
    std::vector<word_type> words_;
};

// Forward iteration over the members, in increasing id.
class worker_set::iterator {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::size_t*;
    using reference = std::size_t;

    iterator() = default;
    iterator(const word_type* words, std::size_t nwords, std::size_t word)
        : words_(words), nwords_(nwords), word_(word) {
        if (word_ < nwords_) {
            current_ = words_[word_];
            settle();
        }
    }
    std::size_t operator*() const noexcept {
        return word_ * word_bits + static_cast<std::size_t>(__builtin_ctzll(current_));
    }
    iterator& operator++() noexcept {
        current_ &= current_ - 1;
        settle();
        return *this;
    }
    iterator operator++(int) noexcept {
        iterator t = *this;
        ++*this;
        return t;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
        return a.word_ == b.word_ && a.current_ == b.current_;
    }
    friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

private:
    void settle() noexcept {
        while (current_ == 0 && ++word_ < nwords_) current_ = words_[word_];
        if (word_ >= nwords_) {
            word_ = nwords_;
            current_ = 0;
        }
    }
    const word_type* words_ = nullptr;
    std::size_t nwords_ = 0;
    std::size_t word_ = 0;
    word_type current_ = 0;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline worker_set worker_set::all(std::size_t n) {
    worker_set s(n);
    for (auto& w : s.words_) w = ~word_type{0};
    s.trim();
    return s;
}

template <class Range> worker_set worker_set::from_ids(std::size_t n, const Range& ids) {
    worker_set s(n);
    for (const auto& raw : ids) {
        const auto i = static_cast<std::size_t>(raw);
        s.check_id(i);
        if (SGC_UNLIKELY(s.contains(i)))
            detail::throw_invalid_parameter("sgc::worker_set", "worker", std::to_string(i),
                                            "duplicate worker id");
        s.insert(i);
    }
    return s;
}

inline std::size_t worker_set::count() const noexcept {
    std::size_t c = 0;
    for (auto w : words_) c += static_cast<std::size_t>(__builtin_popcountll(w));
    return c;
}

inline bool worker_set::empty() const noexcept {
    for (auto w : words_)
        if (w != 0) return false;
    return true;
}

inline worker_set worker_set::complement() const {
    worker_set s = *this;
    s.flip();
    return s;
}

inline void worker_set::flip() noexcept {
    for (auto& w : words_) w = ~w;
    trim();
}

inline worker_set& worker_set::operator|=(const worker_set& o) {
    check_same_universe(o);
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] |= o.words_[i];
    return *this;
}

inline worker_set& worker_set::operator&=(const worker_set& o) {
    check_same_universe(o);
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
    return *this;
}

inline worker_set& worker_set::operator-=(const worker_set& o) {
    check_same_universe(o);
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= ~o.words_[i];
    return *this;
}

inline bool worker_set::intersects(const worker_set& o) const {
    check_same_universe(o);
    for (std::size_t i = 0; i < words_.size(); ++i)
        if ((words_[i] & o.words_[i]) != 0) return true;
    return false;
}

inline std::size_t worker_set::union_count(const worker_set& o) const {
    check_same_universe(o);
    std::size_t c = 0;
    for (std::size_t i = 0; i < words_.size(); ++i)
        c += static_cast<std::size_t>(__builtin_popcountll(words_[i] | o.words_[i]));
    return c;
}

inline std::size_t worker_set::first_common(const worker_set& o) const {
    check_same_universe(o);
    std::size_t i = 0;
    while ((words_[i] & o.words_[i]) == 0) ++i;
    return i * word_bits + static_cast<std::size_t>(__builtin_ctzll(words_[i] & o.words_[i]));
}

inline worker_set::iterator worker_set::begin() const noexcept {
    return iterator(words_.data(), words_.size(), 0);
}

inline worker_set::iterator worker_set::end() const noexcept {
    return iterator(words_.data(), words_.size(), words_.size());
}

inline std::vector<std::size_t> worker_set::ids() const {
    std::vector<std::size_t> v;
    v.reserve(count());
    for (std::size_t i : *this) v.push_back(i);
    return v;
}

inline std::string worker_set::to_string() const {
    std::string out = "{";
    bool first = true;
    for (std::size_t i : *this) {
        if (!first) out += ", ";
        out += std::to_string(i);
        first = false;
    }
    return out + "}";
}

inline std::size_t worker_set::hash() const noexcept {
    // splitmix64 finalizer per word: cheap, and spreads single-bit differences.
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ n_;
    for (auto w : words_) {
        std::uint64_t z = h + w + 0x9e3779b97f4a7c15ull;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        h = z ^ (z >> 31);
    }
    return static_cast<std::size_t>(h);
}

} // namespace sgc

namespace std {
template <> struct hash<sgc::worker_set> {
    std::size_t operator()(const sgc::worker_set& s) const noexcept { return s.hash(); }
};
} // namespace std

#endif
