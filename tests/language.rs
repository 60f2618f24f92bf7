//! The language of the run: chosen by --lang or the locale, everything people read in it,
//! and machine output the same in every language.

use crate::util;

use serde_json::Value;
use util::{cp, fixture};

/// `value` without the texts that are for people (they follow the language): `because`,
/// `name`, `message`, `notice`, and an explanation step's `answer` and `test`.
fn machine_part(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    ![
                        "because",
                        "name",
                        "message",
                        "notice",
                        "warning_signs",
                        "answer",
                        "test",
                    ]
                    .contains(&k.as_str())
                })
                .map(|(k, v)| (k.clone(), machine_part(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(machine_part).collect()),
        other => other.clone(),
    }
}

#[test]
fn a_chinese_locale_gives_a_chinese_report_and_lang_overrides_it() {
    let zh = cp()
        .env("LANG", "zh_CN.UTF-8")
        .args(["screen", "examples/baby.json"])
        .run();
    assert_eq!(zh.code, 0);
    assert!(zh.stdout.contains("无论清单结果如何"), "{}", zh.stdout);
    assert_eq!(zh.stdout.matches('●').count(), 3, "{}", zh.stdout);
    assert!(zh.stdout.contains("不是诊断"));
    assert!(
        zh.stdout
            .contains("依据：出生时胎龄 31w4d（31.6 周），小于 32 周")
    );
    let en = cp()
        .env("LANG", "zh_CN.UTF-8")
        .args(["--lang", "en", "screen", "examples/baby.json"])
        .run();
    assert!(
        en.stdout.contains("Whatever this list shows"),
        "{}",
        en.stdout
    );
    // LANGUAGE lists languages in order of preference; a C locale ignores it.
    let listed = cp()
        .env("LANG", "en_GB.UTF-8")
        .env("LANGUAGE", "fr:zh_CN:en")
        .args(["screen", "examples/baby.json"])
        .run();
    assert!(listed.stdout.contains("不是诊断"), "{}", listed.stdout);
    let c = cp()
        .env("LANGUAGE", "zh_CN")
        .args(["screen", "examples/baby.json"])
        .run();
    assert!(c.stdout.contains("not a diagnosis"));
}

#[test]
fn every_name_for_simplified_chinese_chooses_it_and_others_are_refused() {
    for tag in ["zh-Hans", "zh", "zh-CN", "zh-SG"] {
        let out = cp().args(["--lang", tag, "factors"]).run();
        assert!(out.stdout.contains("危险因素"), "{tag}");
    }
    let out = cp().args(["--lang", "fr", "factors"]).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("\"fr\"") && out.stderr.contains("zh-Hans"),
        "{}",
        out.stderr
    );
}

#[test]
fn machine_output_is_the_same_in_every_language() {
    for (rules, input) in [
        ("cerebral-palsy", fixture("mixed.jsonl")),
        ("cerebral-palsy", "examples/cohort.jsonl".to_string()),
        ("evidence", "examples/2100g.json".to_string()),
    ] {
        // --explain where it acts (JSON), so that its texts are compared too.
        let run = |lang: &str, format: &str| {
            let explain = if format == "json" { "--explain" } else { "-q" };
            cp().args([
                "--lang",
                lang,
                "--rule-set",
                rules,
                "screen",
                explain,
                "-f",
                format,
                &input,
            ])
            .run()
        };
        let (en, zh) = (run("en", "json"), run("zh-Hans", "json"));
        assert_eq!(en.code, zh.code);
        let (en_json, zh_json) = (en.json(), zh.json());
        assert_ne!(en_json, zh_json, "the messages differ");
        assert_eq!(machine_part(&en_json), machine_part(&zh_json), "{input}");
        // The summary and the table's machine columns too.
        let summary = |lang: &str| {
            cp().args([
                "--lang",
                lang,
                "--rule-set",
                rules,
                "screen",
                "-f",
                "jsonl",
                "--summary",
                "--summary-format",
                "json",
                &input,
            ])
            .run()
            .stderr
        };
        assert_eq!(summary("en"), summary("zh-Hans"));
        let table = |lang: &str| {
            let out = run(lang, "csv").stdout;
            let mut reader = csv::Reader::from_reader(out.as_bytes());
            let header = reader.headers().unwrap().clone();
            let message = header.iter().position(|h| h == "error_message").unwrap();
            let rows: Vec<Vec<String>> = reader
                .records()
                .map(|r| {
                    let r = r.unwrap();
                    r.iter()
                        .enumerate()
                        .filter(|(i, _)| *i != message)
                        .map(|(_, c)| c.to_string())
                        .collect()
                })
                .collect();
            (header, rows)
        };
        assert_eq!(table("en"), table("zh-Hans"));
    }
}

