/*
 * The fast paths of canonical lookups (lib/fold.c, lib/vocab.c,
 * lib/countries.c, cmake/gen_countries.cmake) give exactly what the plain
 * rules give:
 *  - the one-pass key (micic__key_into / micic__key / micic__key_lookup)
 *    equals utf8proc folding + micic__key_from_folded on generated text;
 *  - micic_vocab_index() equals a plain implementation that folds every
 *    label and synonym, on every table string in several spellings and on
 *    variants and misses;
 *  - the generated country indexes are sorted and every generated key is
 *    libmicic's own key of the text it comes from; micic_country_lookup()
 *    equals a plain implementation of the documented matching (codes, tier 1
 *    names/aliases/Global, tier 2 loose forms, ambiguity) on every name,
 *    code and alias in several spellings and on variants and misses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "catalogue_internal.h"
#include "countries_internal.h"
#include "fold.h"
#include "internal.h"
#include "micic/micic.h"

/* ------------------------------------------------------------------ */
/* Reference key: utf8proc fold (micic__fold_into) + the key rules       */
/* ------------------------------------------------------------------ */

/* New (malloc) reference key of s[0..n); *fold_len_out gets the length of
 * the fold before the key rules. NULL for invalid UTF-8. */
static char *ref_key_n(const char *s, size_t n, size_t *fold_len_out) {
    size_t cap = n * 20 + 64, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    if (micic__fold_into(s, n, buf, cap, &len) != MICIC_OK) {
        free(buf);
        return NULL;
    }
    if (fold_len_out) *fold_len_out = len;
    micic__key_from_folded(buf, len);
    return buf;
}

static char *ref_key(const char *s) { return ref_key_n(s, strlen(s), NULL); }

/* ------------------------------------------------------------------ */
/* Keys on generated text                                               */
/* ------------------------------------------------------------------ */

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

/* Pieces the generator strings are made of: every ASCII class of the key
 * rules, the non-ASCII code points of the one-pass path, and some that need
 * utf8proc (accented letters, bullets, U+2011, ZWSP, fullwidth). */
static const char *const pieces[] = {
    "a", "B", "z", "Q", "0", "7", "(", ")", "/", "&", "+", "#", "~", "\\", "[", "{", "@",
    " ", "  ", "\t", "\n", "\r", "\v", "\f", "\x01", "\x1f", "\x7f", "-", "_", "--",
    ".", ",", ";", ":", "!", "?", "*", "\"", "'", "`",
    "\xC2\xA0",                                                 /* NBSP */
    "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9A", "\xE2\x80\x9B", /* single quotes */
    "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xE2\x80\x9F", /* double quotes */
    "\xE2\x80\x90", "\xE2\x80\x92", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95",
    "The", "Post-crisis", "C\xC3\xB4te", "\xC3\x85", "\xE2\x80\xA2", "\xC2\xB7",
    "\xE2\x80\x91", "\xE2\x80\x8B", "\xEF\xBC\xA5", "e\xCC\x81", "\xE2\x80\xA6",
};
#define NPIECES (sizeof pieces / sizeof pieces[0])

/* Random text of k pieces into buf (NUL-free unless with_nul); returns its length. */
static size_t gen_text(char *buf, size_t cap, size_t k, int with_nul) {
    size_t n = 0, i;
    for (i = 0; i < k; i++) {
        const char *p = pieces[next() % NPIECES];
        size_t l = strlen(p);
        if (with_nul && next() % 16 == 0) {
            p = "";
            l = 1; /* one NUL byte */
        }
        if (n + l + 1 > cap) break;
        memcpy(buf + n, p, l);
        n += l;
    }
    buf[n] = '\0';
    return n;
}

