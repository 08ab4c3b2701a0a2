// Sequential gradient coding in one process: least-squares regression trained with GC, SR-SGC
// and M-SGC while workers straggle in bursts. Every round, each worker computes the tasks its
// scheme's master assigns (straggling workers' results never arrive); the master says which
// jobs are decodable and with which results; the decoded gradient is checked against the
// directly computed one and applied to the model.
//
//   sequential_training [n] [B] [W] [lambda] [jobs]     (default 16 1 3 4 40)
#include <sgc/sgc.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

constexpr std::size_t features = 8;
constexpr std::size_t batch = 4096; // samples per job

struct dataset {
    std::vector<double> x; // batch x features, row-major
    std::vector<double> y;

    dataset() : x(batch * features), y(batch) {
        std::mt19937_64 rng(7);
        std::normal_distribution<double> normal;
        std::vector<double> truth(features);
        for (auto& t : truth) t = normal(rng);
        for (std::size_t i = 0; i < batch; ++i) {
            double dot = 0.0;
            for (std::size_t f = 0; f < features; ++f) dot += (x[i * features + f] = normal(rng)) * truth[f];
            y[i] = dot + 0.1 * normal(rng);
        }
    }

    // Gradient of 1/2 sum (x_i . w - y_i)^2 over samples [begin, end), added into g with weight
    // a; `magnitude`, when given, accumulates the sum of the terms' absolute values.
    void add_gradient(const std::vector<double>& w, sgc::sample_range r, double a,
                      std::vector<double>& g, std::vector<double>* magnitude = nullptr) const {
        for (std::size_t i = r.begin; i < r.end; ++i) {
            double residual = -y[i];
            for (std::size_t f = 0; f < features; ++f) residual += x[i * features + f] * w[f];
            for (std::size_t f = 0; f < features; ++f) {
                g[f] += a * residual * x[i * features + f];
                if (magnitude) (*magnitude)[f] += std::abs(residual * x[i * features + f]);
            }
        }
    }

    double loss(const std::vector<double>& w) const {
        double sum = 0.0;
        for (std::size_t i = 0; i < batch; ++i) {
            double residual = -y[i];
            for (std::size_t f = 0; f < features; ++f) residual += x[i * features + f] * w[f];
            sum += 0.5 * residual * residual;
        }
        return sum / batch;
    }
};

struct report {
    std::size_t decoded = 0;
    double worst_error = 0.0; // relative to the sum of the terms' magnitudes
    double final_loss = 0.0;
};

// Trains with `scheme` over the straggler pattern. Job t's gradient is taken at the model as it
// was when round t began; decoded gradients are applied as they arrive (at most T rounds late).
template <class Scheme>
report train(const Scheme& scheme, std::size_t jobs, const sgc::straggler_pattern& stragglers,
             const dataset& data) {
    auto master = scheme.make_master(jobs, sgc::decode_options::for_type<double>(1e-9));
    std::vector<double> model(features, 0.0);
    std::vector<std::vector<double>> model_of_job;
    std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::vector<double>> received;
    report out;
    while (!master.done()) {
        const std::size_t r = master.round();
        if (r < jobs) model_of_job.push_back(model);
        const auto& assignment = master.assignment();
        const sgc::worker_set late = r < stragglers.size() ? stragglers[r] : sgc::worker_set(scheme.n());
        // The workers: every task is a weighted sum of gradients over sample ranges.
        for (std::size_t i = 0; i < scheme.n(); ++i)
            for (std::size_t slot = 0; slot < assignment.slots() && !late.contains(i); ++slot) {
                const sgc::task& t = assignment(i, slot);
                if (t.kind == sgc::task_kind::idle) continue;
                std::vector<double> result(features, 0.0);
                for (const auto& part : scheme.task_data(batch, i, t))
                    data.add_gradient(model_of_job[t.job], part.range, part.coefficient, result);
                received[{i, r, slot}] = std::move(result);
            }
        // The master: decode what its recipes allow, check, and take a gradient step.
        const auto outcome = master.complete_round(late.complement());
        for (const auto& recipe : outcome.decoded) {
            std::vector<double> gradient(features);
            sgc::decode(gradient, recipe, [&](const sgc::result_ref& ref) -> const std::vector<double>& {
                return received.at({ref.worker, ref.round, ref.slot});
            });
            std::vector<double> direct(features, 0.0), magnitude(features, 0.0);
            data.add_gradient(model_of_job[recipe.job], {0, batch}, 1.0, direct, &magnitude);
            for (std::size_t f = 0; f < features; ++f) {
                out.worst_error = std::max(out.worst_error, std::abs(gradient[f] - direct[f]) / magnitude[f]);
                model[f] -= 0.5 * gradient[f] / batch;
            }
            ++out.decoded;
        }
    }
    out.final_loss = data.loss(model);
    return out;
}

