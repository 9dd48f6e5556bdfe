/*
 * Parsed queries (lib/query.c), shared with the search (lib/search.c) and
 * with modules that filter records with a query (crosstab). Internal, not
 * installed. The language is documented in docs/query.md.
 *
 * A query is a tree of micic_qnode. It is immutable after
 * micic_query_parse(), so one query may be used by many threads at once.
 */
#ifndef MICIC_QUERY_INTERNAL_H
#define MICIC_QUERY_INTERNAL_H

#include <stddef.h>

#include "micic/practice.h"
#include "internal.h"
#include "micic/search.h"
#include "tokenize.h"

typedef enum micic_qkind {
    MICIC_QN_AND = 0, /* all kids */
    MICIC_QN_OR,      /* any kid */
    MICIC_QN_NOT,     /* kids[0] does not match */
    MICIC_QN_WORD,    /* a free word or "phrase": terms at relative positions */
    MICIC_QN_FACET    /* field:value */
} micic_qkind;

/* How a facet node compares its key with a record value's key. */
typedef enum micic_qmatch {
    MICIC_QM_EQUAL = 0, /* key(value) == key (closed vocabularies, country, guideline) */
    MICIC_QM_WORDS,     /* key occurs in key(value) starting and ending at word
                           boundaries (stakeholder, population, need, source, link) */
    MICIC_QM_EXACT,     /* value == key byte for byte (id) */
    MICIC_QM_TOKENS     /* the value's tokens contain the node's terms as a phrase
                           (title, description) */
} micic_qmatch;

typedef struct micic_qnode {
    micic_qkind kind;
    int column;                /* 1-based column of the node in the query text */
    /* AND / OR / NOT */
    struct micic_qnode **kids;
    size_t nkids;
    /* WORD, and FACET with MICIC_QM_TOKENS */
    char **terms;              /* stemmed, folded terms (lib/tokenize.h) */
    size_t *rel;               /* position of terms[i] relative to terms[0] */
    size_t nterms;
    int is_phrase;             /* written in quotes */
    int positive;              /* WORD: not under an odd number of NOTs (ranked) */
    char *text;                /* WORD: as written (without quotes); FACET: canonical value */
    /* FACET */
    micic_field field;
    micic_qmatch match;
    char *key;                 /* normalized key compared with micic__facet_key() keys */
} micic_qnode;

struct micic_query {
    micic_qnode *root;
    int ranked;                /* some WORD node is positive */
};

/*
 * Normalized key of a record value for facet matching, the same function
 * the query side uses: vocabulary fields map a sure micic_vocab_lookup()
 * to its label's key, country to the ISO alpha-3 code, guideline to its
 * number ("14"), id stays as is, every other value becomes micic__key().
 * On MICIC_OK *out is new (micic__free). MICIC_ENOMEM, MICIC_EUTF8.
 */
int micic__facet_key(micic_field f, const char *value, char **out);

/* Same, into @p out (cleared first; reuse one buffer to avoid allocations). */
int micic__facet_key_buf(micic_field f, const char *value, micic_buf *out);

/* The number of guideline named by a record value ("14", "GUIDELINE 14:
 * ...", a title), 0 when none, -1 when a heading's number and title disagree. */
int micic__guideline_number_of(const char *text);

/* 1 when the record value key @p vkey satisfies facet node @p n (not for
 * MICIC_QM_TOKENS). */
int micic__facet_key_matches(const micic_qnode *n, const char *vkey);

/*
 * 1 when record @p p matches query @p q, 0 when not, MICIC_ENOMEM (< 0)
 * when memory ran out. Same semantics as micic_search_query() on an index,
 * without one (one record at a time). @p tok may be NULL: a tokenizer is
 * then created for the call when the query has words.
 */
int micic__query_match_tok(const micic_query *q, const micic_practice *p, micic_tokenizer *tok);

/* micic__query_match_tok(q, p, NULL) */
int micic__query_match(const micic_query *q, const micic_practice *p);

/* Fields whose values are indexed as text for words and phrases. */
#define MICIC_QUERY_TEXT_FIELDS { MICIC_FIELD_TITLE, MICIC_FIELD_DESCRIPTION, MICIC_FIELD_STAKEHOLDER }
#define MICIC_QUERY_N_TEXT_FIELDS 3

/* Gap in positions between two values of one record, so that phrases never
 * span values (a query cannot hold a phrase longer than its byte count). */
#define MICIC_QUERY_VALUE_GAP MICIC_QUERY_MAX_BYTES

#endif /* MICIC_QUERY_INTERNAL_H */
