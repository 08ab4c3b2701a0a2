// How accurate is decoding with float32 gradients, and does the numerical guard know? For each
// code and (n, s), every plan of a corpus of responder sets (random sets of n - s and contiguous
// straggler bursts) is applied to float32 gradients, whether the guard trusts it or not, and its
// error is measured against the exact sum. The tables count the guard's decisions against the
// measurements: accepted or refused, within or beyond the tolerance.
//
// Three families of partial gradients g_0 .. g_{k-1} (errors relative to sum_j |g_j|):
//   independent    every element uniform in [-1, 1)
//   alike          1 + 0.1 * uniform: partitions that agree, as in training
//   concentrated   element t lives on one partition only (sparse features)
// The default model (typical) estimates the first two; any_gradient and worst_case all three.
//
//   decode_accuracy [random_sets] [--check]
// random_sets (default 500) random sets per row. With --check the program exits with status 1
// when a model accepted a plan whose error on the families it covers exceeds the tolerance.
#include <sgc/sgc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr std::array<sgc::error_model, 3> models = {
    sgc::error_model::typical, sgc::error_model::any_gradient, sgc::error_model::worst_case};
constexpr std::size_t families = 3; // independent, alike, concentrated

// The guard's decisions against the measured errors.
struct confusion {
    std::size_t accepted_within = 0, accepted_beyond = 0, refused_within = 0, refused_beyond = 0;
    std::size_t not_decodable = 0;
    double worst_accepted = 0.0;

    void add(bool accepted, double error, double tolerance) {
        const bool within = error <= tolerance;
        if (accepted) worst_accepted = std::max(worst_accepted, error);
        (accepted ? (within ? accepted_within : accepted_beyond)
                  : (within ? refused_within : refused_beyond))++;
    }
    void operator+=(const confusion& o) {
        accepted_within += o.accepted_within;
        accepted_beyond += o.accepted_beyond;
        refused_within += o.refused_within;
        refused_beyond += o.refused_beyond;
        not_decodable += o.not_decodable;
        worst_accepted = std::max(worst_accepted, o.worst_accepted);
    }
};

// Per model: the decisions against the error on the families the model covers, and (typical
// only) how many accepted plans the concentrated family would see beyond the tolerance.
struct row {
    std::size_t sets = 0;
    std::array<confusion, models.size()> by_model;
    std::size_t typical_accepted_concentrated_beyond = 0;
    double typical_accepted_concentrated_worst = 0.0;
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

// One family of partial gradients, the workers' results and the exact sum.
struct gradients {
    std::vector<std::vector<float>> g, y;
    std::vector<double> exact, magnitude;

    gradients(const sgc::any_code<>& code, std::size_t family, std::mt19937_64& rng) {
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        const std::size_t k = code.k();
        const std::size_t d = family == 2 ? std::min<std::size_t>(k, 256) : 64;
        g.assign(k, std::vector<float>(d, 0.0f));
        for (std::size_t t = 0; t < d; ++t) {
            if (family == 2) { // element t on partition t k / d only
                g[t * k / d][t] = static_cast<float>(0.75 + 0.25 * uniform(rng));
                continue;
            }
            for (std::size_t j = 0; j < k; ++j)
                g[j][t] = static_cast<float>(family == 0 ? uniform(rng) : 1.0 + 0.1 * uniform(rng));
        }
        exact.assign(d, 0.0);
        magnitude.assign(d, 0.0);
        for (const auto& gj : g)
            for (std::size_t t = 0; t < d; ++t) {
                exact[t] += gj[t];
                magnitude[t] += std::abs(gj[t]);
            }
        y.assign(code.n(), std::vector<float>(d));
        for (std::size_t i = 0; i < code.n(); ++i) sgc::encode(y[i], code, i, g);
    }
};

row measure(const sgc::any_code<>& code, std::size_t random_sets) {
    const std::size_t n = code.n(), s = code.s();
    std::mt19937_64 rng(n * 1000 + s);
    std::vector<gradients> data;
    for (std::size_t f = 0; f < families; ++f) data.emplace_back(code, f, rng);

    // Random sets of n - s, then contiguous bursts of s stragglers (64 starts at most).
    std::vector<sgc::worker_set> sets;
    std::vector<std::size_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = i;
    for (std::size_t r = 0; r < (s == 0 ? 1 : random_sets); ++r) {
        std::shuffle(ids.begin(), ids.end(), rng);
        auto responders = sgc::worker_set::all(n);
        for (std::size_t q = 0; q < s; ++q) responders.erase(ids[q]);
        sets.push_back(responders);
    }
    const std::size_t step = std::max<std::size_t>(1, n / 64);
    for (std::size_t start = 0; s > 0 && start < n; start += step) {
        auto responders = sgc::worker_set::all(n);
        for (std::size_t q = 0; q < s; ++q) responders.erase((start + q) % n);
        sets.push_back(responders);
    }

    row out;
    const double tolerance = sgc::decode_options{}.tolerance;
    for (const auto& responders : sets) {
        ++out.sets;
        // The coefficients do not depend on the model: decode once, whatever the status.
        auto applied = code.plan(responders);
        if (applied.status == sgc::decode_status::not_decodable ||
            applied.status == sgc::decode_status::too_few_responders) {
            for (auto& c : out.by_model) ++c.not_decodable;
            continue;
        }
        applied.status = sgc::decode_status::ok;
        std::array<double, families> error{};
        for (std::size_t f = 0; f < families; ++f) {
            std::vector<float> decoded(data[f].exact.size());
            (void)sgc::decode(decoded, applied, data[f].y);
            error[f] = relative_error(decoded, data[f].exact, data[f].magnitude);
        }
        for (std::size_t m = 0; m < models.size(); ++m) {
            sgc::decode_options options;
            options.model = models[m];
            const bool accepted = code.plan(responders, options).ok();
            const bool every_gradient = models[m] != sgc::error_model::typical;
            const double covered = std::max({error[0], error[1], every_gradient ? error[2] : 0.0});
            out.by_model[m].add(accepted, covered, tolerance);
            if (!every_gradient && accepted) {
                out.typical_accepted_concentrated_worst =
                    std::max(out.typical_accepted_concentrated_worst, error[2]);
                if (error[2] > tolerance) ++out.typical_accepted_concentrated_beyond;
            }
        }
    }
    return out;
}

void print_confusion_header() {
    std::printf("| code | n | s | sets | accepted, within | accepted, beyond | refused, within | "
                "refused, beyond | not decodable | worst accepted error |\n"
                "|---|---|---|---|---|---|---|---|---|---|\n");
}

void print_confusion(const char* code, std::size_t n, std::size_t s, std::size_t sets,
                     const confusion& c) {
    std::printf("| %s | %zu | %zu | %zu | %zu | %zu | %zu | %zu | %zu | %.2e |\n", code, n, s, sets,
                c.accepted_within, c.accepted_beyond, c.refused_within, c.refused_beyond,
                c.not_decodable, c.worst_accepted);
}

} // namespace

