# English: factor tables and pages, worked examples, rule sets and their comparison.

factors-footer = `cp-screen factors ID` shows one factor in full: what it means, how the source was read, the evidence and the codes.
table-factor = FACTOR
table-tier = TIER
table-present-when = PRESENT WHEN
table-source-words = SOURCE'S WORDS
what-it-means = What it means
question-asked = Question asked
present-when = Present when
source-words = The source's words
reading-used = Reading used
other-reading = Other possible reading
literature = What the wider literature says
guidance = Guidance for every factor
follow-up-card = When present, the report adds the rule set's follow-up sentence.
codes = Codes
yes-no-answers = Answers: yes, no, or unknown.
unknown-not-absent = An unknown or missing answer makes the factor not assessed, never absent.
no-study = The rule set cites no further study for this factor.
follow-up-note = { " " }(when present, the report suggests asking about developmental follow-up)
worked-examples = Worked examples
demo-footer = `cp-screen demo NAME` screens one and explains every factor; `--record` prints its answer record.
what-it-reports = What cp-screen reports
teaching-note = Teaching note
rules-valid = { $shown }: valid rule set { $tag } "{ $title }"
rules-counts = { $sections ->
    [one] { $sections } section
   *[other] { $sections } sections
}, { $questions ->
    [one] { $questions } question
   *[other] { $questions } questions
} ({ $yes_no } yes/no, { $numeric } numeric), { $factors ->
    [one] { $factors } factor
   *[other] { $factors } factors
}
factors-title = Risk factors of { $tag } ({ $hash })
source-line-kind = Source: "{ $title }", { $kind }
source-line = Source: "{ $title }"
factor-place = Section: { $section }. Tier: { $tier }
number-answers = Answers: a number of { $unit }, a number of { $unit } (plausible range { $range }), or unknown.
number-answers-forms = Answers: a number of { $unit }, { $forms } (plausible range { $range }), or unknown.
citation-with-source = - { $text } ({ $citation })
citation = - { $text }
worked-example = Worked example: { $title }
demo-record-intro = The answer record (`cp-screen demo { $name } --record`):
rule-sets-heading = Embedded rule sets (choose one with --rule-set NAME, or give a file with --rules FILE):
rule-set-default = the default
rule-set-aliases = also: { $aliases }
rule-set-notes-separator = { "; " }
rule-set-name = { $name } ({ $notes })
rule-set-counts = { $factors } factors, { $questions } questions, { $hash }
rule-set-title = { $tag }: { $title }
compare-heading = Comparing { $a } ({ $a_factors } factors) with { $b } ({ $b_factors } factors)
compare-same = In both, with the same condition:
compare-differ = In both, asked or cut differently (→ what { $b } has instead):
compare-only-in = Only in { $a } (no counterpart in { $b }):
compare-follow-up-by-tier = Follow-up sentence in { $tag }: by tier only
compare-follow-up = Follow-up sentence in { $tag }: { $factors }
compare-note = A factor is matched by its id, by the questions it reads, or by the source factors a literature-based factor names. A factor with no counterpart is one the other set leaves out: `cp-screen factors ID` shows the evidence behind each.
follow-up-place = Follow-up: a present factor of this kind adds the report's follow-up sentence. { $why }
asked-only-when = Asked only when { $condition }; otherwise the question is not asked and the factor is not applicable (not the same as absent or not assessed).
confidence-high = high
confidence-moderate = moderate
confidence-low = low
confidence-with-note = Confidence in the evidence: { $level } ({ $note })
confidence = Confidence in the evidence: { $level }
# The help of a number question in an exported FHIR Questionnaire.
form-number-help = A number in { $unit }, from { $min } to { $max }.
form-number-help-part = { " " }Write a part as a decimal: { $written } is { $decimal }.