static void check_key(const char *s, size_t n) {
    size_t fold_len = 0, len = 99, caps[] = {MICIC_FOLD_STACK, 8, 1}, c;
    char *ref = ref_key_n(s, n, &fold_len), *heap = NULL;
    char stack[MICIC_FOLD_STACK];
    int rc;
    assert_non_null(ref);
    /* micic__key: always the whole key */
    assert_int_equal(micic__key(s, n, stack, sizeof stack, &heap, &len), MICIC_OK);
    if (strcmp(heap, ref) != 0) fail_msg("micic__key(\"%s\") = \"%s\", want \"%s\"", s, heap, ref);
    assert_int_equal(len, strlen(ref));
    if (heap != stack) free(heap);
    for (c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        size_t cap = caps[c];
        /* micic__key_into: the key, or ELIMIT when the key (one-pass path)
         * or the fold (utf8proc path) does not fit */
        rc = micic__key_into(s, n, stack, cap, &len);
        if (rc == MICIC_OK) {
            if (strcmp(stack, ref) != 0)
                fail_msg("micic__key_into(\"%s\") = \"%s\", want \"%s\"", s, stack, ref);
            assert_int_equal(len, strlen(ref));
        } else {
            assert_int_equal(rc, MICIC_ELIMIT);
            assert_true(strlen(ref) + 1 > cap || fold_len + 1 > cap);
        }
        /* micic__key_lookup: ELIMIT exactly when the key does not fit */
        rc = micic__key_lookup(s, n, stack, cap, &len);
        if (strlen(ref) + 1 > cap) {
            assert_int_equal(rc, MICIC_ELIMIT);
        } else {
            assert_int_equal(rc, MICIC_OK);
            assert_string_equal(stack, ref);
            assert_int_equal(len, strlen(ref));
        }
    }
    free(ref);
}

static void test_canon_key_generated(void **state) {
    char buf[8192];
    size_t i;
    (void)state;
    for (i = 0; i < 30000; i++) {
        size_t n = gen_text(buf, sizeof buf, next() % 12, i % 3 == 0);
        check_key(buf, n);
    }
    /* long text: overflow of the stack buffer, keys longer than 255 bytes,
     * and long text that folds to a short key (edge punctuation, dashes) */
    for (i = 0; i < 300; i++) {
        size_t n = gen_text(buf, sizeof buf, 100 + next() % 600, i % 2);
        check_key(buf, n);
    }
    memset(buf, '.', 600);
    memcpy(buf + 600, "Conflict", 8);
    memset(buf + 608, '-', 400);
    check_key(buf, 1008);
    memset(buf, '-', 600);
    check_key(buf, 600);
    for (i = 0; i < 200; i++) memcpy(buf + 3 * i, "\xE2\x80\x94", 3); /* 200 em dashes */
    memcpy(buf + 600, "x\xC3\xA9", 3);
    check_key(buf, 603);
    /* invalid UTF-8 is an error on every path */
    {
        char out[64], *k = NULL;
        assert_int_equal(micic__key_into("a\xff", 2, out, sizeof out, NULL), MICIC_EUTF8);
        assert_int_equal(micic__key_lookup("a\xff", 2, out, sizeof out, NULL), MICIC_EUTF8);
        assert_int_equal(micic__key_lookup("\xE2\x80", 2, out, sizeof out, NULL), MICIC_EUTF8);
        assert_int_equal(micic__key("\xE2\x80", 2, out, sizeof out, &k, NULL), MICIC_EUTF8);
    }
}

static void test_canon_ascii_case(void **state) {
    (void)state;
    assert_int_equal(micic__ascii_casecmp("Natural Disaster", "natural DISASTER"), 0);
    assert_true(micic__ascii_caseeq("C\xC3\xB4te", "c\xC3\xB4TE"));
    /* only ASCII letters fold: bytes >= 0x80 and punctuation do not */
    assert_false(micic__ascii_caseeq("\xC3\x94", "\xC3\xB4"));
    assert_false(micic__ascii_caseeq("@", "`"));
    assert_false(micic__ascii_caseeq("[", "{"));
    assert_false(micic__ascii_caseeq("abc", "ab"));
    assert_true(micic__ascii_casecmp("ab", "abc") < 0);
    assert_true(micic__ascii_casecmp("\xC3\xB4", "z") > 0); /* unsigned bytes */
    assert_true(micic__ascii_casecmp("Zeta", "alpha") > 0);
}

/* ------------------------------------------------------------------ */
/* Vocabularies                                                         */
/* ------------------------------------------------------------------ */

/* lib/vocab.c's roman-numeral heading rule (phase vocabulary). */
static const char *ref_strip_roman(const char *key) {
    size_t i = 0;
    while (key[i] == 'i' || key[i] == 'v' || key[i] == 'x') i++;
    if (i == 0 || i > 4) return key;
    if (key[i] == '.' || key[i] == ':' || key[i] == ')') i++;
    else if (key[i] != ' ') return key;
    while (key[i] == ' ') i++;
    return key[i] ? key + i : key;
}

static int key_is(const char *table_string, const char *key) {
    char *k = ref_key(table_string);
    int eq;
    assert_non_null(k);
    eq = strcmp(k, key) == 0;
    free(k);
    return eq;
}

/* The plain rule: the first label, then the first synonym, whose key
 * equals the key of text (roman numerals stripped for phases). */
static int ref_vocab_index(micic_vocab v, const char *text) {
    char *key = ref_key(text);
    const char *k;
    size_t i, j;
    int found = -1;
    if (!key) return -1;
    k = v == MICIC_VOCAB_PHASE ? ref_strip_roman(key) : key;
    if (*k) {
        for (i = 0; i < micic_vocab_size(v) && found < 0; i++)
            if (key_is(micic_vocab_label(v, i), k)) found = (int)i;
        for (i = 0; i < micic_vocab_size(v) && found < 0; i++)
            for (j = 0; j < micic_vocab_synonym_count(v, i) && found < 0; j++)
                if (key_is(micic_vocab_synonym(v, i, j), k)) found = (int)i;
    }
    free(key);
    return found;
}

static void check_vocab(micic_vocab v, const char *text) {
    int want = ref_vocab_index(v, text), got = micic_vocab_index(v, text);
    if (got != want)
        fail_msg("vocab %s: \"%s\" -> %d, want %d", micic_vocab_name(v), text, got, want);
    if (want >= 0) assert_string_equal(micic_vocab_lookup(v, text), micic_vocab_label(v, (size_t)want));
    else assert_null(micic_vocab_lookup(v, text));
}

