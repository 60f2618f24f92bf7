//! Safe for a parent alone (issue 22): the warning signs in every report and format, most
//! prominent when nothing is found; tiers that say whose ranking they are; no score-like
//! count in reports for people; nested factors listed once with what they include.

use crate::util;

use serde_json::Value;
use util::cp;

/// A term baby of normal weight: nothing present in either embedded set.
const NOTHING: &str = r#"{"gestational_age_weeks": 39, "birth_weight_grams": 3400}"#;

const SIGNS_EN: &str = "Whatever this list shows, see your child's doctor soon";
const SIGNS_ZH: &str = "无论清单结果如何";

fn screen(args: &[&str], stdin: &str) -> String {
    let run = cp().arg("screen").args(args).stdin(stdin).run();
    assert!(run.code <= 1, "{}", run.stderr);
    run.stdout
}

/// `text` with its wrapping undone: lines joined, indents dropped (Chinese lines are
/// joined without a space, as they were broken without one).
fn unwrapped(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            out.push_str("\n\n");
            continue;
        }
        let ends_wide = out.chars().last().is_some_and(|c| !c.is_ascii());
        let starts_wide = line.chars().next().is_some_and(|c| !c.is_ascii());
        if !(out.is_empty() || out.ends_with('\n') || ends_wide || starts_wide) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[test]
fn nothing_present_puts_the_warning_signs_right_after_the_nothing_found_line() {
    for (lang, nothing, signs, next) in [
        (
            "en",
            "could not be assessed because their answers are unknown or missing.",
            SIGNS_EN,
            "Not assessed (answer",
        ),
        (
            "zh-Hans",
            "因答案不清楚或未填写而无法评估。",
            SIGNS_ZH,
            "未评估（答案",
        ),
    ] {
        for set in ["cerebral-palsy", "evidence"] {
            let out = unwrapped(&screen(&["--lang", lang, "--rule-set", set], NOTHING));
            let at_nothing = out.find(nothing).expect(&out);
            let at_signs = out.find(signs).expect(&out);
            let between = &out[at_nothing + nothing.len()..at_signs];
            assert!(
                between.trim().is_empty(),
                "{lang} {set}: nothing between the line and the signs:\n{out}"
            );
            assert!(
                at_signs < out.find(next).expect(&out),
                "{lang} {set}:\n{out}"
            );
        }
    }
}

