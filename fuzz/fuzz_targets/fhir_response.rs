//! Fuzz target: any bytes as one FHIR QuestionnaireResponse (see `checks::fhir_response`).
#![no_main]
include!("../checks.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| fhir_response(data));
