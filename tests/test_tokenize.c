/* The internal tokenizer (lib/tokenize.h): word boundaries, folding,
 * stopwords, Snowball stemming, offsets and positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"
#include "micic/micic.h"
#include "tokenize.h"

#define MAXTOK 4096

typedef struct collected {
    char term[MAXTOK][48];
    size_t start[MAXTOK], end[MAXTOK], pos[MAXTOK];
    size_t n;
    size_t stop_after; /* stop (return 7) after this many tokens; 0 = never */
} collected;

static int collect(const micic_token *t, void *payload) {
    collected *c = payload;
    assert_true(c->n < MAXTOK);
    assert_int_equal(strlen(t->term), t->term_len);
    assert_true(t->term_len < sizeof c->term[0]);
    memcpy(c->term[c->n], t->term, t->term_len + 1);
    c->start[c->n] = t->start;
    c->end[c->n] = t->end;
    c->pos[c->n] = t->position;
    c->n++;
    if (c->stop_after && c->n == c->stop_after) return 7;
    return 0;
}

static collected *tok_text(micic_tokenizer *t, const char *s) {
    collected *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(micic__tokenize(t, s, strlen(s), collect, c), 0);
    return c;
}

static void test_stopword_list(void **state) {
    size_t i, n = micic__stopword_count();
    (void)state;
    /* the Snowball English list has 174 words */
    assert_int_equal(n, 174);
    for (i = 1; i < n; i++) assert_true(strcmp(micic__stopword_at(i - 1), micic__stopword_at(i)) < 0);
    for (i = 0; i < n; i++) {
        const char *w = micic__stopword_at(i);
        assert_true(micic__is_stopword(w, strlen(w)));
    }
    assert_null(micic__stopword_at(n));
    assert_true(micic__is_stopword("the", 3));
    assert_true(micic__is_stopword("don't", 5));
    assert_true(micic__is_stopword("yourselves", 10));
    assert_false(micic__is_stopword("migrant", 7));
    assert_false(micic__is_stopword("th", 2));
    assert_false(micic__is_stopword("thee", 4));
    assert_false(micic__is_stopword("", 0));
    /* counted, not NUL-terminated: the first 3 bytes of "theory" are "the" */
    assert_true(micic__is_stopword("theory", 3));
    assert_false(micic__is_stopword("theory", 6));
}

static void test_basic(void **state) {
    micic_tokenizer *t = micic__tokenizer_new();
    const char *s = "Migrants in Countries in Crisis";
    collected *c;
    (void)state;
    assert_non_null(t);
    c = tok_text(t, s);
    /* "in" is a stopword: it takes a position but makes no token */
    assert_int_equal(c->n, 3);
    assert_string_equal(c->term[0], "migrant");
    assert_string_equal(c->term[1], "countri");
    assert_string_equal(c->term[2], "crisi");
    assert_int_equal(c->pos[0], 0);
    assert_int_equal(c->pos[1], 2);
    assert_int_equal(c->pos[2], 4);
    assert_int_equal(c->start[0], 0);
    assert_int_equal(c->end[0], 8);
    assert_int_equal(c->start[1], 12);
    assert_int_equal(c->end[1], 21);
    assert_int_equal(c->start[2], 25);
    assert_int_equal(c->end[2], 31);
    free(c);
    micic__tokenizer_free(t);
    micic__tokenizer_free(NULL);
}

