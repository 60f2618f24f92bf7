//! Tests of the readers, through `open` and `open_csv` as batch.rs uses them.

use super::*;
use crate::answers::Column;
use crate::problem::HeaderProblem;

fn message(p: &RecordProblem) -> String {
    crate::words::get().record_problem(&crate::rules::RuleSet::default_rules(), p)
}

/// (text or "!problem", record, line, column) of each record.
type Split = Vec<(String, u64, u64, u64)>;

fn records(input: &str) -> (Shape, Split, Option<String>) {
    let src = open(
        Box::new(io::Cursor::new(input.as_bytes().to_vec())),
        "test",
        Resources::Detect,
    )
    .unwrap();
    let shape = src.shape();
    let (out, _, failure) = read_all(src);
    (shape, out, failure)
}

/// Every record of `src`, the largest buffer a batch held, and the message of the failure
/// that ended it, if one did.
fn read_all(mut src: Box<dyn Source>) -> (Split, usize, Option<String>) {
    let mut out = Vec::new();
    let mut batch = Batch::default();
    let mut largest = 0;
    let failure = loop {
        let fill = src.fill(&mut batch);
        largest = largest.max(batch.buf.capacity());
        for item in &batch.items {
            let text = match &item.problem {
                Some(p) => format!("!{}", message(p)),
                None => String::from_utf8(batch.bytes(item).to_vec()).unwrap(),
            };
            out.push((text, item.record, item.line.unwrap(), item.column));
        }
        match fill {
            Fill::More => continue,
            Fill::Done => break None,
            Fill::Failed(e) => break Some(e.message(crate::words::get())),
        }
    };
    (out, largest, failure)
}

fn texts(input: &str) -> Vec<String> {
    records(input).1.into_iter().map(|r| r.0).collect()
}

#[test]
fn json_lines_skip_blank_lines_and_count_lines() {
    let (shape, recs, failure) = records("{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{bad\n");
    assert_eq!(shape, Shape::Stream);
    assert_eq!(failure, None);
    let lines: Vec<(u64, u64)> = recs.iter().map(|r| (r.1, r.2)).collect();
    assert_eq!(lines, [(1, 1), (2, 4), (3, 5)]);
    assert_eq!(recs[1].0, "{\"b\":2}\r");
    assert_eq!(recs[2].0, "{bad");
}

#[test]
fn a_single_pretty_object_is_one_record() {
    let (shape, recs, failure) = records("\n{\n  \"a\": 1,\n  \"b\": [1,\n 2]\n}\n");
    assert_eq!(shape, Shape::Stream);
    assert_eq!(failure, None);
    assert_eq!(recs.len(), 1);
    assert_eq!((recs[0].1, recs[0].2, recs[0].3), (1, 2, 1));
}

#[test]
fn pretty_objects_back_to_back_are_records() {
    let recs = records("{\n\"a\": 1\n}\n{\n\"b\": 2\n}").1;
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1].2, 4);
}

#[test]
fn json_lines_with_a_broken_first_line_stay_line_records() {
    let recs = texts("{\"a\": \n{\"b\": 2}\n");
    assert_eq!(recs, ["{\"a\":", "{\"b\": 2}"]);
}

#[test]
fn a_bad_line_after_a_pretty_record_is_one_record_and_the_rest_go_on() {
    // Issue 16: this input failed as a whole after l2 and lost l4.
    let (shape, recs, failure) =
        records("{\n \"id\": \"p\"\n}\n{\"id\":\"l2\"}\n{\"id\": bad}\n{\"id\":\"l4\"}\n");
    assert_eq!((shape, failure), (Shape::Stream, None));
    let got: Vec<(&str, u64, u64)> = recs.iter().map(|r| (r.0.as_str(), r.1, r.2)).collect();
    assert_eq!(
        got,
        [
            ("{\n \"id\": \"p\"\n}", 1, 1),
            ("{\"id\":\"l2\"}", 2, 4),
            ("{\"id\": bad}", 3, 5),
            ("{\"id\":\"l4\"}", 4, 6)
        ]
    );
    // A pretty record cut short by the next one, and text that is not an object.
    let recs = texts("{\n \"a\": 1,\n{\n \"b\": 2\n}\nhello\n  {\"c\": [\n3]}");
    assert_eq!(
        recs,
        [
            "{\n \"a\": 1,",
            "{\n \"b\": 2\n}",
            "hello",
            "{\"c\": [\n3]}"
        ]
    );
}

