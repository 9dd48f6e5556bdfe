/**
 * @file micic/practice.h
 * @brief Practice records (micic_practice) and ordered collections of them
 *        (micic_corpus).
 *
 * Every field of a practice is a list of values; single-valued fields
 * (id, title, description, source, kind) hold zero or one value. Each value
 * carries:
 *  - its canonical text (a vocabulary label when the field has a controlled
 *    vocabulary and the value is a sure match, an ISO short name for
 *    countries, the number for guidelines, else the trimmed original),
 *  - the original text as it was read,
 *  - where it came from (source name, 1-based line and column).
 * Labels the readers do not recognize are kept as (label, value) "extra"
 * pairs, so nothing is dropped.
 *
 * Thread-safety: a corpus that is no longer being modified can be read from
 * any number of threads at once (all getters are const and allocate nothing).
 */
#ifndef MICIC_PRACTICE_H
#define MICIC_PRACTICE_H

#include "micic/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The fields of a practice record. Values and names are stable. */
typedef enum micic_field {
    MICIC_FIELD_ID = 0,           /**< "id": stable identifier */
    MICIC_FIELD_TITLE,            /**< "title" */
    MICIC_FIELD_TYPE,             /**< "type": types of practice (vocab TYPE) */
    MICIC_FIELD_COUNTRY,          /**< "country": ISO short names or "Global" */
    MICIC_FIELD_STAKEHOLDER,      /**< "stakeholder": names of stakeholders */
    MICIC_FIELD_STAKEHOLDER_TYPE, /**< "stakeholder_type" (vocab STAKEHOLDER_TYPE) */
    MICIC_FIELD_CRISIS,           /**< "crisis": types of crisis (vocab CRISIS) */
    MICIC_FIELD_PHASE,            /**< "phase": crisis phases (vocab PHASE) */
    MICIC_FIELD_DESCRIPTION,      /**< "description": free text, paragraphs split by "\n\n" */
    MICIC_FIELD_LINK,             /**< "link": related links (URLs or labels) */
    MICIC_FIELD_GUIDELINE,        /**< "guideline": numbers "1".."15" as text */
    MICIC_FIELD_THEME,            /**< "theme": thematic areas (vocab THEME) */
    MICIC_FIELD_POPULATION,       /**< "population": migrant populations targeted */
    MICIC_FIELD_NEED,             /**< "need": vulnerabilities and needs addressed */
    MICIC_FIELD_SOURCE,           /**< "source" */
    MICIC_FIELD_KIND,             /**< "kind": "Reported Practice" or "Recommended Practice" */
    MICIC_FIELD_COUNT
} micic_field;

/** Kinds of record (value of MICIC_FIELD_KIND). */
#define MICIC_KIND_REPORTED "Reported Practice"
#define MICIC_KIND_RECOMMENDED "Recommended Practice"

/** Machine name of a field ("stakeholder_type"); "" when invalid. Static. */
MICIC_API const char *micic_field_name(micic_field f);

/** Human label of a field as the repository shows it ("Type of crisis"). Static. */
MICIC_API const char *micic_field_label(micic_field f);

/**
 * Field named by a machine name, a repository label or a label variant
 * ("Country (Check all that apply)", "Description of the practice").
 * Returns MICIC_OK or MICIC_ENOTFOUND.
 */
MICIC_API int micic_field_from_name(const char *name, micic_field *out);

/** 1 when the field holds at most one value (id, title, description, source, kind). */
MICIC_API int micic_field_is_single(micic_field f);

/** 1 when the field's values come from a controlled vocabulary; *vocab_out gets it. */
MICIC_API int micic_field_vocab(micic_field f, int *vocab_out);

/** Where a value came from. Strings are borrowed from the practice. */
typedef struct micic_location {
    const char *source; /**< file name, "<buffer>", or "" */
    int line;           /**< 1-based, 0 unknown */
    int column;         /**< 1-based, 0 unknown */
} micic_location;

/* ------------------------------------------------------------------ */
/* micic_practice                                                      */
/* ------------------------------------------------------------------ */

/** One practice record (opaque). */
typedef struct micic_practice micic_practice;

/** New empty practice; NULL on allocation failure. Free with micic_practice_free(). */
MICIC_API micic_practice *micic_practice_new(void);

/** Free a practice not owned by a corpus. NULL is a no-op. */
MICIC_API void micic_practice_free(micic_practice *p);

/** Deep copy; NULL on allocation failure. New: free with micic_practice_free(). */
MICIC_API micic_practice *micic_practice_copy(const micic_practice *p);

/** Record id, or "" when none has been given yet. Borrowed. */
MICIC_API const char *micic_practice_id(const micic_practice *p);

/** Number of values in a field. */
MICIC_API size_t micic_practice_count(const micic_practice *p, micic_field f);

/** Canonical value i of a field; NULL when out of range. Borrowed. */
MICIC_API const char *micic_practice_value(const micic_practice *p, micic_field f, size_t i);

/** First value of a field or "" when empty (handy for single-valued fields). Borrowed. */
MICIC_API const char *micic_practice_first(const micic_practice *p, micic_field f);

/** Original text of value i as read; NULL when out of range. Borrowed. */
MICIC_API const char *micic_practice_original(const micic_practice *p, micic_field f, size_t i);

