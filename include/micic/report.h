/**
 * @file micic/report.h
 * @brief Diagnostics and reports, shared by the readers (bad input) and the
 *        validator (bad data).
 *
 * A diagnostic has a stable code (string id such as "unknown-value" and a
 * number, listed in docs/diagnostics.md and in micic_code_*() below), a
 * severity, the record (index and id), the field, a location, the
 * offending value, a message and, where one exists, a suggested value.
 *
 * Problems in the data are diagnostics, never failures of the call: only
 * I/O and usage problems make a function return an error status.
 */
#ifndef MICIC_REPORT_H
#define MICIC_REPORT_H

#include "micic/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Severity of a diagnostic, least to most severe. */
typedef enum micic_severity {
    MICIC_SEVERITY_INFO = 0,
    MICIC_SEVERITY_WARNING = 1,
    MICIC_SEVERITY_ERROR = 2
} micic_severity;

/** "info", "warning", "error"; "" when invalid. Static. */
MICIC_API const char *micic_severity_name(micic_severity s);

/** Parse "info"/"warning"/"error" (any case). MICIC_OK or MICIC_EINVAL. */
MICIC_API int micic_severity_from_name(const char *name, micic_severity *out);

/**
 * Diagnostic codes. Numbers and string ids are stable; new codes are only
 * appended. 1xx: reading, 2xx: validation, 3xx: normalization.
 */
typedef enum micic_code {
    /* reading (bad input; the record is kept or rejected as stated) */
    MICIC_CODE_INVALID_UTF8 = 101,    /**< "invalid-utf8" */
    MICIC_CODE_NUL_BYTE = 102,        /**< "nul-byte" */
    MICIC_CODE_RAGGED_ROW = 103,      /**< "ragged-row" (CSV row width differs from header) */
    MICIC_CODE_JSON_SYNTAX = 104,     /**< "json-syntax" */
    MICIC_CODE_JSON_TYPE = 105,       /**< "json-type" (wrong JSON type for a field) */
    MICIC_CODE_UNKNOWN_LABEL = 106,   /**< "unknown-label" (kept as an extra field) */
    MICIC_CODE_TRUNCATED = 107,       /**< "truncated-input" */
    MICIC_CODE_EMPTY_INPUT = 108,     /**< "empty-input" */
    MICIC_CODE_CSV_SYNTAX = 109,      /**< "csv-syntax" */
    MICIC_CODE_RECORD_REJECTED = 110, /**< "record-rejected" */
    MICIC_CODE_DUPLICATE_ID = 111,    /**< "duplicate-id" (renamed to stay unique) */
    MICIC_CODE_LIMIT = 112,           /**< "limit-exceeded" */
    MICIC_CODE_LAYOUT = 113,          /**< "layout-inferred" (a reader decision, e.g. where a description without heading starts) */
    MICIC_CODE_FILE_SKIPPED = 114,    /**< "file-skipped" (a file of a directory not read) */
    /* validation */
    MICIC_CODE_MISSING_FIELD = 201,     /**< "missing-field" */
    MICIC_CODE_UNKNOWN_VALUE = 202,     /**< "unknown-value" */
    MICIC_CODE_GUIDELINE_RANGE = 203,   /**< "guideline-out-of-range" */
    MICIC_CODE_TITLE_MISMATCH = 204,    /**< "guideline-title-mismatch" */
    MICIC_CODE_THEME_MISMATCH = 205,    /**< "theme-mismatch" */
    MICIC_CODE_UNKNOWN_COUNTRY = 206,   /**< "unknown-country" */
    MICIC_CODE_BAD_URL = 207,           /**< "malformed-url" */
    MICIC_CODE_DUPLICATE_RECORD = 208,  /**< "duplicate-record" */
    MICIC_CODE_PHASE_MISMATCH = 209,    /**< "phase-mismatch" */
    MICIC_CODE_SHORT_DESCRIPTION = 210, /**< "short-description" */
    MICIC_CODE_GUIDELINE_TEXT = 211,    /**< "guideline-text-in-description" */
    MICIC_CODE_CONTROL_CHAR = 212,      /**< "control-character" */
    MICIC_CODE_FIELD_TOO_LONG = 213,    /**< "field-too-long" */
    /* normalization */
    MICIC_CODE_NORMALIZED = 301         /**< "normalized" (a value was rewritten) */
} micic_code;

/** String id of a code ("unknown-value"); "" when unknown. Static. */
MICIC_API const char *micic_code_name(int code);
/** Code for a string id; 0 when unknown. */
MICIC_API int micic_code_from_name(const char *name);
/** Default severity of a code (MICIC_SEVERITY_ERROR for an unknown code). */
MICIC_API micic_severity micic_code_severity(int code);
/** One-line meaning of a code, for docs and --help. Static. */
MICIC_API const char *micic_code_description(int code);

/* ------------------------------------------------------------------ */

/** One diagnostic (opaque, owned by its report). */
typedef struct micic_diagnostic micic_diagnostic;

