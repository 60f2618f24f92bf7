//! `--format jsonl`: one result object per line, streamed.

use super::{Output, Place, ReportOptions, Splice};
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

    fn record_spliced(
        &self,
        buf: &mut Vec<u8>,
        splices: &mut Vec<Splice>,
        result: &ScreenResult,
        _place: Place,
    ) {
        self.record
            .write_spliced(buf, Some(splices), result, self.explain);
        buf.push(b'\n');
    }

    fn part(&self, part: u32) -> &[u8] {
        self.record.part(part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Framing, Place};

    #[test]
    fn spliced_results_are_written_as_the_same_bytes_as_whole_ones() {
        let rules = RuleSet::default_rules();
        let inputs = [
            r#"{"id":"a","gestational_age_weeks":"30+4","family_epilepsy":"yes"}"#,
            r#"{"id":"b","birth_asphyxia":"no"}"#,
            // Escaped after it is written (an invisible character): kept whole.
            r#"{"id":"x\u202ey","birth_asphyxia":"yes"}"#,
            r#"{"id":"d","birth_weight_grams":"3 lb 8 oz","gestational_age_weeks":353}"#,
            r#"{"id":"e","birth_weight_grams":"3斤8兩"}"#,
            r#"{"id":"f","nope":1}"#,
        ];
        for explain in [false, true] {
            let options = ReportOptions {
                explain,
                heading: None,
                width: 80,
            };
            let jsonl = Jsonl::new(&rules, options, &[]);
            let (mut whole, mut bytes, mut splices) = (Vec::new(), Vec::new(), Vec::new());
            let place = Place {
                first_of_run: false,
                first_in_batch: false,
                only_of_run: false,
            };
            for text in inputs {
                let result = ScreenResult::of_json(&rules, text);
                jsonl.record(&mut whole, &result, place);
                jsonl.record_spliced(&mut bytes, &mut splices, &result, place);
            }
            // Only the usual ends of valid results with nothing to escape are left out.
            assert_eq!(splices.len(), 2, "{splices:?}");
            let left_out: usize = splices.iter().map(|s| jsonl.part(s.part).len()).sum();
            assert!(left_out > 2 * 500, "{left_out}");
            assert_eq!(bytes.len() + left_out, whole.len());
            let mut written = Vec::new();
            jsonl
                .write_batch_spliced(&mut written, (&bytes, &splices), 6, &mut Framing::default())
                .unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
