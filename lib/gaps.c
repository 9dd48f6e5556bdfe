/*
 * Gap analysis (micic/crosstab.h): the guideline x stakeholder type x phase
 * cells that no practice of a corpus covers.
 *
 * A practice covers cell (g, s, p) when it lists guideline g, stakeholder
 * type s (a label of the stakeholder_type vocabulary, matched with
 * micic_vocab_index) and phase p (micic_phase_lookup). Values outside the
 * vocabularies cover nothing. Cells are examined guideline by guideline
 * (1..15), then phase (in phase order), then stakeholder type (vocabulary
 * order); the uncovered ones are kept in that order.
 *
 * Immutable after construction; every string it returns is static.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "crosstab_internal.h"
#include "internal.h"
#include "micic/catalogue.h"
#include "micic/crosstab.h"

#define NPHASES 3

typedef struct gap_cell {
    int guideline;
    int phase;    /* micic_phase */
    size_t stype; /* index in MICIC_VOCAB_STAKEHOLDER_TYPE */
} gap_cell;

struct micic_gaps {
    int own_phase_only;
    size_t cells;
    size_t n;
    gap_cell *v;
};

/* Parse a guideline value "1".."15"; 0 when it is not one. */
static int guideline_of(const char *s, int max) {
    size_t len;
    const char *t = micic__trim(s, strlen(s), &len);
    char *end;
    long n;
    if (len == 0 || len > 3) return 0;
    n = strtol(t, &end, 10);
    if (end != t + len || n < 1 || n > max) return 0;
    return (int)n;
}

int micic_gaps_new(const micic_corpus *corpus, int own_phase_only, micic_gaps **out,
                   micic_error *err) {
    int ng = (int)micic_guideline_count();
    size_t nst = micic_vocab_size(MICIC_VOCAB_STAKEHOLDER_TYPE);
    size_t ncells = (size_t)ng * NPHASES * nst, i;
    unsigned char *covered = NULL;
    int *gl = NULL, *ph = NULL;
    size_t *st = NULL;
    micic_gaps *g = NULL;
    int gi;

    if (out) *out = NULL;
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "invalid corpus or output");
    covered = micic__calloc(ncells ? ncells : 1, 1);
    gl = micic__malloc(sizeof *gl * (size_t)(ng + 1));
    ph = micic__malloc(sizeof *ph * (NPHASES + 1));
    st = micic__malloc(sizeof *st * (nst + 1));
    g = micic__calloc(1, sizeof *g);
    if (!covered || !gl || !ph || !st || !g) goto nomem;

    for (i = 0; i < micic_corpus_size(corpus); i++) {
        const micic_practice *p = micic_corpus_get(corpus, i);
        size_t ngl = 0, nph = 0, nstp = 0, k, a, b, c;
        /* distinct guidelines, phases and stakeholder types of the record */
        for (k = 0; k < micic_practice_count(p, MICIC_FIELD_GUIDELINE); k++) {
            int n = guideline_of(micic_practice_value(p, MICIC_FIELD_GUIDELINE, k), ng);
            for (a = 0; a < ngl && gl[a] != n; a++) {}
            if (n && a == ngl) gl[ngl++] = n;
        }
        for (k = 0; k < micic_practice_count(p, MICIC_FIELD_PHASE); k++) {
            int n = (int)micic_phase_lookup(micic_practice_value(p, MICIC_FIELD_PHASE, k));
            for (a = 0; a < nph && ph[a] != n; a++) {}
            if (n >= 1 && n <= NPHASES && a == nph) ph[nph++] = n;
        }
        for (k = 0; k < micic_practice_count(p, MICIC_FIELD_STAKEHOLDER_TYPE); k++) {
            int n = micic_vocab_index(MICIC_VOCAB_STAKEHOLDER_TYPE,
                                      micic_practice_value(p, MICIC_FIELD_STAKEHOLDER_TYPE, k));
            for (a = 0; a < nstp && (int)st[a] != n; a++) {}
            if (n >= 0 && (size_t)n < nst && a == nstp) st[nstp++] = (size_t)n;
        }
        for (a = 0; a < ngl; a++)
            for (b = 0; b < nph; b++)
                for (c = 0; c < nstp; c++)
                    covered[((size_t)(gl[a] - 1) * NPHASES + (size_t)(ph[b] - 1)) * nst + st[c]] = 1;
    }

    g->own_phase_only = own_phase_only ? 1 : 0;
    g->v = micic__malloc(sizeof *g->v * (ncells ? ncells : 1));
    if (!g->v) goto nomem;
    for (gi = 1; gi <= ng; gi++) {
        int own = (int)micic_guideline_phase(micic_guideline_get(gi)), p;
        for (p = 1; p <= NPHASES; p++) {
            size_t s;
            if (own_phase_only && p != own) continue;
            for (s = 0; s < nst; s++) {
                g->cells++;
                if (covered[((size_t)(gi - 1) * NPHASES + (size_t)(p - 1)) * nst + s]) continue;
                g->v[g->n].guideline = gi;
                g->v[g->n].phase = p;
                g->v[g->n].stype = s;
                g->n++;
            }
        }
    }
    micic__free(covered);
    micic__free(gl);
    micic__free(ph);
    micic__free(st);
    *out = g;
    micic_error_clear(err);
    return MICIC_OK;
