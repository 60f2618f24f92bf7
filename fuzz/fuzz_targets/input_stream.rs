//! Fuzz target: any bytes as an input stream (see `checks::input_stream`).
#![no_main]
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| input_stream(data));
