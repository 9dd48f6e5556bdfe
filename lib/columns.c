/*
 * Columnar getters (micic/columns.h): whole columns of a corpus, a report
 * or a cross-tab as arrays, for the Python and R bindings' data frames.
 * Built on the public getters only; the arrays are allocated with
 * micic__malloc (freed by the caller with micic_free()).
 */
#include <string.h>

#include "internal.h"
#include "micic/columns.h"

/* New array of n elements of size sz, or NULL for n == 0; *failed is set
 * to 1 when the allocation fails (or n * sz overflows), else 0. */
static void *alloc_array(size_t n, size_t sz, int *failed) {
    void *p;
    *failed = 0;
    if (n == 0) return NULL;
    p = n > ((size_t)-1) / sz ? NULL : micic__malloc(n * sz);
    if (!p) *failed = 1;
    return p;
}

static int check_field(micic_field f, micic_error *err) {
    if ((int)f < 0 || f >= MICIC_FIELD_COUNT)
        return micic__error(err, MICIC_EINVAL, "invalid field %d", (int)f);
    return MICIC_OK;
}

/* Reset the out-parameters so they are defined on every failure path. */
#define RESET_OUT(arr, n) \
    do {                  \
        if (arr) *(arr) = NULL; \
        if (n) *(n) = 0;  \
    } while (0)

