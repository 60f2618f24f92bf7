# English: the questionnaire, in a terminal and in plain mode.

## The questionnaire in a browser (`cp-screen serve`).

# The language's name in itself, for the language switch.
serve-language-name = English
serve-language = Language
serve-start-title = Risk-factor questionnaire
serve-choose-set = Which list of risk factors?
serve-start = Start the questionnaire
serve-nothing-kept = Nothing is kept on this computer or on the server: the answers travel with the pages, and "Start again" clears them.
serve-progress = { $section } · Question { $n } of { $total }
serve-number-hint = { CAPITALISE($forms) } ({ $range }). Leave it empty, or choose "Don't know", if you don't know.
serve-choose-one = Choose one of the answers.
serve-next = Next
serve-back = Back
serve-back-to-review = Back to the review
serve-review-heading = Review your answers
serve-review-intro = Check each answer; change any of them, then see the result.
serve-change = Change
serve-see-result = Confirm and show the result
serve-result-actions = Result
serve-print = Print
serve-print-hint = Print: the button, or your browser's Print command (Ctrl+P). The bar above the result is not printed.
serve-change-answers = Change answers
serve-download-record = Download the answers (answer record, JSON)
serve-download-fhir = Download the answers (FHIR QuestionnaireResponse)
serve-start-again = Start again
serve-error-title = This page cannot be shown
serve-error-code = Error code: { $code }
serve-error-bad-form = The page sent a value cp-screen cannot use: field { $field }, value { $value }; expected: { $expected }.
serve-expected-one-value = the field once
serve-expected-question-number = a question number from 0 to { $last }
serve-expected-region = a region code of two letters (ISO 3166), such as TW, HK, MO or CN
serve-error-too-large = The page sent more than { $limit } KiB, more than any questionnaire needs.
serve-error-host = This server does not answer to the name { $host }: open it at the address it printed when it started.
serve-error-not-found = There is no page at { $path }.
serve-error-method = A page cannot be asked for with { $method }.
serve-error-timeout = The server took too long to answer. Try again.
serve-listening = cp-screen serve: open { $url } in a browser. Press Ctrl+C to stop.
serve-warning-network = Warning: listening on { $addr }, beyond this computer: anyone on the network who can reach it can open the questionnaire, and the answers travel unencrypted (HTTP). Use it only on a network you trust.
serve-stopped = cp-screen serve: stopped.

## The questionnaire in a terminal.

your-result = Your screening result
always-dont-know = "Don't know" is always a good answer. You can go back at any question and review every answer before the result.
your-answer = Your answer
choice-yes = Yes
choice-no = No
choice-dont-know = Don't know
choice-help = Help: what does this mean?
choice-back = Back to the previous question
review-heading = ── Review your answers ──
choice-confirm = Confirm and show the result
review-prompt = Confirm, or choose an answer to change
interrupted = cp-screen: interrupted; nothing was saved
# The prompt of a menu whose question is shown above it, too wide for one line.
short-prompt = Your choice
intro = { $questions } questions about { LOWERCASE($sections) }. This is a checklist of documented risk factors, not a diagnosis.
section-heading = ── { $title } ──
question-line = { $section }, question { $n } of { $total }: { $text }
# What a number question accepts: "for example 31+4, 31w4d", or "a number of g".
forms-number-of = a number of { $unit }
forms-examples = for example { $examples }
range = { $min } to { $max } { $unit }
number-hint = { CAPITALISE($forms) }; Enter if you don't know; "?" for help
number-hint-back = { CAPITALISE($forms) }; Enter if you don't know; "?" for help; "back" for the previous question
# $named is yes when the reason names the accepted forms already.
reprompt = { $named ->
    [yes] { $why }; or Enter if you don't know.
   *[no] { $why }. Accepted: { $expected }, or Enter if you don't know.
}
echo = { "  " }{ $said } = { $understood }
echo-split = { $understood }, that is { $whole } { $part }
# "3100 g, assuming 1 斤 = 500 g and 1 两 = 50 g".
assumptions-separator = { ", " }
assumptions-last = { $head } and { $last }
with-assumptions = { $understood }, assuming { $notes }
# A text and a note in brackets after it: "Born before 32 weeks (most important)".
join-note = { $text } { $note }
# An answer in the review, after its question's number ("9) Gestational age at birth: 31+4 weeks").
review-answer = { CAPITALISE($label) }: { $answer }
# A conditional question passed over; $condition is when it is asked ("twin, triplet or more: yes").
question-skipped = Question { $n } skipped: it is asked only when "{ $condition }".
# After the introduction, on a terminal (the arrow-key menus). The words named are the
# first shortcuts of vocabulary.ftl (a test checks).
menu-keys = Choose with ↑ ↓, or type y, n or d (or a choice's number), then press Enter. Esc goes back.
# Under a menu not touched yet.
menu-enter = Enter chooses "{ $item }"
saved-to = Answers saved to { $path }
report-written-to = Printable report written to { $path } (open it in a browser and print it for the clinician)
saved-with-id = Answers saved to { $path } (id { $id })
plain-choose = Choose 1 to { $items } (Enter = { $default }, { $default_item }):{ " " }
plain-choose-key = Choose a number from 1 to { $items }, or { $key } (Enter = { $key }, { $default_item }):{ " " }
choice-word = "{ $word }"
plain-not-a-choice = "{ $typed }" is not one of the choices; type a number from 1 to { $items }.
plain-not-a-choice-words = "{ $typed }" is not one of the choices; type a number from 1 to { $items }, or { $words }.
plain-keep = (Enter keeps { $initial }) >{ " " }
quiz-question = Quiz: which of these { $factors } risk factors are present in this record?
quiz-prompt = Type the numbers of the factors you think are present (for example 3 8), or "none", then Enter:
quiz-bad-choice = { $text } is not a factor's number; type numbers from 1 to { $factors }, separated by spaces or commas, or "none".
quiz-right = Right, present: { $factors }.
quiz-missed = Present, but not chosen: { $factors }.
quiz-absent = Chosen, but absent in this record: { $factors }.
quiz-not-assessed = Chosen, but the record cannot tell (its answer is unknown or missing): { $factors }.
quiz-all-right = All right: you chose every factor present, and no other.
quiz-no-choice = No answer was given; here is the result.
factor-found-by-words = { $query } is not a factor id; this is the one factor it finds, { $id }:
