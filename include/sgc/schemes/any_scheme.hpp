#ifndef SGC_SCHEMES_ANY_SCHEME_HPP
#define SGC_SCHEMES_ANY_SCHEME_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "../codes/any_code.hpp"
#include "../codes/code_kind.hpp"
#include "../core/dynamic.hpp"
#include "../core/enum_names.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "gc.hpp"
#include "m_sgc.hpp"
#include "sr_sgc.hpp"

namespace sgc {

/// The schemes a run-time configuration names: none (no coding: every worker computes 1/n of
/// the job and every straggler is waited for; GC with s = 0), gc (gradient coding, Tandon et
/// al., ICML 2017), sr_sgc and m_sgc (SR-SGC and M-SGC of Krishnan, Ebrahimi, Khisti, ICLR 2023,
/// arXiv 2211.13802).
enum class scheme_kind { none, gc, sr_sgc, m_sgc };

/// The kinds' names: "none", "gc", "sr-sgc", "m-sgc" (sgc::to_string, sgc::from_string).
constexpr std::array<enum_name<scheme_kind>, 4> names_of(scheme_kind) noexcept {
    return {{{scheme_kind::none, "none"},
             {scheme_kind::gc, "gc"},
             {scheme_kind::sr_sgc, "sr-sgc"},
             {scheme_kind::m_sgc, "m-sgc"}}};
}
/// The scheme kind named `text`: the inverse of to_string.
/// @param text "none", "gc", "sr-sgc" or "m-sgc"
/// @return the kind, or nullopt for anything else
[[nodiscard]] std::optional<scheme_kind> parse_scheme_kind(std::string_view text) noexcept;

/// One point of a scheme's parameter space: s for GC, (B, W, lambda) for SR-SGC and M-SGC;
/// the fields a kind does not use are ignored (and printed as 0).
struct scheme_spec {
    /// The scheme.
    scheme_kind kind = scheme_kind::none;
    /// Workers n; GC's s (SR-SGC's s, derived, once built by any_scheme::make); the bursty
    /// parameters B, W (rounds) and lambda (workers) of SR-SGC and M-SGC.
    std::size_t n = 0, s = 0, B = 0, W = 0, lambda = 0;

    /// The delay T of the scheme the spec names (0 for none and GC).
    [[nodiscard]] std::size_t T() const noexcept;
    /// e.g. "m-sgc(n = 256, B = 1, W = 2, lambda = 27)".
    [[nodiscard]] std::string to_string() const;
    /// Equal in every field.
    friend bool operator==(const scheme_spec& a, const scheme_spec& b) noexcept {
        return a.kind == b.kind && a.n == b.n && a.s == b.s && a.B == b.B && a.W == b.W &&
               a.lambda == b.lambda;
    }
    /// Not operator==.
    friend bool operator!=(const scheme_spec& a, const scheme_spec& b) noexcept { return !(a == b); }
};

/// Any scheme of the library behind one value type, its inner code chosen at run time: the
/// one factory of run-time configurations (the command-line tool, the tuner, the Python
/// module). It holds the run-time form of GC, SR-SGC or M-SGC with sgc::any_code<> as its code,
/// and visit() hands it to generic code, so a simulation or a master runs the same template
/// code as for a scheme named at compile time.
class any_scheme {
public:
    /// The run-time GC it may hold.
    using gc_type = gc<dynamic, dynamic, any_code>;
    /// The run-time SR-SGC it may hold.
    using sr_sgc_type = sr_sgc<dynamic, dynamic, dynamic, dynamic, any_code>;
    /// The run-time M-SGC it may hold.
    using m_sgc_type = m_sgc<dynamic, dynamic, dynamic, dynamic, any_code>;
    /// The held scheme, as a std::variant.
    using variant_type = std::variant<gc_type, sr_sgc_type, m_sgc_type>;

    /// The scheme `spec` names; `none` is GC with s = 0 (every code kind builds the same uncoded
    /// code; frc is used).
    /// @param spec the scheme and its parameters
    /// @param code the inner code's kind (frc, uneven or crc)
    /// @param seed the seed of the cyclic code's H (crc only)
    /// @return the scheme; its spec() has SR-SGC's s filled in
    /// @throws invalid_parameter naming the parameter when the spec breaks the scheme's rules or
    ///         the code rejects it (code_kind::matrix included)
    [[nodiscard]] static any_scheme make(const scheme_spec& spec, code_kind code = code_kind::uneven,
                                         std::uint64_t seed = default_code_seed);

