# A second consumer of `cp-screen screen --format csv`: R's read.csv reads the table with
# the column classes the codebook gives, and the counts agree with the JSON summary.
# Run by tests/table.rs: Rscript r_reads_table.R CODEBOOK CSV SUMMARY_JSON
args <- commandArgs(trailingOnly = TRUE)
read_json_text <- function(path) paste(readLines(path, warn = FALSE, encoding = "UTF-8"), collapse = "\n")
codebook <- read_json_text(args[1])
# The field names and types, in order, from the codebook (no JSON package needed: the
# codebook lists "name" before "type" in every field).
names <- regmatches(codebook, gregexpr('"name": "[^"]*"', codebook))[[1]]
names <- sub('"name": "([^"]*)"', "\\1", names)
types <- regmatches(codebook, gregexpr('"type": "[^"]*"', codebook))[[1]]
types <- sub('"type": "([^"]*)"', "\\1", types)
stopifnot(length(names) == length(types))
classes <- c(integer = "integer", number = "numeric", string = "character", boolean = "character")[types]
table <- read.csv(args[2], colClasses = unname(classes), na.strings = "", check.names = FALSE,
                  encoding = "UTF-8")
stopifnot(identical(names(table), names))
summary <- read_json_text(args[3])
screened <- as.integer(sub('.*"screened":([0-9]+).*', "\\1", summary))
stopifnot(sum(table$status == "screened") == screened)
# Every factor column holds only the codebook's statuses.
for (name in names) {
  values <- table[[name]]
  if (all(is.na(values) | values %in% c("present", "absent", "not_assessed", "not_applicable"))) next
  if (name %in% c("record", "id", "file", "line", "status", "follow_up", "errors", "error_field",
                  "error_code", "error_message", "rule_set", "rule_set_version", "rules_hash")) next
  stopifnot(is.numeric(values))
}
present <- as.integer(sub('.*"id":"preterm_under_32_weeks","present":([0-9]+).*', "\\1", summary))
stopifnot(sum(table$preterm_under_32_weeks == "present", na.rm = TRUE) == present)
cat("R read", nrow(table), "rows and", ncol(table), "columns with the codebook's classes\n")
