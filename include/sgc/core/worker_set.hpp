#ifndef SGC_CORE_WORKER_SET_HPP
#define SGC_CORE_WORKER_SET_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "detail/bits.hpp"
#include "detail/splitmix64.hpp"
#include "error.hpp"

namespace sgc {

/// A subset of the workers {0, ..., n-1}: responders, stragglers, non-returners.
/// A bitset, so sets hash and compare in a few words and cannot hold duplicates. Up to
/// inline_words words (n <= 256) live inside the object: such sets copy, combine and count
/// without touching the heap; larger ones keep their words in a vector. Iterators and
/// word_views refer to the set's storage: they are invalidated when the set is assigned to,
/// moved from or destroyed.
class worker_set {
public:
    /// The storage word: bit i % 64 of word i / 64 is worker i.
    using word_type = std::uint64_t;
    /// Bits per word.
    static constexpr std::size_t word_bits = 64;
    /// Words stored inside the object: sets over n <= inline_words * 64 = 256 workers never
    /// allocate.
    static constexpr std::size_t inline_words = 4;

    class iterator;
    /// A read-only view of a set's words (word k holds workers 64k .. 64k + 63, bit i % 64 for
    /// worker i; bits at and above n are 0). Valid while the set is alive and unchanged.
    class word_view {
    public:
        /// The `size` words at `data`.
        word_view(const word_type* data, std::size_t size) noexcept : data_(data), size_(size) {}
        /// The first word.
        [[nodiscard]] const word_type* begin() const noexcept { return data_; }
        /// Past the last word.
        [[nodiscard]] const word_type* end() const noexcept { return data_ + size_; }
        /// The first word (the same as begin()).
        [[nodiscard]] const word_type* data() const noexcept { return data_; }
        /// The number of words, ceil(n / 64).
        [[nodiscard]] std::size_t size() const noexcept { return size_; }
        /// Word k (< size()), unchecked.
        [[nodiscard]] word_type operator[](std::size_t k) const noexcept { return data_[k]; }

    private:
        const word_type* data_;
        std::size_t size_;
    };

    worker_set() = default;
    /// The empty set over n workers (ids 0 .. n-1). Allocates only for n > 256.
    /// @param n the number of workers (the universe)
    explicit worker_set(std::size_t n)
        : n_(n), size_((n + word_bits - 1) / word_bits),
          heap_(size_ > inline_words ? size_ : 0, word_type{0}) {}
    /// A copy: the same universe and members.
    worker_set(const worker_set&) = default;
    /// Takes o's words; o is left as the empty set over 0 workers.
    worker_set(worker_set&& o) noexcept
        : n_(o.n_), size_(o.size_), inline_(o.inline_), heap_(std::move(o.heap_)) {
        o.n_ = o.size_ = 0;
        o.inline_ = {};
    }
    /// Copies o (universe and members), reusing this set's heap storage where it has enough.
    worker_set& operator=(const worker_set& o) {
        n_ = o.n_;
        size_ = o.size_;
        inline_ = o.inline_;
        if (o.on_heap()) heap_ = o.heap_;
        else heap_.clear();
        return *this;
    }
    /// Takes o's words; o is left as the empty set over 0 workers.
    worker_set& operator=(worker_set&& o) noexcept {
        if (this != &o) {
            n_ = o.n_;
            size_ = o.size_;
            inline_ = o.inline_;
            heap_ = std::move(o.heap_);
            o.n_ = o.size_ = 0;
            o.inline_ = {};
            o.heap_.clear();
        }
        return *this;
    }
    ~worker_set() = default;

    /// Every worker of {0, ..., n-1}.
    [[nodiscard]] static worker_set all(std::size_t n);
    /// The set over {0, ..., n-1} whose members are `ids` (any order).
    /// @param n the number of workers
    /// @param ids a range of worker ids
    /// @throws invalid_parameter naming the id if one is >= n or appears twice
    template <class Range> [[nodiscard]] static worker_set from_ids(std::size_t n, const Range& ids);
    /// from_ids over a braced list: `worker_set::from_ids(8, {1, 5})`.
    /// @throws invalid_parameter naming the id if one is >= n or appears twice
    [[nodiscard]] static worker_set from_ids(std::size_t n, std::initializer_list<std::size_t> ids) {
        return from_ids<std::initializer_list<std::size_t>>(n, ids);
    }

