/**
 * @file micic/fields.h
 * @brief Field names, field levels and list cells for tables (the Python
 *        and R data frames, the bindings' arguments).
 *
 * One rule for every binding: a field named in an API call is looked up
 * exactly (machine name or repository label, no guessing) and a miss says
 * "did you mean"; a list cell written as one string is split the way the
 * CSV reader splits it; the levels of a field are the same everywhere.
 */
#ifndef MICIC_FIELDS_H
#define MICIC_FIELDS_H

#include <stddef.h>

#include "micic/catalogue.h"
#include "micic/common.h"
#include "micic/practice.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Field named exactly by its machine name ("stakeholder_type") or its
 * repository label ("Type of stakeholder"), case and spacing as written
 * (micic_field_name(), micic_field_label()). Unlike micic_field_from_name(),
 * which the readers use on the headers of real files, no variant, plural or
 * case slip is accepted: a name in a program that is not a field is a bug.
 * Returns MICIC_OK, or MICIC_ENOTFOUND with @p err naming the value, the
 * closest field ("did you mean 'stakeholder_type'?") and, when the message
 * has room for them, the field names ("; fields: id, title, ...").
 */
MICIC_API int micic_field_lookup(const char *name, micic_field *out, micic_error *err);

/**
 * Machine name of the field closest to @p name (a variant the readers
 * accept, a plural, a typo at most 3 edits away); NULL when none is close.
 * Static.
 */
MICIC_API const char *micic_field_suggest(const char *name);

/**
 * Vocabulary named by @p name, as micic_vocab_from_name() accepts it
 * (machine name or label). Returns MICIC_OK, or MICIC_ENOTFOUND with
 * @p err naming the value, the closest vocabulary ("did you mean
 * 'crisis'?") and the vocabulary names.
 */
MICIC_API int micic_vocab_lookup_name(const char *name, micic_vocab *out, micic_error *err);

/**
 * Number of levels of a field: the labels of its controlled vocabulary
 * (closed or open), 15 for MICIC_FIELD_GUIDELINE, 0 for fields without
 * a vocabulary (id, title, country, description...).
 */
MICIC_API size_t micic_field_level_count(micic_field f);

/** Level i of a field ("1".."15" for guidelines); NULL out of range. Static. */
MICIC_API const char *micic_field_level(micic_field f, size_t i);

/**
 * Add the values of one table cell to field @p f, with the rule of the CSV
 * reader (docs/formats.md): a single-valued field takes the trimmed cell;
 * a multi-valued field's cell is split at each ';' not escaped ("\;" is a
 * ';' inside a value, "\\" a backslash), items trimmed and empty items
 * dropped. Each value is canonicalized as micic_practice_add(value = NULL)
 * does. An empty or blank cell adds nothing.
 * Returns MICIC_OK or the error of micic_practice_add().
 */
MICIC_API int micic_practice_add_cell(micic_practice *p, micic_field f, const char *cell,
                                      micic_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_FIELDS_H */