/** Numeric code (micic_code). */
MICIC_API int micic_diagnostic_code(const micic_diagnostic *d);
/** String id of the code. Static. */
MICIC_API const char *micic_diagnostic_code_name(const micic_diagnostic *d);
/** Severity. */
MICIC_API micic_severity micic_diagnostic_severity(const micic_diagnostic *d);
/** 0-based record index in its corpus/input, or -1 for the whole input. */
MICIC_API long micic_diagnostic_record_index(const micic_diagnostic *d);
/** Record id, or "" when the record has none / for the whole input. Borrowed. */
MICIC_API const char *micic_diagnostic_record_id(const micic_diagnostic *d);
/** Field machine name ("country"), a raw label, or "". Borrowed. */
MICIC_API const char *micic_diagnostic_field(const micic_diagnostic *d);
/** Source name, or "". Borrowed. */
MICIC_API const char *micic_diagnostic_source(const micic_diagnostic *d);
/** 1-based line, 0 unknown. */
MICIC_API int micic_diagnostic_line(const micic_diagnostic *d);
/** 1-based column, 0 unknown. */
MICIC_API int micic_diagnostic_column(const micic_diagnostic *d);
/** The offending value, or "". Borrowed. */
MICIC_API const char *micic_diagnostic_value(const micic_diagnostic *d);
/** Message (one sentence, no location). Borrowed. */
MICIC_API const char *micic_diagnostic_message(const micic_diagnostic *d);
/** Suggested value, or NULL when there is none. Borrowed. */
MICIC_API const char *micic_diagnostic_suggestion(const micic_diagnostic *d);

/* ------------------------------------------------------------------ */

/** A list of diagnostics (opaque). */
typedef struct micic_report micic_report;

/** New empty report; NULL on allocation failure. Free with micic_report_free(). */
MICIC_API micic_report *micic_report_new(void);
/** Free a report. NULL is a no-op. */
MICIC_API void micic_report_free(micic_report *r);

/** Number of diagnostics. */
MICIC_API size_t micic_report_size(const micic_report *r);
/** Diagnostic i; NULL out of range. Borrowed from the report. */
MICIC_API const micic_diagnostic *micic_report_get(const micic_report *r, size_t i);
/** Number of diagnostics with this severity. */
MICIC_API size_t micic_report_count(const micic_report *r, micic_severity s);
/** Number of diagnostics with this code. */
MICIC_API size_t micic_report_count_code(const micic_report *r, int code);
/** Records rejected by a reader (0 for validation reports). */
MICIC_API size_t micic_report_rejected(const micic_report *r);
/** Records the input held (accepted + rejected) for reader reports; 0 otherwise. */
MICIC_API size_t micic_report_records_in(const micic_report *r);
/**
 * Bytes of the input a reader skipped without reading them as records
 * (reader reports; 0 otherwise): damaged JSON between two elements it
 * resynchronised on, the rest of a document it could not go on reading.
 * Records in those bytes were never reached: records_in does not count
 * them. Each skip has a diagnostic saying how many bytes.
 */
MICIC_API size_t micic_report_skipped_bytes(const micic_report *r);
/** Files of a directory that were skipped (file-skipped diagnostics). */
MICIC_API size_t micic_report_skipped_files(const micic_report *r);
/**
 * 1 when a reader lost input records: some were rejected, input bytes were
 * skipped, or files of a directory were (records not reached); 0 when
 * every record of the input was accepted. micic convert and micic
 * validate exit 1 then.
 */
MICIC_API int micic_report_lost(const micic_report *r);

/**
 * Append a diagnostic. Any string may be NULL (stored as "", suggestion as
 * NULL). Copies all strings. @p record_index -1 means the whole input.
 * MICIC_EINVAL for an unknown code or severity, MICIC_ENOMEM.
 * Diagnostics already in the report stay where they are (borrowed
 * pointers from micic_report_get() remain valid).
 */
MICIC_API int micic_report_add(micic_report *r, int code, micic_severity severity,
                               long record_index, const char *record_id,
                               const char *field, const char *source, int line,
                               int column, const char *value, const char *message,
                               const char *suggestion);

/**
 * Append copies of every diagnostic of @p src (which may be @p r), and add
 * its records_in/rejected counts (unless @p src is @p r).
 */
MICIC_API int micic_report_extend(micic_report *r, const micic_report *src);

/**
 * New report holding the diagnostics of @p r that pass the filter:
 * @p code 0 = any code; @p min_severity; @p field NULL = any field.
 * Returns MICIC_OK with *out a new report (free with micic_report_free());
 * it keeps the records_in/rejected counts of @p r.
 */
MICIC_API int micic_report_filter(const micic_report *r, int code,
                                  micic_severity min_severity, const char *field,
                                  micic_report **out);

/** Output formats of micic_report_render(). */
typedef enum micic_report_format {
    MICIC_REPORT_TEXT = 0, /**< file:line:col: severity: [code] message (did you mean 'X'?) */
    MICIC_REPORT_JSON = 1, /**< data/report.schema.json */
    MICIC_REPORT_CSV = 2   /**< header + one row per diagnostic */
} micic_report_format;

/**
 * Render the report. On MICIC_OK *out is a new NUL-terminated string
 * (free with micic_free()). Exact layouts: docs/report-json.md. TEXT lines
 * end with " (record ID)" (or " (record #INDEX)" when the id is unknown)
 * and the last line is a summary "N errors, N warnings, N info".
 */
MICIC_API int micic_report_render(const micic_report *r, micic_report_format fmt,
                                  char **out, micic_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MICIC_REPORT_H */
