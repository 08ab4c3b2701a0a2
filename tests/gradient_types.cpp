// combine / accumulate / encode / decode over every supported gradient type and a user type.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <deque>
#include <functional>
#include <vector>

#include <sgc/codes/fractional_repetition.hpp>
#include <sgc/gradient/combine.hpp>
#include <sgc/gradient/decode.hpp>
#include <sgc/gradient/encode.hpp>
#include <sgc/gradient/xtensor.hpp>

#if defined(__cpp_lib_span)
#include <span>
#endif

namespace user {

// A gradient stored in two non-contiguous halves: only the generic path can handle it.
struct split_gradient {
    std::deque<double> head, tail;
};

} // namespace user

template <> struct sgc::gradient_traits<user::split_gradient> {
    using value_type = double;
    static std::size_t size(const user::split_gradient& g) { return g.head.size() + g.tail.size(); }
    static void fill_zero(user::split_gradient& g) {
        for (auto& x : g.head) x = 0;
        for (auto& x : g.tail) x = 0;
    }
    static void axpy(double a, const user::split_gradient& x, user::split_gradient& y) {
        for (std::size_t i = 0; i < y.head.size(); ++i) y.head[i] += a * x.head[i];
        for (std::size_t i = 0; i < y.tail.size(); ++i) y.tail[i] += a * x.tail[i];
    }
};

static_assert(sgc::is_gradient_v<user::split_gradient>);
static_assert(!sgc::is_contiguous_gradient_v<user::split_gradient>);
static_assert(sgc::is_contiguous_gradient_v<std::vector<float>>);
static_assert(sgc::is_contiguous_gradient_v<std::array<double, 3>>);
static_assert(sgc::is_contiguous_gradient_v<xt::xtensor<float, 1>>);
static_assert(sgc::is_contiguous_gradient_v<sgc::gradient_view<const float>>);
static_assert(!sgc::is_gradient_v<std::vector<int>>);
static_assert(!sgc::is_gradient_v<xt::xtensor<double, 2>>);

namespace {

const std::vector<double> a = {2.0, -1.0, 0.5};
const std::vector<std::vector<double>> inputs = {{1, 2, 3, 4}, {4, 3, 2, 1}, {2, 2, 2, 2}};
const std::vector<double> expected = {-1.0, 2.0, 5.0, 8.0}; // 2*x0 - x1 + 0.5*x2

} // namespace

TEST_CASE_TEMPLATE("combine: std::vector, std::array, xtensor", G, std::vector<double>,
                   std::array<double, 4>, xt::xtensor<double, 1>) {
    std::vector<G> y(3);
    for (std::size_t r = 0; r < 3; ++r) {
        if constexpr (std::is_same_v<G, xt::xtensor<double, 1>>) y[r] = G::from_shape({4});
        else if constexpr (std::is_same_v<G, std::vector<double>>) y[r].resize(4);
        std::copy(inputs[r].begin(), inputs[r].end(), y[r].begin());
    }
    G out = y[0];
    sgc::combine(out, a, y);
    for (std::size_t t = 0; t < 4; ++t) CHECK(out[t] == expected[t]);
    sgc::accumulate(out, std::vector<double>{1.0}, std::vector<const G*>{&y[2]});
    for (std::size_t t = 0; t < 4; ++t) CHECK(out[t] == expected[t] + 2.0);
}

TEST_CASE("combine: pointer + length views over caller memory, const inputs") {
    std::vector<float> memory = {1, 2, 3, 4, 4, 3, 2, 1, 2, 2, 2, 2};
    std::vector<sgc::gradient_view<const float>> y;
    for (std::size_t r = 0; r < 3; ++r) y.emplace_back(memory.data() + 4 * r, 4);
    std::vector<float> out_memory(4);
    sgc::combine(sgc::gradient_view<float>(out_memory.data(), 4), a, y);
    for (std::size_t t = 0; t < 4; ++t) CHECK(out_memory[t] == static_cast<float>(expected[t]));
}

