/*
 * Canonicalization benchmark (bench/CMakeLists.txt, target bench_canon; not
 * a test). Build with -DMICIC_BUILD_BENCH=ON, then:
 *
 *   bench_canon [-mb SIZE] [-runs N] [-file PATH] [-keep] [-lookups-only | -csv-only]
 *
 * 1. Lookups: ns per call of micic_vocab_lookup() and micic_country_lookup()
 *    on canonical labels/names (the exact fast path), on variants that need
 *    folding ("natural disaster", "cote d'ivoire", "USA") and on misses.
 * 2. CSV reading: generates a CSV of SIZE MB (default 100) of realistic
 *    Repository records (ISO country names and variants, crisis types,
 *    phases, stakeholder types, types of practice, thematic areas,
 *    guidelines, ~500-character descriptions; about a third of the
 *    controlled values are hand-typed variants), then times, best of N runs
 *    (default 3): micic_stream_file() with a callback that only counts
 *    (records freed one by one) and micic_read_buffer() into a corpus.
 *    Prints MB/s and records/s. The file is removed unless -keep.
 *
 * Times are process CPU time (clock()), so other load on the machine does
 * not count; the library is single-threaded here, so this is one core.
 *
 * Deterministic: a fixed xorshift seed, so every run reads the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "micic/micic.h"

static unsigned long long rng = 88172645463325252ULL;

static unsigned next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static unsigned pick(unsigned n) { return next() % n; }

/* Process CPU time: the machine may be shared, and the question is the
 * speed on one core. */
static double now(void) { return (double)clock() / CLOCKS_PER_SEC; }

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Seed vocabulary: canonical values and the variants people type       */
/* ------------------------------------------------------------------ */

static const char *const type_variants[] = {
    "training and capacity building", "Assistance programmes", "Websites",
    "domestic laws and policies", "Research and Reports", "contingency plans",
};
static const char *const stakeholder_type_variants[] = {
    "Civil Society Organizations", "International Organization", "States",
    "private sector", "Host States", "civil society", "international organisations",
};
static const char *const crisis_variants[] = {
    "natural disaster", "Natural Disasters", "conflict", "Conflicts", "other",
};
static const char *const phase_variants[] = {
    "Pre-crisis", "Emergency", "post-crisis", "Emergency Phase", "crisis preparedness",
    "I: PRE-CRISIS PHASE",
};
static const char *const country_variants[] = {
    "cote d'ivoire", "Cote d'Ivoire", "USA", "United States of America", "UK",
    "Russia", "Syria", "DRC", "Iran", "Vietnam", "Turkey", "egypt", "libya",
    "south sudan", "Bolivia", "tanzania", "LBN", "PHL", "the Philippines",
};
static const char *const theme_variants[] = {
    "information on crises", "Support migrants' recovery", "coordination",
    "Capacity Building",
};
static const char *const population_values[] = {
    "stranded migrants", "irregular migrants", "rejected asylum seekers",
    "vulnerable migrants", "migrant workers", "Stranded migrant",
};
static const char *const source_values[] = {
    "MENA Consultation report", "South, East and South-East Asia",
    "West and Central Africa Consultation", "Latin America and the Caribbean",
    "Eastern Europe and Central Asia", "Private Sector",
};
static const char *const org_values[] = {
    "International Organization for Migration (IOM)", "Ministry of Foreign Affairs",
    "Red Cross Society", "Ministry of Labour and Social Protection", "UNHCR",
    "Migrant Workers Centre", "Chamber of Commerce", "National Disaster Management Agency",
};
static const char *const words[] = {
    "migrants", "crisis", "assistance", "the", "and", "of", "to", "in", "emergency",
    "evacuation", "consular", "support", "government", "provided", "information",
    "communities", "workers", "host", "country", "origin", "return", "reintegration",
    "training", "hotline", "registration", "embassy", "shelter", "families", "for",
    "with", "during", "after", "before", "response", "preparedness", "agencies",
    "local", "national", "regional", "partners", "nationals", "abroad", "safety",
    "transport", "documents", "travel", "coordination", "programme", "project",
};

/* A random value of vocabulary v: canonical with probability 2/3, else a
 * typed variant (from the list) when there is one. */
