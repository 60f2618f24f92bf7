//! The screening engine: a pure function from a rule set and answers to findings, with
//! three-valued logic so that an unknown answer is never counted as "no". It returns data
//! (statuses, and the evaluated condition trees on request); it never makes a sentence:
//! `words` turns its results into text in the language of the run.

use crate::answers::{Answer, Answers, FieldError, Record};
use crate::problem::RecordProblem;
use crate::rules::{Condition, Op, RuleSet, Target};

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
    /// Every question the factor reads was not asked (their `ask_when` was false): the
    /// factor does not apply to this child. Neither "absent" nor "not assessed".
    NotApplicable,
}

impl Status {
    /// The status as it appears in machine output, the same in every language.
    pub fn id(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Absent => "absent",
            Status::NotAssessed => "not_assessed",
            Status::NotApplicable => "not_applicable",
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
    let mut statuses = Vec::with_capacity(rules.factors.len());
    screen_into(rules, answers, &mut statuses);
    statuses
}

/// The same, into `statuses` (emptied first): a batch screens each record into the list
/// of the record before, allocating none.
fn screen_into(rules: &RuleSet, answers: &Answers, statuses: &mut Vec<Status>) {
    statuses.clear();
    if !rules.conditional {
        statuses.extend(
            rules
                .factors
                .iter()
                .map(|f| Status::from(evaluate_top(&f.when, answers))),
        );
        return;
    }
    let asked = asked(rules, answers);
    statuses.extend(rules.factors.iter().map(|f| {
        if f.reads.iter().all(|q| asked[*q] == Asked::No) {
            Status::NotApplicable
        } else {
            evaluate_top(&f.when, answers).into()
        }
    }));
}

/// `evaluate` for a factor's whole condition: most are one comparison, made here without
/// a call.
#[inline(always)]
fn evaluate_top(condition: &Condition, answers: &Answers) -> Truth {
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => compare(&answers.values[*question], *op, *value),
        _ => evaluate(condition, answers),
    }
}

/// Whether a question is asked, given the answers before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// It has no `ask_when`, or its `ask_when` holds.
    Yes,
    /// Its `ask_when` is false, or reads only questions that were not asked themselves.
    No,
    /// Its `ask_when` cannot be decided: an answer it reads is unknown. The question is
    /// not put to a person, and its factors are not assessed.
    Undecided,
}

/// `Asked` for every question, indexed like `RuleSet::questions`.
pub fn asked(rules: &RuleSet, answers: &Answers) -> Vec<Asked> {
    let mut asked = Vec::with_capacity(rules.questions.len());
    for q in &rules.questions {
        let state = match &q.ask_when {
            None => Asked::Yes,
            Some(condition) => {
                if q.ask_reads
                    .iter()
                    .all(|r| asked.get(*r) == Some(&Asked::No))
                {
                    Asked::No
                } else {
                    match evaluate(condition, answers) {
                        Truth::True => Asked::Yes,
                        Truth::False => Asked::No,
                        Truth::Unknown => Asked::Undecided,
                    }
                }
            }
        };
        asked.push(state);
    }
    asked
}

/// Refuses answers to questions that were not asked: a record that says "no" to a
/// multiple birth cannot say a co-twin died. Unknown answers are fine. Every record is
/// checked here, whatever it was read from, before it is screened.
pub fn check_asked(rules: &RuleSet, record: &mut Record) {
    if !rules.conditional {
        return;
    }
    let asked = asked(rules, &record.answers);
    for (q, state) in rules.questions.iter().zip(asked) {
        if state == Asked::No && record.answers.values[q.index].is_known() {
            record.push_error(FieldError::field(
                &q.id,
                RecordProblem::NotAsked { question: q.index },
            ));
        }
    }
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
        Condition::All(parts) => all(parts.iter().map(|p| evaluate(p, answers))),
        Condition::Any(parts) => any(parts.iter().map(|p| evaluate(p, answers))),
        Condition::Not(inner) => not(evaluate(inner, answers)),
    }
}

/// Kleene's "and": false if any part is false, else unknown if any part is unknown. The
/// least of the parts in the order false < unknown < true, found without a branch per
/// part: with real answers, which part decides is unpredictable.
fn all(parts: impl Iterator<Item = Truth>) -> Truth {
    Truth::from_rank(parts.map(Truth::rank).fold(2, u8::min))
}

