// How accurate is decoding with float32 gradients? For each code and (n, s): the worst
// relative error over random responder sets and every contiguous straggler burst, how many
// sets the numerical guard refused, and the worst error those refused plans would have given.
//
//   decode_accuracy [random_sets]      (default 500)
#include <sgc/sgc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

struct row {
    std::size_t sets = 0, refused = 0;
    double worst_accepted = 0.0, worst_refused = 0.0;
};

// Error of a decode relative to sum_j |g_j| (the scale a float sum is accurate to).
double relative_error(const std::vector<float>& decoded, const std::vector<double>& exact,
                      const std::vector<double>& magnitude) {
    double error = 0.0, scale = 0.0;
    for (std::size_t t = 0; t < decoded.size(); ++t) {
        error = std::max(error, std::abs(static_cast<double>(decoded[t]) - exact[t]));
        scale = std::max(scale, magnitude[t]);
    }
    return error / scale;
}

row measure(const sgc::any_code<>& code, std::size_t random_sets) {
    const std::size_t n = code.n(), s = code.s(), d = 64;
    std::mt19937_64 rng(n * 1000 + s);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    std::vector<std::vector<float>> g(code.k(), std::vector<float>(d));
    std::vector<double> exact(d, 0.0), magnitude(d, 0.0);
    for (auto& gj : g)
        for (std::size_t t = 0; t < d; ++t) {
            gj[t] = static_cast<float>(uniform(rng));
            exact[t] += gj[t];
            magnitude[t] += std::abs(gj[t]);
        }
    std::vector<std::vector<float>> y(n, std::vector<float>(d));
    for (std::size_t i = 0; i < n; ++i) sgc::encode(y[i], code, i, g);

    std::vector<sgc::worker_set> sets;
    std::vector<std::size_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = i;
    for (std::size_t r = 0; r < random_sets; ++r) {
        std::shuffle(ids.begin(), ids.end(), rng);
        auto responders = sgc::worker_set::all(n);
        for (std::size_t q = 0; q < s; ++q) responders.erase(ids[q]);
        sets.push_back(responders);
    }
    for (std::size_t start = 0; start < n; ++start) {
        auto responders = sgc::worker_set::all(n);
        for (std::size_t q = 0; q < s; ++q) responders.erase((start + q) % n);
        sets.push_back(responders);
    }

    row out;
    std::vector<float> decoded(d);
    for (const auto& responders : sets) {
        auto plan = code.plan(responders); // default guard: float32, tolerance 1e-4
        ++out.sets;
        const bool refused = !plan.ok();
        if (refused && plan.status == sgc::decode_status::unreliable) {
            plan.status = sgc::decode_status::ok; // apply it anyway, to show what was avoided
        } else if (refused) {
            ++out.refused;
            continue;
        }
        sgc::decode(decoded, plan, y);
        const double error = relative_error(decoded, exact, magnitude);
        if (refused) {
            ++out.refused;
            out.worst_refused = std::max(out.worst_refused, error);
        } else {
            out.worst_accepted = std::max(out.worst_accepted, error);
        }
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t random_sets = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 500;
    std::printf("float32 decode error relative to sum_j |g_j|; %zu random sets + all n bursts "
                "per row; guard tolerance %.0e\n\n",
                random_sets, sgc::decode_options{}.tolerance);
    std::printf("| code | n | s | load | sets | refused | worst error (accepted) | worst error "
                "(refused, if applied) |\n|---|---|---|---|---|---|---|---|\n");
    const std::vector<std::pair<std::size_t, std::vector<std::size_t>>> grid = {
        {8, {1, 3}}, {16, {1, 3, 7}}, {64, {3, 7, 15}}, {256, {15, 27}}};
    for (const auto& [n, stragglers] : grid)
        for (std::size_t s : stragglers)
            for (auto kind : {sgc::code_kind::frc, sgc::code_kind::uneven, sgc::code_kind::crc}) {
                if (kind == sgc::code_kind::frc && n % (s + 1) != 0) continue;
                const auto code = sgc::any_code<>::make(kind, n, s);
                const row r = measure(code, random_sets);
                std::printf("| %s | %zu | %zu | %s | %zu | %zu | %.2e | ", sgc::to_string(kind), n,
                            s, sgc::to_string(code.load()).c_str(), r.sets, r.refused,
                            r.worst_accepted);
                if (r.refused > 0)
                    std::printf("%.2e |\n", r.worst_refused);
                else
                    std::printf("- |\n");
            }
    return 0;
}