#[test]
fn the_plain_questionnaire_takes_chinese_words() {
    // 16 questions: 有 / 没有 / 不清楚 and the numbers, then Enter to confirm.
    let session = "有\n没有\n不清楚\n没有\n否\n没有\n是\n没有\n没有\n30+4\n1.85 kg\n没有\n有\n没有\n没有\n没有\n\n";
    let out = cp()
        .args(["--lang", "zh-Hans", "ask", "--plain"])
        .stdin(session)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("孕期，第 1 题（共 16 题）：怀孕期间，妈妈有没有得过感染"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("  1) 有\n  2) 没有\n  3) 不清楚\n"));
    assert_eq!(out.stdout.matches('●').count(), 5, "{}", out.stdout);
    assert!(out.stdout.contains("无论清单结果如何"), "{}", out.stdout);
}

#[test]
fn chinese_notations_screen_the_same_as_their_english_equivalents_in_every_language() {
    let pairs = [
        ("gestational_age_weeks", "31周4天", "31w4d"),
        ("gestational_age_weeks", "31周+4", "31+4"),
        ("gestational_age_weeks", "孕31+4周", "31+4"),
        ("gestational_age_weeks", "３１＋４", "31+4"),
        ("gestational_age_weeks", "３１周４天", "31 weeks 4 days"),
        // A bare 斤 is the region's (tests/regions.rs); a named one reads the same everywhere.
        ("birth_weight_grams", "6市斤2两", "3100 g"),
        ("birth_weight_grams", "3市斤8两", "1900 g"),
        ("birth_weight_grams", "3台斤8兩", "2100 g"),
        ("birth_weight_grams", "3司馬斤", "1814.36946 g"),
        ("gestational_age_weeks", "31週零4天。", "31+4"),
        ("birth_weight_grams", "3.1公斤", "3.1 kg"),
        ("birth_weight_grams", "3.1千克", "3100"),
        ("birth_weight_grams", "1850克", "1850 g"),
    ];
    for lang in ["en", "zh-Hans", "zh-Hant"] {
        for (question, chinese, english) in pairs {
            let row = |written: &str| {
                let record = serde_json::json!({ question: written }).to_string();
                let out = cp()
                    .args(["--lang", lang, "screen", "-f", "csv"])
                    .stdin(record)
                    .run();
                assert_eq!(out.code, 0, "{written}: {}", out.stdout);
                out.stdout.lines().nth(1).unwrap().to_string()
            };
            assert_eq!(
                row(chinese),
                row(english),
                "{chinese} vs {english} ({lang})"
            );
        }
    }
    // With the mainland as the region, a bare 斤 is the 市斤, and the report says so
    // wherever the value is shown.
    let out = cp()
        .args(["--region", "cn", "screen", "--explain"])
        .stdin(r#"{"birth_weight_grams": "6斤2两"}"#)
        .run();
    let unwrapped = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        unwrapped.contains(
            "6斤2两 (3100 g, assuming a mainland 市斤 of 500 g and a mainland 市两 of 50 g)"
        ),
        "{}",
        out.stdout
    );
    let out = cp()
        .args(["--lang", "zh-Hans", "ask", "--plain"])
        .stdin("\n\n\n\n\n\n\n\n\n\n6斤2两\n\n\n\n\n\n\n")
        .run();
    assert!(
        out.stderr
            .contains("  6斤2两 = 3100 克，按 1 斤 = 500 克的市斤、1 两 = 50 克的市两计算\n"),
        "{}",
        out.stderr
    );
    // A fraction before the 两 is as ambiguous as 31.5+4.
    let out = cp()
        .args(["--region", "cn", "screen", "-f", "jsonl"])
        .stdin(r#"{"birth_weight_grams": "3.5斤2两"}"#)
        .run();
    assert_eq!(out.json()["errors"][0]["code"], "ambiguous_fraction");
}

#[test]
fn chinese_tables_are_aligned_by_display_width_and_name_each_factor() {
    let records = "{\"birth_asphyxia\": \"是\"}\n{\"birth_asphyxia\": \"未知\"}\n";
    let out = cp()
        .args(["--lang", "zh-Hans", "screen", "--summary", "-f", "jsonl"])
        .stdin(records)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows: Vec<&str> = out
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("  因素"))
        .take_while(|l| !l.contains("以上统计"))
        .collect();
    assert_eq!(rows.len(), 15, "{}", out.stderr);
    // Every row ends in the same column, a Chinese character counting two.
    let widths: Vec<usize> = rows
        .iter()
        .map(|r| textwrap::core::display_width(r))
        .collect();
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "{widths:?}\n{}",
        out.stderr
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("  birth_asphyxia 新生儿窒息 ")
                && r.split_whitespace().rev().take(3).collect::<Vec<_>>() == ["0", "1", "1"]),
        "{}",
        out.stderr
    );
    // factors and --explain name each factor beside its id; English keeps the ids alone.
    let factors = cp().args(["--lang", "zh-Hans", "factors"]).run();
    assert!(
        factors.stdout.contains("birth_asphyxia 新生儿窒息"),
        "{}",
        factors.stdout
    );
    let explain = cp()
        .args(["--lang", "zh-Hans", "screen", "--explain"])
        .stdin("{\"birth_asphyxia\": \"有\"}")
        .run();
    assert!(
        explain
            .stdout
            .contains("    birth_asphyxia 新生儿窒息：存在\n"),
        "{}",
        explain.stdout
    );
    let english = cp()
        .args(["--lang", "en", "screen", "--explain"])
        .stdin("{\"birth_asphyxia\": \"yes\"}")
        .run();
    assert!(
        english.stdout.contains("    birth_asphyxia: present\n"),
        "{}",
        english.stdout
    );
}

