// expect: sgc: this type is not a gradient: specialise sgc::gradient_traits<G>
#include <sgc/gradient/combine.hpp>

#include <vector>

int main() {
    std::vector<int> out(3);
    std::vector<std::vector<int>> in(2, std::vector<int>(3));
    sgc::combine(out, std::vector<double>{1.0, 2.0}, in);
    return out[0];
}
