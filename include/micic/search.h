/**
 * @file micic/search.h
 * @brief Faceted queries, ranked full-text search (BM25) and similar
 *        practices over a corpus.
 *
 * Query language (docs/query.md):
 *   field:value terms for every facet — guideline, theme, phase, crisis,
 *   type, stakeholder, stakeholder_type, country (name or ISO code),
 *   population, need, source, kind (also id, title, description, link) —
 *   free words and "quoted phrases", AND / OR / NOT and parentheses,
 *   implicit AND between terms, e.g.
 *     guideline:14 crisis:conflict (phase:"post-crisis action" OR phase:emergency)
 *     NOT country:LBY evacuation
 *   Facet values pass through the vocabulary normalization ("post crisis").
 *
 * Free words and phrases match the tokens of title, description and
 * stakeholder names (Unicode case folding with utf8proc, Snowball English
 * stemming, a stopword list). Matching records are ranked by BM25 over the
 * positive word/phrase terms (docs/search.md states the IDF variant); a
 * query with no word terms returns matches in corpus order with score 0.
 *
 * Thread-safety: an index is immutable once built; any number of threads
 * may search one index at the same time. The corpus must not be modified
 * or freed while an index built on it is alive.
 */
#ifndef MICIC_SEARCH_H
#define MICIC_SEARCH_H

#include "micic/common.h"
#include "micic/practice.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

/** A parsed query (opaque, immutable). */
typedef struct micic_query micic_query;

/** Longest accepted query text in bytes, and deepest parenthesis nesting. */
#define MICIC_QUERY_MAX_BYTES 4096
#define MICIC_QUERY_MAX_DEPTH 32

/**
 * Parse @p text. On a syntax error returns MICIC_EQUERY and fills @p err
 * with the 1-based column and a message saying what was expected
 * ("expected ')' to close '(' at column 3"). On MICIC_OK *out is new:
 * free with micic_query_free().
 */
MICIC_API int micic_query_parse(const char *text, micic_query **out, micic_error *err);

/** Free a query. NULL is a no-op. */
MICIC_API void micic_query_free(micic_query *q);

/** Canonical text of a parsed query (normalized values, explicit AND/OR), which parses
 *  back to itself. New: micic_free(); NULL for a NULL query or when memory runs out. */
MICIC_API char *micic_query_to_string(const micic_query *q);

/** 1 when the query has free words or phrases (ranked), 0 when only facets. */
MICIC_API int micic_query_is_ranked(const micic_query *q);

/* ------------------------------------------------------------------ */
/* Index and search                                                    */
/* ------------------------------------------------------------------ */

/** An inverted index over a corpus (opaque, immutable after build). */
typedef struct micic_index micic_index;

/**
 * Build the index of @p corpus (which must outlive it). On MICIC_OK *out is
 * new: free with micic_index_free().
 */
MICIC_API int micic_index_build(const micic_corpus *corpus, micic_index **out, micic_error *err);

/**
 * micic_index_build() reporting progress: @p progress (may be NULL: then this
 * is micic_index_build()) is called with (records tokenized, records in the
 * corpus, @p payload) about every 1024 records and once when all are (the
 * postings are laid out after that last call). A non-zero return stops the
 * build: MICIC_ECANCELLED, and *out stays NULL.
 */
MICIC_API int micic_index_build_with_progress(const micic_corpus *corpus,
                                              micic_progress_cb progress, void *payload,
                                              micic_index **out, micic_error *err);

/** Free an index. NULL is a no-op. */
MICIC_API void micic_index_free(micic_index *ix);

/** The corpus the index was built on. Borrowed. */
MICIC_API const micic_corpus *micic_index_corpus(const micic_index *ix);

/** Search options: initialize with MICIC_SEARCH_OPTIONS_INIT. */
typedef struct micic_search_options {
    int version;            /**< MICIC_SEARCH_OPTIONS_VERSION */
    double k1;              /**< BM25 k1 (default 1.2) */
    double b;               /**< BM25 b (default 0.75) */
    size_t limit;           /**< at most this many results (0 = all) */
    size_t snippet_chars;   /**< snippet length in characters (default 160; 0 = no snippet) */
    const char *mark_open;  /**< marks around matched words in snippets (default "[") */
    const char *mark_close; /**< (default "]") */
} micic_search_options;

