/**
 * @file micic/suggest.h
 * @brief Guideline suggestion: rank the 15 Guidelines for a practice or a
 *        free text, with a score and the terms that drove it.
 *
 * The model learns from the built-in catalogue (titles, thematic areas,
 * body texts and Sample Practices) and, when given one, from a corpus of
 * practices tagged with guidelines: TF-IDF centroids, corrected by an
 * averaged perceptron on the tagged practices. docs/suggest.md describes
 * the method and reports top-1 / top-3 accuracy measured leave-one-out on
 * the seeds.
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

/** Free a suggester. NULL is a no-op. */
MICIC_API void micic_suggester_free(micic_suggester *s);

/** Ranked guidelines (opaque). */
typedef struct micic_suggestions micic_suggestions;

/**
 * Rank guidelines for a free text; at most @p k (0 = all 15). Scores are
 * >= 0, higher is better: the cosine with the guideline's centroid, in
 * [0, 1], for a catalogue-only suggester; with a training corpus the
 * learnt corrections are added (docs/suggest.md), so a score can pass 1.
 * MICIC_EUTF8 when @p text is not valid UTF-8. New (one allocation):
 * micic_suggestions_free().
 */
MICIC_API int micic_suggest(const micic_suggester *s, const char *text, size_t k,
                            micic_suggestions **out, micic_error *err);

/** Rank guidelines for a practice (title, description, types, needs...). */
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
/** Number of terms that drove rank i. */
MICIC_API size_t micic_suggestions_term_count(const micic_suggestions *r, size_t i);
/** Term j of rank i (stemmed form, most important first); NULL out of range. Borrowed. */
MICIC_API const char *micic_suggestions_term(const micic_suggestions *r, size_t i, size_t j);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_SUGGEST_H */