    /// n: the set is a subset of {0, ..., n-1}.
    [[nodiscard]] std::size_t universe() const noexcept { return n_; }
    /// The number of members. O(n / 64), no allocation.
    [[nodiscard]] std::size_t count() const noexcept;
    /// Whether the set has no member. O(n / 64).
    [[nodiscard]] bool empty() const noexcept;
    /// Whether every worker of {0, ..., n-1} is a member (count() == universe(), without
    /// counting). O(n / 64).
    [[nodiscard]] bool full() const noexcept;
    /// Whether worker i is a member; an id outside {0, ..., n-1} simply is not. O(1).
    [[nodiscard]] bool contains(std::size_t i) const noexcept {
        // Bounding the word index by size_ (not only i by n_) lets the compiler see the
        // access stay inside the storage it picked.
        const std::size_t w = i / word_bits;
        return i < n_ && w < size_ && ((data()[w] >> (i % word_bits)) & 1u) != 0;
    }
    /// Adds worker i (no effect if it is a member). @throws invalid_parameter if i >= n
    void insert(std::size_t i) {
        check_id(i);
        data()[i / word_bits] |= word_type{1} << (i % word_bits);
    }
    /// Removes worker i (no effect if it is not a member). @throws invalid_parameter if i >= n
    void erase(std::size_t i) {
        check_id(i);
        data()[i / word_bits] &= ~(word_type{1} << (i % word_bits));
    }
    /// Removes every member, keeping the universe (and any heap storage).
    void clear() noexcept {
        inline_ = {};
        for (auto& w : heap_) w = 0;
    }

    /// The workers of {0, ..., n-1} that are not members (a new set).
    [[nodiscard]] worker_set complement() const;
    /// Replaces the set by its complement in {0, ..., n-1}, in place.
    void flip() noexcept;
    /// Union, in place. O(n / 64), no allocation.
    /// @throws invalid_parameter if o is over another number of workers
    worker_set& operator|=(const worker_set& o);
    /// Intersection, in place. O(n / 64), no allocation.
    /// @throws invalid_parameter if o is over another number of workers
    worker_set& operator&=(const worker_set& o);
    /// Set difference (the members not in o), in place. O(n / 64), no allocation.
    /// @throws invalid_parameter if o is over another number of workers
    worker_set& operator-=(const worker_set& o);
    /// The union. @throws invalid_parameter if b is over another number of workers
    [[nodiscard]] friend worker_set operator|(worker_set a, const worker_set& b) { return a |= b; }
    /// The intersection. @throws invalid_parameter if b is over another number of workers
    [[nodiscard]] friend worker_set operator&(worker_set a, const worker_set& b) { return a &= b; }
    /// The members of a not in b. @throws invalid_parameter if b is over another number of workers
    [[nodiscard]] friend worker_set operator-(worker_set a, const worker_set& b) { return a -= b; }
    /// Whether the sets share a member. @throws invalid_parameter if o is over another number
    /// of workers
    [[nodiscard]] bool intersects(const worker_set& o) const;
    /// |*this ∪ o| without building the union (allocation-free, for per-round checks).
    /// @throws invalid_parameter if o is over another number of workers
    [[nodiscard]] std::size_t union_count(const worker_set& o) const;
    /// The lowest id in *this ∩ o, or universe() (n, no worker) if the sets are disjoint.
    /// @throws invalid_parameter if o is over another number of workers
    [[nodiscard]] std::size_t first_common(const worker_set& o) const;
    /// The lowest member >= `from`: a scan of words, not of ids.
    /// @param from any id (>= n finds nothing)
    /// @return that member, or universe() (n) if there is none
    [[nodiscard]] std::size_t next(std::size_t from) const noexcept;

    /// Iteration over the members in increasing id (forward iterator of std::size_t).
    [[nodiscard]] iterator begin() const noexcept;
    /// The end of the iteration.
    [[nodiscard]] iterator end() const noexcept;
    /// The members in increasing id.
    [[nodiscard]] std::vector<std::size_t> ids() const;
    /// The members in increasing id as text: "{0, 3, 7}" ("{}" when empty).
    [[nodiscard]] std::string to_string() const;

