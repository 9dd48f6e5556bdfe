/* The query language (lib/query.c): parsing, normalization of facet
 * values, canonical text, every class of syntax error with its column, and
 * the one-record matcher. */
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
#include "query_internal.h"

/* Parse q and return its canonical text (caller frees with micic_free). */
static char *canon(const char *text) {
    micic_query *q = NULL;
    micic_error err;
    char *s;
    int rc = micic_query_parse(text, &q, &err);
    if (rc != MICIC_OK) fprintf(stderr, "parse '%s': %s (column %d)\n", text, err.text, err.column);
    assert_int_equal(rc, MICIC_OK);
    assert_int_equal(err.code, 0);
    s = micic_query_to_string(q);
    assert_non_null(s);
    micic_query_free(q);
    return s;
}

static void expect_canon(const char *text, const char *expected) {
    char *s = canon(text), *again;
    assert_string_equal(s, expected);
    /* the canonical text parses to itself */
    again = canon(s);
    assert_string_equal(again, s);
    micic_free(again);
    micic_free(s);
}

/* Parsing fails with @p code at @p column, the message containing @p part. */
static void expect_error_code(const char *text, int code, int column, const char *part) {
    micic_query *q = (micic_query *)0x1;
    micic_error err;
    int rc = micic_query_parse(text, &q, &err);
    if (rc != code || err.column != column || (part && !strstr(err.text, part)))
        fprintf(stderr, "query '%.60s': rc %d column %d: %s\n", text, rc, err.column, err.text);
    assert_int_equal(rc, code);
    assert_null(q);
    assert_int_equal(err.code, code);
    assert_int_equal(err.column, column);
    if (part) assert_non_null(strstr(err.text, part));
}

static void expect_error(const char *text, int column, const char *part) {
    expect_error_code(text, MICIC_EQUERY, column, part);
}

static int ranked(const char *text) {
    micic_query *q = NULL;
    int r;
    assert_int_equal(micic_query_parse(text, &q, NULL), MICIC_OK);
    r = micic_query_is_ranked(q);
    micic_query_free(q);
    return r;
}

static void test_issue_example(void **state) {
    (void)state;
    expect_canon("guideline:14 crisis:conflict (phase:\"post-crisis action\" OR phase:emergency) "
                 "NOT country:LBY evacuation",
                 "guideline:14 AND crisis:Conflict AND (phase:\"Post-Crisis Action\" OR "
                 "phase:\"Emergency Response\") AND NOT country:Libya AND evacuation");
    assert_true(ranked("guideline:14 crisis:conflict NOT country:LBY evacuation"));
}

static void test_facet_normalization(void **state) {
    (void)state;
    /* phases: label, synonym, hyphen/space/case tolerant */
    expect_canon("phase:\"post crisis\"", "phase:\"Post-Crisis Action\"");
    expect_canon("phase:Post-crisis", "phase:\"Post-Crisis Action\"");
    expect_canon("PHASE:pre-crisis", "phase:\"Crisis Preparedness\"");
    /* guideline by number, heading or title */
    expect_canon("guideline:14", "guideline:14");
    expect_canon("guideline:\"GUIDELINE 14: Address migrants' immediate needs and support "
                 "migrants to rebuild lives\"",
                 "guideline:14");
    expect_canon("guideline:\"Relocate and evacuate migrants when needed\"", "guideline:13");
    /* countries by name, alpha-2, alpha-3, any case */
    expect_canon("country:LBY", "country:Libya");
    expect_canon("country:ly", "country:Libya");
    expect_canon("country:libya", "country:Libya");
    expect_canon("country:Global", "country:Global");
    /* theme by label */
    expect_canon("theme:\"capacity building\"", "theme:\"Capacity building\"");
    /* closed vocabularies: a sure lookup, or the leading words of one label */
    expect_canon("crisis:conflict", "crisis:Conflict");
    expect_canon("crisis:natural", "crisis:\"Natural Disaster\"");
    expect_canon("type:training", "type:\"Training and capacity building\"");
    expect_canon("kind:reported", "kind:\"Reported Practice\"");
    expect_canon("stakeholder_type:\"international organizations\"",
                 "stakeholder_type:\"International Organizations\"");
    /* open facets keep the value (vocabulary label when it is one) */
    expect_canon("stakeholder:IOM", "stakeholder:IOM");
    expect_canon("population:\"Stranded migrants\"", "population:\"stranded migrants\"");
    expect_canon("id:P12", "id:P12");
    expect_canon("title:\"post evacuation\"", "title:\"post evacuation\"");
}

