//! Tauri's build step: embeds the config and the UI, and turns the list of Punch's own
//! commands into permissions, so a capability can allow exactly those and nothing else.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(punch_app_commands::ALL);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step");
}

#[path = "src/command_names.rs"]
mod punch_app_commands;
