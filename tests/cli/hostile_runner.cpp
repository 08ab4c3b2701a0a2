// Runs the hostile-input catalogue (tests/cli/hostile.txt) against the sgc tool: every entry
// must exit with status 2, print nothing on stdout, and print one line on stderr that starts
// "sgc: error: ", holds printable ASCII only, names what it refuses (the entry's regex), and
// shows no C++ internals.
//
//   sgc_cli_hostile <sgc> <catalogue> <directory of tests/cli>
// (SGC_HOSTILE_SHOW=1 in the environment prints every message, for reading them all.)
//
// A catalogue line is `<arguments> ;; <regex>`. Arguments are split at blanks; besides plain
// words they may be
//   "text"          one argument, with C escapes (\n \t \r \\ \" \xHH)
//   @path           <directory>/path: a committed input (hostile/..., cases/...)
//   @missing        a path that does not exist
//   %"text"         a temporary file holding text (escapes as above; \x00 allowed)
//   %"text"*N       ... repeated N times
//   >full           stdout goes to /dev/full (the write must fail and be reported)
//   >closed         stdout is closed
// `#` starts a comment line. The regex (ECMAScript) must be found in stderr.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct entry {
    std::size_t line = 0;
    std::string text;
    std::vector<std::string> args;
    std::string regex;
    enum { piped, full, closed } out = piped;
};

struct run_result {
    int status = -1;
    std::string out, err;
    bool timed_out = false;
};

std::string unescape(const std::string& text, std::size_t& i, std::size_t line) {
    // text[i] is the opening quote.
    std::string out;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        const char c = text.at(++i);
        switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '\\': out += '\\'; break;
        case '"': out += '"'; break;
        case 'x':
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
            break;
        default:
            std::cerr << "catalogue line " << line << ": unknown escape \\" << c << "\n";
            std::exit(2);
        }
    }
    if (i >= text.size()) {
        std::cerr << "catalogue line " << line << ": unterminated quote\n";
        std::exit(2);
    }
    ++i; // past the closing quote
    return out;
}

int temp_count = 0;

