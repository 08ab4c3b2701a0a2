// expect: sgc::master<Scheme, Transport>: Transport has no member type gradient_type: declare `using gradient_type = G
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>

#include <cstddef>
#include <optional>
#include <vector>

struct my_gradient { std::vector<float> values; }; // no sgc::gradient_traits<my_gradient>

struct my_transport {
    
    using input_type = sgc::no_input;
    std::size_t n() const { return 4; }
    double now() { return 0.0; }
    void post(const sgc::round_work<sgc::no_input>&) {}
    std::optional<sgc::result_message<my_gradient>> receive(double) { return std::nullopt; }
};

int main() {
    const sgc::gc<4, 1> scheme;
    my_transport transport;
    sgc::master m(scheme, transport, 3, my_gradient{});
    m.run_round();
    while (auto r = m.next()) (void)r;
    return static_cast<int>(m.n());
}
