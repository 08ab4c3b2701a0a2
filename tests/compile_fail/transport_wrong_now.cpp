// expect: sgc::master<Scheme, Transport>: Transport needs the member `double now\(\)` \(seconds on its clock, monotone\)
#include <sgc/runtime/master.hpp>
#include <sgc/schemes/gc.hpp>

#include <cstddef>
#include <optional>
#include <vector>

// A transport of one's own whose clock is not a number.
struct my_transport {
    using gradient_type = std::vector<double>;
    using input_type = sgc::no_input;
    std::size_t n() const { return 4; }
    const char* now() { return "now"; }
    void post(const sgc::round_work<sgc::no_input>&) {}
    std::optional<sgc::result_message<std::vector<double>>> receive(double) { return std::nullopt; }
};

int main() {
    const sgc::gc<4, 1> scheme;
    my_transport transport;
    sgc::master m(scheme, transport, 3, std::vector<double>(3));
    m.run_round();
    return static_cast<int>(m.n());
}
