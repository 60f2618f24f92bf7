//! Validation of FHIR R4 JSON against the official FHIR R4 JSON schema, vendored in
//! `tests/fhir/fhir.schema.json` (see `tests/fhir/README.md` for where it came from).
//!
//! Included from `tests/util/mod.rs` with `pub mod fhir;`, so every test module can call
//! [`validate`]. The schema (3.4 MB, 680 definitions) is parsed and compiled once in the
//! test binary, on first use, and shared by all its tests.
//!
//! ## How errors are made readable
//!
//! The schema's root is a `oneOf` over all 146 resource definitions (its `discriminator`
//! is an OpenAPI keyword that JSON Schema validators ignore), and `Bundle.entry.resource`,
//! `contained` and `Parameters.parameter.resource` go through the same `oneOf`
//! (`#/definitions/ResourceList`). Validated against it, any mistake in a resource yields
//! one useless error, "{...the whole resource...} is not valid under any of the schemas
//! listed in the 'oneOf' keyword"; the crate keeps, in that error, the errors of each of
//! the 146 branches, 145 of which only say that `resourceType` is not that branch's `const`.
//!
//! Every resource definition pins `resourceType` with `const`, so the only branch that
//! can match is the one for the resource's own resourceType. So [`validate`] validates
//! against the whole schema (exactly what the official schema accepts), and replaces each
//! failed `oneOf` by the errors of that one branch, recursively for nested resources. The
//! crate reports those with the full instance path, so every message names the property.
//!
//! The alternatives were slower for no better message: validating against a wrapper
//! schema `{"$ref": "#/definitions/X", "definitions": ...}` compiles all 680 definitions
//! again for each resource type (~0.2 s each in a debug build) and still needs the same
//! expansion for Bundle entries; `build_map` (a compiled validator for every subschema)
//! took ~6 minutes to build in a debug build. Reading, parsing and compiling the root takes
//! ~0.3-0.6 s in a debug build; validating a valid resource well under a millisecond, an
//! invalid Bundle ~10-20 ms (the 146 branches are evaluated to explain the failure).
//!
//! ## What the schema does not check
//!
//! The JSON schema is a structural check only: property names, JSON types, primitive
//! patterns (dates, ids, codes...), required *complex* elements (e.g. RiskAssessment.subject),
//! and the values of *some* required code bindings (`enum`, e.g. Questionnaire.status).
//! It does not check required *primitive* elements (RiskAssessment.status,
//! Observation.status, QuestionnaireResponse.status are not in its `required` lists,
//! because a primitive may be given as `_status` with only extensions), cardinality other
//! than array vs. single, invariants (FHIRPath constraints), reference target types,
//! terminology bindings outside the enums, or profiles/extensions' contents.
#![allow(dead_code)]

use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

/// The vendored schema, relative to the crate root.
pub const SCHEMA_PATH: &str = "tests/fhir/fhir.schema.json";

/// The compiled schema, and the resource types in the order of its `oneOf` branches.
struct Fhir {
    validator: Validator,
    /// `oneOf[i]` of the root (and of `#/definitions/ResourceList`, which is the same list)
    /// is `{"$ref": "#/definitions/<resource_types[i]>"}`.
    resource_types: Vec<String>,
}

fn fhir() -> &'static Fhir {
    static FHIR: OnceLock<Fhir> = OnceLock::new();
    FHIR.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let schema: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let branches = |pointer: &str| -> Vec<String> {
            schema
                .pointer(pointer)
                .and_then(Value::as_array)
                .unwrap_or_else(|| panic!("{}: no {pointer} array", path.display()))
                .iter()
                .map(|branch| {
                    let target = branch["$ref"].as_str().expect("a oneOf branch is a $ref");
                    target
                        .strip_prefix("#/definitions/")
                        .expect("a local $ref")
                        .to_owned()
                })
                .collect()
        };
        let resource_types = branches("/oneOf");
        assert_eq!(
            resource_types,
            branches("/definitions/ResourceList/oneOf"),
            "the root oneOf and ResourceList list the resource types in the same order"
        );
        let validator = jsonschema::draft6::new(&schema)
            .unwrap_or_else(|e| panic!("{}: does not compile: {e}", path.display()));
        Fhir {
            validator,
            resource_types,
        }
    })
}

/// Compiles the schema now (it is otherwise compiled by the first [`validate`]), e.g. to
/// time it apart from validation.
pub fn compile() {
    fhir();
}

/// Validates one FHIR R4 resource (any resourceType, including a Bundle and the resources
/// in it) against the official R4 JSON schema.
///
/// On failure, returns one readable line per problem, `<instance path>: <message>`, the
/// path being a JSON pointer into `resource` (`/` for the resource itself), e.g.
/// `/status: "bogus" is not one of "draft", "active" or 2 other candidates`, or
/// `/entry/0/resource: "subject" is a required property`.
pub fn validate(resource: &Value) -> Result<(), Vec<String>> {
    let fhir = fhir();
    if fhir.validator.is_valid(resource) {
        return Ok(());
    }
    let mut errors = Vec::new();
    for error in fhir.validator.iter_errors(resource) {
        explain(fhir, &error, &mut errors);
    }
    assert!(!errors.is_empty(), "an invalid resource has errors");
    Err(errors)
}

/// Like [`validate`], but panics with all the messages and the resource itself: for tests.
pub fn assert_valid(resource: &Value) {
    if let Err(errors) = validate(resource) {
        panic!(
            "not a valid FHIR R4 resource:\n  {}\nin:\n{}",
            errors.join("\n  "),
            serde_json::to_string_pretty(resource).unwrap()
        );
    }
}

/// Appends the readable lines for one error: a failed resource `oneOf` is replaced by the
/// errors of the branch of the resource's own type (see the module docs).
fn explain(fhir: &Fhir, error: &ValidationError<'_>, out: &mut Vec<String>) {
    let path = match error.instance_path().as_str() {
        "" => "/",
        path => path,
    };
    // The resource definitions do not say `"type": "object"`, so a non-object passes all
    // 146 branches and fails the `oneOf` as "valid under more than one".
    let (ValidationErrorKind::OneOfNotValid { .. }
    | ValidationErrorKind::OneOfMultipleValid { .. }) = error.kind()
    else {
        out.push(format!("{path}: {}", message(error)));
        return;
    };
    let instance = error.instance();
    let Some(object) = instance.as_object() else {
        out.push(format!(
            "{path}: a FHIR resource must be a JSON object, not {}",
            short(&instance.to_string())
        ));
        return;
    };
    let ValidationErrorKind::OneOfNotValid { context } = error.kind() else {
        out.push(format!("{path}: {}", message(error)));
        return;
    };
    match object.get("resourceType") {
        None => out.push(format!("{path}: \"resourceType\" is a required property")),
        Some(Value::String(name)) => match fhir.resource_types.iter().position(|n| n == name) {
            Some(branch) => {
                assert_eq!(
                    context.len(),
                    fhir.resource_types.len(),
                    "one error list per oneOf branch"
                );
                for inner in &context[branch] {
                    explain(fhir, inner, out);
                }
            }
            None => out.push(format!(
                "{}/resourceType: {name:?} is not a FHIR R4 resource type",
                error.instance_path().as_str()
            )),
        },
        Some(other) => out.push(format!(
            "{}/resourceType: must be a string, not {other}",
            error.instance_path().as_str()
        )),
    }
}

/// The crate's message, shortened where it would quote a whole object or array.
fn message(error: &ValidationError<'_>) -> String {
    short(&error.to_string())
}

fn short(text: &str) -> String {
    const MAX: usize = 300;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        text.to_owned()
    }
}
