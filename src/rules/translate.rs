//! Rule files in several languages. A rule file declares the languages its texts are in
//! (`"languages": ["en", "zh-Hans"]`, the first being the one its texts are written in),
//! and each object that has texts people read may carry
//! `"translations": {"zh-Hans": {"name": "...", ...}}`. Loading checks that every text has
//! a translation in every declared language, then, for the language of the run, puts the
//! translations in place of the texts, before the typed rule set is read.
//!
//! The source's own words are a quotation and stay as the source wrote them: their
//! translation goes beside them (`source_words_translation`), marked as a translation
//! wherever it is shown.

use serde_json::{Map, Value};

use crate::problem::{RuleProblem, RuleProblemKind};

/// The language a rule file's texts are in when it declares none.
pub const BASE_LANGUAGE: &str = "en";

/// Where translatable objects are in a rule file, and which of their keys are texts.
/// A path is a list of keys; `*` steps into every element of an array.
const TEXTS: &[(&[&str], &[&str])] = &[
    (&[], &["title"]),
    (&["source"], &["title", "kind", "note"]),
    (&["sections", "*"], &["title", "intro"]),
    (&["tiers", "*"], &["title"]),
    (
        &["questions", "*"],
        &["label", "text", "form_text", "help", "unit", "examples"],
    ),
    (
        &["factors", "*"],
        &[
            "name",
            "reading",
            "alternative_reading",
            "meaning",
            "source_words",
        ],
    ),
    (&["questions", "*", "units", "*"], &["note"]),
    (&["factors", "*", "evidence", "*"], &["text"]),
    (&["factors", "*", "confidence"], &["note"]),
    (&["factors", "*", "how_common"], &["text"]),
    (&["factors", "*", "codes", "*"], &["note"]),
    (
        &["report"],
        &[
            "not_a_diagnosis",
            "none_does_not_rule_out",
            "see_clinician",
            "follow_up",
            "warning_signs",
            "warning_signs_source",
        ],
    ),
    (&["follow_up"], &["why"]),
    (&["guidance", "*"], &["text"]),
];

/// The languages a rule file declares, its base language first.
pub fn languages(value: &Value) -> Vec<String> {
    match value.get("languages").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        None => vec![BASE_LANGUAGE.to_string()],
    }
}

/// Checks the file's `languages` and every `translations` object, then puts the texts of
/// `lang` in place (when the file declares it) and removes the translations. Returns the
/// language the texts are now in.
pub fn check_and_apply(
    value: &mut Value,
    lang: Option<&str>,
    problems: &mut Vec<RuleProblem>,
) -> String {
    let declared = languages(value);
    check_declared(value, &declared, problems);
    let base = declared
        .first()
        .cloned()
        .unwrap_or_else(|| BASE_LANGUAGE.to_string());
    let target = lang
        .filter(|l| *l != base && declared.iter().any(|d| d == l))
        .map(str::to_string);
    for (path, fields) in TEXTS {
        let mut found = Vec::new();
        objects_at(value, path, String::new(), &mut found);
        for (place, object) in found {
            check_object(object, &place, fields, &declared, problems);
            if let Some(target) = &target {
                apply(object, target);
            }
            object.remove("translations");
        }
    }
    if let Some(obj) = value.as_object_mut() {
        obj.remove("languages");
    }
    target.unwrap_or(base)
}

fn check_declared(value: &Value, declared: &[String], problems: &mut Vec<RuleProblem>) {
    let Some(raw) = value.get("languages") else {
        return;
    };
    let list = raw.as_array().filter(|l| !l.is_empty());
    let tags: Vec<Option<&str>> = list
        .map(|l| l.iter().map(Value::as_str).collect())
        .unwrap_or_default();
    let valid = |t: &str| {
        !t.is_empty()
            && t.len() <= 35
            && t.split('-')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
    };
    if tags.is_empty() || tags.iter().any(|t| !t.is_some_and(valid)) {
        problems.push(RuleProblem {
            place: "languages".into(),
            kind: RuleProblemKind::BadLanguages,
        });
    }
    for (i, tag) in declared.iter().enumerate() {
        if declared[..i].contains(tag) {
            problems.push(RuleProblem {
                place: format!("languages[{i}]"),
                kind: RuleProblemKind::DuplicateId {
                    id: tag.clone(),
                    first: format!(
                        "languages[{}]",
                        declared.iter().position(|d| d == tag).unwrap_or(0)
                    ),
                },
            });
        }
    }
}

