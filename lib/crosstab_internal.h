/*
 * Rendering helpers shared by lib/crosstab.c and lib/gaps.c. Not installed.
 */
#ifndef MICIC_CROSSTAB_INTERNAL_H
#define MICIC_CROSSTAB_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "internal.h"

/* Append one CSV field written by libcsv (always quoted, quotes doubled),
 * then ',' or, when @p last, '\n'. MICIC_OK or MICIC_ENOMEM. */
int micic__csv_field(micic_buf *b, const char *s, int last);

/* Append @p s padded with spaces to @p width characters (code points),
 * right-aligned when @p right. Errors stick in b->failed. */
void micic__text_cell(micic_buf *b, const char *s, size_t width, int right);

/* Append the JSON text of @p root (2-space indent, keys in insertion
 * order) and a newline. MICIC_OK or MICIC_ENOMEM (also for root NULL). */
int micic__json_dump(json_t *root, micic_buf *b);

#endif /* MICIC_CROSSTAB_INTERNAL_H */
