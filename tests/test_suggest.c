/* Guideline suggestion: the seeds' reported practices get their own
 * guidelines ranked first, clear free texts rank the right guideline high,
 * driving terms are reported, training and leave-one-out change the model,
 * argument checks, and concurrent use of one suggester. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <cmocka.h>

#include "micic/micic.h"

static micic_corpus *read_seed(const char *name) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, name);
    assert_int_equal(micic_read_file(c, path, NULL, &err), MICIC_OK);
    return c;
}

static micic_corpus *read_bundled(void) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    micic_read_options ro = MICIC_READ_OPTIONS_INIT;
    assert_int_equal(micic_read_bundled(c, &ro, &err), MICIC_OK);
    assert_true(micic_corpus_size(c) > 2);
    return c;
}

static int rank_of(const micic_suggestions *r, int guideline) {
    size_t i;
    for (i = 0; i < micic_suggestions_size(r); i++)
        if (micic_suggestions_guideline(r, i) == guideline) return (int)i;
    return -1;
}

static int is_own(const micic_practice *p, int g) {
    size_t i;
    for (i = 0; i < micic_practice_count(p, MICIC_FIELD_GUIDELINE); i++)
        if (atoi(micic_practice_value(p, MICIC_FIELD_GUIDELINE, i)) == g) return 1;
    return 0;
}

/* The reported practices of the seeds (001: guidelines 3, 8, 14, 15; 004:
 * 8, 9, 14), ranked on their own fields by the default suggester
 * (catalogue + the bundled corpus): every chosen guideline is one of their
 * own (001: 8, 15; 004: 14 when this was written). */
static void test_seed_practices_default(void **state) {
    static const char *const seeds[] = {"001_87c8b2353408428e.txt", "004_aa20fe2b579e300a.txt"};
    micic_corpus *bundled = read_bundled();
    micic_suggester *s = NULL;
    micic_error err;
    size_t i, k;
    (void)state;
    assert_int_equal(micic_suggester_new(bundled, NULL, &s, &err), MICIC_OK);
    for (i = 0; i < 2; i++) {
        micic_corpus *c = read_seed(seeds[i]);
        const micic_practice *p;
        micic_suggestions *r = NULL;
        assert_int_equal(micic_corpus_size(c), 1);
        p = micic_corpus_get(c, 0);
        assert_true(micic_practice_count(p, MICIC_FIELD_GUIDELINE) >= 3);
        assert_int_equal(micic_suggest_practice(s, p, 3, &r, &err), MICIC_OK);
        assert_int_equal(micic_suggestions_size(r), 3);
        assert_true(micic_suggestions_chosen(r) >= 1);
        for (k = 0; k < micic_suggestions_chosen(r); k++)
            if (!is_own(p, micic_suggestions_guideline(r, k)))
                fail_msg("%s: chosen rank %zu is guideline %d, not one of its own", seeds[i],
                         k + 1, micic_suggestions_guideline(r, k));
        micic_suggestions_free(r);
        micic_corpus_free(c);
    }
    micic_suggester_free(s);
    micic_corpus_free(bundled);
}

/* Every tagged practice of the seeds (reported, and recommended ones with
 * guideline numbers): the default suggester ranks one of its own
 * guidelines in the top 3 for at least 95% of them (84 of 85 when this was
 * written: "Migrant profiling", tagged 14, goes to 2, 8, 3), and
 * leave-one-out (docs/suggest.md) keeps top-3 >= 85% and top-1 >= 60%
 * (measured: 90.6% and 65.9%). */
