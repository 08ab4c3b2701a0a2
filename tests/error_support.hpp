// The invalid_parameter a callable throws, for checking what it names.
#ifndef SGC_TESTS_ERROR_SUPPORT_HPP
#define SGC_TESTS_ERROR_SUPPORT_HPP

#include <doctest/doctest.h>

#include <sgc/core/error.hpp>

namespace sgc_test {

template <class F> sgc::invalid_parameter error_of(F&& f) {
    try {
        f();
    } catch (const sgc::invalid_parameter& e) {
        return e;
    }
    FAIL("no invalid_parameter thrown");
    return sgc::invalid_parameter("", "", "", "");
}

} // namespace sgc_test

#endif
