// With an <xtensor/containers/xtensor.hpp> on the include path (xtensor 0.26 and later) sgc's
// compatibility header must include it, and the whole library must compile through it.
#include <sgc/sgc.hpp>

static_assert(SGC_XTENSOR_SUBDIRECTORY_LAYOUT == 1, "the subdirectory layout was not detected");
#if !defined(SGC_TEST_SUBDIRECTORY_HEADER_USED)
#error "sgc/detail/xtensor.hpp did not include the subdirectory layout's headers"
#endif

int main() {}
