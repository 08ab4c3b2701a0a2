// expect: sgc::sr_sgc<n, B, W, lambda>: requires B to divide W - 1
#include <sgc/schemes/sr_sgc.hpp>

int main() { return static_cast<int>(sgc::sr_sgc<8, 2, 6, 7>::s()); }
