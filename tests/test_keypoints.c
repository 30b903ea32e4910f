/*
 * test_keypoints.c — the key-points stage: selection from body sentences only, count, reading
 * order, redundancy, boilerplate, safe compression, JSON fields, the briefing, bad input.
 * The stories are written for these tests in the style of wire copy.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "keypoints.h"

static const char *STORY =
    "(CNN) -- A powerful earthquake struck the coastal city of Port Mara early on Tuesday, killing at least 40 people "
    "and leaving thousands without power, officials said. "
    "The magnitude 7.1 quake hit at 4:12 a.m. local time, about 30 kilometers off the coast, according to the national "
    "seismic agency. "
    "Rescue teams searched collapsed buildings in the old town throughout the day. "
    "Meanwhile, the government declared a state of emergency in three provinces. "
    "\"We are doing everything we can,\" Interior Minister Clara Voss told reporters. "
    "Schools will remain closed until Friday. "
    "The port, which handles most of the country's grain exports, was damaged but is expected to reopen next week. "
    "Aftershocks continued into the evening. "
    "Neighboring countries offered to send rescue teams and medical supplies. "
    "The last major earthquake in the region, in 1998, killed more than 200 people.";

static json_t *keypoints_of(json_t *doc)
{
    json_t *kp = json_object_get(doc, "keypoints");
    assert_non_null(kp);
    assert_true(json_is_array(kp));
    return kp;
}

static void three_points_in_reading_order(void **state)
{
    (void)state;
    json_t *j = nm_test_json(STORY, "2025-03-04");
    json_t *kp = keypoints_of(j);
    assert_int_equal(json_array_size(kp), 3);
    json_t *sents = json_object_get(j, "sentences");
    const char *text = json_string_value(json_object_get(j, "text"));
    assert_non_null(text);
    long prev = -1;
    for (size_t i = 0; i < json_array_size(kp); i++) {
        json_t *k = json_array_get(kp, i);
        long s = (long)json_integer_value(json_object_get(k, "sentence"));
        assert_true(s > prev); /* reading order, no duplicates */
        prev = s;
        assert_true(s >= 0 && (size_t)s < json_array_size(sents));
        assert_true(json_is_number(json_object_get(k, "score")));
        /* start/end lie inside the sentence they come from */
        json_t *sj = json_array_get(sents, (size_t)s);
        long ss = (long)json_integer_value(json_object_get(sj, "start"));
        long se = (long)json_integer_value(json_object_get(sj, "end"));
        long ks = (long)json_integer_value(json_object_get(k, "start"));
        long ke = (long)json_integer_value(json_object_get(k, "end"));
        assert_true(ss <= ks && ks < ke && ke <= se);
        assert_true(strlen(json_string_value(json_object_get(k, "text"))) > 10);
    }
    /* the lede is the first key point, without its source marker and attribution tail */
    const char *first = json_string_value(json_object_get(json_array_get(kp, 0), "text"));
    assert_string_equal(first, "A powerful earthquake struck the coastal city of Port Mara early on Tuesday, killing at "
                               "least 40 people and leaving thousands without power.");
    json_decref(j);
}

/* The text of the compressed sentence number i of text. */
static char *compressed(const char *text, size_t i)
{
    nm_doc *d = nm_test_doc(text, NULL);
    uint32_t s = 0, seen = 0;
    for (s = 0; s < d->sents.n; s++)
        if (d->sents.v[s].body_index >= 0 && seen++ == i) break;
    assert_true(s < d->sents.n);
    const char *out;
    size_t len;
    uint32_t st, en;
    nm_kp_compress(d, s, &out, &len, &st, &en);
    assert_true(st >= d->sents.v[s].start && en <= d->sents.v[s].end && st < en);
    char *copy = strndup(out, len);
    nm_doc_free(d);
    return copy;
}

static void expect_compressed(const char *text, size_t i, const char *want)
{
    char *got = compressed(text, i);
    if (strcmp(got, want) != 0) print_message("  got: %s\n", got);
    assert_string_equal(got, want);
    free(got);
}

