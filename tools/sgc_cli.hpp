// The sgc command-line tool as a function: parse a command line, run it, and hand back what it
// prints and its exit status. tools/sgc_cli.cpp's main() writes the result out; the fuzz target
// (tests/fuzz/) calls run() in-process, many times over.
#ifndef SGC_TOOLS_SGC_CLI_HPP
#define SGC_TOOLS_SGC_CLI_HPP

#include <cstddef>
#include <string>
#include <vector>

namespace sgc_cli {

/// The tool's exit statuses (docs/guide/07-simulator.md, "Exit statuses").
enum exit_status : int {
    success = 0,     ///< done; for simulate, every job decoded and no round failed
    internal = 1,    ///< a bug in sgc: an error the tool did not expect (please report it)
    bad_input = 2,   ///< an option, a value or an input file is wrong, or the output could not
                     ///< be written; one line on stderr names it
    undecodable = 3, ///< simulate: a job did not decode or a round failed; the output is
                     ///< printed all the same, and a line on stderr says how many and why
};

/// What a run prints and returns.
struct outcome {
    int status = success;
    std::string out; ///< stdout: JSON, CSV, a trace, or the help text
    std::string err; ///< stderr: an error or a note, each a line ending in '\n'
};

/// How run() may behave beyond the command line.
struct settings {
    /// sgc tune may draw its progress bar on stderr (with --progress always, or auto on a
    /// terminal). The fuzz target turns it off.
    bool progress = true;
    /// 0: no bound. Otherwise a command whose estimated work (sizes multiplied together) exceeds
    /// it is refused as bad input: the fuzz target keeps every run short this way.
    std::size_t max_work = 0;
};

/// Runs `sgc <args...>` (args without the program name). Never throws and never exits: every
/// error is an outcome with its status and one line in `err`, which holds printable ASCII only.
outcome run(const std::vector<std::string>& args, const settings& how = {});

} // namespace sgc_cli

#endif
