// expect: sgc::master<Scheme, Transport>: Transport::recycle must take `gradient_type&& gradient`
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>

#include <cstddef>
#include <optional>
#include <vector>

// A transport of one's own whose recycle takes an lvalue reference: the master could never
// call it, and would silently construct every gradient anew.
struct my_transport {
    using gradient_type = std::vector<double>;
    using input_type = sgc::no_input;
    std::size_t n() const { return 4; }
    double now() { return 0.0; }
    void post(const sgc::round_work<sgc::no_input>&) {}
    std::optional<sgc::result_message<std::vector<double>>> receive(double) { return std::nullopt; }
    void recycle(std::vector<double>& gradient) { spare.swap(gradient); }
    std::vector<double> spare;
};

int main() {
    const sgc::gc<4, 1> scheme;
    my_transport transport;
    sgc::master m(scheme, transport, 3, std::vector<double>(3));
    m.run_round();
    return static_cast<int>(m.n());
}
