/* Arrow C Data / Stream Interface (micic/arrow.h): export of a corpus as
 * record batches, its schema and buffers, the release callbacks (early,
 * late, never-started streams, moved children), and the import back into a
 * corpus (round trip, plain-string tables, unknown columns, bad bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "micic/arrow.h"
#include "micic/micic.h"

static micic_corpus *bundled(void) {
    micic_error err;
    micic_corpus *c = micic_corpus_new();
    assert_non_null(c);
    assert_int_equal(micic_read_bundled(c, NULL, &err), MICIC_OK);
    assert_true(micic_corpus_size(c) > 100);
    return c;
}

static micic_practice *practice(const char *id) {
    micic_error err;
    micic_practice *p = micic_practice_new();
    assert_non_null(p);
    /* as every reader does: the record's location, its values in the same source */
    assert_int_equal(micic_practice_set_record_location(p, "src.json", 3, 1, &err), MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, NULL, "src.json", 3, 7, &err),
                     MICIC_OK);
    return p;
}

static void add(micic_practice *p, micic_field f, const char *v) {
    micic_error err;
    assert_int_equal(micic_practice_add(p, f, v, NULL, "src.json", 4, 9, &err), MICIC_OK);
}

/* A small corpus with every kind of value: vocabulary labels, a value
 * outside the vocabulary, originals that differ, extras, missing fields. */
static micic_corpus *small(void) {
    micic_error err;
    micic_corpus *c = micic_corpus_new();
    micic_practice *p = practice("A1");
    add(p, MICIC_FIELD_TITLE, "  Evacuation help ");
    add(p, MICIC_FIELD_COUNTRY, "egypt");
    add(p, MICIC_FIELD_COUNTRY, "Libya");
    add(p, MICIC_FIELD_CRISIS, "conflict");
    add(p, MICIC_FIELD_CRISIS, "Something else entirely");
    add(p, MICIC_FIELD_GUIDELINE, "Guideline 14");
    add(p, MICIC_FIELD_GUIDELINE, "3");
    add(p, MICIC_FIELD_KIND, MICIC_KIND_REPORTED);
    assert_int_equal(micic_practice_add_extra(p, "Budget", "12 USD", &err), MICIC_OK);
    assert_int_equal(micic_practice_add_extra(p, "Budget", "", &err), MICIC_OK);
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
    p = practice("A2"); /* almost empty */
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
    p = practice("A3");
    add(p, MICIC_FIELD_DESCRIPTION, "Caf\xc3\xa9 \xe2\x80\x94 text");
    add(p, MICIC_FIELD_PHASE, "emergency response");
    add(p, MICIC_FIELD_KIND, "unusual kind");
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
    return c;
}

/* Drain a stream, counting batches and rows; optionally keeps nothing. */
static void drain(struct ArrowArrayStream *s, size_t *batches, int64_t *rows) {
    *batches = 0;
    *rows = 0;
    for (;;) {
        struct ArrowArray a;
        assert_int_equal(s->get_next(s, &a), 0);
        if (!a.release) break;
        (*batches)++;
        *rows += a.length;
        a.release(&a);
        assert_null(a.release);
    }
}

static int child_index(const struct ArrowSchema *s, const char *name) {
    int64_t i;
    for (i = 0; i < s->n_children; i++)
        if (strcmp(s->children[i]->name, name) == 0) return (int)i;
    return -1;
}