static const char *vocab_value(micic_vocab v, const char *const *variants, size_t nvar) {
    if (nvar && pick(3) == 0) return variants[pick((unsigned)nvar)];
    return micic_vocab_label(v, pick((unsigned)micic_vocab_size(v)));
}

static const char *country_value(void) {
    /* most records name a handful of crisis-affected countries; names
     * from the whole ISO table otherwise */
    static const char *const frequent[] = {
        "Libya", "Lebanon", "Egypt", "Chad", "Niger", "Mali", "Philippines", "Thailand",
        "Global", "Côte d'Ivoire", "Syria", "Yemen", "Iraq", "Nepal", "Japan",
    };
    unsigned r = pick(100);
    if (r < 30) return country_variants[pick(COUNT(country_variants))];
    if (r < 65) return frequent[pick(COUNT(frequent))];
    return micic_country_name(micic_country_at(pick((unsigned)micic_country_count())));
}

/* "a; b; c" with k distinct-ish values. */
static void put_list(FILE *f, const char *const *vals, size_t k) {
    size_t i;
    for (i = 0; i < k; i++) fprintf(f, "%s%s", i ? "; " : "", vals[i]);
}

/* One CSV cell, quoted when needed (doubling quotes). */
static void put_cell(FILE *f, const char *s) {
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void put_list_cell(FILE *f, const char *const *vals, size_t k) {
    char buf[2048];
    size_t i, n = 0;
    buf[0] = '\0';
    for (i = 0; i < k && n < sizeof buf - 256; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "; " : "", vals[i]);
    put_cell(f, buf);
}

static void description(char *buf, size_t cap) {
    size_t n = 0, target = 420 + pick(160);
    int sentence_start = 1;
    while (n < target && n + 32 < cap) {
        const char *w = words[pick(COUNT(words))];
        if (sentence_start) {
            n += (size_t)snprintf(buf + n, cap - n, "%s%c%s", n ? " " : "", w[0] - 'a' + 'A',
                                  w + 1);
            sentence_start = 0;
        } else {
            n += (size_t)snprintf(buf + n, cap - n, " %s", w);
        }
        if (pick(12) == 0) n += (size_t)snprintf(buf + n, cap - n, ",");
        if (pick(14) == 0) {
            n += (size_t)snprintf(buf + n, cap - n, ".");
            sentence_start = 1;
        }
    }
    snprintf(buf + n, cap - n, ". \"Quoted remark\", said a partner.");
}

static size_t write_record(FILE *f, size_t k) {
    const char *vals[4];
    char desc[1024];
    size_t i, m;
    long start = ftell(f);
    fprintf(f, "bench-%07zu,", k);
    fprintf(f, "Practice %zu: %s %s %s,", k, words[pick(COUNT(words))], words[pick(COUNT(words))],
            words[pick(COUNT(words))]);
    m = 1 + pick(2);
    for (i = 0; i < m; i++) vals[i] = vocab_value(MICIC_VOCAB_TYPE, type_variants, COUNT(type_variants));
    put_list_cell(f, vals, m);
    fputc(',', f);
    m = 1 + pick(3);
    for (i = 0; i < m; i++) vals[i] = country_value();
    put_list_cell(f, vals, m);
    fputc(',', f);
    m = 1 + pick(2);
    for (i = 0; i < m; i++) vals[i] = org_values[pick(COUNT(org_values))];
    put_list_cell(f, vals, m);
    fputc(',', f);
    m = 1 + pick(2);
    for (i = 0; i < m; i++)
        vals[i] = vocab_value(MICIC_VOCAB_STAKEHOLDER_TYPE, stakeholder_type_variants,
                              COUNT(stakeholder_type_variants));
    put_list_cell(f, vals, m);
    fputc(',', f);
    m = 1 + pick(2);
    for (i = 0; i < m; i++)
        vals[i] = vocab_value(MICIC_VOCAB_CRISIS, crisis_variants, COUNT(crisis_variants));
    put_list_cell(f, vals, m);
    fputc(',', f);
    m = 1 + pick(3);
    for (i = 0; i < m; i++)
        vals[i] = vocab_value(MICIC_VOCAB_PHASE, phase_variants, COUNT(phase_variants));
    put_list_cell(f, vals, m);
    fputc(',', f);
    description(desc, sizeof desc);
    put_cell(f, desc);
    fprintf(f, ",https://micicinitiative.iom.int/practice/%zu,", k);
    m = 1 + pick(3);
    for (i = 0; i < m; i++) {
        unsigned g = 1 + pick(15);
        fprintf(f, "%s%s%u", i ? "; " : "", pick(5) == 0 ? "Guideline " : "", g);
    }
    fputc(',', f);
    m = 1 + pick(2);
    for (i = 0; i < m; i++)
        vals[i] = vocab_value(MICIC_VOCAB_THEME, theme_variants, COUNT(theme_variants));
    put_list_cell(f, vals, m);
    fputc(',', f);
    m = pick(3);
    for (i = 0; i < m; i++) vals[i] = population_values[pick(COUNT(population_values))];
    put_list(f, vals, m);
    fputc(',', f);
    if (pick(3) == 0) fputs("Return and reintegration needs", f);
    fputc(',', f);
    put_cell(f, source_values[pick(COUNT(source_values))]);
    fprintf(f, ",%s\n", pick(4) ? "Reported Practice" : "Recommended Practice");
    return (size_t)(ftell(f) - start);
}

static size_t generate(const char *path, size_t bytes) {
    FILE *f = fopen(path, "wb");
    size_t total, k = 0;
    if (!f) {
        perror(path);
        exit(1);
    }
    total = (size_t)fprintf(f, "id,title,type,country,stakeholder,stakeholder_type,crisis,"
                               "phase,description,link,guideline,theme,population,need,"
                               "source,kind\n");
    while (total < bytes) total += write_record(f, k++);
    fclose(f);
    return k;
}

/* ------------------------------------------------------------------ */
/* Timing                                                               */
/* ------------------------------------------------------------------ */

static volatile size_t sink;

static double time_lookups(const char *const *inputs, size_t n, int country, size_t iters) {
    double t0 = now();
    size_t i, found = 0;
    for (i = 0; i < iters; i++) {
        const char *s = inputs[i % n];
        if (country) found += micic_country_lookup(s) != NULL;
        else found += micic_vocab_lookup(MICIC_VOCAB_CRISIS + (micic_vocab)(i % 2), s) != NULL;
    }
    sink += found;
    return (now() - t0) * 1e9 / (double)iters;
}

static void bench_lookups(void) {
    static const char *const vocab_canon[] = {"Natural Disaster", "Emergency Response",
                                              "Conflict", "Post-Crisis Action"};
    static const char *const vocab_variant[] = {"natural disaster", "Emergency",
                                                "Conflicts", "post-crisis"};
    static const char *const vocab_miss[] = {"Floods", "Recovery", "Earthquake", "Later"};
    static const char *const country_canon[] = {"Côte d'Ivoire", "Libya", "United States",
                                                "Philippines", "Global", "Türkiye"};
    static const char *const country_variant[] = {"cote d'ivoire", "USA", "the Philippines",
                                                  "egypt", "Russia", "LBN"};
    static const char *const country_miss[] = {"Atlantis", "Middle East", "Sahel region",
                                               "Europe", "Asia", "Nowhere land"};
    size_t iters = 200000;
    printf("lookups (ns per call, %zu calls each):\n", iters);
    printf("  vocab   canonical %8.1f   variant %8.1f   miss %8.1f\n",
           time_lookups(vocab_canon, 4, 0, iters), time_lookups(vocab_variant, 4, 0, iters),
           time_lookups(vocab_miss, 4, 0, iters));
    printf("  country canonical %8.1f   variant %8.1f   miss %8.1f\n",
           time_lookups(country_canon, 6, 1, iters), time_lookups(country_variant, 6, 1, iters),
           time_lookups(country_miss, 6, 1, iters));
}

static int count_cb(const micic_practice *p, void *payload) {
    size_t *n = payload;
    (void)p;
    (*n)++;
    return 0;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *b;
    long n;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        perror(path);
        exit(1);
    }
    rewind(f);
    b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(1);
    }
    b[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return b;
}

