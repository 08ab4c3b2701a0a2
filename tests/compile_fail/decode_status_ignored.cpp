// expect: ignoring return value of .*sgc::decode
// A decode status cannot be dropped: sgc::decode is [[nodiscard]], and this consumer, built with
// unused results as errors, ignores it.
#pragma GCC diagnostic error "-Wunused-result"
#include <sgc/codes/decode_plan.hpp>
#include <sgc/gradient/decode.hpp>

#include <vector>

int main() {
    std::vector<std::vector<double>> results(2, std::vector<double>(4, 1.0));
    std::vector<double> out(4);
    sgc::decode_plan plan;
    sgc::decode(out, plan, results);
    return 0;
}
