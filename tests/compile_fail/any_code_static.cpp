// expect: sgc::any_code<n, s>: the code is chosen at run time, so n and s are run-time values
#include <sgc/codes/any_code.hpp>
#include <sgc/schemes/gc.hpp>

int main() {
    sgc::gc<12, 3, sgc::any_code> scheme;
    return static_cast<int>(scheme.n());
}
