//! FHIR input that is not one resource per line: Bundles (and documents back to back).
//!
//! A Bundle file is read whole (up to [`MAX_BUNDLE_BYTES`]) and checked to be JSON once;
//! its entries are then found one at a time by following the JSON's nesting, so that the
//! only memory is the file itself, however many entries it has. Each entry's resource is
//! a record; in a search's results (entries with a `search.mode`), only the
//! QuestionnaireResponses are: a `Patient?_revinclude=QuestionnaireResponse:subject`
//! search matches Patients and includes their responses. A document that is not a Bundle
//! is one record.
//!
//! Keys are read as JSON keys: `"entr\u0079"` is `entry`, and of a key given twice the
//! last counts, as JavaScript's `JSON.parse` and Python's `json` read it.
//!
//! Also here: the look at the first object of an input that decides whether it is FHIR.

use std::collections::VecDeque;
use std::io::Read;

use serde::de::IgnoredAny;

use super::{Batch, Encoding, Fill, MAX_RECORD_BYTES, Shape, Source};
use crate::error::Error;
use crate::problem::{FhirProblem, InputProblem, RecordPlace, RecordProblem};

/// The largest FHIR Bundle file read; larger sets of responses come as NDJSON, which
/// streams.
pub const MAX_BUNDLE_BYTES: usize = 32 * 1024 * 1024;

/// What the start of an input says about its first object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstObject {
    /// It has this top-level `resourceType`.
    Resource(String),
    /// It closes without a top-level `resourceType`: an answer record.
    Plain,
    /// It goes on past what was read, with no `resourceType` so far; `entry` says whether
    /// a top-level `entry` key was seen (a Bundle whose keys are sorted puts `entry` first).
    Open { entry: bool },
    /// The input does not start with an object (or an array of them).
    NotAnObject,
}

/// Looks at the first object in `head` (skipping a `[` before it), following strings and
/// nesting, so that a `resourceType` inside a nested object or a string does not count.
pub fn first_object(head: &[u8]) -> FirstObject {
    let mut i = skip_space(head, 0);
    if head.get(i) == Some(&b'[') {
        i = skip_space(head, i + 1);
    }
    if head.get(i) != Some(&b'{') {
        return FirstObject::NotAnObject;
    }
    let mut entry = false;
    for member in Members::new(head, i) {
        match member {
            Ok((key, v)) if key_is(key, b"resourceType") && head.get(v) == Some(&b'"') => {
                return match string_end(head, v) {
                    Some(end) => match string_value(&head[v..end]) {
                        Some(t) => FirstObject::Resource(t),
                        None => FirstObject::Plain,
                    },
                    None => FirstObject::Open { entry },
                };
            }
            Ok((key, _)) => entry |= key_is(key, b"entry"),
            Err(MembersEnd::RanOut) => return FirstObject::Open { entry },
            // Closed, or not JSON: whoever reads the object says so.
            Err(MembersEnd::Closed | MembersEnd::NotJson) => return FirstObject::Plain,
        }
    }
    FirstObject::Plain
}

/// Why the members of an object stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MembersEnd {
    /// At the object's closing brace.
    Closed,
    /// The text ended first.
    RanOut,
    /// What follows is not a member.
    NotJson,
}

/// The top-level members of the object whose `{` is at `text[open]`: each key (as
/// written, between its quotes) and where its value starts, then why they stopped. The
/// value of each member is skipped over when the next is asked for.
struct Members<'t> {
    text: &'t [u8],
    /// Where to go on: before a member, or at a value still to skip.
    at: usize,
    in_value: bool,
    done: bool,
}

