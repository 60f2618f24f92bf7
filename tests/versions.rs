//! A rule set's version names exactly one content.
//!
//! Every result carries `id@version` and the short hash of the rule file. Six different
//! files were once all called `cerebral-palsy@1.1.0`, so a study citing "1.1.0" could not
//! say which rules it used. This test pins each embedded rule set's (id, version) to the
//! SHA-256 of its file: changing a word without bumping `version` fails here.
//!
//! To release a content change: bump `version` in the rule file, replace its pin below with
//! the hash the failure prints, and add a line for it to CHANGELOG.md.

use cp_screen::rules::{EMBEDDED, RuleSet};
use sha2::{Digest, Sha256};

/// (rule-set id, version, SHA-256 of the rule file's bytes).
const PINS: &[(&str, &str, &str)] = &[
    (
        "cerebral-palsy",
        "1.3.0",
        "e116df0ce2e447b28024b8e3ef8e4e6d39bb41285bbc0ef0872ca64d3b448f5e",
    ),
    (
        "cerebral-palsy-evidence",
        "1.3.0",
        "6fca428146169c77b957ea9406ef1e9c9b22e38fea0bb4746daf746d8e3e8b82",
    ),
];

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Each embedded set: its file, id, version and the SHA-256 of its text.
fn embedded() -> Vec<(&'static str, String, String, String)> {
    EMBEDDED
        .iter()
        .map(|e| {
            let rules = RuleSet::from_json_in(e.text, e.file, None)
                .unwrap_or_else(|err| panic!("{}: {err:?}", e.file));
            let sha = sha256_hex(e.text.as_bytes());
            // The pin hashes exactly what the program hashes and prints in every result.
            assert_eq!(
                rules.short_hash(),
                format!("sha256:{}", &sha[..16]),
                "{}",
                e.file
            );
            (
                e.file,
                rules.id().to_string(),
                rules.version().to_string(),
                sha,
            )
        })
        .collect()
}

#[test]
fn each_embedded_rule_set_is_the_content_its_version_names() {
    let mut problems = Vec::new();
    for (file, id, version, sha) in embedded() {
        match PINS.iter().find(|(i, v, _)| *i == id && *v == version) {
            Some((_, _, pinned)) if *pinned == sha => {}
            Some((_, _, pinned)) => problems.push(format!(
                "the content of {file} changed without a version bump: bump `version` and \
                 update this pin, and add a CHANGELOG line\n  \
                 {id}@{version} is pinned to sha256 {pinned}\n  \
                 {file} now has sha256 {sha}"
            )),
            None => problems.push(format!(
                "{file} is {id}@{version}, which tests/versions.rs does not pin: if its \
                 content changed, this is the version bump; pin it as \
                 (\"{id}\", \"{version}\", \"{sha}\") in place of its old pin, and add a \
                 CHANGELOG line"
            )),
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n\n"));
}

#[test]
fn every_pin_is_an_embedded_rule_set_and_has_a_changelog_line() {
    let sets = embedded();
    let changelog = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/CHANGELOG.md"))
        .expect("CHANGELOG.md");
    for (id, version, _) in PINS {
        assert!(
            sets.iter().any(|(_, i, v, _)| i == id && v == version),
            "the pin {id}@{version} is no embedded rule set: remove it or update it"
        );
        assert!(
            changelog.contains(&format!("{id}@{version}")),
            "CHANGELOG.md does not mention {id}@{version}: add a line saying what changed"
        );
    }
}

#[test]
fn rules_list_prints_the_pinned_hashes() {
    // What a person sees (`cp-screen rules list`) is what is pinned.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cp-screen"))
        .args(["rules", "list", "--format", "json"])
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LANGUAGE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for set in list.as_array().unwrap() {
        let (id, version) = (
            set["id"].as_str().unwrap(),
            set["version"].as_str().unwrap(),
        );
        let pinned = PINS
            .iter()
            .find(|(i, v, _)| *i == id && *v == version)
            .unwrap_or_else(|| panic!("{id}@{version} is listed but not pinned"));
        assert_eq!(
            set["rules_sha256"], pinned.2,
            "`cp-screen rules list` shows another hash for {id}@{version} than its pin: the \
             content changed without a version bump: bump `version` and update this pin, and \
             add a CHANGELOG line"
        );
    }
}
