// expect: sgc::in_process_transport<Scheme, G, Partial, Input>: the partial must be callable as partial\(const Input& input, std::size_t job, sgc::sample_range samples, G& out\)
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/transport/in_process.hpp>

#include <cstddef>
#include <vector>

int main() {
    const sgc::gc<4, 1> scheme;
    // The samples are a sgc::sample_range, not a count.
    auto partial = [](const std::vector<double>&, std::size_t, std::size_t, std::vector<double>&) {};
    const std::vector<double> zero(3);
    auto transport = sgc::make_in_process<std::vector<double>>(scheme, 8, partial, zero, sgc::constant_delays(1.0));
    sgc::master m(scheme, transport, 3, zero);
    m.run_round(std::make_shared<const std::vector<double>>(3));
    return static_cast<int>(m.n());
}
