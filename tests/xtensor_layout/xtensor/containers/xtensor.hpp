// Stands in for xtensor 0.26+'s <xtensor/containers/xtensor.hpp> by forwarding to the installed
// flat-layout header, so the test can check that sgc picks the subdirectory layout when present.
#include <xtensor/xtensor.hpp>
#define SGC_TEST_SUBDIRECTORY_HEADER_USED 1
