/**
 * @file micic/validate.h
 * @brief Validation of practice records and normalization to canonical values.
 *
 * Invalid data is reported, never thrown: micic_validate() returns MICIC_OK
 * whenever it could look at the data, and the report says what is wrong.
 * Codes, severities and examples: docs/diagnostics.md.
 */
#ifndef MICIC_VALIDATE_H
#define MICIC_VALIDATE_H

#include "micic/common.h"
#include "micic/practice.h"
#include "micic/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bit for a field in micic_validate_options::required (1u << field). */
#define MICIC_FIELD_BIT(f) (1u << (unsigned)(f))

/** Default required fields: description, guideline-or-theme, crisis, phase. */
#define MICIC_REQUIRED_DEFAULT                                              \
    (MICIC_FIELD_BIT(MICIC_FIELD_DESCRIPTION) | MICIC_FIELD_BIT(MICIC_FIELD_GUIDELINE) | \
     MICIC_FIELD_BIT(MICIC_FIELD_CRISIS) | MICIC_FIELD_BIT(MICIC_FIELD_PHASE))

/**
 * Default required fields of records of kind "Recommended Practice":
 * description and phase. Recommendations come from guideline documents,
 * which are organized by phase and by their own headings: they never give a
 * type of crisis, and are not always filed under a guideline (seed 003's
 * emergency and post-crisis sections).
 */
#define MICIC_REQUIRED_RECOMMENDED_DEFAULT \
    (MICIC_FIELD_BIT(MICIC_FIELD_DESCRIPTION) | MICIC_FIELD_BIT(MICIC_FIELD_PHASE))

/** Maximum number of per-code severity overrides. */
#define MICIC_MAX_OVERRIDES 16

/** Validation options: initialize with MICIC_VALIDATE_OPTIONS_INIT. */
typedef struct micic_validate_options {
    int version;               /**< MICIC_VALIDATE_OPTIONS_VERSION */
    unsigned required;         /**< fields that must have a value (MICIC_FIELD_BIT) in records of every kind but "Recommended Practice"; GUIDELINE means "guideline or theme" */
    int strict;                /**< 1: warnings count as errors (micic_validate_ok) and are reported as errors */
    size_t max_diagnostics;    /**< stop adding after this many (0 = unlimited; default 10000), then add one "limit-exceeded" summary with the worst severity left out */
    size_t min_description;    /**< shorter descriptions get "short-description" (characters; default 40) */
    size_t max_field_chars;    /**< longer values get "field-too-long" (default 20000) */
    double duplicate_threshold;/**< description similarity (0..1) that makes a duplicate (default 0.9) */
    int disabled[MICIC_MAX_OVERRIDES]; /**< codes whose check does not run (0 = unused slot; an unknown code is MICIC_EINVAL) */
    int override_code[MICIC_MAX_OVERRIDES];          /**< code whose severity is overridden (0 = unused) */
    micic_severity override_severity[MICIC_MAX_OVERRIDES]; /**< its new severity */
    unsigned required_recommended; /**< as required, for records of kind "Recommended Practice" (default MICIC_REQUIRED_RECOMMENDED_DEFAULT) */
} micic_validate_options;

#define MICIC_VALIDATE_OPTIONS_VERSION 1
#define MICIC_VALIDATE_OPTIONS_INIT \
    { MICIC_VALIDATE_OPTIONS_VERSION, MICIC_REQUIRED_DEFAULT, 0, 10000, 40, 20000, 0.9, {0}, {0}, {0}, \
      MICIC_REQUIRED_RECOMMENDED_DEFAULT }

/** Fill @p opts with the defaults. */
MICIC_API void micic_validate_options_init(micic_validate_options *opts);

/**
 * Validate every record of @p corpus (and cross-record checks such as
 * duplicates). On MICIC_OK *report_out is a new report (free with
 * micic_report_free()). @p opts may be NULL (defaults).
 * Problems in the data never make the call fail; it fails only with
 * MICIC_EINVAL (NULL corpus or report_out, invalid options), MICIC_EVERSION
 * (opts->version unknown) or MICIC_ENOMEM, and then *report_out is NULL.
 * One pass, linear in the number of records (docs/diagnostics.md).
 */
MICIC_API int micic_validate(const micic_corpus *corpus, const micic_validate_options *opts,
                             micic_report **report_out, micic_error *err);

/**
 * micic_validate() reporting progress: @p progress (may be NULL: then this is
 * micic_validate()) is called with (records checked, records in the corpus,
 * @p payload) about every 1024 records and once when all are checked (the
 * cross-record duplicate check runs along, record by record). A non-zero
 * return stops validation: MICIC_ECANCELLED, and *report_out stays NULL.
 */
MICIC_API int micic_validate_with_progress(const micic_corpus *corpus,
                                           const micic_validate_options *opts,
                                           micic_progress_cb progress, void *payload,
                                           micic_report **report_out, micic_error *err);

/**
 * Validate one record, appending to @p report. @p index is used in the
 * diagnostics (-1 when the record is not in a corpus). Every check but
 * duplicates runs; max_diagnostics counts this call's diagnostics only.
 * Each call builds its lookup tables (a few microseconds): to validate
 * many records, put them in a corpus and call micic_validate().
 */
MICIC_API int micic_validate_practice(const micic_practice *p, long index,
                                      const micic_validate_options *opts,
                                      micic_report *report, micic_error *err);

/** 1 when the report has no errors (nor warnings in strict mode). */
MICIC_API int micic_validate_ok(const micic_report *report, int strict);

/**
 * Rewrite values to canonical labels, ISO country names and guideline
 * numbers, in place (the original text is kept). Each rewrite is logged to
 * @p report (may be NULL) as a "normalized" info diagnostic whose value is
 * the old text and whose suggestion is the new one. A value is rewritten
 * only when the match is sure: a vocabulary label or synonym after folding,
 * a known country name/alias/code, or a unique closest label or country at
 * edit distance 1 or 2 (a tie is not sure); free-text fields are never
 * touched. Exact rules: docs/diagnostics.md. *changed_out (may be NULL)
 * receives the number of rewrites. MICIC_EINVAL for a NULL corpus.
 */
MICIC_API int micic_normalize(micic_corpus *corpus, micic_report *report,
                              size_t *changed_out, micic_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_VALIDATE_H */