#[test]
fn tiny_json_lines_are_cut_into_batches_by_count() {
    // Issue 16: batches were cut at 64 KiB of input only, so 21,845 `{}` lines made one
    // batch (and a huge rendered output with --explain).
    let input = "{}\n".repeat(10_000);
    let mut src = open(
        Box::new(io::Cursor::new(input.into_bytes())),
        "t",
        Resources::Detect,
    )
    .unwrap();
    let mut batch = Batch::default();
    let mut total = 0;
    loop {
        let fill = src.fill(&mut batch);
        assert!(batch.items.len() <= BATCH_RECORDS, "{}", batch.items.len());
        total += batch.items.len();
        if !matches!(fill, Fill::More) {
            break;
        }
    }
    assert_eq!(total, 10_000);
}

#[test]
fn leading_blank_lines_are_counted_not_kept() {
    let blank = "\n".repeat(3 * CHUNK);
    let (_, recs, _) = records(&format!("{blank}  {{\"a\": 1}}\n{{\"b\": 2}}"));
    let got: Vec<(u64, u64, u64)> = recs.iter().map(|r| (r.1, r.2, r.3)).collect();
    assert_eq!(
        got,
        [(1, 3 * CHUNK as u64 + 1, 1), (2, 3 * CHUNK as u64 + 2, 1)]
    );
    let (_, recs, _) = records(&format!("{blank}  [{{}}, 1]"));
    assert_eq!((recs[1].2, recs[1].3), (3 * CHUNK as u64 + 1, 8));
    let (_, recs, _) = records(&format!("{blank}  {{\n}}\n{{\"b\": 2}}"));
    assert_eq!((recs[0].2, recs[0].3), (3 * CHUNK as u64 + 1, 3));
}

#[test]
fn an_over_long_first_line_or_document_is_one_invalid_record() {
    let long = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_RECORD_BYTES * 2));
    let recs = texts(&format!("{long}\n{{\"b\": 2}}\n"));
    assert!(
        recs[0].starts_with("!the record at line 1 is"),
        "{}",
        recs[0]
    );
    assert_eq!(recs[1], "{\"b\": 2}");
    let recs = texts(&format!("{{\n\"a\": 1,\n\"x\": {long}\n}}\n{{\"b\": 2}}\n"));
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert!(
        recs[0].starts_with("!the record at line 1 is"),
        "{}",
        recs[0]
    );
    assert_eq!(recs[1], "{\"b\": 2}");
}

#[test]
fn arrays_are_split_into_elements_with_positions() {
    let (shape, recs, failure) =
        records("[\n  {\"a\": \"x,]}\\\"\"},\n  {\"b\": [1, {\"c\": 2}]}, 3\n]\n");
    assert_eq!(shape, Shape::Array);
    assert_eq!(failure, None);
    let got: Vec<(&str, u64, u64, u64)> =
        recs.iter().map(|r| (r.0.as_str(), r.1, r.2, r.3)).collect();
    assert_eq!(
        got,
        [
            ("{\"a\": \"x,]}\\\"\"}", 1, 2, 3),
            ("{\"b\": [1, {\"c\": 2}]}", 2, 3, 3),
            ("3", 3, 3, 25),
        ]
    );
}

#[test]
fn empty_array_has_no_records() {
    let (_, recs, failure) = records(" [ ] ");
    assert!(recs.is_empty());
    assert_eq!(failure, None);
}

#[test]
fn empty_elements_are_reported_as_records() {
    let recs = texts("[{}, , {}]");
    assert_eq!(recs.len(), 3);
    assert!(
        recs[1].starts_with("!array element 2 (index 1)"),
        "{recs:?}"
    );
    let recs = texts("[{},]");
    assert_eq!(recs.len(), 2);
}

#[test]
fn a_truncated_array_keeps_earlier_records_then_fails() {
    let (_, recs, failure) = records("[{\"a\": 1}, {\"b\": 2}, {\"c\":");
    assert_eq!(recs.len(), 2);
    let failure = failure.expect("a failure");
    assert!(
        failure.contains("ends inside the array at line 1"),
        "{failure}"
    );
    assert!(
        failure.contains("the 2 records before it were screened"),
        "{failure}"
    );
}

#[test]
fn text_after_the_array_is_a_failure() {
    let (_, recs, failure) = records("[{}]\n x");
    assert_eq!(recs.len(), 1);
    assert!(
        failure
            .unwrap()
            .contains("unexpected text after the end of the array at line 2, column 2")
    );
}