int micic_column_counts(const micic_corpus *corpus, micic_field f, size_t **counts_out,
                        size_t *n_out, micic_error *err) {
    size_t n, r;
    size_t *counts;
    int rc, failed;
    RESET_OUT(counts_out, n_out);
    if (!corpus || !counts_out || !n_out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    if ((rc = check_field(f, err)) != MICIC_OK) return rc;
    n = micic_corpus_size(corpus);
    counts = alloc_array(n, sizeof *counts, &failed);
    if (failed) return micic__error(err, MICIC_ENOMEM, NULL);
    for (r = 0; r < n; r++) counts[r] = micic_practice_count(micic_corpus_get(corpus, r), f);
    *counts_out = counts;
    *n_out = n;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_column_values(const micic_corpus *corpus, micic_field f, int originals,
                        const char ***values_out, size_t *n_out, micic_error *err) {
    size_t n, r, total = 0, k = 0;
    const char **values;
    int rc, failed;
    RESET_OUT(values_out, n_out);
    if (!corpus || !values_out || !n_out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    if ((rc = check_field(f, err)) != MICIC_OK) return rc;
    n = micic_corpus_size(corpus);
    for (r = 0; r < n; r++) total += micic_practice_count(micic_corpus_get(corpus, r), f);
    values = alloc_array(total, sizeof *values, &failed);
    if (failed) return micic__error(err, MICIC_ENOMEM, NULL);
    for (r = 0; r < n; r++) {
        const micic_practice *p = micic_corpus_get(corpus, r);
        size_t i, m = micic_practice_count(p, f);
        for (i = 0; i < m; i++) {
            const char *v = originals ? micic_practice_original(p, f, i)
                                      : micic_practice_value(p, f, i);
            values[k++] = v ? v : "";
        }
    }
    *values_out = values;
    *n_out = total;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_column_extra_counts(const micic_corpus *corpus, size_t **counts_out, size_t *n_out,
                              micic_error *err) {
    size_t n, r;
    size_t *counts;
    int failed;
    RESET_OUT(counts_out, n_out);
    if (!corpus || !counts_out || !n_out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    n = micic_corpus_size(corpus);
    counts = alloc_array(n, sizeof *counts, &failed);
    if (failed) return micic__error(err, MICIC_ENOMEM, NULL);
    for (r = 0; r < n; r++) counts[r] = micic_practice_extra_count(micic_corpus_get(corpus, r));
    *counts_out = counts;
    *n_out = n;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_column_extras(const micic_corpus *corpus, int labels, const char ***values_out,
                        size_t *n_out, micic_error *err) {
    size_t n, r, total = 0, k = 0;
    const char **values;
    int failed;
    RESET_OUT(values_out, n_out);
    if (!corpus || !values_out || !n_out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    n = micic_corpus_size(corpus);
    for (r = 0; r < n; r++) total += micic_practice_extra_count(micic_corpus_get(corpus, r));
    values = alloc_array(total, sizeof *values, &failed);
    if (failed) return micic__error(err, MICIC_ENOMEM, NULL);
    for (r = 0; r < n; r++) {
        const micic_practice *p = micic_corpus_get(corpus, r);
        size_t i, m = micic_practice_extra_count(p);
        for (i = 0; i < m; i++) {
            const char *v = labels ? micic_practice_extra_label(p, i)
                                   : micic_practice_extra_value(p, i);
            values[k++] = v ? v : "";
        }
    }
    *values_out = values;
    *n_out = total;
    micic_error_clear(err);
    return MICIC_OK;
}

/* ---- reports -------------------------------------------------------- */

static const char *const ATTR_NAMES[MICIC_ATTR_COUNT] = {
    "code",  "severity", "record_index", "record_id", "field",     "source",
    "line",  "column",   "value",        "message",   "suggestion"};

/* Bit set of attributes available as numbers, and as text. */
#define ATTR_BIT(a) (1u << (unsigned)(a))
#define NUMBER_ATTRS                                                          \
    (ATTR_BIT(MICIC_ATTR_CODE) | ATTR_BIT(MICIC_ATTR_SEVERITY) |              \
     ATTR_BIT(MICIC_ATTR_RECORD_INDEX) | ATTR_BIT(MICIC_ATTR_LINE) | ATTR_BIT(MICIC_ATTR_COLUMN))
#define TEXT_ATTRS                                                            \
    (ATTR_BIT(MICIC_ATTR_CODE) | ATTR_BIT(MICIC_ATTR_SEVERITY) |              \
     ATTR_BIT(MICIC_ATTR_RECORD_ID) | ATTR_BIT(MICIC_ATTR_FIELD) |            \
     ATTR_BIT(MICIC_ATTR_SOURCE) | ATTR_BIT(MICIC_ATTR_VALUE) |               \
     ATTR_BIT(MICIC_ATTR_MESSAGE) | ATTR_BIT(MICIC_ATTR_SUGGESTION))

static int attr_valid(micic_report_attr a) { return (int)a >= 0 && a < MICIC_ATTR_COUNT; }

const char *micic_report_attr_name(micic_report_attr a) {
    return attr_valid(a) ? ATTR_NAMES[a] : "";
}

int micic_report_attr_is_number(micic_report_attr a) {
    /* CODE and SEVERITY have both forms; their natural one is the name. */
    return attr_valid(a) && a != MICIC_ATTR_CODE && a != MICIC_ATTR_SEVERITY &&
           (NUMBER_ATTRS & ATTR_BIT(a)) != 0;
}

static const char *diag_text(const micic_diagnostic *d, micic_report_attr a) {
    switch (a) {
    case MICIC_ATTR_CODE: return micic_diagnostic_code_name(d);
    case MICIC_ATTR_SEVERITY: return micic_severity_name(micic_diagnostic_severity(d));
    case MICIC_ATTR_RECORD_ID: return micic_diagnostic_record_id(d);
    case MICIC_ATTR_FIELD: return micic_diagnostic_field(d);
    case MICIC_ATTR_SOURCE: return micic_diagnostic_source(d);
    case MICIC_ATTR_VALUE: return micic_diagnostic_value(d);
    case MICIC_ATTR_MESSAGE: return micic_diagnostic_message(d);
    case MICIC_ATTR_SUGGESTION: return micic_diagnostic_suggestion(d);
    default: return NULL;
    }
}

static long diag_number(const micic_diagnostic *d, micic_report_attr a) {
    switch (a) {
    case MICIC_ATTR_CODE: return micic_diagnostic_code(d);
    case MICIC_ATTR_SEVERITY: return (long)micic_diagnostic_severity(d);
    case MICIC_ATTR_RECORD_INDEX: return micic_diagnostic_record_index(d);
    case MICIC_ATTR_LINE: return micic_diagnostic_line(d);
    case MICIC_ATTR_COLUMN: return micic_diagnostic_column(d);
    default: return 0;
    }
}

int micic_column_report_text(const micic_report *report, micic_report_attr a,
                             const char ***values_out, size_t *n_out, micic_error *err) {
    size_t n, i;
    const char **values;
    int failed;
    RESET_OUT(values_out, n_out);
    if (!report || !values_out || !n_out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    if (!attr_valid(a) || !(TEXT_ATTRS & ATTR_BIT(a)))
        return micic__error(err, MICIC_EINVAL, "diagnostic attribute %d is not a text", (int)a);
    n = micic_report_size(report);
    values = alloc_array(n, sizeof *values, &failed);
    if (failed) return micic__error(err, MICIC_ENOMEM, NULL);
    for (i = 0; i < n; i++) {
        const char *v = diag_text(micic_report_get(report, i), a);
        values[i] = (v || a == MICIC_ATTR_SUGGESTION) ? v : "";
    }
    *values_out = values;
    *n_out = n;
    micic_error_clear(err);
    return MICIC_OK;
}

int micic_column_report_numbers(const micic_report *report, micic_report_attr a,
                                long **numbers_out, size_t *n_out, micic_error *err) {
    size_t n, i;
    long *numbers;
    int failed;
    RESET_OUT(numbers_out, n_out);
    if (!report || !numbers_out || !n_out)
        return micic__error(err, MICIC_EINVAL, "NULL argument");
    if (!attr_valid(a) || !(NUMBER_ATTRS & ATTR_BIT(a)))
        return micic__error(err, MICIC_EINVAL, "diagnostic attribute %d is not a number", (int)a);
    n = micic_report_size(report);
    numbers = alloc_array(n, sizeof *numbers, &failed);
    if (failed) return micic__error(err, MICIC_ENOMEM, NULL);
    for (i = 0; i < n; i++) numbers[i] = diag_number(micic_report_get(report, i), a);
    *numbers_out = numbers;
    *n_out = n;
    micic_error_clear(err);
    return MICIC_OK;
}

/* ---- cross-tabs ----------------------------------------------------- */

int micic_column_crosstab_counts(const micic_crosstab *table, long **numbers_out, size_t *n_out,
                                 micic_error *err) {
    size_t nr, nc, i, j;
    long *numbers;
    int failed;
    RESET_OUT(numbers_out, n_out);
    if (!table || !numbers_out || !n_out) return micic__error(err, MICIC_EINVAL, "NULL argument");
    nr = micic_crosstab_nrows(table);
    nc = micic_crosstab_ncols(table);
    if (nc && nr > ((size_t)-1) / nc) return micic__error(err, MICIC_ENOMEM, "table too large");
    numbers = alloc_array(nr * nc, sizeof *numbers, &failed);
    if (failed) return micic__error(err, MICIC_ENOMEM, NULL);
    for (i = 0; i < nr; i++)
        for (j = 0; j < nc; j++) numbers[i * nc + j] = micic_crosstab_count(table, i, j);
    *numbers_out = numbers;
    *n_out = nr * nc;
    micic_error_clear(err);
    return MICIC_OK;
}
