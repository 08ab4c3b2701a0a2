// Choosing a scheme at compile time and at run time. `training_system<Scheme>` stands for your
// own system: it is written once against the scheme interface (make_master, task_data, T, load)
// and works with every scheme sgc offers. main() instantiates it twice:
//   - with sgc::m_sgc<16, 1, 2, 3>: parameters fixed at compile time (checked by static_assert);
//   - with a scheme built at run time from a JSON configuration, such as the object
//     `sgc info` prints (the keys scheme, n, B, W, lambda or s, and code.kind).
// Each system drives the sans-I/O master over an adversarial straggler pattern that the scheme
// tolerates, decodes every job from the results that arrived, and checks it against the direct
// sum of the job's sample gradients. Exits 1 on any mismatch, 2 on a bad configuration.
//
//   scheme_choice [config.json]     (default: the built-in configuration below)
#include <sgc/sgc.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

constexpr std::size_t features = 6;  // gradient length d
constexpr std::size_t batch = 960;   // samples per job

// A job's gradient is the sum of its samples' gradients; any deterministic values will do.
double sample_gradient(std::size_t job, std::size_t sample, std::size_t f) {
    return std::sin(0.1 * double(job) + 0.01 * double(sample) + double(f));
}

// The straggler patterns each scheme is built to tolerate, as adversarial as its model allows.
sgc::straggler_pattern stragglers(const sgc::bursty_model& model, std::size_t rounds) {
    sgc::adversarial_stragglers generator(model, /*seed=*/7);
    return sgc::generate(generator, rounds);
}
sgc::straggler_pattern stragglers(const sgc::s_per_round_model& model, std::size_t rounds) {
    if (model.s() == 0) return sgc::straggler_pattern(rounds, sgc::worker_set(model.n()));
    // At most s distinct stragglers in every window of one round: s per round.
    return stragglers(sgc::bursty_model(model.n(), 1, 1, model.s()), rounds);
}

template <class Scheme> class training_system {
public:
    explicit training_system(Scheme scheme) : scheme_(std::move(scheme)) {}

    // Runs `jobs` jobs; returns how many decoded gradients differ from the direct sum (or were
    // never decoded).
    std::size_t run(std::size_t jobs) const {
        auto master = scheme_.make_master(jobs, sgc::decode_options::for_type<double>(1e-9));
        const sgc::straggler_pattern late = stragglers(scheme_.model(), master.rounds());
        std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::vector<double>> received;
        std::size_t decoded = 0, wrong = 0;
        while (!master.done()) {
            const std::size_t r = master.round();
            const sgc::round_assignment& tasks = master.assignment();
            // The workers (here in-process): a task is a weighted sum over sample ranges.
            for (std::size_t i = 0; i < scheme_.n(); ++i) {
                if (late[r].contains(i)) continue; // a straggler's results never arrive
                for (std::size_t slot = 0; slot < tasks.slots(); ++slot) {
                    const sgc::task& t = tasks(i, slot);
                    if (t.kind == sgc::task_kind::idle) continue;
                    std::vector<double> result(features, 0.0);
                    for (const auto& part : scheme_.task_data(batch, i, t))
                        for (std::size_t s = part.range.begin; s < part.range.end; ++s)
                            for (std::size_t f = 0; f < features; ++f)
                                result[f] += part.coefficient * sample_gradient(t.job, s, f);
                    received[{i, r, slot}] = std::move(result);
                }
            }
            // The master: decode every job the round made decodable, and check it.
            const sgc::round_outcome outcome = master.complete_round(late[r].complement());
            for (const sgc::decode_recipe& recipe : outcome.decoded) {
                std::vector<double> g(features);
                sgc::decode(g, recipe, [&](const sgc::result_ref& ref) -> const std::vector<double>& {
                    return received.at({ref.worker, ref.round, ref.slot});
                });
                ++decoded;
                for (std::size_t f = 0; f < features; ++f) {
                    double direct = 0.0, magnitude = 0.0;
                    for (std::size_t s = 0; s < batch; ++s) {
                        direct += sample_gradient(recipe.job, s, f);
                        magnitude += std::abs(sample_gradient(recipe.job, s, f));
                    }
                    if (std::abs(g[f] - direct) > 1e-9 * magnitude) {
                        ++wrong;
                        break;
                    }
                }
            }
        }
        std::printf("  load %s, T = %zu: %zu of %zu jobs decoded on time, %zu wrong\n",
                    sgc::to_string(scheme_.load()).c_str(), scheme_.T(), decoded, jobs, wrong);
        return wrong + (jobs - decoded);
    }

private:
    Scheme scheme_;
};