const char* code_name(const sgc::any_code& code) { return sgc::to_string(code.kind()); }
const char* code_name(const std::optional<sgc::any_code>& code) {
    return code ? sgc::to_string(code->kind()) : "none";
}

// One line of the table; counts decoded gradients that differ from the direct ones.
template <class Scheme>
void row(const char* name, const Scheme& scheme, std::size_t jobs,
         const sgc::straggler_pattern& stragglers, const dataset& data, int& failures) {
    const report r = train(scheme, jobs, stragglers, data);
    const std::string decoded = std::to_string(r.decoded) + "/" + std::to_string(jobs);
    std::printf("| %-8s | %-6s | %-7s | %2zu | %-12s | %10.1e | %.4f |\n", name,
                code_name(scheme.code()), sgc::to_string(scheme.load()).c_str(), scheme.T(),
                decoded.c_str(), r.worst_error, r.final_loss);
    if (r.worst_error > 1e-12) ++failures;
}

std::size_t arg(int argc, char** argv, int i, std::size_t fallback) {
    return argc > i ? std::strtoul(argv[i], nullptr, 10) : fallback;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t n = arg(argc, argv, 1, 16), B = arg(argc, argv, 2, 1), W = arg(argc, argv, 3, 3);
    const std::size_t lambda = arg(argc, argv, 4, 4), jobs = arg(argc, argv, 5, 40);
    try {
        const sgc::bursty_model model(n, B, W, lambda);
        sgc::adversarial_stragglers generator(model, 2024);
        const auto stragglers = sgc::generate(generator, jobs + W - 2 + B);
        const dataset data;
        std::printf("n = %zu workers, (B, W, lambda) = (%zu, %zu, %zu): %zu jobs of %zu samples; "
                    "every window of W rounds has lambda stragglers, in bursts of B\n\n",
                    n, B, W, lambda, jobs, batch);
        std::printf("| scheme   | code   | load    | T  | decoded jobs | max error  | loss   |\n"
                    "|----------|--------|---------|----|--------------|------------|--------|\n");
        int failures = 0;
        row("uncoded", sgc::gc<>(n, 0, sgc::code_kind::frc), jobs, stragglers, data, failures);
        if (lambda < n) row("GC", sgc::gc<>(n, lambda), jobs, stragglers, data, failures);
        if ((W - 1) % B == 0) row("SR-SGC", sgc::sr_sgc<>(n, B, W, lambda), jobs, stragglers, data, failures);
        row("M-SGC", sgc::m_sgc<>(n, B, W, lambda), jobs, stragglers, data, failures);
        std::printf("\nmax error: of a decoded gradient against the directly computed one, relative "
                    "to the sum of its terms' magnitudes.\nloss: after the decoded gradients were "
                    "applied (from %.4f); a scheme with delay T applies each gradient up to T "
                    "rounds late,\nand the uncoded master loses every job with a straggler.\n",
                    data.loss(std::vector<double>(features, 0.0)));
        std::printf(failures == 0 ? "every decoded gradient equals the direct one\n"
                                  : "some decoded gradient differs from the direct one\n");
        return failures == 0 ? 0 : 1;
    } catch (const sgc::invalid_parameter& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
}