#[test]
fn elements_spanning_chunks_are_whole() {
    let big = "x".repeat(CHUNK + 100);
    let input = format!("[{{\"id\": \"{big}\"}}, {{\"id\": 2}}]");
    let recs = texts(&input);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].len(), big.len() + 10);
    assert_eq!(recs[1], "{\"id\": 2}");
}

#[test]
fn over_long_lines_are_skipped_as_one_invalid_record() {
    let long = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_RECORD_BYTES * 3));
    let input = format!("{{\"a\": 1}}\n{long}\n{{\"b\": 2}}\n{long}");
    let (_, recs, failure) = records(&input);
    assert_eq!(failure, None);
    let got: Vec<(&str, u64, u64)> = recs.iter().map(|r| (r.0.as_str(), r.1, r.2)).collect();
    assert_eq!(got.len(), 4);
    assert_eq!(got[0], ("{\"a\": 1}", 1, 1));
    assert!(
        got[1].0.starts_with(
            "!the record at line 2 is 3145738 bytes long; a record may be at most 1048576 bytes"
        ),
        "{}",
        got[1].0
    );
    assert_eq!((got[1].1, got[1].2), (2, 2));
    assert_eq!(got[2], ("{\"b\": 2}", 3, 3));
    assert!(
        got[3]
            .0
            .starts_with("!the record at line 4 is 3145738 bytes long"),
        "{}",
        got[3].0
    );
}

#[test]
fn an_over_long_blank_line_is_not_a_record() {
    let input = format!(
        "{{\"a\": 1}}\n{}\n{{\"b\": 2}}\n",
        " ".repeat(MAX_RECORD_BYTES * 2)
    );
    let recs = records(&input).1;
    let got: Vec<(&str, u64, u64)> = recs.iter().map(|r| (r.0.as_str(), r.1, r.2)).collect();
    assert_eq!(got, [("{\"a\": 1}", 1, 1), ("{\"b\": 2}", 2, 3)]);
}

#[test]
fn over_long_array_elements_are_skipped_as_one_invalid_record() {
    let long = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_RECORD_BYTES + 10));
    let input = format!("[{{\"a\": 1}}, {long}, {{\"b\": 2}}]");
    let recs = texts(&input);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0], "{\"a\": 1}");
    assert!(
        recs[1].starts_with("!array element 2 (index 1) is 1048596 bytes long"),
        "{}",
        &recs[1][..80]
    );
    assert_eq!(recs[2], "{\"b\": 2}");
}

#[test]
fn many_lines_come_in_several_batches() {
    let input: String = (0..10_000).map(|i| format!("{{\"id\": {i}}}\n")).collect();
    let recs = records(&input).1;
    assert_eq!(recs.len(), 10_000);
    assert_eq!(recs[9_999].0, "{\"id\": 9999}");
    assert_eq!(recs[9_999].2, 10_000);
}

#[test]
fn non_json_and_empty_input_are_refused() {
    let err = |s: &str| {
        open(
            Box::new(io::Cursor::new(s.as_bytes().to_vec())),
            "in",
            Resources::Detect,
        )
        .err()
        .unwrap()
        .message(crate::words::get())
    };
    assert!(err("").contains("in: the input is empty"));
    assert!(err(" \n\t").contains("the input is empty"));
    assert!(err("\nhello").contains("line 2, column 1: found text that is not JSON (\"hello\")"));
    assert!(err("42").contains("a JSON value that is not an answer record"));
}

fn csv_texts(input: &str) -> Vec<String> {
    csv_texts_from(Box::new(io::Cursor::new(input.as_bytes().to_vec())))
}

fn csv_texts_from(reader: Box<dyn Read + Send>) -> Vec<String> {
    let plan = |names: &[String]| -> Result<Vec<Column>, HeaderProblem> {
        Ok(names
            .iter()
            .map(|n| {
                if n == "skip" {
                    Column::Skip
                } else {
                    Column::Key(n.clone())
                }
            })
            .collect())
    };
    let mut src = open_csv(reader, "t.csv", &plan, None).unwrap();
    let mut batch = Batch::default();
    let mut out = Vec::new();
    loop {
        let fill = src.fill(&mut batch);
        for item in &batch.items {
            out.push(match &item.problem {
                Some(p) => format!("{} !{}", item.record, message(p)),
                None => format!(
                    "{} {}",
                    item.record,
                    match &batch.encoding {
                        Encoding::Cells(columns) => cells_as_json(columns, batch.bytes(item)),
                        other => panic!("CSV rows come as cells, not {other:?}"),
                    }
                ),
            });
        }
        if !matches!(fill, Fill::More) {
            break;
        }
    }
    out
}