static void test_schema(void **state) {
    micic_corpus *c = small();
    struct ArrowArrayStream s;
    struct ArrowSchema sc;
    micic_arrow_options o;
    micic_error err;
    int i;
    (void)state;
    micic_arrow_options_init(&o);
    assert_int_equal(micic_corpus_to_arrow(c, &o, &s, &err), MICIC_OK);
    assert_int_equal(s.get_schema(&s, &sc), 0);
    assert_string_equal(sc.format, "+s");
    assert_int_equal(sc.n_children, MICIC_FIELD_COUNT + 1);
    for (i = 0; i < MICIC_FIELD_COUNT; i++)
        assert_string_equal(sc.children[i]->name, micic_field_name((micic_field)i));
    /* single-valued: utf8; kind: dictionary<int16, utf8> */
    assert_string_equal(sc.children[MICIC_FIELD_ID]->format, "u");
    assert_string_equal(sc.children[MICIC_FIELD_KIND]->format, "s");
    assert_non_null(sc.children[MICIC_FIELD_KIND]->dictionary);
    assert_string_equal(sc.children[MICIC_FIELD_KIND]->dictionary->format, "u");
    /* closed vocabulary lists: list<dictionary<int16, utf8>> */
    assert_string_equal(sc.children[MICIC_FIELD_CRISIS]->format, "+l");
    assert_string_equal(sc.children[MICIC_FIELD_CRISIS]->children[0]->format, "s");
    assert_non_null(sc.children[MICIC_FIELD_CRISIS]->children[0]->dictionary);
    /* open lists: list<utf8>; guideline list<uint8> */
    assert_string_equal(sc.children[MICIC_FIELD_COUNTRY]->children[0]->format, "u");
    assert_string_equal(sc.children[MICIC_FIELD_GUIDELINE]->children[0]->format, "C");
    /* extra: map<utf8, utf8> */
    assert_string_equal(sc.children[MICIC_FIELD_COUNT]->name, "extra");
    assert_string_equal(sc.children[MICIC_FIELD_COUNT]->format, "+m");
    assert_string_equal(sc.children[MICIC_FIELD_COUNT]->children[0]->format, "+s");
    assert_int_equal(sc.children[MICIC_FIELD_COUNT]->children[0]->n_children, 2);
    /* moving a child schema out, then releasing parent and child */
    {
        struct ArrowSchema moved = *sc.children[0];
        sc.children[0]->release = NULL;
        sc.release(&sc);
        assert_null(sc.release);
        assert_string_equal(moved.name, "id");
        moved.release(&moved);
    }
    s.release(&s);
    assert_null(s.release);

    /* plain strings, originals and locations */
    o.dictionary = 0;
    o.originals = 1;
    o.locations = 1;
    assert_int_equal(micic_corpus_to_arrow(c, &o, &s, &err), MICIC_OK);
    assert_int_equal(s.get_schema(&s, &sc), 0);
    assert_int_equal(sc.n_children, MICIC_FIELD_COUNT * 4 + 4);
    assert_string_equal(sc.children[MICIC_FIELD_KIND]->format, "u");
    assert_string_equal(sc.children[MICIC_FIELD_CRISIS]->children[0]->format, "u");
    assert_true(child_index(&sc, "country_original") > 0);
    assert_true(child_index(&sc, "record_source") > 0);
    assert_string_equal(sc.children[child_index(&sc, "country_line")]->children[0]->format, "i");
    assert_string_equal(sc.children[child_index(&sc, "title_column")]->format, "i");
    sc.release(&sc);
    s.release(&s);
    micic_corpus_free(c);
}

static const char *str_at(const struct ArrowArray *a, int64_t i, size_t *n) {
    const int32_t *o = (const int32_t *)a->buffers[1] + a->offset + i;
    *n = (size_t)(o[1] - o[0]);
    return (const char *)a->buffers[2] + o[0];
}

static int valid_at(const struct ArrowArray *a, int64_t i) {
    const uint8_t *v = a->buffers[0];
    return !v || ((v[(a->offset + i) / 8] >> ((a->offset + i) % 8)) & 1);
}

