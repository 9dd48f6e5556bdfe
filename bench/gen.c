/*
 * Deterministic generator of practice records for the benchmark suite
 * (bench/run.sh, docs/benchmarks.md).
 *
 *   bench_gen N OUTDIR SEEDS_DIR [SEED]
 *
 * writes OUTDIR/records.csv, OUTDIR/records.jsonl and OUTDIR/records.json
 * (the same N records, through libmicic's writers) and OUTDIR/gen.json
 * (what was generated: counts of injected faults and duplicates).
 *
 * Realism:
 *  - descriptions are 3-6 sentences of the seed documents (the *.txt files
 *    of SEEDS_DIR) and of the catalogue's guideline texts and Sample
 *    Practices: 1-2 from the pool of the record's guideline (its catalogue
 *    text and the seed sentences sharing more title/theme words with it
 *    than with any other guideline), the rest from all sentences.
 *    Sentences that copy 12+ words of a guideline text (the
 *    "guideline-text-in-description" warning) go into 1% of the records;
 *  - vocabulary fields use the built-in labels (micic_vocab_label), the
 *    phase and thematic area follow the guideline, countries are ISO 3166-1
 *    names as libmicic writes them (micic_country_at) or "Global",
 *    stakeholders are names met in the seeds or built from countries
 *    ("Ministry of Foreign Affairs of Chad");
 *  - about 1% of the records carry one injected fault (misspelled crisis
 *    type or stakeholder type, type outside the vocabulary, unknown
 *    country, guideline 16, missing description, missing crisis phase,
 *    malformed URL) and 0.2% repeat the description of an earlier record,
 *    so validation has something to find.
 * The same N and SEED always give byte-identical files, and the first M
 * records of N are the records of M (the generation is sequential).
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "micic/micic.h"

/* ------------------------------------------------------------------ */
/* Random numbers (xorshift64*, state passed around: no globals)       */
/* ------------------------------------------------------------------ */

typedef struct rng {
    unsigned long long s;
} rng;

static unsigned long long rnd(rng *r) {
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ULL;
}

/* Uniform in [0, n). */
static size_t pick(rng *r, size_t n) { return n ? (size_t)(rnd(r) % n) : 0; }

/* 1 with probability per_mille / 1000. */
static int chance(rng *r, unsigned per_mille) { return rnd(r) % 1000 < per_mille; }

static void die(const char *what) {
    fprintf(stderr, "micic_gen: %s\n", what);
    exit(2);
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n);
    if (!p) die("out of memory");
    return p;
}

static char *xstrndup(const char *s, size_t n) {
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ------------------------------------------------------------------ */
/* Sentence pools                                                       */
/* ------------------------------------------------------------------ */

typedef struct pool {
    char **s;
    size_t n, cap;
} pool;

static void pool_add(pool *p, char *s) {
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->s = xrealloc(p->s, p->cap * sizeof *p->s);
    }
    p->s[p->n++] = s;
}

static size_t count_words(const char *s, size_t n) {
    size_t w = 0, i;
    int in = 0;
    for (i = 0; i < n; i++) {
        int alpha = isalpha((unsigned char)s[i]) || ((unsigned char)s[i] & 0x80);
        if (alpha && !in) w++;
        in = alpha;
    }
    return w;
}

/* Split one paragraph (a line of prose) into sentences of 6+ words, 40-400
 * bytes, and add them (trimmed) to @p out. A sentence ends at ". ", "? "
 * or "! " followed by an upper-case letter or a quote, or at the end. */
static void split_sentences(const char *line, size_t len, pool *out) {
    size_t start = 0, i;
    for (i = 0; i <= len; i++) {
        int end = i == len;
        if (!end && (line[i] == '.' || line[i] == '?' || line[i] == '!') && i + 2 < len &&
            line[i + 1] == ' ' &&
            (isupper((unsigned char)line[i + 2]) || line[i + 2] == '"' ||
             (unsigned char)line[i + 2] == 0xE2))
            end = 1, i++;
        if (end) {
            size_t a = start, b = i;
            while (a < b && isspace((unsigned char)line[a])) a++;
            while (b > a && isspace((unsigned char)line[b - 1])) b--;
            if (b - a >= 40 && b - a <= 400 && count_words(line + a, b - a) >= 6 &&
                isupper((unsigned char)line[a]) && strchr(".?!", line[b - 1]))
                pool_add(out, xstrndup(line + a, b - a));
            start = i + 1;
        }
    }
}

