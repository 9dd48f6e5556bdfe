/**
 * @file micic/version.h
 * @brief Compile-time and run-time version of libmicic.
 *
 * The numbers below are the single source of the version: CMake reads them
 * from this file, so the shared library's VERSION, micic.pc, the CMake
 * package config, the Python package and the R package all agree.
 *
 * Stability rule (see docs/api-stability.md):
 *  - the API (names, signatures, documented behaviour) is stable within a
 *    major version; a minor version only adds;
 *  - the ABI is stable within a major version: handles are opaque, and the
 *    only transparent structs (micic_error, micic_*_options) start with a
 *    version field or keep their size; SONAME is libmicic.so.MAJOR.
 */
#ifndef MICIC_VERSION_H
#define MICIC_VERSION_H

#include "micic/common.h"

#define MICIC_VERSION_MAJOR 0
#define MICIC_VERSION_MINOR 1
#define MICIC_VERSION_PATCH 0

/** "MAJOR.MINOR.PATCH" */
#define MICIC_VERSION_STRING "0.1.0"

/** MAJOR*10000 + MINOR*100 + PATCH, e.g. 100 for 0.1.0 (as SQLITE_VERSION_NUMBER). */
#define MICIC_VERSION_NUMBER \
    (MICIC_VERSION_MAJOR * 10000 + MICIC_VERSION_MINOR * 100 + MICIC_VERSION_PATCH)

/** True when the headers are at least version (maj, min, pat). */
#define MICIC_VERSION_CHECK(maj, min, pat) \
    (MICIC_VERSION_NUMBER >= ((maj) * 10000 + (min) * 100 + (pat)))

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Version of the library actually linked, as "MAJOR.MINOR.PATCH".
 * Ownership: static string, never free it.
 * A program can check `micic_version_number() == MICIC_VERSION_NUMBER`
 * to detect header/library skew.
 */
MICIC_API const char *micic_version(void);

/** Version of the linked library as MAJOR*10000 + MINOR*100 + PATCH. */
MICIC_API int micic_version_number(void);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_VERSION_H */
