# The words that mean yes, no and don't know, and the plain-mode commands of the
# questionnaire: comma-separated, matched in any case. No word may mean two things in
# any two languages (a test checks): records are read with the words of every language.

## At the questionnaire's prompt (plain mode, and the commands at a number prompt), in the
## order a "not one of the choices" message lists them.

shortcut-yes = yes, y
shortcut-no = no, n
shortcut-dont-know = don't know, dont know, dk, d, unknown, u
shortcut-help = ?, help, h
shortcut-back = back, b
shortcut-confirm = confirm, c

## Further words an answer record may hold (as spreadsheets and registries write them).

record-yes = true, 1
record-no = false, 0
record-unknown = na, n/a, ., don’t know
