//! The screening engine: a pure function from a rule set and answers to findings, with
//! three-valued logic so that an unknown answer is never counted as "no".

use crate::answers::{Answer, Answers};
use crate::notation;
use crate::rules::{Condition, Op, QuestionKind, RuleSet, Target};

/// Kleene's three truth values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

/// What screening says about one factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Present,
    Absent,
    NotAssessed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Absent => "absent",
            Status::NotAssessed => "not assessed",
        }
    }
}

impl From<Truth> for Status {
    fn from(t: Truth) -> Status {
        match t {
            Truth::True => Status::Present,
            Truth::False => Status::Absent,
            Truth::Unknown => Status::NotAssessed,
        }
    }
}

/// The status of every factor, indexed like `RuleSet::factors`.
pub fn screen(rules: &RuleSet, answers: &Answers) -> Vec<Status> {
    rules
        .factors
        .iter()
        .map(|f| evaluate(&f.when, answers).into())
        .collect()
}

/// Evaluates a condition: `all` is false if any part is false, `any` is true if any part is
/// true, and otherwise an unknown part makes the whole unknown.
pub fn evaluate(condition: &Condition, answers: &Answers) -> Truth {
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => compare(&answers.values[*question], *op, *value),
        Condition::All(parts) => {
            let mut result = Truth::True;
            for p in parts {
                match evaluate(p, answers) {
                    Truth::False => return Truth::False,
                    Truth::Unknown => result = Truth::Unknown,
                    Truth::True => {}
                }
            }
            result
        }
        Condition::Any(parts) => {
            let mut result = Truth::False;
            for p in parts {
                match evaluate(p, answers) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => result = Truth::Unknown,
                    Truth::False => {}
                }
            }
            result
        }
        Condition::Not(inner) => match evaluate(inner, answers) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        },
    }
}

fn compare(answer: &Answer, op: Op, target: Target) -> Truth {
    let holds = match (answer, target) {
        (Answer::Unanswered | Answer::Unknown, _) => return Truth::Unknown,
        (Answer::Yes, Target::YesNo(want)) => want,
        (Answer::No, Target::YesNo(want)) => !want,
        (Answer::Number { value, .. }, Target::Number(t)) => match op {
            Op::Equals => *value == t,
            Op::LessThan => *value < t,
            Op::AtMost => *value <= t,
            Op::GreaterThan => *value > t,
            Op::AtLeast => *value >= t,
        },
        // Loading the rule set guarantees that targets match question kinds.
        _ => return Truth::Unknown,
    };
    if holds { Truth::True } else { Truth::False }
}

/// The answer to a question in words: "30+4 weeks (30.6 weeks)", "yes", "unknown".
pub fn answer_words(rules: &RuleSet, question: usize, answer: &Answer) -> String {
    let mut out = String::new();
    push_answer_words(&mut out, rules, question, answer);
    out
}

/// Appends `answer_words` to `out`.
fn push_answer_words(out: &mut String, rules: &RuleSet, question: usize, answer: &Answer) {
    let (value, written) = match answer {
        Answer::Unanswered => return out.push_str("unanswered"),
        Answer::Unknown => return out.push_str("unknown"),
        Answer::Yes => return out.push_str("yes"),
        Answer::No => return out.push_str("no"),
        Answer::Number { value, written } => (*value, written),
    };
    let QuestionKind::Number(spec) = &rules.questions[question].kind else {
        return notation::push_plain(out, value, 2);
    };
    let push_canonical = |out: &mut String| {
        notation::push_plain(out, value, spec.decimals);
        out.push(' ');
        out.push_str(&spec.unit);
    };
    let Some(w) = written else {
        return push_canonical(out);
    };
    let w = crate::sanitize::escape_control(w.trim());
    if w.parse::<f64>().ok() == Some(value) {
        // A plain number in the base unit says nothing the canonical form does not.
        return push_canonical(out);
    }
    let start = out.len();
    out.push_str(&w);
    if !w.chars().any(char::is_alphabetic) {
        out.push(' ');
        out.push_str(&spec.unit);
    }
    let said_len = out.len() - start;
    out.push_str(" (");
    let canonical_start = out.len();
    push_canonical(out);
    if out[canonical_start..] == out[start..start + said_len] {
        // "1850 g" written as "1850 g": say it once.
        out.truncate(start + said_len);
    } else {
        out.push(')');
    }
}

