/**
 * @file micic/catalogue.h
 * @brief The built-in MICIC catalogue: the 15 Guidelines, the three phases,
 *        the controlled vocabularies and ISO 3166-1 countries.
 *
 * Everything here is compiled into the library (nothing is loaded at run
 * time) and immutable, so every function in this header is thread-safe.
 * All returned pointers are borrowed from static tables: never free them;
 * they stay valid for the life of the process.
 *
 * Lookups are tolerant: text is NFKC-normalized and case-folded with
 * utf8proc, accents are stripped, curly quotes and dashes become straight,
 * runs of white space collapse. See docs/catalogue.md.
 */
#ifndef MICIC_CATALOGUE_H
#define MICIC_CATALOGUE_H

#include "micic/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Phases                                                              */
/* ------------------------------------------------------------------ */

/** The three MICIC phases; values are stable. */
typedef enum micic_phase {
    MICIC_PHASE_NONE = 0,        /**< not a phase / unknown */
    MICIC_PHASE_PREPAREDNESS = 1,/**< "Crisis Preparedness" (guidelines 1-8) */
    MICIC_PHASE_EMERGENCY = 2,   /**< "Emergency Response" (guidelines 9-13) */
    MICIC_PHASE_POST_CRISIS = 3  /**< "Post-Crisis Action" (guidelines 14-15) */
} micic_phase;

/** Canonical label of a phase ("Crisis Preparedness"...); "" for NONE/invalid. Static. */
MICIC_API const char *micic_phase_label(micic_phase phase);

/** Phase named by a label or accepted synonym ("Pre-crisis", "post crisis"...); NONE if not. */
MICIC_API micic_phase micic_phase_lookup(const char *text);

/* ------------------------------------------------------------------ */
/* Guidelines                                                          */
/* ------------------------------------------------------------------ */

/** One of the 15 Guidelines (opaque, static). */
typedef struct micic_guideline micic_guideline;

/** Number of Guidelines: 15. */
MICIC_API size_t micic_guideline_count(void);

/** Guideline by number 1..15; NULL otherwise. Borrowed (static). */
MICIC_API const micic_guideline *micic_guideline_get(int number);

/** Guideline number (1..15). */
MICIC_API int micic_guideline_number(const micic_guideline *g);
/** Canonical title. Static string. */
MICIC_API const char *micic_guideline_title(const micic_guideline *g);
/** Thematic-area label as the Repository of Practices shows it. Static. */
MICIC_API const char *micic_guideline_theme(const micic_guideline *g);
/** Phase the guideline belongs to. */
MICIC_API micic_phase micic_guideline_phase(const micic_guideline *g);
/** Body text (paragraphs separated by "\n\n"), or NULL where the seeds do not give it. Static. */
MICIC_API const char *micic_guideline_text(const micic_guideline *g);
/**
 * The project's own description of the guideline (data/guidelines/NN.description.txt):
 * its aim, the recommended actions, the kinds of practice that implement it,
 * the stakeholders it addresses, and a final "Vocabulary:" paragraph of the
 * words its practices use. Paragraphs separated by "\n\n". Known for all 15
 * (never NULL for a valid guideline; "" for NULL). Static.
 */
MICIC_API const char *micic_guideline_description(const micic_guideline *g);
/** Number of Sample Practices known for the guideline (0 where unknown). */
MICIC_API size_t micic_guideline_sample_count(const micic_guideline *g);
/** Sample Practice i (0-based); NULL when out of range. Static. */
MICIC_API const char *micic_guideline_sample(const micic_guideline *g, size_t i);
/** Number of known variant wordings of the title (seen in documents). */
MICIC_API size_t micic_guideline_variant_count(const micic_guideline *g);
/** Variant wording i; NULL when out of range. Static. */
MICIC_API const char *micic_guideline_variant(const micic_guideline *g, size_t i);

/**
 * Guideline whose title matches @p title tolerantly: an optional
 * "GUIDELINE N:" prefix, any case, curly or straight quotes, "the" dropped,
 * singular/plural, trailing ellipsis or punctuation, known variants.
 * When the text has a "GUIDELINE N:" prefix whose number disagrees with the
 * title, NULL is returned (use micic_guideline_title_match() to tell).
 * A bare "GUIDELINE N" (no title text) names guideline N.
 * Returns NULL when nothing matches. Borrowed (static).
 */
MICIC_API const micic_guideline *micic_guideline_by_title(const char *title);

/** Guideline by thematic-area label (tolerant, as above); NULL if none. */
MICIC_API const micic_guideline *micic_guideline_by_theme(const char *theme);

/**
 * Parse a "GUIDELINE N: title" heading (or a bare title).
 * On return *number_out is N from the prefix (0 if there is none or N is
 * outside 1..15) and *title_match_out the number whose title the text
 * matches (0 if none). A text ending in an ellipsis ("..." or U+2026) also
 * matches a title it is a word-prefix of (two words at least, one title only).
 * Returns MICIC_OK when at least one of them is found, MICIC_ENOTFOUND otherwise
 * (MICIC_EUTF8 for invalid UTF-8, MICIC_EINVAL for NULL text).
 * A title/number mismatch shows as two different non-zero numbers.
 */
MICIC_API int micic_guideline_title_match(const char *text, int *number_out,
                                          int *title_match_out);

/* ------------------------------------------------------------------ */
/* Controlled vocabularies                                             */
/* ------------------------------------------------------------------ */

