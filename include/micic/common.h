/**
 * @file micic/common.h
 * @brief Export macro, status codes and the caller-owned error struct.
 *
 * Conventions used by every libmicic header
 * -----------------------------------------
 *  - Every public name starts with `micic_` (functions, types) or `MICIC_`
 *    (macros, enum constants).
 *  - Handles are opaque and created by `micic_X_new()` (or a reader) and
 *    destroyed by `micic_X_free()`. Every `*_free(NULL)` is a harmless no-op.
 *  - A fallible function returns an `int` status: `MICIC_OK` (0) on success,
 *    a negative `micic_status` on failure. When its last argument is a
 *    `micic_error *err` (which may be NULL), it fills it on failure and
 *    clears it (code 0, empty text) on success.
 *  - Ownership is stated on each function with one of these words:
 *      "borrowed"  the pointer belongs to its parent object and stays valid
 *                  until that parent is freed or modified; do not free it;
 *      "new"       the caller owns the result and frees it with the named
 *                  function (strings: micic_free());
 *      "steals"    the function takes ownership of an argument.
 *  - There is no mutable global state: independent objects may be used from
 *    different threads freely, and const (read-only) calls on one object may
 *    run concurrently. See docs/threading.md.
 */
#ifndef MICIC_COMMON_H
#define MICIC_COMMON_H

#include <stddef.h>

#if defined(_WIN32) && defined(MICIC_BUILDING_SHARED)
#define MICIC_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(MICIC_STATIC)
#define MICIC_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define MICIC_API __attribute__((visibility("default")))
#else
#define MICIC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes returned by fallible calls. Values are stable. */
typedef enum micic_status {
    MICIC_OK = 0,          /**< success */
    MICIC_ENOMEM = -1,     /**< memory allocation failed */
    MICIC_EINVAL = -2,     /**< invalid argument (usage error) */
    MICIC_EIO = -3,        /**< file could not be opened, read or written */
    MICIC_EPARSE = -4,     /**< input could not be parsed at all */
    MICIC_EFORMAT = -5,    /**< unknown or undetectable format */
    MICIC_ENOTFOUND = -6,  /**< the looked-up item does not exist */
    MICIC_ELIMIT = -7,     /**< a documented size limit was exceeded */
    MICIC_EUTF8 = -8,      /**< text is not valid UTF-8 */
    MICIC_EQUERY = -9,     /**< query syntax error */
    MICIC_EVERSION = -10,  /**< options struct of an unsupported version */
    MICIC_ECANCELLED = -11,/**< a callback asked to stop */
    MICIC_EINTERNAL = -12, /**< a bug in libmicic: please report it */
    MICIC_ITEROVER = -31   /**< iteration finished (not an error) */
} micic_status;

/** Size of micic_error::source, including the terminating NUL. */
#define MICIC_ERROR_SOURCE_LENGTH 80
/** Size of micic_error::text, including the terminating NUL. */
#define MICIC_ERROR_TEXT_LENGTH 200

/**
 * Caller-owned description of a failure, in the spirit of jansson's
 * json_error_t: no allocation, safe to put on the stack.
 * Fields that do not apply are 0 (numbers) or "" (strings).
 */
typedef struct micic_error {
    int code;                                /**< a micic_status */
    int line;                                /**< 1-based line, 0 if unknown */
    int column;                              /**< 1-based column (in characters), 0 if unknown */
    long long position;                      /**< 0-based byte offset, -1 if unknown */
    char source[MICIC_ERROR_SOURCE_LENGTH];  /**< file name or "<buffer>" */
    char text[MICIC_ERROR_TEXT_LENGTH];      /**< human-readable message */
} micic_error;

/**
 * Progress callback of long calls (micic_validate_with_progress(),
 * micic_index_build_with_progress(); micic_read_options::progress has the
 * same signature): @p done units of work of @p total are finished (@p total
 * is 0 when unknown). Return 0 to go on, non-zero to stop: the call then
 * fails with MICIC_ECANCELLED. Called on the calling thread.
 */
typedef int (*micic_progress_cb)(size_t done, size_t total, void *payload);

/**
 * Short English description of a status code ("out of memory", ...).
 * Ownership: static string, never NULL, never free it.
 */
MICIC_API const char *micic_strerror(int code);

/** Reset *err to "no error" (code 0, empty strings, position -1). NULL is ignored. */
MICIC_API void micic_error_clear(micic_error *err);

/**
 * Free memory that libmicic returned as "new" (strings, arrays).
 * NULL is a no-op. Do not mix with the C library's free(): a future
 * version may use a different allocator.
 */
MICIC_API void micic_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_COMMON_H */
