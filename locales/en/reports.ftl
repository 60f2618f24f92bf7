# English: the screening reports, in text, HTML and the run's summary.
#
# Conventions of every catalog: `{ " " }` keeps a space at the start or end of a text,
# which Fluent would trim. `{ SP() }` is a space only where the characters it joins want
# one (Chinese next to Latin letters or digits). A message that does not say a value it is
# given still names it, `{ $x -> *[other] {""} }`, so that every language takes the same
# values (a test compares them).

## Fixed phrases of the reports

nothing-found = No risk factor of this checklist was found in the answers.
because = because{ " " }
source = source:{ " " }
not-assessed-list = Not assessed (answer unknown or missing):{ " " }
absent-list = Checked and not found:{ " " }
not-applicable-list = Not applicable (question not asked for this child):{ " " }
units-read = Units read as:{ " " }
how-decided = How each factor was decided
correct-and-rescreen = Correct the record and screen it again.
read-as-unknown = These answers failed their check and were read as unknown (`--field-errors not-assessed`); correct them and screen the record again:
summary-note = Counts of records, not of children at risk: no factor is a diagnosis.
summary-factor = factor
summary-present = present
summary-not-assessed = not assessed
summary-not-applicable = not applicable
summary-absent = absent

## Counting and lists

# $noun is one of record, error, problem, cell, column, section, question, factor.
count = { $noun ->
    [record] { $n ->
        [one] { $n } record
       *[other] { $n } records
    }
    [error] { $n ->
        [one] { $n } error
       *[other] { $n } errors
    }
    [problem] { $n ->
        [one] { $n } problem
       *[other] { $n } problems
    }
    [cell] { $n ->
        [one] { $n } cell
       *[other] { $n } cells
    }
    [column] { $n ->
        [one] { $n } column
       *[other] { $n } columns
    }
    [section] { $n ->
        [one] { $n } section
       *[other] { $n } sections
    }
    [question] { $n ->
        [one] { $n } question
       *[other] { $n } questions
    }
   *[factor] { $n ->
        [one] { $n } factor
       *[other] { $n } factors
    }
}
# "a, b and c": the items but the last are joined by the separator.
list-and-separator = { ", " }
list-and = { $head } and { $last }
# "a, b or c".
list-or-separator = { ", " }
list-or = { $head } or { $last }
# Between the names of a list of factors, symbols or keys: ", ".
list-separator = { ", " }
quote = "{ $text }"
quote-cut = "{ $head }…" ({ $rest } more characters)

## Answers and conditions

answer-unanswered = unanswered
answer-unknown = don't know
answer-yes = yes
answer-no = no
answer-number = a number
op-equals = is
op-less-than = under
op-at-most = at most
op-greater-than = over
op-at-least = at least
op-not-equals = is not
op-not-less-than = not under
op-not-at-most = over
op-not-greater-than = not over
op-not-at-least = under
# A negated yes/no target: "not yes".
target-not = not { $word }
# Which of a rule file's unit names to use: `han` prefers one in Chinese characters,
# `latin` the longest (English) one.
unit-names = latin
# "30+4 weeks (30.6 weeks)": as written, then as understood.
written-and-understood = { $written } ({ $understood })
# One comparison of a because-clause, "birth weight 1850 g: under 2000 g". Only $label,
# $answer and $target and text: these are written for every factor of every record.
because-number = { $label } { $answer }: { $target }
because-yes-no = { $label }: { $answer }
because-separator = { "; " }
describe-yes-no = { $label }: { $target }
describe-equals = { $label } of { $target }
describe-compare = { $label } { $target }
describe-separator = { "; " }
describe-all = all of: { $parts }
describe-any = any of: { $parts }
describe-not = not ({ $inner })
truth-true = true
truth-false = false
truth-unknown = unknown
verdict-true = { $test }
verdict-false = not { $test }
verdict-unknown = cannot tell if { $test }
explain-compare = { $question } = { $answer }: { $verdict }
explain-all = all of (true if every part is true, false if any part is false): { $truth }
explain-any = any of (true if any part is true, false only if every part is false): { $truth }
explain-not = not: { $truth }
status-present = present
status-absent = absent
status-not-assessed = not assessed
status-not-applicable = not applicable (its question was not asked)
# Whether a factor's name is shown beside its id (in tables, explanations): "no" where the
# ids are words of the language.
# "birth_asphyxia: Asphyxia at birth"; also a field's name before its problem.
id-and-text = { $id }: { $text }
names-beside-ids = no
id-and-name = { $id } { $name }
explain-factor = { $factor }: { $status }

## A record's report

result-heading = Screening result
record-heading = Record { $record }
record-id-text = { " · " }id "{ $id }"
record-id-number = { " · " }id { $id }
record-line = line { $line }
record-place-separator = { ", " }
record-place = { " · " }{ $place }
factor-counts = { $present } of { $total } risk factors present, { $absent } absent, { $not_assessed } not assessed
factor-counts-not-applicable = , { $not_applicable } not applicable
nothing-found-but = No risk factor was found in the answers given, but { $not_assessed } of the { $total } factors could not be assessed because their answers are unknown or missing.
tier-note = ({ $tier })
quoted-source = "{ $words }"
quoted-source-in = "{ $words }" ({ $document })
rules-footer = Rules: { $tag } ({ $hash })
# $errors is counted: "2 errors".
not-screened = Not screened: the record has { $errors }, so no factor was assessed
# $read is counted: "5 records".
summary-line = Summary: { $read } read, { $screened } screened, { $invalid } invalid (rules { $tag }, { $hash })
summary-group = { $column } = "{ $value }": { $screened } screened, { $invalid } invalid
summary-field-errors = { $records } screened { $records ->
    [one] record had an answer that failed its check
   *[other] records had answers that failed their check
}, read as unknown: { $codes }
invalid-records = cp-screen: { $invalid } of { $read } invalid and not screened; { $invalid ->
    [one] its
   *[other] their
} errors are in the output
# An error that ends a command, on standard error.
error-line = cp-screen: error: { $message }
no-records = cp-screen: no answer records in { $inputs }; nothing was screened

## Pages: the printable report, handouts, the cohort chart

page-meta = Printed { $date } · rules { $tag } ({ $hash })
translated = (translation: { $text })
chart-totals = { $read } read, { $screened } screened, { $invalid } invalid; bars are shares of the screened records
chart-segment = { $factor }: { $status } in { $n } of { $of } screened records ({ $percent })
page-subtitle = Screening checklist of documented risk factors: not a diagnosis
factors-present = Risk factors present
answers-given = Answers given
no-records-read = No records were read.
chart-title = How often each factor was present, absent and not assessed

# After a factor's name in a report: what it includes, a list of factor names.
includes-note = (includes: { $names })
