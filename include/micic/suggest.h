/**
 * @file micic/suggest.h
 * @brief Guideline suggestion: rank the 15 Guidelines for a practice or a
 *        free text, with a score and the terms that drove it.
 *
 * The model learns from the built-in catalogue (titles, thematic areas,
 * descriptions, body texts and Sample Practices) and, when given one, from
 * a corpus of practices tagged with guidelines: TF-IDF centroids, corrected
 * by an averaged perceptron on the tagged practices where that helps on
 * held-out practices. Each rank has a calibrated confidence; the ranking
 * names the chosen guidelines (1 to 4) and flags low confidence.
 * docs/suggest.md describes the method and reports its evaluation (seeds
 * leave-one-out, real practices never seen and cross-validated, against
 * scikit-learn).
 *
 * Thread-safety: a suggester is immutable once built; many threads may
 * call micic_suggest() on one suggester at the same time.
 */
#ifndef MICIC_SUGGEST_H
#define MICIC_SUGGEST_H

#include "micic/common.h"
#include "micic/practice.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A trained guideline suggester (opaque, immutable). */
typedef struct micic_suggester micic_suggester;

/**
 * Build a suggester from the catalogue plus, when @p training is not NULL,
 * the practices of @p training that carry guideline numbers (copied: the
 * corpus may be freed afterwards). @p exclude_id (may be NULL) leaves one
 * record out, for leave-one-out evaluation, together with the catalogue
 * Sample Practices that copy its text (the seeds repeat them as records).
 * Only a practice's own fields are learnt from (title, description, types,
 * stakeholder types, needs, populations). On MICIC_OK *out is new: free
 * with micic_suggester_free().
 */
MICIC_API int micic_suggester_new(const micic_corpus *training, const char *exclude_id,
                                  micic_suggester **out, micic_error *err);

/**
 * The guidelines a suggester trains @p p with, in increasing order: its
 * guideline numbers, plus, for a practice of seed 003 (source
 * "International Organizations Consultation"), the guidelines that the
 * table data/seed003-guideline-map.tsv gives its title. Writes at most
 * @p cap numbers to @p out (may be NULL) and returns how many there are
 * (0 for an untagged practice or NULL).
 */
MICIC_API size_t micic_suggest_training_guidelines(const micic_practice *p, int *out, size_t cap);

/** Free a suggester. NULL is a no-op. */
MICIC_API void micic_suggester_free(micic_suggester *s);

/** Ranked guidelines (opaque). */
typedef struct micic_suggestions micic_suggestions;

/**
 * Rank guidelines for a free text; at most @p k (0 = all 15). Scores are
 * in [0, 1], higher is better: the cosine with the guideline's (learnt)
 * TF-IDF weights (docs/suggest.md). MICIC_EUTF8 when @p text is not valid
 * UTF-8; MICIC_EINVAL when it has no word to rank by (empty, stopwords
 * only, or no word the suggester learnt). New (one allocation):
 * micic_suggestions_free().
 */
MICIC_API int micic_suggest(const micic_suggester *s, const char *text, size_t k,
                            micic_suggestions **out, micic_error *err);

/** Rank guidelines for a practice (title, description, types, needs...);
 *  MICIC_EINVAL when those have no word to rank by. */
MICIC_API int micic_suggest_practice(const micic_suggester *s, const micic_practice *p,
                                     size_t k, micic_suggestions **out, micic_error *err);

/** Free suggestions. NULL is a no-op. */
MICIC_API void micic_suggestions_free(micic_suggestions *r);
/** Number of ranked guidelines. */
MICIC_API size_t micic_suggestions_size(const micic_suggestions *r);
/** Guideline number (1..15) at rank i (0 = best); 0 out of range. */
MICIC_API int micic_suggestions_guideline(const micic_suggestions *r, size_t i);
/** Score at rank i (higher is better; documented scale in docs/suggest.md). */
MICIC_API double micic_suggestions_score(const micic_suggestions *r, size_t i);
/**
 * Confidence at rank i, in (0, 1): a calibrated estimate of the
 * probability that this guideline is one of the record's (docs/suggest.md
 * gives the reliability table); 0 out of range.
 */
MICIC_API double micic_suggestions_confidence(const micic_suggestions *r, size_t i);
/**
 * Number of chosen guidelines: the first ranks whose confidence passes the
 * calibrated threshold, at least 1 and at most 4 (a record implements 1 to
 * 4 guidelines), and never more than the ranks returned.
 */
MICIC_API size_t micic_suggestions_chosen(const micic_suggestions *r);
/** 1 when no guideline is clearly ahead (the first rank's confidence is low), else 0. */
MICIC_API int micic_suggestions_low_confidence(const micic_suggestions *r);
/** Number of terms that drove rank i. */
MICIC_API size_t micic_suggestions_term_count(const micic_suggestions *r, size_t i);
/** Term j of rank i (stemmed form, most important first); NULL out of range. Borrowed. */
MICIC_API const char *micic_suggestions_term(const micic_suggestions *r, size_t i, size_t j);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_SUGGEST_H */
