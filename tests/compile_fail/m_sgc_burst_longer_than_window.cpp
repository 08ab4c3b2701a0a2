// expect: sgc::m_sgc<n, B, W, lambda>: requires W >= B \+ 1
#include <sgc/schemes/m_sgc.hpp>

int main() { return static_cast<int>(sgc::m_sgc<4, 3, 3, 2>::T()); }
