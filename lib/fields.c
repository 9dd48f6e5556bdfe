/*
 * Field names, field levels and list cells for tables (micic/fields.h):
 * the rules the Python and R bindings share, in C once.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "micic/catalogue.h"
#include "micic/fields.h"

int micic_field_lookup(const char *name, micic_field *out, micic_error *err) {
    int f;
    char names[256], head[MICIC_ERROR_TEXT_LENGTH];
    size_t n = 0;
    const char *near;
    for (f = 0; name && f < MICIC_FIELD_COUNT; f++) {
        if (strcmp(name, micic_field_name((micic_field)f)) == 0 ||
            strcmp(name, micic_field_label((micic_field)f)) == 0) {
            if (out) *out = (micic_field)f;
            return MICIC_OK;
        }
    }
    names[0] = '\0';
    for (f = 0; f < MICIC_FIELD_COUNT && n < sizeof names; f++) {
        int k = snprintf(names + n, sizeof names - n, "%s%s", f ? ", " : "",
                         micic_field_name((micic_field)f));
        if (k < 0) break;
        n += (size_t)k;
    }
    near = name ? micic_field_suggest(name) : NULL;
    if (near)
        snprintf(head, sizeof head, "unknown field '%.60s' (did you mean '%s'?)", name, near);
    else
        snprintf(head, sizeof head, "unknown field '%.60s'", name ? name : "(null)");
    /* the field names when they fit (the text is MICIC_ERROR_TEXT_LENGTH bytes) */
    if (strlen(head) + strlen("; fields: ") + strlen(names) < MICIC_ERROR_TEXT_LENGTH)
        return micic__error(err, MICIC_ENOTFOUND, "%s; fields: %s", head, names);
    return micic__error(err, MICIC_ENOTFOUND, "%s", head);
}

const char *micic_field_suggest(const char *name) {
    micic_field f;
    int i, best = -1, best_d = 4;
    if (!name || !*name) return NULL;
    /* a variant, plural or label the readers accept (case, '_' or '-') */
    if (micic_field_from_name(name, &f) == MICIC_OK) return micic_field_name(f);
    for (i = 0; i < MICIC_FIELD_COUNT; i++) {
        const char *cand = micic_field_name((micic_field)i);
        int d = micic__edit_distance(name, cand, 3);
        if (d >= 0 && d < best_d) {
            best_d = d;
            best = i;
        }
    }
    /* short names: one edit up to 3 letters, two up to 8, else three */
    if (best >= 0 && best_d > (strlen(name) <= 3 ? 1 : strlen(name) <= 8 ? 2 : 3)) best = -1;
    return best >= 0 ? micic_field_name((micic_field)best) : NULL;
}

int micic_vocab_lookup_name(const char *name, micic_vocab *out, micic_error *err) {
    char names[MICIC_ERROR_TEXT_LENGTH], head[MICIC_ERROR_TEXT_LENGTH];
    size_t n = 0;
    int v, best = -1, best_d = 4;
    if (name && micic_vocab_from_name(name, out) == MICIC_OK) return MICIC_OK;
    names[0] = '\0';
    for (v = 0; v < MICIC_VOCAB_COUNT && n < sizeof names; v++) {
        const char *cand = micic_vocab_name((micic_vocab)v);
        int k = snprintf(names + n, sizeof names - n, "%s%s", v ? ", " : "", cand);
        if (k < 0) break;
        n += (size_t)k;
        if (name) {
            int d = micic__edit_distance(name, cand, 3);
            if (d >= 0 && d < best_d) {
                best_d = d;
                best = v;
            }
        }
    }
    if (best >= 0 && best_d > (strlen(name) <= 3 ? 1 : strlen(name) <= 8 ? 2 : 3)) best = -1;
    if (best >= 0)
        snprintf(head, sizeof head, "unknown vocabulary '%.60s' (did you mean '%s'?)", name,
                 micic_vocab_name((micic_vocab)best));
    else
        snprintf(head, sizeof head, "unknown vocabulary '%.60s'", name ? name : "(null)");
    if (strlen(head) + strlen("; vocabularies: ") + strlen(names) < MICIC_ERROR_TEXT_LENGTH)
        return micic__error(err, MICIC_ENOTFOUND, "%s; vocabularies: %s", head, names);
    return micic__error(err, MICIC_ENOTFOUND, "%s", head);
}

size_t micic_field_level_count(micic_field f) {
    int v;
    if (f == MICIC_FIELD_GUIDELINE) return micic_guideline_count();
    if (!micic_field_vocab(f, &v)) return 0;
    return micic_vocab_size((micic_vocab)v);
}

const char *micic_field_level(micic_field f, size_t i) {
    static const char *const numbers[] = {"1", "2",  "3",  "4",  "5",  "6",  "7", "8",
                                          "9", "10", "11", "12", "13", "14", "15"};
    int v;
    if (f == MICIC_FIELD_GUIDELINE)
        return i < micic_guideline_count() && i < sizeof numbers / sizeof numbers[0]
                   ? numbers[i]
                   : NULL;
    if (!micic_field_vocab(f, &v)) return NULL;
    return micic_vocab_label((micic_vocab)v, i);
}

/* Add the trimmed item s[0..n) (already unescaped) when not blank. */
static int add_item(micic_practice *p, micic_field f, const char *s, size_t n,
                    micic_buf *tmp, micic_error *err) {
    size_t tlen;
    const char *t = micic__trim(s, n, &tlen);
    if (!tlen) return MICIC_OK;
    micic_buf_clear(tmp);
    micic_buf_append(tmp, t, tlen);
    if (!micic_buf_cstr(tmp)) return micic__error(err, MICIC_ENOMEM, NULL);
    return micic_practice_add(p, f, tmp->data, NULL, NULL, 0, 0, err);
}

int micic_practice_add_cell(micic_practice *p, micic_field f, const char *cell,
                            micic_error *err) {
    micic_buf item = MICIC_BUF_INIT, tmp = MICIC_BUF_INIT;
    size_t i = 0, run = 0, n;
    int rc = MICIC_OK;
    if (!p || (int)f < 0 || f >= MICIC_FIELD_COUNT)
        return micic__error(err, MICIC_EINVAL, "no practice or no such field");
    if (!cell) return MICIC_OK;
    n = strlen(cell);
    if (micic_field_is_single(f)) {
        rc = add_item(p, f, cell, n, &tmp, err);
        micic_buf_free(&tmp);
        return rc;
    }
    /* the CSV reader's rule (lib/csv.c, add_list): split at unescaped ';' */
    while (i <= n && rc == MICIC_OK) {
        if (i == n || cell[i] == ';') {
            micic_buf_append(&item, cell + run, i - run);
            if (!micic_buf_cstr(&item)) {
                rc = micic__error(err, MICIC_ENOMEM, NULL);
                break;
            }
            rc = add_item(p, f, item.data, item.len, &tmp, err);
            micic_buf_clear(&item);
            run = ++i;
        } else if (cell[i] == '\\' && i + 1 < n && (cell[i + 1] == ';' || cell[i + 1] == '\\')) {
            micic_buf_append(&item, cell + run, i - run);
            micic_buf_putc(&item, cell[i + 1]);
            i += 2;
            run = i;
        } else {
            i++;
        }
    }
    micic_buf_free(&item);
    micic_buf_free(&tmp);
    return rc;
}
