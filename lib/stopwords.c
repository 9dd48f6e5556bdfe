/*
 * The English stopword list used by the tokenizer (lib/tokenize.h): the
 * Snowball project's English stop list (snowballstem.org, english/stop.txt),
 * kept here as data in one place. The words are folded (lower case,
 * straight apostrophes) and sorted by byte value (C locale) so that
 * micic__is_stopword() can binary-search them; tests/test_tokenize.c
 * checks the order. To change the list, edit this array and keep it sorted.
 */
#include <string.h>

#include "tokenize.h"

static const char *const stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am",
    "an", "and", "any", "are", "aren't", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can't", "cannot", "could", "couldn't", "did", "didn't", "do",
    "does", "doesn't", "doing", "don't", "down", "during", "each", "few",
    "for", "from", "further", "had", "hadn't", "has", "hasn't", "have",
    "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here",
    "here's", "hers", "herself", "him", "himself", "his", "how", "how's",
    "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into",
    "is", "isn't", "it", "it's", "its", "itself", "let's", "me",
    "more", "most", "mustn't", "my", "myself", "no", "nor", "not",
    "of", "off", "on", "once", "only", "or", "other", "ought",
    "our", "ours", "ourselves", "out", "over", "own", "same", "shan't",
    "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some",
    "such", "than", "that", "that's", "the", "their", "theirs", "them",
    "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll",
    "they're", "they've", "this", "those", "through", "to", "too", "under",
    "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll",
    "we're", "we've", "were", "weren't", "what", "what's", "when", "when's",
    "where", "where's", "which", "while", "who", "who's", "whom", "why",
    "why's", "with", "won't", "would", "wouldn't", "you", "you'd", "you'll",
    "you're", "you've", "your", "yours", "yourself", "yourselves",
};

#define N_STOPWORDS (sizeof stopwords / sizeof stopwords[0])

size_t micic__stopword_count(void) { return N_STOPWORDS; }

const char *micic__stopword_at(size_t i) { return i < N_STOPWORDS ? stopwords[i] : NULL; }

/* Compare the counted string s[0..n) (no NUL inside) with the
 * NUL-terminated w, byte-wise. */
static int cmp_counted(const char *s, size_t n, const char *w) {
    int c = strncmp(s, w, n);
    if (c) return c;
    return w[n] ? -1 : 0; /* s is a prefix of w, or equal */
}

int micic__is_stopword(const char *folded, size_t len) {
    size_t lo = 0, hi = N_STOPWORDS;
    if (!folded || len == 0 || len > 10) return 0; /* longest stopword: "yourselves" */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_counted(folded, len, stopwords[mid]);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}
