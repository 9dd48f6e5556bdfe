/*
 * Shared code of the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Every target feeds the fuzzer's bytes to one public entry point and then
 * checks the properties the headers promise (not just "does not crash"):
 *   - a reader returns MICIC_OK on any bytes (bad data is a diagnostic),
 *   - records accepted + records rejected = records in (io.h),
 *   - every string the API hands out is readable (ASan checks the bytes)
 *     and every value is valid UTF-8,
 *   - the structured writers' output reads back to equivalent records with
 *     no rejection, up to the limits docs/formats.md lists (fz_equiv), and
 *     the read-back copy is a fixed point (equal records, same bytes),
 *   - with tiny read limits the counts still add up and no value from the
 *     input exceeds max_field_bytes.
 * docs/reliability.md lists every check and the known limits tolerated here.
 * A broken property calls fz_fail(), which aborts: libFuzzer then saves the
 * input as a crash artifact like any ASan/UBSan finding.
 *
 * Harness code, not library code: plain malloc/free, and each target may
 * keep read-only state built once in LLVMFuzzerInitialize().
 */
#ifndef MICIC_FUZZ_COMMON_H
#define MICIC_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* micic__trim */
#include "micic/micic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void fz_fail(const char *what, int rc, const micic_error *err) {
    fprintf(stderr, "fuzz property broken: %s (rc %d %s%s%s)\n", what, rc, micic_strerror(rc),
            err ? ": " : "", err ? err->text : "");
    abort();
}

#define FZ_CHECK(cond, what) \
    do {                     \
        if (!(cond)) fz_fail(what, 0, NULL); \
    } while (0)

/* Read every byte of a string the library returned (ASan sees each one). */
static size_t fz_touch(const char *s) {
    size_t n = 0;
    if (!s) return 0;
    while (s[n]) n++;
    return n;
}

/* Read a string the library returned; it must be valid UTF-8 (readers
 * replace bad bytes and NULs by U+FFFD). Returns its length. */
static size_t fz_text(const char *s) {
    size_t n = fz_touch(s);
    if (s && !micic__utf8_valid(s, n)) {
        fprintf(stderr, "not UTF-8: [%s]\n", s);
        fz_fail("a value is not valid UTF-8", 0, NULL);
    }
    return n;
}

/* Read everything a record exposes. */
static void fz_touch_practice(const micic_practice *p) {
    size_t f, i, k;
    micic_location loc;
    FZ_CHECK(p != NULL, "corpus record is NULL");
    fz_touch(micic_practice_id(p));
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        size_t n = micic_practice_count(p, (micic_field)f);
        fz_touch(micic_practice_first(p, (micic_field)f));
        for (i = 0; i < n; i++) {
            fz_text(micic_practice_value(p, (micic_field)f, i));
            fz_text(micic_practice_original(p, (micic_field)f, i));
            if (micic_practice_location(p, (micic_field)f, i, &loc) == MICIC_OK)
                fz_touch(loc.source);
        }
        FZ_CHECK(micic_practice_value(p, (micic_field)f, n) == NULL,
                 "value past the end is not NULL");
    }
    loc = micic_practice_record_location(p);
    fz_touch(loc.source);
    k = micic_practice_extra_count(p);
    for (i = 0; i < k; i++) {
        fz_text(micic_practice_extra_label(p, i));
        fz_text(micic_practice_extra_value(p, i));
    }
}