static void test_buffers(void **state) {
    micic_corpus *c = small();
    struct ArrowArrayStream s;
    struct ArrowArray b;
    micic_error err;
    const struct ArrowArray *col, *items, *dict;
    const int32_t *lo;
    const int16_t *idx;
    const uint8_t *g;
    size_t n, j;
    const char *t;
    (void)state;
    assert_int_equal(micic_corpus_to_arrow(c, NULL, &s, &err), MICIC_OK);
    assert_int_equal(s.get_next(&s, &b), 0);
    assert_non_null(b.release);
    assert_int_equal(b.length, 3);
    assert_int_equal(b.n_children, MICIC_FIELD_COUNT + 1);
    /* every buffer 64-byte aligned */
    for (j = 0; j < (size_t)b.n_children; j++) {
        int64_t k;
        col = b.children[j];
        for (k = 0; k < col->n_buffers; k++)
            assert_int_equal((uintptr_t)col->buffers[k] % 64, 0);
    }
    /* title: utf8, trimmed canonical value; A2 has none (null) */
    col = b.children[MICIC_FIELD_TITLE];
    t = str_at(col, 0, &n);
    assert_int_equal(n, strlen("Evacuation help"));
    assert_memory_equal(t, "Evacuation help", n);
    assert_false(valid_at(col, 1));
    assert_int_equal(col->null_count, 2);
    /* country: list<utf8> */
    col = b.children[MICIC_FIELD_COUNTRY];
    lo = (const int32_t *)col->buffers[1];
    assert_int_equal(lo[0], 0);
    assert_int_equal(lo[1], 2);
    assert_int_equal(lo[3], 2);
    t = str_at(col->children[0], 0, &n);
    assert_memory_equal(t, "Egypt", n);
    /* crisis: dictionary, catalogue levels first, then the unknown value */
    col = b.children[MICIC_FIELD_CRISIS];
    items = col->children[0];
    dict = items->dictionary;
    assert_non_null(dict);
    assert_int_equal(dict->length,
                     (int64_t)micic_vocab_size(MICIC_VOCAB_CRISIS) + 1);
    for (j = 0; j < micic_vocab_size(MICIC_VOCAB_CRISIS); j++) {
        t = str_at(dict, (int64_t)j, &n);
        assert_int_equal(n, strlen(micic_vocab_label(MICIC_VOCAB_CRISIS, j)));
        assert_memory_equal(t, micic_vocab_label(MICIC_VOCAB_CRISIS, j), n);
    }
    idx = (const int16_t *)items->buffers[1];
    t = str_at(dict, idx[0], &n);
    assert_memory_equal(t, micic_practice_value(micic_corpus_get(c, 0), MICIC_FIELD_CRISIS, 0), n);
    assert_int_equal(idx[1], (int16_t)micic_vocab_size(MICIC_VOCAB_CRISIS));
    /* guideline: list<uint8> 14, 3 */
    g = (const uint8_t *)b.children[MICIC_FIELD_GUIDELINE]->children[0]->buffers[1];
    assert_int_equal(g[0], 14);
    assert_int_equal(g[1], 3);
    /* extra: map with 2 entries for A1, the empty value kept */
    col = b.children[MICIC_FIELD_COUNT];
    lo = (const int32_t *)col->buffers[1];
    assert_int_equal(lo[1], 2);
    assert_int_equal(lo[3], 2);
    t = str_at(col->children[0]->children[1], 1, &n);
    assert_int_equal(n, 0);
    assert_true(valid_at(col->children[0]->children[1], 1));
    /* move one child out, release the batch, then the child (late) */
    {
        struct ArrowArray moved = *b.children[MICIC_FIELD_COUNTRY];
        b.children[MICIC_FIELD_COUNTRY]->release = NULL;
        b.release(&b);
        t = str_at(moved.children[0], 1, &n);
        assert_memory_equal(t, "Libya", n);
        moved.release(&moved);
    }
    assert_int_equal(s.get_next(&s, &b), 0);
    assert_null(b.release); /* end */
    assert_int_equal(s.get_next(&s, &b), 0);
    assert_null(b.release); /* still the end */
    s.release(&s);
    micic_corpus_free(c);
}

