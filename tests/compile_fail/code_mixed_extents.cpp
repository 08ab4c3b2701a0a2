// expect: sgc gradient code: give both n and s at compile time, or neither
#include <sgc/codes/uneven_repetition.hpp>

int main() {
    sgc::uneven_repetition<8, sgc::dynamic> code(8, 1);
    return static_cast<int>(code.n());
}