/* Read every diagnostic and render the report in the three formats. */
static void fz_touch_report(const micic_report *r) {
    size_t i, n = micic_report_size(r), by_sev = 0;
    int fmt;
    for (i = 0; i < n; i++) {
        const micic_diagnostic *d = micic_report_get(r, i);
        FZ_CHECK(d != NULL, "diagnostic is NULL");
        FZ_CHECK(micic_diagnostic_line(d) >= 0 && micic_diagnostic_column(d) >= 0,
                 "negative diagnostic location");
        FZ_CHECK(fz_touch(micic_diagnostic_code_name(d)) > 0, "diagnostic code without name");
        fz_touch(micic_diagnostic_record_id(d));
        fz_touch(micic_diagnostic_field(d));
        fz_touch(micic_diagnostic_source(d));
        fz_touch(micic_diagnostic_value(d));
        FZ_CHECK(fz_touch(micic_diagnostic_message(d)) > 0, "diagnostic without message");
        fz_touch(micic_diagnostic_suggestion(d));
    }
    FZ_CHECK(micic_report_get(r, n) == NULL, "diagnostic past the end is not NULL");
    for (i = 0; i <= MICIC_SEVERITY_ERROR; i++) by_sev += micic_report_count(r, (micic_severity)i);
    FZ_CHECK(by_sev == n, "severity counts do not add up to the report size");
    for (fmt = MICIC_REPORT_TEXT; fmt <= MICIC_REPORT_CSV; fmt++) {
        char *out = NULL;
        micic_error err;
        int rc = micic_report_render(r, (micic_report_format)fmt, &out, &err);
        if (rc != MICIC_OK) fz_fail("micic_report_render failed", rc, &err);
        fz_touch(out);
        micic_free(out);
    }
}

/* Read a buffer in one format; checks the reader contract. New corpus. */
static micic_corpus *fz_read(const char *data, size_t len, micic_format fmt,
                             const micic_read_options *opts_in) {
    micic_read_options opts = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    const micic_report *rep;
    size_t i;
    int rc;
    if (opts_in) opts = *opts_in;
    opts.format = fmt;
    FZ_CHECK(c != NULL, "micic_corpus_new");
    rc = micic_read_buffer(c, data, len, "fuzz", &opts, &err);
    if (rc != MICIC_OK) fz_fail("micic_read_buffer did not return MICIC_OK", rc, &err);
    rep = micic_corpus_read_report(c);
    FZ_CHECK(rep != NULL, "no read report");
    if (micic_report_records_in(rep) != micic_corpus_size(c) + micic_report_rejected(rep)) {
        fprintf(stderr, "records in %zu, accepted %zu, rejected %zu\n",
                micic_report_records_in(rep), micic_corpus_size(c), micic_report_rejected(rep));
        fz_fail("accepted + rejected != records in", 0, NULL);
    }
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        fz_touch_practice(p);
        FZ_CHECK(micic_practice_id(p)[0] != '\0', "corpus record without id");
        FZ_CHECK(micic_corpus_find(c, micic_practice_id(p)) == p, "id lookup finds another record");
    }
    FZ_CHECK(micic_corpus_get(c, micic_corpus_size(c)) == NULL, "record past the end is not NULL");
    fz_touch_report(rep);
    return c;
}

/* Write c in fmt; the string is new (micic_free). Aborts on failure. */
static char *fz_write(const micic_corpus *c, micic_format fmt, size_t *len) {
    micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
    micic_error err;
    char *out = NULL;
    int rc = micic_write_buffer(c, fmt, &wo, &out, &err);
    if (rc != MICIC_OK) fz_fail("micic_write_buffer failed", rc, &err);
    FZ_CHECK(out != NULL, "micic_write_buffer gave no string");
    *len = strlen(out);
    return out;
}

