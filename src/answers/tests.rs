//! Tests of reading records: JSON, CSV cells and mapped datasets.

use super::*;

/// The sentence a person reads for an error (`words` says it; tests may look up).
trait Message {
    fn message(&self, rules: &RuleSet) -> String;
}

impl Message for FieldError {
    fn message(&self, rules: &RuleSet) -> String {
        crate::words::get().record_problem(rules, &self.problem)
    }
}

fn rules() -> RuleSet {
    RuleSet::default_rules()
}

fn read(rules: &RuleSet, json: &str) -> Record {
    RecordReader {
        rules,
        allow_extra_fields: false,
        codings: None,
    }
    .parse_json(json.as_bytes())
    .expect("valid JSON")
}

fn answer(rules: &RuleSet, record: &Record, id: &str) -> Answer {
    record.answers.values[rules.question_index(id).unwrap()].clone()
}

#[test]
fn yes_no_answers_accept_words_in_any_case_and_booleans() {
    let r = rules();
    let rec = read(
        &r,
        r#"{"birth_asphyxia": "YES", "fetal_malformation": false, "family_epilepsy": "Unknown",
            "family_cerebral_palsy": null, "short_umbilical_cord": "no"}"#,
    );
    assert!(rec.errors.is_empty(), "{:?}", rec.errors);
    assert_eq!(answer(&r, &rec, "birth_asphyxia"), Answer::Yes);
    assert_eq!(answer(&r, &rec, "fetal_malformation"), Answer::No);
    assert_eq!(answer(&r, &rec, "family_epilepsy"), Answer::Unknown);
    assert_eq!(answer(&r, &rec, "family_cerebral_palsy"), Answer::Unknown);
    assert_eq!(answer(&r, &rec, "short_umbilical_cord"), Answer::No);
    assert_eq!(answer(&r, &rec, "maternal_infection"), Answer::Unanswered);
}