/// Every object at `path` (a `*` step enters each element of an array), with its place.
fn objects_at<'v>(
    value: &'v mut Value,
    path: &[&str],
    place: String,
    out: &mut Vec<(String, &'v mut Map<String, Value>)>,
) {
    match path.split_first() {
        None => {
            if let Some(obj) = value.as_object_mut() {
                out.push((place, obj));
            }
        }
        Some((&"*", rest)) => {
            if let Some(items) = value.as_array_mut() {
                for (i, item) in items.iter_mut().enumerate() {
                    objects_at(item, rest, format!("{place}[{i}]"), out);
                }
            }
        }
        Some((key, rest)) => {
            if let Some(inner) = value.get_mut(*key) {
                let place = if place.is_empty() {
                    key.to_string()
                } else {
                    format!("{place}.{key}")
                };
                objects_at(inner, rest, place, out);
            }
        }
    }
}

/// Whether `value` is a text that needs translating (a string, or a list of strings).
fn is_text(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_string),
        _ => false,
    }
}

fn check_object(
    object: &Map<String, Value>,
    place: &str,
    fields: &[&str],
    declared: &[String],
    problems: &mut Vec<RuleProblem>,
) {
    let at = |suffix: &str| {
        if place.is_empty() {
            suffix.to_string()
        } else {
            format!("{place}.{suffix}")
        }
    };
    if object.contains_key("source_words_translation") {
        problems.push(RuleProblem {
            place: at("source_words_translation"),
            kind: RuleProblemKind::Structure {
                what: "unknown field `source_words_translation`: a translation of the source's words goes under \"translations\"".into(),
            },
        });
    }
    let texts: Vec<&str> = fields
        .iter()
        .copied()
        .filter(|f| object.get(*f).is_some_and(is_text))
        .collect();
    let translations = object.get("translations");
    let by_language = match translations {
        None => None,
        Some(Value::Object(map)) => Some(map),
        Some(_) => {
            problems.push(RuleProblem {
                place: at("translations"),
                kind: RuleProblemKind::BadTranslations,
            });
            return;
        }
    };
    for (lang, texts_of) in by_language.into_iter().flatten() {
        let lplace = at(&format!("translations.{lang}"));
        if !declared.iter().skip(1).any(|d| d == lang) {
            problems.push(RuleProblem {
                place: lplace.clone(),
                kind: RuleProblemKind::UndeclaredLanguage {
                    lang: lang.clone(),
                    declared: declared.to_vec(),
                },
            });
        }
        let Some(texts_of) = texts_of.as_object() else {
            problems.push(RuleProblem {
                place: lplace,
                kind: RuleProblemKind::BadTranslations,
            });
            continue;
        };
        for (field, text) in texts_of {
            let fplace = format!("{lplace}.{field}");
            if !texts.contains(&field.as_str()) {
                problems.push(RuleProblem {
                    place: fplace,
                    kind: RuleProblemKind::UnknownTranslatedText {
                        field: field.clone(),
                        known: texts.iter().map(|t| t.to_string()).collect(),
                    },
                });
            } else if !is_text(text)
                || text.is_array() != object.get(field.as_str()).is_some_and(Value::is_array)
            {
                problems.push(RuleProblem {
                    place: fplace,
                    kind: RuleProblemKind::BadTranslations,
                });
            }
        }
    }
    for lang in declared.iter().skip(1) {
        let given = by_language
            .and_then(|m| m.get(lang))
            .and_then(Value::as_object);
        for field in &texts {
            if !given.is_some_and(|g| g.contains_key(*field)) {
                problems.push(RuleProblem {
                    place: at(field),
                    kind: RuleProblemKind::MissingTranslation { lang: lang.clone() },
                });
            }
        }
    }
}