static void test_seed_tagged_accuracy(void **state) {
    micic_corpus *bundled = read_bundled();
    micic_suggester *s = NULL;
    micic_error err;
    size_t i, k, n = 0, top3 = 0, loo_top1 = 0, loo_top3 = 0;
    (void)state;
    assert_int_equal(micic_suggester_new(bundled, NULL, &s, &err), MICIC_OK);
    for (i = 0; i < micic_corpus_size(bundled); i++) {
        const micic_practice *p = micic_corpus_get(bundled, i);
        micic_suggester *loo = NULL;
        micic_suggestions *r = NULL, *rl = NULL;
        int hit = 0, hit_loo = 0;
        if (micic_practice_count(p, MICIC_FIELD_GUIDELINE) == 0) continue;
        n++;
        assert_int_equal(micic_suggest_practice(s, p, 3, &r, &err), MICIC_OK);
        assert_int_equal(micic_suggester_new(bundled, micic_practice_id(p), &loo, &err), MICIC_OK);
        assert_int_equal(micic_suggest_practice(loo, p, 3, &rl, &err), MICIC_OK);
        for (k = 0; k < 3; k++) {
            hit |= is_own(p, micic_suggestions_guideline(r, k));
            hit_loo |= is_own(p, micic_suggestions_guideline(rl, k));
        }
        top3 += (size_t)hit;
        loo_top3 += (size_t)hit_loo;
        loo_top1 += (size_t)is_own(p, micic_suggestions_guideline(rl, 0));
        micic_suggestions_free(r);
        micic_suggestions_free(rl);
        micic_suggester_free(loo);
    }
    print_message("tagged seed practices: %zu; default top-3 %zu; leave-one-out top-1 %zu, "
                  "top-3 %zu\n", n, top3, loo_top1, loo_top3);
    assert_true(n >= 80);
    assert_true(top3 * 100 >= n * 95);
    /* measured: 72.9 % / 94.1 % on these 85 (docs/suggest.md reports the 123
     * practices trained with guidelines, seed 003's table included) */
    assert_true(loo_top3 * 100 >= n * 90);
    assert_true(loo_top1 * 100 >= n * 70);
    micic_suggester_free(s);
    micic_corpus_free(bundled);
}

typedef struct text_case {
    const char *text;
    int guideline;
    int max_rank; /* 0-based rank it must reach */
    const char *term; /* a stem that must drive it */
} text_case;

static void test_free_text(void **state) {
    static const text_case cases[] = {
        {"evacuation of migrants stranded by conflict", 13, 0, "evacu"},
        /* the bundled practices that use "cash" are spread over several
         * guidelines, so the learnt weights favour the rarer "rebuild" */
        {"cash assistance and reintegration support for returned migrants to rebuild their lives",
         14, 0, "rebuild"},
        {"training of consular officials to build capacity for emergency response", 8, 0,
         "capac"},
        {"24-hour hotline and SMS messages in migrants' languages with updates on the evolving "
         "crisis",
         9, 2, "evolv"},
        {"social cohesion programs for host communities facing the mass return of migrants", 15, 0,
         "host"},
        {"financial literacy, micro-insurance and identity cards to empower migrants", 3, 0,
         "empow"},
        {"referral procedures among stakeholders", 12, 0, "referr"},
        {"humanitarian assistance to migrants without discrimination", 11, 0, "discrimin"},
    };
    micic_corpus *bundled = read_bundled();
    micic_suggester *s = NULL;
    micic_error err;
    size_t i, j;
    (void)state;
    assert_int_equal(micic_suggester_new(bundled, NULL, &s, &err), MICIC_OK);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        micic_suggestions *r = NULL;
        int at, found = 0;
        assert_int_equal(micic_suggest(s, cases[i].text, 0, &r, &err), MICIC_OK);
        at = rank_of(r, cases[i].guideline);
        if (at < 0 || at > cases[i].max_rank)
            fail_msg("'%s': guideline %d ranked %d; first is %d", cases[i].text,
                     cases[i].guideline, at + 1, micic_suggestions_guideline(r, 0));
        for (j = 0; j < micic_suggestions_term_count(r, (size_t)at); j++)
            if (strcmp(micic_suggestions_term(r, (size_t)at, j), cases[i].term) == 0) found = 1;
        if (!found)
            fail_msg("'%s': term '%s' not among the terms of guideline %d (first: %s)",
                     cases[i].text, cases[i].term, cases[i].guideline,
                     micic_suggestions_term(r, (size_t)at, 0) ? micic_suggestions_term(r, (size_t)at, 0)
                                                              : "(none)");
        micic_suggestions_free(r);
    }
    micic_suggester_free(s);
    micic_corpus_free(bundled);
}