#define MICIC_SEARCH_OPTIONS_VERSION 1
#define MICIC_SEARCH_OPTIONS_INIT { MICIC_SEARCH_OPTIONS_VERSION, 1.2, 0.75, 10, 160, "[", "]" }

/** Fill @p opts with the defaults. */
MICIC_API void micic_search_options_init(micic_search_options *opts);

/** A ranked list of records (opaque). */
typedef struct micic_results micic_results;

/**
 * Run a query text on an index. Returns MICIC_EQUERY (with column) on a
 * syntax error. On MICIC_OK *out is new: free with micic_results_free().
 * @p opts may be NULL.
 */
MICIC_API int micic_search(const micic_index *ix, const char *query,
                           const micic_search_options *opts, micic_results **out,
                           micic_error *err);

/** Same with a parsed query. */
MICIC_API int micic_search_query(const micic_index *ix, const micic_query *q,
                                 const micic_search_options *opts, micic_results **out,
                                 micic_error *err);

/** Free results. NULL is a no-op. */
MICIC_API void micic_results_free(micic_results *r);
/** Number of results returned (after the limit). */
MICIC_API size_t micic_results_size(const micic_results *r);
/** Number of matching records before the limit. */
MICIC_API size_t micic_results_total(const micic_results *r);
/** Corpus index of result i; (size_t)-1 out of range. */
MICIC_API size_t micic_results_record(const micic_results *r, size_t i);
/** Record id of result i; NULL out of range. Borrowed from the corpus. */
MICIC_API const char *micic_results_id(const micic_results *r, size_t i);
/** Score of result i: positive, higher is better (0 for unranked queries). */
MICIC_API double micic_results_score(const micic_results *r, size_t i);
/** Snippet of result i with matched words marked, or "" (no snippet, out of range).
 *  Borrowed from the results. */
MICIC_API const char *micic_results_snippet(const micic_results *r, size_t i);

/* ------------------------------------------------------------------ */
/* Similar practices and near duplicates                               */
/* ------------------------------------------------------------------ */

/**
 * The @p k records most similar to record @p record (itself excluded), by
 * cosine similarity of TF-IDF vectors over title, description and
 * stakeholder tokens. Scores in (0, 1]; records with score 0 are not
 * listed; @p k = 0 lists them all. MICIC_ENOTFOUND when @p record is out of
 * range. New results. See docs/similar.md.
 */
MICIC_API int micic_similar(const micic_index *ix, size_t record, size_t k,
                            micic_results **out, micic_error *err);

/** The @p k records most similar to a free text. New results. */
MICIC_API int micic_similar_text(const micic_index *ix, const char *text, size_t k,
                                 micic_results **out, micic_error *err);

/** Groups of near-duplicate records (opaque). */
typedef struct micic_groups micic_groups;

/**
 * Group records whose pairwise similarity is >= @p threshold (0..1)
 * (single-link). Only groups of two or more are listed, in the order of
 * their first record. Candidate pairs come from shared rare terms (exact
 * prefix filtering, not all pairs: docs/similar.md). MICIC_EINVAL for a
 * threshold outside [0, 1]. New: free with micic_groups_free().
 */
MICIC_API int micic_duplicates(const micic_index *ix, double threshold, micic_groups **out,
                               micic_error *err);
/** Free groups. NULL is a no-op. */
MICIC_API void micic_groups_free(micic_groups *g);
/** Number of groups. */
MICIC_API size_t micic_groups_count(const micic_groups *g);
/** Number of records in group i. */
MICIC_API size_t micic_groups_size(const micic_groups *g, size_t i);
/** Corpus index of member j of group i (members in corpus order); (size_t)-1 out of range. */
MICIC_API size_t micic_groups_member(const micic_groups *g, size_t i, size_t j);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_SEARCH_H */