/// Puts the texts of `lang` in place; the source's words keep their place and get their
/// translation beside them.
fn apply(object: &mut Map<String, Value>, lang: &str) {
    let Some(texts) = object
        .get("translations")
        .and_then(|t| t.get(lang))
        .and_then(Value::as_object)
        .cloned()
    else {
        return;
    };
    for (field, text) in texts {
        if field == "source_words" {
            object.insert("source_words_translation".into(), text);
        } else {
            object.insert(field, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file() -> Value {
        json!({
            "languages": ["en", "zh-Hans"],
            "title": "Risk factors",
            "translations": {"zh-Hans": {"title": "危险因素"}},
            "sections": [{"id": "birth", "title": "Birth", "translations": {"zh-Hans": {"title": "出生"}}}],
            "factors": [{
                "id": "f", "name": "Born early", "source_words": "born early",
                "translations": {"zh-Hans": {"name": "早产", "source_words": "早产（译文）"}},
            }],
        })
    }

    fn problems(mut v: Value, lang: Option<&str>) -> (Value, String, Vec<RuleProblemKind>) {
        let mut problems = Vec::new();
        let used = check_and_apply(&mut v, lang, &mut problems);
        (v, used, problems.into_iter().map(|p| p.kind).collect())
    }

    #[test]
    fn the_texts_of_the_chosen_language_take_their_place() {
        let (v, used, p) = problems(file(), Some("zh-Hans"));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(used, "zh-Hans");
        assert_eq!(v["title"], "危险因素");
        assert_eq!(v["sections"][0]["title"], "出生");
        assert_eq!(v["factors"][0]["name"], "早产");
        // The source's words stay the quotation they are.
        assert_eq!(v["factors"][0]["source_words"], "born early");
        assert_eq!(v["factors"][0]["source_words_translation"], "早产（译文）");
        assert!(v.get("languages").is_none() && v.get("translations").is_none());
    }

    #[test]
    fn the_base_language_and_undeclared_ones_keep_the_texts_as_written() {
        for lang in [None, Some("en"), Some("fr")] {
            let (v, used, p) = problems(file(), lang);
            assert!(p.is_empty());
            assert_eq!(used, "en");
            assert_eq!(v["title"], "Risk factors");
            assert!(v["factors"][0].get("source_words_translation").is_none());
        }
    }

    #[test]
    fn a_missing_or_stray_translation_is_refused_with_its_place() {
        let mut v = file();
        v["sections"][0]["translations"]["zh-Hans"]
            .as_object_mut()
            .unwrap()
            .remove("title");
        v["factors"][0]["translations"]["zh-Hans"]["nmae"] = "x".into();
        v["factors"][0]["translations"]["fr"] = json!({"name": "né tôt"});
        let mut found = Vec::new();
        check_and_apply(&mut v, None, &mut found);
        let places: Vec<(&str, &RuleProblemKind)> =
            found.iter().map(|p| (p.place.as_str(), &p.kind)).collect();
        assert!(places.iter().any(|(p, k)| *p == "sections[0].title"
            && matches!(k, RuleProblemKind::MissingTranslation { lang } if lang == "zh-Hans")));
        assert!(
            places
                .iter()
                .any(|(p, k)| *p == "factors[0].translations.zh-Hans.nmae"
                    && matches!(k, RuleProblemKind::UnknownTranslatedText { .. }))
        );
        assert!(
            places
                .iter()
                .any(|(p, k)| *p == "factors[0].translations.fr"
                    && matches!(k, RuleProblemKind::UndeclaredLanguage { .. }))
        );
    }

    #[test]
    fn languages_must_be_a_list_of_tags() {
        for bad in [
            json!([]),
            json!("en"),
            json!(["en", ""]),
            json!(["en", "zh Hans"]),
        ] {
            let mut v = json!({"languages": bad});
            let mut found = Vec::new();
            check_and_apply(&mut v, None, &mut found);
            assert!(
                found
                    .iter()
                    .any(|p| matches!(p.kind, RuleProblemKind::BadLanguages)),
                "{found:?}"
            );
        }
    }
}
