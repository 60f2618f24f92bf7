//! Fuzz target: any text as a written answer (see `checks::notation`).
#![no_main]
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|text: &str| notation(text));
