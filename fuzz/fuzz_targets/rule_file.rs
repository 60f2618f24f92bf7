//! Fuzz target: any text as a rule file (see `checks::rule_file`).
#![no_main]
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|text: &str| rule_file(text));
