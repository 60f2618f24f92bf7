//! The embedded rule sets side by side: `rules list` and `rules compare`, a teaching view of
//! how the source page's list stands against the literature.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::output::text::write_wrapped;
use crate::rules::{EMBEDDED, Factor, RuleSet};
use crate::teach::condition_json;
use crate::words;

/// `rules list` for people.
pub fn write_list(out: &mut dyn Write, width: usize) -> io::Result<()> {
    let w = words::get();
    write_wrapped(out, width, "", "", &w.rule_sets_heading())?;
    for (i, embedded) in EMBEDDED.iter().enumerate() {
        let rules = embedded.load_in(Some(words::chosen().tag()));
        writeln!(out)?;
        let name = w.rule_set_name(embedded.name, embedded.aliases, i == 0);
        write_wrapped(out, width, "  ", "    ", &name)?;
        let named = w.rule_set_title(&rules.tag(), &rules.title);
        write_wrapped(out, width, "    ", "    ", &named)?;
        let counts = w.rule_set_counts(
            rules.factors().len(),
            rules.questions().len(),
            &rules.short_hash(),
        );
        write_wrapped(out, width, "    ", "    ", &counts)?;
        if let Some(kind) = &rules.source.kind {
            write_wrapped(out, width, "    ", "    ", kind)?;
        }
    }
    Ok(())
}

/// `rules list --format json`: one object per embedded set, the default first.
pub fn list_json() -> Value {
    let sets: Vec<Value> = EMBEDDED
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let rules = e.load_in(Some(words::chosen().tag()));
            json!({
                "name": e.name,
                "aliases": e.aliases,
                "default": i == 0,
                "id": rules.id,
                "version": rules.version,
                "title": rules.title,
                "factors": rules.factors().len(),
                "questions": rules.questions().len(),
                "rules_sha256": rules.sha256,
            })
        })
        .collect();
    Value::Array(sets)
}

/// Whether factor `fa` of set `a` and factor `fb` of set `b` stand for the same thing: the
/// same id, a source factor one of them names, or a question both read.
fn related(a: &RuleSet, fa: &Factor, b: &RuleSet, fb: &Factor) -> bool {
    fa.id == fb.id || fb.source_factors.contains(&fa.id) || fa.source_factors.contains(&fb.id) || {
        let theirs = b.read_ids(fb);
        a.read_ids(fa).iter().any(|q| theirs.contains(q))
    }
}

/// How two rule sets' factors line up.
pub struct Comparison<'a> {
    /// Factors of `a` with a factor of `b` of the same id and condition.
    pub same: Vec<&'a Factor>,
    /// Factors of `a` with counterparts in `b` that differ, and those counterparts.
    pub differ: Vec<(&'a Factor, Vec<&'a Factor>)>,
    /// Factors of `a` that `b` has no counterpart for.
    pub only_a: Vec<&'a Factor>,
    /// Factors of `b` that `a` has no counterpart for.
    pub only_b: Vec<&'a Factor>,
}

pub fn compare<'a>(a: &'a RuleSet, b: &'a RuleSet) -> Comparison<'a> {
    let mut result = Comparison {
        same: Vec::new(),
        differ: Vec::new(),
        only_a: Vec::new(),
        only_b: Vec::new(),
    };
    for fa in a.factors() {
        let counterparts: Vec<&Factor> = b
            .factors()
            .iter()
            .filter(|fb| related(a, fa, b, fb))
            .collect();
        let identical = counterparts.len() == 1
            && counterparts[0].id == fa.id
            && condition_json(a, &fa.when) == condition_json(b, &counterparts[0].when);
        if counterparts.is_empty() {
            result.only_a.push(fa);
        } else if identical {
            result.same.push(fa);
        } else {
            result.differ.push((fa, counterparts));
        }
    }
    result.only_b = b
        .factors()
        .iter()
        .filter(|fb| !a.factors().iter().any(|fa| related(a, fa, b, fb)))
        .collect();
    result
}

