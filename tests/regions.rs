//! Each region's 斤 and 兩 through the binary: a bare 斤 weighs what the locale's region
//! (or `--region`) says, an explicit 台斤 / 司馬斤 / 市斤 the same everywhere, and a region
//! that cannot be told asks for grams. The arithmetic at the 2000 g cut-off is what
//! matters: a Taiwanese 3斤8兩 is 2100 g, a mainland 3斤8两 1900 g.

use serde_json::Value;

use crate::util::cp;

/// The one result of screening `answer` as the birth weight, with `env` and `args`.
fn screen(env: &[(&str, &str)], args: &[&str], answer: &str) -> (Value, String, i32) {
    let mut c = cp();
    for (k, v) in env {
        c = c.env(k, v);
    }
    let record = serde_json::json!({ "birth_weight_grams": answer }).to_string();
    let run = c
        .args(args)
        .args(["screen", "--format", "jsonl"])
        .stdin(record)
        .run();
    let results = run.jsonl();
    assert_eq!(results.len(), 1, "{}", run.stdout);
    (results[0].clone(), run.stderr, run.code)
}

/// The birth-weight factor's status in a result.
fn under_2000(result: &Value) -> &'static str {
    for status in ["present", "absent", "not_assessed"] {
        let hit =
            result[status].as_array().unwrap().iter().any(|f| {
                f == "birth_weight_under_2000_g" || f["id"] == "birth_weight_under_2000_g"
            });
        if hit {
            return status;
        }
    }
    "none"
}

