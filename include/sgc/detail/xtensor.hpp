#ifndef SGC_DETAIL_XTENSOR_HPP
#define SGC_DETAIL_XTENSOR_HPP

// xtensor's containers: the one place sgc includes xtensor itself (xtensor_blas.hpp adds
// xtensor-blas on top, for the codes that solve). xtensor 0.26 moved its headers into
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

#include "../config.hpp"

// Without exceptions, xtensor's errors print and abort too; xtensor must be told so before its
// first header (a program that includes xtensor before sgc defines it itself).
#if !SGC_HAS_EXCEPTIONS && !defined(XTENSOR_DISABLE_EXCEPTIONS)
#define XTENSOR_DISABLE_EXCEPTIONS
#endif

// What sgc uses without a solve: xt::xtensor (the encoding matrices, xtensor gradients).
#if SGC_XTENSOR_SUBDIRECTORY_LAYOUT
#include <xtensor/containers/xtensor.hpp>
#else
#include <xtensor/xtensor.hpp>
#endif

#endif
