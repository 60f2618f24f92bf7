# English: problems with records, rule files, inputs and the command line.

## Parts of problems

json-null = null
json-boolean = a boolean
json-number = a number
json-string = a string
json-array = an array
json-object = an object
# What was found instead: $what is a JSON kind ("an array") or a value.
found = found { $what }
did-you-mean = { " " }(did you mean "{ $suggestion }"?)
yes-no-expected = expected "yes" or "no" (also Y / N, 1 / 0, true / false) or "unknown" (also null, empty, NA, N/A, ".", Don't know)
condition-expected = expected "all", "any", "not", or "question" with one of equals, less_than, at_most, greater_than, at_least
fhir-values = valueBoolean, valueCoding, valueDecimal, valueInteger, valueString or valueQuantity
input-expected = expected an answer record (a JSON object), an array of records, or JSON Lines

## Numbers as people write them

# What a number question accepts, at the end of a problem with an answer to it.
expected-number-of = a number of { $unit }
expected-examples = for example { $examples }
range-not-finite = not a finite number
range-negative = negative; values are never negative
range-outside = outside the plausible range { $range }
# The readings of an ambiguous number, or the units it may have been written in.
readings-separator = { ", " }
readings-last = { $head } or { $last }
notation-negative = negative values are not accepted; expected { $expected }
notation-decimal-comma = write decimals with a dot and no thousands separator (1850, 31.5)
notation-plus-not-used = the "+" form is not used for this question; expected { $expected }
notation-one-before-plus = expected one number before "+", as in { $expected }
notation-one-after-plus = expected one number after "+", as in { $expected }
notation-plus-with-units = write the "+" form without units, as in { $expected }
notation-plus-wrong-unit = after "+" comes a number of { $plus_name }, not { $unit }
notation-plus-too-large = { $amount } { $plus_name } is a whole { $unit_one } or more; the part after "+" must be under { $bound }
notation-no-number = expected a number, { $expected }
notation-fraction-before-smaller = { $amount } is a fraction followed by a smaller unit, which could mean { $readings }; write a whole number before the smaller unit, as in { $expected }
notation-part-without-unit = { $amount } has no unit; give a unit to every number, as in { $expected }
notation-unit-order = "{ $unit }" after "{ $previous }": write the larger unit first, each unit once
notation-part-too-large = { $amount } { $unit } is a whole { $previous } or more; it must be under { $bound }
notation-unknown-unit-plain = unknown unit { $name }; this question takes a plain number of { $unit }
notation-unknown-unit = unknown unit { $name }{ $hint }; expected one of { $symbols }
notation-regional-unit = a { $name } does not weigh the same in every region, and { $region ->
    [none] the region of this answer is not known
   *[other] region { $region } has no unit of that name
}: write grams (2100 g), or the unit by its own name ({ $units }), or give the region with --region ({ $regions })
notation-expected-number-at = expected a number at { $rest }
notation-unexpected = unexpected { $found }
# Nothing of the text could be read as a number ("abc").
notation-nothing-read = { $text }: expected a number
notation-not-a-number = { $text } is not a number
notation-too-large = the number is too large
notation-too-many-parts = too many numbers; write at most { $limit } parts
notation-syntax = { $text }: { $problem }
notation-range-plain = { $text } { $unit } is { $problem }{ $did_you_mean }
notation-range = { $text } is { $value } { $unit }, { $problem }
did-you-mean-unit = { " " }(did you mean { $written }?)

## A record's problems

record-given-twice-id = given twice
record-given-twice = given twice; give each question once
record-invalid-id = expected a string or a number, { $found }
record-unknown-field = not a question of rule set { $rules }; use --allow-extra-fields to ignore fields that are not questions
record-unknown-field-suggest = not a question of rule set { $rules }{ $hint }
record-not-yes-no = { $text } is not an answer; { yes-no-expected }
record-not-a-code = { $text } is not one of the codes given for this question ({ $codes }); the codes replace its built-in answers
record-number-for-yes-no = { yes-no-expected }, found the number { $shown }
record-wrong-type-for-yes-no = { yes-no-expected }, { $found }
record-wrong-type-for-number = expected a number of { $unit } ({ $forms }) or "unknown", { $found }
record-unusable-number = { $shown } is not a usable number
record-number-for-yes-no-question = { yes-no-expected }, found a number
record-not-an-object = expected an answer record (a JSON object of question ids), { $found }
record-cut-short = { " " }(is the record cut short?)
record-invalid-json-at = not valid JSON at line { $line }, column { $column }: { $what }{ $hint }
record-invalid-json = not valid JSON: { $what }{ $hint }
record-place-line = the record at line { $line }
record-place-row = row { $row }
record-place-element = array element { $element } (index { $index })
record-too-large = { $what } is { $bytes } bytes long; a record may be at most { $limit } bytes (1 MiB), so it was skipped
record-empty-array-element = array element { $element } (index { $index }) at line { $line }, column { $column } is empty (an extra comma?)
record-csv-cell-count = row { $row } has { $cells ->
    [one] { $cells } cell
   *[other] { $cells } cells
} but the header has { $columns ->
    [one] { $columns } column
   *[other] { $columns } columns
}
record-csv-not-utf8 = row { $row }, column "{ $column }": the cell is not valid UTF-8 (byte { $byte })
record-other-rule-set-embedded = this record was saved with rule set { $saved }, not { $used }, which is screening it; screen it with --rule-set { $name }, or with no --rule-set or --rules to use the set the record names
record-other-rule-set = this record was saved with rule set { $saved }, not { $used }, which is screening it; screen it with that rule file (--rules FILE)
record-invalid-saved-with = is not what cp-screen writes when it saves answers: expected { $expected }
record-not-asked = answered, but this question is asked only when { $condition }, and this record's answers say otherwise; leave it out or answer "unknown"
record-csv-unclosed-quote = row { $row } has a quoted cell that is never closed; the rows after it are read on their own
record-in-array = array element { $element } (index { $index }): { $problem }

## FHIR responses

fhir-bundle-in-stream = a Bundle inside a stream of resources; give a Bundle as a file of its own, or one QuestionnaireResponse per line (NDJSON)
fhir-not-a-response = a { $found } resource, not a QuestionnaireResponse
fhir-no-resource-type = no resourceType: expected a QuestionnaireResponse ("resourceType": "QuestionnaireResponse")
fhir-other-questionnaire-embedded = answers the questionnaire { $found }, not { $expected }; it is the questionnaire of the embedded rule set { $name }: screen it with --rule-set { $name }
fhir-other-questionnaire = answers the questionnaire { $found }, not { $expected }; screen it with the rule set it answers (--rules), or collect answers with this rule set's questionnaire (cp-screen export questionnaire)
fhir-entered-in-error = the response's status is entered-in-error: it was recorded by mistake, so it is not screened
fhir-structure = the FHIR resource does not have the expected shape: { $what }
fhir-structure-at = the FHIR resource does not have the expected shape at { $path }: { $what }
fhir-several-answers = { $count } answers (or values) given; each question takes one
fhir-no-value = an answer without a value; expected one of { fhir-values }
fhir-unsupported-value = { $key } is not read; answer with { fhir-values }
fhir-coding-system = { " " }of { $system }
fhir-unknown-coding = the code { $code }{ $system } is not an answer cp-screen reads; expected LOINC LA33-6 (yes), LA32-8 (no) or LA4489-6 (unknown), HL7 v2-0136 Y or N, SNOMED CT 373066001 (yes) or 373067005 (no), a v3 NullFlavor (unknown), or a data-absent-reason code meaning unknown (unknown, asked-unknown, temp-unknown, not-asked, asked-declined)
fhir-unknown-unit = the unit { $unit } is not one this question takes; expected a UCUM code among { $accepted }, or a number without a unit
fhir-comparator = a quantity with the comparator { $comparator } is not one value; give the value itself
# Where a record was, for a FHIR OperationOutcome's diagnostics.
# How many characters of a file name are quoted before it is cut.
place-file-quote-length = 200
place-file = file { $file }
place-record = record { $record }
place-line = line { $line }
place-field = field { $field }
place-id = id { $id }
place-separator = { ", " }

## Rule files

rule-file-over-limit = the file is over { $limit } bytes; rule files are limited to { $limit } bytes{ $bytes ->
   *[other] { "" }
}
rule-file-too-large = the file is { $bytes } bytes; rule files are limited to { $limit } bytes
rule-not-utf8 = the file is not UTF-8 text (invalid byte at offset { $offset })
rule-empty-file = the file is empty; expected a JSON object with id, version, questions and factors
rule-not-an-object = expected a rule set (a JSON object), { $found }
# $code_point is hexadecimal, four digits at least.
rule-control-character = contains the control character U+{ $code_point }; rule-file text may not contain control characters
rule-empty = must not be empty
rule-id-characters = { $id } may only contain ASCII letters, digits, "_" and "-"
rule-duplicate-id = duplicate id "{ $id }" (first used by { $first })
rule-no-questions = the rule set asks no question
rule-no-factors = the rule set has no factor
ref-section = section
ref-tier = tier
ref-factor = factor
rule-unknown-reference = unknown { $what } "{ $id }"{ $hint }; known: { $known }
rule-reserved-id = "{ $id }" is reserved for the record id
rule-only-number-questions = only number questions take "{ $field }" (this one is yes_no)
rule-missing-range = a number question needs "{ $field }" (its plausible range)
rule-missing-unit = a number question needs "unit"
rule-empty-range = the range is empty: min { $min } is greater than max { $max }
rule-negative-min = { $min } is negative; answers are never negative
rule-not-positive = { $value } must be a positive number
rule-unit-size-absurd = the unit is { $size } base units (factor / per); a unit must be between 1e-12 and 1e12 of the base unit
rule-too-many-decimals = { $decimals } decimals; answers are shown with at most { $limit }
rule-unit-without-name = a unit needs at least one name
rule-unit-name-not-letters = "{ $name }" must be letters only
rule-unit-name-twice = "{ $name }" names two units of this question
rule-unknown-plus-unit = "{ $symbol }" is not the symbol of one of its units{ $hint }
rule-too-deep = conditions nest deeper than { $limit } levels
rule-not-a-condition = expected a condition object, { $found }
rule-combinator-not-alone = "{ $key }" stands alone in its object; unexpected { $others }
rule-not-a-condition-list = expected an array of conditions, { $found }
rule-empty-combinator = an empty "{ $key }" is not allowed; list at least one condition
rule-unknown-condition-key = unknown key "{ $key }"{ $hint }; { condition-expected }
rule-no-question = no "question"; { condition-expected }
rule-question-not-a-string = expected a question id (a string), { $found }
rule-no-comparison = no comparison; add one of equals, less_than, at_most, greater_than, at_least
rule-several-comparisons = one comparison per condition, found { $keys }; combine them with "all"
rule-unknown-question = unknown question "{ $id }"{ $hint }
rule-numeric-on-yes-no = "{ $question }" is a yes/no question; compare it with "equals", not a numeric comparison
rule-not-yes-or-no = expected "yes" or "no" for the yes/no question "{ $question }", { $found }
rule-target-out-of-range = { $value } is outside the plausible range of "{ $question }" ({ $min } to { $max } { $unit }), so the condition can never be decided by it
rule-not-a-number-target = expected a number for the number question "{ $question }", { $found }
rule-bad-languages = expected a non-empty list of language tags, the file's own language first (for example ["en", "zh-Hans"])
rule-bad-translations = expected translations as { "{" }"<language>": { "{" }"<field>": "<text>"{ "}" }{ "}" }, each text of the same kind as the one it translates
rule-undeclared-language = a translation into "{ $lang }", which the file's "languages" does not declare after its own language; declared: { $declared }
rule-nothing-to-translate = "{ $field }" is not a text of this object; it has none to translate
rule-unknown-translated-text = "{ $field }" is not a text of this object; its texts: { $known }
rule-missing-translation = no "{ $lang }" translation of this text, though the file declares "{ $lang }" (add it under this object's "translations")
rule-ask-when-not-earlier = "ask_when" may only read questions asked earlier; "{ $question }" is not before this one
rule-problem-at = { $place }: { $message }
invalid-rule-file = invalid rule file { $file }: { $problem }
# $count is counted: "3 problems"; each problem follows on a line of its own.
invalid-rule-file-problems = invalid rule file { $file } ({ $count }):
more-rule-problems = ... and { $more } more (the first { $shown } of { $total } problems are shown)

## Inputs

input-empty = { $name }: the input is empty; { input-expected }
input-found-json-value = a JSON value that is not an answer record
input-found-text = text that is not JSON
input-csv-hint = ; if this is CSV, add --input-format csv (files named *.csv are read as CSV)
input-not-records = { $name }: line { $line }, column { $column }: found { $what } ("{ $shown }"); { input-expected }{ $csv }
input-fhir-bundle-too-large = { $name }: a FHIR Bundle file is read whole, and this one is larger than { $mib } MiB; give the responses as NDJSON instead, one per line (jq -c '.entry[].resource')
input-not-json-after = { $name }: the input is not valid JSON after record { $records }: { $what }; the records before it were screened
array-ends-inside = the input ends inside the array at line { $line }, column { $column } (is the file cut short?)
array-text-after = unexpected text after the end of the array at line { $line }, column { $column }
array-unexpected-brace = unexpected "{ "}" }" in the array at line { $line }, column { $column }
input-array-broken = { $name }: { $what }; the { $records ->
    [one] { $records } record before it was
   *[other] { $records } records before it were
} screened
input-csv-no-header = { $name }: the CSV input has no header row; expected a first row of question ids
csv-column-twice = column { $column } ({ $name }) appears twice
csv-unknown-column = column { $column } ({ $name }): not a question of rule set { $rules }{ $hint }; use --allow-extra-fields to ignore fields that are not questions
input-csv-header = { $name }: CSV header: { $problem }
input-csv-unreadable = { $name }: not readable as CSV: { $what }
input-csv-header-too-large = { $name }: the CSV header row is longer than { $limit } bytes; expected a header of column names
input-csv-header-unclosed-quote = { $name }: the CSV header row has a quoted name that is never closed
input-ended = standard input ended before the questionnaire was complete; nothing was saved
cannot-read-rule-file = cannot read rule file { $what }: { $why }
cannot-read = cannot read { $what }: { $why }
cannot-write = cannot write { $what }: { $why }

## The command line

usage-ask-options-before-command = --plain, --save, --force, --id and --explain before a command belong to the questionnaire; put them after the command they are for (for example `cp-screen screen --explain FILE`)
usage-not-a-uri = { $option } { $value } is not an absolute URI; expected a scheme and no spaces, e.g. https://example.org/fhir
usage-not-exportable = the ask_when of question "{ $question }" cannot be written as FHIR enableWhen (it uses "not", or "all" inside "any"); write it as comparisons joined by one "all" or one "any"
usage-stdin-twice = standard input ("-") can be read only once
usage-stdin-is-terminal = `cp-screen screen` reads answer records from files or standard input, and standard input is a terminal. Give a file (cp-screen screen answers.jsonl), pipe records in (cat answers.jsonl | cp-screen screen), or run `cp-screen` to answer the questionnaire.
usage-no-terminal = the questionnaire needs a terminal, and standard input or standard error is not one. Use `cp-screen ask --plain` to answer line by line from standard input, or `cp-screen screen FILE` to screen answer records from JSON.
usage-no-such-factor = no factor { $id } in rule set { $rules }{ $hint }; `cp-screen factors` lists them
usage-no-such-demo = no worked example { $name }{ $hint }; `cp-screen demo` lists them
mapping-form-map = COLUMN=QUESTION (--map weeks=gestational_age_weeks)
mapping-form-unit = QUESTION=UNIT (--unit birth_weight_grams=lb)
mapping-form-codes = QUESTION:CODE=ANSWER,CODE=ANSWER (--codes birth_asphyxia:1=yes,2=no,9=unknown)
mapping-form-combine = two or more columns for one number question, each column once, each with a unit of that question (the mapping file's "combine": question id, then column and unit: "ga_w": "w", "ga_d": "d")
mapping-syntax = { $option } { $text }: expected { $form }
mapping-unknown-question = the mapping names { $id }, which is not a question of the rule set{ $hint }
mapping-unit-not-number = the mapping gives a unit ({ $unit }) to { $question }, which is not a number question
mapping-bad-unit = { $unit } is not a unit of { $question }; its units are { $known }
mapping-bad-answer = the code { $code } of { $question } stands for { $answer }, which is not an answer to it
mapping-file = the mapping file cannot be read: { $what }
mapping-column-not-in-input = the mapping names the column { $column }, which is in no input's header; the nearest columns are { $nearest }
mapping-key-in-no-record = the mapping names the key { $key }, which no record has (every record was read without it: is it mistyped?)
usage-no-such-language = cp-screen does not speak { $tag }; --lang takes { $known }
usage-no-demos = rule set { $rules } has no worked examples; the embedded rule sets have them (`cp-screen --rule-set evidence demo`)
usage-no-such-rule-set = no embedded rule set { $name }{ $hint }; the embedded sets are { $known } (`cp-screen rules list`), or give a file with --rules FILE
usage-factor-by-words = no factor has the id { $query } in rule set { $rules }; { $matches }
factor-matches-none = `cp-screen factors` lists them
factor-matches-one = did you mean { $factor }? (`cp-screen factors { $factor }`)
factor-matches = did you mean one of { $factors }?
usage-question-not-factor-one = "{ $question }" is a question, not a factor; the factor that uses it is { $factor } (`cp-screen factors { $factor }`)
factors-separator = { ", " }
factors-last = { $head } and { $last }
usage-question-not-factor = "{ $question }" is a question, not a factor; the factors that use it are { $factors } (`cp-screen factors ID`)
usage-save-exists = { $path } already exists; choose another file, or add --force to replace it
usage-no-such-command = no command { $name }{ $hint }; `cp-screen --help` lists them
usage-file-as-command = { $path } is a file, not a command; to screen the answer records in it, run `cp-screen screen { $path }`
usage-option-does-nothing = { $option } does nothing with { $here }; it is for { $applies }
usage-option-of-commands = unexpected option { $given } before a command; { $option } is an option of { $commands }: put it after the command (for example `cp-screen screen { $option } ...`)
usage-summary-to-terminal = a { $format } summary is a page to open in a browser, not text for a terminal: write it to a file with --summary-file (for example --summary-file chart.{ $format })

notation-too-many-digits = too many significant digits to compare exactly with a cut-off; write at most { $limit }
record-more-errors = { $count ->
    [one] { $count } more error, not shown
   *[other] { $count } more errors, not shown
}
rule-table-column-id = "{ $id }" is a column of the results table; give the factor another id
rule-not-a-uri = "{ $value }" is not a URI (it needs a scheme such as https:, and no spaces or "|")
rule-missing-key = "{ $with }" needs "{ $key }" beside it
usage-summary-overwrites-input = --summary-file { $path } is also the input { $input }; the summary would destroy it: choose another file
usage-summary-overwrites-stdout = --summary-file { $path } is also where standard output goes; the summary would destroy it: choose another file
fhir-expected-entry-object = expected an entry object
fhir-expected-entries-array = expected an array of entries
