//! Tests of the questionnaire's flow and prompters, with scripted answers.

use super::*;
use std::collections::VecDeque;

/// Answers prompts from a script and records what was shown.
struct Scripted {
    script: VecDeque<&'static str>,
    shown: Vec<String>,
    /// Erase what `erase_to` erases, as a terminal does (off: keep the whole history).
    erasing: bool,
    item_width: Option<usize>,
}

impl Scripted {
    fn new(script: &[&'static str]) -> Scripted {
        Scripted {
            script: script.iter().copied().collect(),
            shown: Vec::new(),
            erasing: false,
            item_width: None,
        }
    }

    fn next(&mut self) -> PromptResult<&'static str> {
        self.script.pop_front().ok_or(PromptError::Eof)
    }
}

impl Prompter for Scripted {
    fn say(&mut self, text: &str) -> PromptResult<()> {
        self.shown.push(text.to_string());
        Ok(())
    }

    /// Script entries for selects: an item's text prefix, "" for the default, "esc".
    fn select(
        &mut self,
        prompt: &str,
        items: &[Item],
        default: usize,
    ) -> PromptResult<Option<usize>> {
        self.shown
            .push(format!("{prompt} [default: {}]", items[default].label));
        let items: Vec<String> = items
            .iter()
            .map(|i| format!("{}) {}", i.tag(), i.label))
            .collect();
        self.shown
            .extend(items.iter().map(|i| format!("item: {i}")));
        let want = self.next()?;
        if want == "esc" {
            return Ok(None);
        }
        if want.is_empty() {
            return Ok(Some(default));
        }
        // An item's label or its tag: "Yes", "5)".
        let found = items.iter().position(|i| {
            i.starts_with(want) || i.split_once(") ").is_some_and(|(_, l)| l.starts_with(want))
        });
        Ok(Some(found.unwrap_or_else(|| {
            panic!("no item {want:?} in {items:?}")
        })))
    }

    fn input(
        &mut self,
        prompt: &str,
        _hint: &str,
        initial: Option<&str>,
        check: Check<'_>,
    ) -> PromptResult<Option<String>> {
        self.shown.push(format!("{prompt} [initial: {initial:?}]"));
        loop {
            let text = self.next()?;
            if text == "esc" {
                return Ok(None);
            }
            match check(text) {
                Ok(()) => return Ok(Some(text.to_string())),
                Err(why) => self.shown.push(format!("re-prompt: {why}")),
            }
        }
    }

    fn answered(&mut self, prompt: &str, answer: &str) -> PromptResult<()> {
        self.shown.push(format!("✔ {prompt} · {answer}"));
        Ok(())
    }

    fn item_width(&self, tag: &str) -> Option<usize> {
        self.item_width.map(|w| w.saturating_sub(tag.len() + 2))
    }

    fn mark(&self) -> usize {
        self.shown.len()
    }

    fn erase_to(&mut self, mark: usize) -> PromptResult<()> {
        if self.erasing {
            self.shown.truncate(mark);
        }
        Ok(())
    }
}

/// The questionnaire's mechanics are tested on a fixed rule file (1.0.0), so that
/// clinical changes to the default set do not move these scripts.
fn rules() -> RuleSet {
    RuleSet::from_json(
        include_str!("../../tests/fixtures/cerebral-palsy-1.0.0.json"),
        "cerebral-palsy-1.0.0.json",
    )
    .unwrap()
}

fn yes_no_items() -> Vec<Item> {
    let mut items = menu_items(words::chosen());
    items.truncate(3);
    items
}

/// A full pass: 8 pregnancy/family selects, 2 numbers, 6 birth selects, then confirm.
fn full_script() -> Vec<&'static str> {
    let mut s = vec!["Yes", "No", "Don't know", "No", "No", "Yes", "No", "No"];
    s.extend(["30+4", "1.85 kg"]);
    s.extend(["No", "No", "Yes", "No", "No", "No"]);
    s.push("Confirm");
    s
}

