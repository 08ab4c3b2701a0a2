// What every fuzz target checks of an error message, and how it fails: abort(), which libFuzzer
// and the corpus replay both report as a crash with the input that caused it.
#ifndef SGC_TESTS_FUZZ_SUPPORT_HPP
#define SGC_TESTS_FUZZ_SUPPORT_HPP

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace sgc_fuzz {

[[noreturn]] inline void fail(const char* what, std::string_view detail) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n[%.*s]\n", what, static_cast<int>(detail.size()),
                 detail.data());
    std::abort();
}

inline void require(bool ok, const char* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

// A message a user may see: printable ASCII (newlines only where allowed), and no C++
// internals but those the input itself spelled (messages quote the input's tokens, and the
// fuzzer soon learns to write these words).
inline void check_message(std::string_view message, std::string_view input, bool newlines = false) {
    for (char c : message) {
        const auto u = static_cast<unsigned char>(c);
        require((u >= 0x20 && u < 0x7f) || (newlines && c == '\n'), "an unprintable byte in a message",
                message);
    }
    // An escape's hex digits may spell a word with the text after it ("\x0bad_alloc"): read
    // each escape as a blank.
    std::string words(message);
    for (std::size_t i = words.find("\\x"); i != std::string::npos && i + 4 <= words.size();
         i = words.find("\\x", i + 1))
        words.replace(i, 4, "    ");
    for (const char* internal : {"std::", "bad_alloc", "what()", "_M_", "basic_string"})
        require(words.find(internal) == std::string::npos || input.find(internal) != std::string_view::npos,
                "C++ internals in a message", message);
}

} // namespace sgc_fuzz

#endif