/* Early, late and never-started streams; lazy and eager; several batches. */
static void test_release_orders(void **state) {
    micic_corpus *c = bundled();
    size_t total = micic_corpus_size(c), batches;
    int64_t rows;
    micic_arrow_options o;
    struct ArrowArrayStream s;
    struct ArrowArray keep;
    micic_error err;
    int lazy;
    (void)state;
    for (lazy = 0; lazy <= 1; lazy++) {
        micic_arrow_options_init(&o);
        o.lazy = lazy;
        o.batch_rows = 50;
        o.originals = lazy; /* both shapes */
        o.locations = lazy;
        /* never started */
        assert_int_equal(micic_corpus_to_arrow(c, &o, &s, &err), MICIC_OK);
        s.release(&s);
        /* drained */
        assert_int_equal(micic_corpus_to_arrow(c, &o, &s, &err), MICIC_OK);
        drain(&s, &batches, &rows);
        assert_int_equal(rows, (int64_t)total);
        assert_int_equal(batches, (total + 49) / 50);
        s.release(&s);
        /* released early, after one batch, which outlives the stream (late) */
        assert_int_equal(micic_corpus_to_arrow(c, &o, &s, &err), MICIC_OK);
        assert_int_equal(s.get_next(&s, &keep), 0);
        assert_int_equal(keep.length, 50);
        s.release(&s);
        assert_null(s.release);
        keep.release(&keep);
    }
    /* an eager stream outlives its corpus */
    assert_int_equal(micic_corpus_to_arrow(c, NULL, &s, &err), MICIC_OK);
    micic_corpus_free(c);
    drain(&s, &batches, &rows);
    assert_int_equal(rows, (int64_t)total);
    s.release(&s);
}

static void test_bad_arguments(void **state) {
    micic_corpus *c = micic_corpus_new();
    struct ArrowArrayStream s;
    micic_arrow_options o = MICIC_ARROW_OPTIONS_INIT;
    micic_error err;
    size_t batches;
    int64_t rows;
    (void)state;
    assert_int_equal(micic_corpus_to_arrow(NULL, NULL, &s, &err), MICIC_EINVAL);
    assert_null(s.release);
    assert_int_equal(micic_corpus_to_arrow(c, NULL, NULL, &err), MICIC_EINVAL);
    o.version = 99;
    assert_int_equal(micic_corpus_to_arrow(c, &o, &s, &err), MICIC_EVERSION);
    assert_int_equal(micic_corpus_from_arrow(c, NULL, NULL, NULL, &err), MICIC_EINVAL);
    /* empty corpus: a schema and no batch */
    assert_int_equal(micic_corpus_to_arrow(c, NULL, &s, &err), MICIC_OK);
    drain(&s, &batches, &rows);
    assert_int_equal(batches, 0);
    s.release(&s);
    /* and it reads back as nothing */
    assert_int_equal(micic_corpus_to_arrow(c, NULL, &s, &err), MICIC_OK);
    assert_int_equal(micic_corpus_from_arrow(c, &s, NULL, NULL, &err), MICIC_OK);
    assert_null(s.release);
    assert_int_equal(micic_corpus_size(c), 0);
    micic_corpus_free(c);
}