/** The controlled vocabularies; values are stable. */
typedef enum micic_vocab {
    MICIC_VOCAB_TYPE = 0,          /**< type of practice */
    MICIC_VOCAB_STAKEHOLDER_TYPE,  /**< type of stakeholder */
    MICIC_VOCAB_CRISIS,            /**< type of crisis */
    MICIC_VOCAB_PHASE,             /**< crisis phase (the three phase labels) */
    MICIC_VOCAB_THEME,             /**< thematic areas (one per guideline) */
    MICIC_VOCAB_POPULATION,        /**< migrant populations targeted (open list) */
    MICIC_VOCAB_NEED,              /**< vulnerabilities and needs addressed (open list) */
    MICIC_VOCAB_SOURCE,            /**< sources: MICIC consultations (open list) */
    MICIC_VOCAB_KIND,              /**< "Reported Practice" / "Recommended Practice" */
    MICIC_VOCAB_COUNT
} micic_vocab;

/** Machine name of a vocabulary ("type", "stakeholder_type", ...); "" if invalid. Static. */
MICIC_API const char *micic_vocab_name(micic_vocab v);

/** Vocabulary by machine name or a human label ("crisis", "Type of crisis"). */
MICIC_API int micic_vocab_from_name(const char *name, micic_vocab *out);

/** Whether values outside the vocabulary are an error (closed) or expected (open). */
MICIC_API int micic_vocab_is_closed(micic_vocab v);

/** Number of canonical labels in a vocabulary. */
MICIC_API size_t micic_vocab_size(micic_vocab v);

/** Canonical label i (0-based, in the documented order); NULL when out of range. Static. */
MICIC_API const char *micic_vocab_label(micic_vocab v, size_t i);

/** Number of accepted synonyms of label i. */
MICIC_API size_t micic_vocab_synonym_count(micic_vocab v, size_t i);

/** Synonym j of label i; NULL when out of range. Static. */
MICIC_API const char *micic_vocab_synonym(micic_vocab v, size_t i, size_t j);

/**
 * Canonical label for @p text when it is a label or an accepted synonym
 * (compared after folding: case, accents, quotes, white space, hyphens).
 * Returns NULL when there is no sure match. Static.
 */
MICIC_API const char *micic_vocab_lookup(micic_vocab v, const char *text);

/** Index of the label micic_vocab_lookup() finds, or -1. */
MICIC_API int micic_vocab_index(micic_vocab v, const char *text);

/**
 * Closest canonical label to @p text for a "did you mean" (plural,
 * spelling, edit distance), or NULL when nothing is close enough.
 * If @p distance_out is not NULL it receives the edit distance used
 * (0 for a sure lookup). Static.
 */
MICIC_API const char *micic_vocab_suggest(micic_vocab v, const char *text,
                                          int *distance_out);

/* ------------------------------------------------------------------ */
/* Countries (ISO 3166-1, generated from Debian's iso-codes)           */
/* ------------------------------------------------------------------ */

/** One country entry (opaque, static). */
typedef struct micic_country micic_country;

/**
 * Alpha-3 code used for the MICIC value "Global" (user-assigned ISO 3166
 * range, so it never clashes with a real country).
 */
#define MICIC_COUNTRY_GLOBAL_ALPHA3 "XGL"

/** Number of entries, "Global" included. */
MICIC_API size_t micic_country_count(void);
/** Entry i in table order (ISO entries sorted by name, then "Global"); NULL out of range. */
MICIC_API const micic_country *micic_country_at(size_t i);
/** ISO 3166-1 alpha-2 code ("EG"); "XG" for Global. Static. */
MICIC_API const char *micic_country_alpha2(const micic_country *c);
/** ISO 3166-1 alpha-3 code ("EGY"); MICIC_COUNTRY_GLOBAL_ALPHA3 for Global. Static. */
MICIC_API const char *micic_country_alpha3(const micic_country *c);
/** ISO 3166-1 numeric code ("818"); "" for Global. Static. */
MICIC_API const char *micic_country_numeric(const micic_country *c);
/** Short name as the repository writes it (ISO "common_name" when it has one, else "name"). Static. */
MICIC_API const char *micic_country_name(const micic_country *c);
/** ISO official name, or "" when ISO gives none. Static. */
MICIC_API const char *micic_country_official_name(const micic_country *c);

/**
 * Country by ISO name, common or official name, alias ("United States of
 * America", "Republic of Korea", "Cote d'Ivoire"), alpha-2 or alpha-3 code
 * (any case), numeric code, or "Global". NULL when there is no sure match.
 */
MICIC_API const micic_country *micic_country_lookup(const char *text);

/** Closest country for a "did you mean" ("Phillipines" -> Philippines); NULL if none is close. */
MICIC_API const micic_country *micic_country_suggest(const char *text, int *distance_out);

/* ------------------------------------------------------------------ */
/* Text folding (exposed for bindings and tests)                       */
/* ------------------------------------------------------------------ */

/**
 * Fold text for tolerant comparison: NFKC + Unicode case folding +
 * accent stripping (utf8proc), curly quotes -> ', dashes -> -, white
 * space runs -> one space, trimmed.
 * Returns MICIC_OK and a new string in *out (free with micic_free()),
 * MICIC_EUTF8 when @p text is not valid UTF-8, MICIC_ENOMEM.
 */
MICIC_API int micic_fold(const char *text, char **out);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_CATALOGUE_H */
