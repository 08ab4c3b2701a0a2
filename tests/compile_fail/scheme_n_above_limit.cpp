// expect: sgc::m_sgc<n, B, W, lambda>: requires n <= sgc::limits::max_n
#include <sgc/schemes/m_sgc.hpp>

int main() { return static_cast<int>(sgc::m_sgc<70000, 1, 2, 3>::T()); }
