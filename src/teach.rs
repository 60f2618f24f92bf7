//! Teaching and transparency: the factors of a rule set in plain words, worked examples,
//! a ready-to-fill answer record and a JSON Schema of it. Everything here is generated
//! from the rule set, so a different rule file brings its own.

use std::io::{self, Write};

use colored::Colorize;
use serde_json::{Value, json};

use crate::engine::ScreenResult;
use crate::engine::Status;
use crate::locale::Meaning;
use crate::output::ReportOptions;
use crate::output::text::{display_width, wrap};
use crate::problem::Usage;
use crate::rules::demos::Demo;
use crate::rules::{Condition, Evidence, Factor, QuestionKind, RuleSet, Target};
use crate::sanitize::escape_control;
use crate::words::QuizLine;
use crate::words::{self, Phrase};

/// `wrap` for text from the rule file: control characters are escaped first, so a rule
/// file cannot move the cursor or hide text on the reader's terminal.
fn lines(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    wrap(&escape_control(text), width, first, rest)
}

/// The condition as written in the rule file.
pub fn condition_json(rules: &RuleSet, condition: &Condition) -> Value {
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => {
            let v = match value {
                Target::YesNo(b) => json!(if *b { "yes" } else { "no" }),
                // Whole numbers as integers, as rule files write them (32, not 32.0).
                Target::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => json!(*n as i64),
                Target::Number(n) => json!(n),
            };
            let mut m = serde_json::Map::new();
            m.insert("question".into(), json!(rules.questions[*question].id));
            m.insert(op.key().into(), v);
            Value::Object(m)
        }
        Condition::All(parts) => {
            json!({ "all": parts.iter().map(|p| condition_json(rules, p)).collect::<Vec<_>>() })
        }
        Condition::Any(parts) => {
            json!({ "any": parts.iter().map(|p| condition_json(rules, p)).collect::<Vec<_>>() })
        }
        Condition::Not(inner) => json!({ "not": condition_json(rules, inner) }),
    }
}

/// Finds a factor by id in any case. Otherwise says where to look: a question id leads to
/// the factors that use it, words found in factor ids, names and their questions
/// ("asphyxia", "weight") to those factors, and a typo to the closest id.
pub fn find_factor<'r>(rules: &'r RuleSet, id: &str) -> Result<&'r Factor, Usage> {
    let query = id.trim();
    if let Some(f) = rules
        .factors
        .iter()
        .find(|f| f.id.eq_ignore_ascii_case(query))
    {
        return Ok(f);
    }
    let uses = |f: &Factor, qi: usize| f.reads.contains(&qi);
    if let Some(qi) = rules
        .questions
        .iter()
        .position(|q| q.id.eq_ignore_ascii_case(query))
    {
        return Err(Usage::QuestionNotFactor {
            question: rules.questions[qi].id.clone(),
            factors: rules
                .factors
                .iter()
                .filter(|f| uses(f, qi))
                .map(|f| f.id.clone())
                .collect(),
        });
    }
    let query_words: Vec<String> = query
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let found: Vec<String> = rules
        .factors
        .iter()
        .filter(|f| {
            let mut text = format!("{} {}", f.id, f.name);
            for &qi in &f.reads {
                let q = &rules.questions[qi];
                text.push_str(&format!(" {} {}", q.id, q.label));
            }
            let text = text.to_lowercase();
            !query_words.is_empty() && query_words.iter().all(|w| text.contains(w.as_str()))
        })
        .map(|f| f.id.clone())
        .collect();
    // Words that find one factor find it: `factors asphyxia` shows birth_asphyxia.
    if let [only] = found.as_slice()
        && let Some(f) = rules.factors.iter().find(|f| &f.id == only)
    {
        return Ok(f);
    }
    if !found.is_empty() {
        return Err(Usage::FactorByWords {
            query: query.to_string(),
            rules: rules.tag(),
            factors: found,
        });
    }
    Err(Usage::NoSuchFactor {
        id: id.to_string(),
        rules: rules.tag(),
        suggestion: crate::suggest::did_you_mean(
            query,
            rules.factors.iter().map(|f| f.id.as_str()),
        )
        .map(str::to_string),
    })
}

/// Factor tables and pages are at most this wide (narrower on a narrower terminal).
pub const TABLE_WIDTH: usize = 100;