static void assert_same_corpus(const micic_corpus *a, const micic_corpus *b, int originals,
                               int locations) {
    size_t r, n = micic_corpus_size(a);
    assert_int_equal(micic_corpus_size(b), n);
    for (r = 0; r < n; r++) {
        const micic_practice *p = micic_corpus_get(a, r), *q = micic_corpus_get(b, r);
        int f;
        assert_true(micic_practice_equal(p, q));
        for (f = 0; f < MICIC_FIELD_COUNT && (originals || locations); f++) {
            size_t i, m = micic_practice_count(p, (micic_field)f);
            for (i = 0; i < m; i++) {
                micic_location lp, lq;
                if (originals)
                    assert_string_equal(micic_practice_original(p, (micic_field)f, i),
                                        micic_practice_original(q, (micic_field)f, i));
                if (locations) {
                    micic_practice_location(p, (micic_field)f, i, &lp);
                    micic_practice_location(q, (micic_field)f, i, &lq);
                    assert_int_equal(lp.line, lq.line);
                    assert_int_equal(lp.column, lq.column);
                    assert_string_equal(lp.source, lq.source);
                }
            }
        }
        if (locations) {
            micic_location lp = micic_practice_record_location(p),
                           lq = micic_practice_record_location(q);
            assert_string_equal(lp.source, lq.source);
            assert_int_equal(lp.line, lq.line);
        }
    }
}

static void round_trip(const micic_corpus *c, int dictionary, int originals, int locations,
                       size_t batch_rows) {
    micic_arrow_options o = MICIC_ARROW_OPTIONS_INIT;
    struct ArrowArrayStream s;
    micic_corpus *back = micic_corpus_new();
    micic_error err;
    o.dictionary = dictionary;
    o.originals = originals;
    o.locations = locations;
    o.batch_rows = batch_rows;
    assert_int_equal(micic_corpus_to_arrow(c, &o, &s, &err), MICIC_OK);
    assert_int_equal(micic_corpus_from_arrow(back, &s, "t.arrow", NULL, &err), MICIC_OK);
    assert_null(s.release); /* stolen and released */
    assert_same_corpus(c, back, originals, locations);
    assert_int_equal(micic_corpus_rejected(back), 0);
    micic_corpus_free(back);
}

static void test_round_trip(void **state) {
    micic_corpus *c = bundled(), *sm = small();
    (void)state;
    round_trip(c, 1, 0, 0, 0);
    round_trip(c, 0, 0, 0, 7);
    round_trip(c, 1, 1, 1, 33);
    round_trip(sm, 1, 1, 1, 1);
    round_trip(sm, 0, 1, 0, 0);
    micic_corpus_free(c);
    micic_corpus_free(sm);
}

/* A guideline value that is not a number keeps list<utf8>, losslessly. */
static void test_guideline_text(void **state) {
    micic_corpus *c = small();
    micic_practice *p = practice("B1");
    struct ArrowArrayStream s;
    struct ArrowSchema sc;
    micic_error err;
    (void)state;
    add(p, MICIC_FIELD_GUIDELINE, "Guidelines 1-3");
    assert_int_equal(micic_corpus_add(c, p, &err), MICIC_OK);
    assert_int_equal(micic_corpus_to_arrow(c, NULL, &s, &err), MICIC_OK);
    assert_int_equal(s.get_schema(&s, &sc), 0);
    assert_string_equal(sc.children[MICIC_FIELD_GUIDELINE]->children[0]->format, "u");
    sc.release(&sc);
    s.release(&s);
    round_trip(c, 1, 0, 0, 0);
    micic_corpus_free(c);
}

/* ---- import of foreign tables: a hand-made producer ------------------- */

/* One batch of a table with columns: "Country" (list<large_utf8>),
 * "title" (utf8 with a null and an invalid byte), "guideline" (int64),
 * "budget" (utf8, unknown: an extra), "when" (float64: skipped). */
typedef struct fake {
    int sent;
    int released_batch;
} fake;

static const int64_t country_offs[] = {0, 2, 2, 3};
static const int64_t country_soffs[] = {0, 5, 10, 15};
static const char country_data[] = "egyptLibyaNiger";
static const int32_t title_offs[] = {0, 4, 4, 9};
static const char title_data[] = "Fir\xffSecon";
static const uint8_t title_valid[] = {0x5}; /* rows 0 and 2 */
static const int64_t guide_data[] = {14, 2, 99};
static const int32_t budget_offs[] = {0, 3, 3, 3};
static const char budget_data[] = "10$";
static const double when_data[] = {1, 2, 3};