static void fz_dump_diff(const micic_corpus *a, const micic_corpus *b) {
    size_t i, n = micic_corpus_size(a) < micic_corpus_size(b) ? micic_corpus_size(a)
                                                               : micic_corpus_size(b);
    for (i = 0; i < n; i++) {
        const micic_practice *p = micic_corpus_get(a, i), *q = micic_corpus_get(b, i);
        size_t f, k;
        if (micic_practice_equal(p, q)) continue;
        fprintf(stderr, "record %zu differs\n", i);
        for (f = 0; f < MICIC_FIELD_COUNT; f++) {
            size_t np = micic_practice_count(p, (micic_field)f);
            size_t nq = micic_practice_count(q, (micic_field)f);
            for (k = 0; k < np || k < nq; k++) {
                const char *vp = micic_practice_value(p, (micic_field)f, k);
                const char *vq = micic_practice_value(q, (micic_field)f, k);
                if (!vp || !vq || strcmp(vp, vq) != 0)
                    fprintf(stderr, "  %s[%zu]: \"%s\" vs \"%s\"\n",
                            micic_field_name((micic_field)f), k, vp ? vp : "(none)",
                            vq ? vq : "(none)");
            }
        }
        for (k = 0; k < micic_practice_extra_count(p) || k < micic_practice_extra_count(q); k++)
            fprintf(stderr, "  extra %zu: \"%s\"=\"%s\" vs \"%s\"=\"%s\"\n", k,
                    k < micic_practice_extra_count(p) ? micic_practice_extra_label(p, k) : "",
                    k < micic_practice_extra_count(p) ? micic_practice_extra_value(p, k) : "",
                    k < micic_practice_extra_count(q) ? micic_practice_extra_label(q, k) : "",
                    k < micic_practice_extra_count(q) ? micic_practice_extra_value(q, k) : "");
        return;
    }
}

/* Value k of field f as a round trip through fmt keeps it: *len = 0 when
 * the format drops it (docs/formats.md: empty values are not kept; CSV
 * trims white space around list items). */
static const char *fz_kept(const micic_practice *p, micic_field f, size_t k, micic_format fmt,
                           size_t *len) {
    const char *v = micic_practice_value(p, f, k);
    *len = strlen(v);
    if (fmt == MICIC_FORMAT_CSV && !micic_field_is_single(f)) v = micic__trim(v, *len, len);
    return v;
}

/*
 * 1 when vb is what the record model makes of the text va given without an
 * original (micic_practice_add with value NULL: trimmed, guideline numbers,
 * country names and vocabulary labels canonicalized). The structured readers
 * store values that way, so a value that differed from its canonical form
 * (it came with an explicit JSON "original") may come back canonical.
 */
static int fz_canon_is(size_t f, const char *va, size_t la, const char *vb, size_t lb) {
    micic_practice *p = micic_practice_new();
    char *t = malloc(la + 1);
    const char *v;
    int same = 0;
    FZ_CHECK(p && t, "allocation");
    memcpy(t, va, la);
    t[la] = '\0';
    if (micic_practice_add(p, (micic_field)f, t, NULL, NULL, 0, 0, NULL) == MICIC_OK &&
        (v = micic_practice_value(p, (micic_field)f, 0)) != NULL)
        same = strlen(v) == lb && memcmp(v, vb, lb) == 0;
    free(t);
    micic_practice_free(p);
    return same;
}

/* CSV and the long format: the tabular formats, which trim labels, name an
 * empty label "column N" and keep no empty value. */
static int fz_tabular(micic_format fmt) {
    return fmt == MICIC_FORMAT_CSV || fmt == MICIC_FORMAT_LONG;
}

/* CSV header cells and long-format `field` cells are trimmed when read,
 * and an empty one becomes "column N": in those formats extra labels are
 * compared trimmed, and extras labelled "" (after trimming) are skipped. */
static int fz_label_is(const char *x, const char *label, micic_format fmt) {
    size_t lx, ll;
    const char *tx, *tl;
    if (!fz_tabular(fmt)) return strcmp(x, label) == 0;
    tx = micic__trim(x, strlen(x), &lx);
    tl = micic__trim(label, strlen(label), &ll);
    return lx == ll && memcmp(tx, tl, lx) == 0;
}

static int fz_label_dropped(const char *label, micic_format fmt) {
    size_t n;
    if (!fz_tabular(fmt)) return 0;
    micic__trim(label, strlen(label), &n);
    return n == 0;
}

/* The extra after `from` with label `label` (from = (size_t)-1: the first),
 * skipping the extras fmt does not keep (empty CSV and long values, empty
 * labels). */