static void compression_removes_only_safe_material(void **state)
{
    (void)state;
    /* source marker and trailing attribution */
    expect_compressed("(CNN)The senate passed the budget bill late on Thursday after a long debate, the White House said on X.",
                      0, "The senate passed the budget bill late on Thursday after a long debate.");
    /* dateline with a colon, leading connective */
    expect_compressed("WASHINGTON: The talks ended. Meanwhile, the central bank held its key interest rate at 4.5 percent.",
                      1, "The central bank held its key interest rate at 4.5 percent.");
    /* a short parenthetical */
    expect_compressed("Quarterly profits at the media group rose 76% to $1.13bn (£600m) in the three months to December.",
                      0, "Quarterly profits at the media group rose 76% to $1.13bn in the three months to December.");
    /* "according to" tail */
    expect_compressed("At least 12 people were injured when the bridge collapsed on Sunday, according to local police.", 0,
                      "At least 12 people were injured when the bridge collapsed on Sunday.");
    /* a scare-quoted word is not quoted speech */
    expect_compressed("The president held a \"positive\" call with his counterpart on Monday, the White House said.", 0,
                      "The president held a \"positive\" call with his counterpart on Monday.");
    /* attribution in the middle of the sentence */
    expect_compressed("The two leaders spoke by phone on Monday, the Kremlin said, a day after the summit in Geneva.", 0,
                      "The two leaders spoke by phone on Monday, a day after the summit in Geneva.");
}

static void compression_removes_place_before_agency(void **state)
{
    (void)state;
    /* "Moscow (CNN)The ...": the place goes with the marker, not glued to the next word */
    expect_compressed("Moscow (CNN)The girlfriend of the slain opposition leader fears she will be blamed for his death.", 0,
                      "The girlfriend of the slain opposition leader fears she will be blamed for his death.");
    expect_compressed("Islamabad, Pakistan (CNN)Paramilitary forces raided the headquarters of the party before dawn.", 0,
                      "Paramilitary forces raided the headquarters of the party before dawn.");
    /* a longer source in brackets glued to the story's first word */
    expect_compressed("(The Hollywood Reporter)The studio has found a director for its new superhero film.", 0,
                      "The studio has found a director for its new superhero film.");
    /* a bracket after a name that is not a news agency: the name is the sentence's own subject
     * (only the short parenthetical goes) */
    expect_compressed("Senator John Harlow (R) voted against the spending bill on the floor of the chamber.", 0,
                      "Senator John Harlow voted against the spending bill on the floor of the chamber.");
}

/* Two sentences that share a three-word phrase: only one of them becomes a key point (trigram
 * blocking), even though their content words differ enough for the 70% test. */
static void trigram_blocking(void **state)
{
    (void)state;
    static const char *text =
        "The central bank of Norland raised its main interest rate to 5 percent on Thursday. "
        "The central bank of Norland last changed borrowing costs in a surprise move during the spring. "
        "Inflation in the country reached 7 percent in March, the highest level in two decades. "
        "Economists had expected the increase after weeks of strong data on wages and prices. "
        "Shares in the capital fell slightly after the announcement, while the currency gained. "
        "The finance ministry welcomed the decision in a brief statement.";
    json_t *j = nm_test_json(text, "2025-03-06");
    json_t *kp = keypoints_of(j);
    assert_true(json_array_size(kp) >= 2);
    int with_phrase = 0;
    for (size_t i = 0; i < json_array_size(kp); i++)
        if (strstr(json_string_value(json_object_get(json_array_get(kp, i), "text")), "central bank of Norland"))
            with_phrase++;
    assert_int_equal(with_phrase, 1);
    json_decref(j);
}

/* The novelty feature: the share of a sentence's content words used nowhere else in the article. */
static void novelty_feature(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Flooding closed the coastal highway near Dunmore on Sunday. "
                            "Flooding also closed the coastal railway near Dunmore. "
                            "A juggler entertained bored passengers with flaming torches.",
                            NULL);
    nm_kp_sentences ks;
    nm_kp_features(d, &ks);
    assert_int_equal(ks.n, 3);
    float first = ks.feats[0 * NM_KP_NFEAT + NM_KPF_novelty];
    float last = ks.feats[2 * NM_KP_NFEAT + NM_KPF_novelty];
    assert_true(last > 0.99f);        /* every content word is new */
    assert_true(first > 0.0f && first < 0.5f); /* flooding, closed, coastal, Dunmore recur */
    /* the position interactions follow their parts */
    assert_true(ks.feats[0 * NM_KP_NFEAT + NM_KPF_lead_len] > ks.feats[2 * NM_KP_NFEAT + NM_KPF_lead_len]);
    nm_doc_free(d);
}