/// A comparison's target in words: "under 32 weeks", "yes".
fn push_target_words(
    out: &mut String,
    rules: &RuleSet,
    question: usize,
    op: Op,
    value: Target,
    negated: bool,
) {
    let op_words = if negated {
        op.negated_words()
    } else {
        op.words()
    };
    match (value, &rules.questions[question].kind) {
        (Target::YesNo(b), _) => {
            if negated {
                out.push_str("not ");
            }
            out.push_str(if b { "yes" } else { "no" });
        }
        (Target::Number(n), kind) => {
            if op != Op::Equals || negated {
                out.push_str(op_words);
                out.push(' ');
            }
            notation::push_plain(out, n, 6);
            if let QuestionKind::Number(spec) = kind {
                out.push(' ');
                out.push_str(&spec.unit);
            }
        }
    }
}

/// A comparison's target in words: "under 32 weeks", "yes", "not yes".
pub fn target_words(
    rules: &RuleSet,
    question: usize,
    op: Op,
    value: Target,
    negated: bool,
) -> String {
    let mut out = String::new();
    push_target_words(&mut out, rules, question, op, value, negated);
    out
}

/// Why a present factor matched, in plain words built from the rule file: each comparison
/// that held, as "gestational age at birth 30+4 weeks (30.6 weeks): under 32 weeks".
pub fn because(rules: &RuleSet, condition: &Condition, answers: &Answers) -> String {
    let mut out = String::with_capacity(96);
    because_into(&mut out, rules, condition, answers);
    out
}

/// `because`, written into `out` (cleared first) so a caller can reuse one buffer.
pub fn because_into(out: &mut String, rules: &RuleSet, condition: &Condition, answers: &Answers) {
    out.clear();
    collect_because(rules, condition, answers, false, out);
}

fn collect_because(
    rules: &RuleSet,
    condition: &Condition,
    answers: &Answers,
    negated: bool,
    out: &mut String,
) {
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => {
            let q = &rules.questions[*question];
            let answer = &answers.values[*question];
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(&q.label);
            match q.kind {
                QuestionKind::YesNo => {
                    out.push_str(": ");
                    push_answer_words(out, rules, *question, answer);
                }
                QuestionKind::Number(_) => {
                    out.push(' ');
                    push_answer_words(out, rules, *question, answer);
                    out.push_str(": ");
                    push_target_words(out, rules, *question, *op, *value, negated);
                }
            }
        }
        Condition::All(parts) | Condition::Any(parts) => {
            // Name only the parts that decided the outcome.
            let wanted = if negated { Truth::False } else { Truth::True };
            for p in parts {
                if evaluate(p, answers) == wanted {
                    collect_because(rules, p, answers, negated, out);
                }
            }
        }
        Condition::Not(inner) => collect_because(rules, inner, answers, !negated, out),
    }
}

/// One line of an explanation: a comparison, the answer it saw, and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceStep {
    pub question: usize,
    pub answer: String,
    pub test: String,
    pub outcome: Truth,
}

/// Every comparison in a factor's condition with the answer it saw, for `--explain`.
pub fn trace(rules: &RuleSet, condition: &Condition, answers: &Answers) -> Vec<TraceStep> {
    let mut steps = Vec::new();
    collect_trace(rules, condition, answers, &mut steps);
    steps
}