static size_t fz_next_extra(const micic_practice *p, const char *label, size_t from,
                            micic_format fmt) {
    size_t i, n = micic_practice_extra_count(p);
    if (fz_label_dropped(label, fmt)) return (size_t)-1;
    for (i = from + 1; i < n; i++) {
        if (!fz_label_is(micic_practice_extra_label(p, i), label, fmt)) continue;
        if (fz_tabular(fmt) && micic_practice_extra_value(p, i)[0] == '\0') continue;
        return i;
    }
    return (size_t)-1;
}

/*
 * a and b hold the same data up to what a round trip through fmt is
 * documented to change: empty values dropped, CSV list items trimmed (and
 * empty CSV extras dropped), extras regrouped by label (same values per
 * label, in order).
 */
static int fz_equiv(const micic_practice *a, const micic_practice *b, micic_format fmt) {
    size_t f, i, j, na, nb;
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
        na = micic_practice_count(a, (micic_field)f);
        nb = micic_practice_count(b, (micic_field)f);
        i = j = 0;
        for (;;) {
            size_t la = 0, lb = 0;
            const char *va = NULL, *vb = NULL;
            while (i < na && (va = fz_kept(a, (micic_field)f, i, fmt, &la), la == 0)) i++;
            while (j < nb && (vb = fz_kept(b, (micic_field)f, j, fmt, &lb), lb == 0)) j++;
            if (i >= na || j >= nb) {
                if (i < na || j < nb) return 0;
                break;
            }
            if ((la != lb || memcmp(va, vb, la) != 0) && !fz_canon_is(f, va, la, vb, lb))
                return 0;
            i++;
            j++;
        }
    }
    /* extras: for every label, the same values in the same order */
    for (i = 0; i < micic_practice_extra_count(a); i++) {
        const char *label = micic_practice_extra_label(a, i);
        size_t x, y;
        if (fz_next_extra(a, label, (size_t)-1, fmt) != i) continue; /* label done already */
        x = i;
        y = fz_next_extra(b, label, (size_t)-1, fmt);
        while (x != (size_t)-1 && y != (size_t)-1) {
            if (strcmp(micic_practice_extra_value(a, x), micic_practice_extra_value(b, y)) != 0)
                return 0;
            x = fz_next_extra(a, label, x, fmt);
            y = fz_next_extra(b, label, y, fmt);
        }
        if (x != y) return 0;
    }
    /* and b has no label a lacks (but "" comes back as "column N") */
    for (j = 0; j < micic_practice_extra_count(b); j++) {
        const char *label = micic_practice_extra_label(b, j);
        if (fz_tabular(fmt) && strncmp(label, "column ", 7) == 0) continue;
        if (fz_next_extra(b, label, (size_t)-1, fmt) == j &&
            fz_next_extra(a, label, (size_t)-1, fmt) == (size_t)-1)
            return 0;
    }
    return 1;
}

/*
 * Write c in a structured format and read it back: same number of records,
 * none rejected, every record equivalent (fz_equiv). Then the copy is a
 * fixed point: writing it and reading that back gives equal records
 * (micic_practice_equal) and the same bytes again.
 */
static void fz_roundtrip(const micic_corpus *c, micic_format fmt) {
    size_t len, len2, len3, i;
    char *text = fz_write(c, fmt, &len), *text2, *text3;
    micic_corpus *back = fz_read(text, len, fmt, NULL), *back2;
    const micic_report *rep = micic_corpus_read_report(back);
    if (micic_corpus_size(back) != micic_corpus_size(c) || micic_report_rejected(rep) != 0) {
        fprintf(stderr, "%s round trip: %zu records written, %zu read back, %zu rejected\n",
                micic_format_name(fmt), micic_corpus_size(c), micic_corpus_size(back),
                micic_report_rejected(rep));
        fz_fail("round trip lost records", 0, NULL);
    }
    for (i = 0; i < micic_corpus_size(c); i++) {
        if (!fz_equiv(micic_corpus_get(c, i), micic_corpus_get(back, i), fmt)) {
            fprintf(stderr, "%s round trip changed record %zu\n", micic_format_name(fmt), i);
            fz_dump_diff(c, back);
            fz_fail("round trip changed a record", 0, NULL);
        }
    }
    text2 = fz_write(back, fmt, &len2);
    back2 = fz_read(text2, len2, fmt, NULL);
    FZ_CHECK(micic_corpus_size(back2) == micic_corpus_size(back), "second round trip lost records");
    for (i = 0; i < micic_corpus_size(back); i++) {
        if (!micic_practice_equal(micic_corpus_get(back, i), micic_corpus_get(back2, i))) {
            fprintf(stderr, "%s second round trip changed record %zu\n", micic_format_name(fmt), i);
            fz_dump_diff(back, back2);
            fz_fail("second round trip changed a record", 0, NULL);
        }
    }
    text3 = fz_write(back2, fmt, &len3);
    if (len2 != len3 || memcmp(text2, text3, len2) != 0)
        fz_fail("writing the read-back copy gave other bytes", 0, NULL);
    micic_free(text);
    micic_free(text2);
    micic_free(text3);
    micic_corpus_free(back);
    micic_corpus_free(back2);
}