static void compression_leaves_quotes_and_content(void **state)
{
    (void)state;
    /* quoted speech keeps its speaker: removing it would leave a dangling quotation */
    expect_compressed("\"We will rebuild every house in this town,\" the mayor said.", 0,
                      "\"We will rebuild every house in this town,\" the mayor said.");
    /* a clause that carries content is not an attribution */
    expect_compressed("The company cut 300 jobs last year, which analysts said was overdue.", 0,
                      "The company cut 300 jobs last year, which analysts said was overdue.");
    /* a quotation keeps its speaker and the speaker's verb */
    expect_compressed("\"The town woke up,\" the victim's father, Omar Reyes, told CNN in a phone interview.", 0,
                      "\"The town woke up,\" the victim's father, Omar Reyes, told CNN in a phone interview.");
    /* the verb's subject is earlier in the sentence: ", said Saturday" cannot go alone */
    expect_compressed("The driver was found in his car on July 13, Sgt. Ana Cole, a spokeswoman for the county police, "
                      "said Saturday.", 0,
                      "The driver was found in his car on July 13, Sgt. Ana Cole, a spokeswoman for the county police, "
                      "said Saturday.");
    /* a clause with a verb of its own is content, even when the verb is "posted" */
    expect_compressed("On a page run by the city council, several photos of the flood have been posted since Monday.", 0,
                      "On a page run by the city council, several photos of the flood have been posted since Monday.");
    /* reported speech with "that" is the claim itself */
    expect_compressed("Police said on Monday that the suspect had fled the country.", 0,
                      "Police said on Monday that the suspect had fled the country.");
}

static void only_body_sentences(void **state)
{
    (void)state;
    const char *text =
        "KEY POINTS\n"
        "- Floods hit the northern valley for the second week.\n"
        "- Thousands of residents were moved to shelters.\n"
        "\n"
        "Floods swept through the northern valley for a second week on Sunday, forcing thousands of residents from "
        "their homes. The river rose above its 1953 record level at the town of Elsby. Emergency crews built sandbag "
        "walls around the hospital and the water plant. The regional governor asked the army for help with "
        "evacuations. Forecasters expect more heavy rain on Wednesday.";
    json_t *j = nm_test_json(text, NULL);
    json_t *kp = keypoints_of(j);
    assert_true(json_array_size(kp) >= 2);
    for (size_t i = 0; i < json_array_size(kp); i++) {
        const char *t = json_string_value(json_object_get(json_array_get(kp, i), "text"));
        assert_null(strstr(t, "KEY POINTS"));
        assert_null(strstr(t, "Thousands of residents were moved"));
        assert_null(strstr(t, "Floods hit the northern valley"));
    }
    json_decref(j);
}

static void no_boilerplate_or_duplicates(void **state)
{
    (void)state;
    const char *text =
        "The city council approved a plan on Monday to build 2,000 affordable homes on the site of the old rail yard. "
        "The city council approved the plan on Monday to build 2,000 affordable homes on the old rail yard site. "
        "Construction is due to start next spring and take four years. "
        "Related: Council delays vote on rail yard . "
        "Opponents said the plan ignored traffic problems in the district. "
        "The mayor called the vote a turning point for the city. "
        "Copyright 2025 Example News. All Rights Reserved. "
        "CNN's Jane Roe contributed to this report.";
    nm_doc *d = nm_test_doc(text, NULL);
    const nm_keypoint_set *set = d->keypoints;
    assert_non_null(set);
    assert_int_equal(set->v.n, 3);
    int council = 0;
    for (size_t i = 0; i < set->v.n; i++) {
        const char *t = set->v.v[i].text;
        if (strstr(t, "city council approved")) council++;
        assert_null(strstr(t, "Rights Reserved"));
        assert_null(strstr(t, "contributed to this report"));
        assert_null(strstr(t, "Related:"));
    }
    assert_int_equal(council, 1);
    nm_doc_free(d);
}

