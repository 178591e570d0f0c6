//! The app's attack surface stays small: the capability files and the CSP are checked here so a
//! loosening shows up as a failing test, not in review.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn capabilities() -> Vec<(PathBuf, Value)> {
    let dir = crate_dir().join("capabilities");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no capability file in {}", dir.display());
    files
        .into_iter()
        .map(|p| (p.clone(), read_json(&p)))
        .collect()
}

/// A permission is either a string or `{ "identifier": … }` with scopes.
fn permission_id(permission: &Value) -> String {
    permission
        .as_str()
        .or_else(|| permission["identifier"].as_str())
        .expect("a permission has an identifier")
        .to_owned()
}

const ALLOWED_PERMISSIONS: &[&str] = &["core:default", "dialog:allow-open", "dialog:allow-save"];
const FORBIDDEN_PLUGINS: &[&str] = &["fs:", "shell:", "http:", "process:", "opener:", "updater:"];

#[test]
fn capabilities_apply_to_the_main_window_only() {
    for (path, capability) in capabilities() {
        let windows = capability["windows"].as_array().expect("windows list");
        let names: Vec<&str> = windows.iter().map(|w| w.as_str().unwrap()).collect();
        assert_eq!(names, ["main"], "{}", path.display());
        assert!(
            capability.get("webviews").is_none() && capability.get("remote").is_none(),
            "{}: no extra webviews or remote URLs may get permissions",
            path.display()
        );
    }
}

#[test]
fn capabilities_grant_no_file_shell_or_network_access() {
    for (path, capability) in capabilities() {
        for permission in capability["permissions"].as_array().expect("permissions") {
            let id = permission_id(permission);
            assert!(
                !FORBIDDEN_PLUGINS.iter().any(|p| id.starts_with(p)),
                "{}: {id} is forbidden",
                path.display()
            );
            assert!(
                ALLOWED_PERMISSIONS.contains(&id.as_str()),
                "{}: {id} is not in the reviewed list; widen ALLOWED_PERMISSIONS only deliberately",
                path.display()
            );
        }
    }
}

fn config() -> Value {
    read_json(&crate_dir().join("../tauri.conf.json"))
}

#[test]
fn the_global_tauri_object_is_not_injected() {
    assert_eq!(config()["app"]["withGlobalTauri"], Value::Bool(false));
}

#[test]
fn csp_allows_only_the_app_itself_and_tauri_ipc() {
    let csp = config()["app"]["security"]["csp"].clone();
    let directives = csp.as_object().expect("the CSP is set, as directives");
    assert_eq!(directives["default-src"], "'self'");
    for (name, value) in directives {
        let value = value.as_str().expect("a directive is a string");
        for source in value.split_whitespace() {
            assert!(
                source != "*" && !source.contains("*."),
                "{name}: wildcard {source}"
            );
            assert!(source != "'unsafe-eval'", "{name}: unsafe-eval");
            assert!(
                source != "'unsafe-inline'" || name == "style-src",
                "{name}: unsafe-inline is allowed for styles only"
            );
            let remote = source.starts_with("http:")
                || source.starts_with("https:")
                || source.starts_with("ws:")
                || source.starts_with("wss:");
            assert!(
                !remote || source == "http://ipc.localhost",
                "{name}: remote origin {source}"
            );
        }
    }
    let scripts = directives["script-src"].as_str().unwrap();
    assert!(!scripts.contains("unsafe"), "script-src: {scripts}");
}

#[test]
fn dangerous_config_switches_stay_off() {
    let security = &config()["app"]["security"];
    for switch in [
        "dangerousDisableAssetCspModification",
        "dangerousRemoteDomainIpcAccess",
    ] {
        assert!(security.get(switch).is_none(), "{switch} is set");
    }
}
