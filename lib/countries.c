/*
 * ISO 3166-1 countries (generated from Debian's iso-codes by
 * cmake/gen_countries.cmake) plus the MICIC value "Global", and the alias
 * table for common variants.
 *
 * Public name: ISO common_name when ISO has one ("Bolivia", "South Korea",
 * "Taiwan"), else the ISO name ("Egypt", "Türkiye"). Lookups accept every
 * ISO spelling, the inverted ISO name ("Korea, Republic of" -> "Republic of
 * Korea"), the aliases below, codes and "Global". See docs/catalogue.md.
 *
 * No index is built at run time (no mutable state): cmake/gen_countries.cmake
 * generates sorted static indexes. A lookup first looks the text up as
 * written, ignoring ASCII case only, among the public names (binary
 * search), "Global" and the aliases: no folding for canonical data and most
 * typed names; otherwise it folds the text once into a stack buffer (never the
 * heap for ASCII text) and binary-searches the generated keys of every ISO
 * spelling (tier 1) and of the loose forms (tier 2); the aliases below and
 * any row the generator could not fold are compared by folding on the fly.
 * tests/test_canon.c checks the generated keys against libmicic's folding
 * and the lookups against a plain implementation of the rules.
 */
#include <string.h>

#include "catalogue_internal.h"
#include "countries_internal.h"
#include "fold.h"
#include "internal.h"
#include "micic/catalogue.h"

/* The generated rows are the public opaque type itself. */
struct micic_country {
    const char *alpha2, *alpha3, *numeric, *name, *official_name, *common_name;
};
typedef struct micic_country micic_country_row;

/* A generated lookup key (see cmake/gen_countries.cmake) and its row. */
typedef struct micic_country_key {
    const char *key;
    unsigned short row;
} micic_country_key;

#include "countries.inc"

static const micic_country global_entry = {"XG", MICIC_COUNTRY_GLOBAL_ALPHA3, "", "Global", "",
                                           ""};

/* ------------------------------------------------------------------ */
/* Data: aliases (folded like everything else: case, accents, quotes,   */
/* hyphens and spacing do not matter). Add a line to accept a variant.  */
/* ------------------------------------------------------------------ */

typedef struct country_alias {
    const char *alias;
    const char *alpha3;
} country_alias;

