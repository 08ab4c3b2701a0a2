// Fuzz target: the sgc command line, parsed and run in-process (sgc_cli::run). The input is the
// command line, one argument per line, up to the first NUL byte; what follows the NUL is the
// content of a file that an argument "@" names (a trace or a pattern). Invariants: the run
// never throws and never reports an internal error; an error (status 2) is one printable line
// on stderr starting "sgc: error: ", with nothing on stdout and no C++ internals.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "sgc_cli.hpp"

#include "fuzz_support.hpp"

namespace {

const std::string& file_path() {
    static const std::string path = "/tmp/sgc_fuzz_cli_" + std::to_string(getpid()) + ".txt";
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096) return 0; // command lines are short; long files are the trace target's
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    const std::string_view line = input.substr(0, nul);
    std::vector<std::string> args;
    for (std::size_t pos = 0; pos <= line.size();) {
        const std::size_t end = std::min(line.find('\n', pos), line.size());
        args.emplace_back(line.substr(pos, end - pos));
        pos = end + 1;
    }
    if (nul != std::string_view::npos) {
        std::FILE* file = std::fopen(file_path().c_str(), "wb");
        if (file == nullptr) return 0;
        const std::string_view content = input.substr(nul + 1);
        std::fwrite(content.data(), 1, content.size(), file);
        std::fclose(file);
        for (auto& a : args)
            if (a == "@") a = file_path();
    }
    sgc_cli::settings how;
    how.progress = false;
    how.max_work = 20000; // every run stays short
    const sgc_cli::outcome r = sgc_cli::run(args, how);
    sgc_fuzz::require(r.status == sgc_cli::success || r.status == sgc_cli::bad_input ||
                          r.status == sgc_cli::undecodable,
                      "an unexpected exit status (1: an internal error)", r.err);
    sgc_fuzz::check_message(r.err, input, true);
    if (r.status == sgc_cli::bad_input) {
        sgc_fuzz::require(r.out.empty(), "an error with output on stdout", r.out);
        sgc_fuzz::require(r.err.rfind("sgc: error: ", 0) == 0, "an error not starting \"sgc: error: \"", r.err);
        sgc_fuzz::require(r.err.find('\n') == r.err.size() - 1, "an error of more than one line", r.err);
    }
    return 0;
}
