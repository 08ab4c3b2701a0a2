// Your own gradient type. sgc never asks for a particular tensor type: any type becomes a
// gradient once `sgc::gradient_traits` is specialised for it. Here the gradient of a small
// linear layer is a struct of two named xtensor tensors (weights and bias), which is not one
// contiguous buffer. The example encodes it with a cyclic repetition code on n = 8 workers,
// decodes it for every set of s = 2 stragglers, and checks each result against the direct sum
// of the partial gradients. Exits 1 on any mismatch.
//
// A type with one contiguous buffer should also provide `data()` in its traits (see
// sgc/gradient/gradient_traits.hpp): that selects the fused, vectorised kernels.
#include <sgc/sgc.hpp> // includes sgc/gradient/xtensor.hpp, and with it xt::xtensor

#include <cmath>
#include <cstdio>
#include <vector>

namespace user {

// The gradient of y = W x + b for a 3 x 4 layer: two tensors, kept apart.
struct layer_gradient {
    xt::xtensor<double, 2> weights = xt::xtensor<double, 2>::from_shape({3, 4});
    xt::xtensor<double, 1> bias = xt::xtensor<double, 1>::from_shape({3});
};

} // namespace user

// The four operations sgc needs; it combines gradients only through them.
template <> struct sgc::gradient_traits<user::layer_gradient> {
    using value_type = double;
    // The number of scalars: gradients of different sizes are never combined.
    static std::size_t size(const user::layer_gradient& g) {
        return g.weights.size() + g.bias.size();
    }
    static void fill_zero(user::layer_gradient& g) {
        g.weights.fill(0.0);
        g.bias.fill(0.0);
    }
    // y += a x, tensor by tensor.
    static void axpy(double a, const user::layer_gradient& x, user::layer_gradient& y) {
        for (std::size_t i = 0; i < y.weights.size(); ++i) y.weights.data()[i] += a * x.weights.data()[i];
        for (std::size_t i = 0; i < y.bias.size(); ++i) y.bias.data()[i] += a * x.bias.data()[i];
    }
};

static_assert(sgc::is_gradient_v<user::layer_gradient>, "the traits are complete");
static_assert(!sgc::is_contiguous_gradient_v<user::layer_gradient>, "no data(): the generic path");

namespace {

// Partition j's partial gradient; any values will do.
user::layer_gradient partial_gradient(std::size_t j) {
    user::layer_gradient g;
    for (std::size_t r = 0; r < 3; ++r) {
        g.bias(r) = std::cos(double(j) + double(r));
        for (std::size_t c = 0; c < 4; ++c) g.weights(r, c) = std::sin(double(j) + 0.3 * double(r) + 0.7 * double(c));
    }
    return g;
}

double max_difference(const user::layer_gradient& a, const user::layer_gradient& b) {
    double worst = 0.0;
    for (std::size_t i = 0; i < a.weights.size(); ++i)
        worst = std::max(worst, std::abs(a.weights.data()[i] - b.weights.data()[i]));
    for (std::size_t i = 0; i < a.bias.size(); ++i)
        worst = std::max(worst, std::abs(a.bias.data()[i] - b.bias.data()[i]));
    return worst;
}

} // namespace

int main() {
    const sgc::cyclic_repetition<8, 2> code; // n = 8 workers, any s = 2 may straggle
    const auto options = sgc::decode_options::for_type<double>(1e-9);

    // The data's k partitions and the gradient the master wants: their sum.
    std::vector<user::layer_gradient> partials;
    user::layer_gradient direct;
    sgc::gradient_traits<user::layer_gradient>::fill_zero(direct);
    for (std::size_t j = 0; j < code.k(); ++j) {
        partials.push_back(partial_gradient(j));
        sgc::gradient_traits<user::layer_gradient>::axpy(1.0, partials.back(), direct);
    }

    // Every worker sends one coded combination of the partitions it holds.
    std::vector<user::layer_gradient> results(code.n());
    for (std::size_t i = 0; i < code.n(); ++i) sgc::encode(results[i], code, i, partials);

    // Whichever two workers straggle, the other six carry the whole gradient.
    std::size_t decoded = 0, wrong = 0;
    for (std::size_t a = 0; a < code.n(); ++a)
        for (std::size_t b = a + 1; b < code.n(); ++b) {
            std::vector<std::size_t> responders;
            for (std::size_t i = 0; i < code.n(); ++i)
                if (i != a && i != b) responders.push_back(i);
            user::layer_gradient g;
            const auto plan = code.plan(responders, options);
            if (sgc::decode(g, plan, results) != sgc::decode_status::ok ||
                max_difference(g, direct) > 1e-9) {
                std::printf("stragglers {%zu, %zu}: not decoded to the direct sum\n", a, b);
                ++wrong;
            }
            ++decoded;
        }
    std::printf("layer_gradient (%zu scalars in two tensors), cyclic code n = %zu, s = %zu, "
                "load %s: %zu straggler sets, %zu wrong\n",
                sgc::gradient_traits<user::layer_gradient>::size(direct), code.n(), code.s(),
                sgc::to_string(code.load()).c_str(), decoded, wrong);
    return wrong == 0 ? 0 : 1;
}
