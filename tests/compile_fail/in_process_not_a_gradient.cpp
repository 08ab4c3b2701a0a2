// expect: sgc::in_process_transport<Scheme, G, Partial, Input>: G is not a gradient: specialise sgc::gradient_traits<G> with value_type, size\(const G&\), fill_zero\(G&\) and axpy
#include <sgc/schemes/gc.hpp>
#include <sgc/transport/in_process.hpp>

#include <cstddef>
#include <vector>

struct my_gradient { std::vector<float> values; }; // no sgc::gradient_traits<my_gradient>

int main() {
    const sgc::gc<4, 1> scheme;
    auto partial = [](const sgc::no_input&, std::size_t, sgc::sample_range, my_gradient&) {};
    auto transport = sgc::make_in_process(scheme, 8, partial, my_gradient{}, sgc::constant_delays(1.0));
    return static_cast<int>(transport.n());
}