    /// The set's ceil(n / 64) words (see word_view).
    [[nodiscard]] word_view words() const noexcept { return {data(), size_}; }
    /// A hash of the universe and the members: equal sets hash equal (std::hash uses it).
    [[nodiscard]] std::size_t hash() const noexcept;

    /// Equal universes and members.
    [[nodiscard]] friend bool operator==(const worker_set& a, const worker_set& b) noexcept {
        if (a.n_ != b.n_) return false;
        if (!a.on_heap()) return a.inline_ == b.inline_; // the words past size_ are 0 in both
        return a.heap_ == b.heap_;
    }
    /// !(a == b).
    [[nodiscard]] friend bool operator!=(const worker_set& a, const worker_set& b) noexcept { return !(a == b); }

private:
    bool on_heap() const noexcept { return size_ > inline_words; }
    word_type* data() noexcept { return on_heap() ? heap_.data() : inline_.data(); }
    const word_type* data() const noexcept { return on_heap() ? heap_.data() : inline_.data(); }
    // Calls f(k) for the words of the set: all inline_words of an inline set (those past size_
    // are 0 and stay so under the word operations used), so that the loop has a fixed length.
    template <class F> void each_word(F&& f) const {
        if (!on_heap())
            for (std::size_t k = 0; k < inline_words; ++k) f(k);
        else
            for (std::size_t k = 0; k < size_; ++k) f(k);
    }
    void check_id(std::size_t i) const {
        if (SGC_UNLIKELY(i >= n_)) bad_id(i);
    }
    [[noreturn]] SGC_NOINLINE SGC_COLD void bad_id(std::size_t i) const {
        detail::throw_invalid_parameter("sgc::worker_set", "worker", std::to_string(i),
                                        "unknown worker: ids must be < n = " + std::to_string(n_));
    }
    void check_same_universe(const worker_set& o) const {
        if (SGC_UNLIKELY(o.n_ != n_)) bad_universe(o);
    }
    [[noreturn]] SGC_NOINLINE SGC_COLD void bad_universe(const worker_set& o) const {
        detail::throw_invalid_parameter("sgc::worker_set", "n", std::to_string(o.n_),
                                        "sets over different worker counts (n = " +
                                            std::to_string(n_) + ")");
    }
    void trim() noexcept {
        if (n_ % word_bits != 0) data()[size_ - 1] &= (word_type{1} << (n_ % word_bits)) - 1;
    }

    // Invariants: words at and above size_, and bits at and above n_, are 0; heap_ is empty
    // unless size_ > inline_words, and then holds the size_ words (inline_ is all 0).
    std::size_t n_ = 0;
    std::size_t size_ = 0; // words: ceil(n / 64)
    std::array<word_type, inline_words> inline_{};
    std::vector<word_type> heap_;
};

/// Forward iteration over the members, in increasing id (worker_set::begin(), end()); valid
/// while the set is alive and unchanged.
class worker_set::iterator {
public:
    using iterator_category = std::forward_iterator_tag; ///< a forward iterator
    using value_type = std::size_t;                      ///< a worker id
    using difference_type = std::ptrdiff_t;              ///< as iterators require
    using pointer = const std::size_t*;                  ///< as iterators require
    using reference = std::size_t;                       ///< ids are returned by value

    /// An iterator that equals no set's.
    iterator() = default;
    /// The first member at or after word `word` of the `nwords` words at `words`.
    iterator(const word_type* words, std::size_t nwords, std::size_t word)
        : words_(words), nwords_(nwords), word_(word) {
        if (word_ < nwords_) {
            current_ = words_[word_];
            settle();
        }
    }
    /// The current member's id.
    std::size_t operator*() const noexcept {
        return word_ * word_bits + static_cast<std::size_t>(detail::countr_zero(current_));
    }
    /// To the next member.
    iterator& operator++() noexcept {
        current_ &= current_ - 1;
        settle();
        return *this;
    }
    /// To the next member; returns the iterator as it was.
    iterator operator++(int) noexcept {
        iterator t = *this;
        ++*this;
        return t;
    }
    /// Whether both are at the same place.
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
        return a.word_ == b.word_ && a.current_ == b.current_;
    }
    /// !(a == b).
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
    word_type* w = s.data();
    for (std::size_t k = 0; k < s.size_; ++k) w[k] = ~word_type{0};
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
    const word_type* w = data();
    std::size_t c = 0;
    each_word([&](std::size_t k) { c += static_cast<std::size_t>(detail::popcount(w[k])); });
    return c;
}