/** Location of value i; MICIC_ENOTFOUND when out of range. */
MICIC_API int micic_practice_location(const micic_practice *p, micic_field f, size_t i,
                                      micic_location *out);

/** Where the record starts (its first line). */
MICIC_API micic_location micic_practice_record_location(const micic_practice *p);

/**
 * Append a value. @p original is what was read (may equal @p value);
 * @p value is the canonical text; NULL means "canonicalize @p original
 * with the built-in vocabulary when that is a sure match, else keep it".
 * @p source may be NULL. For single-valued fields the value replaces the
 * existing one. Copies all strings.
 * Canonicalization (value NULL): vocabulary fields -> micic_vocab_lookup()
 * label; country -> micic_country_name() of micic_country_lookup(); guideline
 * "14", "Guideline 14", "GUIDELINE 14: title" -> "14" (1..15 only); anything
 * else (and every miss) -> the original with white space trimmed.
 * MICIC_EINVAL for MICIC_FIELD_ID of a practice owned by a corpus: ids are
 * frozen once a record is in a corpus (they are indexed).
 */
MICIC_API int micic_practice_add(micic_practice *p, micic_field f, const char *original,
                                 const char *value, const char *source, int line,
                                 int column, micic_error *err);

/**
 * Replace value i (canonical text only; the original is kept).
 * MICIC_ENOTFOUND when i is out of range; MICIC_EINVAL for MICIC_FIELD_ID of
 * a practice owned by a corpus (ids are frozen).
 */
MICIC_API int micic_practice_set_value(micic_practice *p, micic_field f, size_t i,
                                       const char *value, micic_error *err);

/** Remove all values of a field (ignored for MICIC_FIELD_ID of a practice owned by a corpus). */
MICIC_API void micic_practice_clear(micic_practice *p, micic_field f);

/** Set where the record starts. Copies @p source. */
MICIC_API int micic_practice_set_record_location(micic_practice *p, const char *source,
                                                 int line, int column, micic_error *err);

/** Number of unrecognized (label, value) pairs kept from the input. */
MICIC_API size_t micic_practice_extra_count(const micic_practice *p);
/** Label of extra pair i; NULL out of range. Borrowed. */
MICIC_API const char *micic_practice_extra_label(const micic_practice *p, size_t i);
/** Value of extra pair i; NULL out of range. Borrowed. */
MICIC_API const char *micic_practice_extra_value(const micic_practice *p, size_t i);
/** Keep an unrecognized (label, value) pair. Copies both. */
MICIC_API int micic_practice_add_extra(micic_practice *p, const char *label,
                                       const char *value, micic_error *err);

/**
 * 1 when two practices have the same canonical values in every field
 * and the same extras (originals and locations are not compared), else 0.
 */
MICIC_API int micic_practice_equal(const micic_practice *a, const micic_practice *b);

/* ------------------------------------------------------------------ */
/* micic_corpus                                                        */
/* ------------------------------------------------------------------ */

/** An ordered collection of practices with unique ids (opaque). */
typedef struct micic_corpus micic_corpus;

/** New empty corpus; NULL on allocation failure. Free with micic_corpus_free(). */
MICIC_API micic_corpus *micic_corpus_new(void);

/** Free a corpus and every practice in it. NULL is a no-op. */
MICIC_API void micic_corpus_free(micic_corpus *c);

/** Number of records. */
MICIC_API size_t micic_corpus_size(const micic_corpus *c);

/** Record i (0-based, insertion order); NULL when out of range. Borrowed from the corpus. */
MICIC_API const micic_practice *micic_corpus_get(const micic_corpus *c, size_t i);

/**
 * Mutable record i, for normalization and editing; NULL out of range. Borrowed.
 * Every field but the id may be changed (see micic_practice_set_value()).
 */
MICIC_API micic_practice *micic_corpus_get_mutable(micic_corpus *c, size_t i);

/** Record by id; NULL when absent. Borrowed. Lookup is O(1) on average. */
MICIC_API const micic_practice *micic_corpus_find(const micic_corpus *c, const char *id);

/** Index of the record with this id, or -1. */
MICIC_API long micic_corpus_index_of(const micic_corpus *c, const char *id);

/**
 * Append a record; steals @p p (also on failure, where it is freed).
 * A record without an id gets "P<n>" (n = 1-based position among
 * records without ids); a duplicate id gets a "-2", "-3"... suffix so ids
 * stay unique and stable for the same input (the first free suffix; an
 * automatic "P<n>" that is taken gets one too). Renaming a given id adds an
 * info "duplicate-id" diagnostic to the corpus's read report; the id as given
 * stays readable with micic_practice_original(p, MICIC_FIELD_ID, 0).
 * A practice that already belongs to a corpus is refused with MICIC_EINVAL
 * and not freed.
 */
MICIC_API int micic_corpus_add(micic_corpus *c, micic_practice *p, micic_error *err);

/**
 * Append deep copies of every record of @p src (ids made unique as above).
 * @p src may be @p c. The read report of @p src is not copied.
 */
MICIC_API int micic_corpus_extend(micic_corpus *c, const micic_corpus *src, micic_error *err);

/** Records in the input that readers rejected so far (see micic_corpus_read_report()). */
MICIC_API size_t micic_corpus_rejected(const micic_corpus *c);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_PRACTICE_H */