static void noop_schema_release(struct ArrowSchema *s) { s->release = NULL; }
static void noop_array_release(struct ArrowArray *a) {
    fake *f = a->private_data;
    if (f) f->released_batch++;
    a->release = NULL;
}

static struct ArrowSchema fs_item = {"U", "item", NULL, 2, 0, NULL, NULL, noop_schema_release, NULL};
static struct ArrowSchema *fs_item_p[] = {&fs_item};
static struct ArrowSchema fs_cols[5] = {
    {"+L", "Country", NULL, 2, 1, fs_item_p, NULL, noop_schema_release, NULL},
    {"u", "title", NULL, 2, 0, NULL, NULL, noop_schema_release, NULL},
    {"l", "guideline", NULL, 2, 0, NULL, NULL, noop_schema_release, NULL},
    {"u", "budget", NULL, 2, 0, NULL, NULL, noop_schema_release, NULL},
    {"g", "when", NULL, 2, 0, NULL, NULL, noop_schema_release, NULL},
};

static int fake_get_schema(struct ArrowArrayStream *s, struct ArrowSchema *out) {
    static struct ArrowSchema *kids[5];
    int i;
    (void)s;
    for (i = 0; i < 5; i++) kids[i] = &fs_cols[i];
    memset(out, 0, sizeof *out);
    out->format = "+s";
    out->name = "";
    out->n_children = 5;
    out->children = kids;
    out->release = noop_schema_release;
    return 0;
}

static int fake_get_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
    fake *f = s->private_data;
    static const void *b_item[3], *b_country[2], *b_title[3], *b_guide[2], *b_budget[3],
        *b_when[2];
    static struct ArrowArray item, cols[5], *item_p[1], *kids[5];
    int i;
    memset(out, 0, sizeof *out);
    if (f->sent) return 0;
    f->sent = 1;
    b_item[0] = NULL, b_item[1] = country_soffs, b_item[2] = country_data;
    b_country[0] = NULL, b_country[1] = country_offs;
    b_title[0] = title_valid, b_title[1] = title_offs, b_title[2] = title_data;
    b_guide[0] = NULL, b_guide[1] = guide_data;
    b_budget[0] = NULL, b_budget[1] = budget_offs, b_budget[2] = budget_data;
    b_when[0] = NULL, b_when[1] = when_data;
    item = (struct ArrowArray){3, 0, 0, 3, 0, b_item, NULL, NULL, noop_array_release, NULL};
    item_p[0] = &item;
    cols[0] = (struct ArrowArray){3, 0, 0, 2, 1, b_country, item_p, NULL, noop_array_release, NULL};
    cols[1] = (struct ArrowArray){3, 1, 0, 3, 0, b_title, NULL, NULL, noop_array_release, NULL};
    cols[2] = (struct ArrowArray){3, 0, 0, 2, 0, b_guide, NULL, NULL, noop_array_release, NULL};
    cols[3] = (struct ArrowArray){3, 0, 0, 3, 0, b_budget, NULL, NULL, noop_array_release, NULL};
    cols[4] = (struct ArrowArray){3, 0, 0, 2, 0, b_when, NULL, NULL, noop_array_release, NULL};
    for (i = 0; i < 5; i++) kids[i] = &cols[i];
    out->length = 3;
    out->n_buffers = 1;
    out->buffers = b_when; /* [0] is NULL: no validity */
    out->n_children = 5;
    out->children = kids;
    out->release = noop_array_release;
    out->private_data = f;
    return 0;
}

static const char *fake_last_error(struct ArrowArrayStream *s) {
    (void)s;
    return NULL;
}

static void fake_release(struct ArrowArrayStream *s) { s->release = NULL; }