/* Write c as record text and read it back: no crash, counts add up. */
static void fz_text_write_read(const micic_corpus *c) {
    size_t len;
    char *text = fz_write(c, MICIC_FORMAT_TEXT, &len);
    micic_corpus *back = fz_read(text, len, MICIC_FORMAT_TEXT, NULL);
    micic_free(text);
    micic_corpus_free(back);
}

/*
 * The body of every reader target: read the bytes as fmt, check the
 * contract, then put the records through every writer and back.
 */
static void fz_check_writers(const micic_corpus *c) {
    if (micic_corpus_size(c) == 0) return;
    fz_roundtrip(c, MICIC_FORMAT_JSON);
    fz_roundtrip(c, MICIC_FORMAT_JSONL);
    fz_roundtrip(c, MICIC_FORMAT_CSV);
    fz_roundtrip(c, MICIC_FORMAT_LONG);
    fz_text_write_read(c);
}

/*
 * Read again with small limits taken from the input's first and last bytes
 * (max_field_bytes 1..64, max_record_bytes 64..1084): the reader contract
 * still holds, and no value is longer than max_field_bytes.
 */
static void fz_read_limited(const uint8_t *data, size_t size, micic_format fmt) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    micic_corpus *c;
    size_t i, f, k;
    if (size == 0) return;
    o.max_field_bytes = 1 + data[0] % 64;
    o.max_record_bytes = 64 + (size_t)data[size - 1] * 4;
    c = fz_read((const char *)data, size, fmt, &o);
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        for (f = 1; f < MICIC_FIELD_COUNT; f++) /* ids are the corpus's business */
            for (k = 0; k < micic_practice_count(p, (micic_field)f); k++) {
                micic_location loc;
                /* values the reader adds itself (kind "Reported Practice")
                 * have no location and come from no input */
                if (micic_practice_location(p, (micic_field)f, k, &loc) != MICIC_OK ||
                    loc.line == 0)
                    continue;
                /* JSON: an explicit "original" is not cut (known bug,
                 * docs/reliability.md finding 4): check the value there */
                const char *v = (fmt == MICIC_FORMAT_JSON || fmt == MICIC_FORMAT_JSONL)
                                    ? micic_practice_value(p, (micic_field)f, k)
                                    : micic_practice_original(p, (micic_field)f, k);
                if (v && strlen(v) > o.max_field_bytes) {
                    fprintf(stderr, "%s[%zu] has %zu bytes, limit %zu\n",
                            micic_field_name((micic_field)f), k, strlen(v), o.max_field_bytes);
                    fz_fail("a value is longer than max_field_bytes", 0, NULL);
                }
            }
    }
    micic_corpus_free(c);
}

static int fz_reader_target(const uint8_t *data, size_t size, micic_format fmt) {
    micic_corpus *c = fz_read((const char *)data, size, fmt, NULL);
    fz_check_writers(c);
    micic_corpus_free(c);
    fz_read_limited(data, size, fmt);
    return 0;
}

#endif /* MICIC_FUZZ_COMMON_H */