fn collect_trace(
    rules: &RuleSet,
    condition: &Condition,
    answers: &Answers,
    out: &mut Vec<TraceStep>,
) {
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => out.push(TraceStep {
            question: *question,
            answer: answer_words(rules, *question, &answers.values[*question]),
            test: target_words(rules, *question, *op, *value, false),
            outcome: evaluate(condition, answers),
        }),
        Condition::All(parts) | Condition::Any(parts) => {
            for p in parts {
                collect_trace(rules, p, answers, out);
            }
        }
        Condition::Not(inner) => collect_trace(rules, inner, answers, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::RecordReader;

    fn rules() -> RuleSet {
        RuleSet::default_rules()
    }

    fn answers(rules: &RuleSet, json: &str) -> Answers {
        let rec = RecordReader {
            rules,
            allow_extra_fields: false,
        }
        .parse_json(json.as_bytes())
        .unwrap();
        assert!(rec.errors.is_empty(), "{:?}", rec.errors);
        rec.answers
    }

    fn status(rules: &RuleSet, json: &str, factor: &str) -> Status {
        screen(rules, &answers(rules, json))[rules.factor_index(factor).unwrap()]
    }

    #[test]
    fn gestational_age_threshold_is_strictly_under_32() {
        let r = rules();
        let f = "preterm_under_32_weeks";
        assert_eq!(
            status(&r, r#"{"gestational_age_weeks": 31.99}"#, f),
            Status::Present
        );
        assert_eq!(
            status(&r, r#"{"gestational_age_weeks": "31+6"}"#, f),
            Status::Present
        );
        assert_eq!(
            status(&r, r#"{"gestational_age_weeks": 32}"#, f),
            Status::Absent
        );
        assert_eq!(
            status(&r, r#"{"gestational_age_weeks": "32+0"}"#, f),
            Status::Absent
        );
        assert_eq!(status(&r, r#"{}"#, f), Status::NotAssessed);
        assert_eq!(
            status(&r, r#"{"gestational_age_weeks": null}"#, f),
            Status::NotAssessed
        );
    }

    #[test]
    fn birth_weight_threshold_is_strictly_under_2000() {
        let r = rules();
        let f = "birth_weight_under_2000_g";
        assert_eq!(
            status(&r, r#"{"birth_weight_grams": 1999}"#, f),
            Status::Present
        );
        assert_eq!(
            status(&r, r#"{"birth_weight_grams": 1999.9}"#, f),
            Status::Present
        );
        assert_eq!(
            status(&r, r#"{"birth_weight_grams": 2000}"#, f),
            Status::Absent
        );
        assert_eq!(
            status(&r, r#"{"birth_weight_grams": "2 kg"}"#, f),
            Status::Absent
        );
        assert_eq!(
            status(&r, r#"{"birth_weight_grams": "unknown"}"#, f),
            Status::NotAssessed
        );
    }

    #[test]
    fn unknown_is_never_absent() {
        let r = rules();
        for json in [
            r#"{}"#,
            r#"{"birth_asphyxia": "unknown"}"#,
            r#"{"birth_asphyxia": null}"#,
            r#"{"birth_asphyxia": ""}"#,
        ] {
            assert_eq!(
                status(&r, json, "birth_asphyxia"),
                Status::NotAssessed,
                "{json}"
            );
        }
        assert_eq!(
            status(&r, r#"{"birth_asphyxia": "no"}"#, "birth_asphyxia"),
            Status::Absent
        );
        assert_eq!(
            status(&r, r#"{"birth_asphyxia": "yes"}"#, "birth_asphyxia"),
            Status::Present
        );
    }

    #[test]
    fn family_history_follows_any_with_unknowns() {
        let r = rules();
        let f = "family_history";
        let yes_with_unknowns = r#"{"family_epilepsy": "yes"}"#;
        assert_eq!(status(&r, yes_with_unknowns, f), Status::Present);
        let all_no = r#"{"family_epilepsy": "no", "family_cerebral_palsy": "no", "family_intellectual_disability": "no"}"#;
        assert_eq!(status(&r, all_no, f), Status::Absent);
        let two_no = r#"{"family_epilepsy": "no", "family_cerebral_palsy": "no", "family_intellectual_disability": "unknown"}"#;
        assert_eq!(status(&r, two_no, f), Status::NotAssessed);
    }

    fn cmp(q: usize, op: Op, v: Target) -> Condition {
        Condition::Compare {
            question: q,
            op,
            value: v,
        }
    }

    #[test]
    fn all_any_not_use_three_valued_logic() {
        use Truth::*;
        let r = rules();
        let asph = r.question_index("birth_asphyxia").unwrap();
        let mal = r.question_index("fetal_malformation").unwrap();
        let yes = |q| cmp(q, Op::Equals, Target::YesNo(true));
        let a = |json: &str| answers(&r, json);
        let one_yes_one_unknown = a(r#"{"birth_asphyxia": "yes"}"#);
        let one_no_one_unknown = a(r#"{"birth_asphyxia": "no"}"#);
        let both_yes = a(r#"{"birth_asphyxia": "yes", "fetal_malformation": "yes"}"#);
        let all = Condition::All(vec![yes(asph), yes(mal)]);
        let any = Condition::Any(vec![yes(asph), yes(mal)]);
        assert_eq!(evaluate(&all, &one_yes_one_unknown), Unknown);
        assert_eq!(evaluate(&all, &one_no_one_unknown), False);
        assert_eq!(evaluate(&all, &both_yes), True);
        assert_eq!(evaluate(&any, &one_yes_one_unknown), True);
        assert_eq!(evaluate(&any, &one_no_one_unknown), Unknown);
        let not = Condition::Not(Box::new(yes(asph)));
        assert_eq!(evaluate(&not, &one_no_one_unknown), True);
        assert_eq!(evaluate(&not, &both_yes), False);
        assert_eq!(
            evaluate(&Condition::Not(Box::new(yes(mal))), &one_no_one_unknown),
            Unknown
        );
    }

    #[test]
    fn numeric_operators_compare_as_named() {
        use Truth::*;
        let r = rules();
        let q = r.question_index("birth_weight_grams").unwrap();
        let at_2000 = answers(&r, r#"{"birth_weight_grams": 2000}"#);
        let n = Target::Number(2000.0);
        assert_eq!(evaluate(&cmp(q, Op::Equals, n), &at_2000), True);
        assert_eq!(evaluate(&cmp(q, Op::LessThan, n), &at_2000), False);
        assert_eq!(evaluate(&cmp(q, Op::AtMost, n), &at_2000), True);
        assert_eq!(evaluate(&cmp(q, Op::GreaterThan, n), &at_2000), False);
        assert_eq!(evaluate(&cmp(q, Op::AtLeast, n), &at_2000), True);
    }

    #[test]
    fn because_names_the_answer_and_the_threshold() {
        let r = rules();
        let a = answers(
            &r,
            r#"{"gestational_age_weeks": "30+4", "family_epilepsy": "yes", "birth_weight_grams": 1850}"#,
        );
        let pre = &r.factors[r.factor_index("preterm_under_32_weeks").unwrap()];
        assert_eq!(
            because(&r, &pre.when, &a),
            "gestational age at birth 30+4 weeks (30.6 weeks): under 32 weeks"
        );
        let fam = &r.factors[r.factor_index("family_history").unwrap()];
        assert_eq!(
            because(&r, &fam.when, &a),
            "a close relative has epilepsy: yes"
        );
        let bw = &r.factors[r.factor_index("birth_weight_under_2000_g").unwrap()];
        assert_eq!(
            because(&r, &bw.when, &a),
            "birth weight 1850 g: under 2000 g"
        );
    }

    #[test]
    fn trace_lists_every_comparison_with_its_outcome() {
        let r = rules();
        let a = answers(
            &r,
            r#"{"gestational_age_weeks": 33, "family_epilepsy": "no"}"#,
        );
        let pre = &r.factors[r.factor_index("preterm_under_32_weeks").unwrap()];
        let steps = trace(&r, &pre.when, &a);
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].answer, "33 weeks");
        assert_eq!(steps[0].test, "under 32 weeks");
        assert_eq!(steps[0].outcome, Truth::False);
        let fam = &r.factors[r.factor_index("family_history").unwrap()];
        let steps = trace(&r, &fam.when, &a);
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[1].answer, "no");
        assert_eq!(steps[0].answer, "unanswered");
    }
}
