# The words that mean yes, no and don't know, and the plain-mode commands of the
# questionnaire: comma-separated, matched in any case. No word may mean two things in
# any two languages (a test checks): records are read with the words of every language.

## At the questionnaire's prompt (plain mode, and the commands at a number prompt), in the
## order a "not one of the choices" message lists them. The English words work too.

shortcut-yes = 有, 是, yes, y
shortcut-no = 没有, 无, 否, 不是, no, n
shortcut-dont-know = 不清楚, 不知道, 不确定, 未知, 不详, don't know, dk, d, unknown, u
shortcut-help = ?, ？, 帮助, help, h
shortcut-back = 返回, 上一题, back, b
shortcut-confirm = 确认, confirm, c

## Further words an answer record may hold.

record-yes = { "" }
record-no = { "" }
record-unknown = { "" }
