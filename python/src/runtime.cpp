// The runtime: sgc::master driven through a transport written in Python (the round rule,
// conformance, lost workers, dropped messages and the data path all stay the library's), and
// sgc::worker turning tasks into coded results from a Python partial gradient.
#include "sgc_python.hpp"

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sgc_python {

namespace {

using scheme = sgc::any_scheme;

// What the master posts at the start of a round, as Python sees it.
struct posted_work {
    std::size_t round = 0;
    sgc::round_assignment assignment;
    std::size_t first_job = 0;
    py::object input;
};

// A worker's results of one round, as Python sees them: (slot, gradient) pairs.
struct result_py {
    std::size_t worker = 0;
    std::size_t round = 0;
    py::list slots;
};

// Copies a result's gradients into the master's own storage: the master keeps results across
// rounds, and Python's buffers are reused by the transport.
template <class T>
sgc::result_message<std::vector<T>> message_of(py::object got, scalar type) {
    constexpr const char* function = "sgc.Master: transport.receive()";
    sgc::result_message<std::vector<T>> message;
    py::object slots;
    if (py::isinstance<result_py>(got)) {
        const auto& r = got.cast<const result_py&>();
        message.worker = r.worker;
        message.round = r.round;
        slots = r.slots;
    } else {
        const auto items = py::reinterpret_borrow<py::tuple>(got);
        if (!py::isinstance<py::tuple>(got) || items.size() != 3)
            throw py::type_error(std::string(function) +
                                 " must return None, an sgc.ResultMessage or (worker, round, [(slot, gradient), ...])");
        message.worker = items[0].cast<std::size_t>();
        message.round = items[1].cast<std::size_t>();
        slots = items[2];
    }
    std::size_t i = 0;
    for (py::handle item : slots) {
        const auto pair = item.cast<py::tuple>();
        if (pair.size() != 2) throw py::type_error(std::string(function) + ": each slot is a (slot, gradient) pair");
        const array_memory g = view_array(pair[1], function, "slot " + std::to_string(i++) + "'s gradient", false, type);
        const T* data = static_cast<const T*>(g.data);
        message.slots.push_back({pair[0].cast<std::size_t>(), std::vector<T>(data, data + g.size)});
    }
    return message;
}

// The transport interface of sgc/protocol/transport.hpp, implemented by a Python object with
// n, now(), post(work) and receive(deadline).
template <class T> class python_transport {
public:
    using gradient_type = std::vector<T>;
    using input_type = py::object;

    explicit python_transport(py::object impl) : impl_(std::move(impl)) {
        py::object n = impl_.attr("n");
        n_ = (PyCallable_Check(n.ptr()) ? n() : n).template cast<std::size_t>();
    }

    std::size_t n() const noexcept { return n_; }
    double now() { return impl_.attr("now")().template cast<double>(); }
    void post(const sgc::round_work<py::object>& work) {
        impl_.attr("post")(posted_work{work.round, *work.assignment, work.first_job,
                                       work.input ? *work.input : py::none()});
    }
    std::optional<sgc::result_message<gradient_type>> receive(double deadline) {
        py::object got = impl_.attr("receive")(deadline);
        if (got.is_none()) return std::nullopt;
        return message_of<T>(got, std::is_same_v<T, float> ? scalar::f32 : scalar::f64);
    }

private:
    py::object impl_;
    std::size_t n_ = 0;
};

template <class S, class T> using master_of = sgc::master<S, python_transport<T>>;

// sgc::master's events, forwarded to the methods of a Python object that it has (any of
// round_finished, result_dropped, worker_lost, worker_revived, job_failed). The master must not
// be interrupted mid-round, so the first exception such a method raises is kept, the following
// events of the round are not forwarded, and Master.run_round raises it once the round is over.
class python_observer final : public sgc::master_observer {
public:
    explicit python_observer(py::object impl) : impl_(std::move(impl)) {}

    void round_finished(const sgc::round_report& report) override { call("round_finished", report); }
    void result_dropped(const sgc::dropped_result& d) override {
        call("result_dropped", d.worker, d.round, d.during, d.reason);
    }
    void worker_lost(std::size_t worker, std::size_t round) override { call("worker_lost", worker, round); }
    void worker_revived(std::size_t worker, std::size_t round) override { call("worker_revived", worker, round); }
    void job_failed(std::size_t job, sgc::decode_status reason) override { call("job_failed", job, reason); }

    // Raises the exception an event method raised since the last call, if any.
    void raise_pending() {
        if (!error_) return;
        py::error_already_set e = std::move(*error_);
        error_.reset();
        throw e;
    }

private:
    template <class... Args> void call(const char* name, const Args&... args) {
        if (error_ || !py::hasattr(impl_, name)) return;
        try {
            impl_.attr(name)(args...);
        } catch (py::error_already_set& e) {
            error_ = std::move(e);
        }
    }

    py::object impl_;
    std::optional<py::error_already_set> error_;
};

// sgc::master of any scheme and gradient dtype.
class runtime_master {
public:
    runtime_master(const scheme& s, py::object transport, std::size_t jobs, std::size_t d, scalar type,
                   sgc::master_options options, py::object observer)
        : type_(type) {
        if (!observer.is_none()) {
            observer_ = std::make_unique<python_observer>(std::move(observer));
            options.observer = observer_.get();
        }
        if (type == scalar::f32) {
            f32_ = std::make_unique<python_transport<float>>(std::move(transport));
            master_ = make(s, *f32_, jobs, d, options);
        } else {
            f64_ = std::make_unique<python_transport<double>>(std::move(transport));
            master_ = make(s, *f64_, jobs, d, options);
        }
    }

    // Raises what the observer's methods raised during the last round, if anything.
    void raise_observer_error() {
        if (observer_) observer_->raise_pending();
    }

    template <class F> decltype(auto) visit(F&& f) { return std::visit(std::forward<F>(f), *master_); }
    template <class F> decltype(auto) visit(F&& f) const { return std::visit(std::forward<F>(f), *master_); }
    scalar type() const noexcept { return type_; }

private:
    using variant_type =
        std::variant<master_of<scheme::gc_type, float>, master_of<scheme::sr_sgc_type, float>,
                     master_of<scheme::m_sgc_type, float>, master_of<scheme::gc_type, double>,
                     master_of<scheme::sr_sgc_type, double>, master_of<scheme::m_sgc_type, double>>;

    template <class T>
    static std::optional<variant_type> make(const scheme& s, python_transport<T>& transport, std::size_t jobs,
                                            std::size_t d, const sgc::master_options& options) {
        return s.visit([&](const auto& concrete) -> std::optional<variant_type> {
            return variant_type(std::in_place_type<master_of<std::decay_t<decltype(concrete)>, T>>, concrete,
                                transport, jobs, std::vector<T>(d), options);
        });
    }

    scalar type_;
    std::unique_ptr<python_observer> observer_;
    std::unique_ptr<python_transport<float>> f32_;
    std::unique_ptr<python_transport<double>> f64_;
    std::optional<variant_type> master_; // last: it points into the transport
};

// A settled job of the runtime master.
struct job_result_py {
    std::size_t job = 0;
    sgc::job_state state = sgc::job_state::pending;
    sgc::decode_status reason = sgc::decode_status::ok;
    py::object gradient;
};

py::dict counters_of(const sgc::master_counters& c) {
    using counter = std::size_t sgc::master_counters::*;
    static const std::pair<const char*, counter> names[] = {
        {"rounds", &sgc::master_counters::rounds},       {"waits", &sgc::master_counters::waits},
        {"stragglers", &sgc::master_counters::stragglers}, {"accepted", &sgc::master_counters::accepted},
        {"late", &sgc::master_counters::late},           {"duplicate", &sgc::master_counters::duplicate},
        {"unknown", &sgc::master_counters::unknown},     {"malformed", &sgc::master_counters::malformed},
        {"redundant", &sgc::master_counters::redundant}, {"lost", &sgc::master_counters::lost},
        {"revived", &sgc::master_counters::revived},     {"held", &sgc::master_counters::held},
        {"peak_held", &sgc::master_counters::peak_held}, {"non_finite", &sgc::master_counters::non_finite},
        {"peak_staged", &sgc::master_counters::peak_staged}};
    py::dict d;
    for (const auto& [name, member] : names) d[name] = c.*member;
    return d;
}

sgc::master_options master_options_of(double mu, py::object policy, double lost_after, py::object options,
                                      std::size_t threads, scalar type) {
    sgc::master_options o;
    o.mu = mu;
    if (!policy.is_none()) o.policy = to_enum<sgc::wait_policy>(policy, "sgc.Master", "policy");
    o.lost_after = lost_after;
    o.decode = options_of(options, type);
    if (threads == 0) throw_invalid("sgc.Master", "threads", "0", "must be >= 1");
    if (threads > 1) o.exec = sgc::executor::threads(threads);
    return o;
}

// The partial sgc::worker calls: partial(input, job, begin, end) gives d elements of the worker's
// dtype, copied into out.
template <class T> auto partial_caller(py::object partial, scalar type) {
    return [partial, type](const py::object& input, std::size_t job, sgc::sample_range r, std::vector<T>& out) {
        py::object g = partial(input, job, r.begin, r.end);
        const array_memory a = view_array(g, "sgc.Worker", "partial's result", false, type);
        if (a.size != out.size())
            throw py::value_error("sgc.Worker: partial's result has " + std::to_string(a.size) +
                                  " elements, expected d = " + std::to_string(out.size()));
        std::memcpy(out.data(), a.data, out.size() * sizeof(T));
    };
}

// A Python worker: sgc::worker over the scheme, the user's partial called for each sample range.
class worker_py {
public:
    worker_py(const scheme& s, std::size_t id, std::size_t batch, std::size_t d, py::object dtype)
        : scheme_(s), id_(id), batch_(batch), d_(d), type_(to_scalar(dtype, "sgc.Worker")) {
        sgc::detail::require(id < s.n(), "sgc.Worker", "id", id, "must be < n");
        sgc::detail::require(batch >= 1, "sgc.Worker", "batch", batch, "must be >= 1");
    }

    std::size_t id() const noexcept { return id_; }
    std::size_t batch() const noexcept { return batch_; }

    template <class F> auto by_type(F&& f) const { return type_ == scalar::f32 ? f(float{}) : f(double{}); }

    result_py run(std::size_t round, py::object tasks, py::object inputs, py::object partial) const {
        std::vector<sgc::task> list;
        if (py::isinstance<sgc::round_assignment>(tasks)) {
            const auto& a = tasks.cast<const sgc::round_assignment&>();
            for (std::size_t m = 0; m < a.slots(); ++m) list.push_back(a(id_, m));
        } else {
            list = tasks.cast<std::vector<sgc::task>>();
        }
        return by_type([&](auto zero) {
            using T = decltype(zero);
            std::map<std::size_t, py::object> cache;
            const auto lookup = [&](std::size_t job) -> const py::object* {
                auto it = cache.find(job);
                if (it == cache.end()) {
                    py::object input;
                    try {
                        input = PyCallable_Check(inputs.ptr()) ? inputs(job) : inputs[py::int_(job)];
                    } catch (py::error_already_set& e) {
                        if (!e.matches(PyExc_KeyError) && !e.matches(PyExc_IndexError)) throw;
                        return nullptr; // the worker names the job
                    }
                    it = cache.emplace(job, std::move(input)).first;
                }
                return &it->second;
            };
            auto message = scheme_.visit([&](const auto& concrete) {
                sgc::worker<std::decay_t<decltype(concrete)>, std::vector<T>> w(concrete, id_, batch_, std::vector<T>(d_));
                return w.run(round, list, lookup, partial_caller<T>(partial, type_));
            });
            result_py out{message.worker, message.round, py::list()};
            for (auto& s : message.slots) out.slots.append(py::make_tuple(s.slot, owning_array(std::move(s.gradient), {d_})));
            return out;
        });
    }

private:
    scheme scheme_;
    std::size_t id_, batch_, d_;
    scalar type_;
};

void bind_messages(py::module_& m) {
    py::class_<posted_work>(m, "RoundWork",
                            "What the master posts at the start of a round (transport.post's argument).")
        .def_readonly("round", &posted_work::round)
        .def_readonly("assignment", &posted_work::assignment, "sgc.Assignment: every worker's tasks")
        .def_readonly("first_job", &posted_work::first_job,
                      "int: the oldest job in flight; workers may forget older inputs")
        .def_readonly("input", &posted_work::input, "the input of job `round` (None if no job starts)");
    py::class_<result_py>(m, "ResultMessage", "A worker's results for one round: one (slot, gradient) per busy slot.")
        .def(py::init<std::size_t, std::size_t, py::list>(), py::arg("worker"), py::arg("round"), py::arg("slots"))
        .def_readonly("worker", &result_py::worker)
        .def_readonly("round", &result_py::round)
        .def_readonly("slots", &result_py::slots, "list of (slot, numpy.ndarray of d elements)");
    py::class_<sgc::round_report>(m, "RoundReport", "One round of the runtime master, as it happened.")
        .def_readonly("round", &sgc::round_report::round)
        .def_readonly("duration", &sgc::round_report::duration, "float: seconds on the transport's clock")
        .def_readonly("waited", &sgc::round_report::waited,
                      "bool: it went past the cut-off because the missing workers did not conform")
        .def_readonly("busy", &sgc::round_report::busy, "list[int]: workers with a task")
        .def_readonly("stragglers", &sgc::round_report::stragglers, "list[int]")
        .def_readonly("decoded", &sgc::round_report::decoded, "list[int]: jobs that became decodable")
        .def_readonly("failed", &sgc::round_report::failed, "list[int]: jobs whose deadline passed undecoded");
    py::class_<job_result_py>(m, "JobResult", "A settled job, handed out in job order by Master.next().")
        .def_readonly("job", &job_result_py::job)
        .def_readonly("state", &job_result_py::state, "sgc.JobState: decodable or failed")
        .def_property_readonly(
            "reason",
            [](const job_result_py& j) -> py::object { return j.state == sgc::job_state::failed ? py::cast(j.reason) : py::none(); },
            "sgc.DecodeStatus or None: why a failed job failed")
        .def_property_readonly("ok", [](const job_result_py& j) { return j.state == sgc::job_state::decodable; })
        .def_readonly("gradient", &job_result_py::gradient,
                      "numpy.ndarray (d elements, the master's dtype) holding g(job), or None if it\n"
                      "failed; torch.from_numpy(gradient) shares its memory");
}

void bind_master(py::module_& m) {
    const sgc::master_options defaults;
    py::class_<runtime_master>(
        m, "Master",
        "The master of a real system (sgc::master): runs a scheme's rounds through your transport\n"
        "and hands out decoded gradients in job order. The round rule (cut-off (1 + mu) t_first,\n"
        "conformance to the scheme's model, wait policy, lost workers) and the data path are the\n"
        "library's; the transport only moves messages.\n\n"
        "transport: an object with\n"
        "  n                    the number of workers (an int, or a method returning it)\n"
        "  now() -> float       seconds on the transport's clock, monotone\n"
        "  post(work)           deliver work.round's tasks (an sgc.RoundWork) to the workers\n"
        "  receive(deadline)    the next result that arrived, waiting until now() reaches\n"
        "                       deadline at the most: None, an sgc.ResultMessage, or\n"
        "                       (worker, round, [(slot, gradient), ...])\n"
        "Late, duplicate, unknown and malformed results are dropped and counted (counters).\n\n"
        "Usage:\n"
        "    master = sgc.Master(scheme, transport, jobs, d)\n"
        "    while not master.finished:\n"
        "        master.run_round(model_of(master.round))\n"
        "        while (job := master.next()) is not None:\n"
        "            apply(job.job, job.gradient)")
        .def(py::init([](const scheme& s, py::object transport, std::size_t jobs, std::size_t d, py::object dtype,
                         double mu, py::object policy, double lost_after, py::object options, std::size_t threads,
                         py::object observer) {
                 const scalar type = to_scalar(dtype, "sgc.Master");
                 return std::make_unique<runtime_master>(
                     s, std::move(transport), jobs, d, type,
                     master_options_of(mu, policy, lost_after, options, threads, type), std::move(observer));
             }),
             py::arg("scheme"), py::arg("transport"), py::arg("jobs"), py::arg("d"), py::arg("dtype") = "float32",
             py::arg("mu") = defaults.mu, py::arg("policy") = py::none(), py::arg("lost_after") = defaults.lost_after,
             py::arg("options") = py::none(),
             py::arg("threads") = 1, py::arg("observer") = py::none(),
             "scheme: an sgc.Scheme. jobs: J. d: the gradients' length (elements); dtype: float32\n"
             "or float64 (results of another dtype are a TypeError).\n"
             "mu: the cut-off factor. policy: 'wait-all' or 'minimal-wait' (None: sgc::master's\n"
             "default). lost_after: seconds into a round after which a silent worker is presumed\n"
             "lost. options: the numerical guard, an sgc.DecodeOptions (None: the dtype's defaults).\n"
             "threads: threads of the decode combines.\n"
             "observer: an object told what happens, through whichever of these methods it has:\n"
             "  round_finished(report)                      an sgc.RoundReport\n"
             "  result_dropped(worker, round, during, reason)  reason an sgc.DropReason; during:\n"
             "                                              the round the master was running\n"
             "  worker_lost(worker, round), worker_revived(worker, round)\n"
             "  job_failed(job, reason)                     reason an sgc.DecodeStatus\n"
             "  The methods run on the master's thread and must not call the master; an exception\n"
             "  one raises is raised by run_round at the end of the round.\n"
             "Raises sgc.InvalidParameter if transport.n differs from scheme.n, jobs = 0, mu < 0\n"
             "or lost_after <= 0.")
        .def_property_readonly("n", [](const runtime_master& r) { return r.visit([](const auto& x) { return x.n(); }); })
        .def_property_readonly("jobs", [](const runtime_master& r) { return r.visit([](const auto& x) { return x.jobs(); }); })
        .def_property_readonly(
            "round", [](const runtime_master& r) { return r.visit([](const auto& x) { return x.round(); }); },
            "int: the next round to run; job `round` starts in it (if round < jobs)")
        .def_property_readonly(
            "rounds", [](const runtime_master& r) { return r.visit([](const auto& x) { return x.bookkeeping().rounds(); }); },
            "int: jobs + T")
        .def_property_readonly(
            "finished", [](const runtime_master& r) { return r.visit([](const auto& x) { return x.finished(); }); },
            "bool: every round has run and every job was handed out by next()")
        .def(
            "run_round",
            [](runtime_master& r, py::object input) {
                auto report = r.visit([&](auto& x) {
                    auto shared = x.round() < x.jobs() ? std::make_shared<const py::object>(std::move(input)) : nullptr;
                    return x.run_round(std::move(shared));
                });
                r.raise_observer_error();
                return report;
            },
            py::arg("input") = py::none(),
            "Runs the next round: posts its tasks with `input` (the model job `round` starts with;\n"
            "any object, handed to transport.post) and collects results under the round rule.\n"
            "Returns an sgc.RoundReport. Exceptions of the transport propagate; a result of the\n"
            "round's own worker and slots whose gradient length is not d raises\n"
            "sgc.InvalidParameter naming both lengths. An exception an observer method raised\n"
            "during the round is raised once the round is over (the round itself has run).")
        .def(
            "next",
            [](runtime_master& r) -> py::object {
                return r.visit([](auto& x) -> py::object {
                    auto job = x.next();
                    if (!job) return py::none();
                    job_result_py out{job->job, job->state, job->reason, py::none()};
                    if (job->ok()) {
                        const std::size_t d = job->gradient.size();
                        out.gradient = owning_array(std::move(job->gradient), {d});
                    }
                    return py::cast(std::move(out));
                });
            },
            "The next settled job in job order (an sgc.JobResult), or None.")
        .def(
            "status",
            [](const runtime_master& r, std::size_t job) { return r.visit([&](const auto& x) { return x.bookkeeping().status(job); }); },
            py::arg("job"), "The job's sgc.JobStatus in the scheme's bookkeeping.")
        .def_property_readonly(
            "counters", [](const runtime_master& r) { return r.visit([](const auto& x) { return counters_of(x.counters()); }); },
            "dict: rounds, waits, stragglers, accepted, late, duplicate, unknown, malformed,\n"
            "redundant, lost, revived, held, peak_held, non_finite, peak_staged")
        .def_property_readonly(
            "lost", [](const runtime_master& r) { return r.visit([](const auto& x) { return x.lost().ids(); }); },
            "list[int]: workers presumed lost now");
}

void bind_worker(py::module_& m) {
    py::class_<worker_py>(
        m, "Worker",
        "The worker side of a scheme (sgc::worker): turns the tasks the master assigns into coded\n"
        "results from your partial gradient\n"
        "    partial(input, job, begin, end) -> the gradient summed over samples [begin, end)\n"
        "                                       of job `job`'s batch, at `input`\n"
        "(d elements of the worker's dtype; a NumPy array or torch tensor). It must be\n"
        "deterministic: workers with equal code rows then return equal results.")
        .def(py::init<const scheme&, std::size_t, std::size_t, std::size_t, py::object>(), py::arg("scheme"),
             py::arg("id"), py::arg("batch"), py::arg("d"), py::arg("dtype") = "float32",
             "id: this worker (< n). batch: samples per job. d, dtype: the gradients' length and\n"
             "dtype. Raises sgc.InvalidParameter unless id < n and batch >= 1.")
        .def_property_readonly("id", &worker_py::id)
        .def_property_readonly("batch", &worker_py::batch)
        .def("run", &worker_py::run, py::arg("round"), py::arg("tasks"), py::arg("inputs"), py::arg("partial"),
             "All of the worker's results in round `round`. tasks: its sgc.Task per slot (a list),\n"
             "or the round's sgc.Assignment. inputs: inputs[job] (a mapping) or inputs(job) (a\n"
             "callable): the input each task's job started with. Returns an sgc.ResultMessage with\n"
             "one (slot, gradient) per busy slot. Raises sgc.InvalidParameter for a job without input.");
}

} // namespace

void bind_runtime(py::module_& m) {
    bind_enum<sgc::wait_policy>(m, "WaitPolicy",
                                "What the master does past a round's cut-off when the missing workers do\n"
                                "not conform: wait-all waits for everyone and records no stragglers;\n"
                                "minimal-wait waits only until the missing ones conform.",
                                {sgc::wait_policy::wait_all, sgc::wait_policy::minimal_wait});
    bind_enum<sgc::drop_reason>(m, "DropReason",
                                "Why the master dropped a result (Master's observer): late, duplicate,\n"
                                "unknown, malformed or redundant.",
                                {sgc::drop_reason::late, sgc::drop_reason::duplicate, sgc::drop_reason::unknown,
                                 sgc::drop_reason::malformed, sgc::drop_reason::redundant});
    bind_messages(m);
    bind_master(m);
    bind_worker(m);
}

} // namespace sgc_python
