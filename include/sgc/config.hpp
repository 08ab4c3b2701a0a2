#ifndef SGC_CONFIG_HPP
#define SGC_CONFIG_HPP

// Error paths are kept out of line so that hot functions stay small; kernel pieces are forced
// inline so that they compile for the ISA of the function they end up in.
#if defined(__GNUC__) || defined(__clang__)
#define SGC_NOINLINE __attribute__((noinline))
#define SGC_COLD __attribute__((cold))
#define SGC_LIKELY(x) __builtin_expect(!!(x), 1)
#define SGC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SGC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define SGC_NOINLINE
#define SGC_COLD
#define SGC_LIKELY(x) (x)
#define SGC_UNLIKELY(x) (x)
#define SGC_ALWAYS_INLINE inline
#endif

// The combine kernels (gradient/kernels.hpp) use GCC/Clang vector extensions where available,
// and on x86 without AVX2 in the compile flags also build an AVX2 + FMA version chosen at run
// time. Define SGC_NO_DISPATCH to build the baseline version only.
#if defined(__GNUC__) || defined(__clang__)
#define SGC_VECTOR_EXTENSIONS 1
#else
#define SGC_VECTOR_EXTENSIONS 0
#endif
#if SGC_VECTOR_EXTENSIONS && (defined(__x86_64__) || defined(__i386__)) && !defined(__AVX2__) &&  \
    !defined(SGC_NO_DISPATCH)
#define SGC_DISPATCH_AVX2 1
#else
#define SGC_DISPATCH_AVX2 0
#endif

// Builds without exceptions (-fno-exceptions) print the message to stderr and abort instead
// of throwing. SGC_TRY { ... } SGC_CATCH(const std::runtime_error&) { ... } is a try block
// with exceptions; without them the first block runs alone (nothing can be thrown to catch:
// every error has aborted already) and the handler is compiled but never run.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define SGC_HAS_EXCEPTIONS 1
#define SGC_THROW(exception) throw exception
#define SGC_TRY try
#define SGC_CATCH(declaration) catch (declaration)
#else
#define SGC_HAS_EXCEPTIONS 0
#include <cstdio>
#include <cstdlib>
#define SGC_THROW(exception)                                                                       \
    (std::fputs((exception).what(), stderr), std::fputc('\n', stderr), std::abort())
#define SGC_TRY if (true)
#define SGC_CATCH(declaration) else if (false)
#endif

#endif