std::string temp_file(const std::string& content) {
    const std::string path = "sgc_hostile_" + std::to_string(getpid()) + "_" + std::to_string(temp_count++) + ".tmp";
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

entry parse_entry(const std::string& text, std::size_t line, const std::string& dir) {
    entry e;
    e.line = line;
    e.text = text;
    const std::size_t split = text.find(" ;; ");
    if (split == std::string::npos) {
        std::cerr << "catalogue line " << line << ": no ' ;; ' before the regex\n";
        std::exit(2);
    }
    e.regex = text.substr(split + 4);
    const std::string args = text.substr(0, split);
    for (std::size_t i = 0; i < args.size();) {
        if (args[i] == ' ') {
            ++i;
            continue;
        }
        if (args[i] == '"') {
            e.args.push_back(unescape(args, i, line));
        } else if (args[i] == '%' && i + 1 < args.size() && args[i + 1] == '"') {
            ++i;
            std::string content = unescape(args, i, line);
            if (i < args.size() && args[i] == '*') {
                std::size_t end = i + 1;
                while (end < args.size() && args[end] != ' ') ++end;
                const long times = std::stol(args.substr(i + 1, end - i - 1));
                std::string repeated;
                repeated.reserve(content.size() * static_cast<std::size_t>(times));
                for (long k = 0; k < times; ++k) repeated += content;
                content = std::move(repeated);
                i = end;
            }
            e.args.push_back(temp_file(content));
        } else {
            std::size_t end = args.find(' ', i);
            if (end == std::string::npos) end = args.size();
            std::string word = args.substr(i, end - i);
            i = end;
            if (word == ">full") e.out = entry::full;
            else if (word == ">closed") e.out = entry::closed;
            else if (word == "@missing") e.args.push_back(dir + "/no/such/file.csv");
            else if (word[0] == '@') e.args.push_back(dir + "/" + word.substr(1));
            else e.args.push_back(word);
        }
    }
    return e;
}

run_result run(const std::string& sgc, const entry& e) {
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) std::abort();
    const pid_t pid = fork();
    if (pid == 0) {
        if (e.out == entry::piped) {
            dup2(out_pipe[1], 1);
        } else if (e.out == entry::full) {
            const int full = open("/dev/full", O_WRONLY);
            dup2(full, 1);
            close(full);
        } else {
            close(1);
        }
        dup2(err_pipe[1], 2);
        close(out_pipe[0]);
        close(out_pipe[1]);
        close(err_pipe[0]);
        close(err_pipe[1]);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(sgc.c_str()));
        for (const auto& a : e.args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(sgc.c_str(), argv.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    run_result r;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&r.out, &r.err};
    int open_count = 2, waited_ms = 0;
    while (open_count > 0) {
        const int ready = poll(fds, 2, 100);
        if (ready == 0 && (waited_ms += 100) > 60000) { // a hang is a failure, not a stuck test
            kill(pid, SIGKILL);
            r.timed_out = true;
            break;
        }
        for (int k = 0; k < 2; ++k) {
            if (fds[k].fd < 0 || (fds[k].revents & (POLLIN | POLLHUP)) == 0) continue;
            char buffer[65536];
            const ssize_t n = read(fds[k].fd, buffer, sizeof buffer);
            if (n <= 0) {
                close(fds[k].fd);
                fds[k].fd = -1;
                --open_count;
            } else {
                sinks[k]->append(buffer, static_cast<std::size_t>(n));
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) close(f.fd);
    int status = 0;
    waitpid(pid, &status, 0);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// What is wrong with an entry's run, or "".
std::string judge(const entry& e, const run_result& r) {
    if (r.timed_out) return "did not finish within 60 s";
    if (r.status != 2) return "exit status " + std::to_string(r.status) + ", expected 2";
    if (!r.out.empty()) return "printed on stdout";
    if (r.err.rfind("sgc: error: ", 0) != 0) return "stderr does not start with \"sgc: error: \"";
    if (r.err.find('\n') != r.err.size() - 1) return "stderr is not exactly one line";
    for (char c : r.err.substr(0, r.err.size() - 1))
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            return "an unprintable byte in the message";
    for (const char* internal : {"std::", "bad_alloc", "what()", "_M_", "basic_string", "terminate"})
        if (r.err.find(internal) != std::string::npos) return std::string("the message shows ") + internal;
    if (r.err.size() > 520) return "the message is longer than 500 characters";
    if (!std::regex_search(r.err, std::regex(e.regex))) return "the message does not match /" + e.regex + "/";
    return "";
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: sgc_cli_hostile <sgc> <catalogue> <tests/cli directory>\n";
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    std::ifstream catalogue(argv[2]);
    std::vector<entry> entries;
    std::string text;
    for (std::size_t line = 1; std::getline(catalogue, text); ++line) {
        if (text.empty() || text[0] == '#') continue;
        entries.push_back(parse_entry(text, line, argv[3]));
    }
    std::size_t failed = 0;
    for (const auto& e : entries) {
        const run_result r = run(argv[1], e);
        const std::string wrong = judge(e, r);
        if (std::getenv("SGC_HOSTILE_SHOW") != nullptr) std::cout << e.line << ": " << r.err;
        if (wrong.empty()) continue;
        ++failed;
        std::cout << "FAIL line " << e.line << ": " << e.text << "\n  " << wrong << "\n  stdout: "
                  << r.out.substr(0, 300) << "\n  stderr: " << r.err.substr(0, 600) << "\n";
    }
    for (int k = 0; k < temp_count; ++k)
        std::remove(("sgc_hostile_" + std::to_string(getpid()) + "_" + std::to_string(k) + ".tmp").c_str());
    std::cout << entries.size() << " hostile inputs, " << failed << " failed\n";
    return failed == 0 && !entries.empty() ? 0 : 1;
}
