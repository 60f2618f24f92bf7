# The sections of the manual page that clap does not make, kept in English as --help is
# (translate them together). A paragraph starting with "$ " is an example command, one
# starting with two spaces an indented item.

man-input-formats = INPUT FORMATS
man-input-formats-1 = cp-screen screen reads answer records: one JSON object, a top-level array of objects, JSON Lines (one object per line), or pretty-printed objects one after another; the shape is detected. CSV is read from files named *.csv, or with --input-format csv: a header row of question ids (and optionally id), then one record per row. FHIR R4 QuestionnaireResponses (one, a Bundle of them, or NDJSON) are detected from their resourceType, or chosen with --input-format fhir; cp-screen export questionnaire writes the Questionnaire they answer.
man-input-formats-2 = An answer record is a JSON object whose keys are question ids, plus an optional id (a string or a number) that is echoed back. Yes/no questions take "yes", "no" or "unknown" (any case), true or false; number questions take a JSON number in the question's unit or a string as a person writes it (31+4, 31w4d, 31+4/40, 1850 g, 1.85 kg, 4 lb 1 oz). null, "unknown" or "" mean unknown; a missing key is unanswered. cp-screen template prints a record to fill in, cp-screen schema its JSON Schema.
man-input-formats-3 = An input with no record at all (an empty file, [], a CSV header alone) is not an error: nothing is screened, a note says so on standard error, and the exit status is 0.
man-exit-status = EXIT STATUS
man-exit-status-0 = { "  " }0: every record was screened, whether or not factors were found (also when there was no record).
man-exit-status-1 = { "  " }1: at least one record was invalid; every other record was still screened and reported.
man-exit-status-2 = { "  " }2: usage error; unreadable or invalid rule file; unreadable input, or input that is not JSON at all.
man-exit-status-130 = { "  " }130: interrupted (Ctrl-C); the questionnaire saves nothing.
man-examples = EXAMPLES
man-examples-ask = Answer the questionnaire and save the answers:
man-examples-ask-command = $ cp-screen ask --save answers.json --id baby-1
man-examples-screen = Screen saved answers, or a cohort as JSON Lines with a summary:
man-examples-screen-command = $ cp-screen screen answers.json
man-examples-screen-cohort-command = $ cp-screen screen --format jsonl --summary cohort.jsonl > results.jsonl
man-examples-learn = Learn what a factor means, and run a worked example as a quiz:
man-examples-factors-command = $ cp-screen factors birth_asphyxia
man-examples-quiz-command = $ cp-screen demo very-preterm --quiz