static void test_precedence(void **state) {
    micic_query *q = NULL;
    (void)state;
    /* NOT > AND > OR; implicit AND */
    expect_canon("x OR b c", "x OR b AND c");
    expect_canon("x b OR c", "x AND b OR c");
    expect_canon("(x OR b) c", "(x OR b) AND c");
    expect_canon("NOT x b", "NOT x AND b");
    expect_canon("NOT (x b)", "NOT (x AND b)");
    expect_canon("x AND (b OR c) OR NOT d", "x AND (b OR c) OR NOT d");
    expect_canon("((x))", "x");
    expect_canon("x AND b AND (c AND d)", "x AND b AND c AND d");
    /* lower-case and/or/not are words (stopwords: dropped) */
    expect_canon("evacuation or relocation", "evacuation AND relocation");
    expect_canon("migrants and NOT refugees", "migrants AND NOT refugees");
    /* phrases and quoting */
    expect_canon("\"emergency  evacuation\"", "\"emergency  evacuation\"");
    expect_canon("\"say \\\"hi\\\" now\"", "\"say \\\"hi\\\" now\"");
    expect_canon("\xe2\x80\x9c" "curly quotes" "\xe2\x80\x9d", "\"curly quotes\"");
    /* structure: OR at the root with an AND on the right */
    assert_int_equal(micic_query_parse("x OR b c", &q, NULL), MICIC_OK);
    assert_int_equal(q->root->kind, MICIC_QN_OR);
    assert_int_equal(q->root->nkids, 2);
    assert_int_equal(q->root->kids[0]->kind, MICIC_QN_WORD);
    assert_int_equal(q->root->kids[1]->kind, MICIC_QN_AND);
    micic_query_free(q);
    /* terms of a phrase with relative positions (stopwords keep their gap) */
    assert_int_equal(micic_query_parse("\"migrants in crisis\"", &q, NULL), MICIC_OK);
    assert_int_equal(q->root->nterms, 2);
    assert_string_equal(q->root->terms[0], "migrant");
    assert_string_equal(q->root->terms[1], "crisi");
    assert_int_equal(q->root->rel[1], 2);
    micic_query_free(q);
    /* a hyphenated word is a phrase of its parts */
    assert_int_equal(micic_query_parse("post-crisis", &q, NULL), MICIC_OK);
    assert_int_equal(q->root->nterms, 2);
    assert_int_equal(q->root->rel[1], 1);
    micic_query_free(q);
}

static void test_ranked(void **state) {
    (void)state;
    assert_true(ranked("evacuation"));
    assert_true(ranked("\"post evacuation\""));
    assert_false(ranked("guideline:14"));
    assert_false(ranked("guideline:14 NOT evacuation"));
    assert_true(ranked("NOT NOT evacuation"));
    assert_true(ranked("guideline:14 OR evacuation"));
    assert_false(ranked("title:evacuation"));
    assert_false(micic_query_is_ranked(NULL));
    assert_null(micic_query_to_string(NULL));
    micic_query_free(NULL);
}