#[test]
fn a_factor_present_puts_the_warning_signs_after_the_factors() {
    let out = unwrapped(&screen(&[], r#"{"gestational_age_weeks": 30}"#));
    let at_factor = out.find("Born before 32 weeks").expect(&out);
    let at_signs = out.find(SIGNS_EN).expect(&out);
    let at_footer = out.find("Rules: cerebral-palsy@").expect(&out);
    assert!(at_factor < at_signs && at_signs < at_footer, "{out}");
}

#[test]
fn the_html_page_carries_the_warning_signs_after_nothing_found() {
    for (lang, nothing, signs) in [
        (
            "en",
            "No risk factor of this checklist was found in the answers.",
            "Whatever this list shows, see your child&#39;s doctor soon",
        ),
        (
            "zh-Hans",
            "在这些回答中，没有发现本清单中的任何危险因素。",
            SIGNS_ZH,
        ),
    ] {
        let out = screen(&["--lang", lang, "--format", "html"], NOTHING);
        let out = out.replace("&#x27;", "&#39;").replace('\'', "&#39;");
        let at_nothing = out.find(nothing).expect(&out);
        let at_signs = out.find(signs).expect(&out);
        let between = &out[at_nothing + nothing.len()..at_signs];
        assert_eq!(between, "</p><p class=\"warning\" role=\"note\">", "{lang}");
    }
}

#[test]
fn json_and_json_lines_carry_the_warning_signs_beside_the_notice() {
    for (lang, signs) in [("en", SIGNS_EN), ("zh-Hans", SIGNS_ZH)] {
        for format in ["json", "jsonl"] {
            let out = screen(&["--lang", lang, "--format", format], NOTHING);
            let value: Value = if format == "json" {
                serde_json::from_str::<Value>(&out).unwrap()[0].clone()
            } else {
                serde_json::from_str(out.trim()).unwrap()
            };
            assert!(value["notice"].is_string());
            let text = value["warning_signs"].as_str().expect(&out);
            assert!(text.starts_with(signs), "{lang} {format}: {text}");
            assert_eq!(value["present"], serde_json::json!([]));
        }
    }
}

#[test]
fn the_fhir_risk_assessment_carries_the_warning_signs_as_a_note() {
    for (lang, signs) in [("en", SIGNS_EN), ("zh-Hans", SIGNS_ZH)] {
        let out = screen(&["--lang", lang, "--format", "fhir"], NOTHING);
        let bundle: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        let assessment = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["resourceType"] == "RiskAssessment")
            .expect("a RiskAssessment");
        let notes: Vec<&str> = assessment["note"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["text"].as_str().unwrap())
            .collect();
        assert!(notes.iter().any(|n| n.starts_with(signs)), "{notes:?}");
        assert!(assessment.get("prediction").is_none());
    }
}

#[test]
fn the_csv_codebook_carries_the_warning_signs_and_their_source() {
    let run = cp().args(["codebook"]).run();
    let book = run.json();
    let signs = book["cp_screen"]["warning_signs"].as_str().unwrap();
    assert!(signs.starts_with(SIGNS_EN));
    let source = book["cp_screen"]["warning_signs_source"].as_str().unwrap();
    assert!(source.contains("QS162"), "{source}");
}

#[test]
fn factor_pages_and_handouts_carry_the_warning_signs() {
    let table = unwrapped(&cp().args(["factors"]).run().stdout);
    assert!(table.contains(SIGNS_EN), "{table}");
    let page = unwrapped(
        &cp()
            .args(["factors", "preterm_under_32_weeks"])
            .run()
            .stdout,
    );
    assert!(page.contains(SIGNS_EN), "{page}");
    let handout = cp().args(["factors", "--format", "html"]).run().stdout;
    assert!(handout.contains("class=\"warning\""), "{handout}");
    let json = cp().args(["factors", "--format", "json"]).run().json();
    assert!(
        json["warning_signs_source"]
            .as_str()
            .unwrap()
            .contains("QS162")
    );
}

#[test]
fn both_embedded_sets_have_warning_signs_in_every_language() {
    for set in ["cerebral-palsy", "evidence"] {
        for (lang, signs) in [("en", SIGNS_EN), ("zh-Hans", SIGNS_ZH)] {
            let json = cp()
                .args([
                    "--rule-set",
                    set,
                    "--lang",
                    lang,
                    "factors",
                    "--format",
                    "json",
                ])
                .run()
                .json();
            assert!(
                json["warning_signs"].as_str().unwrap().starts_with(signs),
                "{set} {lang}"
            );
        }
    }
}

#[test]
fn rules_check_refuses_warning_signs_without_their_source() {
    let rules: Value = serde_json::from_str(
        &std::fs::read_to_string(util::fixture("minimal-rules.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (signs, source, expected) in [
        (
            Some("See a doctor soon if ..."),
            None,
            "warning_signs_source",
        ),
        (None, Some("A guideline"), "warning_signs"),
        (Some(" "), Some("A guideline"), "report.warning_signs"),
    ] {
        let mut rules = rules.clone();
        if let Some(s) = signs {
            rules["report"]["warning_signs"] = s.into();
        }
        if let Some(s) = source {
            rules["report"]["warning_signs_source"] = s.into();
        }
        let path = dir.path().join("rules.json");
        std::fs::write(&path, rules.to_string()).unwrap();
        let run = cp().args(["rules", "check"]).arg(&path).run();
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }
}

#[test]
fn the_source_pages_ranking_is_named_as_its_own_and_its_words_stay_on_factor_pages() {
    let bleeding = r#"{"threatened_miscarriage": "yes", "gestational_age_weeks": 39, "birth_weight_grams": 3400}"#;
    for (lang, bare, named, word) in [
        (
            "en",
            "(most important)",
            "(source page: most important)",
            "foreshadowing",
        ),
        ("zh-Hans", "（最重要）", "（来源网页列为“最重要”）", "预兆"),
    ] {
        for format in ["text", "html"] {
            let out = screen(&["--lang", lang, "--format", format], bleeding);
            // The name and its tier may wrap (the bleeding factor's name is long).
            let out = if format == "text" {
                unwrapped(&out)
            } else {
                out
            };
            assert!(!out.contains(bare), "{lang} {format}:\n{out}");
            assert!(out.contains(named), "{lang} {format}:\n{out}");
            // The source's machine-translated word is on the factor page, not the report.
            assert!(!out.contains(word), "{lang} {format}:\n{out}");
        }
        let page = cp()
            .args(["--lang", lang, "factors", "threatened_miscarriage"])
            .run()
            .stdout;
        assert!(page.contains(word), "{lang}:\n{page}");
    }
    // Machine output keeps the tier id and the source's words.
    let json: Value = serde_json::from_str(&screen(&["--format", "json"], bleeding)).unwrap();
    assert_eq!(json[0]["present"][0]["tier"], "most_important");
    assert_eq!(json[0]["present"][0]["source_words"], "foreshadowing");
}

#[test]
fn reports_for_people_carry_no_score_like_count() {
    let record = r#"{"gestational_age_weeks": 30, "birth_weight_grams": 1400}"#;
    for (lang, count) in [("en", "risk factors present"), ("zh-Hans", "项危险因素中")] {
        for format in ["text", "html"] {
            let out = screen(&["--lang", lang, "--format", format], record);
            assert!(!out.contains(count), "{lang} {format}:\n{out}");
        }
    }
}

#[test]
fn nested_factors_are_listed_once_with_what_they_include_and_machine_output_keeps_all() {
    let record = r#"{"gestational_age_weeks": 29, "birth_weight_grams": 1200}"#;
    for (lang, lines) in [
        (
            "en",
            [
                "● Born before 32 weeks (major) (includes: born before 37 weeks)",
                "● Birth weight under 1500 g (major) (includes: birth weight under 2500 g)",
            ],
        ),
        (
            "zh-Hans",
            [
                "● 不满 32 周出生（主要）（包括：不满 37 周出生）",
                "● 出生体重不足 1500 克（主要）（包括：出生体重不足 2500 克）",
            ],
        ),
    ] {
        let text = screen(&["--lang", lang, "--rule-set", "evidence"], record);
        assert_eq!(text.matches('●').count(), 2, "{lang}:\n{text}");
        for line in lines {
            assert!(text.contains(line), "{lang}: {line:?} in\n{text}");
        }
        let html = screen(
            &["--lang", lang, "--rule-set", "evidence", "--format", "html"],
            record,
        );
        assert_eq!(html.matches("<b>● ").count(), 2, "{lang}:\n{html}");
        for line in lines {
            assert!(html.contains(line), "{lang}: {line:?} in the page");
        }
    }
    let json: Value = serde_json::from_str(&screen(
        &["--rule-set", "evidence", "--format", "json"],
        record,
    ))
    .unwrap();
    let present: Vec<&str> = json[0]["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        present,
        [
            "preterm_under_37_weeks",
            "preterm_under_32_weeks",
            "birth_weight_under_2500_g",
            "birth_weight_under_1500_g"
        ]
    );
    // A factor on its own, not nested in a present one, is listed as it is.
    let late = r#"{"gestational_age_weeks": 35, "birth_weight_grams": 2300}"#;
    let text = screen(&["--rule-set", "evidence"], late);
    assert!(
        text.contains("● Born before 37 weeks (moderate)\n"),
        "{text}"
    );
    assert!(!text.contains("includes"), "{text}");
}

#[test]
fn a_common_factor_says_how_common_it_is_among_children_without_cerebral_palsy() {
    // Review A6: about half of children without cerebral palsy have one of infection,
    // bleeding or breech; the report says how common a present factor is, where a checked
    // figure exists (rule-file data, with its study on the factor's page).
    let bleeding = r#"{"threatened_miscarriage": "yes"}"#;
    let text = unwrapped(&screen(&[], bleeding));
    assert!(
        text.contains(
            "About 1 pregnancy in 6 has some bleeding: 16.9% of the children without cerebral palsy"
        ),
        "{text}"
    );
    let zh = unwrapped(&screen(&["--lang", "zh-Hans"], bleeding));
    assert!(zh.contains("约每 6 次怀孕中就有 1 次出现出血"), "{zh}");
    let html = screen(&["-f", "html"], bleeding);
    assert!(
        html.contains("<p class=\"common\">About 1 pregnancy in 6"),
        "a page too"
    );
    // Only beside a present factor, and only where the file has a figure.
    let nothing = unwrapped(&screen(&[], NOTHING));
    assert!(!nothing.contains("16.9%"), "{nothing}");
    let asphyxia = unwrapped(&screen(&[], r#"{"birth_asphyxia": "yes"}"#));
    assert!(
        !asphyxia.contains("% of the children without"),
        "{asphyxia}"
    );
    // The factor's page gives the study.
    let page = unwrapped(
        &cp()
            .args(["factors", "threatened_miscarriage"])
            .run()
            .stdout,
    );
    assert!(
        page.contains("16.9%") && page.contains("O'Callaghan"),
        "{page}"
    );
}
