/*
 * Normalization: rewrite values to canonical labels, ISO country names and
 * guideline numbers (include/micic/validate.h, micic_normalize()).
 *
 * A value is rewritten only when the match is SURE:
 *  1. vocabulary fields (type, stakeholder_type, crisis, phase, theme,
 *     population, need, source, kind): the value is a label or an accepted
 *     synonym after folding (micic_vocab_lookup: case, accents, quotes,
 *     white space, hyphens), or micic_vocab_suggest() finds exactly one
 *     closest label (a tie between two labels gives no suggestion) at edit
 *     distance 1 or 2 on the folded key, close relative to its length
 *     (distance * 4 <= length) or the same word-by-word singular form;
 *  2. country: micic_country_lookup() knows it (ISO names, common and
 *     official names, aliases, alpha-2/alpha-3/numeric codes, "Global"), or
 *     micic_country_suggest() finds exactly one closest country at edit
 *     distance 1 or 2 (same closeness rule; codes are never guessed);
 *  3. guideline: digits 1-15 written differently ("08", " 8 ") become the
 *     number; a text whose "GUIDELINE N" prefix and title agree, a bare
 *     title that matches exactly one guideline, or a bare "GUIDELINE N"
 *     becomes N. A prefix and a title that disagree, or a prefix followed
 *     by an unknown title, are left alone (the validator reports them).
 * Nothing else is touched: free-text fields (title, description,
 * stakeholder names, links, id, source text of unknown consultations) are
 * never rewritten.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "micic/catalogue.h"
#include "micic/validate.h"
#include "validate_internal.h"

/* The sure canonical text for a value, or NULL (no change). *why gets a
 * short reason for the log. */
static const char *sure_value(micic__catcache *cc, micic_field f, const char *value,
                              char *numbuf, size_t numcap, const char **why, int *dist) {
    int vocab, d = -1;
    if (!*value || !micic__utf8_valid(value, strlen(value))) return NULL;
    if (f == MICIC_FIELD_GUIDELINE) {
        int num = micic__guideline_digits(value), pn = 0, tn = 0, g = 0;
        if (num >= 0) {
            g = num >= 1 && num <= 15 ? num : 0;
            *why = "guideline number";
        } else {
            micic__cc_title_match(cc, value, &pn, &tn);
            if (pn && tn && pn != tn) return NULL;
            if (tn) g = tn;
            else if (pn && !micic__guideline_has_title(value)) g = pn;
            *why = "guideline title";
        }
        if (!g) return NULL;
        snprintf(numbuf, numcap, "%d", g);
        return strcmp(numbuf, value) == 0 ? NULL : numbuf;
    }
    if (f == MICIC_FIELD_COUNTRY) {
        int exact = 0;
        const micic_country *c = micic__cc_country(cc, value, strlen(value), &exact);
        if (exact) return NULL;
        if (c) {
            *why = "ISO 3166-1 name";
        } else {
            c = micic__cc_country_suggest(cc, value, &d);
            if (!c || d < 1 || d > 2) return NULL;
            *why = "unique close match";
            *dist = d;
        }
        return strcmp(micic_country_name(c), value) == 0 ? NULL : micic_country_name(c);
    }
    if (micic_field_vocab(f, &vocab)) {
        micic_vocab v = (micic_vocab)vocab;
        const char *label;
        int idx;
        size_t len = strlen(value);
        if (micic__cc_label_exact(cc, v, value, len) >= 0) return NULL;
        idx = micic__cc_vocab_index(cc, v, value, len);
        if (idx >= 0) {
            label = micic_vocab_label(v, (size_t)idx);
            *why = "vocabulary label";
        } else {
            label = micic__cc_vocab_suggest(cc, v, value, &d);
            if (!label || d < 1 || d > 2) return NULL;
            *why = "unique close match";
            *dist = d;
        }
        return label && strcmp(label, value) != 0 ? label : NULL;
    }
    return NULL;
}

int micic_normalize(micic_corpus *corpus, micic_report *report, size_t *changed_out,
                    micic_error *err) {
    micic__catcache *cc;
    size_t i, n, changed = 0;
    int rc = MICIC_OK;
    if (changed_out) *changed_out = 0;
    if (!corpus) return micic__error(err, MICIC_EINVAL, "corpus is required");
    cc = micic__malloc(sizeof *cc); /* ~40 KB: not on the stack */
    if (!cc) return micic__error(err, MICIC_ENOMEM, NULL);
    micic__cc_init(cc);
    n = micic_corpus_size(corpus);
    for (i = 0; i < n && rc == MICIC_OK; i++) {
        micic_practice *p = micic_corpus_get_mutable(corpus, i);
        int f;
        for (f = 0; f < MICIC_FIELD_COUNT && rc == MICIC_OK; f++) {
            size_t j, nv;
            int vocab;
            if (f != MICIC_FIELD_GUIDELINE && f != MICIC_FIELD_COUNTRY &&
                !micic_field_vocab((micic_field)f, &vocab))
                continue;
            nv = micic_practice_count(p, (micic_field)f);
            for (j = 0; j < nv; j++) {
                const char *value = micic_practice_value(p, (micic_field)f, j);
                const char *why = "";
                char numbuf[16], msg[200];
                int dist = 0;
                const char *nv_text = sure_value(cc, (micic_field)f, value, numbuf,
                                                 sizeof numbuf, &why, &dist);
                char *old, *newv;
                micic_location loc;
                if (!nv_text) continue;
                old = micic__strdup(value); /* value is freed by set_value */
                newv = micic__strdup(nv_text);
                if (!old || !newv) {
                    micic__free(old);
                    micic__free(newv);
                    rc = micic__error(err, MICIC_ENOMEM, NULL);
                    break;
                }
                rc = micic_practice_set_value(p, (micic_field)f, j, newv, err);
                if (rc == MICIC_OK && report) {
                    if (micic_practice_location(p, (micic_field)f, j, &loc) != MICIC_OK)
                        loc = micic_practice_record_location(p);
                    if (dist > 0)
                        snprintf(msg, sizeof msg,
                                 "%s value rewritten to its canonical form (%s, edit distance %d)",
                                 micic_field_label((micic_field)f), why, dist);
                    else
                        snprintf(msg, sizeof msg, "%s value rewritten to its canonical form (%s)",
                                 micic_field_label((micic_field)f), why);
                    if (micic_report_add(report, MICIC_CODE_NORMALIZED, MICIC_SEVERITY_INFO,
                                         (long)i, micic_practice_id(p),
                                         micic_field_name((micic_field)f), loc.source, loc.line,
                                         loc.column, old, msg, newv) != MICIC_OK)
                        rc = micic__error(err, MICIC_ENOMEM, NULL);
                }
                if (rc == MICIC_OK) changed++;
                micic__free(old);
                micic__free(newv);
                if (rc != MICIC_OK) break;
            }
        }
    }
    micic__cc_free(cc);
    micic__free(cc);
    if (changed_out) *changed_out = changed;
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}
