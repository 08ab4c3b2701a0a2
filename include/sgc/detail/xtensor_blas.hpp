#ifndef SGC_DETAIL_XTENSOR_BLAS_HPP
#define SGC_DETAIL_XTENSOR_BLAS_HPP

// xtensor-blas (xt::linalg: BLAS and LAPACK), for the codes whose plans or construction solve
// linear systems: the cyclic repetition code and matrix_code. Only the headers of those codes
// include it, so a program without them needs neither xtensor-blas nor BLAS/LAPACK.
#include "xtensor.hpp"

#include <xtensor-blas/xlinalg.hpp>

#endif