static void short_and_empty_articles(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("A magnitude 4.2 earthquake shook the island on Monday. No damage was reported.", NULL);
    assert_non_null(d->keypoints);
    assert_true(d->keypoints->v.n >= 1 && d->keypoints->v.n <= 2);
    nm_doc_free(d);
    d = nm_test_doc("", NULL);
    assert_true(!d->keypoints || d->keypoints->v.n == 0);
    nm_doc_free(d);
    json_t *j = nm_test_json("", NULL);
    assert_int_equal(json_array_size(keypoints_of(j)), 0);
    json_decref(j);
}

static void huge_sentence_does_not_hang(void **state)
{
    (void)state;
    size_t n = 12000;
    char *text = malloc(n * 6 + 200);
    size_t o = 0;
    o += (size_t)sprintf(text, "The report was published on Monday. ");
    for (size_t i = 0; i < n; i++) o += (size_t)sprintf(text + o, "word, ");
    o += (size_t)sprintf(text + o, "end. The minister resigned on Tuesday. Parliament will vote on Friday.");
    nm_doc *d = nm_test_doc(text, NULL);
    assert_non_null(d->keypoints);
    for (size_t i = 0; i < d->keypoints->v.n; i++) assert_true(d->keypoints->v.v[i].text_len < 200);
    nm_doc_free(d);
    free(text);
}

static void briefing_shows_key_points_first(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, NULL);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(nm_doc_render(d, NM_FORMAT_TEXT, &out, &len), 0);
    const char *kp = strstr(out, "\nKey points\n");
    assert_non_null(kp);
    assert_non_null(strstr(kp, "1. A powerful earthquake struck"));
    /* no other stage section comes before it */
    const char *first_rule = strstr(out, "\n---");
    assert_true(first_rule == NULL || first_rule > kp);
    free(out);
    nm_doc_free(d);
}

static void model_file_parses(void **state)
{
    (void)state;
    nm_keypoint_model m;
    const char *txt = "# comment\nbias\t0.5\npos0\t-1.25\nno_such_feature\t3\n";
    assert_int_equal(nm_kp_model_parse(&m, txt, strlen(txt)), 0);
    assert_true(m.w[NM_KPF_bias] == 0.5);
    assert_true(m.w[NM_KPF_pos0] == -1.25);
    assert_true(m.w[NM_KPF_len_le8] == 0.0);
    assert_int_equal(nm_kp_model_parse(&m, "# nothing\n", 10), -1);
    assert_string_equal(nm_kp_feature_name(NM_KPF_centrality), "centrality");
}

static void seed_article_coverage(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = nm_test_read_file(nm_test_shared("seed/000_0969f0addae08510.txt"), &len);
    if (!text) skip();
    nm_doc *d = nm_test_doc(text, NULL);
    const nm_keypoint_set *set = d->keypoints;
    assert_non_null(set);
    assert_true(set->v.n >= 3 && set->v.n <= 5);
    int call = 0, drone = 0;
    for (size_t i = 0; i < set->v.n; i++) {
        const char *t = set->v.v[i].text;
        if (strstr(t, "call") && strstr(t, "Putin")) call = 1;
        if (strstr(t, "drone") || strstr(t, "residence")) drone = 1;
        assert_null(strstr(t, "KEY POINTS"));
    }
    assert_true(call);
    assert_true(drone);
    nm_doc_free(d);
    free(text);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(three_points_in_reading_order),
    cmocka_unit_test(compression_removes_only_safe_material),
    cmocka_unit_test(compression_leaves_quotes_and_content),
    cmocka_unit_test(compression_removes_place_before_agency),
    cmocka_unit_test(trigram_blocking),
    cmocka_unit_test(novelty_feature),
    cmocka_unit_test(only_body_sentences),
    cmocka_unit_test(no_boilerplate_or_duplicates),
    cmocka_unit_test(short_and_empty_articles),
    cmocka_unit_test(huge_sentence_does_not_hang),
    cmocka_unit_test(briefing_shows_key_points_first),
    cmocka_unit_test(model_file_parses),
    cmocka_unit_test(seed_article_coverage),
};

NM_TEST_GROUP(keypoints, tests)
