//! Properties that must hold for any answers, not just the examples: screening never
//! panics and places every factor exactly once; a "yes" never hides a factor; every
//! written notation reads back to its value; and a record screens the same whether it
//! comes alone, in an array, as a JSON line or as a CSV row.

use std::io::Cursor;

use cp_screen::answers::{Answer, Answers};
use cp_screen::batch::{self, Input, ScreenOptions};
use cp_screen::cli::{InputFormat, OutputFormat};
use cp_screen::engine::{self, Status};
use cp_screen::output::{self, ReportOptions};
use cp_screen::rules::{EMBEDDED, Op, QuestionKind, RuleSet, number_comparisons as comparisons_in};
use cp_screen::words;
use proptest::prelude::*;
use serde_json::Value;

fn rules() -> RuleSet {
    RuleSet::default_rules()
}

/// Any answer a question could hold, including numbers far outside the plausible range.
fn answer_for(kind_is_number: bool) -> BoxedStrategy<Answer> {
    if kind_is_number {
        prop_oneof![
            Just(Answer::Unanswered),
            Just(Answer::Unknown),
            any::<f64>().prop_map(|value| Answer::Number {
                value,
                written: None
            }),
            (0.0f64..8000.0).prop_map(|value| Answer::Number {
                value,
                written: None
            }),
        ]
        .boxed()
    } else {
        prop_oneof![
            Just(Answer::Unanswered),
            Just(Answer::Unknown),
            Just(Answer::Yes),
            Just(Answer::No)
        ]
        .boxed()
    }
}

