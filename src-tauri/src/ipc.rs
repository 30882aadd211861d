//! The `#[tauri::command]` wrappers: one line each, from IPC to the plain functions in
//! `commands`, with the clock read here (the edge) and a `store-changed` event after
//! every command that changed something, so every view re-reads what it shows.

use chrono::Utc;
use tauri::{AppHandle, Emitter, Manager, Runtime, State, WebviewWindow};

use crate::commands::accounts::{
    AccountView, ConnectInput, Connected, Disconnected, SignIn, ZohoAccess,
};
use crate::commands::entries::{DayView, EntryChange};
use crate::commands::idle::{AnswerInput, AnswerView};
use crate::commands::launch::Launch;
use crate::commands::picker::PickItem;
use crate::commands::quick_log::Preview;
use crate::commands::settings::{SettingsInput, SettingsView};
use crate::commands::timer::{RunningChange, StartInput, StopView, TimerView};
use crate::commands::week::WeekView;
use crate::commands::{accounts, entries, idle, launch, picker, quick_log, settings, timer, week};
use crate::entry_view::EntryView;
use crate::error::{CommandError, CommandResult};
use crate::state::Punch;
use crate::view::StartView;

/// The event every view listens to: something in the store changed, read it again.
pub const STORE_CHANGED: &str = "store-changed";

/// Tell the UI after a change made here (changes from elsewhere come through `live`).
fn changed<R: Runtime, T>(app: &AppHandle<R>, result: CommandResult<T>) -> CommandResult<T> {
    if result.is_ok() {
        let _ = app.emit(STORE_CHANGED, ());
    }
    result
}

/// Run a command that may wait on the network on a thread of its own, with its own
/// tracker, so the window stays responsive meanwhile.
async fn off_thread<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    work: impl FnOnce(&mut punch_core::tracker::Tracker, &ZohoAccess) -> CommandResult<T>
    + Send
    + 'static,
) -> CommandResult<T> {
    let result = tauri::async_runtime::spawn_blocking(move || {
        let punch = app.state::<Punch>();
        let result = punch
            .own_tracker()
            .and_then(|mut tracker| work(&mut tracker, &ZohoAccess::from_env(punch.home())?));
        changed(&app, result)
    })
    .await;
    result.unwrap_or_else(|e| Err(CommandError::new("io", format!("the command failed: {e}"))))
}

#[tauri::command]
pub fn status(punch: State<'_, Punch>) -> CommandResult<TimerView> {
    timer::status(&punch.tracker(), Utc::now())
}

#[tauri::command]
pub fn start_timer<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    input: StartInput,
) -> CommandResult<EntryView> {
    changed(&app, timer::start(&mut punch.tracker(), input, Utc::now()))
}

#[tauri::command]
pub fn stop_timer<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
) -> CommandResult<StopView> {
    changed(&app, timer::stop(&mut punch.tracker(), Utc::now()))
}

#[tauri::command]
pub fn continue_entry<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    id: i64,
) -> CommandResult<EntryView> {
    changed(
        &app,
        timer::continue_entry(&mut punch.tracker(), id, Utc::now()),
    )
}

#[tauri::command]
pub fn discard_timer<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
) -> CommandResult<EntryView> {
    changed(&app, timer::discard(&mut punch.tracker(), Utc::now()))
}

#[tauri::command]
pub fn edit_running<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    change: RunningChange,
) -> CommandResult<EntryView> {
    changed(
        &app,
        timer::edit_running(&mut punch.tracker(), change, Utc::now()),
    )
}

#[tauri::command]
pub fn answer_idle<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    input: AnswerInput,
) -> CommandResult<AnswerView> {
    changed(&app, idle::answer(&mut punch.tracker(), input, Utc::now()))
}

#[tauri::command]
pub fn list_entries(
    punch: State<'_, Punch>,
    from: Option<String>,
    to: Option<String>,
) -> CommandResult<DayView> {
    entries::list(&punch.tracker(), from.as_deref(), to.as_deref(), Utc::now())
}

#[tauri::command]
pub fn edit_entry<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    id: i64,
    change: EntryChange,
) -> CommandResult<EntryView> {
    changed(
        &app,
        entries::edit(&mut punch.tracker(), id, change, Utc::now()),
    )
}

#[tauri::command]
pub fn delete_entry<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    id: i64,
) -> CommandResult<EntryView> {
    changed(
        &app,
        entries::delete(&mut punch.tracker(), &mut punch.shelf(), id, Utc::now()),
    )
}