/* Every prose line (60+ bytes, no "Label:" start) of a text. */
static void split_text(const char *text, pool *out) {
    const char *p = text ? text : "";
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len >= 60) split_sentences(p, len, out);
        if (!eol) break;
        p = eol + 1;
    }
}

static char *read_whole(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    if (!f) return NULL;
    do {
        if (cap - n < 65536) {
            cap = cap ? 2 * cap : 131072;
            buf = xrealloc(buf, cap + 1);
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lower-cased 5-letter prefixes of the 5+-letter words of a text. */
static size_t keywords(const char *text, char kw[][6], size_t max) {
    size_t n = 0;
    const char *p = text;
    while (*p && n < max) {
        const char *w = p;
        while (*p && isalpha((unsigned char)*p)) p++;
        if (p - w >= 5) {
            size_t k;
            for (k = 0; k < 5; k++) kw[n][k] = (char)tolower((unsigned char)w[k]);
            kw[n][5] = '\0';
            /* "migrants" is in every title: it tells nothing */
            if (strcmp(kw[n], "migra") != 0 && strcmp(kw[n], "crise") != 0 &&
                strcmp(kw[n], "crisi") != 0)
                n++;
        }
        while (*p && !isalpha((unsigned char)*p)) p++;
    }
    return n;
}

static size_t overlap(const char *sentence, char kw[][6], size_t nkw) {
    char sk[128][6];
    size_t ns = keywords(sentence, sk, 128), i, j, hits = 0;
    for (j = 0; j < nkw; j++)
        for (i = 0; i < ns; i++)
            if (strcmp(sk[i], kw[j]) == 0) {
                hits++;
                break;
            }
    return hits;
}

typedef struct pools {
    pool all;       /* every sentence that copies no guideline text */
    pool by_g[16];  /* those of guideline g (1..15) */
    pool copied;    /* sentences that copy a guideline text (12+ words) */
} pools;

/* 1 when micic_validate_practice() finds 12+ consecutive words of a
 * guideline's text or Sample Practice in @p s ("guideline-text-in-description"):
 * such sentences are used sparingly, as real records rarely copy the
 * Guidelines. */
static int copies_guideline(const char *s) {
    micic_practice *p = micic_practice_new();
    micic_report *r = micic_report_new();
    int found;
    if (!p || !r) die("out of memory");
    if (micic_practice_add(p, MICIC_FIELD_DESCRIPTION, s, s, NULL, 0, 0, NULL) != MICIC_OK ||
        micic_practice_add(p, MICIC_FIELD_KIND, MICIC_KIND_REPORTED, NULL, NULL, 0, 0, NULL) !=
            MICIC_OK ||
        micic_validate_practice(p, -1, NULL, r, NULL) != MICIC_OK)
        die("validation of a seed sentence failed");
    found = micic_report_count_code(r, micic_code_from_name("guideline-text-in-description")) > 0;
    micic_report_free(r);
    micic_practice_free(p);
    return found;
}

/* Add @p s to @p to (and to the pool of all sentences) unless it copies a
 * guideline text; then it goes to the "copied" pool only. */
static void add_sentence(pools *P, pool *to, char *s) {
    if (copies_guideline(s)) {
        pool_add(&P->copied, s);
        return;
    }
    if (to) pool_add(to, s);
    pool_add(&P->all, s);
}

static void build_pools(const char *seeds_dir, pools *P) {
    DIR *d = opendir(seeds_dir);
    struct dirent *e;
    pool names = {0}, seed = {0};
    char kw[16][64][6];
    size_t nkw[16], i, g;
    if (!d) die("cannot open the seeds directory");
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0)
            pool_add(&names, xstrndup(e->d_name, len));
    }
    closedir(d);
    if (names.n == 0) die("no *.txt seed documents");
    qsort(names.s, names.n, sizeof *names.s, cmp_str);
    for (i = 0; i < names.n; i++) {
        char path[4096];
        char *text;
        snprintf(path, sizeof path, "%s/%s", seeds_dir, names.s[i]);
        text = read_whole(path);
        if (!text) die("cannot read a seed document");
        split_text(text, &seed);
        free(text);
        free(names.s[i]);
    }
    free(names.s);
    for (g = 1; g <= 15; g++) {
        const micic_guideline *gl = micic_guideline_get((int)g);
        char head[1024];
        size_t k;
        snprintf(head, sizeof head, "%s %s", micic_guideline_title(gl),
                 micic_guideline_theme(gl));
        nkw[g] = keywords(head, kw[g], 64);
        /* the catalogue's own text and Sample Practices of guideline g */
        {
            pool own = {0};
            split_text(micic_guideline_text(gl), &own);
            for (k = 0; k < micic_guideline_sample_count(gl); k++)
                split_text(micic_guideline_sample(gl, k), &own);
            for (k = 0; k < own.n; k++) add_sentence(P, &P->by_g[g], own.s[k]);
            free(own.s);
        }
    }
    /* a seed sentence joins the pool of the one guideline whose title and
     * theme words it shares most (ties: none) */
    for (i = 0; i < seed.n; i++) {
        size_t best = 0, best_g = 0, ties = 0;
        for (g = 1; g <= 15; g++) {
            size_t o = overlap(seed.s[i], kw[g], nkw[g]);
            if (o > best) best = o, best_g = g, ties = 0;
            else if (o == best) ties++;
        }
        add_sentence(P, best >= 1 && ties == 0 ? &P->by_g[best_g] : NULL, seed.s[i]);
    }
    free(seed.s);
    /* every guideline also gets its title and known variant wordings as
     * sentences ("The practice helps to track information on ...") */
    for (g = 1; g <= 15; g++) {
        const micic_guideline *gl = micic_guideline_get((int)g);
        size_t k, nv = micic_guideline_variant_count(gl);
        for (k = 0; k <= nv; k++) {
            const char *t = k == 0 ? micic_guideline_title(gl) : micic_guideline_variant(gl, k - 1);
            char buf[512];
            int w = snprintf(buf, sizeof buf, "The practice helps to %c%s.",
                             tolower((unsigned char)t[0]), t + 1);
            if (w > 0 && (size_t)w < sizeof buf) pool_add(&P->by_g[g], xstrndup(buf, (size_t)w));
        }
    }
}

/* ------------------------------------------------------------------ */
/* Records                                                              */
/* ------------------------------------------------------------------ */

static const char *const org_names[] = {
    "International Organization for Migration (IOM)",
    "International Labour Organization (ILO)",
    "United Nations Development Programme (UNDP)",
    "Joint Migration and Development Initiative (JMDI)",
    "United Nations High Commissioner for Refugees (UNHCR)",
    "International Federation of Red Cross and Red Crescent Societies (IFRC)",
    "International Committee of the Red Cross (ICRC)",
    "European Union (EU)",
    "Economic Community of West African States (ECOWAS)",
    "Association of Southeast Asian Nations (ASEAN)",
    "Migrant Forum in Asia",
    "Caritas Internationalis",
    "World Food Programme (WFP)",
    "United Nations Children's Fund (UNICEF)",
    "Philippine Overseas Employment Administration (POEA)",
};
static const char *const org_kinds[] = {
    "Ministry of Foreign Affairs of", "Embassy of", "Ministry of Labour of",
    "National Disaster Management Agency of", "Red Cross Society of",
};
static const char *const extra_needs[] = {
    "Access to health care", "Documentation", "Shelter", "Legal assistance",
    "Psychosocial support", "Cash assistance",
};
static const char *const title_heads[] = {
    "Programme", "Project", "Initiative", "Network", "Guidance", "Mechanism", "Campaign",
};

typedef struct gen {
    rng r;
    pools P;
    size_t ncountries;
    char **descs;      /* descriptions of recent records, for duplicates */
    size_t ndescs;
    size_t faults[8];  /* injected faults by kind */
    size_t duplicates;
    size_t copied;     /* records given a sentence of a guideline text */
} gen;

#define N_FAULTS 8
static const char *const fault_names[N_FAULTS] = {
    "misspelled-crisis", "unknown-type", "unknown-country", "guideline-16",
    "missing-description", "missing-phase", "bad-url", "misspelled-stakeholder-type",
};

static void add(micic_practice *p, micic_field f, const char *v) {
    micic_error err;
    if (micic_practice_add(p, f, v, v, NULL, 0, 0, &err) != MICIC_OK) die(err.text);
}

static const char *vocab_pick(gen *G, micic_vocab v) {
    return micic_vocab_label(v, pick(&G->r, micic_vocab_size(v)));
}

/* Swap two inner letters: "Conflict" -> "Conflcit". */
static void misspell(const char *in, char *out, size_t cap) {
    size_t n = strlen(in), i;
    snprintf(out, cap, "%s", in);
    if (n < 5) return;
    i = n - 3;
    out[i] = in[i + 1];
    out[i + 1] = in[i];
}

static const char *country_name(gen *G) {
    return micic_country_name(micic_country_at(pick(&G->r, G->ncountries)));
}

static micic_practice *make_record(gen *G, size_t idx) {
    micic_practice *p = micic_practice_new();
    char buf[8192], tmp[256];
    int g = 1 + (int)pick(&G->r, 15), g2 = 0, fault = -1;
    size_t n, i, len;
    const micic_guideline *gl = micic_guideline_get(g);
    const char *country1;
    if (!p) die("out of memory");
    if (chance(&G->r, 10)) fault = (int)pick(&G->r, N_FAULTS);
    if (fault >= 0) G->faults[fault]++;

    snprintf(tmp, sizeof tmp, "B%07zu", idx + 1);
    add(p, MICIC_FIELD_ID, tmp);
    /* guidelines: one, sometimes a second of the same phase */
    if (chance(&G->r, 200)) {
        micic_phase ph = micic_guideline_phase(gl);
        do g2 = 1 + (int)pick(&G->r, 15);
        while (g2 == g || micic_guideline_phase(micic_guideline_get(g2)) != ph);
    }
    country1 = chance(&G->r, 80) ? "Global" : country_name(G);
    snprintf(buf, sizeof buf, "%s on %s for %s in %s", title_heads[pick(&G->r, 7)],
             micic_guideline_theme(gl),
             micic_vocab_label(MICIC_VOCAB_POPULATION,
                               pick(&G->r, micic_vocab_size(MICIC_VOCAB_POPULATION))),
             country1);
    add(p, MICIC_FIELD_TITLE, buf);

    /* type of practice: 1-2 */
    n = 1 + chance(&G->r, 300);
    for (i = 0; i < n; i++) {
        const char *t = vocab_pick(G, MICIC_VOCAB_TYPE);
        if (i == 0 && fault == 1) t = "Capacity trainings";
        if (i == 1 && strcmp(t, micic_practice_first(p, MICIC_FIELD_TYPE)) == 0) continue;
        add(p, MICIC_FIELD_TYPE, t);
    }
    /* countries: 1-3 */
    add(p, MICIC_FIELD_COUNTRY, fault == 2 ? "Narnia" : country1);
    if (strcmp(country1, "Global") != 0) {
        n = pick(&G->r, 3);
        for (i = 0; i < n; i++) {
            const char *c = country_name(G);
            int dup = 0;
            size_t k;
            for (k = 0; k < micic_practice_count(p, MICIC_FIELD_COUNTRY); k++)
                if (strcmp(micic_practice_value(p, MICIC_FIELD_COUNTRY, k), c) == 0) dup = 1;
            if (!dup) add(p, MICIC_FIELD_COUNTRY, c);
        }
    }
    /* stakeholders: 1-3 names and their types */
    n = 1 + pick(&G->r, 3);
    for (i = 0; i < n; i++) {
        if (chance(&G->r, 600)) {
            add(p, MICIC_FIELD_STAKEHOLDER, org_names[pick(&G->r, 15)]);
        } else {
            snprintf(buf, sizeof buf, "%s %s", org_kinds[pick(&G->r, 5)], country_name(G));
            add(p, MICIC_FIELD_STAKEHOLDER, buf);
        }
    }
    n = 1 + chance(&G->r, 350);
    for (i = 0; i < n; i++) {
        const char *t = vocab_pick(G, MICIC_VOCAB_STAKEHOLDER_TYPE);
        if (i == 1 && strcmp(t, micic_practice_first(p, MICIC_FIELD_STAKEHOLDER_TYPE)) == 0)
            continue;
        if (i == 0 && fault == 7) {
            misspell(t, tmp, sizeof tmp);
            add(p, MICIC_FIELD_STAKEHOLDER_TYPE, tmp);
        } else {
            add(p, MICIC_FIELD_STAKEHOLDER_TYPE, t);
        }
    }
    /* crisis: 1-2 */
    {
        const char *c = vocab_pick(G, MICIC_VOCAB_CRISIS);
        if (fault == 0) {
            misspell(c, tmp, sizeof tmp);
            add(p, MICIC_FIELD_CRISIS, tmp);
        } else {
            add(p, MICIC_FIELD_CRISIS, c);
        }
        if (chance(&G->r, 250)) {
            const char *c2 = vocab_pick(G, MICIC_VOCAB_CRISIS);
            if (strcmp(c2, c) != 0) add(p, MICIC_FIELD_CRISIS, c2);
        }
    }
    if (fault != 5) add(p, MICIC_FIELD_PHASE, micic_phase_label(micic_guideline_phase(gl)));
    /* description: 1-2 sentences of the guideline, 2-4 of anything, shuffled */
    if (fault != 4) {
        const char *sent[6];
        size_t own = 1 + pick(&G->r, 2), any = 2 + pick(&G->r, 3), k;
        for (k = 0; k < own; k++) sent[k] = G->P.by_g[g].s[pick(&G->r, G->P.by_g[g].n)];
        for (; k < own + any; k++) sent[k] = G->P.all.s[pick(&G->r, G->P.all.n)];
        /* 1% copy a sentence of a guideline's text (a warning) */
        if (G->P.copied.n && chance(&G->r, 10)) {
            sent[own] = G->P.copied.s[pick(&G->r, G->P.copied.n)];
            G->copied++;
        }
        for (k = own + any; k > 1; k--) {
            size_t j = pick(&G->r, k);
            const char *t = sent[k - 1];
            sent[k - 1] = sent[j];
            sent[j] = t;
        }
        len = 0;
        buf[0] = '\0';
        for (k = 0; k < own + any; k++) {
            /* a paragraph break now and then */
            const char *sep = k == 0 ? "" : (chance(&G->r, 150) ? "\n\n" : " ");
            int w = snprintf(buf + len, sizeof buf - len, "%s%s", sep, sent[k]);
            if (w < 0 || (size_t)w >= sizeof buf - len) break;
            len += (size_t)w;
        }
        if (G->ndescs > 0 && chance(&G->r, 2)) {
            snprintf(buf, sizeof buf, "%s", G->descs[pick(&G->r, G->ndescs)]);
            G->duplicates++;
        }
        add(p, MICIC_FIELD_DESCRIPTION, buf);
        if (G->ndescs < 512) G->descs[G->ndescs++] = xstrndup(buf, strlen(buf));
        else {
            size_t j = pick(&G->r, 512);
            free(G->descs[j]);
            G->descs[j] = xstrndup(buf, strlen(buf));
        }
    }
    if (fault == 6) {
        snprintf(buf, sizeof buf, "http//www.example.org/practices/%zu", idx + 1);
        add(p, MICIC_FIELD_LINK, buf);
    } else if (chance(&G->r, 500)) {
        snprintf(buf, sizeof buf, "https://www.example.org/practices/%zu", idx + 1);
        add(p, MICIC_FIELD_LINK, buf);
    }
    snprintf(tmp, sizeof tmp, "%d", fault == 3 ? 16 : g);
    add(p, MICIC_FIELD_GUIDELINE, tmp);
    if (g2) {
        snprintf(tmp, sizeof tmp, "%d", g2);
        add(p, MICIC_FIELD_GUIDELINE, tmp);
    }
    add(p, MICIC_FIELD_THEME, micic_guideline_theme(gl));
    if (g2) add(p, MICIC_FIELD_THEME, micic_guideline_theme(micic_guideline_get(g2)));
    if (chance(&G->r, 400))
        add(p, MICIC_FIELD_POPULATION, vocab_pick(G, MICIC_VOCAB_POPULATION));
    if (chance(&G->r, 300))
        add(p, MICIC_FIELD_NEED, chance(&G->r, 500) ? vocab_pick(G, MICIC_VOCAB_NEED)
                                                   : extra_needs[pick(&G->r, 6)]);
    if (chance(&G->r, 300)) add(p, MICIC_FIELD_SOURCE, vocab_pick(G, MICIC_VOCAB_SOURCE));
    add(p, MICIC_FIELD_KIND, MICIC_KIND_REPORTED);
    return p;
}

/* Append the text of @p c in @p fmt to @p f; @p skip_header drops the CSV
 * header of every chunk after the first. For JSON, the chunk's JSON Lines
 * become array elements. */
static void write_chunk(const micic_corpus *c, micic_format fmt, FILE *f, int first) {
    micic_write_options wo = MICIC_WRITE_OPTIONS_INIT;
    micic_error err;
    char *text = NULL;
    const char *body;
    wo.pretty = 0;
    if (micic_write_buffer(c, fmt == MICIC_FORMAT_JSON ? MICIC_FORMAT_JSONL : fmt, &wo, &text,
                           &err) != MICIC_OK)
        die(err.text);
    body = text;
    if (fmt == MICIC_FORMAT_CSV && !first) {
        body = strchr(text, '\n');
        body = body ? body + 1 : text + strlen(text);
    }
    if (fmt == MICIC_FORMAT_JSON) {
        /* one object per line: separate with ",\n" */
        const char *p = body;
        while (*p) {
            const char *eol = strchr(p, '\n');
            size_t len = eol ? (size_t)(eol - p) : strlen(p);
            if (len) {
                fputs(first ? "[\n" : ",\n", f);
                first = 0;
                fwrite(p, 1, len, f);
            }
            if (!eol) break;
            p = eol + 1;
        }
    } else {
        fputs(body, f);
    }
    micic_free(text);
}

int main(int argc, char **argv) {
    gen G;
    size_t n, done = 0, i, chunk = 20000;
    char path[4096];
    FILE *csv, *jsonl, *json, *meta;
    if (argc < 4) {
        fputs("usage: micic_gen N OUTDIR SEEDS_DIR [SEED]\n", stderr);
        return 2;
    }
    memset(&G, 0, sizeof G);
    n = (size_t)strtoull(argv[1], NULL, 10);
    G.r.s = argc > 4 ? strtoull(argv[4], NULL, 10) : 20240917ULL;
    if (G.r.s == 0) G.r.s = 1;
    G.ncountries = micic_country_count();
    G.descs = xrealloc(NULL, 512 * sizeof *G.descs);
    build_pools(argv[3], &G.P);
#define OPEN(var, name)                                          \
    snprintf(path, sizeof path, "%s/%s", argv[2], name);         \
    var = fopen(path, "wb");                                     \
    if (!var) die("cannot create an output file");
    OPEN(csv, "records.csv")
    OPEN(jsonl, "records.jsonl")
    OPEN(json, "records.json")
    OPEN(meta, "gen.json")
#undef OPEN
    while (done < n || done == 0) {
        micic_corpus *c = micic_corpus_new();
        micic_error err;
        size_t m = n - done < chunk ? n - done : chunk;
        if (!c) die("out of memory");
        for (i = 0; i < m; i++)
            if (micic_corpus_add(c, make_record(&G, done + i), &err) != MICIC_OK) die(err.text);
        write_chunk(c, MICIC_FORMAT_CSV, csv, done == 0);
        write_chunk(c, MICIC_FORMAT_JSONL, jsonl, done == 0);
        write_chunk(c, MICIC_FORMAT_JSON, json, done == 0);
        micic_corpus_free(c);
        done += m;
        if (m == 0) break;
    }
    fputs(n ? "\n]\n" : "[]\n", json);
    fprintf(meta, "{\"records\": %zu, \"sentences\": %zu, \"copied_sentences\": %zu, \"faults\": {",
            n, G.P.all.n, G.P.copied.n);
    for (i = 0; i < N_FAULTS; i++)
        fprintf(meta, "%s\"%s\": %zu", i ? ", " : "", fault_names[i], G.faults[i]);
    fprintf(meta, "}, \"duplicate_descriptions\": %zu, \"copied_guideline_text\": %zu, "
                  "\"guideline_pool_sizes\": [", G.duplicates, G.copied);
    for (i = 1; i <= 15; i++) fprintf(meta, "%s%zu", i > 1 ? ", " : "", G.P.by_g[i].n);
    fputs("]}\n", meta);
    if (fclose(csv) || fclose(jsonl) || fclose(json) || fclose(meta)) die("write error");
    for (i = 0; i < G.ndescs; i++) free(G.descs[i]);
    free(G.descs);
    return 0;
}
