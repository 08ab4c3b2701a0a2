#ifndef SGC_VERSION_HPP
#define SGC_VERSION_HPP

/// @file
/// The library's version, as macros for the preprocessor.

/// The major version.
#define SGC_VERSION_MAJOR 0
/// The minor version.
#define SGC_VERSION_MINOR 1
/// The patch version.
#define SGC_VERSION_PATCH 0
/// The version as one number: major * 10000 + minor * 100 + patch (0.1.0 is 100).
#define SGC_VERSION (SGC_VERSION_MAJOR * 10000 + SGC_VERSION_MINOR * 100 + SGC_VERSION_PATCH)

#endif
