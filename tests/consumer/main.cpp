// Encodes on n = 6 workers with a fractional repetition code, drops s = 2 stragglers and
// decodes; exits non-zero unless the decoded gradient is the direct sum.
#include <sgc/sgc.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    const sgc::fractional_repetition<6, 2> code;
    std::vector<std::vector<double>> partials(code.k(), std::vector<double>(4));
    std::vector<double> direct(4, 0.0);
    for (std::size_t j = 0; j < code.k(); ++j)
        for (std::size_t t = 0; t < 4; ++t) direct[t] += partials[j][t] = double(j + 1) * double(t + 1);

    std::vector<std::vector<double>> results(code.n(), std::vector<double>(4));
    for (std::size_t i = 0; i < code.n(); ++i) sgc::encode(results[i], code, i, partials);

    const auto plan = code.plan({0, 2, 3, 5});
    std::vector<double> decoded(4);
    if (sgc::decode(decoded, plan, results) != sgc::decode_status::ok) return 1;
    for (std::size_t t = 0; t < 4; ++t)
        if (std::abs(decoded[t] - direct[t]) > 1e-12) return 1;
    std::printf("consumer: decoded the sum of %zu partial gradients, load %s\n", code.k(),
                sgc::to_string(code.load()).c_str());
    return 0;
}