/// Kleene's "or": true if any part is true, else unknown if any part is unknown (the
/// greatest of the parts).
fn any(parts: impl Iterator<Item = Truth>) -> Truth {
    Truth::from_rank(parts.map(Truth::rank).fold(0, u8::max))
}

fn not(t: Truth) -> Truth {
    Truth::from_rank(2 - t.rank())
}

impl Truth {
    /// False 0, unknown 1, true 2: "and" is the least, "or" the greatest, "not" 2 minus.
    fn rank(self) -> u8 {
        match self {
            Truth::False => 0,
            Truth::Unknown => 1,
            Truth::True => 2,
        }
    }

    fn from_rank(rank: u8) -> Truth {
        match rank {
            0 => Truth::False,
            1 => Truth::Unknown,
            _ => Truth::True,
        }
    }
}

fn compare(answer: &Answer, op: Op, target: Target) -> Truth {
    if let (Some(word), Target::YesNo(want)) = (answer.word_index(), target) {
        // Looked up, not branched on: the answer differs from record to record. By
        // `Answer::WORDS`: unanswered, unknown, yes, no.
        const WANT_YES: [Truth; 4] = [Truth::Unknown, Truth::Unknown, Truth::True, Truth::False];
        const WANT_NO: [Truth; 4] = [Truth::Unknown, Truth::Unknown, Truth::False, Truth::True];
        return if want { WANT_YES } else { WANT_NO }[word];
    }
    let holds = match (answer, target) {
        (Answer::Unanswered | Answer::Unknown, _) => return Truth::Unknown,
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

/// A condition as evaluated for one record: the tree of the rule file with, at each node,
/// what it came to, and at each comparison the answer it saw (as written and as
/// understood). Renderers read this; they never evaluate anything themselves.
#[derive(Debug, Clone, PartialEq)]
pub enum Evaluated<'a> {
    Compare {
        question: usize,
        op: Op,
        target: Target,
        answer: &'a Answer,
        truth: Truth,
    },
    All(Vec<Evaluated<'a>>, Truth),
    Any(Vec<Evaluated<'a>>, Truth),
    Not(Box<Evaluated<'a>>, Truth),
}

impl Evaluated<'_> {
    pub fn truth(&self) -> Truth {
        match self {
            Evaluated::Compare { truth, .. }
            | Evaluated::All(_, truth)
            | Evaluated::Any(_, truth)
            | Evaluated::Not(_, truth) => *truth,
        }
    }

    /// Every comparison in the tree, in rule-file order.
    pub fn comparisons(&self) -> Vec<&Self> {
        fn walk<'e, 'a>(e: &'e Evaluated<'a>, out: &mut Vec<&'e Evaluated<'a>>) {
            match e {
                Evaluated::Compare { .. } => out.push(e),
                Evaluated::All(parts, _) | Evaluated::Any(parts, _) => {
                    parts.iter().for_each(|p| walk(p, out))
                }
                Evaluated::Not(inner, _) => walk(inner, out),
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }
}

/// Evaluates `condition` against `answers`, keeping every step.
pub fn evaluated<'a>(condition: &Condition, answers: &'a Answers) -> Evaluated<'a> {
    match condition {
        Condition::Compare {
            question,
            op,
            value,
        } => {
            let answer = &answers.values[*question];
            Evaluated::Compare {
                question: *question,
                op: *op,
                target: *value,
                answer,
                truth: compare(answer, *op, *value),
            }
        }
        Condition::All(parts) => {
            let parts: Vec<_> = parts.iter().map(|p| evaluated(p, answers)).collect();
            let truth = all(parts.iter().map(Evaluated::truth));
            Evaluated::All(parts, truth)
        }
        Condition::Any(parts) => {
            let parts: Vec<_> = parts.iter().map(|p| evaluated(p, answers)).collect();
            let truth = any(parts.iter().map(Evaluated::truth));
            Evaluated::Any(parts, truth)
        }
        Condition::Not(inner) => {
            let inner = evaluated(inner, answers);
            let truth = not(inner.truth());
            Evaluated::Not(Box::new(inner), truth)
        }
    }
}

/// Where a record stood in its input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Position {
    /// The input's name, set only when several inputs are screened together.
    pub file: Option<std::sync::Arc<str>>,
    /// 1-based position of the record in its input.
    pub record: u64,
    /// 1-based line where the record starts, for line-based input.
    pub line: Option<u64>,
}

/// One record's outcome: screened (with a status per factor) or invalid.
#[derive(Debug, Clone)]
pub struct ScreenResult {
    pub position: Position,
    pub record: Record,
    /// `None` when the record was invalid and nothing was assessed.
    pub statuses: Option<Vec<Status>>,
}

impl ScreenResult {
    /// Screens a record that was read; an invalid record is never partly screened.
    pub fn new(rules: &RuleSet, position: Position, record: Record) -> ScreenResult {
        let statuses = Vec::with_capacity(rules.factors.len());
        ScreenResult::reusing(rules, position, record, statuses)
    }

    /// The same, screening into `spare`, the statuses of a result no longer needed: a
    /// batch hands each record's list on to the next, so that screening allocates none.
    pub fn reusing(
        rules: &RuleSet,
        position: Position,
        mut record: Record,
        mut spare: Vec<Status>,
    ) -> ScreenResult {
        check_asked(rules, &mut record);
        let statuses = record.errors.is_empty().then(|| {
            screen_into(rules, &record.answers, &mut spare);
            spare
        });
        ScreenResult {
            position,
            record,
            statuses,
        }
    }

    /// The result of one record that stands alone (the questionnaire, a demo): record 1,
    /// from no file or line.
    pub fn alone(rules: &RuleSet, record: Record) -> ScreenResult {
        let position = Position {
            record: 1,
            ..Position::default()
        };
        ScreenResult::new(rules, position, record)
    }

    pub fn is_valid(&self) -> bool {
        self.statuses.is_some()
    }

    /// A test's record, standing alone: `json` must be valid JSON (its content may not be).
    #[cfg(test)]
    pub(crate) fn of_json(rules: &RuleSet, json: &str) -> ScreenResult {
        let reader = crate::answers::RecordReader {
            rules,
            allow_extra_fields: false,
            codings: None,
        };
        ScreenResult::alone(rules, reader.parse_json(json.as_bytes()).unwrap())
    }

    /// How factor `factor` was decided for this record.
    pub fn evaluated<'a>(&'a self, rules: &RuleSet, factor: usize) -> Evaluated<'a> {
        evaluated(&rules.factors[factor].when, &self.record.answers)
    }

    /// Whether the report adds its follow-up sentence: a present factor is one the rule
    /// file names for follow-up (or, in older files, is of a follow-up tier).
    pub fn follow_up(&self, rules: &RuleSet) -> bool {
        let Some(statuses) = &self.statuses else {
            return false;
        };
        // Without a branch per factor: which are present differs from record to record.
        statuses.iter().enumerate().fold(false, |acc, (i, s)| {
            acc | (*s == Status::Present) & rules.is_follow_up(i)
        })
    }

    /// How many factors have `status` (0 for an invalid record).
    pub fn count(&self, status: Status) -> usize {
        self.statuses
            .as_deref()
            .map_or(0, |s| s.iter().filter(|x| **x == status).count())
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
            codings: None,
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
    fn evaluated_trees_keep_the_answers_and_what_each_node_came_to() {
        let r = rules();
        let a = answers(
            &r,
            r#"{"gestational_age_weeks": 33, "family_epilepsy": "no"}"#,
        );
        let pre = &r.factors[r.factor_index("preterm_under_32_weeks").unwrap()];
        let e = evaluated(&pre.when, &a);
        let steps = e.comparisons();
        assert_eq!(steps.len(), 1);
        assert!(matches!(
            steps[0],
            Evaluated::Compare { op: Op::LessThan, target: Target::Number(t), answer: Answer::Number { value, .. }, truth: Truth::False, .. }
                if *t == 32.0 && *value == 33.0
        ));
        let fam = &r.factors[r.factor_index("family_history").unwrap()];
        let e = evaluated(&fam.when, &a);
        assert_eq!(e.truth(), Truth::Unknown);
        assert_eq!(e.truth(), evaluate(&fam.when, &a));
        let steps = e.comparisons();
        assert_eq!(steps.len(), 3);
        assert!(matches!(
            steps[0],
            Evaluated::Compare {
                answer: Answer::Unanswered,
                truth: Truth::Unknown,
                ..
            }
        ));
        assert!(matches!(
            steps[1],
            Evaluated::Compare {
                answer: Answer::No,
                truth: Truth::False,
                ..
            }
        ));
    }
}
