//! `--format jsonl`: one result object per line, streamed.

use super::{Output, Place, ReportOptions};
use crate::engine::ScreenResult;
use crate::output::JsonRecord;
use crate::rules::RuleSet;

pub struct Jsonl<'r> {
    record: JsonRecord<'r>,
    explain: bool,
}

impl<'r> Jsonl<'r> {
    pub fn new(rules: &'r RuleSet, options: ReportOptions, kept: &[String]) -> Jsonl<'r> {
        Jsonl {
            record: JsonRecord::new(rules).with_kept(kept),
            explain: options.explain,
        }
    }
}

impl Output for Jsonl<'_> {
    fn record(&self, buf: &mut Vec<u8>, result: &ScreenResult, _place: Place) {
        self.record.write(buf, result, self.explain);
        buf.push(b'\n');
    }
}