static void test_punctuation_and_apostrophes(void **state) {
    micic_tokenizer *t = micic__tokenizer_new();
    collected *c;
    (void)state;
    /* hyphens split; an apostrophe between letters joins; a trailing one does not */
    c = tok_text(t, "post-crisis: migrants' rights, migrant\xe2\x80\x99s needs (don't)");
    assert_int_equal(c->n, 6);
    assert_string_equal(c->term[0], "post");
    assert_string_equal(c->term[1], "crisi");
    assert_int_equal(c->pos[0], 0);
    assert_int_equal(c->pos[1], 1);
    assert_string_equal(c->term[2], "migrant");
    assert_string_equal(c->term[3], "right");
    /* curly apostrophe folded to ' and "'s" removed by Snowball */
    assert_string_equal(c->term[4], "migrant");
    assert_int_equal(c->end[4] - c->start[4], strlen("migrant\xe2\x80\x99s"));
    assert_string_equal(c->term[5], "need");
    /* "don't" is a stopword at position 6 */
    assert_int_equal(c->pos[5], 5);
    free(c);
    /* digits: "COVID-19" is two words, "2.5" too */
    c = tok_text(t, "COVID-19 in 2011: 2.5");
    assert_int_equal(c->n, 5);
    assert_string_equal(c->term[0], "covid");
    assert_string_equal(c->term[1], "19");
    assert_string_equal(c->term[2], "2011");
    assert_string_equal(c->term[3], "2");
    assert_string_equal(c->term[4], "5");
    free(c);
    /* nothing but punctuation and stopwords */
    c = tok_text(t, " -- ... the of AND, !!");
    assert_int_equal(c->n, 0);
    free(c);
    c = tok_text(t, "");
    assert_int_equal(c->n, 0);
    free(c);
    micic__tokenizer_free(t);
}

static void test_unicode(void **state) {
    micic_tokenizer *t = micic__tokenizer_new();
    collected *c;
    (void)state;
    /* case folding and accent stripping: "ÉVACUATION" == "evacuation" */
    c = tok_text(t, "\xc3\x89VACUATION evacuations C\xc3\xb4te");
    assert_int_equal(c->n, 3);
    assert_string_equal(c->term[0], "evacu");
    assert_string_equal(c->term[1], "evacu");
    assert_string_equal(c->term[2], "cote");
    assert_int_equal(c->end[0], 11); /* "É" is 2 bytes */
    free(c);
    /* a combining accent stays in its word: e + U+0301 */
    c = tok_text(t, "e\xcc\x81vacuation!");
    assert_int_equal(c->n, 1);
    assert_string_equal(c->term[0], "evacu");
    assert_int_equal(c->start[0], 0);
    assert_int_equal(c->end[0], 12);
    free(c);
    /* full case folding: German sharp s folds to "ss" */
    c = tok_text(t, "STRASSE Stra\xc3\x9f" "e");
    assert_int_equal(c->n, 2);
    assert_string_equal(c->term[0], c->term[1]);
    free(c);
    /* a zero-width joiner inside a word does not split it, and folds away */
    c = tok_text(t, "ab\xe2\x80\x8d" "cd");
    assert_int_equal(c->n, 1);
    assert_string_equal(c->term[0], "abcd");
    assert_int_equal(c->end[0], 7);
    free(c);
    /* scripts without spaces: one word per run (no dictionary segmentation) */
    c = tok_text(t, "\xe7\xa7\xbb\xe6\xb0\x91 \xe5\x8d\xb1\xe6\x9c\xba");
    assert_int_equal(c->n, 2);
    assert_string_equal(c->term[0], "\xe7\xa7\xbb\xe6\xb0\x91");
    free(c);
    /* invalid UTF-8 bytes separate words; NBSP (U+00A0) too */
    c = tok_text(t, "abc\xff" "def\xc2\xa0ghi");
    assert_int_equal(c->n, 3);
    assert_string_equal(c->term[0], "abc");
    assert_string_equal(c->term[1], "def");
    assert_string_equal(c->term[2], "ghi");
    assert_int_equal(c->start[1], 4);
    free(c);
    /* an emoji is not a word */
    c = tok_text(t, "\xf0\x9f\x98\x80 aid");
    assert_int_equal(c->n, 1);
    assert_string_equal(c->term[0], "aid");
    free(c);
    micic__tokenizer_free(t);
}

static void test_positions_and_stop(void **state) {
    micic_tokenizer *t = micic__tokenizer_new();
    collected c;
    size_t next = 0;
    const char *s = "the evacuation of migrants and refugees";
    (void)state;
    memset(&c, 0, sizeof c);
    assert_int_equal(micic__tokenize_at(t, s, strlen(s), 100, collect, &c, &next), 0);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.pos[0], 101);
    assert_int_equal(c.pos[1], 103);
    assert_int_equal(c.pos[2], 105);
    assert_int_equal(next, 106); /* six words */
    /* the callback's non-zero value stops and is returned */
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    assert_int_equal(micic__tokenize(t, s, strlen(s), collect, &c), 7);
    assert_int_equal(c.n, 2);
    /* only part of the buffer is read */
    memset(&c, 0, sizeof c);
    assert_int_equal(micic__tokenize(t, s, 8, collect, &c), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.term[0], "evac");
    assert_int_equal(micic__tokenize(NULL, s, 1, collect, &c), MICIC_EINVAL);
    micic__tokenizer_free(t);
}

