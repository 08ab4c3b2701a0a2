#ifndef SGC_DETAIL_XTENSOR_HPP
#define SGC_DETAIL_XTENSOR_HPP

// The only place sgc includes xtensor and xtensor-blas. xtensor 0.26 moved its headers into
// subdirectories (<xtensor/containers/xtensor.hpp>, ...); Debian bookworm ships 0.24 (flat
// layout), vcpkg ships 0.27. Both layouts are supported: 0.24 and 0.25 (flat) with xtensor-blas
// 0.20/0.21, and 0.26 and 0.27 (subdirectories) with xtensor-blas 0.22 or later, whose
// <xtensor-blas/xlinalg.hpp> kept its name. SGC_XTENSOR_SUBDIRECTORY_LAYOUT says which one
// was found.
#if defined(__has_include)
#if __has_include(<xtensor/containers/xtensor.hpp>)
#define SGC_XTENSOR_SUBDIRECTORY_LAYOUT 1
#endif
#endif
#ifndef SGC_XTENSOR_SUBDIRECTORY_LAYOUT
#define SGC_XTENSOR_SUBDIRECTORY_LAYOUT 0
#endif

// What sgc uses: xt::xtensor (containers) and xt::ones (generators).
#if SGC_XTENSOR_SUBDIRECTORY_LAYOUT
#include <xtensor/containers/xtensor.hpp>
#include <xtensor/generators/xbuilder.hpp>
#else
#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>
#endif

#include <xtensor-blas/xlinalg.hpp>

#endif