static void test_errors_structure(void **state) {
    char big[MICIC_QUERY_MAX_BYTES + 2];
    char deep[200];
    int i;
    (void)state;
    /* empty */
    expect_error("", 1, "empty query");
    expect_error("   ", 1, "empty query");
    /* unbalanced parentheses */
    expect_error("(evacuation", 1, "expected ')' to close '(' at column 1");
    expect_error("a (b OR c", 3, "expected ')' to close '(' at column 3");
    expect_error("evacuation)", 11, "unexpected ')'");
    /* columns count characters, not bytes: "\u00e9vacuation" is 10 characters, 11 bytes */
    expect_error("\xc3\xa9vacuation (b", 12, "expected ')' to close '(' at column 12");
    expect_error(")", 1, "unexpected ')'");
    expect_error("()", 1, "empty parentheses");
    expect_error("a ( ", 3, "after '('");
    /* unterminated quote */
    expect_error("\"open phrase", 1, "unterminated quote");
    expect_error("a \"b", 3, "unterminated quote");
    expect_error("phase:\"post", 7, "unterminated quote");
    /* operators without operands */
    expect_error("AND", 1, "'AND' at column 1 needs a term before it");
    expect_error("AND evacuation", 1, "before");
    expect_error("OR a", 1, "'OR' at column 1 needs a term before it");
    expect_error("evacuation AND", 12, "'AND' at column 12 needs a term after it");
    expect_error("a OR", 3, "'OR' at column 3 needs a term after it");
    expect_error("NOT", 1, "'NOT' at column 1 needs a term after it");
    expect_error("a NOT", 3, "'NOT' at column 3 needs a term after it");
    expect_error("a AND OR b", 3, "'AND' at column 3 needs a term after it");
    expect_error("a OR )", 3, "found ')'");
    expect_error("(OR a)", 2, "'OR' at column 2 needs a term before it");
    /* too long */
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect_error(big, MICIC_QUERY_MAX_BYTES + 1, "too long");
    big[MICIC_QUERY_MAX_BYTES] = '\0'; /* exactly the limit is fine */
    expect_canon(big, big);
    /* too deep: 33 nested parentheses; 32 are fine */
    for (i = 0; i < 33; i++) deep[i] = '(';
    deep[33] = 'x';
    for (i = 0; i < 33; i++) deep[34 + i] = ')';
    deep[67] = '\0';
    expect_error(deep, 33, "nested too deeply");
    deep[32] = 'x'; /* 32 levels: fine */
    deep[33] = '\0';
    for (i = 0; i < 32; i++) strcat(deep, ")");
    expect_canon(deep, "x");
    /* NOT chains count towards the depth */
    deep[0] = '\0';
    for (i = 0; i < 33; i++) strcat(deep, "NOT ");
    strcat(deep, "a");
    expect_error(deep, 1 + 32 * 4, "nested too deeply");
    /* only stopwords */
    expect_error("the", 1, "no searchable words");
    expect_error("the OR of", 1, "no searchable words");
    /* invalid UTF-8: its own code, with the column */
    expect_error_code("abc\xff", MICIC_EUTF8, 4, "UTF-8");
}

static void test_errors_facets(void **state) {
    micic_query *q = NULL;
    micic_error err;
    (void)state;
    /* empty value */
    expect_error("country:", 1, "empty value");
    expect_error("country:\"\"", 1, "empty value");
    expect_error("evacuation country: LBY", 12, "after 'country:'");
    expect_error("stakeholder:\"()\"", 13, "no letters or digits");
    /* unknown field with a did-you-mean */
    expect_error("colour:red", 1, "unknown field 'colour'; did you mean 'country'?");
    expect_error("a contry:Libya", 3, "did you mean 'country'?");
    expect_error("stakeholdertype:state", 1, "did you mean 'stakeholder_type'?");
    expect_error("zzz:1", 1, "expected guideline, theme");
    expect_error("http://example.org", 1, "URL");
    /* closed vocabularies: unknown value, with a suggestion when one is close */
    expect_error("phase:banana", 7, "unknown phase 'banana'; expected one of 'Crisis Preparedness'");
    expect_error("crisis:conflit", 8, "did you mean 'Conflict'?");
    expect_error("a kind:\"reportd practice\"", 8, "did you mean 'Reported Practice'?");
    expect_error("stakeholder_type:\"state of\"", 18, "ambiguous");
    /* guideline */
    expect_error("guideline:16", 11, "from 1 to 15");
    expect_error("guideline:0", 11, "from 1 to 15");
    expect_error("guideline:banana", 11, "unknown guideline");
    /* country */
    expect_error("country:Phillipines", 9, "did you mean 'Philippines'");
    expect_error("country:Atlantis", 9, "unknown country");
    /* title/description need searchable words */
    expect_error("title:the", 7, "no searchable words");
    /* NULL arguments */
    assert_int_equal(micic_query_parse(NULL, &q, &err), MICIC_EINVAL);
    assert_int_equal(micic_query_parse("a", NULL, &err), MICIC_EINVAL);
    /* err may be NULL */
    assert_int_equal(micic_query_parse("(", &q, NULL), MICIC_EQUERY);
    assert_null(q);
}