#[test]
fn chinese_ids_are_followed_by_full_width_punctuation() {
    let page = cp()
        .args(["--lang", "zh-Hans", "factors", "birth_asphyxia"])
        .run();
    assert!(
        page.stdout.starts_with("birth_asphyxia：新生儿窒息\n"),
        "{}",
        page.stdout
    );
    assert!(
        page.stdout
            .contains("  birth_asphyxia：宝宝出生后有没有窒息"),
        "{}",
        page.stdout
    );
    let compare = cp().args(["--lang", "zh-Hans", "rules", "compare"]).run();
    assert!(
        compare
            .stdout
            .contains("  maternal_infection（来源列出，未分级）：孕期母亲感染：有\n"),
        "{}",
        compare.stdout
    );
    assert!(!compare.stdout.contains("): "), "{}", compare.stdout);
    let errors = cp()
        .args(["--lang", "zh-Hans", "screen"])
        .stdin(r#"{"id": "b-101", "birth_asphyxia": "maybe"}"#)
        .run();
    assert!(errors.stdout.contains("编号“b-101”"), "{}", errors.stdout);
    assert!(
        errors
            .stdout
            .contains("  birth_asphyxia：“maybe”不是有效的回答"),
        "{}",
        errors.stdout
    );
    // An error that ends a command says the program's name with the full-width colon too.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"id": "x"}"#).unwrap();
    let check = cp()
        .args(["--lang", "zh-Hans", "rules", "check"])
        .arg(&bad)
        .run();
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check.stderr.starts_with("cp-screen：错误：规则文件"),
        "{}",
        check.stderr
    );
    let check = cp()
        .args(["--lang", "en", "rules", "check"])
        .arg(&bad)
        .run();
    assert!(
        check.stderr.starts_with("cp-screen: error: "),
        "{}",
        check.stderr
    );
    // English keeps its colons.
    let page = cp()
        .args(["--lang", "en", "factors", "birth_asphyxia"])
        .run();
    assert!(
        page.stdout
            .starts_with("birth_asphyxia: Asphyxia at birth\n"),
        "{}",
        page.stdout
    );
}

#[test]
fn a_chinese_page_asks_for_a_chinese_font_first() {
    let page = cp()
        .args([
            "--lang",
            "zh-Hans",
            "screen",
            "-f",
            "html",
            "examples/baby.json",
        ])
        .run();
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(
        page.stdout.contains(r#"<html lang="zh-Hans">"#),
        "{}",
        page.stdout
    );
    let rule = page
        .stdout
        .lines()
        .find(|l| l.starts_with("html:lang(zh-Hans)"))
        .expect("a font rule for Chinese pages");
    let cjk = rule.find("Noto Sans CJK SC").unwrap();
    let latin = rule.find("\"Noto Sans\"").unwrap();
    assert!(cjk < latin, "{rule}");
}

#[test]
fn a_number_with_nothing_readable_is_said_once() {
    let session = format!("{}abc\n{}", "\n".repeat(9), "\n".repeat(8));
    let out = cp()
        .args(["--lang", "zh-Hans", "ask", "--plain"])
        .stdin(session.clone())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("\n“abc”不是数字。可以这样写："),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("处应为数字"), "{}", out.stderr);
    let out = cp()
        .args(["--lang", "en", "ask", "--plain"])
        .stdin(session)
        .run();
    assert!(
        out.stderr
            .contains("\n\"abc\": expected a number. Accepted: "),
        "{}",
        out.stderr
    );
}
