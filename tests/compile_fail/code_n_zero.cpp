// expect: sgc gradient code: n \(number of workers\) must be >= 1
#include <sgc/codes/cyclic_repetition.hpp>

int main() {
    sgc::cyclic_repetition<0, 0> code;
    return static_cast<int>(code.n());
}