/* ---- one-record matcher ------------------------------------------------ */

static micic_practice *make(const char *title, const char *desc, const char *country,
                            const char *stakeholder, const char *phase, const char *guideline) {
    micic_practice *p = micic_practice_new();
    assert_non_null(p);
    if (title) assert_int_equal(micic_practice_add(p, MICIC_FIELD_TITLE, title, NULL, NULL, 0, 0, NULL), 0);
    if (desc)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_DESCRIPTION, desc, NULL, NULL, 0, 0, NULL), 0);
    if (country)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_COUNTRY, country, NULL, NULL, 0, 0, NULL), 0);
    if (stakeholder)
        assert_int_equal(
            micic_practice_add(p, MICIC_FIELD_STAKEHOLDER, stakeholder, NULL, NULL, 0, 0, NULL), 0);
    if (phase) assert_int_equal(micic_practice_add(p, MICIC_FIELD_PHASE, phase, NULL, NULL, 0, 0, NULL), 0);
    if (guideline)
        assert_int_equal(micic_practice_add(p, MICIC_FIELD_GUIDELINE, guideline, NULL, NULL, 0, 0, NULL), 0);
    return p;
}

static int matches(const char *query, const micic_practice *p) {
    micic_query *q = NULL;
    int r;
    assert_int_equal(micic_query_parse(query, &q, NULL), MICIC_OK);
    r = micic__query_match(q, p);
    micic_query_free(q);
    assert_true(r >= 0);
    return r;
}

static void test_match_record(void **state) {
    micic_practice *p = make("Emergency evacuation of migrant workers",
                             "Buses took stranded migrants to the border.", "Libya",
                             "International Organization for Migration (IOM)", "Emergency",
                             "13");
    (void)state;
    assert_true(matches("evacuation", p));
    assert_true(matches("EVACUATED", p)); /* stemming */
    assert_true(matches("\"emergency evacuation\"", p));
    assert_false(matches("\"evacuation emergency\"", p));
    assert_true(matches("\"evacuation of migrant\"", p)); /* stopword gap kept */
    assert_false(matches("\"evacuation migrant\"", p));
    assert_true(matches("border country:LBY", p));
    assert_true(matches("country:ly phase:emergency guideline:13", p));
    assert_false(matches("NOT country:LBY", p));
    assert_true(matches("stakeholder:iom", p));          /* word-boundary substring */
    assert_true(matches("stakeholder:\"organization for migration\"", p));
    assert_false(matches("stakeholder:migr", p));        /* not inside a word */
    assert_true(matches("theme:\"relocation and evacuation\"", p)); /* from guideline 13 */
    assert_false(matches("theme:\"capacity building\"", p));
    assert_true(matches("title:evacuation", p));
    assert_false(matches("title:border", p));            /* in the description only */
    assert_true(matches("description:border", p));
    assert_true(matches("iom", p));                       /* stakeholder names are text */
    assert_false(matches("phase:\"post crisis\" OR crisis:conflict", p));
    assert_true(matches("(phase:\"post crisis\" OR evacuation) NOT refugees", p));
    micic_practice_free(p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_example),
        cmocka_unit_test(test_facet_normalization),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_ranked),
        cmocka_unit_test(test_errors_structure),
        cmocka_unit_test(test_errors_facets),
        cmocka_unit_test(test_match_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
