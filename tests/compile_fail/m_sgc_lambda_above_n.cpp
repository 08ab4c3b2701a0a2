// expect: sgc::m_sgc<n, B, W, lambda>: requires 1 <= lambda <= n
#include <sgc/schemes/m_sgc.hpp>

int main() {
    sgc::m_sgc<4, 1, 2, 5> scheme;
    return static_cast<int>(scheme.T());
}
