// Stands in for xtensor 0.26+'s <xtensor/generators/xbuilder.hpp> (see containers/xtensor.hpp).
#include <xtensor/xbuilder.hpp>
#define SGC_TEST_SUBDIRECTORY_BUILDER_USED 1