int main(int argc, char** argv) {
    std::size_t random_sets = 500;
    bool check = false;
    for (int a = 1; a < argc; ++a) {
        if (std::strcmp(argv[a], "--check") == 0) check = true;
        else random_sets = std::strtoul(argv[a], nullptr, 10);
    }
    const sgc::decode_options defaults;
    std::printf("float32 decode errors relative to sum_j |g_j|, the largest over the elements; "
                "%zu random sets + straggler bursts per row; tolerance %.0e.\n"
                "Default guard (model %s, %.0f deviations): errors of the independent and alike "
                "families.\n\n",
                random_sets, defaults.tolerance, sgc::to_string(defaults.model),
                defaults.deviations);
    print_confusion_header();

    struct entry {
        std::size_t n;
        std::vector<std::size_t> stragglers;
    };
    const std::vector<entry> grid = {{8, {1, 3}},      {16, {1, 3, 7}},  {32, {3, 7}},
                                     {64, {3, 7, 15}}, {128, {7, 15}}, {256, {15, 27}}};
    std::array<confusion, models.size()> cyclic_total;
    std::size_t cyclic_concentrated = 0, cyclic_sets = 0;
    double cyclic_concentrated_worst = 0.0;
    bool failed = false;
    const auto run = [&](sgc::code_kind kind, std::size_t n, std::size_t s) {
        const auto code = sgc::any_code<>::make(kind, n, s);
        const row r = measure(code, random_sets);
        print_confusion(sgc::to_string(kind), n, s, r.sets, r.by_model[0]);
        for (const auto& c : r.by_model) failed = failed || c.accepted_beyond > 0;
        if (kind == sgc::code_kind::crc && n >= 16) {
            for (std::size_t m = 0; m < models.size(); ++m) cyclic_total[m] += r.by_model[m];
            cyclic_concentrated += r.typical_accepted_concentrated_beyond;
            cyclic_concentrated_worst =
                std::max(cyclic_concentrated_worst, r.typical_accepted_concentrated_worst);
            cyclic_sets += r.sets;
        }
    };
    for (const auto& [n, stragglers] : grid)
        for (std::size_t s : stragglers)
            for (auto kind : {sgc::code_kind::frc, sgc::code_kind::uneven, sgc::code_kind::crc})
                if (kind != sgc::code_kind::frc || n % (s + 1) == 0) run(kind, n, s);
    // No stragglers and one at n = 4,096: the uncoded scheme and GC with s = 1.
    run(sgc::code_kind::uneven, 4096, 0);
    run(sgc::code_kind::uneven, 4096, 1);

    std::printf("\nCyclic code, n = 16..256, %zu sets, by model (within/beyond: the errors the "
                "model covers; typical: independent and alike, the others: all three "
                "families):\n\n| model | accepted, within | accepted, beyond | refused, within | "
                "refused, beyond | refused of within |\n|---|---|---|---|---|---|\n",
                cyclic_sets);
    for (std::size_t m = 0; m < models.size(); ++m) {
        const confusion& c = cyclic_total[m];
        const std::size_t within = c.accepted_within + c.refused_within;
        std::printf("| %s | %zu | %zu | %zu | %zu | %.0f %% |\n", sgc::to_string(models[m]),
                    c.accepted_within, c.accepted_beyond, c.refused_within, c.refused_beyond,
                    within > 0 ? 100.0 * static_cast<double>(c.refused_within) /
                                     static_cast<double>(within)
                               : 0.0);
    }
    std::printf("\nCyclic plans the typical model accepts whose error on concentrated gradients "
                "(outside its model) exceeds the tolerance: %zu of %zu accepted, the worst %.2e\n",
                cyclic_concentrated,
                cyclic_total[0].accepted_within + cyclic_total[0].accepted_beyond,
                cyclic_concentrated_worst);
    if (check && failed) {
        std::printf("FAILED: a model accepted a plan beyond the tolerance on the gradients it "
                    "covers\n");
        return 1;
    }
    return 0;
}