/* On a seed document, every token's word, tokenized alone, gives the same
 * term, and the words are the text between separators. */
static void test_seed_consistency(void **state) {
    char path[1024];
    FILE *f;
    char *buf;
    long len;
    size_t i, evac = 0;
    collected *c;
    micic_tokenizer *t = micic__tokenizer_new();
    (void)state;
    snprintf(path, sizeof path, "%s/004_aa20fe2b579e300a.txt", MICIC_SEEDS_DIR);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(micic__tokenize(t, buf, (size_t)len, collect, c), 0);
    assert_true(c->n > 200);
    for (i = 0; i < c->n; i++) {
        collected one;
        char word[256];
        size_t wl = c->end[i] - c->start[i];
        assert_true(wl < sizeof word);
        memcpy(word, buf + c->start[i], wl);
        word[wl] = '\0';
        memset(&one, 0, sizeof one);
        assert_int_equal(micic__tokenize(t, word, wl, collect, &one), 0);
        assert_int_equal(one.n, 1);
        assert_string_equal(one.term[0], c->term[i]);
        assert_int_equal(one.end[0], wl);
        if (i) assert_true(c->pos[i] > c->pos[i - 1]);
        if (strcmp(c->term[i], "evacu") == 0) evac++;
    }
    /* "evacuation" occurs in the record and in the guideline text */
    assert_true(evac >= 2);
    free(c);
    free(buf);
    micic__tokenizer_free(t);
}

/* ---- lexicons ---- */

typedef struct words {
    char **w;
    size_t n, cap;
} words;

static void words_push(words *ws, const char *w, size_t n) {
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 256;
        ws->w = realloc(ws->w, ws->cap * sizeof *ws->w);
        assert_non_null(ws->w);
    }
    ws->w[ws->n] = malloc(n + 1);
    assert_non_null(ws->w[ws->n]);
    memcpy(ws->w[ws->n], w, n);
    ws->w[ws->n][n] = '\0';
    ws->n++;
}

static int on_word(micic_tokenizer *t, const char *folded, size_t len, size_t start, size_t end,
                   void *payload) {
    (void)t;
    assert_true(end > start);
    words_push(payload, folded, len);
    return 0;
}

typedef struct lex_seen {
    words got;
    const words *dict; /* id -> word */
    size_t hits, misses;
} lex_seen;

static int on_lex(micic_tokenizer *t, const int32_t *id, const char *folded, size_t len,
                  void *payload) {
    lex_seen *s = payload;
    if (!id) assert_non_null(t); /* a word the lexicon lacks comes with a tokenizer */
    if (id) {
        assert_null(folded);
        assert_true(*id >= 0 && (size_t)*id < s->dict->n);
        assert_int_equal(strlen(s->dict->w[*id]), len);
        words_push(&s->got, s->dict->w[*id], len);
        s->hits++;
    } else {
        assert_non_null(folded);
        words_push(&s->got, folded, len);
        s->misses++;
    }
    return 0;
}

static void words_free(words *ws) {
    size_t i;
    for (i = 0; i < ws->n; i++) free(ws->w[i]);
    free(ws->w);
    memset(ws, 0, sizeof *ws);
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n ? (size_t)n : 1); /* no NUL: nothing may read past the end */
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* micic__tokenize_lex() sees the same folded words as micic__tokenize_words()
 * (the seeds, plus words of every length around the 8- and 16-byte steps of
 * its fast path, at the very end of exact-size buffers): a word in the
 * lexicon comes with its id, any other with its folded text. */
static void test_lexicon(void **state) {
    static const char *seeds[] = {"000_d16a0690f231f026.txt", "001_87c8b2353408428e.txt",
                                  "002_6a72a7c89454eb5c.txt", "003_650e86cc90e064d2.txt",
                                  "004_aa20fe2b579e300a.txt"};
    static const char *edges[] = {
        "x", "Ab", "abcdefg", "ABCDEFGH", "abcdefghi", "Abcdefghijklmno", "abcdefghijklmnoP",
        "abcdefghijklmnopq", "MiXeD123 ok", "caf\xc3\xa9 na\xc3\xafve Caf\xc3\xa9", "don't",
        "Migrant\xe2\x80\x99s evacuation", "end7", "1234567890123456", "a-b_c.d,e;f:g!h?i",
        "Zz\x7f" "Zz", "\xff" "abc\xfe" "defghijklmnop\xc0", "tab\tnew\nline  EVACUATION."};
    micic_tokenizer *t = micic__tokenizer_new();
    micic__lexicon *lx = micic__lexicon_new();
    char *texts[32];
    size_t lens[32], ntexts = 0, i, j;
    words all = {NULL, 0, 0}, distinct = {NULL, 0, 0};
    lex_seen seen;
    char path[1024];
    (void)state;
    assert_non_null(t);
    assert_non_null(lx);
    for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", MICIC_SEEDS_DIR, seeds[i]);
        texts[ntexts] = read_all(path, &lens[ntexts]);
        ntexts++;
    }
    for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        lens[ntexts] = strlen(edges[i]);
        texts[ntexts] = malloc(lens[ntexts] ? lens[ntexts] : 1);
        assert_non_null(texts[ntexts]);
        memcpy(texts[ntexts], edges[i], lens[ntexts]);
        ntexts++;
    }
    for (i = 0; i < ntexts; i++)
        assert_int_equal(micic__tokenize_words(t, texts[i], lens[i], on_word, &all), 0);
    assert_true(all.n > 2000);
    /* every other distinct word goes into the lexicon (ids: its index) */
    for (i = 0; i < all.n; i++) {
        size_t len = strlen(all.w[i]);
        int dup = 0;
        if (micic__lexicon_get(lx, all.w[i], len)) continue;
        for (j = 0; j < distinct.n && !dup; j++) dup = strcmp(distinct.w[j], all.w[i]) == 0;
        if (dup) continue;
        words_push(&distinct, all.w[i], len);
        if (distinct.n % 2 == 1)
            assert_int_equal(micic__lexicon_put(lx, all.w[i], len, (int32_t)(distinct.n - 1)),
                             MICIC_OK);
    }
    /* 16 bytes: kept; a word already there keeps its id */
    assert_int_equal(micic__lexicon_put(lx, "qqqqqqqqqqqqqqqq", 16, 0), MICIC_OK);
    assert_int_equal(micic__lexicon_put(lx, "qqqqqqqqqqqqqqqq", 16, 5), MICIC_OK);
    assert_int_equal(*micic__lexicon_get(lx, "qqqqqqqqqqqqqqqq", 16), 0);
    assert_null(micic__lexicon_get(lx, "qqqqqqqqqqqqqqq", 15));
    /* over 16 bytes: never kept */
    assert_int_equal(micic__lexicon_put(lx, "abcdefghijklmnopq", 17, 1), MICIC_OK);
    assert_null(micic__lexicon_get(lx, "abcdefghijklmnopq", 17));
    memset(&seen, 0, sizeof seen);
    seen.dict = &distinct;
    for (i = 0; i < ntexts; i++)
        assert_int_equal(micic__tokenize_lex(&t, lx, texts[i], lens[i], on_lex, &seen), 0);
    assert_int_equal(seen.got.n, all.n);
    for (i = 0; i < all.n; i++) assert_string_equal(seen.got.w[i], all.w[i]);
    assert_true(seen.hits > 1000);
    assert_true(seen.misses > 1000);
    assert_int_equal(micic__tokenize_lex(&t, NULL, "a", 1, on_lex, &seen), MICIC_EINVAL);
    assert_int_equal(micic__tokenize_lex(NULL, lx, "a", 1, on_lex, &seen), MICIC_EINVAL);
    for (i = 0; i < ntexts; i++) free(texts[i]);
    words_free(&all);
    words_free(&distinct);
    words_free(&seen.got);
    micic__lexicon_free(lx);
    micic__lexicon_free(NULL);
    micic__tokenizer_free(t);
}