#if defined(__cpp_lib_span)
TEST_CASE("combine: std::span (C++20)") {
    std::vector<double> memory = {1, 2, 3, 4, 4, 3, 2, 1, 2, 2, 2, 2};
    std::vector<std::span<const double>> y;
    for (std::size_t r = 0; r < 3; ++r) y.emplace_back(memory.data() + 4 * r, 4);
    std::vector<double> out(4);
    sgc::combine(std::span<double>(out), a, y);
    CHECK(out == expected);
}
#endif

TEST_CASE("combine: a user type without contiguous storage goes through its traits") {
    std::vector<user::split_gradient> y(3);
    for (std::size_t r = 0; r < 3; ++r) {
        y[r].head.assign(inputs[r].begin(), inputs[r].begin() + 1);
        y[r].tail.assign(inputs[r].begin() + 1, inputs[r].end());
    }
    user::split_gradient out{{7.0}, {7.0, 7.0, 7.0}};
    sgc::combine(out, a, std::vector<std::reference_wrapper<const user::split_gradient>>(y.begin(), y.end()));
    CHECK(out.head[0] == expected[0]);
    CHECK(std::vector<double>(out.tail.begin(), out.tail.end()) ==
          std::vector<double>(expected.begin() + 1, expected.end()));
}

TEST_CASE("combine: no inputs gives zero; accumulate with none leaves out unchanged") {
    std::vector<double> out = {1, 2};
    sgc::accumulate(out, std::vector<double>{}, std::vector<std::vector<double>>{});
    CHECK(out == std::vector<double>{1, 2});
    sgc::combine(out, std::vector<double>{}, std::vector<std::vector<double>>{});
    CHECK(out == std::vector<double>{0, 0});
}

TEST_CASE("combine: mismatched lengths and counts are errors naming the value") {
    std::vector<double> out(4);
    std::vector<std::vector<double>> y = {{1, 2, 3, 4}, {1, 2, 3}};
    CHECK_THROWS_WITH_AS(sgc::combine(out, std::vector<double>{1, 1}, y),
                         "sgc::combine: d = 3: input 1 differs from the output length 4",
                         sgc::invalid_parameter);
    y.pop_back();
    CHECK_THROWS_WITH_AS(sgc::combine(out, std::vector<double>{1, 1}, y),
                         doctest::Contains("coefficients = 2: needs one coefficient per input"),
                         sgc::invalid_parameter);
    user::split_gradient short_out{{0.0}, {}};
    std::vector<user::split_gradient> longer(1, user::split_gradient{{1.0}, {2.0}});
    CHECK_THROWS_AS(sgc::combine(short_out, std::vector<double>{1}, longer), sgc::invalid_parameter);
}

TEST_CASE("encode and decode through a lookup function") {
    const sgc::fractional_repetition<4, 1> code;
    const std::vector<std::vector<float>> g = {{1, 0}, {0, 1}, {2, 2}, {-1, 5}};
    std::vector<std::vector<float>> y(4, std::vector<float>(2));
    for (std::size_t i = 0; i < 4; ++i)
        sgc::encode(y[i], code, i, [&](std::size_t j) -> const std::vector<float>& { return g[j]; });
    CHECK(y[1] == std::vector<float>{1, 1});
    CHECK(y[2] == std::vector<float>{1, 7});
    std::vector<float> out(2);
    const auto plan = code.plan({1, 3});
    REQUIRE(sgc::decode(out, plan, [&](std::size_t i) { return &y[i]; }) == sgc::decode_status::ok);
    CHECK(out == std::vector<float>{2, 8});

    const auto refused = code.plan({2, 3});
    std::vector<float> untouched = {9, 9};
    CHECK(sgc::decode(untouched, refused, y) == sgc::decode_status::too_few_responders);
    CHECK(untouched == std::vector<float>{9, 9});
}
