/*
 * Helpers shared by the catalogue modules (lib/vocab.c, lib/countries.c,
 * lib/catalogue.c). Not installed. Nothing here allocates except where said.
 */
#ifndef MICIC_CATALOGUE_INTERNAL_H
#define MICIC_CATALOGUE_INTERNAL_H

#include <stddef.h>

#include "micic/catalogue.h"

/*
 * Singular form of a key for "did you mean": every word loses a final "s"
 * ("ies" -> "y"; words ending in "ss" and words of 3 letters or fewer are
 * kept). Writes into out (cap bytes); returns the length, or 0 when it did
 * not fit.
 */
size_t micic__singular_key(const char *key, char *out, size_t cap);

/*
 * How close the key @p cand is to @p key for a suggestion: the edit
 * distance when it is "close" (distance * 4 <= the shorter length, or the
 * two keys have the same singular form, which counts as distance 1), or -1.
 */
int micic__suggest_distance(const char *key, const char *cand);

/*
 * Vocabulary lookup on an already computed key (lib/vocab.c): index of the
 * label, or -1. The key must come from micic__key_into().
 */
int micic__vocab_index_key(micic_vocab v, const char *key);

/*
 * Word-level similarity of a guideline heading or title to each guideline's
 * title (lib/catalogue.c). The text is folded, a "GUIDELINE N" prefix is
 * taken off (N to *number_out, 0 when none), punctuation, "the", "and"/"&",
 * articles and prepositions are dropped and words made singular; then
 * scores[g] (g = 1..15; scores[0] unused) is 1000 when the words are the
 * title's first words, at least half of them (a title cut off), else
 * 1000 * matched words / the longer word count (a word one typo away
 * matches). MICIC_OK, or MICIC_ENOMEM / MICIC_EINVAL.
 */
int micic__title_scores(const char *text, int scores[16], int *number_out);

/* Score from which a title is taken to be a guideline's title. */
#define MICIC__TITLE_SURE 750
/* Score from which a title counts as close to a guideline's title. */
#define MICIC__TITLE_CLOSE 500

/* Guideline 1..15 with the highest score other than @p exclude (0 when all
 * are 0); its score to *score_out. */
int micic__title_best(const int scores[16], int exclude, int *score_out);

/*
 * Source of the seed whose practices data/seed003-guideline-map.tsv tags,
 * and the guidelines (bit g-1) the table gives the practice of that seed
 * titled @p title (exact heading), or 0 when it has no row (or @p source is
 * another one). Compiled in from the table by cmake/gen_guidelines.cmake.
 */
#define MICIC__SEED_MAP_SOURCE "International Organizations Consultation"
unsigned micic__seed_map_guidelines(const char *source, const char *title);

#endif /* MICIC_CATALOGUE_INTERNAL_H */