static void test_scores_and_terms(void **state) {
    micic_suggester *s = NULL;
    micic_suggestions *r = NULL;
    micic_error err;
    size_t i, j;
    (void)state;
    assert_int_equal(micic_suggester_new(NULL, NULL, &s, &err), MICIC_OK);
    assert_int_equal(micic_suggest(s, "Relocate and evacuate migrants when needed", 0, &r, &err),
                     MICIC_OK);
    assert_int_equal(micic_suggestions_size(r), 15);
    assert_int_equal(micic_suggestions_guideline(r, 0), 13);
    /* scores are cosines, in [0, 1], non-increasing; every guideline once */
    for (i = 0; i < 15; i++) {
        double sc = micic_suggestions_score(r, i);
        assert_true(sc >= 0.0 && sc <= 1.0);
        if (i) assert_true(sc <= micic_suggestions_score(r, i - 1));
        assert_true(rank_of(r, (int)i + 1) >= 0);
        /* terms: at most 5, stemmed (no upper case), only for positive scores */
        assert_true(micic_suggestions_term_count(r, i) <= 5);
        if (sc == 0.0) assert_int_equal(micic_suggestions_term_count(r, i), 0);
        for (j = 0; j < micic_suggestions_term_count(r, i); j++) {
            const char *t = micic_suggestions_term(r, i, j);
            assert_non_null(t);
            assert_true(strlen(t) > 0);
            assert_null(strpbrk(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ "));
        }
        assert_null(micic_suggestions_term(r, i, micic_suggestions_term_count(r, i)));
    }
    assert_true(micic_suggestions_score(r, 0) > 0.5);
    /* the title's own words drive it */
    for (i = 0, j = 0; i < micic_suggestions_term_count(r, 0); i++) {
        const char *t = micic_suggestions_term(r, 0, i);
        if (strcmp(t, "evacu") == 0 || strcmp(t, "reloc") == 0) j++;
    }
    assert_int_equal(j, 2);
    /* out of range */
    assert_int_equal(micic_suggestions_guideline(r, 15), 0);
    assert_true(micic_suggestions_score(r, 15) == 0.0);
    assert_int_equal(micic_suggestions_term_count(r, 15), 0);
    micic_suggestions_free(r);
    r = NULL;
    /* k limits the list */
    assert_int_equal(micic_suggest(s, "evacuation", 2, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_size(r), 2);
    assert_int_equal(micic_suggestions_guideline(r, 0), 13);
    micic_suggestions_free(r);
    r = NULL;
    /* an empty text, stopwords only, or no known word: an error, not 15 zeros */
    assert_int_equal(micic_suggest(s, "the of and 1234 zzqxv", 0, &r, &err), MICIC_EINVAL);
    assert_null(r);
    assert_non_null(strstr(err.text, "no word to rank by"));
    assert_int_equal(micic_suggest(s, "", 3, &r, &err), MICIC_EINVAL);
    assert_null(r);
    assert_int_equal(micic_suggest(s, "The and of, to; it is!", 3, &r, &err), MICIC_EINVAL);
    assert_null(r);
    micic_suggester_free(s);
}

/* A text of more distinct terms than ranking keeps on the stack (the
 * whole catalogue: every guideline's title, text and samples): every rank
 * with a positive score reports 1 to 5 distinct terms, the same whatever k
 * asks for, and a rank without a positive score none. */
static void test_long_text_terms(void **state) {
    micic_suggester *s = NULL;
    micic_suggestions *all = NULL, *r = NULL;
    micic_error err;
    char *text = NULL;
    size_t len = 0, cap = 0, i, j, l, k;
    int g;
    (void)state;
    for (g = 1; g <= (int)micic_guideline_count(); g++) {
        const micic_guideline *gl = micic_guideline_get(g);
        const char *parts[64];
        size_t np = 0;
        parts[np++] = micic_guideline_title(gl);
        if (micic_guideline_text(gl)) parts[np++] = micic_guideline_text(gl);
        for (i = 0; i < micic_guideline_sample_count(gl) && np < 64; i++)
            parts[np++] = micic_guideline_sample(gl, i);
        for (i = 0; i < np; i++) {
            size_t n = strlen(parts[i]);
            if (len + n + 2 > cap) {
                cap = (len + n + 2) * 2;
                text = realloc(text, cap);
                assert_non_null(text);
            }
            memcpy(text + len, parts[i], n);
            len += n;
            text[len++] = ' ';
            text[len] = '\0';
        }
    }
    assert_true(len > 10000); /* 15 kB, 530 distinct terms when written */
    assert_int_equal(micic_suggester_new(NULL, NULL, &s, &err), MICIC_OK);
    assert_int_equal(micic_suggest(s, text, 0, &all, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_size(all), 15);
    assert_true(micic_suggestions_score(all, 0) > 0);
    for (k = 1; k <= 15; k++) {
        assert_int_equal(micic_suggest(s, text, k, &r, &err), MICIC_OK);
        assert_int_equal(micic_suggestions_size(r), k);
        for (i = 0; i < k; i++) {
            size_t nt = micic_suggestions_term_count(r, i);
            assert_int_equal(micic_suggestions_guideline(r, i),
                             micic_suggestions_guideline(all, i));
            assert_true(micic_suggestions_score(r, i) == micic_suggestions_score(all, i));
            assert_int_equal(nt, micic_suggestions_term_count(all, i));
            if (micic_suggestions_score(r, i) > 0) {
                assert_true(nt >= 1 && nt <= 5);
            } else {
                assert_int_equal(nt, 0);
            }
            for (j = 0; j < nt; j++) {
                assert_string_equal(micic_suggestions_term(r, i, j),
                                    micic_suggestions_term(all, i, j));
                for (l = 0; l < j; l++)
                    assert_true(strcmp(micic_suggestions_term(r, i, j),
                                       micic_suggestions_term(r, i, l)) != 0);
            }
        }
        micic_suggestions_free(r);
        r = NULL;
    }
    micic_suggestions_free(all);
    micic_suggester_free(s);
    free(text);
}

static micic_practice *tagged(const char *id, const char *title, const char *desc,
                              const char *g1, const char *g2) {
    micic_practice *p = micic_practice_new();
    micic_error err;
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_ID, id, id, NULL, 0, 0, &err), MICIC_OK);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, title, title, NULL, 0, 0, &err),
                     MICIC_OK);
    if (desc)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_DESCRIPTION, desc, desc, NULL, 0, 0,
                                            &err),
                         MICIC_OK);
    if (g1)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, g1, g1, NULL, 0, 0, &err),
                         MICIC_OK);
    if (g2)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, g2, g2, NULL, 0, 0, &err),
                         MICIC_OK);
    return p;
}