/// The answers listed by every review shown (not its Confirm).
fn review_items(shown: &[String]) -> Vec<&String> {
    let mut out = Vec::new();
    let mut in_review = false;
    for s in shown {
        if s.starts_with(words::get().phrase(Phrase::ReviewPrompt)) {
            in_review = true;
        } else if !s.starts_with("item: ") {
            in_review = false;
        } else if in_review && !s.starts_with("item: c)") {
            out.push(s);
        }
    }
    out
}

fn value(rules: &RuleSet, answers: &Answers, id: &str) -> Answer {
    answers.values[rules.question_index(id).unwrap()].clone()
}

#[test]
fn a_full_pass_records_every_answer() {
    let r = rules();
    let mut p = Scripted::new(&full_script());
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(value(&r, &answers, "maternal_infection"), Answer::Yes);
    assert_eq!(value(&r, &answers, "fetal_hypoxia"), Answer::Unknown);
    assert_eq!(value(&r, &answers, "family_epilepsy"), Answer::Yes);
    assert_eq!(value(&r, &answers, "birth_asphyxia"), Answer::Yes);
    assert!(
        matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if (value - 30.571).abs() < 0.001)
    );
    assert!(p.shown.iter().any(|s| s == "── Birth ──"));
    assert!(
        p.shown
            .iter()
            .any(|s| s.starts_with("Birth, question 9 of 16: How many weeks"))
    );
    assert!(
        p.shown.iter().any(|s| s == "  30+4 weeks = 30.6 weeks"),
        "{:#?}",
        p.shown
    );
    assert!(p.shown.iter().any(|s| s == "  1.85 kg = 1850 g"));
    assert!(p.shown[1].contains("not a diagnosis"));
}

#[test]
fn dont_know_is_the_default_so_enter_never_records_no() {
    let r = rules();
    let mut script = vec![""; 8];
    script.extend(["", ""]);
    script.extend(vec![""; 6]);
    script.push("");
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert!(
        answers.values.iter().all(|a| *a == Answer::Unknown),
        "{answers:?}"
    );
    assert!(p.shown.iter().any(|s| s.ends_with("[default: Don't know]")));
}

#[test]
fn back_returns_to_the_previous_question_keeping_its_answer_as_default() {
    let r = rules();
    let mut script = vec!["Yes", "Back", "No"];
    script.extend(["No"; 7]);
    script.extend(["32", "back", "33", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(value(&r, &answers, "maternal_infection"), Answer::No);
    let asked: Vec<&String> = p
        .shown
        .iter()
        .filter(|s| s.starts_with("Your answer"))
        .collect();
    assert_eq!(
        asked[0], "Your answer [default: Don't know]",
        "question 1, first time"
    );
    assert_eq!(
        asked[2], "Your answer [default: Yes]",
        "question 1 again after going back"
    );
    let numbers: Vec<&String> = p.shown.iter().filter(|s| s.contains("[initial:")).collect();
    assert_eq!(numbers[0], "Your answer [initial: None]");
    assert_eq!(
        numbers[1], "Your answer [initial: None]",
        "question 10, then back"
    );
    assert_eq!(
        numbers[2], "Your answer [initial: Some(\"32\")]",
        "question 9 keeps 32 for editing"
    );
    assert!(
        matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if value == 33.0)
    );
}

#[test]
fn a_question_without_help_offers_no_help_and_back_still_works() {
    let mut v: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/cerebral-palsy-1.0.0.json"
    ))
    .unwrap();
    v["questions"][1].as_object_mut().unwrap().remove("help");
    let r = RuleSet::from_json(&v.to_string(), "no-help.json").unwrap();
    let mut script = vec!["Yes", "Back", "No", "Don't know"];
    script.extend(["No"; 6]);
    script.extend(["39", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(value(&r, &answers, "maternal_infection"), Answer::No);
    assert_eq!(value(&r, &answers, "harmful_exposure"), Answer::Unknown);
    let q2 = p
        .shown
        .iter()
        .position(|s| s.starts_with("Pregnancy, question 2 of 16"))
        .unwrap();
    let items: Vec<&String> = p.shown[q2..].iter().skip(2).take(4).collect();
    assert_eq!(
        items,
        [
            "item: 1) Yes",
            "item: 2) No",
            "item: 3) Don't know",
            "item: 4) Back to the previous question"
        ]
    );
}

fn evidence() -> RuleSet {
    crate::rules::Embedded::find("evidence").unwrap().load()
}

/// The evidence set with every yes/no answered `first` for its 5 questions before the
/// co-twin question, then `rest` (script entries) from there on.
fn evidence_script(multiple_birth: &'static str, rest: &[&'static str]) -> Vec<&'static str> {
    let mut s = vec!["No", "No", "No", "No", multiple_birth];
    s.extend(rest);
    s
}

