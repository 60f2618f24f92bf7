//! The FHIR URIs and codes cp-screen reads and writes: code systems, answer codes and
//! extensions. Constants only, so that reading responses (`answers::fhir`), exporting
//! (`fhir`) and writing results (`output::fhir`) share them without importing each other.

/// LOINC, for the answer codes of yes / no / don't know.
pub const LOINC: &str = "http://loinc.org";
/// LOINC answers LA33-6 Yes, LA32-8 No, LA4489-6 Unknown.
pub const LOINC_YES: &str = "LA33-6";
pub const LOINC_NO: &str = "LA32-8";
pub const LOINC_UNKNOWN: &str = "LA4489-6";
/// HL7 v2 table 0136 (Yes/No indicator): `Y`, `N`.
pub const V2_YES_NO: &str = "http://terminology.hl7.org/CodeSystem/v2-0136";
/// The same Y / N as current HL7 terminology names them (table 0532).
pub const V2_YES_NO_0532: &str = "http://terminology.hl7.org/CodeSystem/v2-0532";
/// HL7 v3 NullFlavor: `UNK`, `ASKU`, `NASK`... all mean the answer is not known.
pub const NULL_FLAVOR: &str = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";
pub const UCUM: &str = "http://unitsofmeasure.org";
pub const DATA_ABSENT_REASON: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
/// The extension saying why a required element (a RiskAssessment's subject) has no value.
pub const DATA_ABSENT_EXTENSION: &str =
    "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
pub const SNOMED: &str = "http://snomed.info/sct";
/// SNOMED CT 52101004 |Present (qualifier value)| and 2667000 |Absent (qualifier value)|.
pub const SNOMED_PRESENT: &str = "52101004";
pub const SNOMED_ABSENT: &str = "2667000";
/// SNOMED CT 373066001 |Yes (qualifier value)| and 373067005 |No (qualifier value)|, as
/// answers (UK forms; HL7's COVID-19 library value set `yes-no-vs`).
pub const SNOMED_YES: &str = "373066001";
pub const SNOMED_NO: &str = "373067005";
/// The data-absent-reason codes that mean the answer is not known: `unknown` and its
/// children (`asked-unknown` is the "Don't know" of R4's `yesnodontknow` value set).
/// `not-applicable`, `masked` and the others say something else, and are refused.
pub const DATA_ABSENT_UNKNOWN: [&str; 5] = [
    "unknown",
    "asked-unknown",
    "temp-unknown",
    "not-asked",
    "asked-declined",
];
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
pub const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
pub const QUESTIONNAIRE_UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
pub const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
pub const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
pub const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
pub const ITEM_CONTROL_SYSTEM: &str = "http://hl7.org/fhir/questionnaire-item-control";