/// `cp-screen factors`: every factor of the rule set, grouped by section.
pub fn write_factor_table(out: &mut dyn Write, rules: &RuleSet, width: usize) -> io::Result<()> {
    let w = words::get();
    for l in lines(
        &w.factors_title(&rules.tag(), &rules.short_hash()),
        width,
        "",
        "",
    ) {
        writeln!(out, "{}", l.bold())?;
    }
    let source = w.source_line(&rules.source.title, rules.source.kind.as_deref());
    for text in [&rules.title, &source] {
        for l in lines(text, width, "", "") {
            writeln!(out, "{l}")?;
        }
    }
    let id_width = rules.factor_id_width();
    // A long tier title ("source page: most important") wraps in its column rather than
    // taking the room of the condition: at most 16 columns, never under its longest word.
    let tier_width = rules
        .tiers
        .iter()
        .map(|t| display_width(&t.title))
        .max()
        .unwrap_or(4)
        .min(16)
        .max(
            rules
                .tiers
                .iter()
                .flat_map(|t| t.title.split_whitespace().map(display_width))
                .max()
                .unwrap_or(4),
        )
        .max(4);
    // The two text columns share what the id and tier columns leave: the condition 32
    // columns when there is room, less on a narrower terminal; below 24 columns for both
    // there is no table to speak of, and each factor is a small block instead.
    let room = width.saturating_sub(id_width + tier_width + 6);
    // No column may be narrower than its longest word, which would stick out.
    let longest_word = |texts: &mut dyn Iterator<Item = String>| {
        texts
            .flat_map(|t| t.split_whitespace().map(display_width).collect::<Vec<_>>())
            .max()
            .unwrap_or(0)
    };
    let min_when = longest_word(
        &mut rules
            .factors
            .iter()
            .map(|f| words::describe(rules, &f.when)),
    )
    .max(12);
    let min_last = longest_word(
        &mut rules
            .factors
            .iter()
            .map(|f| w.quoted_source(&f.source_words)),
    )
    .max(12);
    let layout = if room >= 32 + 20 {
        Some((32, room - 32))
    } else {
        let when = (room * 3 / 5).max(min_when);
        (room >= when + min_last).then(|| (when, room - when))
    };
    let headings = [
        w.phrase(Phrase::TableFactor),
        w.phrase(Phrase::TableTier),
        w.phrase(Phrase::TablePresentWhen),
        w.phrase(Phrase::TableSourceWords),
    ];
    for (si, section) in rules.sections.iter().enumerate() {
        let factors: Vec<&Factor> = rules.factors.iter().filter(|f| f.section == si).collect();
        if factors.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{}", escape_control(&section.title).bold())?;
        let Some((when_width, last)) = layout else {
            let header = w.join_note(headings[0], &w.tier_note(headings[1]));
            writeln!(out, "{}", header.dimmed())?;
            for heading in &headings[2..] {
                writeln!(out, "  {}", heading.dimmed())?;
            }
            for f in factors {
                let name = w.join_note(
                    &w.id_with_name(&f.id, &f.name),
                    &w.tier_note(&rules.tiers[f.tier].title),
                );
                for l in lines(&name, width, "", "    ") {
                    writeln!(out, "{l}")?;
                }
                for text in [words::describe(rules, &f.when), words::source_words(f)] {
                    for l in lines(&text, width, "  ", "    ") {
                        writeln!(out, "{l}")?;
                    }
                }
            }
            continue;
        };
        let widths = [id_width, tier_width, when_width];
        let header = table_row(&widths, last, headings);
        writeln!(out, "{}", header.join("\n").dimmed())?;
        for f in factors {
            let cells = [
                w.id_with_name(&f.id, &f.name),
                rules.tiers[f.tier].title.clone(),
                words::describe(rules, &f.when),
                words::source_words(f),
            ];
            for line in table_row(&widths, last, cells) {
                writeln!(out, "{line}")?;
            }
        }
    }
    if !rules.guidance.is_empty() {
        heading(out, w.phrase(Phrase::Guidance))?;
        write_citations(out, &rules.guidance, width)?;
    }
    writeln!(out)?;
    let closing = [
        w.phrase(Phrase::FactorsFooter),
        rules.report.not_a_diagnosis.as_str(),
        rules.report.none_does_not_rule_out.as_str(),
        rules.report.see_clinician.as_str(),
    ];
    for sentence in closing
        .into_iter()
        .chain(rules.report.warning_signs.as_deref())
    {
        for l in lines(sentence, width, "", "") {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// Lays out one table row: every cell wrapped to its column, then the lines side by side.
fn table_row<S: AsRef<str>>(widths: &[usize; 3], last: usize, cells: [S; 4]) -> Vec<String> {
    let columns: Vec<Vec<String>> = cells
        .iter()
        .zip(widths.iter().copied().chain([last]))
        .map(|(cell, width)| lines(cell.as_ref(), width, "", ""))
        .collect();
    let height = columns.iter().map(Vec::len).max().unwrap_or(1);
    (0..height)
        .map(|row| {
            let mut line = String::new();
            for (i, col) in columns.iter().enumerate() {
                let text = col.get(row).map_or("", String::as_str);
                if i + 1 < columns.len() {
                    // Pad by terminal columns: a Chinese character takes two.
                    let pad = widths[i].saturating_sub(display_width(text));
                    line.push_str(text);
                    line.push_str(&" ".repeat(pad + 2));
                } else {
                    line.push_str(text);
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// `cp-screen factors ID`: one factor in full.
pub fn write_factor_detail(
    out: &mut dyn Write,
    rules: &RuleSet,
    f: &Factor,
    width: usize,
) -> io::Result<()> {
    let w = words::get();
    let tier = &rules.tiers[f.tier];
    for l in lines(&w.id_and_text(&f.id, &f.name), width, "", "  ") {
        writeln!(out, "{}", l.bold())?;
    }
    let index = rules.factor_index(&f.id).unwrap_or_default();
    let follow_up = rules.is_follow_up(index);
    // The reason replaces the short note when the rule file gives one.
    let note = follow_up && rules.follow_up().is_none();
    let place = w.factor_place(&rules.sections[f.section].title, &tier.title, note);
    para(out, &place, width)?;
    if let Some(why) = rules.follow_up().filter(|_| follow_up) {
        let text = w.citation(&w.follow_up_place(&why.why), why.citation.as_deref());
        para(out, text.trim_start_matches("- "), width)?;
    }
    if let Some(meaning) = &f.meaning {
        heading(out, w.phrase(Phrase::WhatItMeans))?;
        para(out, meaning, width)?;
    }
    heading(out, w.phrase(Phrase::QuestionAsked))?;
    for &qi in &f.reads {
        let q = &rules.questions[qi];
        para(out, &w.id_and_text(&q.id, &q.text), width)?;
        let answers = match &q.kind {
            QuestionKind::YesNo => w.phrase(Phrase::YesNoAnswers).to_string(),
            QuestionKind::Number(spec) => w.number_answers(spec),
        };
        para(out, &format!("  {answers}"), width)?;
        if let Some(condition) = &q.ask_when {
            let when = words::describe(rules, condition);
            para(out, &format!("  {}", w.asked_only_when(&when)), width)?;
        }
    }
    heading(out, w.phrase(Phrase::PresentWhen))?;
    para(out, &words::describe(rules, &f.when), width)?;
    para(out, w.phrase(Phrase::UnknownNotAbsent), width)?;
    heading(out, w.phrase(Phrase::SourceWords))?;
    let mut source = w.quoted_source_in(&f.source_words, &rules.source.title);
    if let Some(t) = &f.source_words_translation {
        source = w.join_note(&source, &w.translated(t));
    }
    para(out, &source, width)?;
    heading(out, w.phrase(Phrase::ReadingUsed))?;
    para(out, &f.reading, width)?;
    if let Some(alt) = &f.alternative_reading {
        heading(out, w.phrase(Phrase::OtherReading))?;
        para(out, alt, width)?;
    }
    heading(out, w.phrase(Phrase::Literature))?;
    if f.evidence.is_empty() {
        para(out, w.phrase(Phrase::NoStudy), width)?;
    }
    write_citations(out, &f.evidence, width)?;
    if let Some(common) = &f.how_common {
        write_citations(out, std::slice::from_ref(common), width)?;
    }
    if let Some(c) = &f.confidence {
        writeln!(out)?;
        para(out, &w.confidence(c.level, c.note.as_deref()), width)?;
    }
    if !f.codes.is_empty() {
        heading(out, w.phrase(Phrase::Codes))?;
        for c in &f.codes {
            let mut line = format!("{} {}  {}", c.system, c.code, c.title);
            if let Some(note) = &c.note {
                line.push_str(&format!(" ({note})"));
            }
            para(out, &line, width)?;
        }
    }
    writeln!(out)?;
    for sentence in [
        &rules.report.not_a_diagnosis,
        &rules.report.none_does_not_rule_out,
        &rules.report.see_clinician,
    ] {
        for l in lines(sentence, width, "", "") {
            writeln!(out, "{}", l.dimmed())?;
        }
    }
    if let Some(signs) = &rules.report.warning_signs {
        // Not dimmed: the one sentence here a parent must not miss.
        for l in lines(signs, width, "", "") {
            writeln!(out, "{}", l.bold())?;
        }
    }
    Ok(())
}

/// Statements with their sources, one bulleted paragraph each.
fn write_citations(out: &mut dyn Write, evidence: &[Evidence], width: usize) -> io::Result<()> {
    let w = words::get();
    for e in evidence {
        let line = w.citation(&e.text, e.citation.as_deref());
        for l in lines(&line, width, "  ", "    ") {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

fn heading(out: &mut dyn Write, title: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", title.bold())
}

fn para(out: &mut dyn Write, text: &str, width: usize) -> io::Result<()> {
    let indent: String = text.chars().take_while(|c| *c == ' ').collect();
    for l in lines(text, width, &format!("  {indent}"), &format!("  {indent}")) {
        writeln!(out, "{l}")?;
    }
    Ok(())
}

/// One factor as JSON, with everything `factors ID` shows.
pub fn factor_json(rules: &RuleSet, f: &Factor) -> Value {
    let questions: Vec<Value> = f
        .reads
        .iter()
        .map(|&qi| {
            let q = &rules.questions[qi];
            match &q.kind {
                QuestionKind::YesNo => json!({"id": q.id, "text": q.text, "kind": "yes_no"}),
                QuestionKind::Number(spec) => json!({
                    "id": q.id, "text": q.text, "kind": "number", "unit": spec.unit,
                    "min": spec.min, "max": spec.max, "examples": spec.examples,
                }),
            }
        })
        .collect();
    json!({
        "id": f.id,
        "name": f.name,
        "section": rules.sections[f.section].id,
        "tier": rules.tiers[f.tier].id,
        "meaning": f.meaning,
        "questions": questions,
        "present_when": words::describe(rules, &f.when),
        "when": condition_json(rules, &f.when),
        "source_words": f.source_words,
        "reading": f.reading,
        "alternative_reading": f.alternative_reading,
        "evidence": f.evidence,
        "how_common": f.how_common,
        "confidence": f.confidence,
        "codes": f.codes,
        "follow_up": rules.factor_index(&f.id).is_some_and(|i| rules.is_follow_up(i)),
        "source_factors": f.source_factors,
    })
}

/// Every factor as one JSON document.
pub fn factors_json(rules: &RuleSet) -> Value {
    json!({
        "rules": rules.tag(),
        "rules_sha256": rules.sha256,
        "title": rules.title,
        "source": {"title": rules.source.title, "kind": rules.source.kind, "note": rules.source.note},
        "guidance": rules.guidance,
        "follow_up": rules.follow_up().map(|f| json!({
            "factors": f.factors.iter().map(|i| &rules.factors[*i].id).collect::<Vec<_>>(),
            "why": f.why,
            "citation": f.citation,
        })),
        "notice": [
            &rules.report.not_a_diagnosis,
            &rules.report.none_does_not_rule_out,
            &rules.report.see_clinician,
        ],
        "warning_signs": rules.report.warning_signs,
        "warning_signs_source": rules.report.warning_signs_source,
        "factors": rules.factors.iter().map(|f| factor_json(rules, f)).collect::<Vec<_>>(),
    })
}

// ---- worked examples ----------------------------------------------------------------------

/// `cp-screen demo`: the list.
pub fn write_demo_list(out: &mut dyn Write, demos: &[Demo], width: usize) -> io::Result<()> {
    let w = words::get();
    writeln!(out, "{}", w.phrase(Phrase::WorkedExamples).bold())?;
    let name_width = demos.iter().map(|d| d.name.len()).max().unwrap_or(4);
    for d in demos {
        for (i, line) in lines(&d.description, width.saturating_sub(name_width + 4), "", "")
            .iter()
            .enumerate()
        {
            let name = if i == 0 { d.name.as_str() } else { "" };
            writeln!(out, "  {name:name_width$}  {line}")?;
        }
    }
    writeln!(out)?;
    for l in lines(w.phrase(Phrase::DemoFooter), width, "", "") {
        writeln!(out, "{l}")?;
    }
    Ok(())
}

/// `cp-screen demo NAME`: the example, its record, the report with every factor explained,
/// and the teaching note.
pub fn write_demo(
    out: &mut dyn Write,
    rules: &RuleSet,
    demo: &Demo,
    width: usize,
) -> io::Result<()> {
    write_demo_record(out, demo, width)?;
    write_demo_result(out, rules, demo, width)
}

/// The screened example: its record as read, and its result.
fn demo_result(rules: &RuleSet, demo: &Demo) -> io::Result<ScreenResult> {
    let record_json = serde_json::to_string(&demo.record)?;
    let reader = crate::answers::RecordReader {
        rules,
        allow_extra_fields: false,
        codings: None,
    };
    // The record is valid JSON (it was parsed from the embedded file); what it says may not be.
    let record = reader.parse_json(record_json.as_bytes())?;
    Ok(ScreenResult::alone(rules, record))
}

/// The example's title, description and answer record.
fn write_demo_record(out: &mut dyn Write, demo: &Demo, width: usize) -> io::Result<()> {
    let w = words::get();
    let record_json = serde_json::to_string_pretty(&demo.record)?;
    for l in lines(&w.worked_example(&demo.title), width, "", "  ") {
        writeln!(out, "{}", l.bold())?;
    }
    for line in lines(&demo.description, width, "", "") {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    for l in lines(&w.demo_record_intro(&demo.name), width, "", "") {
        writeln!(out, "{l}")?;
    }
    writeln!(out, "{record_json}")?;
    writeln!(out)
}

/// `demo NAME --quiz`, first part: the record and the question put to the class.
pub fn write_quiz_question(
    out: &mut dyn Write,
    rules: &RuleSet,
    demo: &Demo,
    width: usize,
) -> io::Result<()> {
    write_demo_record(out, demo, width)?;
    for l in lines(
        &words::get().quiz_question(rules.factors.len()),
        width,
        "",
        "",
    ) {
        writeln!(out, "{}", l.bold())?;
    }
    let digits = rules.factors.len().to_string().len();
    for (i, f) in rules.factors.iter().enumerate() {
        let number = format!("  {:>digits$}) ", i + 1);
        let indent = " ".repeat(number.len());
        for l in lines(&f.name, width, &number, &indent) {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// Reads the learner's choice of factors (`3 8`, `3, 8`, `none`) as factor indexes, or says
/// what is wrong with it. An empty line is no choice (`Ok(None)`).
pub fn read_quiz_choice(text: &str, factors: usize) -> Result<Option<Vec<usize>>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let vocabulary = crate::locale::Vocabulary::all();
    if text.eq_ignore_ascii_case("none") || vocabulary.means(text, Meaning::No) {
        return Ok(Some(Vec::new()));
    }
    let mut chosen = Vec::new();
    for part in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';'))
        .filter(|p| !p.is_empty())
    {
        // Full-width digits, as a Chinese input method types them, read as digits.
        let digits: String = part
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect();
        match digits.parse::<usize>() {
            Ok(n) if (1..=factors).contains(&n) => {
                if !chosen.contains(&(n - 1)) {
                    chosen.push(n - 1);
                }
            }
            _ => return Err(words::get().quiz_bad_choice(part, factors)),
        }
    }
    chosen.sort_unstable();
    Ok(Some(chosen))
}

/// `demo NAME --quiz`, second part: what the choice got right and missed (when one was
/// made), then the result, explained, and the teaching note.
pub fn write_quiz_answer(
    out: &mut dyn Write,
    rules: &RuleSet,
    demo: &Demo,
    chosen: Option<&[usize]>,
    width: usize,
) -> io::Result<()> {
    let w = words::get();
    writeln!(out)?;
    let result = demo_result(rules, demo)?;
    match (chosen, &result.statuses) {
        (Some(chosen), Some(statuses)) => {
            let names = |keep: &dyn Fn(usize, Status) -> bool| -> String {
                let picked: Vec<String> = statuses
                    .iter()
                    .enumerate()
                    .filter(|&(i, s)| keep(i, *s))
                    .map(|(i, _)| rules.factors[i].name.clone())
                    .collect();
                if picked.is_empty() {
                    String::new()
                } else {
                    w.list(&picked)
                }
            };
            let is_chosen = |i: usize| chosen.contains(&i);
            let verdicts = [
                (
                    QuizLine::Right,
                    names(&|i, s| is_chosen(i) && s == Status::Present),
                ),
                (
                    QuizLine::Missed,
                    names(&|i, s| !is_chosen(i) && s == Status::Present),
                ),
                (
                    QuizLine::Absent,
                    names(&|i, s| {
                        is_chosen(i) && matches!(s, Status::Absent | Status::NotApplicable)
                    }),
                ),
                (
                    QuizLine::NotAssessed,
                    names(&|i, s| is_chosen(i) && s == Status::NotAssessed),
                ),
            ];
            let all_right = verdicts[1..].iter().all(|(_, n)| n.is_empty());
            if all_right {
                for l in lines(w.quiz_all_right(), width, "", "") {
                    writeln!(out, "{}", l.bold())?;
                }
            } else {
                for (line, factors) in verdicts.iter().filter(|(_, n)| !n.is_empty()) {
                    for l in lines(&w.quiz_verdict(*line, factors), width, "", "  ") {
                        writeln!(out, "{l}")?;
                    }
                }
            }
        }
        _ => {
            for l in lines(w.quiz_no_choice(), width, "", "") {
                writeln!(out, "{l}")?;
            }
        }
    }
    writeln!(out)?;
    write_demo_result(out, rules, demo, width)
}

/// The list of worked examples as JSON.
pub fn demos_json(demos: &[Demo]) -> Value {
    Value::Array(
        demos
            .iter()
            .map(|d| json!({"name": d.name, "title": d.title, "description": d.description}))
            .collect(),
    )
}

/// One worked example as JSON: what `demo NAME` shows, with the result object of
/// `screen --format json --explain`.
pub fn demo_json(rules: &RuleSet, demo: &Demo) -> io::Result<Value> {
    let result = demo_result(rules, demo)?;
    let mut bytes = Vec::new();
    crate::output::json::JsonRecord::new(rules).write(&mut bytes, &result, true);
    let result: Value = serde_json::from_slice(&bytes)?;
    Ok(json!({
        "name": demo.name,
        "title": demo.title,
        "description": demo.description,
        "record": demo.record,
        "result": result,
        "teaching_note": demo.teaching_note,
    }))
}

/// The report of a worked example, every factor explained, and its teaching note.
fn write_demo_result(
    out: &mut dyn Write,
    rules: &RuleSet,
    demo: &Demo,
    width: usize,
) -> io::Result<()> {
    let w = words::get();
    let result = demo_result(rules, demo)?;
    let options = ReportOptions {
        explain: true,
        heading: Some(w.phrase(Phrase::WhatItReports)),
        width,
    };
    crate::output::text::write_report(out, rules, &rules.tag(), &result, options)?;
    writeln!(out)?;
    writeln!(out, "{}", w.phrase(Phrase::TeachingNote).bold())?;
    for line in lines(&demo.teaching_note, width, "  ", "  ") {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

// ---- template and schema ----------------------------------------------------------------------

/// A ready-to-fill answer record: every question, answered "unknown".
pub fn template(rules: &RuleSet) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("id".into(), json!(""));
    for q in &rules.questions {
        m.insert(q.id.clone(), json!("unknown"));
    }
    Value::Object(m)
}

/// The CSV header of an answer file.
pub fn csv_header(rules: &RuleSet) -> String {
    std::iter::once("id")
        .chain(rules.question_ids())
        .collect::<Vec<_>>()
        .join(",")
}

/// `[Yy][Ee][Ss]`: a word in any case, for JSON Schema patterns (ECMA-262 has no flags).
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            let (l, u) = (
                c.to_lowercase().next().unwrap_or(c),
                c.to_uppercase().next().unwrap_or(c),
            );
            if l == u {
                regex_escape(c)
            } else {
                format!("[{u}{l}]")
            }
        })
        .collect()
}

fn regex_escape(c: char) -> String {
    if "\\^$.|?*+()[]{}/-".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// The pattern of the strings a number question accepts: the notations of `notation`.
fn number_pattern(spec: &crate::rules::NumberSpec) -> String {
    // Digits, points and plus signs in their ASCII or full-width forms ("３１＋４").
    let num = r"[0-9０-９]+(?:[.．][0-9０-９]+)?";
    let unit_alt = |names: &mut Vec<&String>| {
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        // A name several regions' units share (a bare 斤) once.
        names.dedup();
        let alts: Vec<String> = names.iter().map(|n| any_case(n)).collect();
        format!("(?:{})\\.?", alts.join("|"))
    };
    let mut all_names: Vec<&String> = spec.units.iter().flat_map(|u| &u.names).collect();
    let mut forms = vec![format!("{num}")];
    if !all_names.is_empty() {
        let units = unit_alt(&mut all_names);
        // "3斤半": a half of the unit.
        let units = format!("{units}半?");
        forms.push(format!(r"{num}\s*{units}"));
        // Parts may be separated by a comma after the unit ("31 weeks, 4 days") or by
        // 零 or 又 ("31周零4天").
        forms.push(format!(
            r"{num}\s*{units}(?:\s*,?\s*[零又]?\s*{num}\s*{units})+"
        ));
    }
    if let Some(pu) = spec.plus_unit {
        let mut names: Vec<&String> = spec.units[pu].names.iter().collect();
        let units = unit_alt(&mut names);
        let mut base_names: Vec<&String> = spec
            .units
            .iter()
            .filter(|u| u.size == 1.0)
            .flat_map(|u| &u.names)
            .collect();
        let base = if base_names.is_empty() {
            "(?!)".to_string()
        } else {
            unit_alt(&mut base_names)
        };
        // "31+4", "31周+4", "31+4周", with the "/40" of maternity notes, or "31/40" alone.
        forms.push(format!(
            r"{num}\s*(?:{base})?\s*[+＋]\s*{num}\s*(?:{units}|{base})?(?:\s*/\s*\d+)?"
        ));
        forms.push(format!(r"{num}\s*/\s*\d+"));
    }
    // "孕31+4周": the prefix of Chinese notes; "31周4天。": the full stop of a sentence.
    format!(
        r"^[\s\u3000]*(?:{}|孕?\s*(?:{})\s*。?)?[\s\u3000]*$",
        any_case("unknown"),
        forms.join("|")
    )
}

/// A JSON Schema (2020-12) of an answer record for this rule set.
pub fn schema(rules: &RuleSet) -> Value {
    // Every word a record may hold for yes, no or don't know, in every language cp-screen
    // speaks (what `screen` reads, whatever the run's language), in any case.
    let vocabulary = crate::locale::Vocabulary::all();
    let words: Vec<String> = [Meaning::Yes, Meaning::No, Meaning::Unknown]
        .into_iter()
        .flat_map(|m| vocabulary.words(m))
        .map(any_case)
        .collect();
    let yes_no = format!(r"^\s*(?:{})?\s*$", words.join("|"));
    let mut properties = serde_json::Map::new();
    properties.insert(
        "id".into(),
        json!({"description": "The record's own id, echoed in its result.", "type": ["string", "number"]}),
    );
    properties.insert(
        crate::answers::SAVED_WITH_KEY.into(),
        json!({
            "description": "What saved the record (the questionnaire's --save writes it): the rule set's id, version and the SHA-256 of its file, the language and the time. cp-screen screens such a record only with that rule set, and uses it when no --rule-set or --rules is given.",
            "type": "object",
            "properties": {
                "rule_set": {"type": "string"},
                "version": {"type": "string"},
                "sha256": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
                "lang": {"type": "string"},
                "saved": {"type": "string", "format": "date-time"},
            },
            "required": ["rule_set", "version", "sha256"],
        }),
    );
    for q in &rules.questions {
        let mut schema = match &q.kind {
            QuestionKind::YesNo => json!({
                "description": q.text,
                "anyOf": [
                    {"type": "string", "pattern": yes_no},
                    {"type": "boolean"},
                    {"type": "null"},
                ],
            }),
            QuestionKind::Number(spec) => json!({
                "description": format!(
                    "{} A number of {} from {} to {}, or a string such as {}. The pattern checks the notation; cp-screen checks the range of written values.",
                    q.text, spec.unit, crate::notation::format_plain(spec.min, 6), crate::notation::format_plain(spec.max, 6),
                    spec.examples.join(", ")
                ),
                "anyOf": [
                    {"type": "number", "minimum": spec.min, "maximum": spec.max},
                    {"type": "string", "pattern": number_pattern(spec)},
                    {"type": "null"},
                ],
            }),
        };
        if let Some(condition) = &q.ask_when {
            // A semantic rule the schema cannot express: cp-screen refuses the answer
            // (not_asked) when the condition is false.
            let when = words::get().asked_only_when(&words::describe(rules, condition));
            let text = format!(
                "{} {when}",
                schema["description"].as_str().unwrap_or_default()
            );
            schema["description"] = text.into();
        }
        properties.insert(q.id.clone(), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:cp-screen:{}:{}", rules.tag(), rules.short_hash()),
        "title": format!("Answer record for {} ({})", rules.title, rules.tag()),
        "description": format!(
            "Generated by cp-screen from rule set {} ({}). Keys are question ids; a missing key is unanswered, and null, \"unknown\" or an empty string mean unknown.",
            rules.tag(), rules.short_hash()
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::demos::{demos, demos_for};

    #[test]
    fn the_factor_table_fits_narrow_terminals() {
        colored::control::set_override(false);
        let rules = RuleSet::default_rules();
        for width in [40, 60, 80, TABLE_WIDTH] {
            let mut out = Vec::new();
            write_factor_table(&mut out, &rules, width).unwrap();
            let t = String::from_utf8(out).unwrap();
            for line in t.lines() {
                assert!(display_width(line) <= width, "{width}: {line:?}");
            }
            for f in &rules.factors {
                assert!(t.contains(&f.id), "{width}: {} is listed", f.id);
            }
            let mut out = Vec::new();
            for f in &rules.factors {
                write_factor_detail(&mut out, &rules, f, width).unwrap();
            }
            write_demo_list(&mut out, &demos(), width).unwrap();
            for d in demos() {
                write_demo(&mut out, &rules, &d, width).unwrap();
            }
            let t = String::from_utf8(out).unwrap();
            for line in t.lines() {
                // The demos print their answer records as JSON, which is not wrapped.
                // A single word longer than the line (a web address) is left whole.
                let one_word = !line.trim().contains(' ');
                if !line.trim_start().starts_with('"')
                    && !line.trim_start().starts_with(['{', '}'])
                    && !one_word
                {
                    assert!(display_width(line) <= width, "{width}: {line:?}");
                }
            }
        }
    }

    #[test]
    fn conditions_read_as_plain_words() {
        let rules = RuleSet::default_rules();
        let f = |id: &str| &rules.factors[rules.factor_index(id).unwrap()].when;
        assert_eq!(
            words::describe(&rules, f("preterm_under_32_weeks")),
            "gestational age at birth under 32 weeks"
        );
        assert_eq!(
            words::describe(&rules, f("birth_asphyxia")),
            "asphyxia after birth (needed resuscitation): yes"
        );
        assert_eq!(
            words::describe(&rules, f("family_history")),
            "any of: a close relative has cerebral palsy: yes; a close relative has epilepsy: yes; a close relative has an intellectual disability: yes"
        );
    }

    #[test]
    fn condition_json_round_trips_through_the_loader() {
        let rules = RuleSet::default_rules();
        let original: Value = serde_json::from_str(crate::rules::DEFAULT_RULES).unwrap();
        for (i, f) in rules.factors.iter().enumerate() {
            assert_eq!(
                condition_json(&rules, &f.when),
                original["factors"][i]["when"],
                "{}",
                f.id
            );
        }
    }

    #[test]
    fn each_embedded_set_has_worked_examples_written_for_it() {
        for embedded in crate::rules::EMBEDDED {
            let rules = embedded.load();
            let demos = demos_for(&rules);
            assert!(demos.len() >= 3, "{}", embedded.name);
            // Every language the rule set speaks, its worked examples speak too.
            let all: Vec<Demo> = serde_json::from_str(embedded.demos).unwrap();
            for lang in rules.languages.iter().skip(1) {
                for d in &all {
                    assert!(
                        d.translations.contains_key(lang),
                        "{}: demo {} has no {lang} texts",
                        embedded.name,
                        d.name
                    );
                }
            }
            for d in &demos {
                let r = crate::engine::ScreenResult::of_json(&rules, &d.record.to_string());
                // Only a demo about input errors may be refused.
                assert_eq!(
                    r.is_valid(),
                    !d.name.contains("error"),
                    "{} {}: {:?}",
                    embedded.name,
                    d.name,
                    r.record.errors
                );
            }
        }
        let file = RuleSet::from_json(
            &crate::rules::DEFAULT_RULES.replace(r#""id": "cerebral-palsy""#, r#""id": "mine""#),
            "mine.json",
        )
        .unwrap();
        assert!(demos_for(&file).is_empty());
    }

    #[test]
    fn every_demo_is_named_uniquely_and_has_a_record() {
        let demos = demos();
        assert!(demos.len() >= 5);
        let mut names: Vec<&str> = demos.iter().map(|d| d.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), demos.len());
        assert!(demos.iter().all(|d| d.record.is_object()));
    }

    #[test]
    fn any_case_patterns_match_words_in_any_case() {
        assert_eq!(any_case("yes"), "[Yy][Ee][Ss]");
        assert_eq!(any_case("a+b"), "[Aa]\\+[Bb]");
    }

    #[test]
    fn the_csv_header_lists_id_and_every_question() {
        let rules = RuleSet::default_rules();
        let header = csv_header(&rules);
        assert!(header.starts_with("id,maternal_infection,harmful_exposure,"));
        assert_eq!(header.split(',').count(), 17);
    }
}
