// expect: sgc scheme: give all of n, B, W, lambda at compile time, or none
// expect-errors: 2
// (the second: T() is not static in this mixed form; the first says why)
#include <sgc/schemes/sr_sgc.hpp>

int main() { return static_cast<int>(sgc::sr_sgc<8, 1, sgc::dynamic, 3>::T()); }