/// `rules compare A B` for people.
pub fn write_comparison(
    out: &mut dyn Write,
    a: &RuleSet,
    b: &RuleSet,
    width: usize,
) -> io::Result<()> {
    let w = words::get();
    let c = compare(a, b);
    let (ta, tb) = (a.tag(), b.tag());
    let heading = w.compare_heading(&ta, a.factors().len(), &tb, b.factors().len());
    write_wrapped(out, width, "", "", &heading)?;
    let line = |out: &mut dyn Write, rules: &RuleSet, f: &Factor, first: &str, rest: &str| {
        let tier = &rules.tiers()[f.tier].title;
        let text = w.id_and_text(
            &w.join_note(&f.id, &w.tier_note(tier)),
            &words::describe(rules, &f.when),
        );
        write_wrapped(out, width, first, rest, &text)
    };
    if !c.same.is_empty() {
        writeln!(out)?;
        write_wrapped(out, width, "", "", &w.compare_same())?;
        for f in &c.same {
            line(out, a, f, "  ", "      ")?;
        }
    }
    if !c.differ.is_empty() {
        writeln!(out)?;
        write_wrapped(out, width, "", "", &w.compare_differ(&tb))?;
        for (fa, others) in &c.differ {
            line(out, a, fa, "  ", "      ")?;
            for fb in others {
                line(out, b, fb, "    → ", "        ")?;
            }
        }
    }
    for (only, rules, this, other) in [(&c.only_a, a, &ta, &tb), (&c.only_b, b, &tb, &ta)] {
        if only.is_empty() {
            continue;
        }
        writeln!(out)?;
        write_wrapped(out, width, "", "", &w.compare_only_in(this, other))?;
        for f in only.iter() {
            line(out, rules, f, "  ", "      ")?;
        }
    }
    writeln!(out)?;
    for (rules, tag) in [(a, &ta), (b, &tb)] {
        let ids: Vec<&str> = rules
            .follow_up()
            .map(|f| {
                f.factors
                    .iter()
                    .map(|i| rules.factors()[*i].id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        write_wrapped(out, width, "", "  ", &w.compare_follow_up(tag, &ids))?;
    }
    writeln!(out)?;
    write_wrapped(out, width, "", "", &w.compare_note())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Embedded;

    fn ids<'a>(factors: &[&'a Factor]) -> Vec<&'a str> {
        factors.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn the_source_and_evidence_sets_line_up_as_documented() {
        let a = Embedded::find("source").unwrap().load();
        let b = Embedded::find("evidence").unwrap().load();
        let c = compare(&a, &b);
        // Preterm birth under 32 weeks is in both, and the evidence set adds under 37.
        assert!(c.same.is_empty());
        let preterm = c
            .differ
            .iter()
            .find(|(f, _)| f.id == "preterm_under_32_weeks")
            .unwrap();
        assert_eq!(
            ids(&preterm.1),
            ["preterm_under_37_weeks", "preterm_under_32_weeks"]
        );
        let weight = c
            .differ
            .iter()
            .find(|(f, _)| f.id == "birth_weight_under_2000_g")
            .unwrap();
        assert_eq!(
            ids(&weight.1),
            ["birth_weight_under_2500_g", "birth_weight_under_1500_g"]
        );
        // The source's factors that no checked study in the evidence set supports.
        assert_eq!(
            ids(&c.only_a),
            [
                "harmful_exposure",
                "maternal_nutrition_disorder",
                "threatened_miscarriage",
                "abnormal_fetal_position",
                "short_umbilical_cord"
            ]
        );
        assert!(ids(&c.only_b).contains(&"small_for_dates"));
        assert!(!ids(&c.only_b).contains(&"chorioamnionitis"));
    }

    #[test]
    fn a_set_compared_with_itself_is_all_the_same() {
        let a = RuleSet::default_rules();
        let c = compare(&a, &a);
        assert_eq!(c.same.len(), a.factors().len());
        assert!(c.differ.is_empty() && c.only_a.is_empty() && c.only_b.is_empty());
    }
}
