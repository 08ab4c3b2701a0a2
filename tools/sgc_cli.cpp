// The sgc command-line tool: runs the command line (tools/sgc_cli_run.cpp) and writes what it
// prints. A failed write of the output (a full disk, a closed stdout) is reported on stderr and
// exits with status 2, like any other error: the caller must not take a partial output for a
// result.
#include "sgc_cli.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Writes all of `text` to `file` and flushes it; false (errno set) if any of it failed.
bool write_all(std::FILE* file, const std::string& text) {
    errno = 0;
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file) != text.size()) return false;
    return std::fflush(file) == 0 && std::ferror(file) == 0;
}

} // namespace

int main(int argc, char** argv) {
    const sgc_cli::outcome result = sgc_cli::run(std::vector<std::string>(argv + 1, argv + argc));
    int status = result.status;
    if (!write_all(stdout, result.out)) {
        const int error = errno;
        std::fprintf(stderr, "sgc: error: writing the output to stdout failed: %s\n",
                     error != 0 ? std::strerror(error) : "write error");
        status = sgc_cli::bad_input;
    }
    write_all(stderr, result.err);
    // stdout is closed at exit: a failure there is a failed write too.
    if (std::fclose(stdout) != 0 && status == sgc_cli::success) {
        std::fprintf(stderr, "sgc: error: writing the output to stdout failed: %s\n", std::strerror(errno));
        status = sgc_cli::bad_input;
    }
    return status;
}
