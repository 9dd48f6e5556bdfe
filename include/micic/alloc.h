/**
 * @file micic/alloc.h
 * @brief Process-wide memory allocator of libmicic (fault injection,
 *        custom heaps, accounting).
 *
 * Every allocation libmicic makes itself goes through one set of three
 * functions, by default the C library's malloc(), realloc() and free().
 * micic_set_allocator() replaces them, in the spirit of jansson's
 * json_set_alloc_funcs() and SQLite's SQLITE_CONFIG_MALLOC.
 *
 * This is the ONE piece of mutable global state in libmicic (see
 * docs/threading.md): call micic_set_allocator() at start-up, **before any
 * other libmicic call and while no other thread uses the library**, and
 * do not change it while any object made by libmicic is alive (a block must
 * be freed by the free function of the allocator that made it). After that
 * the hook is only read, so the library stays thread-safe.
 *
 * What is covered: every block libmicic allocates (objects, strings
 * returned as "new", scratch memory), the buffers of libcsv's parsers (set
 * per parser with csv_set_realloc_func()/csv_set_free_func()) and Unicode
 * processing (utf8proc writes into buffers libmicic allocates).
 * What is NOT covered: memory allocated inside jansson (JSON reading and
 * writing; libmicic never calls jansson's global json_set_alloc_funcs(),
 * which would change every other jansson user in the process), inside
 * libstemmer (the Snowball stemmers of search and suggestion), and inside
 * the C library's stdio (FILE buffers, and the open_memstream() buffer that
 * micic_write_buffer() writes through before copying the result into a
 * block of the libmicic allocator). Those use the C library's malloc().
 *
 * Failure contract: when one of the functions returns NULL, the libmicic
 * call that needed the memory fails with MICIC_ENOMEM (and fills its
 * micic_error with that code), frees what it had allocated, and leaves its
 * arguments valid (a corpus read into keeps only complete records:
 * micic/io.h). tests/test_alloc.c checks this by failing each allocation
 * of representative calls in turn.
 */
#ifndef MICIC_ALLOC_H
#define MICIC_ALLOC_H

#include <stddef.h>

#include "micic/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Replace libmicic's allocator. @p malloc_fn and @p realloc_fn have the
 * semantics of the C library's malloc() and realloc() (libmicic never asks
 * for 0 bytes and never passes NULL to @p realloc_fn or @p free_fn); they
 * return NULL on failure. @p free_fn releases a block of either (libmicic
 * never passes NULL to it).
 *
 * Pass three NULLs to restore the C library's allocator. Passing some
 * NULL and some non-NULL arguments is MICIC_EINVAL (and changes nothing).
 * Returns MICIC_OK otherwise.
 *
 * Not thread-safe: call it before any other libmicic call, while no other
 * thread uses libmicic, and only when no block of the previous allocator is
 * still alive (see the file comment).
 */
MICIC_API int micic_set_allocator(void *(*malloc_fn)(size_t),
                                  void *(*realloc_fn)(void *, size_t),
                                  void (*free_fn)(void *));

/**
 * The allocator in use: the functions set by micic_set_allocator(), or the
 * C library's malloc, realloc and free when none is set. Each out pointer
 * may be NULL (that function is then not reported).
 */
MICIC_API void micic_get_allocator(void *(**malloc_fn)(size_t),
                                   void *(**realloc_fn)(void *, size_t),
                                   void (**free_fn)(void *));

#ifdef __cplusplus
}
#endif

#endif /* MICIC_ALLOC_H */
