// A transport of your own: sgc::master talks to workers only through the five members of the
// transport interface (sgc/protocol/transport.hpp). A transport needs only sgc/protocol/: the
// messages, sgc::worker and sgc::job_inputs. This one runs the workers inline on the
// calling thread and delivers their messages through a "network" that loses, duplicates and
// delays them, on a virtual clock. Replace the mailbox with your RPC layer and keep the rest.
//
//   custom_transport        exits non-zero unless every gradient is the direct one
#include <sgc/sgc.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <vector>

namespace {

using gradient = std::vector<double>;

// The user's data: job t's sample i has gradient (t + 1) * (i + 1) * (1, 1/2, 1/3) at model w.
void partial(const gradient& w, std::size_t job, sgc::sample_range samples, gradient& out) {
    for (std::size_t f = 0; f < out.size(); ++f) {
        double sum = 0.0;
        for (std::size_t i = samples.begin; i < samples.end; ++i)
            sum += static_cast<double>((job + 1) * (i + 1)) * w[f] / static_cast<double>(f + 1);
        out[f] = sum;
    }
}

// The transport. post() runs every busy worker right away and puts its reply in the mailbox
// with an arrival time; receive() hands out what has arrived by the deadline.
template <class Scheme> class lossy_network {
public:
    using gradient_type = gradient;   // what results carry
    using input_type = gradient;      // what a job's workers need: the model

    lossy_network(const Scheme& scheme, std::size_t batch, std::uint64_t seed)
        : scheme_(scheme), batch_(batch), rng_(seed) {}

    std::size_t n() const { return scheme_.n(); }
    double now() { return clock_; }

    void post(const sgc::round_work<gradient>& work) {
        // Workers keep the inputs of the jobs in flight.
        inputs_.update(work);
        const auto input = [this](std::size_t job) { return inputs_.find(job).get(); };
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (std::size_t i = 0; i < n(); ++i) {
            sgc::worker<Scheme, gradient> w(scheme_, i, batch_, gradient(3));
            auto message = w.run(*work.assignment, input, partial);
            if (message.slots.empty()) continue;
            const double roll = u(rng_);
            const double arrival = clock_ + 1.0 + u(rng_); // 1 to 2 s
            if (roll < 0.05) continue;                      // lost
            if (roll < 0.10) mailbox_.emplace(arrival + 0.5, message); // duplicated
            mailbox_.emplace(arrival, std::move(message));
        }
    }

    std::optional<sgc::result_message<gradient>> receive(double deadline) {
        if (mailbox_.empty() || mailbox_.begin()->first > deadline) {
            clock_ = std::max(clock_, deadline);
            return std::nullopt;
        }
        auto first = mailbox_.begin();
        clock_ = std::max(clock_, first->first);
        auto message = std::move(first->second);
        mailbox_.erase(first);
        return message;
    }

private:
    Scheme scheme_;
    std::size_t batch_;
    std::mt19937_64 rng_;
    double clock_ = 0.0;
    sgc::job_inputs<gradient> inputs_;
    std::multimap<double, sgc::result_message<gradient>> mailbox_;
};

} // namespace

int main() {
    const sgc::sr_sgc<8, 1, 2, 2> scheme; // tolerates the lost messages as stragglers
    const std::size_t batch = 40, jobs = 30;
    static_assert(sgc::is_transport_v<lossy_network<sgc::sr_sgc<8, 1, 2, 2>>>);
    lossy_network network(scheme, batch, 5);
    sgc::master_options options;
    options.decode = sgc::decode_options::for_type<double>(1e-9);
    options.lost_after = 10.0;
    sgc::master master(scheme, network, jobs, gradient(3), options);

    std::size_t right = 0;
    while (!master.finished()) {
        const std::size_t t = master.round();
        const auto model = std::make_shared<const gradient>(gradient{1.0, 2.0, 3.0});
        master.run_round(t < jobs ? model : nullptr);
        while (auto job = master.next()) {
            gradient direct(3);
            partial(*model, job->job, {0, batch}, direct);
            bool same = job->ok();
            for (std::size_t f = 0; same && f < 3; ++f)
                same = std::abs(job->gradient[f] - direct[f]) <= 1e-9 * std::abs(direct[f]);
            right += same;
        }
    }
    const auto& c = master.counters();
    std::printf("%zu/%zu gradients exact; %zu rounds waited, %zu stragglers, %zu duplicates and "
                "%zu late messages dropped\n",
                right, jobs, c.waits, c.stragglers, c.duplicate, c.late);
    return right == jobs ? 0 : 1;
}