#[test]
fn numbers_come_as_json_numbers_or_written_strings() {
    let r = rules();
    let rec = read(
        &r,
        r#"{"gestational_age_weeks": 31.5, "birth_weight_grams": "4 lb 1 oz"}"#,
    );
    assert!(rec.errors.is_empty(), "{:?}", rec.errors);
    assert_eq!(
        answer(&r, &rec, "gestational_age_weeks"),
        Answer::Number {
            value: 31.5,
            written: None
        }
    );
    match answer(&r, &rec, "birth_weight_grams") {
        Answer::Number { value, written } => {
            assert!((value - 1842.7).abs() < 0.1);
            assert_eq!(written.as_deref(), Some("4 lb 1 oz"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn notations_kept_in_a_batch_worker_read_as_they_do_anywhere_and_go_with_it() {
    let r = rules();
    let weight = &r.questions[r.question_index("birth_weight_grams").unwrap()];
    let weeks = &r.questions[r.question_index("gestational_age_weeks").unwrap()];
    let cases = [
        (weight, "2 lb 6 oz"),
        (weeks, "2 lb 6 oz"),
        (weeks, "31+4"),
        (weight, "1850"),
        (weeks, "31w4d"),
        (weight, "1.85 kg"),
        (weight, "99999"),
        (weeks, "029"),
    ];
    let anywhere: Vec<_> = cases
        .iter()
        .map(|(q, text)| answer_from_text(text, q))
        .collect();
    // Twice each inside: the second time from what was kept.
    let kept: Vec<_> = keeping_notations(|| {
        let first: Vec<_> = cases
            .iter()
            .map(|(q, text)| answer_from_text(text, q))
            .collect();
        assert!(
            KEPT.with_borrow(|k| k.as_ref().unwrap().len) == 3,
            "errors are not kept, nor plain decimals or a decimal with a unit (read at once)"
        );
        let again: Vec<_> = cases
            .iter()
            .map(|(q, text)| answer_from_text(text, q))
            .collect();
        assert_eq!(first, again);
        again
    });
    assert_eq!(kept, anywhere);
    // A weight's notation is no week count, kept or not; "1.85 kg" is kept as written,
    // "1850" (the value itself) not.
    assert!(anywhere[1].is_err());
    assert_eq!(
        anywhere[3],
        Ok(Answer::Number {
            value: 1850.0,
            written: None
        })
    );
    assert!(
        matches!(&anywhere[5], Ok(Answer::Number { value, written: Some(w) }) if *value == 1850.0 && &**w == "1.85 kg")
    );
    // A plain decimal out of range is the parser's error; in range, its value.
    assert!(
        matches!(&anywhere[6], Err(RecordProblem::Number { .. })),
        "{:?}",
        anywhere[6]
    );
    assert_eq!(
        anywhere[7],
        Ok(Answer::Number {
            value: 29.0,
            written: None
        })
    );
    // Nothing is kept once the worker is done, nor outside one.
    assert!(KEPT.with_borrow(Option::is_none));
}

#[test]
fn kept_notations_are_keyed_by_every_byte_and_their_length() {
    let short = |text: &str| Short::new(text);
    assert!(short("2 lb 6 oz") == short("2 lb 6 oz"));
    // Same bytes but a zero at the end; a difference in the last of 31 bytes.
    assert!(short("31+4") != short("31+4\0"));
    let a = "a".repeat(30);
    assert!(short(&format!("{a}b")) != short(&format!("{a}c")));
    assert!(short(&format!("{a}\0")) != short(&a));
    assert!(short("").is_some());
    // Longer than KEPT_LONGEST: not kept.
    assert!(short(&"1".repeat(KEPT_LONGEST)).is_some());
    assert!(short(&"1".repeat(KEPT_LONGEST + 1)).is_none());
    // In a worker, a text too long to keep is read anew every time, the same way.
    let r = rules();
    let weight = &r.questions[r.question_index("birth_weight_grams").unwrap()];
    let long = format!("{}1850 g", "0".repeat(KEPT_LONGEST));
    let anywhere = answer_from_text(&long, weight);
    let kept = keeping_notations(|| {
        let first = answer_from_text(&long, weight);
        assert_eq!(KEPT.with_borrow(|k| k.as_ref().unwrap().len), 0);
        (first, answer_from_text(&long, weight))
    });
    assert_eq!(kept, (anywhere.clone(), anywhere.clone()));
    assert!(matches!(anywhere, Ok(Answer::Number { value, .. }) if value == 1850.0));
}

#[test]
fn numbers_said_again_in_a_batch_worker_are_said_as_anywhere_in_each_language() {
    use crate::locale::Lang;
    let r = rules();
    let weight = r.question_index("birth_weight_grams").unwrap();
    let read = || {
        ["2 lb 6 oz", "1.85 kg", "2 lb 6 oz"]
            .map(|text| answer_from_text(text, &r.questions[weight]).unwrap())
    };
    let say = |lang, answers: &[Answer]| -> Vec<String> {
        crate::words::in_language(lang, || {
            let mut said: Vec<String> = answers
                .iter()
                .map(|a| crate::words::answer(&r, weight, a))
                .collect();
            said.extend(
                answers
                    .iter()
                    .map(|a| crate::words::brief_answer(&r, weight, a)),
            );
            said
        })
    };
    let answers = read();
    let anywhere = [say(Lang::En, &answers), say(Lang::ZhHans, &answers)];
    // Read and said inside one worker, as a batch does: English, then Chinese, then
    // English again. What one language kept is not said in the other.
    let kept = keeping_notations(|| {
        let answers = read();
        let said = [
            say(Lang::En, &answers),
            say(Lang::ZhHans, &answers),
            say(Lang::En, &answers),
        ];
        assert!(KEPT.with_borrow(|k| !k.as_ref().unwrap().said.is_empty()));
        said
    });
    assert_eq!(kept[..2], anywhere);
    assert_eq!(kept[2], anywhere[0]);
    assert_ne!(anywhere[0], anywhere[1]);
    assert!(
        anywhere[0][0].contains("2 lb 6 oz") && anywhere[0][0].contains("1077"),
        "{:?}",
        anywhere[0]
    );
}

#[test]
fn record_id_is_a_string_or_a_number() {
    let r = rules();
    assert_eq!(
        read(&r, r#"{"id": "a-1"}"#).id,
        Some(RecordId::Text("a-1".into()))
    );
    assert_eq!(
        read(&r, r#"{"id": 17}"#).id,
        Some(RecordId::Number(17.into()))
    );
    // Issue 16: echoed as given, not as a float.
    for id in ["98765432109876543210", "1e2", "-0.50", "17"] {
        let rec = read(&r, &format!("{{\"id\": {id}}}"));
        let Some(RecordId::Number(n)) = &rec.id else {
            panic!("{id}: {:?}", rec.id)
        };
        assert_eq!(n.as_str(), id);
        assert_eq!(serde_json::to_string(&rec.id).unwrap(), id);
    }
    let rec = read(&r, r#"{"id": [1]}"#);
    assert_eq!(
        rec.errors[0].message(&r),
        "expected a string or a number, found an array"
    );
}

#[test]
fn unknown_field_is_an_error_with_a_suggestion() {
    let r = rules();
    let rec = read(&r, r#"{"birth_asphixia": "yes"}"#);
    assert_eq!(rec.errors.len(), 1);
    assert_eq!(rec.errors[0].field.as_deref(), Some("birth_asphixia"));
    assert!(
        rec.errors[0]
            .message(&r)
            .contains("did you mean \"birth_asphyxia\"?")
    );
    // Never beside a did-you-mean: following it would drop the misspelt answer.
    assert!(!rec.errors[0].message(&r).contains("--allow-extra-fields"));
    let stray = read(&r, r#"{"visit_date": "2026-01-01"}"#);
    assert!(stray.errors[0].message(&r).contains("--allow-extra-fields"));
}

#[test]
fn extra_fields_can_be_allowed() {
    let r = rules();
    let rec = RecordReader {
        rules: &r,
        allow_extra_fields: true,
        codings: None,
    }
    .parse_json(br#"{"site": "north", "nested": {"a": [1]}, "birth_asphyxia": "yes"}"#)
    .unwrap();
    assert!(rec.errors.is_empty());
    assert_eq!(answer(&r, &rec, "birth_asphyxia"), Answer::Yes);
}

#[test]
fn wrong_types_are_errors_naming_what_was_expected() {
    let r = rules();
    let rec = read(
        &r,
        r#"{"birth_asphyxia": 1, "gestational_age_weeks": true, "birth_weight_grams": [1850],
            "fetal_malformation": "maybe"}"#,
    );
    let messages: Vec<(&str, String)> = rec
        .errors
        .iter()
        .map(|e| (e.field.as_deref().unwrap(), e.message(&r)))
        .collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].1.contains("found the number 1"));
    assert!(messages[1].1.starts_with("expected a number of weeks"));
    assert!(messages[1].1.ends_with("found true"));
    assert!(messages[2].1.ends_with("found an array"));
    assert!(messages[3].1.starts_with("\"maybe\" is not an answer"));
}

#[test]
fn every_problem_has_a_stable_code() {
    let r = rules();
    let codes = |json: &str| -> Vec<&'static str> {
        read(&r, json).errors.iter().map(FieldError::code).collect()
    };
    assert_eq!(codes(r#"{"gestational_age_weeks": 353}"#), ["out_of_range"]);
    assert_eq!(
        codes(r#"{"birth_weight_grams": "1850 gr"}"#),
        ["unknown_unit"]
    );
    assert_eq!(codes(r#"{"birth_weight_grams": "abc"}"#), ["not_a_number"]);
    assert_eq!(codes(r#"{"birth_asphixia": "yes"}"#), ["unknown_field"]);
    assert_eq!(codes(r#"{"birth_asphyxia": "maybe"}"#), ["not_yes_no"]);
    assert_eq!(codes(r#"{"birth_asphyxia": [1]}"#), ["wrong_type"]);
    assert_eq!(codes(r#"{"id": {}}"#), ["invalid_id"]);
    assert_eq!(codes("[1]"), ["not_an_object"]);
    assert_eq!(
        codes(r#"{"gestational_age_weeks": "31+7"}"#),
        ["part_too_large"]
    );
}

#[test]
fn out_of_range_json_numbers_are_errors_not_clamped() {
    let r = rules();
    let rec = read(&r, r#"{"gestational_age_weeks": 353}"#);
    assert_eq!(
        rec.errors[0].message(&r),
        "353 weeks is outside the plausible range 20 to 45 weeks"
    );
    let rec = read(&r, r#"{"birth_weight_grams": -5}"#);
    assert!(rec.errors[0].message(&r).contains("negative"));
}

#[test]
fn seen_sets_of_any_size_refuse_repeats() {
    for n in [1, 64, 65, 200] {
        let mut seen = Seen::new(n);
        for i in 0..n {
            assert!(seen.insert(i), "first time {i} of {n}");
            assert!(!seen.insert(i), "second time {i} of {n}");
        }
    }
}

#[test]
fn duplicate_keys_are_errors() {
    let r = rules();
    let rec = read(&r, r#"{"birth_asphyxia": "yes", "birth_asphyxia": "no"}"#);
    assert_eq!(
        rec.errors[0].message(&r),
        "given twice; give each question once"
    );
}

#[test]
fn non_objects_are_record_errors() {
    let r = rules();
    for (json, found) in [
        ("[1,2]", "an array"),
        ("\"x\"", "a string"),
        ("3", "a number"),
        ("null", "null"),
    ] {
        let rec = read(&r, json);
        assert!(
            rec.errors[0]
                .message(&r)
                .ends_with(&format!("found {found}")),
            "{json}"
        );
        assert_eq!(rec.errors[0].field, None);
    }
}

#[test]
fn escaped_strings_are_read() {
    let r = rules();
    let rec = read(&r, r#"{"birth_\u0061sphyxia": "y\u0065s"}"#);
    assert!(rec.errors.is_empty(), "{:?}", rec.errors);
    assert_eq!(answer(&r, &rec, "birth_asphyxia"), Answer::Yes);
}

/// A CSV row as it used to be read: the JSON object of its non-blank cells, parsed
/// with `parse_json`; a cell that is not UTF-8 made the row invalid.
fn row_through_json(reader: &RecordReader<'_>, keys: &[&str], cells: &[&[u8]], row: u64) -> Record {
    let mut json = b"{".to_vec();
    for (key, cell) in keys.iter().zip(cells) {
        let text = if cell.is_ascii() {
            if cell.trim_ascii().is_empty() {
                continue;
            }
            std::str::from_utf8(cell).unwrap()
        } else {
            match std::str::from_utf8(cell) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => text,
                Err(e) => {
                    let problem = RecordProblem::CsvNotUtf8 {
                        row,
                        column: key.to_string(),
                        byte: e.valid_up_to(),
                    };
                    return Record::broken(reader.rules, problem);
                }
            }
        };
        if json.len() > 1 {
            json.push(b',');
        }
        serde_json::to_writer(&mut json, key).unwrap();
        json.push(b':');
        // A number in e-notation or with a trailing point is the JSON number it is.
        let number_form = text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
            && (text.ends_with('.') || text.contains(['e', 'E']));
        match text.parse::<f64>() {
            Ok(n) if *key != "id" && number_form && n.is_finite() => {
                serde_json::to_writer(&mut json, &n).unwrap()
            }
            _ => serde_json::to_writer(&mut json, text).unwrap(),
        }
    }
    json.push(b'}');
    let mut record = reader.parse_json(&json).expect("valid JSON");
    // Which mapped keys a JSON record had is for JSON input only: a CSV header is checked
    // for them before any row is read.
    record.mapped = 0;
    record
}

/// Each row read from its cells and through JSON gives the same record. The cells come
/// with the keys the header plan gives them (a mapped column already as its question);
/// the JSON object has the columns' own names.
fn assert_cells_read_as_json(reader: &RecordReader<'_>, keys: &[&str], rows: &[&[&[u8]]]) {
    let planned: Vec<&str> = keys
        .iter()
        .map(|k| reader.codings.and_then(|c| c.column(k)).unwrap_or(k))
        .collect();
    for (i, cells) in rows.iter().enumerate() {
        let row = i as u64 + 1;
        let direct = reader.read_cells(
            planned
                .iter()
                .copied()
                .zip(cells.iter().map(|c| std::str::from_utf8(c))),
            row,
        );
        assert_eq!(
            direct,
            row_through_json(reader, keys, cells, row),
            "row {row}"
        );
    }
}

#[test]
fn csv_cells_are_read_as_the_json_object_of_the_row_would_be() {
    let r = rules();
    let reader = RecordReader {
        rules: &r,
        allow_extra_fields: false,
        codings: None,
    };
    let keys = [
        "id",
        "birth_asphyxia",
        "gestational_age_weeks",
        "birth_weight_grams",
        "fetal_malformation",
    ];
    let rows: &[&[&[u8]]] = &[
        &[b"a", b"yes", b"31+4", b"1.2 kg", b""],
        // Blank cells, a vertical tab (not blank as ASCII), a no-break space (blank).
        &[b"", b"  ", b"\x0b", "\u{a0}".as_bytes(), b"no"],
        &[b"x\"y\\z", b"Y", b"31w4d", b"4 lb 1 oz", b"maybe"],
        &[b"tab\tid", b"NA", b"353", b"abc", b"TRUE"],
        &[
            " \u{202e}id ".as_bytes(),
            b"1",
            b"0x1F",
            b"1e3",
            "don\u{2019}t know".as_bytes(),
        ],
        &[b"\n", b"\r\nyes\n", b" 39 ", "\u{3000}".as_bytes(), b"N/A"],
        &[
            b"1",
            "\u{662f}".as_bytes(),
            "31\u{ff0b}4".as_bytes(),
            b"-5",
            b"\x01",
        ],
        // Not UTF-8, after a valid cell and before a bad answer: the row alone is wrong.
        &[b"ok", b"yes", b"\xff", b"\xe2\x82", b"maybe"],
        &[b"ok", b"yes", b"39", b"bad \xe2\x82", b"no"],
        // The id alone is not UTF-8 (its byte is counted from the start of the cell).
        &[b"id\xc3", b"", b"", b"", b""],
    ];
    assert_cells_read_as_json(&reader, &keys, rows);
    // A key given twice, and an unknown key, with and without extra fields allowed.
    let keys = ["birth_asphyxia", "nope", "birth_asphyxia", "id", "id"];
    let rows: &[&[&[u8]]] = &[
        &[b"yes", b"x", b"no", b"a", b"b"],
        &[b"", b"x", b"no", b"", b"b"],
    ];
    assert_cells_read_as_json(&reader, &keys, rows);
    let extra = RecordReader {
        allow_extra_fields: true,
        ..reader
    };
    assert_cells_read_as_json(&extra, &keys, rows);
}

#[test]
fn mapped_csv_cells_are_read_as_the_json_object_of_the_row_would_be() {
    let r = rules();
    let codings = Codings::build(
        &r,
        None,
        &["-9".to_string()],
        &["asphyxia=birth_asphyxia".to_string()],
        &["birth_asphyxia:1=yes,2=no,9=unknown".to_string()],
        &["birth_weight_grams=lb".to_string()],
    )
    .unwrap();
    let reader = RecordReader {
        rules: &r,
        allow_extra_fields: false,
        codings: Some(&codings),
    };
    let keys = ["id", "birth_asphyxia", "birth_weight_grams", "asphyxia"];
    let rows: &[&[&[u8]]] = &[
        &[b"a", b"1", b"7.5", b""],
        &[b"b", b"2", b"-9", b""],
        &[b"c", b"9", b"7 lb", b""],
        &[b"d", b" 1 ", b"3000 g", b""],
        &[b"e", b"3", b"x", b""],
        &[b"f", b"-9", b"", b"1"],
        &[b"-9", b"", b"", b"2"],
    ];
    assert_cells_read_as_json(&reader, &keys, rows);
}

#[test]
fn csv_cells_of_questions_not_asked_are_refused_as_in_json() {
    let r = crate::rules::Embedded::find("evidence").unwrap().load();
    assert!(r.conditional);
    let reader = RecordReader {
        rules: &r,
        allow_extra_fields: false,
        codings: None,
    };
    let keys = ["id", "multiple_birth", "co_twin_death"];
    let rows: &[&[&[u8]]] = &[
        &[b"a", b"no", b"yes"],
        &[b"b", b"yes", b"yes"],
        &[b"c", b"no", b"unknown"],
        &[b"d", b"", b"no"],
    ];
    assert_cells_read_as_json(&reader, &keys, rows);
    let cells = rows[0].iter().map(|c| std::str::from_utf8(c));
    let mut direct = reader.read_cells(keys.iter().copied().zip(cells), 1);
    // Whatever a record was read from, the engine refuses answers to questions not asked.
    crate::engine::check_asked(&r, &mut direct);
    assert_eq!(direct.errors[0].code(), "not_asked");
}

#[test]
fn a_new_record_starts_unanswered_whatever_the_last_one_on_its_thread_held() {
    // Answer lists are taken back from dropped records (`SPARE`): one that held answers,
    // to a rule set of more questions, must come back empty.
    let evidence = crate::rules::Embedded::find("evidence").unwrap().load();
    let r = rules();
    for _ in 0..3 {
        let mut big = Answers::unanswered(&evidence);
        big.values.fill(Answer::Yes);
        drop(big);
        let reader = RecordReader {
            rules: &r,
            allow_extra_fields: false,
            codings: None,
        };
        let record = reader.parse_json(br#"{"id":"a"}"#).unwrap();
        assert_eq!(record.answers.values.len(), r.questions.len());
        assert!(
            record
                .answers
                .values
                .iter()
                .all(|a| *a == Answer::Unanswered)
        );
        assert_eq!(record.answers, Answers::unanswered(&r));
    }
}

#[test]
fn tables_with_their_columns_in_another_order_are_read_alike_one_after_another() {
    // The question each column was found to be is kept per thread: another table's
    // columns, in the same places, must be found again.
    let r = rules();
    let reader = RecordReader {
        rules: &r,
        allow_extra_fields: false,
        codings: None,
    };
    let row: &[&[u8]] = &[b"a", b"yes", b"no", b"31"];
    for keys in [
        [
            "id",
            "birth_asphyxia",
            "fetal_hypoxia",
            "gestational_age_weeks",
        ],
        [
            "id",
            "fetal_hypoxia",
            "birth_asphyxia",
            "gestational_age_weeks",
        ],
        ["id", "fetal_hypoxia", "nope", "gestational_age_weeks"],
        [
            "birth_asphyxia",
            "id",
            "fetal_hypoxia",
            "birth_weight_grams",
        ],
        [
            "id",
            "birth_asphyxia",
            "fetal_hypoxia",
            "gestational_age_weeks",
        ],
    ] {
        assert_cells_read_as_json(&reader, &keys, &[row, row]);
    }
}

#[test]
fn syntax_errors_are_returned_for_placement() {
    let r = rules();
    let reader = RecordReader {
        rules: &r,
        allow_extra_fields: false,
        codings: None,
    };
    assert!(reader.parse_json(br#"{"birth_asphyxia": }"#).is_err());
    assert!(reader.parse_json(br#"{} {}"#).is_err());
}

mod flat_reader {
    //! The flat reader (`flat.rs`) against serde_json: the same record, or no reading.
    use super::*;
    use proptest::prelude::*;

    fn both(json: &str, allow_extra_fields: bool) -> (Option<Record>, Record) {
        let rules = rules();
        let reader = RecordReader {
            rules: &rules,
            allow_extra_fields,
            codings: None,
        };
        let flat = reader.read_flat(json.as_bytes());
        let serde = reader
            .read_one(serde_json::Deserializer::from_str(json))
            .expect("valid JSON");
        (flat, serde)
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for json in [
            r#"{}"#,
            r#"  { "id" : "a" , "birth_asphyxia" : "yes" }  "#,
            r#"{"id":7,"gestational_age_weeks":31,"birth_weight_grams":1850.0}"#,
            r#"{"id":-0,"gestational_age_weeks":3.15e1,"birth_weight_grams":18e2}"#,
            r#"{"id":123456789012345678901234,"birth_asphyxia":true,"fetal_hypoxia":null}"#,
            r#"{"birth_asphyxia":"no","birth_asphyxia":"yes","unknown_key":false}"#,
            r#"{"birth_weight_grams":"3斤8两","gestational_age_weeks":"31+4"}"#,
            // The short words, in any field, and the last field's value near the end.
            r#"{"birth_asphyxia":"unknown","fetal_hypoxia":"","family_epilepsy":null}"#,
            r#"{"birth_asphyxia":true,"fetal_hypoxia":"yes","family_epilepsy":"no"}"#,
            r#"{"birth_asphyxia":"no","birth_weight_grams":"no","id":"no"}"#,
            r#"{"gestational_age_weeks":null,"birth_weight_grams":true}"#,
            r#"{"birth_asphyxia":"yes","fetal_hypoxia":"yes"}"#,
            r#"{"birth_asphyxia":"no"}"#,
            r#"{"birth_asphyxia":false}"#,
            "{\"id\":\"a\"}\r\n",
        ] {
            let (flat, serde) = both(json, false);
            assert_eq!(flat.as_ref(), Some(&serde), "{json}");
        }
    }

    #[test]
    fn every_word_of_the_vocabulary_in_any_case_reads_as_serde_json_reads_it() {
        use crate::locale::{Meaning, Vocabulary};
        for meaning in Meaning::ALL {
            for word in Vocabulary::all().words(meaning) {
                let mut capital = word.to_string();
                if let Some(first) = capital.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                for w in [word.to_string(), word.to_ascii_uppercase(), capital] {
                    let json =
                        format!(r#"{{"birth_asphyxia":"{w}","gestational_age_weeks":"{w}"}}"#);
                    let (flat, serde) = both(&json, false);
                    assert_eq!(flat.as_ref(), Some(&serde), "{json}");
                }
            }
        }
    }

    #[test]
    fn leaves_everything_else_to_serde_json() {
        for json in [
            r#"{"id":"a\"b"}"#,
            r#"{"id":"a\u0041"}"#,
            "{\"id\":\t\"a\"}",
            r#"{"birth_asphyxia":["yes"]}"#,
            r#"{"birth_asphyxia":{"a":1}}"#,
            r#"{"cp_screen":{"rules":"x"}}"#,
            r#"{"id":"a"} x"#,
            r#"{"id":01}"#,
            r#"{"id":1.}"#,
            r#"{"id":1e999}"#,
            r#"{"id":"a",}"#,
            r#"["id"]"#,
            r#"{"id":tru}"#,
        ] {
            let rules = rules();
            let reader = RecordReader {
                rules: &rules,
                allow_extra_fields: true,
                codings: None,
            };
            assert_eq!(reader.read_flat(json.as_bytes()), None, "{json}");
        }
    }

    #[test]
    fn leaves_a_record_that_is_not_utf8_to_serde_json_wherever_the_bad_byte_is() {
        let rules = rules();
        let reader = RecordReader {
            rules: &rules,
            allow_extra_fields: true,
            codings: None,
        };
        for bytes in [
            &b"{\"id\":\"a\xff\"}"[..],
            // In a value known from its first bytes, and in a key or value never cut out.
            b"{\"birth_asphyxia\":\"no\xc3\"}",
            b"{\"birth_asphyxia\":\"no\",\"x\xe4\xb8\":1}",
            b"{\"birth_asphyxia\":\"no\",\"x\":\"\xed\xa0\x80\"}",
        ] {
            assert_eq!(reader.read_flat(bytes), None, "{bytes:?}");
            assert!(reader.parse_json(bytes).is_err(), "{bytes:?}");
        }
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| format!("{f:e}")),
            (0u32..400, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
            "[a-z0-9+. 斤两周天]{0,8}".prop_map(|s| format!("\"{s}\"")),
            // The words read at once, and ones like them (`yes_no_word`).
            prop::sample::select(vec![
                "yes", "no", "unknown", "", "No", "YES", "yes ", " no", "unknow", "unknownn",
                "nul", "null", "true", "false",
            ])
            .prop_map(|s| format!("\"{s}\"")),
        ]
    }

    proptest! {
        #[test]
        fn a_random_flat_record_reads_the_same_both_ways(
            fields in proptest::collection::vec(
                (prop_oneof![
                    Just("id"), Just("birth_asphyxia"), Just("gestational_age_weeks"),
                    Just("birth_weight_grams"), Just("fetal_hypoxia"), Just("nope"),
                ], value()),
                0..8,
            ),
            allow in any::<bool>(),
        ) {
            let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            let json = format!("{{{}}}", body.join(","));
            let (flat, serde) = both(&json, allow);
            prop_assert_eq!(flat, Some(serde), "{}", json);
        }
    }
}

mod kept {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever is kept, and in whatever order texts come, a batch worker reads and
        /// says every notation as it is read and said anywhere else.
        #[test]
        fn notations_read_in_a_worker_are_read_and_said_as_anywhere(
            texts in proptest::collection::vec(
                "[0-9]{1,4}(\\.[0-9]{1,3})?( ?(lb|oz|kg|g|w|d|wk|周|天|斤|两|兩|台斤|克|\\+|,)[0-9]{0,2}){0,3}",
                1..12,
            ),
            order in proptest::collection::vec(0usize..24, 0..24),
        ) {
            let r = rules();
            let numbers: Vec<usize> = ["gestational_age_weeks", "birth_weight_grams"]
                .iter()
                .map(|id| r.question_index(id).unwrap())
                .collect();
            let read = |i: usize| {
                let (text, q) = (&texts[i % texts.len()], numbers[i / texts.len() % 2]);
                let answer = answer_from_text(text, &r.questions[q]);
                let said = answer.as_ref().ok().map(|a| crate::words::answer(&r, q, a));
                (answer, said)
            };
            let cases: Vec<usize> = (0..2 * texts.len()).chain(order.iter().map(|i| i % (2 * texts.len()))).collect();
            let anywhere: Vec<_> = cases.iter().map(|&i| read(i)).collect();
            let kept: Vec<_> = keeping_notations(|| cases.iter().map(|&i| read(i)).collect());
            prop_assert_eq!(kept, anywhere);
        }
    }
}

mod cells {
    use super::*;
    use proptest::prelude::*;

    /// A yes/no question's answer as `answer_from_text` reads its text.
    fn slow(text: &str) -> Option<Answer> {
        let r = rules();
        let q = &r.questions[r.question_index("birth_asphyxia").unwrap()];
        answer_from_text(text, q).ok()
    }

    #[test]
    fn the_usual_cells_of_a_yes_no_column_are_read_at_once_and_nothing_else() {
        for (text, want) in [
            ("yes", Some(Answer::Yes)),
            ("no", Some(Answer::No)),
            ("unknown", Some(Answer::Unknown)),
            // The same words with capitals.
            ("No", Some(Answer::No)),
            ("YES", Some(Answer::Yes)),
            ("UnKnOwN", Some(Answer::Unknown)),
            // Read the slow way: a space, a literal's look, zero bytes, and the bytes
            // just before and after the capital letters (`@`, `[`) and the small ones
            // (`` ` ``, `{`), which are no letters.
            (" no", None),
            ("n@", None),
            ("n[", None),
            ("`es", None),
            ("{es", None),
            ("\"null", None),
            ("\"true", None),
            ("no\0", None),
            ("\0", None),
            ("", None),
            ("unknown!", None),
        ] {
            assert_eq!(yes_no_text(text), want, "{text:?}");
            if let Some(answer) = want {
                assert_eq!(slow(text), Some(answer), "{text:?}");
            }
        }
    }

    #[test]
    fn lower_makes_exactly_the_capital_letters_small_in_every_byte() {
        for at in 0..8 {
            for b in 0..=255u8 {
                // Neighbours that would carry into the byte if the sums overflowed.
                let around = !(0xff_u64 << (8 * at));
                let word = around | (u64::from(b) << (8 * at));
                let want = u64::from_le_bytes(word.to_le_bytes().map(|c| c.to_ascii_lowercase()));
                assert_eq!(lower(word), want, "{b:#x} at {at}");
                assert_eq!(
                    lower(u64::from(b) << (8 * at)),
                    u64::from(b.to_ascii_lowercase()) << (8 * at)
                );
            }
        }
    }

    proptest! {
        /// Whatever the text, the fast way gives what the slow way gives, or nothing.
        #[test]
        fn a_cell_read_at_once_is_read_as_answer_from_text_reads_it(
            text in "[\"\\x00 a-zA-Z@\\[`{é]{0,9}|(yes|no|unknown|YES|No|nO|UnKnOwN)[\\x00 ]{0,2}"
        ) {
            if let Some(fast) = yes_no_text(&text) {
                prop_assert_eq!(Some(fast), slow(&text));
            }
        }
    }
}