static const country_alias aliases[] = {
    {"U.S.", "USA"},
    {"U.S.A.", "USA"},
    {"United States of America", "USA"},
    {"UK", "GBR"},
    {"U.K.", "GBR"},
    {"Great Britain", "GBR"},
    {"Britain", "GBR"},
    {"Republic of Korea", "KOR"},
    {"Korea, South", "KOR"},
    {"DPRK", "PRK"},
    {"Korea, North", "PRK"},
    {"Ivory Coast", "CIV"},
    {"Cote d'Ivoire", "CIV"},
    {"Russia", "RUS"},
    {"Turkey", "TUR"},
    {"Czech Republic", "CZE"},
    {"Democratic Republic of the Congo", "COD"},
    {"Congo, Democratic Republic of the", "COD"},
    {"DR Congo", "COD"},
    {"D.R. Congo", "COD"},
    {"DRC", "COD"},
    {"Congo-Kinshasa", "COD"},
    {"Congo (Kinshasa)", "COD"},
    {"Republic of the Congo", "COG"},
    {"Congo, Republic of the", "COG"},
    {"Congo-Brazzaville", "COG"},
    {"Congo (Brazzaville)", "COG"},
    {"Macedonia", "MKD"},
    {"Republic of Macedonia", "MKD"},
    {"The former Yugoslav Republic of Macedonia", "MKD"},
    {"FYROM", "MKD"},
    {"Swaziland", "SWZ"},
    {"Burma", "MMR"},
    {"Cape Verde", "CPV"},
    {"East Timor", "TLS"},
    {"Brunei", "BRN"},
    {"Vatican", "VAT"},
    {"Vatican City", "VAT"},
    {"Macau", "MAC"},
    {"Palestine", "PSE"},
    {"Occupied Palestinian Territory", "PSE"},
    {"Syria", "SYR"},
    {"Iran", "IRN"},
    {"Vietnam", "VNM"},
    {"Laos", "LAO"},
    {"Lao PDR", "LAO"},
    {"Tanzania", "TZA"},
    {"Venezuela", "VEN"},
    {"Bolivia", "BOL"},
    {"Moldova", "MDA"},
    {"Micronesia", "FSM"},
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

/* ------------------------------------------------------------------ */
/* Table access                                                         */
/* ------------------------------------------------------------------ */

size_t micic_country_count(void) { return MICIC_ISO_COUNTRY_COUNT + 1; }

const micic_country *micic_country_at(size_t i) {
    if (i < MICIC_ISO_COUNTRY_COUNT) return &micic_iso_countries[micic_iso_country_order[i]];
    if (i == MICIC_ISO_COUNTRY_COUNT) return &global_entry;
    return NULL;
}

const char *micic_country_alpha2(const micic_country *c) { return c ? c->alpha2 : ""; }
const char *micic_country_alpha3(const micic_country *c) { return c ? c->alpha3 : ""; }
const char *micic_country_numeric(const micic_country *c) { return c ? c->numeric : ""; }
const char *micic_country_name(const micic_country *c) {
    if (!c) return "";
    return c->common_name[0] ? c->common_name : c->name;
}
const char *micic_country_official_name(const micic_country *c) {
    return c ? c->official_name : "";
}

/* ------------------------------------------------------------------ */
/* Matching                                                             */
/* ------------------------------------------------------------------ */

static const char *drop_the(const char *key) {
    return strncmp(key, "the ", 4) == 0 ? key + 4 : key;
}

static int is_alnum_ascii(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Cheap pre-check so that most table strings are never folded: 0 when the
 * key of s[0..n) surely differs from key. Compares the ASCII letters,
 * digits and single spaces of s (lower-cased) with the key, from the first
 * alphanumeric character of s, and answers "maybe" (1) as soon as anything
 * else (punctuation, non-ASCII text, a leading "the") shows up. Sound
 * because a key equal to an alphanumeric-led key must start at that
 * character, and letters, digits and single spaces map one to one.
 */
static int may_equal(const char *s, size_t n, const char *key) {
    size_t i = 0, k = 0;
    if (!is_alnum_ascii(key[0])) return 1;
    while (i < n && !is_alnum_ascii(s[i]) && !((unsigned char)s[i] & 0x80)) i++;
    if (i == n) return 0; /* nothing alphanumeric: cannot equal key */
    if (n - i > 3 && (s[i] | 0x20) == 't' && (s[i + 1] | 0x20) == 'h' &&
        (s[i + 2] | 0x20) == 'e' && !is_alnum_ascii(s[i + 3]))
        return 1;
    for (; i < n; i++, k++) {
        char c = s[i];
        if (is_alnum_ascii(c)) {
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            if (key[k] != c) return 0;
        } else if (c == ' ' && i + 1 < n && is_alnum_ascii(s[i + 1]) && key[k] != '\0') {
            if (key[k] != ' ') return 0;
        } else {
            return 1;
        }
    }
    return key[k] == '\0';
}

/* key(s[0..n)) with a leading "the " dropped equals key (already dropped). */
static int key_equal_n(const char *s, size_t n, const char *key) {
    char buf[MICIC_FOLD_STACK];
    if (n == 0 || !may_equal(s, n, key)) return 0;
    if (micic__key_into(s, n, buf, sizeof buf, NULL) != MICIC_OK) return 0;
    return strcmp(drop_the(buf), key) == 0;
}

static int key_equal(const char *s, const char *key) {
    char c = s[0];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    /* fast reject on the first character (see may_equal) */
    if (c == '\0' || (is_alnum_ascii(c) && is_alnum_ascii(key[0]) && c != key[0] && c != 't'))
        return 0;
    return key_equal_n(s, strlen(s), key);
}

/* "Korea, Republic of" -> "Republic of Korea" (one comma only). */
static int inverted_equal(const char *name, const char *key) {
    const char *comma = strchr(name, ',');
    char buf[MICIC_FOLD_STACK];
    size_t a, b;
    if (!comma || strchr(comma + 1, ',')) return 0;
    a = (size_t)(comma - name);
    b = strlen(comma + 1);
    if (a + b + 2 > sizeof buf) return 0;
    memcpy(buf, comma + 1, b);
    buf[b] = ' ';
    memcpy(buf + b + 1, name, a);
    buf[a + b + 1] = '\0';
    return key_equal(buf, key);
}

/* Loose forms (tier 2): the part before a comma ("Palestine"), the name
 * without a parenthetical ("Holy See", "Cocos Islands"). */
static int loose_equal(const char *name, const char *key) {
    const char *comma = strchr(name, ',');
    const char *open = strchr(name, '(');
    if (comma && key_equal_n(name, (size_t)(comma - name), key)) return 1;
    if (open) {
        const char *close = strchr(open, ')');
        char buf[MICIC_FOLD_STACK];
        size_t a = (size_t)(open - name), b = close ? strlen(close + 1) : 0;
        if (a + b + 1 > sizeof buf) return 0;
        memcpy(buf, name, a);
        if (close) memcpy(buf + a, close + 1, b);
        buf[a + b] = '\0';
        if (key_equal(buf, key)) return 1;
    }
    return 0;
}

/* ---- generated indexes -------------------------------------------- */

typedef const char *(*row_text_fn)(const micic_country *c);

static const char *row_alpha2(const micic_country *c) { return c->alpha2; }
static const char *row_alpha3(const micic_country *c) { return c->alpha3; }
static const char *row_numeric(const micic_country *c) { return c->numeric; }

/* Binary search of s in rows idx[0..n) sorted by text() (strcmp order). */
static const micic_country *find_row(const unsigned short *idx, size_t n, const char *s,
                                     row_text_fn text) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const micic_country *c = &micic_iso_countries[idx[mid]];
        int d = strcmp(text(c), s);
        if (d == 0) return c;
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* Record a match; two different entries make the tier ambiguous. */
static void note(const micic_country **found, int *ambiguous, const micic_country *c) {
    if (!c) return;
    if (*found && *found != c) *ambiguous = 1;
    *found = c;
}

/* Note every row whose generated key equals key (keys[0..n) sorted). */
static void note_keys(const micic_country_key *keys, size_t n, const char *key,
                      const micic_country **found, int *ambiguous) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(keys[mid].key, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < n && strcmp(keys[lo].key, key) == 0; lo++)
        note(found, ambiguous, &micic_iso_countries[keys[lo].row]);
}

static const micic_country *by_alpha3(const char *a3) {
    return find_row(micic_iso_country_by_alpha3, MICIC_ISO_COUNTRY_COUNT, a3, row_alpha3);
}

/* Codes: alpha-2, alpha-3 (any case), numeric (leading zeros optional). */
static const micic_country *by_code(const char *key) {
    size_t n = strlen(key), i;
    int alpha = 1, digit = 1;
    for (i = 0; i < n; i++) {
        if (key[i] < 'a' || key[i] > 'z') alpha = 0;
        if (key[i] < '0' || key[i] > '9') digit = 0;
    }
    if (alpha && (n == 2 || n == 3)) {
        char up[4];
        const micic_country *c;
        for (i = 0; i < n; i++) up[i] = (char)(key[i] - 'a' + 'A');
        up[n] = '\0';
        c = n == 2 ? find_row(micic_iso_country_by_alpha2, MICIC_ISO_COUNTRY_COUNT, up,
                              row_alpha2)
                   : by_alpha3(up);
        if (c) return c;
        if (strcmp(up, n == 2 ? global_entry.alpha2 : global_entry.alpha3) == 0)
            return &global_entry;
    }
    if (digit && n >= 1 && n <= 3) {
        char num[4] = "000";
        memcpy(num + 3 - n, key, n);
        return find_row(micic_iso_country_by_numeric, MICIC_ISO_COUNTRY_COUNT, num,
                        row_numeric);
    }
    return NULL;
}

/* Rows the generator could not fold (usually none; a variable, not the
 * macro, so that a count of 0 does not trip -Wtype-limits). */
static const size_t fold_row_count = MICIC_ISO_FOLD_ROW_COUNT;

static const micic_country *lookup_key(const char *key) {
    const micic_country *found = NULL, *c;
    int ambiguous = 0;
    size_t i;
    if (!*key) return NULL;
    if ((c = by_code(key)) != NULL) return c;
    key = drop_the(key);
    /* tier 1: exact names (generated keys, and rows folded here), aliases,
     * Global */
    note_keys(micic_iso_country_keys, MICIC_ISO_KEY_COUNT, key, &found, &ambiguous);
    for (i = 0; i < fold_row_count; i++) {
        const micic_country *r = &micic_iso_countries[micic_iso_country_fold_rows[i]];
        if (key_equal(r->name, key) || key_equal(r->common_name, key) ||
            key_equal(r->official_name, key) || inverted_equal(r->name, key))
            note(&found, &ambiguous, r);
    }
    for (i = 0; i < NALIASES; i++)
        if (key_equal(aliases[i].alias, key)) note(&found, &ambiguous, by_alpha3(aliases[i].alpha3));
    if (key_equal(global_entry.name, key)) note(&found, &ambiguous, &global_entry);
    if (found) return ambiguous ? NULL : found;
    /* tier 2: loose forms, only when unique */
    note_keys(micic_iso_country_loose_keys, MICIC_ISO_LOOSE_KEY_COUNT, key, &found,
              &ambiguous);
    for (i = 0; i < fold_row_count; i++) {
        const micic_country *r = &micic_iso_countries[micic_iso_country_fold_rows[i]];
        if (loose_equal(r->name, key) || loose_equal(r->official_name, key))
            note(&found, &ambiguous, r);
    }
    return ambiguous ? NULL : found;
}

/* Row whose public name equals text but for ASCII case (binary search of
 * the generated index sorted that way), or NULL. */
static const micic_country *by_public_name(const char *text) {
    size_t lo = 0, hi = MICIC_ISO_COUNTRY_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const micic_country *c = &micic_iso_countries[micic_iso_country_by_name[mid]];
        int d = micic__ascii_casecmp(micic_country_name(c), text);
        if (d == 0) return c;
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const micic_country *micic_country_lookup(const char *text) {
    char key[MICIC_FOLD_STACK];
    const micic_country *c;
    size_t i;
    if (!text) return NULL;
    /* fast path, no folding: a public name, "Global" or an alias as
     * written, in any ASCII case (canonical data and most typed names).
     * Equal texts have equal keys, and each of these looks up to its own
     * country (tests/test_canon.c), so the folded match gives the same. */
    if ((c = by_public_name(text)) != NULL) return c;
    if (micic__ascii_caseeq(text, global_entry.name)) return &global_entry;
    for (i = 0; i < NALIASES; i++) {
        const char *a = aliases[i].alias;
        if (micic__ascii_caseeq(a, text)) return by_alpha3(aliases[i].alpha3);
    }
    /* a key of MICIC_FOLD_STACK bytes or more matches no table string */
    if (micic__key_lookup(text, strlen(text), key, sizeof key, NULL) != MICIC_OK) return NULL;
    return lookup_key(key);
}

/* ---- test hooks (lib/countries_internal.h) --------------------------- */

size_t micic__country_index_size(int kind) {
    switch (kind) {
    case MICIC__CIDX_NAME:
    case MICIC__CIDX_ALPHA2:
    case MICIC__CIDX_ALPHA3:
    case MICIC__CIDX_NUMERIC:
        return MICIC_ISO_COUNTRY_COUNT;
    case MICIC__CIDX_KEYS:
        return MICIC_ISO_KEY_COUNT;
    case MICIC__CIDX_LOOSE_KEYS:
        return MICIC_ISO_LOOSE_KEY_COUNT;
    case MICIC__CIDX_FOLD_ROWS:
        return MICIC_ISO_FOLD_ROW_COUNT;
    default:
        return 0;
    }
}

const micic_country *micic__country_index_at(int kind, size_t i, const char **key_out) {
    const unsigned short *idx = NULL;
    if (key_out) *key_out = NULL;
    if (i >= micic__country_index_size(kind)) return NULL;
    switch (kind) {
    case MICIC__CIDX_NAME: idx = micic_iso_country_by_name; break;
    case MICIC__CIDX_ALPHA2: idx = micic_iso_country_by_alpha2; break;
    case MICIC__CIDX_ALPHA3: idx = micic_iso_country_by_alpha3; break;
    case MICIC__CIDX_NUMERIC: idx = micic_iso_country_by_numeric; break;
    case MICIC__CIDX_FOLD_ROWS: idx = micic_iso_country_fold_rows; break;
    case MICIC__CIDX_KEYS:
        if (key_out) *key_out = micic_iso_country_keys[i].key;
        return &micic_iso_countries[micic_iso_country_keys[i].row];
    default: /* MICIC__CIDX_LOOSE_KEYS */
        if (key_out) *key_out = micic_iso_country_loose_keys[i].key;
        return &micic_iso_countries[micic_iso_country_loose_keys[i].row];
    }
    return &micic_iso_countries[idx[i]];
}

const char *micic__country_iso_name(const micic_country *c) { return c ? c->name : ""; }
const char *micic__country_common_name(const micic_country *c) {
    return c ? c->common_name : "";
}

size_t micic__country_alias_count(void) { return NALIASES; }

const char *micic__country_alias_at(size_t i, const char **alpha3_out) {
    if (i >= NALIASES) return NULL;
    if (alpha3_out) *alpha3_out = aliases[i].alpha3;
    return aliases[i].alias;
}

/* ---- suggestions ---------------------------------------------------- */

/* Sound-alike form of a key into out: 'y' read as 'i', 'k' as 'c', "ph"
 * as 'f', and a doubled letter as one, so the common misspellings that
 * edit distance alone cannot pin down ("Lybia" for Libya, "Phillipines"
 * for Philippines) compare equal to the name. */
static void sound_key(const char *key, char *out, size_t cap) {
    size_t i, j = 0;
    for (i = 0; key[i] && j + 1 < cap; i++) {
        char c = key[i];
        if (c == 'y') c = 'i';
        else if (c == 'k') c = 'c';
        else if (c == 'p' && key[i + 1] == 'h') {
            c = 'f';
            i++;
        }
        if (j > 0 && out[j - 1] == c && c != ' ') continue;
        out[j++] = c;
    }
    out[j] = '\0';
}

/* One candidate name s of country c for key (and its sound-alike form
 * skey, NULL for keys too short to guess by sound). */
static void consider(const char *key, const char *skey, const char *s, const micic_country *c,
                     int *best, const micic_country **best_c, int *tie) {
    char buf[MICIC_FOLD_STACK];
    const char *name;
    int d;
    if (!s[0]) return;
    if (micic__key_into(s, strlen(s), buf, sizeof buf, NULL) != MICIC_OK) return;
    name = drop_the(buf);
    d = micic__suggest_distance(key, name);
    if (d < 0 && skey) { /* sound-alike: as close as an edit */
        char b[MICIC_FOLD_STACK];
        sound_key(name, b, sizeof b);
        if (strcmp(skey, b) == 0) d = micic__edit_distance(key, name, 8);
    }
    if (d < 0) return;
    if (*best < 0 || d < *best) {
        *best = d;
        *best_c = c;
        *tie = 0;
    } else if (d == *best && c != *best_c) {
        *tie = 1;
    }
}

const micic_country *micic_country_suggest(const char *text, int *distance_out) {
    char buf[MICIC_FOLD_STACK];
    char *key;
    const micic_country *c, *best_c = NULL;
    int best = -1, tie = 0;
    size_t i;
    if (distance_out) *distance_out = -1;
    if (!text) return NULL;
    if (micic__key(text, strlen(text), buf, sizeof buf, &key, NULL) != MICIC_OK) return NULL;
    c = lookup_key(key);
    if (c) {
        best = 0;
        best_c = c;
    } else if (strlen(key) > 3) { /* codes are too short to guess */
        const char *k = drop_the(key);
        char sk[MICIC_FOLD_STACK];
        const char *skey = strlen(k) >= 4 ? sk : NULL;
        if (skey) sound_key(k, sk, sizeof sk);
        for (i = 0; i < MICIC_ISO_COUNTRY_COUNT; i++) {
            const micic_country *r = &micic_iso_countries[i];
            consider(k, skey, r->name, r, &best, &best_c, &tie);
            consider(k, skey, r->common_name, r, &best, &best_c, &tie);
            consider(k, skey, r->official_name, r, &best, &best_c, &tie);
        }
        for (i = 0; i < NALIASES; i++)
            consider(k, skey, aliases[i].alias, by_alpha3(aliases[i].alpha3), &best, &best_c,
                     &tie);
        consider(k, skey, global_entry.name, &global_entry, &best, &best_c, &tie);
    }
    if (key != buf) micic__free(key);
    if (!best_c || tie) return NULL;
    if (distance_out) *distance_out = best;
    return best_c;
}