impl<'t> Members<'t> {
    fn new(text: &'t [u8], open: usize) -> Members<'t> {
        Members {
            text,
            at: open + 1,
            in_value: false,
            done: false,
        }
    }

    fn step(&mut self) -> Result<(&'t [u8], usize), MembersEnd> {
        let text = self.text;
        if self.in_value {
            self.at = value_end(text, self.at).ok_or(MembersEnd::RanOut)?;
            self.in_value = false;
        }
        let mut i = skip_space(text, self.at);
        if text.get(i) == Some(&b',') {
            i = skip_space(text, i + 1);
        }
        match text.get(i) {
            Some(b'}') => return Err(MembersEnd::Closed),
            Some(b'"') => {}
            Some(_) => return Err(MembersEnd::NotJson),
            None => return Err(MembersEnd::RanOut),
        }
        let key_end = string_end(text, i).ok_or(MembersEnd::RanOut)?;
        let key = &text[i + 1..key_end - 1];
        let colon = skip_space(text, key_end);
        match text.get(colon) {
            Some(b':') => {}
            Some(_) => return Err(MembersEnd::NotJson),
            None => return Err(MembersEnd::RanOut),
        }
        self.at = skip_space(text, colon + 1);
        self.in_value = true;
        Ok((key, self.at))
    }
}

impl<'t> Iterator for Members<'t> {
    type Item = Result<(&'t [u8], usize), MembersEnd>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let member = self.step();
        self.done = member.is_err();
        Some(member)
    }
}

/// Whether a key as written (between its quotes) is `want`, escapes decoded.
fn key_is(key: &[u8], want: &[u8]) -> bool {
    if !key.contains(&b'\\') {
        return key == want;
    }
    let mut quoted = Vec::with_capacity(key.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(key);
    quoted.push(b'"');
    string_value(&quoted).is_some_and(|k| k.as_bytes() == want)
}

/// A JSON string (with its quotes) as text, escapes decoded.
fn string_value(quoted: &[u8]) -> Option<String> {
    match quoted {
        [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => {
            std::str::from_utf8(inner).ok().map(str::to_string)
        }
        _ => serde_json::from_slice(quoted).ok(),
    }
}

fn skip_space(text: &[u8], mut i: usize) -> usize {
    while i < text.len() && matches!(text[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end (past the closing quote) of the string starting at `text[start]` (a quote).
fn string_end(text: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', text.get(i..)?)?;
        if text[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

/// The end of the JSON value starting at `text[start]`, or `None` if `text` ends first.
/// It follows strings and nesting only: the text is known to be JSON, or is checked
/// afterwards by a parser.
fn value_end(text: &[u8], start: usize) -> Option<usize> {
    match text.get(start)? {
        b'"' => string_end(text, start),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            loop {
                match text.get(i)? {
                    b'"' => {
                        i = string_end(text, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let rest = &text[start..];
            let len = rest
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            Some(start + len)
        }
    }
}

/// The start of the value of the top-level key `key` of the object at `text[start]` (its
/// last, when it is given more than once).
fn top_level_value(text: &[u8], start: usize, key: &[u8]) -> Option<usize> {
    Members::new(text, start)
        .map_while(Result::ok)
        .filter_map(|(k, v)| key_is(k, key).then_some(v))
        .last()
}

/// The top-level string `key` of the object at `text[start]`, escapes decoded.
fn top_level_string(text: &[u8], start: usize, key: &[u8]) -> Option<String> {
    let v = top_level_value(text, start, key)?;
    let end = (text.get(v) == Some(&b'"')).then(|| string_end(text, v))??;
    string_value(&text[v..end])
}

/// FHIR documents back to back, usually one Bundle, read whole.
pub struct BundleSource {
    text: Vec<u8>,
    /// Documents not yet handed out, as ranges of `text`.
    documents: VecDeque<(usize, usize)>,
    /// The entries of the Bundle being handed out: where the next one is looked for, and
    /// its index.
    entries: Option<(usize, usize)>,
    record: u64,
    /// Where the text stopped being JSON: after the records before it, this error.
    failure: Option<Error>,
    /// Line counting, from the input's start: `counted` bytes of `text` are counted, the
    /// line there is `line`, and it starts at `line_at` (may be before `text`).
    counted: usize,
    line: u64,
    line_at: i64,
}

impl BundleSource {
    /// Reads the rest of the input (`head` is its start, from the first non-space byte
    /// on, after `dropped` bytes and `newlines` line ends, the last starting at
    /// `line_start`) and checks that it is JSON documents.
    pub fn read(
        name: &str,
        mut reader: Box<dyn Read + Send>,
        mut head: Vec<u8>,
        (newlines, line_start, dropped): (u64, u64, u64),
    ) -> Result<BundleSource, Error> {
        let limit = MAX_BUNDLE_BYTES;
        let want = (limit + 1).saturating_sub(head.len()) as u64;
        Read::take(&mut reader, want)
            .read_to_end(&mut head)
            .map_err(|source| Error::ReadInput {
                path: name.to_string(),
                source,
            })?;
        if head.len() > limit {
            return Err(Error::Input {
                name: name.to_string(),
                problem: Box::new(InputProblem::FhirBundleTooLarge { limit }),
            });
        }
        let text = head;
        let mut documents = VecDeque::new();
        let mut failure = None;
        let mut stream = serde_json::Deserializer::from_slice(&text).into_iter::<IgnoredAny>();
        loop {
            let start = skip_space(&text, stream.byte_offset());
            match stream.next() {
                None => break,
                Some(Ok(_)) => documents.push_back((start, stream.byte_offset())),
                Some(Err(e)) => {
                    failure = Some(Error::Input {
                        name: name.to_string(),
                        problem: Box::new(InputProblem::NotJsonAfter {
                            // The documents before it; their records are screened.
                            records: documents.len(),
                            what: e.to_string(),
                        }),
                    });
                    break;
                }
            }
        }
        Ok(BundleSource {
            text,
            documents,
            entries: None,
            record: 0,
            failure,
            counted: 0,
            line: newlines + 1,
            line_at: line_start as i64 - dropped as i64,
        })
    }

    /// The line and column of `text[offset]` (offsets only grow).
    fn place(&mut self, offset: usize) -> (u64, u64) {
        let offset = offset.max(self.counted);
        for i in memchr::memchr_iter(b'\n', &self.text[self.counted..offset]) {
            self.line += 1;
            self.line_at = (self.counted + i + 1) as i64;
        }
        self.counted = offset;
        (self.line, (offset as i64 - self.line_at + 1) as u64)
    }

    /// Adds a record: the bytes of `range`, or `problem` in their place.
    fn push(
        &mut self,
        batch: &mut Batch,
        (start, end): (usize, usize),
        problem: Option<RecordProblem>,
    ) {
        self.record += 1;
        let at = self.place(start);
        let problem = problem.map(Box::new).or_else(|| {
            (end - start > MAX_RECORD_BYTES).then(|| {
                Box::new(RecordProblem::TooLarge {
                    place: RecordPlace::Line(at.0),
                    bytes: (end - start) as u64,
                    limit: MAX_RECORD_BYTES,
                })
            })
        });
        batch.push(&self.text[start..end], self.record, at, problem);
    }

    /// The next entry of the Bundle being read, if any is left.
    fn next_entry(&mut self, batch: &mut Batch) -> bool {
        let Some((pos, index)) = self.entries else {
            return false;
        };
        let i = skip_space(&self.text, pos);
        let i = if self.text.get(i) == Some(&b',') {
            skip_space(&self.text, i + 1)
        } else {
            i
        };
        let end = match self.text.get(i) {
            Some(b']') | None => {
                self.entries = None;
                return false;
            }
            // Checked to be JSON when read: every value ends.
            Some(_) => value_end(&self.text, i).unwrap_or(self.text.len()),
        };
        self.entries = Some((end, index + 1));
        let text = &self.text[..end];
        let entry = (text[i] == b'{').then(|| {
            let resource = top_level_value(text, i, b"resource")
                .map(|v| (v, value_end(text, v).unwrap_or(end)));
            let mode = top_level_value(text, i, b"search")
                .filter(|&s| text[s] == b'{')
                .and_then(|s| top_level_string(text, s, b"mode"));
            // In a search's results, only responses are records: the Patients a
            // `Patient?_revinclude=QuestionnaireResponse:subject` search matched, and an
            // OperationOutcome, are context; the responses it included are records.
            let response = resource.is_some_and(|(v, _)| {
                text[v] == b'{'
                    && top_level_string(text, v, b"resourceType").as_deref()
                        == Some("QuestionnaireResponse")
            });
            let context = match mode.as_deref() {
                Some("outcome") => true,
                Some(_) => !response,
                None => false,
            };
            (context, resource)
        });
        match entry {
            Some((true, _)) => {}
            Some((false, Some(range))) => self.push(batch, range, None),
            Some((false, None)) => {
                let problem = FhirProblem::NotAResponse { found: None };
                self.push(batch, (i, i), Some(RecordProblem::Fhir(problem)));
            }
            None => {
                let problem = FhirProblem::EntryNotAnObject {
                    index: index as u64,
                };
                self.push(batch, (i, i), Some(RecordProblem::Fhir(problem)));
            }
        }
        true
    }

    /// Hands out the next document: its entries when it is a Bundle, else itself.
    fn next_document(&mut self, batch: &mut Batch) -> bool {
        let Some((start, end)) = self.documents.pop_front() else {
            return false;
        };
        let text = &self.text[..end];
        let bundle = text[start] == b'{'
            && top_level_string(text, start, b"resourceType").as_deref() == Some("Bundle");
        if !bundle {
            self.push(batch, (start, end), None);
            return true;
        }
        match top_level_value(&self.text[..end], start, b"entry") {
            // A Bundle without entries holds no record.
            None => {}
            Some(v) if self.text[v] == b'[' => self.entries = Some((v + 1, 0)),
            Some(v) => {
                let problem = FhirProblem::EntriesNotAnArray;
                self.push(batch, (v, v), Some(RecordProblem::Fhir(problem)));
            }
        }
        true
    }
}

impl Source for BundleSource {
    fn shape(&self) -> Shape {
        Shape::Stream
    }

    fn fill(&mut self, batch: &mut Batch) -> Fill {
        batch.clear();
        batch.encoding = Encoding::Fhir;
        while !batch.full() {
            if !self.next_entry(batch) && !self.next_document(batch) {
                return match self.failure.take() {
                    Some(e) => Fill::Failed(e),
                    None => Fill::Done,
                };
            }
        }
        Fill::More
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_object_says_whether_it_is_a_resource() {
        use FirstObject::*;
        let res = |t: &str| Resource(t.to_string());
        for (text, want) in [
            (r#"{"resourceType": "Bundle", "entry": []}"#, res("Bundle")),
            (
                r#"  [ {"id": "a", "resourceType":"QuestionnaireResponse"}"#,
                res("QuestionnaireResponse"),
            ),
            (
                r#"{"item": [{"resourceType": "X"}], "resourceType": "Y"}"#,
                res("Y"),
            ),
            (r#"{"note": "\"resourceType\": \"X\"", "a": 1}"#, Plain),
            (r#"{"a": {"resourceType": "X"}}"#, Plain),
            (r#"{"resourceType": 3}"#, Plain),
            (r#"{"birth_asphyxia": "resourceType"}"#, Plain),
            (r#"{"resourceType"#, Open { entry: false }),
            (
                r#"{"entry": [{"resource": {"resourceType": "Qu"#,
                Open { entry: true },
            ),
            (r#"{"id": "x", "item": [1, 2"#, Open { entry: false }),
            ("42", NotAnObject),
            ("", NotAnObject),
        ] {
            assert_eq!(first_object(text.as_bytes()), want, "{text}");
        }
    }

    #[test]
    fn values_end_where_their_nesting_closes() {
        let text = br#"{"a": [1, {"b": "]}\""}], "c": true} "#;
        assert_eq!(value_end(text, 0), Some(text.len() - 1));
        assert_eq!(value_end(text, 6), Some(24)); // past the array's `]`
        assert_eq!(top_level_value(text, 0, b"c"), Some(31)); // at `true`
        assert_eq!(top_level_value(text, 0, b"b"), None);
        assert_eq!(value_end(b"[1, 2", 0), None);
    }
}
