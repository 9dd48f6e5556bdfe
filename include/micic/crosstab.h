/**
 * @file micic/crosstab.h
 * @brief Cross-tabulation of any facet by any other, and gap analysis.
 *
 * Levels: a facet with a controlled vocabulary (type, stakeholder_type,
 * crisis, phase, theme, kind) and guideline (1..15) always lists every
 * level, zero cells kept; open facets (country, population, need, source,
 * stakeholder...) list the vocabulary's labels (if any) and then every
 * other value seen, in first-seen order. A multi-valued facet counts each
 * value (a record with two countries adds to two rows, and a value listed
 * twice, e.g. "Libya" and "LBY", counts twice); with once_per_record a
 * record adds at most 1 to any one cell. Records with no value in a facet
 * are counted under the level "(none)" (the last level) when
 * include_missing is set, else not at all. Margins are sums of cells.
 * See docs/crosstab.md.
 */
#ifndef MICIC_CROSSTAB_H
#define MICIC_CROSSTAB_H

#include "micic/common.h"
#include "micic/practice.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Cross-tab options: initialize with MICIC_CROSSTAB_OPTIONS_INIT. */
typedef struct micic_crosstab_options {
    int version;          /**< MICIC_CROSSTAB_OPTIONS_VERSION */
    int once_per_record;  /**< 1: a record adds at most 1 to a cell */
    int include_missing;  /**< 1: add a "(none)" level for records without a value */
    const char *filter;   /**< a query (micic/search.h syntax) selecting records, or NULL */
} micic_crosstab_options;

#define MICIC_CROSSTAB_OPTIONS_VERSION 1
#define MICIC_CROSSTAB_OPTIONS_INIT { MICIC_CROSSTAB_OPTIONS_VERSION, 0, 0, NULL }

/** A table of counts (opaque, immutable). */
typedef struct micic_crosstab micic_crosstab;

/**
 * Count @p rows by @p cols over @p corpus. On MICIC_OK *out is new: free
 * with micic_crosstab_free(). MICIC_EQUERY when the filter is invalid.
 */
MICIC_API int micic_crosstab_new(const micic_corpus *corpus, micic_field rows, micic_field cols,
                                 const micic_crosstab_options *opts, micic_crosstab **out,
                                 micic_error *err);
/** Free a table. NULL is a no-op. */
MICIC_API void micic_crosstab_free(micic_crosstab *t);
/** Row facet. */
MICIC_API micic_field micic_crosstab_row_field(const micic_crosstab *t);
/** Column facet. */
MICIC_API micic_field micic_crosstab_col_field(const micic_crosstab *t);
/** Number of row levels. */
MICIC_API size_t micic_crosstab_nrows(const micic_crosstab *t);
/** Number of column levels. */
MICIC_API size_t micic_crosstab_ncols(const micic_crosstab *t);
/** Label of row level i; NULL out of range. Borrowed from the table. */
MICIC_API const char *micic_crosstab_row_label(const micic_crosstab *t, size_t i);
/** Label of column level j; NULL out of range. Borrowed. */
MICIC_API const char *micic_crosstab_col_label(const micic_crosstab *t, size_t j);
/** Count in cell (i, j); 0 out of range. */
MICIC_API long micic_crosstab_count(const micic_crosstab *t, size_t i, size_t j);
/** Row margin (sum over columns). */
MICIC_API long micic_crosstab_row_total(const micic_crosstab *t, size_t i);
/** Column margin. */
MICIC_API long micic_crosstab_col_total(const micic_crosstab *t, size_t j);
/** Grand total (sum of cells). */
MICIC_API long micic_crosstab_total(const micic_crosstab *t);
/** Number of records that passed the filter. */
MICIC_API size_t micic_crosstab_records(const micic_crosstab *t);

/** Output formats of micic_crosstab_render(). */
typedef enum micic_table_format {
    MICIC_TABLE_TEXT = 0, /**< aligned columns with margins */
    MICIC_TABLE_CSV = 1,  /**< header row of column labels + "Total"; one row per level */
    MICIC_TABLE_JSON = 2  /**< {"rows":{field,levels}, "cols":{...}, "counts":[[...]], margins} */
} micic_table_format;

/** Render the table with margins. On MICIC_OK *out is new (micic_free()). */
MICIC_API int micic_crosstab_render(const micic_crosstab *t, micic_table_format fmt, char **out,
                                    micic_error *err);

/* ------------------------------------------------------------------ */
/* Gap analysis                                                        */
/* ------------------------------------------------------------------ */

/** The guideline x stakeholder type x phase cells no practice covers (opaque). */
typedef struct micic_gaps micic_gaps;

/**
 * Find uncovered cells. With @p own_phase_only = 1 only the phase each
 * guideline belongs to is considered (15 x stakeholder types cells), else
 * every phase. On MICIC_OK *out is new: free with micic_gaps_free().
 */
MICIC_API int micic_gaps_new(const micic_corpus *corpus, int own_phase_only, micic_gaps **out,
                             micic_error *err);
/** Free. NULL is a no-op. */
MICIC_API void micic_gaps_free(micic_gaps *g);
/** Number of uncovered cells. */
MICIC_API size_t micic_gaps_size(const micic_gaps *g);
/** Number of cells examined. */
MICIC_API size_t micic_gaps_cells(const micic_gaps *g);
/** Guideline number of uncovered cell i. */
MICIC_API int micic_gaps_guideline(const micic_gaps *g, size_t i);
/** Stakeholder type label of cell i. Static. */
MICIC_API const char *micic_gaps_stakeholder_type(const micic_gaps *g, size_t i);
/** Phase label of cell i. Static. */
MICIC_API const char *micic_gaps_phase(const micic_gaps *g, size_t i);
/** Render as text, CSV or JSON. New (micic_free()). */
MICIC_API int micic_gaps_render(const micic_gaps *g, micic_table_format fmt, char **out,
                                micic_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_CROSSTAB_H */
