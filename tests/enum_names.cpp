// One way to name enum values: every named enum of the library has one table (value, name),
// and sgc::to_string, sgc::from_string, sgc::enum_names and operator<< work alike for all.
#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sgc/codes/code_kind.hpp>
#include <sgc/codes/decode_plan.hpp>
#include <sgc/core/enum_names.hpp>
#include <sgc/models/round_rule.hpp>
#include <sgc/models/violation.hpp>
#include <sgc/models/wait_policy.hpp>
#include <sgc/runtime/observer.hpp>
#include <sgc/schemes/any_scheme.hpp>
#include <sgc/schemes/recipe.hpp>
#include <sgc/schemes/task.hpp>
#include <sgc/transport/in_process.hpp>

namespace {

// The spellings every enum must keep (the CLI, JSON output and files use them).
template <class E> struct spelling;
template <> struct spelling<sgc::wait_policy> {
    static std::vector<std::pair<sgc::wait_policy, std::string>> all() {
        return {{sgc::wait_policy::wait_all, "wait-all"}, {sgc::wait_policy::minimal_wait, "minimal-wait"}};
    }
};
template <> struct spelling<sgc::conformance_rule> {
    static std::vector<std::pair<sgc::conformance_rule, std::string>> all() {
        return {{sgc::conformance_rule::per_round_limit, "per_round_limit"},
                {sgc::conformance_rule::spatial, "spatial"},
                {sgc::conformance_rule::temporal, "temporal"}};
    }
};
template <> struct spelling<sgc::code_kind> {
    static std::vector<std::pair<sgc::code_kind, std::string>> all() {
        return {{sgc::code_kind::frc, "frc"}, {sgc::code_kind::uneven, "uneven"},
                {sgc::code_kind::crc, "crc"}, {sgc::code_kind::matrix, "matrix"}};
    }
};
template <> struct spelling<sgc::decode_status> {
    static std::vector<std::pair<sgc::decode_status, std::string>> all() {
        return {{sgc::decode_status::ok, "ok"},
                {sgc::decode_status::too_few_responders, "too_few_responders"},
                {sgc::decode_status::not_decodable, "not_decodable"},
                {sgc::decode_status::unreliable, "unreliable"},
                {sgc::decode_status::non_finite, "non_finite"}};
    }
};
template <> struct spelling<sgc::error_model> {
    static std::vector<std::pair<sgc::error_model, std::string>> all() {
        return {{sgc::error_model::typical, "typical"},
                {sgc::error_model::any_gradient, "any_gradient"},
                {sgc::error_model::worst_case, "worst_case"}};
    }
};
template <> struct spelling<sgc::task_kind> {
    static std::vector<std::pair<sgc::task_kind, std::string>> all() {
        return {{sgc::task_kind::idle, "idle"},   {sgc::task_kind::gc, "gc"},
                {sgc::task_kind::reattempt, "reattempt"}, {sgc::task_kind::d1, "d1"},
                {sgc::task_kind::d1_reattempt, "d1-reattempt"}, {sgc::task_kind::d2, "d2"}};
    }
};
template <> struct spelling<sgc::job_state> {
    static std::vector<std::pair<sgc::job_state, std::string>> all() {
        return {{sgc::job_state::pending, "pending"}, {sgc::job_state::decodable, "decodable"},
                {sgc::job_state::failed, "failed"}};
    }
};
template <> struct spelling<sgc::clock_kind> {
    static std::vector<std::pair<sgc::clock_kind, std::string>> all() {
        return {{sgc::clock_kind::simulated, "simulated"}, {sgc::clock_kind::real, "real"},
                {sgc::clock_kind::paced, "paced"}};
    }
};
template <> struct spelling<sgc::drop_reason> {
    static std::vector<std::pair<sgc::drop_reason, std::string>> all() {
        return {{sgc::drop_reason::late, "late"}, {sgc::drop_reason::duplicate, "duplicate"},
                {sgc::drop_reason::unknown, "unknown"}, {sgc::drop_reason::malformed, "malformed"},
                {sgc::drop_reason::redundant, "redundant"}};
    }
};
template <> struct spelling<sgc::scheme_kind> {
    static std::vector<std::pair<sgc::scheme_kind, std::string>> all() {
        return {{sgc::scheme_kind::none, "none"}, {sgc::scheme_kind::gc, "gc"},
                {sgc::scheme_kind::sr_sgc, "sr-sgc"}, {sgc::scheme_kind::m_sgc, "m-sgc"}};
    }
};

} // namespace

