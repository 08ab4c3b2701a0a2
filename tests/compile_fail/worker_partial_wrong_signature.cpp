// expect: sgc::worker<Scheme, G>::run: the partial must be callable as partial\(const Input& input, std::size_t job, sgc::sample_range samples, G& out\)
#include <sgc/protocol/worker.hpp>
#include <sgc/schemes/gc.hpp>

#include <cstddef>
#include <vector>

int main() {
    const sgc::gc<4, 1> scheme;
    sgc::worker<sgc::gc<4, 1>, std::vector<double>> w(scheme, 0, 8, std::vector<double>(3));
    // No job parameter.
    auto partial = [](const sgc::no_input&, sgc::sample_range, std::vector<double>&) {};
    const sgc::no_input none;
    auto message = w.run(scheme.make_master(2).assignment(), [&](std::size_t) { return &none; }, partial);
    return static_cast<int>(message.slots.size());
}
