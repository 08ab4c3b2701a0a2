// Fuzz target: the pattern reader (sgc::read_pattern). Invariants: a malformed input is a
// parse_error naming fuzz:<line> with a printable message; write_pattern reads back the same.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include <sgc/models/pattern_io.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // The first two bytes pick n in 1 .. 512; the rest is the file.
    const std::size_t n = 1 + ((std::size_t{data[0]} << 8 | data[1]) % 512);
    const std::string text(reinterpret_cast<const char*>(data) + 2, size - 2);
    sgc::straggler_pattern pattern;
    try {
        std::istringstream in(text);
        pattern = sgc::read_pattern(in, n, "fuzz");
    } catch (const sgc::parse_error& e) {
        const std::string message = e.what();
        sgc_fuzz::require(message.rfind("fuzz:", 0) == 0, "a parse error without source:line", message);
        sgc_fuzz::check_message(message, text);
        return 0;
    }
    for (const auto& round : pattern) sgc_fuzz::require(round.universe() == n, "a round over another n");
    std::ostringstream out;
    sgc::write_pattern(out, pattern);
    std::istringstream again(out.str());
    sgc_fuzz::require(sgc::read_pattern(again, n, "written") == pattern, "write_pattern does not read back",
                      out.str());
    return 0;
}
