//! Fuzz target: any bytes as one answer record (see `checks::answer_record`).
#![no_main]
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| answer_record(data));
