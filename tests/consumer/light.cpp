// A program that needs no linear algebra: the repetition codes, the models, the runtime's master
// and worker, the in-process transport and the simulator's replay, built against sgc::core
// (xtensor only, no xtensor-blas, no BLAS or LAPACK). It encodes on n = 7 workers, drops every
// set of s = 2 stragglers the models allow and decodes; exits non-zero unless each decoded
// gradient is the direct sum.
#include <sgc/codes/decode_plan.hpp>
#include <sgc/codes/fractional_repetition.hpp>
#include <sgc/codes/plan_cache.hpp>
#include <sgc/codes/uneven_repetition.hpp>
#include <sgc/core/worker_set.hpp>
#include <sgc/gradient/decode.hpp>
#include <sgc/gradient/encode.hpp>
#include <sgc/models/bursty.hpp>
#include <sgc/models/generators.hpp>
#include <sgc/models/s_per_round.hpp>
#include <sgc/runtime/master.hpp>
#include <sgc/runtime/worker.hpp>
#include <sgc/schemes/gc.hpp>
#include <sgc/schemes/m_sgc.hpp>
#include <sgc/schemes/sr_sgc.hpp>
#include <sgc/sim/replay.hpp>
#include <sgc/sim/trace.hpp>
#include <sgc/transport/in_process.hpp>

// The headers of xtensor-blas define these guards: none may have been read.
#if defined(XLINALG_HPP) || defined(XBLAS_HPP) || defined(XLAPACK_HPP)
#error "a light sgc header included xtensor-blas"
#endif

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    const sgc::uneven_repetition<> code(7, 2);          // groups {0, 1, 2, 3} and {4, 5, 6}
    const sgc::s_per_round_model model(code.n(), code.s());
    std::vector<std::vector<float>> partials(code.k(), std::vector<float>(3));
    std::vector<float> direct(3, 0.0f);
    for (std::size_t j = 0; j < code.k(); ++j)
        for (std::size_t t = 0; t < 3; ++t) direct[t] += partials[j][t] = float(j + 1) * float(t + 2);
    std::vector<std::vector<float>> results(code.n(), std::vector<float>(3));
    for (std::size_t i = 0; i < code.n(); ++i) sgc::encode(results[i], code, i, partials);

    sgc::plan_cache<sgc::uneven_repetition<>> plans(code);
    std::size_t decoded = 0;
    for (std::size_t a = 0; a < code.n(); ++a)
        for (std::size_t b = a + 1; b < code.n(); ++b) {
            const auto stragglers = sgc::worker_set::from_ids(code.n(), {a, b});
            if (model.check({stragglers})) return 1; // two stragglers conform to s = 2
            std::vector<float> g(3);
            if (sgc::decode(g, *plans.get(sgc::worker_set::all(code.n()) - stragglers), results) !=
                sgc::decode_status::ok)
                return 1;
            for (std::size_t t = 0; t < 3; ++t)
                if (std::abs(g[t] - direct[t]) > 1e-6f * std::abs(direct[t])) return 1;
            ++decoded;
        }
    // Compile-time schemes with a repetition inner code: every job decodes without stragglers.
    sgc::m_sgc<8, 1, 2, 3> m_sgc;
    sgc::sr_sgc<8, 1, 2, 3> sr_sgc;
    sgc::gc<8, 2> gc;
    const auto all_decode = [](auto master) {
        while (!master.done()) (void)master.complete_round(sgc::worker_set::all(master.n()));
        for (std::size_t t = 0; t < master.jobs(); ++t)
            if (master.status(t).state != sgc::job_state::decodable) return false;
        return true;
    };
    if (!all_decode(m_sgc.make_master(5)) || !all_decode(sr_sgc.make_master(5)) ||
        !all_decode(gc.make_master(5)))
        return 1;
    const sgc::fractional_repetition<6, 2> frc;
    std::printf("light consumer: %zu decodes exact (uneven, load %s); frc<6, 2> load %s\n", decoded,
                sgc::to_string(code.load()).c_str(), sgc::to_string(frc.load()).c_str());
    return decoded == 21 ? 0 : 1;
}