/// A row's cells as the JSON object of its non-blank cells (what the record is read as).
fn cells_as_json(columns: &CsvColumns, row: &[u8]) -> String {
    let mut object = serde_json::Map::new();
    for (key, cell) in columns.cells(row) {
        let text = cell.unwrap();
        if !text.trim().is_empty() {
            object.insert(key.to_string(), text.into());
        }
    }
    serde_json::Value::Object(object).to_string()
}

#[test]
fn csv_rows_become_objects_of_their_non_empty_cells() {
    let rows = csv_texts(
        "id,skip,birth_asphyxia,gestational_age_weeks\r\na,x,yes,\"31+4\"\n\nb,y,,39\nc,z,no\n",
    );
    assert_eq!(
        rows,
        [
            "1 {\"id\":\"a\",\"birth_asphyxia\":\"yes\",\"gestational_age_weeks\":\"31+4\"}",
            "2 {\"id\":\"b\",\"gestational_age_weeks\":\"39\"}",
            "3 !row 3 has 3 cells but the header has 4 columns",
        ]
    );
}

#[test]
fn csv_rows_are_handed_on_as_their_cells() {
    let columns = CsvColumns::new(vec![
        Column::Key("id".into()),
        Column::Skip,
        Column::Key("note".into()),
        Column::Key("birth_asphyxia".into()),
    ]);
    let cells = |row: Vec<&[u8]>| -> Vec<(String, Result<String, usize>)> {
        let mut buf = b"before".to_vec();
        columns.push_row(&::csv::ByteRecord::from(row), &mut buf);
        columns
            .cells(&buf[6..])
            .map(|(key, cell)| {
                let cell = cell.map(str::to_string).map_err(|e| e.valid_up_to());
                (key.to_string(), cell)
            })
            .collect()
    };
    let ok = |key: &str, text: &str| (key.to_string(), Ok(text.to_string()));
    assert_eq!(
        cells(vec![b"a", b"skipped", "x\"\n\u{e9},y".as_bytes(), b""]),
        [
            ok("id", "a"),
            ok("note", "x\"\n\u{e9},y"),
            ok("birth_asphyxia", "")
        ]
    );
    // A cell that is not UTF-8 is said so, as from_utf8 of the cell alone says; a
    // skipped one is not looked at.
    assert_eq!(
        cells(vec![b"a", b"\xff", b"ok\xe2\x82", "\u{e9}".as_bytes()]),
        [
            ok("id", "a"),
            ("note".to_string(), Err(2)),
            ok("birth_asphyxia", "\u{e9}")
        ]
    );
    // Two halves of one character: UTF-8 together, not each alone.
    assert_eq!(
        cells(vec![b"\xc3", b"", b"\xa9", b"ok"]),
        [
            ("id".to_string(), Err(0)),
            ("note".to_string(), Err(0)),
            ok("birth_asphyxia", "ok")
        ]
    );
    let mut buf = Vec::new();
    let row = ::csv::ByteRecord::from(vec![&b"a"[..], b"b", b"c", b"d"]);
    columns.push_row(&row, &mut buf);
    // Bytes that are not a stored row give fewer cells, not a panic.
    for bytes in [&b""[..], b"\x01\0\0", &[0xff; 40], &buf[..20]] {
        assert!(columns.cells(bytes).count() <= 3);
    }
    // A row with another number of cells is an invalid record, not cells.
    let rows = csv_texts("id,birth_asphyxia\na,yes,extra\nb\nc,no\n");
    assert_eq!(
        rows,
        [
            "1 !row 1 has 3 cells but the header has 2 columns",
            "2 !row 2 has 1 cell but the header has 2 columns",
            "3 {\"id\":\"c\",\"birth_asphyxia\":\"no\"}",
        ]
    );
}

#[test]
fn csv_cells_with_quotes_and_commas_are_kept_whole() {
    let rows = csv_texts("id,note\n\"a \"\"b\"\", c\",\"x\ny\"\n");
    assert_eq!(rows, ["1 {\"id\":\"a \\\"b\\\", c\",\"note\":\"x\\ny\"}"]);
}

