//! Fuzz target: a mapping file and a CSV table read through it (see `checks::csv_mapping`).
#![no_main]
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| csv_mapping(data));
