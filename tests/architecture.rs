//! The layers of ARCHITECTURE.md, read from the code: every `crate::` path in src/ (outside
//! `#[cfg(test)]` modules and test files) names a module, and a module may use only modules
//! of its own layer or below. Modules of one layer may use each other, but never in a
//! loop. A new module must be given a layer here (and a row in ARCHITECTURE.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module is named by its path under `src/` (`fhir::codes` is
/// src/fhir/codes.rs); the longest listed prefix decides a module's layer.
const LAYERS: &[&[&str]] = &[
    // Text helpers and constants that know nothing of the rest.
    &["sanitize", "suggest", "locale", "clock", "fhir::codes"],
    // Problems as data.
    &["problem"],
    // The rule file and the notations of numbers.
    &["rules", "notation"],
    // Answers as read from any input.
    &["answers"],
    // Deciding factors.
    &["engine"],
    // Sentences for people.
    &["words"],
    // Rendering: results in each format, and the rule set as FHIR resources.
    &["output", "fhir"],
    // The command's parts: reading inputs, the pipeline, the questionnaire, teaching.
    &[
        "input", "batch", "ask", "teach", "compare", "man", "save", "terminal", "color", "error",
        "serve",
    ],
    // The command line and its wiring.
    &["cli", "app", "api", "lib", "main"],
];

/// Imports from a higher layer that are allowed, with the reason. Keep it at most one.
const UPWARD: &[(&str, &str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every .rs file under src/ with its module path ("input::csv"; "words" for words/mod.rs).
fn modules() -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(src()).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            // Test files are modules of tests only.
            if parts.last().is_some_and(|p| p == "tests") {
                return None;
            }
            Some((parts.join("::"), path))
        })
        .collect()
}

fn layer(module: &str) -> usize {
    let mut best: Option<(usize, usize)> = None;
    for (i, names) in LAYERS.iter().enumerate() {
        for name in *names {
            let matches = module == *name || module.starts_with(&format!("{name}::"));
            if matches && best.is_none_or(|(len, _)| name.len() > len) {
                best = Some((name.len(), i));
            }
        }
    }
    match best {
        Some((_, i)) => i,
        None => panic!("module `{module}` has no layer: add it to LAYERS and ARCHITECTURE.md"),
    }
}

/// The code of a file without its `#[cfg(test)]` modules and comments.
fn code_outside_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            // Skip the item that follows: a `mod x;` line, or a block to its closing brace.
            let mut depth = 0i32;
            let mut opened = false;
            for next in lines.by_ref() {
                depth += next.matches('{').count() as i32 - next.matches('}').count() as i32;
                opened |= next.contains('{');
                if (opened && depth <= 0) || (!opened && next.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The modules a file's code names through `crate::` (in `use` lines and paths) and
/// through `super::` from a submodule's own folder.
fn imports(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code = code_outside_tests(text);
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        // The longest known module that the path starts with.
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        let named = (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| known.contains(m));
        if let Some(m) = named
            && m != module
        {
            found.insert(m);
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.iter().map(|(m, _)| m.clone()).collect();
    modules
        .iter()
        .map(|(m, path)| {
            let text = std::fs::read_to_string(path).unwrap();
            (m.clone(), imports(m, &text, &known))
        })
        .collect()
}

#[test]
fn every_module_has_a_layer_and_imports_only_downward() {
    let graph = graph();
    let mut upward = Vec::new();
    for (module, uses) in &graph {
        for used in uses {
            // A module and its own submodules are one unit.
            if used.starts_with(&format!("{module}::")) || module.starts_with(&format!("{used}::"))
            {
                continue;
            }
            if layer(used) > layer(module) {
                upward.push((module.clone(), used.clone()));
            }
        }
    }
    let allowed: Vec<(String, String)> = UPWARD
        .iter()
        .map(|(a, b, _)| (a.to_string(), b.to_string()))
        .collect();
    let unexpected: Vec<_> = upward.iter().filter(|u| !allowed.contains(u)).collect();
    assert!(
        unexpected.is_empty(),
        "imports from a higher layer (see ARCHITECTURE.md): {unexpected:#?}"
    );
    assert!(UPWARD.len() <= 1, "at most one upward import is allowed");
}

#[test]
fn no_module_imports_itself_through_others() {
    // Modules are compared at the level ARCHITECTURE.md names them: the top-level module,
    // or a listed submodule (fhir::codes).
    let unit = |m: &str| -> String {
        for names in LAYERS {
            for name in *names {
                if name.contains("::") && (m == *name || m.starts_with(&format!("{name}::"))) {
                    return name.to_string();
                }
            }
        }
        m.split("::").next().unwrap().to_string()
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, uses) in graph() {
        let from = unit(&module);
        for used in uses {
            let to = unit(&used);
            if to != from {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search for a cycle, reporting its path.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            cycles.push(cycle);
            return;
        }
        if done.contains(node) {
            return;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done, cycles);
        }
        path.pop();
        done.insert(node.to_string());
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import loops: {cycles:?}");
}

#[test]
fn the_checker_sees_imports_and_skips_tests() {
    let known: BTreeSet<String> = ["a", "b", "c", "c::d"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let text = "use crate::b::X;\n// crate::c is only mentioned\nfn f() { crate::c::d::g(); }\n#[cfg(test)]\nmod tests {\n    use crate::c::Y;\n}\n";
    let found = imports("a", text, &known);
    assert_eq!(found, ["b", "c::d"].iter().map(|s| s.to_string()).collect());
    assert_eq!(layer("fhir::codes"), 0);
    assert_eq!(layer("fhir"), 6);
    assert_eq!(layer("input::csv"), 7);
}

#[test]
fn src_has_no_unsafe_code() {
    for (module, path) in modules() {
        let code = code_outside_tests(&std::fs::read_to_string(&path).unwrap());
        assert!(
            !code.contains("unsafe "),
            "`unsafe` in {module} ({}): use a safe crate (rustix) instead",
            path.display()
        );
    }
}
