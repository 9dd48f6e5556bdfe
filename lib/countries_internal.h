/*
 * Internal hooks of lib/countries.c, for tests/test_canon.c: the indexes
 * cmake/gen_countries.cmake generates (so the tests can check that they are
 * sorted and that every key is what libmicic's folding gives) and the alias
 * table. Not installed; nothing here allocates.
 */
#ifndef MICIC_COUNTRIES_INTERNAL_H
#define MICIC_COUNTRIES_INTERNAL_H

#include <stddef.h>

#include "micic/catalogue.h"

enum {
    MICIC__CIDX_NAME,       /* rows sorted by public name (strcmp) */
    MICIC__CIDX_ALPHA2,     /* rows sorted by alpha-2 code */
    MICIC__CIDX_ALPHA3,     /* rows sorted by alpha-3 code */
    MICIC__CIDX_NUMERIC,    /* rows sorted by numeric code */
    MICIC__CIDX_KEYS,       /* tier-1 keys (names, common, official, inverted) */
    MICIC__CIDX_LOOSE_KEYS, /* tier-2 keys (before a comma, without parentheses) */
    MICIC__CIDX_FOLD_ROWS   /* rows the generator left to run-time folding */
};

/* Number of entries of index kind (0 for an unknown kind). */
size_t micic__country_index_size(int kind);

/* Row of entry i of index kind (NULL out of range); for the key indexes
 * *key_out (may be NULL) gets the entry's key, else NULL. Static data. */
const micic_country *micic__country_index_at(int kind, size_t i, const char **key_out);

/* ISO "name" and "common_name" ("" when none) of an entry; micic_country_name()
 * is the common name when there is one. Static. */
const char *micic__country_iso_name(const micic_country *c);
const char *micic__country_common_name(const micic_country *c);

/* The alias table: number of aliases, and alias i (NULL out of range) with
 * the alpha-3 code it names in *alpha3_out (may be NULL). Static data. */
size_t micic__country_alias_count(void);
const char *micic__country_alias_at(size_t i, const char **alpha3_out);

#endif /* MICIC_COUNTRIES_INTERNAL_H */
