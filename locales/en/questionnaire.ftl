# English: the questionnaire, in a terminal and in plain mode.

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