/* text in several spellings: as is, lower, upper, padded, dashes <-> spaces. */
static void check_vocab_spellings(micic_vocab v, const char *text) {
    char buf[512];
    size_t i, n = strlen(text);
    assert_true(n + 8 < sizeof buf);
    check_vocab(v, text);
    for (i = 0; i <= n; i++) buf[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    check_vocab(v, buf);
    for (i = 0; i <= n; i++) buf[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
    check_vocab(v, buf);
    for (i = 0; i <= n; i++) buf[i] = text[i] == ' ' ? '-' : text[i] == '-' ? ' ' : text[i];
    check_vocab(v, buf);
    snprintf(buf, sizeof buf, " \xE2\x80\xA2 %s. ", text);
    check_vocab(v, buf);
}

static void test_canon_vocab(void **state) {
    static const char *const extra[] = {
        "natural disaster", "natural disasters", "Natural  Disaster", "natural-disaster",
        "I: PRE-CRISIS PHASE", "II. Emergency phase", "iii) post-crisis", "iv",
        "Emergency;", "Floods", "Conflict and violence", "", "   ", ".", "-", "the conflict",
        "Support migrants' recovery", "support migrants\xE2\x80\x99 recovery",
        "Civil Society Organisations", "Assistance programmes", "states", "Host State",
        "MENA", "Private sector consultation report", "stranded migrant", "reported",
        "x\xC3\xA9", "C\xC3\xB4te d'Ivoire", "\xE2\x80\x9C" "Conflict\xE2\x80\x9D",
    };
    size_t v, i, j;
    (void)state;
    for (v = 0; v < MICIC_VOCAB_COUNT; v++) {
        /* every table string looks up to its own term (the fast path relies
         * on it: no two terms share a key) */
        for (i = 0; i < micic_vocab_size((micic_vocab)v); i++) {
            const char *label = micic_vocab_label((micic_vocab)v, i);
            assert_int_equal(ref_vocab_index((micic_vocab)v, label), (int)i);
            check_vocab_spellings((micic_vocab)v, label);
            for (j = 0; j < micic_vocab_synonym_count((micic_vocab)v, i); j++) {
                const char *syn = micic_vocab_synonym((micic_vocab)v, i, j);
                if (ref_vocab_index((micic_vocab)v, syn) != (int)i)
                    fail_msg("synonym \"%s\" of %s does not look up to its label", syn, label);
                check_vocab_spellings((micic_vocab)v, syn);
            }
        }
        for (i = 0; i < sizeof extra / sizeof extra[0]; i++) check_vocab((micic_vocab)v, extra[i]);
        /* labels of the other vocabularies (misses, mostly) */
        for (i = 0; i < MICIC_VOCAB_COUNT; i++)
            for (j = 0; j < micic_vocab_size((micic_vocab)i); j++)
                check_vocab((micic_vocab)v, micic_vocab_label((micic_vocab)i, j));
    }
    /* the values the readers see most: exact and case variants */
    assert_string_equal(micic_vocab_lookup(MICIC_VOCAB_CRISIS, "natural disaster"),
                        "Natural Disaster");
    assert_string_equal(micic_vocab_lookup(MICIC_VOCAB_PHASE, "Pre-crisis"),
                        "Crisis Preparedness");
    assert_null(micic_vocab_lookup(MICIC_VOCAB_CRISIS, "Floods"));
}

/* ------------------------------------------------------------------ */
/* Countries                                                            */
/* ------------------------------------------------------------------ */

static size_t n_iso(void) { return micic_country_count() - 1; } /* the last is Global */

static const micic_country *global_country(void) {
    return micic_country_at(micic_country_count() - 1);
}

static const char *drop_the(const char *k) { return strncmp(k, "the ", 4) == 0 ? k + 4 : k; }

/* Key of a table string with a leading "the " dropped, into a new buffer. */
static char *table_key(const char *s, size_t n) {
    char *k = ref_key_n(s, n, NULL), *out;
    assert_non_null(k);
    out = malloc(strlen(k) + 1);
    assert_non_null(out);
    strcpy(out, drop_the(k));
    free(k);
    return out;
}

static int ref_eq_n(const char *s, size_t n, const char *key) {
    char *k;
    int eq;
    if (n == 0) return 0;
    k = table_key(s, n);
    eq = strcmp(k, key) == 0;
    free(k);
    return eq;
}

static int ref_eq(const char *s, const char *key) { return ref_eq_n(s, strlen(s), key); }

/* "Korea, Republic of" -> "Republic of Korea" (exactly one comma), or "". */
static void inverted(const char *name, char *buf, size_t cap) {
    const char *comma = strchr(name, ',');
    buf[0] = '\0';
    if (!comma || strchr(comma + 1, ',')) return;
    snprintf(buf, cap, "%s %.*s", comma + 1, (int)(comma - name), name);
}

/* The name without its first parenthetical ("Holy See (Vatican...)" ->
 * "Holy See "), or "" when it has none. */
static void without_parens(const char *name, char *buf, size_t cap) {
    const char *open = strchr(name, '('), *close;
    buf[0] = '\0';
    if (!open) return;
    close = strchr(open, ')');
    snprintf(buf, cap, "%.*s%s", (int)(open - name), name, close ? close + 1 : "");
}

static void note(const micic_country **found, int *amb, const micic_country *c) {
    if (!c) return;
    if (*found && *found != c) *amb = 1;
    *found = c;
}

static const micic_country *ref_by_alpha3(const char *a3) {
    size_t i;
    for (i = 0; i < micic_country_count(); i++)
        if (strcmp(micic_country_alpha3(micic_country_at(i)), a3) == 0) return micic_country_at(i);
    return NULL;
}

static void test_canon_country_indexes(void **state) {
    size_t i;
    (void)state;
    /* sorted the way the binary searches compare */
    for (i = 1; i < micic__country_index_size(MICIC__CIDX_NAME); i++)
        assert_true(micic__ascii_casecmp(
                        micic_country_name(micic__country_index_at(MICIC__CIDX_NAME, i - 1, NULL)),
                        micic_country_name(micic__country_index_at(MICIC__CIDX_NAME, i, NULL))) < 0);
    for (i = 1; i < micic_country_count() - 1; i++) {
        assert_true(strcmp(micic_country_alpha2(micic__country_index_at(MICIC__CIDX_ALPHA2, i - 1, NULL)),
                           micic_country_alpha2(micic__country_index_at(MICIC__CIDX_ALPHA2, i, NULL))) < 0);
        assert_true(strcmp(micic_country_alpha3(micic__country_index_at(MICIC__CIDX_ALPHA3, i - 1, NULL)),
                           micic_country_alpha3(micic__country_index_at(MICIC__CIDX_ALPHA3, i, NULL))) < 0);
        assert_true(strcmp(micic_country_numeric(micic__country_index_at(MICIC__CIDX_NUMERIC, i - 1, NULL)),
                           micic_country_numeric(micic__country_index_at(MICIC__CIDX_NUMERIC, i, NULL))) < 0);
    }
    assert_int_equal(micic__country_index_size(MICIC__CIDX_NAME), micic_country_count() - 1);
    assert_null(micic__country_index_at(MICIC__CIDX_NAME, micic_country_count(), NULL));
    assert_int_equal(micic__country_index_size(99), 0);
}

/* The documented rules, folding every table string (docs/catalogue.md,
 * and lib/countries.c before the generated indexes). */
static const micic_country *ref_country(const char *text) {
    char *full = ref_key(text), buf[512];
    const char *key;
    const micic_country *found = NULL;
    int amb = 0, alpha = 1, digit = 1;
    size_t i, n, a;
    if (!full) return NULL;
    n = strlen(full);
    if (n == 0 || n >= MICIC_FOLD_STACK) goto miss;
    for (i = 0; i < n; i++) {
        if (full[i] < 'a' || full[i] > 'z') alpha = 0;
        if (full[i] < '0' || full[i] > '9') digit = 0;
    }
    /* codes */
    if (alpha && (n == 2 || n == 3)) {
        for (i = 0; i < micic_country_count(); i++) {
            const micic_country *c = micic_country_at(i);
            if (micic__ascii_casecmp(n == 2 ? micic_country_alpha2(c) : micic_country_alpha3(c),
                                     full) == 0) {
                free(full);
                return c;
            }
        }
    }
    if (digit && n <= 3) {
        char num[4] = "000";
        memcpy(num + 3 - n, full, n);
        for (i = 0; i < n_iso(); i++)
            if (strcmp(micic_country_numeric(micic_country_at(i)), num) == 0) found = micic_country_at(i);
        free(full);
        return found;
    }
    key = drop_the(full);
    /* tier 1: ISO name, common name, official name, inverted name, aliases, Global */
    for (i = 0; i < n_iso(); i++) {
        const micic_country *c = micic_country_at(i);
        inverted(micic__country_iso_name(c), buf, sizeof buf);
        if (ref_eq(micic__country_iso_name(c), key) || ref_eq(micic__country_common_name(c), key) ||
            ref_eq(micic_country_official_name(c), key) || ref_eq(buf, key))
            note(&found, &amb, c);
    }
    for (a = 0; a < micic__country_alias_count(); a++) {
        const char *a3, *alias = micic__country_alias_at(a, &a3);
        if (ref_eq(alias, key)) note(&found, &amb, ref_by_alpha3(a3));
    }
    if (ref_eq("Global", key)) note(&found, &amb, global_country());
    if (found) goto done;
    /* tier 2: before the first comma, without the parenthetical (ISO name
     * and official name) */
    for (i = 0; i < n_iso(); i++) {
        const micic_country *c = micic_country_at(i);
        const char *forms[2];
        size_t f;
        forms[0] = micic__country_iso_name(c);
        forms[1] = micic_country_official_name(c);
        for (f = 0; f < 2; f++) {
            const char *comma = strchr(forms[f], ',');
            if (comma && ref_eq_n(forms[f], (size_t)(comma - forms[f]), key)) note(&found, &amb, c);
            without_parens(forms[f], buf, sizeof buf);
            if (ref_eq(buf, key)) note(&found, &amb, c);
        }
    }
done:
    free(full);
    return amb ? NULL : found;
miss:
    free(full);
    return NULL;
}

static void check_country(const char *text) {
    const micic_country *want = ref_country(text), *got = micic_country_lookup(text);
    if (got != want)
        fail_msg("country \"%s\" -> %s, want %s", text, got ? micic_country_name(got) : "NULL",
                 want ? micic_country_name(want) : "NULL");
}

static void check_country_spellings(const char *text) {
    char buf[600];
    size_t i, n = strlen(text);
    if (!*text) return;
    assert_true(n + 16 < sizeof buf);
    check_country(text);
    for (i = 0; i <= n; i++) buf[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    check_country(buf);
    for (i = 0; i <= n; i++) buf[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
    check_country(buf);
    snprintf(buf, sizeof buf, "the %s", text);
    check_country(buf);
    snprintf(buf, sizeof buf, "  %s. ", text);
    check_country(buf);
    for (i = 0; i <= n; i++) buf[i] = text[i] == ' ' ? '-' : text[i];
    check_country(buf);
}

/* Every generated key equals libmicic's key of a form of its row, and
 * every form of every row the generator folded has its key there. */
static void check_generated_keys(int kind) {
    size_t nkeys = micic__country_index_size(kind), found = 0, i, j, r;
    int *seen = calloc(nkeys ? nkeys : 1, sizeof *seen);
    assert_non_null(seen);
    for (i = 1; i < nkeys; i++) {
        const char *a, *b;
        micic__country_index_at(kind, i - 1, &a);
        micic__country_index_at(kind, i, &b);
        assert_true(strcmp(a, b) <= 0);
    }
    for (r = 0; r < n_iso(); r++) {
        const micic_country *c = micic_country_at(r);
        const char *name = micic__country_iso_name(c), *off = micic_country_official_name(c);
        char forms[6][512];
        size_t nf = 0, f;
        int folded_here = 0;
        for (i = 0; i < micic__country_index_size(MICIC__CIDX_FOLD_ROWS); i++)
            folded_here |= micic__country_index_at(MICIC__CIDX_FOLD_ROWS, i, NULL) == c;
        if (folded_here) continue;
        if (kind == MICIC__CIDX_KEYS) {
            snprintf(forms[nf++], 512, "%s", name);
            snprintf(forms[nf++], 512, "%s", micic__country_common_name(c));
            snprintf(forms[nf++], 512, "%s", off);
            inverted(name, forms[nf++], 512);
        } else {
            const char *t[2];
            t[0] = name;
            t[1] = off;
            for (j = 0; j < 2; j++) {
                const char *comma = strchr(t[j], ',');
                forms[nf][0] = '\0';
                if (comma && comma > t[j]) snprintf(forms[nf], 512, "%.*s", (int)(comma - t[j]), t[j]);
                nf++;
                without_parens(t[j], forms[nf++], 512);
            }
        }
        for (f = 0; f < nf; f++) {
            char *k;
            int hit = 0;
            if (!forms[f][0]) continue;
            k = table_key(forms[f], strlen(forms[f]));
            if (*k) {
                for (i = 0; i < nkeys; i++) {
                    const char *gk;
                    const micic_country *gc = micic__country_index_at(kind, i, &gk);
                    if (gc == c && strcmp(gk, k) == 0) {
                        hit = 1;
                        if (!seen[i]) found++;
                        seen[i] = 1;
                    }
                }
                if (!hit) fail_msg("no generated key \"%s\" for \"%s\" (%s)", k, forms[f], name);
            }
            free(k);
        }
    }
    /* nothing else in the table */
    assert_int_equal(found, nkeys);
    free(seen);
}

static void test_canon_country_keys(void **state) {
    (void)state;
    check_generated_keys(MICIC__CIDX_KEYS);
    check_generated_keys(MICIC__CIDX_LOOSE_KEYS);
    /* today's iso-codes holds only letters the generator folds */
    assert_int_equal(micic__country_index_size(MICIC__CIDX_FOLD_ROWS), 0);
}

static void test_canon_country_lookup(void **state) {
    static const char *const extra[] = {
        "cote d'ivoire", "C\xC3\xB4te d\xE2\x80\x99Ivoire", "USA", "U.S.", "usa", "Korea",
        "Congo", "Virgin Islands", "Global", "global", "GLOBAL", "XG", "xgl", "", "  ", "the",
        "Atlantis", "Middle East", "Republic of Korea", "Korea, South", "the Netherlands",
        "Netherlands (Kingdom of the)", "Holy See", "Saint Martin", "Bonaire", "Iran", "4",
        "04", "004", "0", "999", "Tanzania, United Republic of", "Europe", "Asia", "Sahel",
        "T\xC3\xBCrkiye", "turkiye", "Turkey", "Russia", "DRC", "D.R. Congo", "Congo (Kinshasa)",
        "\xC3\x85land", "aland islands", "Cura\xC3\xA7" "ao", "R\xC3\xA9union", "reunion",
    };
    char buf[600];
    size_t i, a;
    (void)state;
    for (i = 0; i < micic_country_count(); i++) {
        const micic_country *c = micic_country_at(i);
        /* each public name, ISO spelling and code names its own country */
        assert_ptr_equal(ref_country(micic_country_name(c)), c);
        check_country_spellings(micic_country_name(c));
        check_country_spellings(micic__country_iso_name(c));
        check_country_spellings(micic__country_common_name(c));
        check_country_spellings(micic_country_official_name(c));
        inverted(micic__country_iso_name(c), buf, sizeof buf);
        check_country_spellings(buf);
        without_parens(micic__country_iso_name(c), buf, sizeof buf);
        check_country_spellings(buf);
        check_country_spellings(micic_country_alpha2(c));
        check_country_spellings(micic_country_alpha3(c));
        check_country(micic_country_numeric(c));
        if (micic_country_numeric(c)[0] == '0') check_country(micic_country_numeric(c) + 1);
    }
    for (a = 0; a < micic__country_alias_count(); a++) {
        const char *a3, *alias = micic__country_alias_at(a, &a3);
        /* every alias names its country (the fast path relies on it) */
        if (ref_country(alias) != ref_by_alpha3(a3))
            fail_msg("alias \"%s\" does not look up to %s", alias, a3);
        check_country_spellings(alias);
    }
    for (i = 0; i < sizeof extra / sizeof extra[0]; i++) check_country_spellings(extra[i]);
    /* long text: no match, and no key computed on the heap for ASCII */
    memset(buf, 'a', 400);
    buf[400] = '\0';
    check_country(buf);
    assert_string_equal(micic_country_name(micic_country_lookup("cote d'ivoire")),
                        "C\xC3\xB4te d'Ivoire");
    assert_string_equal(micic_country_name(micic_country_lookup("USA")), "United States");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canon_key_generated),
        cmocka_unit_test(test_canon_ascii_case),
        cmocka_unit_test(test_canon_vocab),
        cmocka_unit_test(test_canon_country_indexes),
        cmocka_unit_test(test_canon_country_keys),
        cmocka_unit_test(test_canon_country_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
