// expect: sgc::master<Scheme, Transport>: Transport needs the member `std::optional<sgc::result_message<gradient_type>> receive\(double deadline\)`
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>

#include <cstddef>
#include <optional>
#include <vector>

// A transport of one's own whose receive has no deadline.
struct my_transport {
    using gradient_type = std::vector<double>;
    using input_type = sgc::no_input;
    std::size_t n() const { return 4; }
    double now() { return 0.0; }
    void post(const sgc::round_work<sgc::no_input>&) {}
    std::optional<sgc::result_message<std::vector<double>>> receive() { return std::nullopt; }
};

int main() {
    const sgc::gc<4, 1> scheme;
    my_transport transport;
    sgc::master m(scheme, transport, 3, std::vector<double>(3));
    m.run_round();
    return static_cast<int>(m.n());
}