/* The tokenizer caches stems; the cache is emptied when it fills up and
 * results never depend on it. */
static void test_stem_cache(void **state) {
    micic_tokenizer *t = micic__tokenizer_new();
    size_t i, n = 300000, len = 0;
    char *big = malloc(n * 9 + 1);
    collected *c;
    (void)state;
    assert_non_null(big);
    for (i = 0; i < n; i++) len += (size_t)sprintf(big + len, "w%zu ", i);
    for (i = 0; i < 3; i++) {
        /* the same text three times, with the cache cold, warm, then refilled */
        c = tok_text(t, "Evacuations of the migrants' families, evacuated");
        assert_int_equal(c->n, 4);
        assert_string_equal(c->term[0], "evacu");
        assert_string_equal(c->term[1], "migrant");
        assert_string_equal(c->term[2], "famili");
        assert_string_equal(c->term[3], "evacu");
        assert_int_equal(c->pos[1], 3);
        free(c);
        if (i == 1) /* more distinct words than the cache holds (NULL callback: count only) */
            assert_int_equal(micic__tokenize(t, big, len, NULL, NULL), 0);
    }
    free(big);
    micic__tokenizer_free(t);
}

/* micic__tokenize_lex() with no tokenizer: none is made while every word
 * is an ASCII word of the lexicon (in any case), one is made at the first
 * word that needs it (unknown, too long, non-ASCII, joined by an
 * apostrophe) and then kept, and the words are the same either way. */
static void test_lexicon_lazy_tokenizer(void **state) {
    static const char *known[] = {"migrants", "evacuation", "of", "camp", "2024"};
    static const char *needs[] = {"Migrants in camps", "evacuation caf\xc3\xa9",
                                  "migrants' camp", "of abcdefghijklmnopq", "MIGRANT\xe2\x80\x99s"};
    micic__lexicon *lx = micic__lexicon_new();
    micic_tokenizer *t = NULL, *t2;
    words dict = {NULL, 0, 0}, plain = {NULL, 0, 0};
    lex_seen seen;
    const char *text = "Migrants, EVACUATION of camp 2024; migrants (Camp)!";
    size_t i;
    (void)state;
    assert_non_null(lx);
    for (i = 0; i < sizeof known / sizeof known[0]; i++) {
        words_push(&dict, known[i], strlen(known[i]));
        assert_int_equal(micic__lexicon_put(lx, known[i], strlen(known[i]), (int32_t)i), MICIC_OK);
    }
    memset(&seen, 0, sizeof seen);
    seen.dict = &dict;
    assert_int_equal(micic__tokenize_lex(&t, lx, text, strlen(text), on_lex, &seen), 0);
    assert_null(t);
    assert_int_equal(seen.hits, 7);
    assert_int_equal(seen.misses, 0);
    for (i = 0; i < sizeof needs / sizeof needs[0]; i++) {
        size_t before = seen.got.n, j;
        t = NULL;
        assert_int_equal(micic__tokenize_lex(&t, lx, needs[i], strlen(needs[i]), on_lex, &seen), 0);
        assert_non_null(t);
        t2 = t; /* kept for the next text */
        assert_int_equal(micic__tokenize_lex(&t, lx, "of", 2, on_lex, &seen), 0);
        assert_ptr_equal(t, t2);
        seen.got.n--; /* the "of" */
        free(seen.got.w[seen.got.n]);
        /* the same folded words as the plain word scan */
        assert_int_equal(micic__tokenize_words(t, needs[i], strlen(needs[i]), on_word, &plain), 0);
        assert_int_equal(seen.got.n - before, plain.n);
        for (j = 0; j < plain.n; j++) assert_string_equal(seen.got.w[before + j], plain.w[j]);
        words_free(&plain);
        micic__tokenizer_free(t);
    }
    words_free(&dict);
    words_free(&seen.got);
    micic__lexicon_free(lx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stopword_list),
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_punctuation_and_apostrophes),
        cmocka_unit_test(test_unicode),
        cmocka_unit_test(test_positions_and_stop),
        cmocka_unit_test(test_seed_consistency),
        cmocka_unit_test(test_stem_cache),
        cmocka_unit_test(test_lexicon),
        cmocka_unit_test(test_lexicon_lazy_tokenizer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
