/**
 * @file micic/columns.h
 * @brief Columnar getters: whole columns of a corpus, a report or a
 *        cross-tab in one call, for bindings that build data frames
 *        (pandas, R data.frame) without one call per value.
 *
 * Every function here fills ONE array out-parameter and its length, so a
 * binding needs one small typemap per element type (string, size_t, long).
 *
 * Ownership: the arrays are new (free them with micic_free(); a NULL
 * array is returned for length 0). String arrays hold borrowed pointers:
 * the strings belong to the corpus or report they were taken from and stay
 * valid until it is modified or freed, so copy them before that. The
 * arrays are snapshots: they do not follow later changes.
 *
 * Thread-safety: these are const calls (see docs/threading.md).
 */
#ifndef MICIC_COLUMNS_H
#define MICIC_COLUMNS_H

#include "micic/common.h"
#include "micic/practice.h"
#include "micic/report.h"
#include "micic/crosstab.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Number of values of field @p f in every record of @p corpus.
 * On MICIC_OK *counts_out is a new array of *n_out = micic_corpus_size()
 * counts (record order). MICIC_EINVAL for a NULL argument or an invalid
 * field. Together with micic_column_values() this gives a list column:
 * record r owns the counts[r] values that follow those of records 0..r-1.
 */
MICIC_API int micic_column_counts(const micic_corpus *corpus, micic_field f, size_t **counts_out,
                                  size_t *n_out, micic_error *err);

/**
 * All values of field @p f of every record, flattened in record order
 * (the values of record 0, then record 1, ...): the canonical values, or
 * the original texts as read when @p originals is non-zero.
 * On MICIC_OK *values_out is a new array of *n_out borrowed strings
 * (never NULL entries). MICIC_EINVAL for a NULL argument or invalid field.
 */
MICIC_API int micic_column_values(const micic_corpus *corpus, micic_field f, int originals,
                                  const char ***values_out, size_t *n_out, micic_error *err);

/**
 * Number of extra (unrecognized label, value) pairs of every record.
 * On MICIC_OK *counts_out is a new array of *n_out = micic_corpus_size() counts.
 */
MICIC_API int micic_column_extra_counts(const micic_corpus *corpus, size_t **counts_out,
                                        size_t *n_out, micic_error *err);

/**
 * The extra pairs of every record, flattened in record order: their labels
 * when @p labels is non-zero, else their values (same order, so the two
 * calls line up). On MICIC_OK *values_out is a new array of *n_out borrowed
 * strings.
 */
MICIC_API int micic_column_extras(const micic_corpus *corpus, int labels,
                                  const char ***values_out, size_t *n_out, micic_error *err);

/** Attributes of a diagnostic, for micic_column_report_text() / _numbers(). */
typedef enum micic_report_attr {
    MICIC_ATTR_CODE = 0,      /**< number: micic_code; text: string id ("unknown-value") */
    MICIC_ATTR_SEVERITY,      /**< number: micic_severity; text: "info"/"warning"/"error" */
    MICIC_ATTR_RECORD_INDEX,  /**< number: 0-based record index, -1 for the whole input */
    MICIC_ATTR_RECORD_ID,     /**< text: record id or "" */
    MICIC_ATTR_FIELD,         /**< text: field machine name, raw label or "" */
    MICIC_ATTR_SOURCE,        /**< text: source name or "" */
    MICIC_ATTR_LINE,          /**< number: 1-based line, 0 unknown */
    MICIC_ATTR_COLUMN,        /**< number: 1-based column, 0 unknown */
    MICIC_ATTR_VALUE,         /**< text: offending value or "" */
    MICIC_ATTR_MESSAGE,       /**< text: message */
    MICIC_ATTR_SUGGESTION,    /**< text: suggested value, NULL entry when there is none */
    MICIC_ATTR_COUNT
} micic_report_attr;

/** Machine name of an attribute ("record_id"); "" when invalid. Static. */
MICIC_API const char *micic_report_attr_name(micic_report_attr a);

/**
 * 1 when the attribute exists only as a number (RECORD_INDEX, LINE, COLUMN:
 * use micic_column_report_numbers()), 0 when it is text (use
 * micic_column_report_text(); CODE and SEVERITY are also available as
 * numbers) or invalid.
 */
MICIC_API int micic_report_attr_is_number(micic_report_attr a);

/**
 * One text attribute (CODE, SEVERITY, RECORD_ID, FIELD, SOURCE, VALUE,
 * MESSAGE, SUGGESTION) of every diagnostic of @p report, in report order.
 * On MICIC_OK *values_out is a new array of *n_out = micic_report_size()
 * strings, borrowed from the report (CODE and SEVERITY: static); entries
 * are NULL only for SUGGESTION when a diagnostic has none.
 * MICIC_EINVAL for a NULL argument or a number-only attribute.
 */
MICIC_API int micic_column_report_text(const micic_report *report, micic_report_attr a,
                                       const char ***values_out, size_t *n_out,
                                       micic_error *err);

/**
 * One number attribute (CODE, SEVERITY, RECORD_INDEX, LINE, COLUMN) of every
 * diagnostic of @p report. On MICIC_OK *numbers_out is a new array of
 * *n_out = micic_report_size() values. MICIC_EINVAL for a NULL argument or
 * a text-only attribute.
 */
MICIC_API int micic_column_report_numbers(const micic_report *report, micic_report_attr a,
                                          long **numbers_out, size_t *n_out, micic_error *err);

/**
 * All cell counts of a cross-tab in row-major order (row 0's columns first).
 * On MICIC_OK *numbers_out is a new array of *n_out = nrows * ncols counts.
 */
MICIC_API int micic_column_crosstab_counts(const micic_crosstab *table, long **numbers_out,
                                           size_t *n_out, micic_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_COLUMNS_H */
