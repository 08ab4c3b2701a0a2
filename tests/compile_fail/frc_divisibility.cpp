// expect: sgc::fractional_repetition<n, s>: requires \(s \+ 1\) to divide n
#include <sgc/codes/fractional_repetition.hpp>

int main() {
    sgc::fractional_repetition<7, 2> code;
    return static_cast<int>(code.n());
}