static void test_import_foreign(void **state) {
    fake f = {0, 0};
    struct ArrowArrayStream s = {fake_get_schema, fake_get_next, fake_last_error, fake_release, &f};
    micic_corpus *c = micic_corpus_new();
    const micic_report *rep;
    const micic_practice *p;
    micic_error err;
    size_t i, nunknown = 0, ntype = 0, nutf8 = 0;
    (void)state;
    assert_int_equal(micic_corpus_from_arrow(c, &s, "table", NULL, &err), MICIC_OK);
    assert_null(s.release);
    assert_int_equal(f.released_batch, 1);
    assert_int_equal(micic_corpus_size(c), 3);
    p = micic_corpus_get(c, 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 2);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0), "Egypt");
    assert_string_equal(micic_practice_original(p, MICIC_FIELD_COUNTRY, 0), "egypt");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_TITLE, 0), "Fir\xef\xbf\xbd");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "14");
    assert_int_equal(micic_practice_extra_count(p), 1);
    assert_string_equal(micic_practice_extra_label(p, 0), "budget");
    assert_string_equal(micic_practice_extra_value(p, 0), "10$");
    assert_string_equal(micic_practice_record_location(p).source, "table");
    assert_int_equal(micic_practice_record_location(p).line, 1);
    p = micic_corpus_get(c, 1);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_COUNTRY), 0);
    assert_int_equal(micic_practice_count(p, MICIC_FIELD_TITLE), 0);
    assert_int_equal(micic_practice_extra_count(p), 0);
    p = micic_corpus_get(c, 2);
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_COUNTRY, 0), "Niger");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_TITLE, 0), "Secon");
    assert_string_equal(micic_practice_value(p, MICIC_FIELD_GUIDELINE, 0), "99");
    rep = micic_corpus_read_report(c);
    for (i = 0; i < micic_report_size(rep); i++) {
        const micic_diagnostic *d = micic_report_get(rep, i);
        if (micic_diagnostic_code(d) == MICIC_CODE_UNKNOWN_LABEL) nunknown++;
        if (micic_diagnostic_code(d) == MICIC_CODE_JSON_TYPE) ntype++;
        if (micic_diagnostic_code(d) == MICIC_CODE_INVALID_UTF8) {
            nutf8++;
            assert_int_equal(micic_diagnostic_line(d), 1);
            assert_int_equal(micic_diagnostic_column(d), 2);
        }
    }
    assert_int_equal(nunknown, 1); /* budget */
    assert_int_equal(ntype, 1);    /* when (float64) */
    assert_int_equal(nutf8, 1);
    micic_corpus_free(c);
}

static int failing_get_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
    (void)s;
    memset(out, 0, sizeof *out);
    return 5; /* EIO */
}

static const char *failing_last_error(struct ArrowArrayStream *s) {
    (void)s;
    return "the producer broke";
}

static void test_import_producer_error(void **state) {
    fake f = {0, 0};
    struct ArrowArrayStream s = {fake_get_schema, failing_get_next, failing_last_error,
                                 fake_release, &f};
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    (void)state;
    assert_int_equal(micic_corpus_from_arrow(c, &s, NULL, NULL, &err), MICIC_EFORMAT);
    assert_non_null(strstr(err.text, "the producer broke"));
    assert_null(s.release);
    micic_corpus_free(c);
}