/// Everything after the co-twin question: 2 yes/no, 2 numbers, 13 yes/no, confirm.
fn after_co_twin() -> Vec<&'static str> {
    let mut s = vec!["No", "No", "39", "3400"];
    s.extend(["No"; 13]);
    s.push("Confirm");
    s
}

fn asked(p: &Scripted, text: &str) -> usize {
    p.shown.iter().filter(|s| s.contains(text)).count()
}

const CO_TWIN: &str = "twin or triplet die";

#[test]
fn a_conditional_question_is_skipped_when_its_condition_is_false() {
    let r = evidence();
    let mut p = Scripted::new(&evidence_script("No", &after_co_twin()));
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(asked(&p, CO_TWIN), 0, "{:#?}", p.shown);
    assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Unanswered);
    let statuses = crate::engine::screen(&r, &answers);
    let f = r.factor_index("co_twin_death").unwrap();
    assert_eq!(statuses[f], crate::engine::Status::NotApplicable);
    // The review does not list it either.
    assert!(!p.shown.iter().any(|s| s.contains("Death of a twin")));

    let mut script = evidence_script("Yes", &["Yes"]);
    script.extend(after_co_twin());
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(asked(&p, CO_TWIN), 1);
    assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Yes);
}

#[test]
fn going_back_re_decides_a_conditional_question() {
    let r = evidence();
    // Twins, then back from the co-twin question to say "not a multiple birth": the
    // co-twin question is skipped on the way forward again, and has no answer.
    let mut script = evidence_script("Yes", &["Back", "No"]);
    script.extend(after_co_twin());
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(asked(&p, CO_TWIN), 1);
    assert_eq!(value(&r, &answers, "multiple_birth"), Answer::No);
    assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Unanswered);

    // Back over a skipped question lands on the one before it.
    let mut script = evidence_script("No", &["Back", "Back", "Yes"]);
    script.extend(["No", "No", "No", "No", "39", "3400"]);
    script.extend(["No"; 13]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(value(&r, &answers, "small_for_dates"), Answer::Yes);
    assert_eq!(value(&r, &answers, "co_twin_death"), Answer::Unanswered);
}

#[test]
fn changing_an_answer_at_the_review_asks_a_question_it_opens() {
    let r = evidence();
    let mut script = evidence_script("No", &after_co_twin());
    script.pop(); // not confirmed yet: change question 5 to "Yes"
    script.extend(["5)", "Yes", "No", "Confirm"]);
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(value(&r, &answers, "multiple_birth"), Answer::Yes);
    assert_eq!(asked(&p, CO_TWIN), 1);
    assert_eq!(value(&r, &answers, "co_twin_death"), Answer::No);
}

