#ifndef SGC_CONFIG_HPP
#define SGC_CONFIG_HPP

// Error paths are kept out of line so that hot functions stay small.
#if defined(__GNUC__) || defined(__clang__)
#define SGC_NOINLINE __attribute__((noinline))
#define SGC_COLD __attribute__((cold))
#define SGC_LIKELY(x) __builtin_expect(!!(x), 1)
#define SGC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SGC_NOINLINE
#define SGC_COLD
#define SGC_LIKELY(x) (x)
#define SGC_UNLIKELY(x) (x)
#endif

// Builds without exceptions terminate with the message instead of throwing.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define SGC_HAS_EXCEPTIONS 1
#define SGC_THROW(exception) throw exception
#else
#define SGC_HAS_EXCEPTIONS 0
#include <cstdio>
#include <cstdlib>
#define SGC_THROW(exception)                                                                       \
    (std::fputs((exception).what(), stderr), std::fputc('\n', stderr), std::abort())
#endif

#endif