/* Report, results and cross-tab tables: columns, values, nulls. */
static void test_small_tables(void **state) {
    micic_corpus *c = bundled();
    micic_report *rep = NULL;
    micic_index *ix = NULL;
    micic_results *res = NULL;
    micic_crosstab *t = NULL;
    micic_crosstab_options co = MICIC_CROSSTAB_OPTIONS_INIT;
    struct ArrowArrayStream s;
    struct ArrowSchema sc;
    struct ArrowArray b;
    micic_error err;
    size_t n;
    const char *txt;
    (void)state;
    rep = micic_report_new();
    assert_non_null(rep);
    assert_int_equal(micic_report_add(rep, MICIC_CODE_UNKNOWN_VALUE, MICIC_SEVERITY_WARNING, 3,
                                      "P3", "crisis", "f.txt", 4, 5, "vulcano", "unknown value",
                                      "Volcano"),
                     MICIC_OK);
    assert_int_equal(micic_report_add(rep, MICIC_CODE_EMPTY_INPUT, MICIC_SEVERITY_ERROR, -1, NULL,
                                      NULL, NULL, 0, 0, NULL, "empty", NULL),
                     MICIC_OK);
    assert_int_equal(micic_report_to_arrow(rep, &s, &err), MICIC_OK);
    assert_int_equal(s.get_schema(&s, &sc), 0);
    assert_int_equal(sc.n_children, 12);
    assert_string_equal(sc.children[0]->name, "code");
    assert_string_equal(sc.children[3]->format, "l");
    assert_string_equal(sc.children[11]->name, "suggestion");
    sc.release(&sc);
    assert_int_equal(s.get_next(&s, &b), 0);
    assert_int_equal(b.length, 2);
    txt = str_at(b.children[0], 0, &n);
    assert_int_equal(n, strlen("unknown-value"));
    assert_memory_equal(txt, "unknown-value", n);
    txt = str_at(b.children[11], 0, &n);
    assert_memory_equal(txt, "Volcano", n);
    assert_true(valid_at(b.children[11], 0));
    assert_false(valid_at(b.children[11], 1)); /* no suggestion: null */
    assert_int_equal(((const int64_t *)b.children[3]->buffers[1])[1], -1);
    s.release(&s); /* the batch outlives the stream and the report */
    micic_report_free(rep);
    b.release(&b);

    assert_int_equal(micic_index_build(c, &ix, &err), MICIC_OK);
    assert_int_equal(micic_search(ix, "evacuation", NULL, &res, &err), MICIC_OK);
    assert_true(micic_results_size(res) > 0);
    assert_int_equal(micic_results_to_arrow(res, &s, &err), MICIC_OK);
    assert_int_equal(s.get_next(&s, &b), 0);
    assert_int_equal(b.length, (int64_t)micic_results_size(res));
    assert_true(((const double *)b.children[2]->buffers[1])[0] == micic_results_score(res, 0));
    assert_int_equal(((const int64_t *)b.children[1]->buffers[1])[0],
                     (int64_t)micic_results_record(res, 0));
    b.release(&b);
    s.release(&s);
    micic_results_free(res);
    micic_index_free(ix);

    assert_int_equal(micic_crosstab_new(c, MICIC_FIELD_GUIDELINE, MICIC_FIELD_PHASE, &co, &t, &err),
                     MICIC_OK);
    assert_int_equal(micic_crosstab_to_arrow(t, &s, &err), MICIC_OK);
    assert_int_equal(s.get_schema(&s, &sc), 0);
    assert_string_equal(sc.children[0]->name, "guideline");
    assert_string_equal(sc.children[1]->name, "phase");
    assert_string_equal(sc.children[2]->name, "count");
    sc.release(&sc);
    assert_int_equal(s.get_next(&s, &b), 0);
    assert_int_equal(b.length,
                     (int64_t)(micic_crosstab_nrows(t) * micic_crosstab_ncols(t)));
    assert_int_equal(((const int64_t *)b.children[2]->buffers[1])[1], micic_crosstab_count(t, 0, 1));
    b.release(&b);
    s.release(&s);
    micic_crosstab_free(t);
    assert_int_equal(micic_report_to_arrow(NULL, &s, &err), MICIC_EINVAL);
    micic_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema),
        cmocka_unit_test(test_buffers),
        cmocka_unit_test(test_release_orders),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_guideline_text),
        cmocka_unit_test(test_import_foreign),
        cmocka_unit_test(test_import_producer_error),
        cmocka_unit_test(test_small_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