fn answers() -> impl Strategy<Value = Answers> {
    let rules = rules();
    let per_question: Vec<BoxedStrategy<Answer>> = rules
        .questions()
        .iter()
        .map(|q| answer_for(matches!(q.kind, QuestionKind::Number(_))))
        .collect();
    per_question.prop_map(|values| Answers { values })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_factor_gets_exactly_one_status(answers in answers()) {
        let rules = rules();
        let statuses = engine::screen(&rules, &answers);
        prop_assert_eq!(statuses.len(), rules.factors().len());
        // The explanation and the because-clauses never panic either.
        for (f, s) in rules.factors().iter().zip(&statuses) {
            let evaluated = engine::evaluated(&f.when, &answers);
            prop_assert_eq!(Status::from(evaluated.truth()), *s);
            if *s == Status::Present {
                prop_assert!(!words::because(&rules, &evaluated).is_empty());
            }
        }
    }

    #[test]
    fn answering_yes_never_removes_a_present_factor(answers in answers(), pick in any::<prop::sample::Index>()) {
        let rules = rules();
        let unknown_yes_no: Vec<usize> = answers
            .values
            .iter()
            .enumerate()
            .filter(|(i, a)| !a.is_known() && matches!(rules.questions()[*i].kind, QuestionKind::YesNo))
            .map(|(i, _)| i)
            .collect();
        prop_assume!(!unknown_yes_no.is_empty());
        let q = unknown_yes_no[pick.index(unknown_yes_no.len())];
        let before = engine::screen(&rules, &answers);
        let mut after_answers = answers.clone();
        after_answers.values[q] = Answer::Yes;
        let after = engine::screen(&rules, &after_answers);
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            if *b == Status::Present {
                prop_assert_eq!(*a, Status::Present, "factor {} lost", rules.factors()[i].id);
            }
            // A known answer can only settle a factor, never unsettle one.
            if *b != Status::NotAssessed {
                prop_assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn every_gestational_age_notation_reads_back(weeks in 20u32..45, days in 0u32..7) {
        let rules = rules();
        let q = &rules.questions()[rules.question_index("gestational_age_weeks").unwrap()];
        let expected = f64::from(weeks) + f64::from(days) / 7.0;
        for text in [
            format!("{weeks}+{days}"),
            format!("{weeks} + {days}"),
            format!("{weeks}w{days}d"),
            format!("{weeks} weeks {days} days"),
            format!("{weeks}W {days}D"),
            format!("{} days", weeks * 7 + days),
        ] {
            match cp_screen::answers::answer_from_text(&text, q) {
                Ok(Answer::Number { value, .. }) => prop_assert!((value - expected).abs() < 1e-9, "{text}: {value}"),
                other => prop_assert!(false, "{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn every_birth_weight_notation_reads_back(grams in 200u32..=7000, lb in 1u32..15, oz in 0u32..16) {
        let rules = rules();
        let q = &rules.questions()[rules.question_index("birth_weight_grams").unwrap()];
        let read = |text: &str| match cp_screen::answers::answer_from_text(text, q) {
            Ok(Answer::Number { value, .. }) => Some(value),
            _ => None,
        };
        let g = f64::from(grams);
        for text in [format!("{grams}"), format!("{grams} g"), format!("{grams}g"), format!("{}.{:03} kg", grams / 1000, grams % 1000)] {
            prop_assert!(read(&text).is_some_and(|v| (v - g).abs() < 1e-6), "{text}");
        }
        let imperial = f64::from(lb) * 453.59237 + f64::from(oz) * 28.349523125;
        if (200.0..=7000.0).contains(&imperial) {
            let total_oz = lb * 16 + oz;
            for text in [format!("{lb} lb {oz} oz"), format!("{lb}lb{oz}oz"), format!("{total_oz} oz")] {
                prop_assert!(read(&text).is_some_and(|v| (v - imperial).abs() < 1e-6), "{text}");
            }
        }
    }

    #[test]
    fn written_numbers_in_any_case_and_spacing_parse_or_fail_cleanly(text in "[0-9a-zA-Z+ .,-]{0,24}") {
        let rules = rules();
        for id in ["gestational_age_weeks", "birth_weight_grams"] {
            let q = &rules.questions()[rules.question_index(id).unwrap()];
            match cp_screen::answers::answer_from_text(&text, q) {
                Ok(Answer::Number { value, .. }) => {
                    let QuestionKind::Number(spec) = &q.kind else { unreachable!() };
                    prop_assert!(value >= spec.min && value <= spec.max, "{text} read as {value}");
                }
                // Only the missing-value codes of spreadsheets read as unknown.
                Ok(Answer::Unknown) => prop_assert!(cp_screen::answers::is_missing(text.trim(), &[]), "{text}"),
                Ok(other) => prop_assert!(false, "{other:?}"),
                Err(problem) => prop_assert!(!words::get().record_problem(&rules, &problem).is_empty()),
            }
        }
    }
}

/// A record as (question id, JSON value) pairs, with values of every kind a person writes.
fn record() -> impl Strategy<Value = Vec<(String, Value)>> {
    let rules = rules();
    let per_question: Vec<BoxedStrategy<Option<Value>>> = rules
        .questions()
        .iter()
        .map(|q| {
            let value = match &q.kind {
                QuestionKind::YesNo => prop_oneof![
                    Just(Value::from("yes")),
                    Just(Value::from("No")),
                    Just(Value::from("unknown")),
                    Just(Value::from(true)),
                    Just(Value::from(false)),
                    Just(Value::from("maybe")),
                ]
                .boxed(),
                QuestionKind::Number(_) if q.id == "gestational_age_weeks" => prop_oneof![
                    (20u32..45, 0u32..7).prop_map(|(w, d)| Value::from(format!("{w}+{d}"))),
                    (20u32..45).prop_map(Value::from),
                    (1u32..400).prop_map(Value::from),
                ]
                .boxed(),
                QuestionKind::Number(_) => prop_oneof![
                    (200u32..7000).prop_map(|g| Value::from(format!("{g} g"))),
                    (1u32..7, 0u32..1000)
                        .prop_map(|(kg, g)| Value::from(format!("{kg}.{g:03} kg"))),
                    (0u32..9000).prop_map(Value::from),
                ]
                .boxed(),
            };
            prop::option::of(value).boxed()
        })
        .collect();
    let ids: Vec<String> = rules.questions().iter().map(|q| q.id.clone()).collect();
    per_question.prop_map(move |values| {
        ids.iter()
            .zip(values)
            .filter_map(|(id, v)| v.map(|v| (id.clone(), v)))
            .collect()
    })
}

/// Screens `input` as JSON Lines output and returns the results without their positions.
fn screen_bytes(input: Vec<u8>, name: &str, format: InputFormat) -> Vec<Value> {
    let rules = rules();
    let mut out = Vec::new();
    let options = ScreenOptions {
        allow_extra_fields: false,
        threads: 1,
        codings: None,
        delimiter: None,
        ..ScreenOptions::default()
    };
    let jsonl = output::for_format(
        OutputFormat::Jsonl,
        &rules,
        ReportOptions::default(),
        output::TableOptions::default(),
    );
    let input = Input {
        name: name.to_string(),
        reader: Box::new(Cursor::new(input)),
        format,
    };
    let _ = batch::screen_inputs(&rules, vec![input], options, &*jsonl, &mut out);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            let obj = v.as_object_mut().unwrap();
            obj.remove("line");
            obj.remove("record");
            // Where the record was is part of some messages ("array element 1 ...").
            for e in obj["errors"].as_array_mut().unwrap() {
                let m = e["message"].as_str().unwrap().to_string();
                e["message"] = Value::from(m.rsplit(": ").next().unwrap());
            }
            v
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_record_screens_the_same_alone_in_an_array_as_a_line_and_as_csv(pairs in record()) {
        let object: serde_json::Map<String, Value> = pairs.iter().cloned().collect();
        let json = Value::Object(object.clone()).to_string();
        let alone = screen_bytes(serde_json::to_vec_pretty(&Value::Object(object)).unwrap(), "one.json", InputFormat::Json);
        let array = screen_bytes(format!("[{json}]").into_bytes(), "array.json", InputFormat::Json);
        let line = screen_bytes(format!("{json}\n").into_bytes(), "lines.jsonl", InputFormat::Json);
        let header: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        let cells: Vec<String> = pairs
            .iter()
            .map(|(_, v)| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        let csv_text = if header.is_empty() {
            // A CSV file needs a column; an id column says nothing about the answers.
            "id\nx\n".to_string()
        } else {
            format!("{}\n{}\n", header.join(","), cells.join(","))
        };
        let csv = screen_bytes(csv_text.into_bytes(), "rows.csv", InputFormat::Csv);
        prop_assert_eq!(alone.len(), 1);
        let strip_id = |mut v: Vec<Value>| {
            v[0].as_object_mut().unwrap().remove("id");
            v
        };
        prop_assert_eq!(&alone, &array);
        prop_assert_eq!(&alone, &line);
        prop_assert_eq!(strip_id(alone), strip_id(csv));
    }
}

/// Every comparison of a number question with a threshold in the embedded rule sets:
/// (rule set, question, operator, threshold).
fn number_comparisons() -> &'static [(RuleSet, usize, Op, f64)] {
    static ALL: std::sync::LazyLock<Vec<(RuleSet, usize, Op, f64)>> =
        std::sync::LazyLock::new(find_number_comparisons);
    &ALL
}

fn find_number_comparisons() -> Vec<(RuleSet, usize, Op, f64)> {
    let mut all = Vec::new();
    for embedded in EMBEDDED {
        let mut found = Vec::new();
        let rules = embedded.load();
        for f in rules.factors() {
            comparisons_in(&f.when, &mut found);
        }
        for (q, op, t) in found {
            all.push((embedded.load(), q, op, t));
        }
    }
    all
}

fn holds(op: Op, value: f64, threshold: f64) -> bool {
    match op {
        Op::Equals => value == threshold,
        Op::LessThan => value < threshold,
        Op::AtMost => value <= threshold,
        Op::GreaterThan => value > threshold,
        Op::AtLeast => value >= threshold,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A value within half a unit of a threshold is never shown rounded across it: the
    /// number printed beside the comparison (in reports, --explain, JSON "because" and the
    /// questionnaire's echo) agrees with the verdict.
    #[test]
    fn values_near_a_threshold_print_on_the_side_of_their_verdict(
        pick in any::<prop::sample::Index>(),
        offset in -0.5f64..0.5,
        digits in 0i32..8,
        as_text in any::<bool>(),
    ) {
        let comparisons = number_comparisons();
        prop_assert!(comparisons.len() >= 6);
        let (rules, q, op, threshold) = &comparisons[pick.index(comparisons.len())];
        let scale = 10f64.powi(digits);
        let value = ((threshold + offset) * scale).round() / scale;
        let written = as_text.then(|| format!("{value}").into_boxed_str());
        let answer = Answer::Number { value, written };
        let shown = words::answer(rules, *q, &answer);
        let number: f64 = shown.split_whitespace().next().unwrap().parse().unwrap();
        prop_assert_eq!(
            holds(*op, number, *threshold),
            holds(*op, value, *threshold),
            "{} shown as {:?} beside {:?} {}", value, shown, op, threshold
        );
        // The because-clause carries the same text.
        let mut answers = Answers { values: vec![Answer::Unanswered; rules.questions().len()] };
        answers.values[*q] = answer;
        for f in rules.factors() {
            let e = engine::evaluated(&f.when, &answers);
            if f.reads == [*q] {
                let because = words::because(rules, &e);
                prop_assert!(because.contains(&shown), "{because:?} lacks {shown:?}");
            }
        }
    }
}
