// A program built with -fno-exceptions that includes all of <sgc/sgc.hpp>: it runs sgc::master
// end to end (every gradient is checked against the direct sum) and, given "error", breaks a
// rule at run time, which then prints the message to stderr and aborts (config.hpp, SGC_THROW).
#include <sgc/sgc.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

// Sample i of job t contributes (t + 1) * (i + 1) * (f + 1) to coordinate f.
void partial(const sgc::no_input&, std::size_t job, sgc::sample_range samples, std::vector<double>& out) {
    for (std::size_t f = 0; f < out.size(); ++f) {
        out[f] = 0.0;
        for (std::size_t i = samples.begin; i < samples.end; ++i)
            out[f] += static_cast<double>((job + 1) * (i + 1) * (f + 1));
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "error") == 0) {
        const sgc::m_sgc<> scheme(4, 3, 2, 1); // W < B + 1
        return static_cast<int>(scheme.n());   // not reached
    }
    constexpr std::size_t batch = 12, d = 3, jobs = 6;
    const sgc::sr_sgc<> scheme(6, 1, 2, 2);
    const std::vector<double> zero(d);
    sgc::bernoulli_stragglers stragglers(scheme.n(), 0.2, 7);
    auto transport = sgc::make_in_process(scheme, batch, partial, zero,
                                          sgc::pattern_delays(sgc::generate(stragglers, jobs + scheme.T()), 1.0, 3.0),
                                          {2});
    sgc::master m(scheme, transport, jobs, zero);
    std::size_t decoded = 0;
    while (!m.finished()) {
        (void)m.run_round();
        while (auto r = m.next()) {
            if (!r->ok()) continue;
            ++decoded;
            const double sum = static_cast<double>((r->job + 1) * batch * (batch + 1) / 2);
            for (std::size_t f = 0; f < d; ++f)
                if (std::abs(r->gradient[f] - sum * static_cast<double>(f + 1)) > 1e-9 * sum) {
                    std::printf("job %zu: wrong gradient\n", r->job);
                    return 1;
                }
        }
    }
    std::printf("no exceptions: %zu of %zu jobs decoded and exact\n", decoded, jobs);
    return decoded == jobs ? 0 : 1;
}
