/*
 * The layout of a micic_index (lib/index.c), shared by the search
 * (lib/search.c) and by similar practices / near duplicates. Internal, not
 * installed. An index is immutable after micic_index_build(): read it from
 * any number of threads, never write to it.
 *
 * What is indexed: for every record d (0-based corpus index), the tokens
 * (lib/tokenize.h: folded, stemmed, stopwords removed) of its title, its
 * description and its stakeholder names, in that order, in one position
 * space: positions restart nowhere, and consecutive values are separated
 * by MICIC_QUERY_VALUE_GAP unused positions (lib/query_internal.h) so a
 * phrase never spans two values.
 *
 * Everything is stored in flat arrays (CSR layout), never one allocation
 * per posting:
 *
 *   Term dictionary   terms 0..nterms-1; term t is the NUL-terminated
 *                     string term_text + term_off[t] of term_len[t] bytes.
 *                     micic__index_term_id() finds a term by hash (open
 *                     addressing, linear probing) in O(1).
 *
 *   Postings          by term: the postings of term t are the entries
 *                     p = post_start[t] .. post_start[t+1]-1 of post_doc[]
 *                     (record index, strictly increasing) and post_tf[]
 *                     (occurrences of t in that record, >= 1).
 *                     Document frequency df(t) = post_start[t+1] - post_start[t]
 *                     (micic__index_df()).
 *
 *   Positions         the positions of term t in all its records are
 *                     pos[term_pos_start[t] .. term_pos_start[t+1]), grouped
 *                     by posting in posting order, increasing within a
 *                     posting: posting p's positions start after the sum of
 *                     post_tf of the earlier postings of the same term.
 *
 *   Forward index     by record: the distinct terms of record d are
 *                     fwd_term[fwd_start[d] .. fwd_start[d+1]) (in order of
 *                     first occurrence) with counts fwd_tf[] (same indexes).
 *                     This is the record's term-frequency vector: a TF-IDF
 *                     vector is fwd_tf[i] * idf(fwd_term[i]).
 *
 *   Lengths           doc_len[d] = number of tokens of record d (sum of its
 *                     fwd_tf); total_len = sum over records; avg_len =
 *                     total_len / ndocs (0 for an empty corpus).
 *
 *   Text fields       field_pos[d * 4 + k] (k = 0 title, 1 description,
 *                     2 stakeholder, 3 end) is the first position of text
 *                     field k in record d, so field k holds the positions
 *                     [field_pos[d*4+k], field_pos[d*4+k+1]).
 *
 *   Facets            facets[f] for every micic_field f but title and
 *                     description (left empty: those are searched through
 *                     the tokens, with field_pos): the distinct
 *                     micic__facet_key() keys of the field's values (and, for
 *                     MICIC_FIELD_THEME, the themes of the record's
 *                     guidelines) with, for each key k, the records that have
 *                     it: docs[start[k] .. start[k+1]) (increasing).
 *
 * Sizes are size_t; record indexes, term ids, counts and positions are
 * uint32_t (an index holds at most UINT32_MAX - 1 records and terms).
 */
#ifndef MICIC_INDEX_INTERNAL_H
#define MICIC_INDEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "micic/practice.h"
#include "micic/search.h"

/* A string -> id hash map with keys in one arena (internal to index.c;
 * use the lookup functions below). */
typedef struct micic__strmap {
    char *text;       /* keys, NUL-terminated, back to back */
    size_t text_len, text_cap;
    size_t *off;      /* key id -> offset in text */
    uint32_t *len;    /* key id -> length */
    size_t n, cap;    /* number of keys, capacity of off/len */
    uint32_t *slots;  /* hash slots: key id + 1, 0 = empty */
    size_t nslots;    /* power of two */
} micic__strmap;

/* Id of key s[0..n) in m, or -1. */
long micic__strmap_find(const micic__strmap *m, const char *s, size_t n);
/* Key id's string (NUL-terminated). */
const char *micic__strmap_key(const micic__strmap *m, size_t id);

/* The records of each distinct key of one field. */
typedef struct micic__facet {
    micic__strmap keys;
    size_t *start;    /* keys.n + 1 */
    uint32_t *docs;
} micic__facet;

#define MICIC_INDEX_TEXT_FIELDS 3

struct micic_index {
    const micic_corpus *corpus; /* borrowed: must outlive the index */
    size_t ndocs;

    /* term dictionary */
    micic__strmap dict;          /* term id = key id; nterms = dict.n */
    size_t nterms;

    /* postings by term */
    size_t *post_start;          /* nterms + 1 */
    uint32_t *post_doc;          /* npostings */
    uint32_t *post_tf;           /* npostings */
    size_t npostings;

    /* positions by term */
    size_t *term_pos_start;      /* nterms + 1 */
    uint32_t *pos;               /* ntokens */
    size_t ntokens;

    /* forward index by record */
    size_t *fwd_start;           /* ndocs + 1 */
    uint32_t *fwd_term;          /* npostings */
    uint32_t *fwd_tf;            /* npostings */

    /* lengths */
    uint32_t *doc_len;           /* ndocs */
    size_t total_len;
    double avg_len;

    /* first position of each text field per record */
    uint32_t *field_pos;         /* ndocs * (MICIC_INDEX_TEXT_FIELDS + 1) */

    /* facets */
    micic__facet facets[MICIC_FIELD_COUNT];
};

/* Term id of the (already folded and stemmed) term s[0..n), or -1. */
long micic__index_term_id(const micic_index *ix, const char *s, size_t n);

/* The term string of id t (NUL-terminated, borrowed). */
const char *micic__index_term(const micic_index *ix, size_t t);

/* Document frequency of term t: number of records containing it. */
size_t micic__index_df(const micic_index *ix, size_t t);

/*
 * BM25 inverse document frequency (Lucene's form, docs/search.md):
 *   idf = ln(1 + (N - n + 0.5) / (n + 0.5))
 * for N records of which n contain the term. Always > 0.
 */
double micic__bm25_idf(size_t N, size_t n);

/* Records of the facet key @p key of field @p f: sets *docs / *count
 * (count 0 when the key is absent). */
void micic__index_facet_docs(const micic_index *ix, micic_field f, const char *key,
                             const uint32_t **docs, size_t *count);

/*
 * Results (micic_results of search.h), built by search and by similar
 * practices. Create with micic__results_new(): all arrays have room for n
 * results, snippet[i] may stay NULL (the accessor then returns ""); set
 * n (<= the allocated count) and total before returning. Snippets are
 * owned by the results (micic__malloc'd strings) and freed with them.
 */
struct micic_results {
    const micic_corpus *corpus; /* borrowed, for ids */
    size_t n;                   /* results returned */
    size_t total;               /* matching records before the limit */
    size_t *record;             /* corpus index of result i */
    double *score;              /* score of result i */
    char **snippet;             /* snippet of result i or NULL */
};

/* New results with room for n (n may be 0); NULL on allocation failure.
 * n and total start at 0. */
micic_results *micic__results_new(const micic_corpus *corpus, size_t n);

#endif /* MICIC_INDEX_INTERNAL_H */