    /// Any GC, SR-SGC or M-SGC, compile-time or run-time form, with any code.
    template <class Scheme,
              std::enable_if_t<std::is_constructible_v<variant_type, const Scheme&> &&
                                   !std::is_same_v<Scheme, any_scheme>,
                               int> = 0>
    /// @param scheme the scheme, converted to its run-time form with an any_code
    any_scheme(const Scheme& scheme); // NOLINT: implicit by design

    /// Calls `f` with the held scheme (gc_type, sr_sgc_type or m_sgc_type), as std::visit.
    /// @param f a callable taking each of the three by const reference
    /// @return what f returns
    template <class F> decltype(auto) visit(F&& f) const {
        return std::visit(std::forward<F>(f), scheme_);
    }

    /// The scheme's parameters.
    [[nodiscard]] const scheme_spec& spec() const noexcept { return spec_; }
    /// spec().kind: none for a scheme made from a none spec, though it holds a GC.
    [[nodiscard]] scheme_kind kind() const noexcept { return spec_.kind; }
    /// Workers n.
    [[nodiscard]] std::size_t n() const noexcept { return spec_.n; }
    /// The delay T, in rounds: job t must be decodable at the end of round t + T.
    [[nodiscard]] std::size_t T() const noexcept { return spec_.T(); }
    /// Tasks per worker and round.
    [[nodiscard]] std::size_t slots() const {
        return visit([](const auto& s) { return s.slots(); });
    }
    /// The scheme's load (exact).
    [[nodiscard]] rational load() const {
        return visit([](const auto& s) { return s.load(); });
    }
    /// The inner code; null for M-SGC with lambda = n.
    [[nodiscard]] const any_code<>* code() const noexcept {
        return visit([](const auto& s) { return s.code(); });
    }
    /// The held scheme, as a std::variant.
    [[nodiscard]] const variant_type& variant() const noexcept { return scheme_; }

private:
    any_scheme(variant_type scheme, scheme_spec spec)
        : scheme_(std::move(scheme)), spec_(std::move(spec)) {}

    variant_type scheme_;
    scheme_spec spec_;
};

// ---------------------------------------------------------------------------------------------
// implementation

inline std::optional<scheme_kind> parse_scheme_kind(std::string_view text) noexcept {
    return detail::find_enum<scheme_kind>(text);
}

inline std::size_t scheme_spec::T() const noexcept {
    switch (kind) {
    case scheme_kind::sr_sgc: return B;
    case scheme_kind::m_sgc: return W - 2 + B;
    default: return 0;
    }
}

inline std::string scheme_spec::to_string() const {
    std::string text = std::string(sgc::to_string(kind)) + "(n = " + std::to_string(n);
    if (kind == scheme_kind::gc) text += ", s = " + std::to_string(s);
    if (kind == scheme_kind::sr_sgc || kind == scheme_kind::m_sgc)
        text += ", B = " + std::to_string(B) + ", W = " + std::to_string(W) +
                ", lambda = " + std::to_string(lambda);
    return text + ")";
}

inline any_scheme any_scheme::make(const scheme_spec& spec, code_kind code, std::uint64_t seed) {
    switch (spec.kind) {
    case scheme_kind::none: return {gc_type(spec.n, 0, code_kind::frc, seed), spec};
    case scheme_kind::gc: return {gc_type(spec.n, spec.s, code, seed), spec};
    case scheme_kind::sr_sgc: {
        sr_sgc_type scheme(spec.n, spec.B, spec.W, spec.lambda, code, seed);
        scheme_spec full = spec;
        full.s = scheme.s();
        return {std::move(scheme), full};
    }
    case scheme_kind::m_sgc: return {m_sgc_type(spec.n, spec.B, spec.W, spec.lambda, code, seed), spec};
    }
    detail::throw_invalid_parameter("sgc::any_scheme::make", "kind", "unknown",
                                    "must be none, gc, sr-sgc or m-sgc");
}

template <class Scheme,
          std::enable_if_t<std::is_constructible_v<any_scheme::variant_type, const Scheme&> &&
                               !std::is_same_v<Scheme, any_scheme>,
                           int>>
any_scheme::any_scheme(const Scheme& scheme) : scheme_(scheme) {
    std::visit(
        [&](const auto& s) {
            using held = std::decay_t<decltype(s)>;
            spec_.n = s.n();
            if constexpr (std::is_same_v<held, gc_type>) {
                spec_.kind = scheme_kind::gc;
                spec_.s = s.s();
            } else {
                spec_.kind = std::is_same_v<held, sr_sgc_type> ? scheme_kind::sr_sgc : scheme_kind::m_sgc;
                spec_.B = s.B();
                spec_.W = s.W();
                spec_.lambda = s.lambda();
                if constexpr (std::is_same_v<held, sr_sgc_type>) spec_.s = s.s();
            }
        },
        scheme_);
}

} // namespace sgc

#endif
