// round_assignment stores a slot that every worker shares as one task: random sequences of
// set, set_all and reset must read back as a plain n x slots table of tasks would, with busy()
// the workers holding a non-idle task (never shrinking within a round), and copies independent.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <sgc/schemes/task.hpp>

using sgc::round_assignment;
using sgc::task;
using sgc::task_kind;

namespace {

struct table {
    std::size_t n, slots;
    std::vector<task> tasks;
    sgc::worker_set busy;
    table(std::size_t n_value, std::size_t slots_value)
        : n(n_value), slots(slots_value), tasks(n_value * slots_value), busy(n_value) {}
};

bool same_task(const task& a, const task& b) {
    return a.kind == b.kind && a.job == b.job && a.index == b.index;
}

void check_same(const round_assignment& a, const table& t) {
    REQUIRE(a.n() == t.n);
    REQUIRE(a.slots() == t.slots);
    for (std::size_t i = 0; i < t.n; ++i)
        for (std::size_t s = 0; s < t.slots; ++s)
            if (!same_task(a(i, s), t.tasks[i * t.slots + s])) {
                CAPTURE(i);
                CAPTURE(s);
                CHECK(same_task(a(i, s), t.tasks[i * t.slots + s]));
            }
    CHECK(a.busy() == t.busy);
}

task random_task(std::mt19937_64& rng) {
    task t;
    t.kind = static_cast<task_kind>(rng() % 6);
    t.job = static_cast<std::uint32_t>(rng() % 3);
    t.index = static_cast<std::uint32_t>(rng() % 2);
    return t;
}

} // namespace

TEST_CASE("round_assignment: set, set_all and reset read back as a dense table") {
    std::mt19937_64 rng(11);
    for (const std::size_t n : {1, 5, 256, 300})
        for (const std::size_t slots : {1, 3}) {
            CAPTURE(n);
            CAPTURE(slots);
            round_assignment a(n, slots);
            table t(n, slots);
            check_same(a, t);
            for (int step = 0; step < 400; ++step) {
                const std::size_t slot = rng() % slots;
                const task x = random_task(rng);
                switch (rng() % 8) {
                case 0: // set_all
                    a.set_all(slot, x);
                    for (std::size_t i = 0; i < n; ++i) t.tasks[i * slots + slot] = x;
                    if (x.kind != task_kind::idle) t.busy = sgc::worker_set::all(n);
                    break;
                case 1: // a new round
                    if (step % 40 == 0) {
                        a.reset(static_cast<std::size_t>(step));
                        t = table(n, slots);
                        CHECK(a.round() == static_cast<std::size_t>(step));
                    }
                    break;
                default: { // one worker's task
                    const std::size_t i = rng() % n;
                    a.set(i, slot, x);
                    t.tasks[i * slots + slot] = x;
                    if (x.kind != task_kind::idle) t.busy.insert(i);
                }
                }
                if (step % 23 == 0) check_same(a, t);
            }
            check_same(a, t);
            const round_assignment copy = a;
            a.set_all(0, task{task_kind::d2, 7, 1});
            check_same(copy, t); // the copy kept its own tasks
        }
}