#[tauri::command]
pub fn undo_delete<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    id: i64,
) -> CommandResult<EntryView> {
    changed(
        &app,
        entries::undo_delete(&mut punch.tracker(), &mut punch.shelf(), id, Utc::now()),
    )
}

#[tauri::command]
pub fn preview_quick_log(punch: State<'_, Punch>, text: String) -> CommandResult<Preview> {
    quick_log::preview(&punch.tracker(), &text, Utc::now())
}

#[tauri::command]
pub fn quick_log<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    text: String,
) -> CommandResult<EntryView> {
    changed(
        &app,
        quick_log::log(&mut punch.tracker(), &text, Utc::now()),
    )
}

#[tauri::command]
pub fn pick_targets(
    punch: State<'_, Punch>,
    query: String,
    limit: Option<usize>,
) -> CommandResult<Vec<PickItem>> {
    picker::pick(&punch.tracker(), &query, limit.unwrap_or(50), Utc::now())
}

#[tauri::command]
pub async fn refresh_catalog<R: Runtime>(app: AppHandle<R>) -> CommandResult<usize> {
    off_thread(app, |tracker, zoho| {
        picker::refresh(tracker, zoho, Utc::now())
    })
    .await
}

#[tauri::command]
pub fn week_report(punch: State<'_, Punch>, offset: Option<i32>) -> CommandResult<WeekView> {
    week::week(&punch.tracker(), offset.unwrap_or(0), Utc::now())
}

#[tauri::command]
pub fn list_accounts(punch: State<'_, Punch>) -> CommandResult<Vec<AccountView>> {
    accounts::list(&punch.tracker())
}

#[tauri::command]
pub async fn connect_account<R: Runtime>(
    app: AppHandle<R>,
    input: ConnectInput,
) -> CommandResult<Connected> {
    off_thread(app, move |tracker, zoho| {
        accounts::connect(tracker, zoho, input, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn login_account<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    sign_in: SignIn,
) -> CommandResult<AccountView> {
    off_thread(app, move |tracker, zoho| {
        accounts::login(tracker, zoho, &name, sign_in)
    })
    .await
}

#[tauri::command]
pub async fn disconnect_account<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    force: Option<bool>,
) -> CommandResult<Disconnected> {
    off_thread(app, move |tracker, zoho| {
        accounts::disconnect(tracker, zoho, &name, force.unwrap_or(false))
    })
    .await
}

#[tauri::command]
pub fn set_timer_mode<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    name: String,
    mode: String,
) -> CommandResult<AccountView> {
    changed(
        &app,
        accounts::set_timer_mode(&mut punch.tracker(), &name, &mode),
    )
}

#[tauri::command]
pub async fn sync_now<R: Runtime>(
    app: AppHandle<R>,
) -> CommandResult<punch_core::sync::SyncSummary> {
    off_thread(app, |tracker, zoho| {
        accounts::sync_now(tracker, zoho, Utc::now())
    })
    .await
}

#[tauri::command]
pub fn get_settings(punch: State<'_, Punch>) -> CommandResult<SettingsView> {
    settings::get(&punch.tracker(), punch.home())
}

#[tauri::command]
pub fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    punch: State<'_, Punch>,
    input: SettingsInput,
) -> CommandResult<SettingsView> {
    changed(&app, settings::save(&punch.tracker(), punch.home(), input))
}

#[tauri::command]
pub fn initial_view(start: State<'_, StartView>) -> String {
    start.get()
}

#[tauri::command]
pub fn close_window<R: Runtime>(window: WebviewWindow<R>) -> CommandResult<()> {
    window
        .close()
        .map_err(|e| CommandError::new("io", e.to_string()))
}

/// The UI drew the store's data for the first time: the launch-to-first-paint line on
/// stderr, for the bench (the clock is read here, at the edge).
#[tauri::command]
pub fn ui_ready(started: State<'_, Launch>) -> CommandResult<Option<u128>> {
    launch::first_paint(&started, std::time::Instant::now(), &mut std::io::stderr())
}

/// Every command above, for `Builder::invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        status,
        start_timer,
        stop_timer,
        continue_entry,
        discard_timer,
        edit_running,
        answer_idle,
        list_entries,
        edit_entry,
        delete_entry,
        undo_delete,
        preview_quick_log,
        quick_log,
        pick_targets,
        refresh_catalog,
        week_report,
        list_accounts,
        connect_account,
        login_account,
        disconnect_account,
        set_timer_mode,
        sync_now,
        get_settings,
        save_settings,
        initial_view,
        close_window,
        ui_ready,
    ]
}