#[test]
fn escape_goes_back_too() {
    let r = rules();
    let mut script = vec!["Yes", "esc", "No"];
    script.extend(["No"; 7]);
    script.extend(["39", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let answers = questionnaire(&r, &mut Scripted::new(&script)).unwrap();
    assert_eq!(value(&r, &answers, "maternal_infection"), Answer::No);
}

#[test]
fn bad_numbers_are_re_prompted_with_the_reason_and_forms() {
    let r = rules();
    let mut script = vec!["No"; 8];
    script.extend(["353", "31+7", "31+4", "20 kg", "unknown"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    let reprompts: Vec<&String> = p
        .shown
        .iter()
        .filter(|s| s.starts_with("re-prompt"))
        .collect();
    assert_eq!(reprompts.len(), 3, "{reprompts:#?}");
    assert!(reprompts[0].contains("outside the plausible range 20 to 45 weeks"));
    assert!(reprompts[0].contains("Accepted: for example 31+4, 31w4d"));
    assert!(reprompts[1].contains("7 days is a whole week or more"));
    assert!(reprompts[2].contains("20000 g, outside the plausible range 200 to 7000 g"));
    assert_eq!(value(&r, &answers, "birth_weight_grams"), Answer::Unknown);
}

#[test]
fn help_shows_the_question_help_from_the_rule_file() {
    let r = rules();
    let mut script = vec!["Help", "No"];
    script.extend(["No"; 7]);
    script.extend(["?", "39", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    questionnaire(&r, &mut p).unwrap();
    assert!(
        p.shown
            .iter()
            .any(|s| s.starts_with("For example influenza"))
    );
    assert!(
        p.shown
            .iter()
            .any(|s| s.starts_with("Weeks and days are fine"))
    );
}

#[test]
fn the_review_lists_every_answer_and_lets_any_be_changed() {
    let r = rules();
    let mut script = full_script();
    script.pop();
    script.extend(["13)", "No", "9)", "39+1", "Confirm"]);
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(value(&r, &answers, "birth_asphyxia"), Answer::No);
    assert!(
        matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if (value - (39.0 + 1.0 / 7.0)).abs() < 1e-9)
    );
    let items: Vec<&String> = review_items(&p.shown);
    assert_eq!(
        items.len(),
        3 * 16,
        "the review is shown three times with all 16 answers"
    );
    assert_eq!(
        items[0],
        "item: 1) Infection of the mother during pregnancy: yes"
    );
    assert_eq!(
        items[2],
        "item: 3) Lack of oxygen of the fetus during pregnancy: don't know"
    );
    assert_eq!(
        items[8],
        "item: 9) Gestational age at birth: 30+4 weeks (30.6 weeks)"
    );
    assert_eq!(items[12], "item: 13) Asphyxia at birth: yes");
    assert_eq!(items[16 + 12], "item: 13) Asphyxia at birth: no");
    assert_eq!(
        items[32 + 8],
        "item: 9) Gestational age at birth: 39+1 weeks (39.1 weeks)"
    );
}

#[test]
fn end_of_input_is_reported_not_a_panic() {
    let r = rules();
    let mut p = Scripted::new(&["Yes"]);
    assert!(matches!(questionnaire(&r, &mut p), Err(PromptError::Eof)));
}

#[test]
fn saved_answers_read_back_identically() {
    let r = rules();
    let answers = questionnaire(&r, &mut Scripted::new(&full_script())).unwrap();
    let json = answers_to_json(&r, &answers).to_string();
    let back = crate::answers::RecordReader {
        rules: &r,
        allow_extra_fields: false,
        codings: None,
    }
    .parse_json(json.as_bytes())
    .unwrap();
    assert!(back.errors.is_empty());
    assert_eq!(back.answers, answers);
}

#[test]
fn a_plain_number_is_echoed_with_its_unit_not_lost() {
    let r = rules();
    let mut script = vec!["No"; 8];
    script.extend(["31.5", "1850"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    questionnaire(&r, &mut p).unwrap();
    assert!(
        p.shown
            .iter()
            .any(|s| s == "  31.5 = 31.5 weeks, that is 31 weeks 3.5 days"),
        "{:#?}",
        p.shown
    );
    assert!(p.shown.iter().any(|s| s == "  1850 = 1850 g"));
    assert!(
        !p.shown.iter().any(|s| s.starts_with("   ")),
        "no echo without its number"
    );
}

#[test]
fn help_and_back_are_not_echoed_as_answers_and_enter_at_a_number_says_dont_know() {
    let r = rules();
    let mut script = vec!["Help", "No"];
    script.extend(["No"; 7]);
    script.extend(["?", "", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    questionnaire(&r, &mut p).unwrap();
    let answered: Vec<&String> = p.shown.iter().filter(|s| s.starts_with('✔')).collect();
    assert_eq!(
        answered.len(),
        17,
        "16 answers and the confirmation: {answered:#?}"
    );
    assert!(
        answered.iter().all(|s| !s.contains("Help")),
        "{answered:#?}"
    );
    assert_eq!(answered[8], "✔ Your answer · Don't know");
    assert_eq!(answered[9], "✔ Your answer · 3400");
    assert_eq!(
        answered[16],
        "✔ Confirm, or choose an answer to change · Confirm and show the result"
    );
}

#[test]
fn escape_at_a_number_goes_back() {
    let r = rules();
    let mut script = vec!["No"; 8];
    script.extend(["39", "esc", "40", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert!(
        matches!(value(&r, &answers, "gestational_age_weeks"), Answer::Number { value, .. } if value == 40.0)
    );
    let numbers: Vec<&String> = p.shown.iter().filter(|s| s.contains("[initial:")).collect();
    assert_eq!(
        numbers[2], "Your answer [initial: Some(\"39\")]",
        "{numbers:#?}"
    );
}

#[test]
fn escape_at_the_review_goes_back_to_the_last_question_not_to_the_result() {
    let r = rules();
    let mut script = full_script();
    script.pop();
    script.extend(["esc", "Yes", "Confirm"]);
    let mut p = Scripted::new(&script);
    let answers = questionnaire(&r, &mut p).unwrap();
    assert_eq!(value(&r, &answers, "short_umbilical_cord"), Answer::Yes);
    let q16 = p
        .shown
        .iter()
        .filter(|s| s.starts_with("Birth, question 16 of 16"))
        .count();
    assert_eq!(q16, 2, "question 16 is asked again after Esc at the review");
    // Esc while changing an answer from the review keeps the answer.
    let mut script = full_script();
    script.pop();
    script.extend(["13)", "esc", "Confirm"]);
    let answers = questionnaire(&r, &mut Scripted::new(&script)).unwrap();
    assert_eq!(value(&r, &answers, "birth_asphyxia"), Answer::Yes);
}

#[test]
fn back_erases_the_question_left_and_the_one_gone_back_to() {
    let r = rules();
    let mut script = vec!["No"; 4];
    // Question 5 opens the family section; Back from it returns to question 4.
    script.extend(["Back", "Yes"]);
    script.extend(["No"; 4]);
    script.extend(["39", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    p.erasing = true;
    questionnaire(&r, &mut p).unwrap();
    let count = |prefix: &str| p.shown.iter().filter(|s| s.starts_with(prefix)).count();
    assert_eq!(count("Pregnancy, question 4 of 16"), 1, "{:#?}", p.shown);
    assert_eq!(count("Family, question 5 of 16"), 1);
    assert_eq!(count("── Family ──"), 1);
    assert_eq!(count("── Review your answers ──"), 1);
    let q4 = p
        .shown
        .iter()
        .position(|s| s.starts_with("Pregnancy, question 4"))
        .unwrap();
    assert_eq!(
        p.shown[q4 + 7],
        "✔ Your answer · Yes",
        "{:#?}",
        &p.shown[q4..]
    );
}

#[test]
fn review_items_keep_the_answer_in_view_on_a_narrow_terminal() {
    let label = "gestational age at birth";
    let full = "Gestational age at birth: 31 weeks";
    assert_eq!(review_item(label, "31 weeks", None), full);
    assert_eq!(review_item(label, "31 weeks", Some(34)), full);
    // One column short: the label is cut, with "…".
    assert_eq!(
        review_item(label, "31 weeks", Some(33)),
        "Gestational age at bir…: 31 weeks"
    );
    assert_eq!(
        review_item(label, "31 weeks", Some(20)),
        "Gestation…: 31 weeks"
    );
    // No room for three columns of label beside the answer: the label on the item's first
    // row, the answer on the rows under it, wrapped, never cut.
    assert_eq!(
        review_item(label, "31 weeks", Some(12)),
        "Gestational…\n31 weeks"
    );
    let weeks = "31+4/40 weeks (31.6 weeks)";
    assert_eq!(
        review_item(label, weeks, Some(23)),
        "Gestational age at bir…\n31+4/40 weeks (31.6\nweeks)"
    );
    // Every row fits, in English and Chinese (two columns a character), and the answer is
    // all there, read across its rows.
    for (lang, label, answer) in [
        (crate::locale::Lang::En, label, weeks),
        (
            crate::locale::Lang::ZhHans,
            "出生时胎龄",
            "31+4/40 周（31.6 周）",
        ),
        (
            crate::locale::Lang::ZhHant,
            "出生體重",
            "3斤8兩（2100 公克，按 1 斤 = 600 公克的台斤計算）",
        ),
    ] {
        words::in_language(lang, || {
            for width in 8..60 {
                let item = review_item(label, answer, Some(width));
                let rows: Vec<&str> = item.split('\n').collect();
                assert!(
                    rows.iter().all(|r| display_width(r) <= width),
                    "{width}: {rows:?}"
                );
                let compact = |t: &str| t.split_whitespace().collect::<String>();
                assert!(
                    compact(&item).ends_with(&compact(answer)),
                    "{width}: {rows:?}"
                );
                if rows.len() > 1 {
                    assert!(!rows[1..].concat().contains('…'), "{width}: {rows:?}");
                }
            }
        });
    }
    let r = rules();
    let mut script = full_script();
    script.pop();
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    p.item_width = Some(37);
    questionnaire(&r, &mut p).unwrap();
    let items: Vec<&String> = review_items(&p.shown);
    assert_eq!(items[0], "item: 1) Infection of the mother dur…: yes");
}

#[test]
fn a_negative_number_names_the_accepted_forms_once() {
    let r = rules();
    let mut script = vec!["No"; 8];
    script.extend(["-5", "39", "3400"]);
    script.extend(["No"; 6]);
    script.push("Confirm");
    let mut p = Scripted::new(&script);
    questionnaire(&r, &mut p).unwrap();
    let again = p.shown.iter().find(|s| s.starts_with("re-prompt")).unwrap();
    assert_eq!(again.matches("31w4d").count(), 1, "{again}");
    assert!(again.ends_with("or Enter if you don't know."), "{again}");
}

#[test]
fn save_refuses_to_replace_a_file_or_a_link_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    std::fs::write(&file, "{}").unwrap();
    let refused = |p: &Path, force| match refuse_overwrite(p, force) {
        Err(Error::Usage(u)) => u.code() == "save_exists",
        _ => false,
    };
    assert!(refused(&file, false));
    assert!(refuse_overwrite(&file, true).is_ok());
    assert!(refuse_overwrite(&dir.path().join("new.json"), false).is_ok());
    #[cfg(unix)]
    {
        let link = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        assert!(
            refused(&link, false),
            "a broken link is not replaced either"
        );
        // A device is written to, not replaced.
        assert!(refuse_overwrite(Path::new("/dev/null"), false).is_ok());
    }
}

#[test]
fn menu_items_are_cut_by_columns() {
    assert_eq!(fit("Short umbilical cord", 40), "Short umbilical cord");
    assert_eq!(fit("Short umbilical cord", 10), "Short umb…");
    let chinese = "脐带过短脐带过短脐带过短";
    assert_eq!(fit(chinese, 9), "脐带过短…");
    assert_eq!(fit(chinese, 24), chinese);
}

/// The items of a yes/no menu with Help and Back in `lang`, as the questionnaire makes them.
fn menu_items(lang: crate::locale::Lang) -> Vec<Item> {
    use crate::words::Words;
    [
        (Phrase::Yes, Shortcut::Yes),
        (Phrase::No, Shortcut::No),
        (Phrase::DontKnow, Shortcut::DontKnow),
        (Phrase::Help, Shortcut::Help),
        (Phrase::Back, Shortcut::Back),
    ]
    .into_iter()
    .enumerate()
    .map(|(n, (p, s))| Item {
        label: lang.phrase(p).to_string(),
        keys: lang.shortcuts(s),
        number: Some(n + 1),
    })
    .collect()
}

/// What each character typed at a menu does, in order.
fn typing(text: &str, items: &[Item]) -> Vec<terminal::Typing> {
    let mut typed = terminal::Typed::default();
    text.chars().map(|c| typed.push(c, items)).collect()
}

#[test]
fn typed_keys_move_the_menu_to_the_item_they_name() {
    use crate::locale::Lang;
    use crate::words::Words;
    use terminal::Typing::{Chose, Nothing, Partial};
    let zh = menu_items(Lang::ZhHans);
    // A word from an input method arrives as its characters, one key each.
    assert_eq!(typing("是", &zh), [Chose(0)]);
    assert_eq!(typing("有", &zh), [Chose(0)]);
    assert_eq!(typing("没有", &zh), [Partial, Chose(1)]);
    assert_eq!(typing("否", &zh), [Chose(1)]);
    assert_eq!(typing("不清楚", &zh), [Partial, Partial, Chose(2)]);
    assert_eq!(typing("不是", &zh), [Partial, Chose(1)]);
    assert_eq!(typing("？", &zh), [Chose(3)]);
    assert_eq!(typing("2", &zh), [Chose(1)]);
    // A word after a word starts afresh.
    assert_eq!(typing("有否", &zh), [Chose(0), Chose(1)]);
    assert_eq!(typing("x", &zh), [Nothing("x".into())]);
    let en = menu_items(Lang::En);
    assert_eq!(typing("y", &en), [Chose(0)]);
    assert_eq!(typing("yes", &en), [Chose(0), Partial, Chose(0)]);
    assert_eq!(typing("N", &en), [Chose(1)]);
    assert_eq!(typing("d", &en), [Chose(2)]);
    assert_eq!(typing("3", &en), [Chose(2)]);
    assert_eq!(typing("b", &en), [Chose(4)]);
    assert_eq!(typing("9", &en), [Nothing("9".into())]);
    // The review: answers by their question's number, two digits as two keys.
    let mut review = vec![Item {
        label: "Confirm".into(),
        keys: Lang::En.shortcuts(Shortcut::Confirm),
        number: None,
    }];
    for n in [1, 2, 5, 16] {
        review.push(Item {
            label: format!("answer {n}"),
            keys: &[],
            number: Some(n),
        });
    }
    assert_eq!(typing("16", &review), [Chose(1), Chose(4)]);
    assert_eq!(typing("5", &review), [Chose(3)]);
    assert_eq!(typing("c", &review), [Chose(0)]);
    // 3 is not asked: nothing moves.
    assert_eq!(typing("3", &review), [Nothing("3".into())]);
}

#[test]
fn the_menu_keys_named_in_the_introduction_are_keys() {
    use crate::locale::Lang;
    use crate::words::Words;
    for (lang, named) in [
        (Lang::En, ["y", "n", "d"]),
        (Lang::ZhHans, ["有", "没有", "不清楚"]),
    ] {
        let keys = lang.phrase(Phrase::MenuKeys);
        let items = menu_items(lang);
        for (i, word) in named.iter().enumerate() {
            assert!(keys.contains(word), "{keys}");
            assert_eq!(named_item(word, &items), Some(i), "{word}");
        }
    }
}

#[test]
fn plain_menus_take_words_as_well_as_numbers() {
    let items = menu_items(words::chosen());
    let input = b"y\nNO\n?\nback\nDon't know\n dk \n2\n" as &[u8];
    let mut out = Vec::new();
    let mut p = PlainPrompter::new(input, &mut out);
    let chosen: Vec<Option<usize>> = (0..7).map(|_| p.select("Q?", &items, 2).unwrap()).collect();
    assert_eq!(
        chosen,
        [
            Some(0),
            Some(1),
            Some(3),
            Some(4),
            Some(2),
            Some(2),
            Some(1)
        ]
    );
}

#[test]
fn plain_mode_wraps_to_the_terminal_width_when_given_one() {
    let mut out = Vec::new();
    let mut p = PlainPrompter::new(b"\n" as &[u8], &mut out).width(Some(30));
    p.say("Birth, question 13 of 16: Did the baby have asphyxia at birth?")
        .unwrap();
    let items = vec![Item {
        label: "Asphyxia at birth at the time of the birth: yes".into(),
        keys: &[],
        number: Some(13),
    }];
    p.select("Confirm, or choose an answer to change", &items, 0)
        .unwrap();
    let shown = String::from_utf8(out).unwrap();
    assert!(
        shown.starts_with("Birth, question 13 of 16: Did\nthe baby have asphyxia at\nbirth?\n"),
        "{shown}"
    );
    assert!(
        shown.contains("  13) Asphyxia at birth at the\n      time of the birth: yes\n"),
        "{shown}"
    );
}

#[test]
fn plain_mode_wraps_the_prompt_an_answer_is_typed_after() {
    // "Choose 1 to 3 (Enter = 3, Don't know): " ran past a narrow terminal's edge.
    for width in [20, 24, 30] {
        let mut out = Vec::new();
        let mut p = PlainPrompter::new(b"\n" as &[u8], &mut out).width(Some(width));
        assert_eq!(p.select("Q?", &yes_no_items(), 2).unwrap(), Some(2));
        let shown = String::from_utf8(out).unwrap();
        for line in shown.lines() {
            assert!(
                line.chars().count() <= width,
                "{width}: {line:?} in {shown}"
            );
        }
        let prompt: String = shown.split("3) Don't know\n").nth(1).unwrap().into();
        assert_eq!(
            prompt.split_whitespace().collect::<Vec<_>>(),
            [
                "Choose", "1", "to", "3", "(Enter", "=", "3,", "Don't", "know):"
            ],
            "{width}: {prompt:?}"
        );
        // The answer is typed after a space on the prompt's last line.
        assert!(prompt.ends_with("know): "), "{prompt:?}");
    }
}

#[test]
fn plain_prompter_numbers_choices_and_re_asks() {
    let input = b"7\n\n2\n" as &[u8];
    let mut out = Vec::new();
    let mut p = PlainPrompter::new(input, &mut out);
    let items = yes_no_items();
    assert_eq!(p.select("Q?", &items, 2).unwrap(), Some(2));
    assert_eq!(p.select("Q?", &items, 2).unwrap(), Some(1));
    let shown = String::from_utf8(out).unwrap();
    assert!(shown.contains("  1) Yes\n  2) No\n  3) Don't know\n"));
    assert!(shown.contains("Choose 1 to 3 (Enter = 3, Don't know): "));
    assert!(shown.contains(
        "\"7\" is not one of the choices; type a number from 1 to 3, or \"yes\", \"no\" or \"don't know\"."
    ));
}

#[test]
fn plain_prompter_keeps_the_initial_value_on_enter() {
    let mut out = Vec::new();
    let mut p = PlainPrompter::new(b"\n" as &[u8], &mut out);
    let check: Check<'_> = &|_| Ok(());
    assert_eq!(
        p.input("Q?", "hint", Some("31+4"), check)
            .unwrap()
            .as_deref(),
        Some("31+4")
    );
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("(Enter keeps 31+4) > ")
    );
}