/// The units a result says it assumed: `(unit, size)`.
fn assumed(result: &Value) -> Vec<(String, f64)> {
    result["units_assumed"]
        .as_array()
        .map(|units| {
            units
                .iter()
                .map(|u| {
                    assert_eq!(u["question"], "birth_weight_grams");
                    (
                        u["unit"].as_str().unwrap().to_string(),
                        u["size"].as_f64().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn each_region_reads_its_own_jin_at_the_cut_off() {
    // Taiwan: 3 × 600 + 8 × 37.5 = 2100 g, not under 2000 g.
    let (tw, _, code) = screen(&[("LANG", "zh_TW.UTF-8")], &[], "3斤8兩");
    assert_eq!(code, 0);
    assert_eq!(under_2000(&tw), "absent", "{tw}");
    assert_eq!(
        assumed(&tw),
        [("台斤".into(), 600.0), ("台兩".into(), 37.5)]
    );
    // The mainland: 3 × 500 + 8 × 50 = 1900 g, under.
    let (cn, _, _) = screen(&[("LANG", "zh_CN.UTF-8")], &[], "3斤8两");
    assert_eq!(under_2000(&cn), "present", "{cn}");
    assert_eq!(
        assumed(&cn),
        [("市斤".into(), 500.0), ("市两".into(), 50.0)]
    );
    let because = cn["present"][0]["because"].as_str().unwrap();
    assert!(
        because.contains("1900 克") && because.contains("500 克的市斤"),
        "{because}"
    );
    // Hong Kong and Macau: 3 × 604.78982 + 8 × 37.79936375 ≈ 2116.76 g.
    for locale in ["zh_HK.UTF-8", "zh_MO.UTF-8"] {
        let (hk, _, _) = screen(&[("LANG", locale)], &[], "3斤8兩");
        assert_eq!(under_2000(&hk), "absent", "{locale}: {hk}");
        assert_eq!(
            assumed(&hk),
            [("司馬斤".into(), 604.78982), ("司馬兩".into(), 37.79936375)],
            "{locale}"
        );
    }
    // The same text, --region against the locale: the option wins.
    let (overridden, _, _) = screen(&[("LANG", "zh_CN.UTF-8")], &["--region", "tw"], "3斤8兩");
    assert_eq!(under_2000(&overridden), "absent");
    let (overridden, _, _) = screen(&[("LANG", "zh_TW.UTF-8")], &["--region", "CN"], "3斤8兩");
    assert_eq!(under_2000(&overridden), "present");
}

#[test]
fn an_explicit_unit_weighs_the_same_in_every_locale() {
    for (env, args) in [
        (vec![("LANG", "C.UTF-8")], vec![]),
        (vec![("LANG", "en_US.UTF-8")], vec![]),
        (vec![("LANG", "zh_CN.UTF-8")], vec![]),
        (vec![("LANG", "zh_HK.UTF-8")], vec![]),
        (vec![("LANG", "zh_TW.UTF-8")], vec![]),
        (vec![], vec!["--lang", "zh-Hant"]),
        (vec![], vec!["--region", "cn"]),
    ] {
        let (r, _, code) = screen(&env, &args, "3台斤8兩");
        assert_eq!(code, 0, "{env:?} {args:?}");
        assert_eq!(under_2000(&r), "absent", "{env:?} {args:?}: {r}");
        assert_eq!(assumed(&r), [("台斤".into(), 600.0), ("台兩".into(), 37.5)]);
        let (r, _, _) = screen(&env, &args, "3市斤8两");
        assert_eq!(under_2000(&r), "present", "{env:?} {args:?}: {r}");
        // Grams, kilograms and pounds need no region, and assume nothing.
        let (r, _, _) = screen(&env, &args, "2.1公斤");
        assert_eq!(under_2000(&r), "absent");
        assert!(r.get("units_assumed").is_none(), "{r}");
    }
}

#[test]
fn a_region_that_cannot_be_told_asks_for_grams() {
    for (env, args) in [
        (vec![("LANG", "C.UTF-8")], vec![]),
        (vec![("LANG", "en_US.UTF-8")], vec![]),
        (vec![], vec!["--lang", "zh-Hant"]),
        (vec![("LANG", "zh_SG.UTF-8")], vec![]),
    ] {
        let (r, stderr, code) = screen(&env, &args, "3斤8兩");
        assert_eq!(code, 1, "{env:?} {args:?}");
        assert_eq!(r["status"], "invalid");
        assert_eq!(r["errors"][0]["code"], "regional_unit");
        assert_eq!(r["errors"][0]["field"], "birth_weight_grams");
        let message = r["errors"][0]["message"].as_str().unwrap();
        for named in ["台斤", "司馬斤", "市斤", "--region"] {
            assert!(message.contains(named), "{message}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let (r, _, _) = screen(&[], &["--lang", "zh-Hant"], "3斤8兩");
    let message = r["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("請寫成公克"), "{message}");
}

#[test]
fn the_value_is_never_shown_rounded_across_the_cut_off() {
    // 3.3069 司馬斤 is 1999.98 g: under 2000 g, and never shown as "2000".
    let (r, _, _) = screen(&[("LANG", "zh_HK.UTF-8")], &[], "3.3069斤");
    assert_eq!(under_2000(&r), "present", "{r}");
    let because = r["present"][0]["because"].as_str().unwrap();
    assert!(because.contains("1999.98 公克"), "{because}");
    assert!(because.contains("604.79 公克的司馬斤"), "{because}");
}

#[test]
fn every_report_states_the_jin_it_assumed() {
    let run = |format: &str| {
        cp().env("LANG", "zh_TW.UTF-8")
            .args(["screen", "--format", format])
            .stdin(r#"{"birth_weight_grams": "3斤8兩", "gestational_age_weeks": "38"}"#)
            .run()
    };
    let text = run("text");
    assert_eq!(text.code, 0);
    // The factor is absent, so no because-clause shows the answer: the report says it.
    assert!(
        text.stdout
            .contains("單位換算：出生體重 3斤8兩（2100 公克，按 1 斤 = 600 公克的台斤"),
        "{}",
        text.stdout
    );
    let html = run("html");
    assert!(html.stdout.contains(r#"<html lang="zh-Hant">"#));
    assert!(
        html.stdout.contains("2100 公克，按 1 斤 = 600 公克的台斤"),
        "{}",
        html.stdout
    );
    let english = cp()
        .args(["--region", "hk", "screen"])
        .stdin(r#"{"birth_weight_grams": "3斤8兩"}"#)
        .run();
    assert!(
        english.stdout.contains(
            "Units read as: birth weight 3斤8兩 (2117 g, assuming a Hong Kong 司馬斤 of 604.79 g"
        ),
        "{}",
        english.stdout
    );
}

#[test]
fn traditional_locales_get_traditional_chinese_and_simplified_ones_simplified() {
    let factors = |env: &[(&str, &str)], args: &[&str]| {
        let mut c = cp();
        for (k, v) in env {
            c = c.env(k, v);
        }
        let out = c.args(args).arg("factors").run();
        assert_eq!(out.code, 0, "{env:?} {args:?}: {}", out.stderr);
        out.stdout
    };
    for (env, args) in [
        (vec![("LANG", "zh_TW.UTF-8")], vec![]),
        (vec![("LANG", "zh_HK.UTF-8")], vec![]),
        (vec![("LC_ALL", "zh_MO.UTF-8")], vec![]),
        (
            vec![("LANG", "en_GB.UTF-8"), ("LANGUAGE", "zh_TW:en")],
            vec![],
        ),
        (vec![], vec!["--lang", "zh-Hant"]),
        (vec![], vec!["--lang", "zh-TW"]),
        (vec![], vec!["--lang", "zh-Hant-HK"]),
        (vec![("LANG", "zh_CN.UTF-8")], vec!["--lang", "zh-HK"]),
    ] {
        let out = factors(&env, &args);
        assert!(
            out.contains("危險因素") && out.contains("腦性麻痺"),
            "{env:?} {args:?}: {out}"
        );
        assert!(!out.contains("危险因素"), "{env:?} {args:?}");
    }
    for (env, args) in [
        (vec![("LANG", "zh_CN.UTF-8")], vec![]),
        (vec![("LANG", "zh_SG.UTF-8")], vec![]),
        (vec![], vec!["--lang", "zh"]),
        (vec![("LANG", "zh_TW.UTF-8")], vec!["--lang", "zh-Hans"]),
    ] {
        let out = factors(&env, &args);
        assert!(out.contains("危险因素"), "{env:?} {args:?}: {out}");
    }
    let refused = cp().args(["--region", "taiwan", "factors"]).run();
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("two-letter region"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_fhir_quantity_in_jin_is_read_as_the_region_says() {
    let response = serde_json::json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": "https://cp-screen.example/fhir/Questionnaire/cerebral-palsy|1.3.0",
        "item": [{"linkId": "birth_weight_grams",
                  "answer": [{"valueQuantity": {"value": 3.5, "unit": "斤"}}]}]
    })
    .to_string();
    let run = |args: &[&str]| {
        let out = cp()
            .args(args)
            .args(["screen", "--input-format", "fhir", "-f", "jsonl"])
            .stdin(response.clone())
            .run();
        out.jsonl()[0].clone()
    };
    let tw = run(&["--region", "tw"]);
    assert_eq!(under_2000(&tw), "absent", "{tw}");
    assert_eq!(assumed(&tw), [("台斤".into(), 600.0)]);
    let cn = run(&["--region", "cn"]);
    assert_eq!(under_2000(&cn), "present", "{cn}");
    let unknown = run(&[]);
    assert_eq!(unknown["errors"][0]["code"], "regional_unit", "{unknown}");
}