int main(int argc, char **argv) {
    size_t mb = 100, runs = 3, nrec, len, r;
    const char *path = "canon_bench.csv";
    int keep = 0, lookups_only = 0, csv_only = 0, i;
    double best_stream = 1e30, best_corpus = 1e30;
    char *data;
    micic_read_options ro = MICIC_READ_OPTIONS_INIT;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-mb") == 0 && i + 1 < argc) mb = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-runs") == 0 && i + 1 < argc)
            runs = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-file") == 0 && i + 1 < argc) path = argv[++i];
        else if (strcmp(argv[i], "-keep") == 0) keep = 1;
        else if (strcmp(argv[i], "-lookups-only") == 0) lookups_only = 1;
        else if (strcmp(argv[i], "-csv-only") == 0) csv_only = 1;
        else {
            fprintf(stderr, "usage: %s [-mb SIZE] [-runs N] [-file PATH] [-keep] "
                            "[-lookups-only | -csv-only]\n", argv[0]);
            return 2;
        }
    }
    if (!csv_only) bench_lookups();
    if (lookups_only) return 0;
    nrec = generate(path, mb * 1000 * 1000);
    data = slurp(path, &len);
    printf("CSV: %s, %.1f MB, %zu records (%.0f bytes/record)\n", path, len / 1e6, nrec,
           (double)len / (double)nrec);
    ro.format = MICIC_FORMAT_CSV;
    for (r = 0; r < runs; r++) {
        size_t n = 0;
        micic_error err;
        micic_corpus *c = micic_corpus_new();
        double t0 = now(), t1, t2;
        if (micic_stream_file(path, &ro, count_cb, &n, NULL, &err) != MICIC_OK || n != nrec) {
            fprintf(stderr, "stream failed: %s (%zu records)\n", err.text, n);
            return 1;
        }
        t1 = now();
        if (micic_read_buffer(c, data, len, path, &ro, &err) != MICIC_OK ||
            micic_corpus_size(c) != nrec) {
            fprintf(stderr, "read failed: %s\n", err.text);
            return 1;
        }
        t2 = now();
        if (r == 0) {
            /* what a record with hand-typed values looks like
             * (canonical value <- original) */
            const micic_practice *p = micic_corpus_get(c, 0);
            size_t k;
            for (k = 0; k < micic_corpus_size(c); k++) {
                const micic_practice *q = micic_corpus_get(c, k);
                if (micic_practice_count(q, MICIC_FIELD_COUNTRY) &&
                    strcmp(micic_practice_value(q, MICIC_FIELD_COUNTRY, 0),
                           micic_practice_original(q, MICIC_FIELD_COUNTRY, 0)) != 0 &&
                    micic_practice_count(q, MICIC_FIELD_CRISIS) &&
                    strcmp(micic_practice_value(q, MICIC_FIELD_CRISIS, 0),
                           micic_practice_original(q, MICIC_FIELD_CRISIS, 0)) != 0) {
                    p = q;
                    break;
                }
            }
            micic_field f[] = {MICIC_FIELD_COUNTRY, MICIC_FIELD_CRISIS, MICIC_FIELD_PHASE};
            size_t a, b;
            for (a = 0; a < COUNT(f); a++)
                for (b = 0; b < micic_practice_count(p, f[a]); b++)
                    printf("  %s %s: \"%s\" <- \"%s\"\n", micic_practice_id(p),
                           micic_field_name(f[a]), micic_practice_value(p, f[a], b),
                           micic_practice_original(p, f[a], b));
        }
        micic_corpus_free(c);
        if (t1 - t0 < best_stream) best_stream = t1 - t0;
        if (t2 - t1 < best_corpus) best_corpus = t2 - t1;
    }
    printf("stream (records freed):  %7.1f MB/s  %9.0f records/s  (best of %zu)\n",
           len / 1e6 / best_stream, nrec / best_stream, runs);
    printf("buffer into a corpus:    %7.1f MB/s  %9.0f records/s  (best of %zu)\n",
           len / 1e6 / best_corpus, nrec / best_corpus, runs);
    free(data);
    if (!keep) remove(path);
    return 0;
}
