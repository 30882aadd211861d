//! `punch-app [--view timer|quick-log|picker|today|week|accounts|settings]`: the window.
//! A second launch hands its view to the running window and ends.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use punch_app::{shell, view};

const USAGE: &str = "usage: punch-app [--view timer|quick-log|picker|today|week|accounts|settings]";

fn main() -> ExitCode {
    // First thing, so launch-to-first-paint counts everything the process does.
    let started = std::time::Instant::now();
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        println!("punch-app {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let requested = match view::requested(&args) {
        Ok(view) => view,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let home = match punch_core::paths::punch_home() {
        Ok(home) => home,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let context = tauri::generate_context!();
    // One window per PUNCH_HOME, not one per machine: the single-instance name on the
    // session bus carries the home's tag, so a test's home and the user's never meet.
    let bus_name = format!("app.punch.Punch.h{}", punch_core::paths::home_tag(&home));
    let single = tauri_plugin_single_instance::Builder::new()
        .dbus_id(bus_name)
        .callback(|app, argv, _cwd| {
            let view = view::requested(&argv).ok().flatten();
            shell::show(app, view.as_deref());
        })
        .build();
    let builder = match punch_app::builder(
        tauri::Builder::default().plugin(single),
        home,
        requested,
        started,
    ) {
        Ok(builder) => builder,
        Err(e) => {
            eprintln!("error: {}", e.message);
            return ExitCode::FAILURE;
        }
    };
    let app = builder
        .setup(|app| Ok(punch_app::start(app)?))
        .build(context);
    match app {
        Ok(app) => {
            app.run(|handle, event| shell::on_run_event(handle, &event));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