/* Training practices teach new words; exclude_id leaves one out. */
static void test_training_and_exclude(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_suggester *s = NULL;
    micic_suggestions *r = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_corpus_add(c, tagged("a", "Zorblax memorandum", "Signed zorblax pacts.",
                                                "7", NULL), &err),
                     MICIC_OK);
    assert_int_equal(micic_corpus_add(c, tagged("b", "Quendit drills",
                                                "Quendit drills with migrant volunteers.", "5", "4"),
                                      &err),
                     MICIC_OK);
    /* untagged records and guideline text are not learnt from */
    assert_int_equal(micic_corpus_add(c, tagged("c", "Florpish", NULL, NULL, NULL), &err),
                     MICIC_OK);
    assert_int_equal(micic_suggester_new(c, NULL, &s, &err), MICIC_OK);
    assert_int_equal(micic_suggest(s, "zorblax", 0, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_guideline(r, 0), 7);
    assert_true(micic_suggestions_score(r, 0) > 0);
    assert_string_equal(micic_suggestions_term(r, 0, 0), "zorblax");
    assert_true(micic_suggestions_score(r, 1) == 0.0);
    micic_suggestions_free(r);
    r = NULL;
    /* a practice tagged with two guidelines teaches both */
    assert_int_equal(micic_suggest(s, "quendit", 2, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_guideline(r, 0) + micic_suggestions_guideline(r, 1), 9);
    assert_true(micic_suggestions_score(r, 1) > 0);
    micic_suggestions_free(r);
    r = NULL;
    /* an untagged practice teaches nothing: its word is unknown */
    assert_int_equal(micic_suggest(s, "florpish", 0, &r, &err), MICIC_EINVAL);
    assert_null(r);
    micic_suggester_free(s);
    s = NULL;

    /* leave "a" out: its words are unknown again, "b" still counts */
    assert_int_equal(micic_suggester_new(c, "a", &s, &err), MICIC_OK);
    assert_int_equal(micic_suggest(s, "zorblax", 0, &r, &err), MICIC_EINVAL);
    assert_null(r);
    assert_int_equal(micic_suggest(s, "quendit", 1, &r, &err), MICIC_OK);
    assert_true(micic_suggestions_score(r, 0) > 0);
    micic_suggestions_free(r);
    micic_suggester_free(s);
    /* the training corpus may be freed: the suggester keeps what it learnt */
    s = NULL;
    assert_int_equal(micic_suggester_new(c, "no-such-id", &s, &err), MICIC_OK);
    micic_corpus_free(c);
    r = NULL;
    assert_int_equal(micic_suggest(s, "zorblax", 1, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_guideline(r, 0), 7);
    micic_suggestions_free(r);
    micic_suggester_free(s);
}

/* Leaving a record out also drops the catalogue Sample Practice it copies. */
static void test_exclude_drops_sample_copy(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_suggester *with = NULL, *without = NULL;
    micic_suggestions *r1 = NULL, *r2 = NULL;
    micic_error err;
    const micic_guideline *g14 = micic_guideline_get(14);
    const char *sample;
    (void)state;
    assert_true(micic_guideline_sample_count(g14) > 0);
    sample = micic_guideline_sample(g14, 0);
    assert_int_equal(micic_corpus_add(c, tagged("copy", sample, NULL, "14", NULL), &err), MICIC_OK);
    assert_int_equal(micic_suggester_new(c, NULL, &with, &err), MICIC_OK);
    assert_int_equal(micic_suggester_new(c, "copy", &without, &err), MICIC_OK);
    assert_int_equal(micic_suggest(with, sample, 0, &r1, &err), MICIC_OK);
    assert_int_equal(micic_suggest(without, sample, 0, &r2, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_guideline(r1, 0), 14);
    /* without its copies the text scores lower against guideline 14 */
    assert_true(micic_suggestions_score(r2, (size_t)rank_of(r2, 14)) <
                micic_suggestions_score(r1, 0));
    micic_suggestions_free(r1);
    micic_suggestions_free(r2);
    micic_suggester_free(with);
    micic_suggester_free(without);
    micic_corpus_free(c);
}

/* The perceptron corrects the centroids: a tagged practice whose words are
 * mostly another guideline's heading is still ranked to its own guideline
 * once trained on, while the catalogue alone ranks the heading's. */
static void test_learnt_corrections(void **state) {
    static const char *title = "Relocate and evacuate migrants";
    micic_corpus *c = micic_corpus_new();
    micic_suggester *cat = NULL, *s = NULL;
    micic_suggestions *r = NULL;
    micic_error err;
    int i;
    (void)state;
    for (i = 0; i < 3; i++) {
        char id[8];
        snprintf(id, sizeof id, "p%d", i);
        assert_int_equal(micic_corpus_add(c, tagged(id, title, "Relocate migrants by bus.", "5",
                                                    NULL), &err),
                         MICIC_OK);
    }
    assert_int_equal(micic_suggester_new(NULL, NULL, &cat, &err), MICIC_OK);
    assert_int_equal(micic_suggest_practice(cat, micic_corpus_get(c, 0), 1, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_guideline(r, 0), 13);
    micic_suggestions_free(r);
    r = NULL;
    assert_int_equal(micic_suggester_new(c, NULL, &s, &err), MICIC_OK);
    assert_int_equal(micic_suggest_practice(s, micic_corpus_get(c, 0), 2, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_guideline(r, 0), 5);
    assert_true(micic_suggestions_score(r, 0) > micic_suggestions_score(r, 1));
    micic_suggestions_free(r);
    micic_suggester_free(s);
    micic_suggester_free(cat);
    micic_corpus_free(c);
}

/* Ranking looks words up in a table of the training words; a word it has
 * not seen is stemmed, a long word (over 16 bytes) is always stemmed, a
 * capitalized one folded: the result is the same as for the trained form. */
static void test_word_forms(void **state) {
    micic_corpus *c = micic_corpus_new();
    micic_suggester *s = NULL;
    static const char *forms[] = {"quendits", "Quendit", "QUENDITING", "quendit's",
                                  "Überquenditizationsplans", "uberquenditizationsplan"};
    micic_error err;
    size_t i;
    (void)state;
    assert_int_equal(micic_corpus_add(c, tagged("a", "quendit", "uberquenditizationsplans", "7",
                                                NULL), &err),
                     MICIC_OK);
    assert_int_equal(micic_suggester_new(c, NULL, &s, &err), MICIC_OK);
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        micic_suggestions *r = NULL;
        assert_int_equal(micic_suggest(s, forms[i], 1, &r, &err), MICIC_OK);
        if (micic_suggestions_guideline(r, 0) != 7 || !(micic_suggestions_score(r, 0) > 0))
            fail_msg("'%s' ranked %d first, score %g", forms[i], micic_suggestions_guideline(r, 0),
                     micic_suggestions_score(r, 0));
        micic_suggestions_free(r);
    }
    micic_suggester_free(s);
    micic_corpus_free(c);
}

/* Seed 003's practices are trained with the guidelines of
 * data/seed003-guideline-map.tsv: the untagged later sections too, and
 * the table adds to a section's own tag; another source gets nothing. */
static void test_seed003_map(void **state) {
    micic_corpus *c = read_seed("003_650e86cc90e064d2.txt");
    int g[16];
    size_t i, n, untagged = 0;
    micic_practice *p;
    micic_error err;
    (void)state;
    assert_int_equal(micic_corpus_size(c), 77);
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *q = micic_corpus_get(c, i);
        n = micic_suggest_training_guidelines(q, g, 16);
        assert_true(n >= 1 && n <= 4); /* every one of the 77 */
        if (!micic_practice_count(q, MICIC_FIELD_GUIDELINE)) untagged++;
    }
    assert_int_equal(untagged, 38);
    /* P7 "Displacement tracking mechanisms": tagged 2, the table adds 11 */
    n = micic_suggest_training_guidelines(micic_corpus_find(c, "P7"), g, 16);
    assert_int_equal(n, 2);
    assert_int_equal(g[0], 2);
    assert_int_equal(g[1], 11);
    /* P63 "Provision of emergency assistance": 9, 10, 11; cap respected */
    assert_int_equal(micic_suggest_training_guidelines(micic_corpus_find(c, "P63"), g, 1), 3);
    assert_int_equal(g[0], 9);
    /* P42 "Disasters and conflict monitoring": 1 */
    assert_int_equal(micic_suggest_training_guidelines(micic_corpus_find(c, "P42"), NULL, 0), 1);
    /* the same title from another source: untagged */
    p = micic_practice_new();
    assert_non_null(p);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, "Disasters and conflict monitoring",
                                        NULL, NULL, 0, 0, &err),
                     MICIC_OK);
    assert_int_equal(micic_suggest_training_guidelines(p, g, 16), 0);
    assert_int_equal(micic_practice_add(p, MICIC_FIELD_SOURCE, "Another consultation", NULL, NULL,
                                        0, 0, &err),
                     MICIC_OK);
    assert_int_equal(micic_suggest_training_guidelines(p, g, 16), 0);
    micic_practice_free(p);
    assert_int_equal(micic_suggest_training_guidelines(NULL, g, 16), 0);
    micic_corpus_free(c);
}

/* Confidence: in (0, 1), falling with the rank; the chosen guidelines
 * lead the ranking (1 to 4, never more than the ranks returned); a clear
 * text is confidently its guideline, a one-word text is low confidence. */
static void test_confidence(void **state) {
    micic_corpus *bundled = read_bundled();
    micic_suggester *s = NULL;
    micic_suggestions *r = NULL;
    micic_error err;
    size_t i;
    (void)state;
    assert_int_equal(micic_suggester_new(bundled, NULL, &s, &err), MICIC_OK);
    assert_int_equal(micic_suggest(s,
                                   "Reintegration assistance, livelihoods and cash grants for "
                                   "returnees who lost their jobs and property in the crisis",
                                   0, &r, &err),
                     MICIC_OK);
    assert_int_equal(micic_suggestions_guideline(r, 0), 14);
    assert_true(micic_suggestions_chosen(r) >= 1 && micic_suggestions_chosen(r) <= 4);
    assert_true(micic_suggestions_confidence(r, 0) > 0.5);
    assert_int_equal(micic_suggestions_low_confidence(r), 0);
    for (i = 0; i < 15; i++) {
        double c = micic_suggestions_confidence(r, i);
        assert_true(c > 0.0 && c < 1.0);
        if (i) assert_true(c <= micic_suggestions_confidence(r, i - 1) + 1e-12);
        /* chosen = the leading ranks past the threshold */
        if (i > 0 && i < micic_suggestions_chosen(r))
            assert_true(c >= 0.25 - 1e-12);
        if (i >= micic_suggestions_chosen(r) && i < 4) assert_true(c < 0.25);
    }
    assert_true(micic_suggestions_confidence(r, 15) == 0.0);
    micic_suggestions_free(r);
    r = NULL;
    /* k = 1: one chosen at most */
    assert_int_equal(micic_suggest(s, "evacuation of migrants stranded by conflict", 1, &r, &err),
                     MICIC_OK);
    assert_int_equal(micic_suggestions_chosen(r), 1);
    micic_suggestions_free(r);
    r = NULL;
    /* one word is too little to tell */
    assert_int_equal(micic_suggest(s, "migrants", 3, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_low_confidence(r), 1);
    micic_suggestions_free(r);
    assert_int_equal(micic_suggestions_chosen(NULL), 0);
    assert_int_equal(micic_suggestions_low_confidence(NULL), 0);
    assert_true(micic_suggestions_confidence(NULL, 0) == 0.0);
    micic_suggester_free(s);
    micic_corpus_free(bundled);
}

static void test_bad_args(void **state) {
    micic_suggester *s = NULL;
    micic_suggestions *r = NULL;
    micic_error err;
    (void)state;
    assert_int_equal(micic_suggester_new(NULL, NULL, NULL, &err), MICIC_EINVAL);
    assert_int_equal(micic_suggester_new(NULL, NULL, &s, &err), MICIC_OK);
    assert_int_equal(err.code, 0);
    assert_int_equal(micic_suggest(s, NULL, 3, &r, &err), MICIC_EINVAL);
    assert_null(r);
    assert_int_equal(micic_suggest(NULL, "x", 3, &r, &err), MICIC_EINVAL);
    assert_int_equal(micic_suggest(s, "bad \xff\xfe utf8", 3, &r, &err), MICIC_EUTF8);
    assert_int_equal(err.code, MICIC_EUTF8);
    assert_int_equal(micic_suggest_practice(s, NULL, 3, &r, &err), MICIC_EINVAL);
    /* k larger than 15 gives 15 */
    assert_int_equal(micic_suggest(s, "migrants", 99, &r, &err), MICIC_OK);
    assert_int_equal(micic_suggestions_size(r), 15);
    micic_suggestions_free(r);
    micic_suggestions_free(NULL);
    micic_suggester_free(s);
    micic_suggester_free(NULL);
    assert_int_equal(micic_suggestions_size(NULL), 0);
}

/* ---- one suggester, several threads ------------------------------------- */

typedef struct job {
    const micic_suggester *s;
    int ok;
} job;

static int worker(void *arg) {
    job *j = arg;
    int i;
    j->ok = 1;
    for (i = 0; i < 20; i++) {
        micic_suggestions *r = NULL;
        if (micic_suggest(j->s, "evacuation of migrants stranded by conflict", 3, &r, NULL) !=
                MICIC_OK ||
            micic_suggestions_guideline(r, 0) != 13)
            j->ok = 0;
        micic_suggestions_free(r);
    }
    return 0;
}

static void test_threads(void **state) {
    micic_suggester *s = NULL;
    thrd_t th[4];
    job jobs[4];
    int i;
    (void)state;
    assert_int_equal(micic_suggester_new(NULL, NULL, &s, NULL), MICIC_OK);
    for (i = 0; i < 4; i++) {
        jobs[i].s = s;
        jobs[i].ok = 0;
        assert_int_equal(thrd_create(&th[i], worker, &jobs[i]), thrd_success);
    }
    for (i = 0; i < 4; i++) {
        thrd_join(th[i], NULL);
        assert_true(jobs[i].ok);
    }
    micic_suggester_free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_practices_default),
        cmocka_unit_test(test_seed_tagged_accuracy),
        cmocka_unit_test(test_free_text),
        cmocka_unit_test(test_scores_and_terms),
        cmocka_unit_test(test_long_text_terms),
        cmocka_unit_test(test_training_and_exclude),
        cmocka_unit_test(test_exclude_drops_sample_copy),
        cmocka_unit_test(test_learnt_corrections),
        cmocka_unit_test(test_word_forms),
        cmocka_unit_test(test_seed003_map),
        cmocka_unit_test(test_confidence),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