#[test]
fn an_unclosed_csv_quote_is_one_invalid_row_and_the_rows_after_it_are_read() {
    // Issue 16: the quote swallowed every later row into one cell.
    let rows = csv_texts("id,birth_asphyxia\na,\"yes\nb,no\nc,yes\n");
    assert_eq!(
        rows,
        [
            "1 !row 1 has a quoted cell that is never closed; the rows after it are read on their own",
            "2 {\"id\":\"b\",\"birth_asphyxia\":\"no\"}",
            "3 {\"id\":\"c\",\"birth_asphyxia\":\"yes\"}",
        ]
    );
    // Cut off inside a quoted cell: not accepted.
    let rows = csv_texts("id,birth_asphyxia\na,\"yes");
    assert_eq!(
        rows,
        [
            "1 !row 1 has a quoted cell that is never closed; the rows after it are read on their own"
        ]
    );
    // A closed quote with a newline inside is still one cell.
    let rows = csv_texts("id,note\na,\"x\ny\"\nb,z\n");
    assert_eq!(rows.len(), 2, "{rows:?}");
}

#[test]
fn an_over_long_csv_row_is_cut_and_skipped_unkept() {
    let big = "x".repeat(MAX_RECORD_BYTES + 10);
    let input = format!("id,note\na,{big}\nb,\"{big}\nstill the cell\"\nc,z\n");
    let rows = csv_texts(&input);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[0].starts_with("1 !row 1 is "), "{}", rows[0]);
    assert!(rows[1].starts_with("2 !row 2 is "), "{}", rows[1]);
    assert_eq!(rows[2], "3 {\"id\":\"c\",\"note\":\"z\"}");
    // A header that long is refused.
    let plan = |names: &[String]| -> Result<Vec<Column>, HeaderProblem> {
        Ok(names.iter().map(|n| Column::Key(n.clone())).collect())
    };
    let err = open_csv(
        Box::new(io::Cursor::new(big.into_bytes())),
        "t.csv",
        &plan,
        None,
    )
    .err()
    .unwrap();
    assert!(matches!(
        err,
        Error::Input { ref problem, .. } if problem.code() == "csv_header_too_large"
    ));
}

#[test]
fn a_byte_order_mark_is_skipped() {
    assert_eq!(texts("\u{feff}{\"a\": 1}\n"), ["{\"a\": 1}"]);
    assert_eq!(texts("\u{feff}[{\"a\": 1}]"), ["{\"a\": 1}"]);
    // A pretty-printed document too (it was read as broken JSON Lines).
    let (shape, recs, failure) = records("\u{feff}{\n  \"a\": 1\n}\n");
    assert_eq!((shape, failure), (Shape::Stream, None));
    assert_eq!(recs.len(), 1);
    assert_eq!(
        (recs[0].0.as_str(), recs[0].1, recs[0].2),
        ("{\n  \"a\": 1\n}", 1, 1)
    );
}

/// Hands out its bytes a few at a time (1 to `most`, varying), as a pipe or a slow
/// network file may.
struct Dribble {
    bytes: Vec<u8>,
    at: usize,
    most: usize,
    step: usize,
}

impl Read for Dribble {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.step = self.step.wrapping_mul(31).wrapping_add(7);
        let n = (1 + self.step % self.most)
            .min(buf.len())
            .min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Every record of `src`, as `records` gives them, with the largest buffer a batch held;
/// the input must not fail.
fn drain(src: Box<dyn Source>) -> (Split, usize) {
    let (out, largest, failure) = read_all(src);
    assert_eq!(failure, None);
    (out, largest)
}

#[test]
fn json_lines_read_in_dribbles_are_the_records_read_whole() {
    let line = |i: usize| {
        format!(
            "{{\"id\": \"r{i}\", \"note\": \"{}\"}}",
            "n".repeat(i % 700)
        )
    };
    let long = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_RECORD_BYTES + 5));
    let mut inputs: Vec<String> = vec![
        // Lines of every length around a batch's end, with blank and CRLF lines between.
        (0..600)
            .map(|i| match i % 9 {
                3 => "   \n".to_string(),
                5 => format!("{}\r\n", line(i)),
                _ => format!("{}\n", line(i)),
            })
            .collect(),
        // No newline at the end.
        (0..300).map(line).collect::<Vec<_>>().join("\n"),
        // An over-long line between records, and one at the very end.
        format!("{}\n{long}\n{}\n{long}", line(1), line(2)),
        // An over-long blank line first.
        format!("{}\n{}\n", " ".repeat(MAX_RECORD_BYTES + 3), line(3)),
    ];
    inputs.push(inputs[0].repeat(3));
    for (n, input) in inputs.iter().enumerate() {
        let whole = records(input).1;
        for most in [1, 7, 4096, BATCH_BYTES + 1, 3 * CHUNK] {
            let reader = Dribble {
                bytes: input.as_bytes().to_vec(),
                at: 0,
                most,
                step: n,
            };
            let src = open(Box::new(reader), "test", Resources::Detect).unwrap();
            let (dribbled, _) = drain(src);
            assert_eq!(dribbled, whole, "input {n}, reads of at most {most} bytes");
        }
    }
}