nomem:
    micic__free(covered);
    micic__free(gl);
    micic__free(ph);
    micic__free(st);
    micic_gaps_free(g);
    return micic__error(err, MICIC_ENOMEM, NULL);
}

void micic_gaps_free(micic_gaps *g) {
    if (!g) return;
    micic__free(g->v);
    micic__free(g);
}

size_t micic_gaps_size(const micic_gaps *g) { return g ? g->n : 0; }
size_t micic_gaps_cells(const micic_gaps *g) { return g ? g->cells : 0; }
int micic_gaps_guideline(const micic_gaps *g, size_t i) {
    return g && i < g->n ? g->v[i].guideline : 0;
}
const char *micic_gaps_stakeholder_type(const micic_gaps *g, size_t i) {
    const char *s;
    if (!g || i >= g->n) return "";
    s = micic_vocab_label(MICIC_VOCAB_STAKEHOLDER_TYPE, g->v[i].stype);
    return s ? s : "";
}
const char *micic_gaps_phase(const micic_gaps *g, size_t i) {
    return g && i < g->n ? micic_phase_label((micic_phase)g->v[i].phase) : "";
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

static int render_text(const micic_gaps *g, micic_buf *b) {
    size_t i, wp = 5, ws = 16;
    for (i = 0; i < g->n; i++) {
        size_t lp = micic__utf8_chars(micic_gaps_phase(g, i), strlen(micic_gaps_phase(g, i)));
        const char *s = micic_gaps_stakeholder_type(g, i);
        size_t ls = micic__utf8_chars(s, strlen(s));
        if (lp > wp) wp = lp;
        if (ls > ws) ws = ls;
    }
    micic_buf_printf(b, "%zu of %zu guideline x stakeholder type x phase cells (%s) have no practice\n",
                     g->n, g->cells, g->own_phase_only ? "own phase of each guideline" : "all phases");
    if (g->n) {
        micic_buf_puts(b, "\nGuideline  ");
        micic__text_cell(b, "Phase", wp, 0);
        micic_buf_puts(b, "  ");
        micic__text_cell(b, "Stakeholder type", ws, 0);
        micic_buf_puts(b, "  Thematic area\n");
    }
    for (i = 0; i < g->n; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", g->v[i].guideline);
        micic__text_cell(b, num, 9, 1);
        micic_buf_puts(b, "  ");
        micic__text_cell(b, micic_gaps_phase(g, i), wp, 0);
        micic_buf_puts(b, "  ");
        micic__text_cell(b, micic_gaps_stakeholder_type(g, i), ws, 0);
        micic_buf_puts(b, "  ");
        micic_buf_puts(b, micic_guideline_theme(micic_guideline_get(g->v[i].guideline)));
        micic_buf_putc(b, '\n');
    }
    return b->failed ? MICIC_ENOMEM : MICIC_OK;
}

static int render_csv(const micic_gaps *g, micic_buf *b) {
    size_t i;
    int rc = micic__csv_field(b, "guideline", 0);
    if (rc == MICIC_OK) rc = micic__csv_field(b, "theme", 0);
    if (rc == MICIC_OK) rc = micic__csv_field(b, "phase", 0);
    if (rc == MICIC_OK) rc = micic__csv_field(b, "stakeholder_type", 1);
    for (i = 0; rc == MICIC_OK && i < g->n; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", g->v[i].guideline);
        rc = micic__csv_field(b, num, 0);
        if (rc == MICIC_OK)
            rc = micic__csv_field(b, micic_guideline_theme(micic_guideline_get(g->v[i].guideline)), 0);
        if (rc == MICIC_OK) rc = micic__csv_field(b, micic_gaps_phase(g, i), 0);
        if (rc == MICIC_OK) rc = micic__csv_field(b, micic_gaps_stakeholder_type(g, i), 1);
    }
    return rc;
}

static int render_json(const micic_gaps *g, micic_buf *b) {
    json_t *root = json_object(), *arr = json_array();
    size_t i;
    int ok = root && arr, rc;
    ok = ok && json_object_set_new(root, "cells", json_integer((json_int_t)g->cells)) == 0;
    ok = ok && json_object_set_new(root, "uncovered", json_integer((json_int_t)g->n)) == 0;
    ok = ok && json_object_set_new(root, "own_phase_only", json_boolean(g->own_phase_only)) == 0;
    for (i = 0; ok && i < g->n; i++) {
        json_t *o = json_object();
        ok = o != NULL;
        ok = ok && json_object_set_new(o, "guideline", json_integer(g->v[i].guideline)) == 0;
        ok = ok && json_object_set_new(o, "theme", json_string(micic_guideline_theme(
                                                       micic_guideline_get(g->v[i].guideline)))) == 0;
        ok = ok && json_object_set_new(o, "phase", json_string(micic_gaps_phase(g, i))) == 0;
        ok = ok && json_object_set_new(o, "stakeholder_type",
                                       json_string(micic_gaps_stakeholder_type(g, i))) == 0;
        if (ok) {
            ok = json_array_append_new(arr, o) == 0;
        } else {
            json_decref(o);
        }
    }
    ok = ok && json_object_set(root, "gaps", arr) == 0;
    json_decref(arr);
    rc = ok ? micic__json_dump(root, b) : MICIC_ENOMEM;
    json_decref(root);
    return rc;
}

int micic_gaps_render(const micic_gaps *g, micic_table_format fmt, char **out,
                      micic_error *err) {
    micic_buf b = MICIC_BUF_INIT;
    int rc;
    if (out) *out = NULL;
    if (!g || !out) return micic__error(err, MICIC_EINVAL, "invalid gaps or output");
    switch (fmt) {
    case MICIC_TABLE_TEXT: rc = render_text(g, &b); break;
    case MICIC_TABLE_CSV: rc = render_csv(g, &b); break;
    case MICIC_TABLE_JSON: rc = render_json(g, &b); break;
    default: return micic__error(err, MICIC_EINVAL, "unknown table format %d", (int)fmt);
    }
    if (rc != MICIC_OK || !(*out = micic_buf_detach(&b))) {
        micic_buf_free(&b);
        return micic__error(err, rc != MICIC_OK ? rc : MICIC_ENOMEM, NULL);
    }
    micic_error_clear(err);
    return MICIC_OK;
}
