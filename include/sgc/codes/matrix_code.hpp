#ifndef SGC_CODES_MATRIX_CODE_HPP
#define SGC_CODES_MATRIX_CODE_HPP

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "../detail/xtensor.hpp"

#include "../core/dynamic.hpp"
#include "../core/error.hpp"
#include "../core/rational.hpp"
#include "detail/code_facade.hpp"
#include "detail/matrix_impl.hpp"

namespace sgc {

/// Any (n, s) gradient code given by its n x k encoding matrix, e.g. a published example or a
/// construction of your own. The claim that every n - s responders decode is yours; every plan
/// is still checked by the numerical guard. Load: the largest row support over k.
class matrix_code : public detail::code_facade<dynamic, dynamic, detail::matrix_impl> {
    using base = detail::code_facade<dynamic, dynamic, detail::matrix_impl>;

public:
    /// The run-time form of this code (it has no static form).
    using dynamic_type = matrix_code;

    /// A code from its n x k encoding matrix E (n = E.shape()[0] workers, k = E.shape()[1]
    /// partitions) tolerating s stragglers.
    /// @param E the encoding matrix, n x k: worker i sends sum_j E(i, j) g_j
    /// @param s the stragglers the code claims to tolerate
    /// @throws invalid_parameter unless 1 <= n <= limits::max_n, s < n, k >= 1, every entry is
    ///         finite and n x k fits limits::max_matrix_entries
    matrix_code(xt::xtensor<double, 2> E, std::size_t s)
        : base("sgc::matrix_code", E.shape()[0], s, E.shape()[1], std::move(E), s) {}

    /// Checks the claim that every n - s responders decode: the first responder set of size
    /// n - s whose plan is decode_status::not_decodable (no coefficients reach 1^T to within
    /// options.tolerance), or nullopt. Exhaustive when binomial(n, s) <= max_sets; otherwise
    /// max_sets sets drawn at random from a fixed seed, so nullopt is evidence, not proof.
    /// Cost: one SVD of an (n - s) x k matrix per set.
    /// @param max_sets the most responder sets to check
    /// @param options the guard's settings
    /// @return the first undecodable responder set found, or nullopt
    std::optional<worker_set> find_undecodable(std::size_t max_sets = 100000,
                                               const decode_options& options = {}) const {
        return this->impl().find_undecodable(max_sets, options);
    }
};

} // namespace sgc

#endif
