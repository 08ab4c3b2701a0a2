// Every scheme names the straggler model it tolerates, with its own parameters, in both forms:
// the simulator and the runtime judge a round's stragglers against it.
#include <doctest/doctest.h>

#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>

TEST_CASE("scheme model: GC tolerates s stragglers per round") {
    const auto check = [](const auto& scheme, std::size_t n, std::size_t s) {
        const sgc::s_per_round_model model = scheme.model();
        CHECK(model.n() == n);
        CHECK(model.s() == s);
    };
    check(sgc::gc<12, 3>{}, 12, 3);
    check(sgc::gc<>(12, 3), 12, 3);
    check(sgc::gc<>(5, 0), 5, 0); // no coding: no straggler conforms
}

TEST_CASE("scheme model: SR-SGC and M-SGC tolerate the (B, W, lambda)-bursty model") {
    const auto check = [](const auto& scheme, std::size_t n, std::size_t B, std::size_t W,
                          std::size_t lambda) {
        const sgc::bursty_model model = scheme.model();
        CHECK(model.n() == n);
        CHECK(model.B() == B);
        CHECK(model.W() == W);
        CHECK(model.lambda() == lambda);
    };
    check(sgc::m_sgc<256, 1, 2, 27>{}, 256, 1, 2, 27);
    check(sgc::m_sgc<>(256, 4, 9, 22), 256, 4, 9, 22);
    check(sgc::sr_sgc<256, 2, 3, 23>{}, 256, 2, 3, 23);
    check(sgc::sr_sgc<>(10, 2, 5, 4), 10, 2, 5, 4);
}
