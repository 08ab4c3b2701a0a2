// expect: sgc gradient code: s \(stragglers tolerated\) must satisfy s < n
#include <sgc/codes/uneven_repetition.hpp>

int main() {
    sgc::uneven_repetition<4, 4> code;
    return static_cast<int>(code.n());
}