TEST_CASE_TEMPLATE("enum names: one table per enum, the same spellings as always", E,
                   sgc::wait_policy, sgc::conformance_rule, sgc::code_kind, sgc::decode_status,
                   sgc::error_model, sgc::task_kind, sgc::job_state, sgc::clock_kind,
                   sgc::scheme_kind, sgc::drop_reason) {
    static_assert(sgc::is_named_enum_v<E>);
    const auto expected = spelling<E>::all();
    const auto table = sgc::enum_names<E>();
    REQUIRE(table.size() == expected.size());
    std::set<std::string> names;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& [value, name] = expected[i];
        CAPTURE(name);
        CHECK(table[i].value == value); // in declaration order
        CHECK(sgc::to_string(value) == name);
        CHECK(sgc::from_string<E>(name, "kind") == value);
        std::ostringstream out;
        out << value;
        CHECK(out.str() == name);
        names.insert(name);
    }
    CHECK(names.size() == expected.size());

    // Anything else names the parameter and the value, and lists the valid names.
    std::string rule = "must be ";
    for (std::size_t i = 0; i < expected.size(); ++i)
        rule += (i == 0 ? "" : i + 1 == expected.size() ? " or " : ", ") + expected[i].second;
    CHECK_THROWS_WITH_AS(sgc::from_string<E>("no-such-name", "--what"),
                         ("sgc::from_string: --what = no-such-name: " + rule).c_str(),
                         sgc::invalid_parameter);
    CHECK_THROWS_AS(sgc::from_string<E>(std::string(expected[0].second) + " ", "x"),
                    sgc::invalid_parameter); // spelled exactly
}

TEST_CASE("enum names: constexpr, streamed, and only for enums with a table") {
    static_assert(std::string_view(sgc::to_string(sgc::task_kind::d1_reattempt)) == "d1-reattempt");
    static_assert(!sgc::is_named_enum_v<int>);
    static_assert(!sgc::is_named_enum_v<sgc::at_cutoff>);
    std::ostringstream out;
    out << sgc::decode_status::unreliable << ' ' << sgc::job_state::failed << ' '
        << sgc::wait_policy::minimal_wait;
    CHECK(out.str() == "unreliable failed minimal-wait");
    CHECK(std::string(sgc::to_string(static_cast<sgc::wait_policy>(7))) == "unknown");
    CHECK(sgc::scheme_spec{sgc::scheme_kind::m_sgc, 8, 0, 1, 2, 3}.to_string() ==
          "m-sgc(n = 8, B = 1, W = 2, lambda = 3)");
}

TEST_CASE("enum names: the command line's parsers are the same tables") {
    CHECK(sgc::parse_code_kind("crc") == sgc::code_kind::crc);
    CHECK_FALSE(sgc::parse_code_kind("matrix").has_value()); // no parameters to build it from
    CHECK_FALSE(sgc::parse_code_kind("CRC").has_value());
    CHECK(sgc::parse_scheme_kind("none") == sgc::scheme_kind::none);
    CHECK_FALSE(sgc::parse_scheme_kind("m_sgc").has_value());
    CHECK_THROWS_WITH_AS(sgc::parse_wait_policy("sometimes", "--policy"),
                         "sgc::parse_wait_policy: --policy = sometimes: must be wait-all or minimal-wait",
                         sgc::invalid_parameter);
}
