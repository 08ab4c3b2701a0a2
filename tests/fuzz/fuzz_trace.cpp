// Fuzz target: the trace reader (sgc::sim::read_trace) under every format option, then the
// replay of what it read. Invariants: a malformed input is a parse_error naming fuzz:<line>
// with a printable message; a trace read back after write_trace is the same trace; a replay of
// it never throws anything but the documented invalid_parameter and never reports a
// non-finite runtime.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include <sgc/schemes/gc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/trace.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the format; the rest is the file.
    const unsigned flags = data[0];
    sgc::sim::trace_format format;
    format.header = (flags & 1) != 0;
    format.index_column = (flags & 2) != 0;
    if ((flags & 4) != 0) format.missing.push_back("");
    if ((flags & 8) != 0) format.missing.push_back("inf");
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

    sgc::sim::delay_trace trace;
    try {
        std::istringstream in(text);
        trace = sgc::sim::read_trace(in, "fuzz", format);
    } catch (const sgc::parse_error& e) {
        const std::string message = e.what();
        sgc_fuzz::require(message.rfind("fuzz:", 0) == 0, "a parse error without source:line", message);
        sgc_fuzz::check_message(message, text);
        return 0;
    }
    // What write_trace writes reads back as the same trace, whatever the input's format.
    std::ostringstream out;
    sgc::sim::write_trace(out, trace);
    std::istringstream again(out.str());
    const auto reread = sgc::sim::read_trace(again, "written");
    sgc_fuzz::require(reread.times() == trace.times() && reread.n() == trace.n(),
                      "write_trace does not read back", out.str());

    // Replay it through GC at every s the trace allows (small traces only: the fuzzer's time is
    // better spent on parsing).
    if (trace.n() <= 16 && trace.rounds() <= 64)
        for (std::size_t s = 0; s < trace.n(); ++s) {
            try {
                sgc::sim::replay_options o;
                o.policy = (flags & 16) != 0 ? sgc::wait_policy::minimal_wait : sgc::wait_policy::wait_all;
                const auto r = sgc::sim::replay(sgc::gc<>(trace.n(), s), trace, trace.rounds(), o);
                sgc_fuzz::require(std::isfinite(r.total_runtime), "a non-finite total runtime");
            } catch (const sgc::invalid_parameter& e) {
                sgc_fuzz::check_message(e.what(), text);
            }
        }
    return 0;
}