#[test]
fn a_batch_of_json_lines_holds_about_a_batch_of_bytes() {
    // The source reads into the buffer the batch then takes: a batch's buffer is about
    // BATCH_BYTES, not the size of a read or of all the input read so far.
    let input: String = (0..20_000)
        .map(|i| {
            format!(
                "{{\"id\": \"r{i}\", \"note\": \"{}\"}}\n",
                "n".repeat(i % 400)
            )
        })
        .collect();
    let whole = records(&input).1;
    let src = open(
        Box::new(io::Cursor::new(input.into_bytes())),
        "test",
        Resources::Detect,
    )
    .unwrap();
    let (read, largest) = drain(src);
    assert_eq!(read, whole);
    assert_eq!(read.len(), 20_000);
    // The first batch may hold the bytes read to recognise the input (CHUNK).
    assert!(largest <= CHUNK + BATCH_BYTES, "{largest}");
}

#[test]
fn a_csv_header_read_in_dribbles_gives_the_same_separator_and_rows() {
    // The separator is the header line's: sniffed from its first read alone, a header that
    // came in pieces (a pipe) was read as comma-separated.
    let inputs = [
        "id;birth_asphyxia;gestational_age_weeks\na;yes;31,5\nb;no;39\n",
        "id\tbirth_asphyxia\r\na\tyes\r\n",
        // A quoted separator in the header does not count.
        "\"i,d\";birth_asphyxia;skip\na;yes;x\n",
        // A stray quote does not make the header run on.
        "id;birth\"asphyxia\na;yes\n",
        // A header ended by a lone carriage return: what follows is not the header.
        "id;birth_asphyxia\ra;yes\rb,c,d,e;no\r",
        // No line break at all.
        "id;birth_asphyxia",
    ];
    for input in inputs {
        let whole = csv_texts(input);
        assert!(!whole.is_empty() || !input.contains('\n'), "{input:?}");
        for most in [1, 2, 5, 4096] {
            let reader = Dribble {
                bytes: input.as_bytes().to_vec(),
                at: 0,
                most,
                step: 0,
            };
            assert_eq!(csv_texts_from(Box::new(reader)), whole, "{input:?}, {most}");
        }
    }
    assert_eq!(
        csv_texts(inputs[0]),
        [
            "1 {\"id\":\"a\",\"birth_asphyxia\":\"yes\",\"gestational_age_weeks\":\"31,5\"}",
            "2 {\"id\":\"b\",\"birth_asphyxia\":\"no\",\"gestational_age_weeks\":\"39\"}",
        ]
    );
    assert_eq!(
        csv_texts(inputs[4]),
        [
            "1 {\"id\":\"a\",\"birth_asphyxia\":\"yes\"}",
            // Commas after the header's line do not make the separator a comma.
            "2 {\"id\":\"b,c,d,e\",\"birth_asphyxia\":\"no\"}",
        ]
    );
}

#[test]
fn a_long_run_of_blank_lines_is_read_in_a_buffer_of_a_batch() {
    // Each pass over blank lines moved the rest to the buffer's start but read up to the
    // old end plus a batch: the buffer grew with the run (2.6 MB for 50 MiB of them).
    let blank = format!("{}\n", " ".repeat(999)).repeat(8 * 1024);
    let input = format!("{{\"a\": 1}}\n{blank}{{\"b\": 2}}\n{blank}");
    for most in [7, 4096, CHUNK] {
        let reader = Dribble {
            bytes: input.as_bytes().to_vec(),
            at: 0,
            most,
            step: 1,
        };
        let src = open(Box::new(reader), "test", Resources::Detect).unwrap();
        let (read, largest) = drain(src);
        let got: Vec<(&str, u64, u64)> = read.iter().map(|r| (r.0.as_str(), r.1, r.2)).collect();
        assert_eq!(got, [("{\"a\": 1}", 1, 1), ("{\"b\": 2}", 2, 8 * 1024 + 2)]);
        assert!(largest <= CHUNK + BATCH_BYTES, "{most}: {largest}");
    }
}