template <class Scheme> std::size_t run_system(Scheme scheme, std::size_t jobs) {
    return training_system<Scheme>(std::move(scheme)).run(jobs);
}

// The run-time choice: one configuration, any scheme, through sgc::any_scheme (the library's
// run-time factory); visit() instantiates the system for the scheme type it holds.
std::size_t run_configured(const nlohmann::json& config, std::size_t jobs) {
    const std::string name = config.at("scheme").get<std::string>();
    sgc::scheme_spec spec;
    const auto kind = sgc::parse_scheme_kind(name);
    if (!kind || *kind == sgc::scheme_kind::none)
        throw sgc::invalid_parameter("scheme_choice", "scheme", name, "must be gc, sr-sgc or m-sgc");
    spec.kind = *kind;
    spec.n = config.at("n").get<std::size_t>();
    if (spec.kind == sgc::scheme_kind::gc) {
        spec.s = (config.contains("s") ? config["s"] : config.at("lambda")).get<std::size_t>();
    } else {
        spec.B = config.at("B").get<std::size_t>();
        spec.W = config.at("W").get<std::size_t>();
        spec.lambda = config.at("lambda").get<std::size_t>();
    }
    // `sgc info` prints the inner code as {"kind": ...}, or null when there is none (M-SGC
    // with lambda = n); a plain string is accepted too.
    std::string code_name = "uneven";
    if (config.contains("code") && !config["code"].is_null())
        code_name = config["code"].is_object() ? config["code"].at("kind").get<std::string>()
                                               : config["code"].get<std::string>();
    const auto code = sgc::parse_code_kind(code_name);
    if (!code)
        throw sgc::invalid_parameter("scheme_choice", "code.kind", code_name,
                                     "must be frc, uneven or crc");
    return sgc::any_scheme::make(spec, *code).visit([&](const auto& scheme) {
        return run_system(scheme, jobs);
    });
}

// The same parameters as the compile-time instance, in the form `sgc info` prints them.
constexpr const char* default_config =
    R"({"scheme": "m-sgc", "n": 16, "B": 1, "W": 2, "lambda": 3, "code": {"kind": "uneven"}})";

} // namespace

int main(int argc, char** argv) {
    constexpr std::size_t jobs = 24;

    // Compile time: the parameters are part of the type, and so are T and the exact load.
    using fixed = sgc::m_sgc<16, 1, 2, 3>;
    static_assert(fixed::T() == 1 && fixed::slots() == 2);
    std::printf("compile time: sgc::m_sgc<16, 1, 2, 3>\n");
    std::size_t failures = run_system(fixed{}, jobs);

    // Run time: the parameters come from a configuration file (or the built-in one).
    try {
        std::string text = default_config;
        if (argc > 1) {
            std::ifstream file(argv[1]);
            if (!file) {
                std::fprintf(stderr, "scheme_choice: cannot read %s\n", argv[1]);
                return 2;
            }
            std::ostringstream contents;
            contents << file.rdbuf();
            text = contents.str();
        }
        const auto config = nlohmann::json::parse(text);
        std::printf("run time: %s\n", config.dump().c_str());
        failures += run_configured(config, jobs);
    } catch (const nlohmann::json::exception& e) {
        std::fprintf(stderr, "scheme_choice: bad configuration: %s\n", e.what());
        return 2;
    } catch (const sgc::invalid_parameter& e) {
        std::fprintf(stderr, "scheme_choice: %s\n", e.what());
        return 2;
    }
    std::printf(failures == 0 ? "every job decoded on time to the direct sum\n"
                              : "some job was not decoded, or decoded wrongly\n");
    return failures == 0 ? 0 : 1;
}
