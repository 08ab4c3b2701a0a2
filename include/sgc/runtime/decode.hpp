#ifndef SGC_RUNTIME_DECODE_HPP
#define SGC_RUNTIME_DECODE_HPP

#include <type_traits>
#include <vector>

#include "../gradient/combine.hpp"
#include "../core/detail/lookup.hpp"
#include "../schemes/recipe.hpp"

namespace sgc {

/// Applies a scheme master's recipe to the received gradients:
/// out = g(recipe.job) = sum over the recipe's terms of coefficient * result. For programs that
/// run a scheme's sans-I/O master over their own I/O; sgc::master does this itself.
/// @param out the gradient to overwrite, of the results' length d
/// @param recipe a recipe from round_outcome::decoded
/// @param results a callable result_ref -> the received gradient (a reference or a pointer)
/// @throws invalid_parameter if a result's length differs from out's
/// @throws what `results` throws
template <class G, class Results> void decode(G&& out, const decode_recipe& recipe, Results&& results) {
    using result = std::invoke_result_t<Results&, const result_ref&>;
    static_assert(std::is_reference_v<result> || std::is_pointer_v<result>,
                  "sgc: the results lookup must return a reference or a pointer to the gradient");
    using input = std::decay_t<decltype(detail::deref(results(recipe.terms.front().result)))>;
    std::vector<double> coefficients;
    std::vector<const input*> inputs;
    coefficients.reserve(recipe.terms.size());
    inputs.reserve(recipe.terms.size());
    for (const auto& term : recipe.terms) {
        coefficients.push_back(term.coefficient);
        inputs.push_back(&detail::deref(results(term.result)));
    }
    combine(out, coefficients, inputs);
}

} // namespace sgc

#endif