inline bool worker_set::empty() const noexcept {
    const word_type* w = data();
    word_type any = 0;
    each_word([&](std::size_t k) { any |= w[k]; });
    return any == 0;
}

inline bool worker_set::full() const noexcept {
    if (size_ == 0) return true;
    const word_type* w = data();
    for (std::size_t k = 0; k + 1 < size_; ++k)
        if (w[k] != ~word_type{0}) return false;
    const std::size_t tail = n_ % word_bits;
    return w[size_ - 1] == (tail == 0 ? ~word_type{0} : (word_type{1} << tail) - 1);
}

inline worker_set worker_set::complement() const {
    worker_set s = *this;
    s.flip();
    return s;
}

inline void worker_set::flip() noexcept {
    word_type* w = data();
    for (std::size_t k = 0; k < size_; ++k) w[k] = ~w[k];
    trim();
}

inline worker_set& worker_set::operator|=(const worker_set& o) {
    check_same_universe(o);
    word_type* w = data();
    const word_type* v = o.data();
    each_word([&](std::size_t k) { w[k] |= v[k]; });
    return *this;
}

inline worker_set& worker_set::operator&=(const worker_set& o) {
    check_same_universe(o);
    word_type* w = data();
    const word_type* v = o.data();
    each_word([&](std::size_t k) { w[k] &= v[k]; });
    return *this;
}

inline worker_set& worker_set::operator-=(const worker_set& o) {
    check_same_universe(o);
    word_type* w = data();
    const word_type* v = o.data();
    each_word([&](std::size_t k) { w[k] &= ~v[k]; });
    return *this;
}

inline bool worker_set::intersects(const worker_set& o) const {
    check_same_universe(o);
    const word_type* w = data();
    const word_type* v = o.data();
    word_type any = 0;
    each_word([&](std::size_t k) { any |= w[k] & v[k]; });
    return any != 0;
}

inline std::size_t worker_set::union_count(const worker_set& o) const {
    check_same_universe(o);
    const word_type* w = data();
    const word_type* v = o.data();
    std::size_t c = 0;
    each_word([&](std::size_t k) { c += static_cast<std::size_t>(detail::popcount(w[k] | v[k])); });
    return c;
}

inline std::size_t worker_set::first_common(const worker_set& o) const {
    check_same_universe(o);
    const word_type* w = data();
    const word_type* v = o.data();
    for (std::size_t k = 0; k < size_; ++k)
        if (const word_type common = w[k] & v[k]; common != 0)
            return k * word_bits + static_cast<std::size_t>(detail::countr_zero(common));
    return n_;
}

inline std::size_t worker_set::next(std::size_t from) const noexcept {
    if (from >= n_) return n_;
    const word_type* w = data();
    std::size_t k = from / word_bits;
    word_type bits = w[k] & (~word_type{0} << (from % word_bits));
    while (bits == 0) {
        if (++k == size_) return n_;
        bits = w[k];
    }
    return k * word_bits + static_cast<std::size_t>(detail::countr_zero(bits));
}

inline worker_set::iterator worker_set::begin() const noexcept {
    return iterator(data(), size_, 0);
}

inline worker_set::iterator worker_set::end() const noexcept {
    return iterator(data(), size_, size_);
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
    // splitmix64 per word: cheap, and spreads single-bit differences.
    std::uint64_t h = detail::splitmix64_gamma ^ n_;
    for (auto w : words()) h = detail::splitmix64(h + w);
    return static_cast<std::size_t>(h);
}

} // namespace sgc

namespace std {
/// Hashes a worker_set with worker_set::hash(), for unordered containers.
template <> struct hash<sgc::worker_set> {
    std::size_t operator()(const sgc::worker_set& s) const noexcept { return s.hash(); }
};
} // namespace std

#endif
