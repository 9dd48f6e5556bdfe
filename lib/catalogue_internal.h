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
 * Source of the seed whose practices data/seed003-guideline-map.tsv tags,
 * and the guidelines (bit g-1) the table gives the practice of that seed
 * titled @p title (exact heading), or 0 when it has no row (or @p source is
 * another one). Compiled in from the table by cmake/gen_guidelines.cmake.
 */
#define MICIC__SEED_MAP_SOURCE "International Organizations Consultation"
unsigned micic__seed_map_guidelines(const char *source, const char *title);

#endif /* MICIC_CATALOGUE_INTERNAL_H */
