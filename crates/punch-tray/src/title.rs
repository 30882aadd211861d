//! The words on the tray itself: the title a panel shows next to or instead of the
//! icon, and the tooltip. Pure, so every platform's face says the same thing.

use punch_core::forms::format_duration;

use crate::model::TrayModel;

/// What the tray is called when no timer runs.
pub const IDLE_TITLE: &str = "Punch";

/// A running timer's elapsed time as `h:mm` (`0:05`, `1:23`, `12:07`): a clock face
/// reads at a glance in a narrow panel where `1h23m` would not.
pub fn elapsed(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The running entry as the tray shows it: `1:23 · Website / fix login`, then
/// ` · the note` when there is one.
pub fn running(minutes: u32, target_label: &str, note: Option<&str>) -> String {
    let mut text = format!("{} · {target_label}", elapsed(minutes));
    if let Some(note) = note.map(str::trim).filter(|note| !note.is_empty()) {
        text.push_str(" · ");
        text.push_str(note);
    }
    text
}

/// Today's total as the tooltip shows it: `Today 3h12m`, in the CLI's duration form.
pub fn today(minutes: u32) -> String {
    format!("Today {}", format_duration(minutes))
}

/// The title: the running entry, or [`IDLE_TITLE`].
pub fn title(model: &TrayModel) -> String {
    model
        .running
        .clone()
        .unwrap_or_else(|| IDLE_TITLE.to_owned())
}

/// The tooltip's two parts, as StatusNotifierItem hosts draw them: a bold heading and
/// a body underneath.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tooltip {
    pub heading: String,
    pub body: String,
}

/// Running: the entry above today's total. Idle: `Punch` above `Not running · Today …`.
/// Whatever needs the user is added on its own line, since the icon alone can't say what.
pub fn tooltip(model: &TrayModel) -> Tooltip {
    let mut body = match model.running {
        Some(_) => model.today.clone(),
        None => format!("Not running · {}", model.today),
    };
    if let Some(attention) = &model.attention {
        body.push('\n');
        body.push_str(attention);
    }
    Tooltip {
        heading: title(model),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_reads_as_hours_and_padded_minutes() {
        assert_eq!(elapsed(0), "0:00");
        assert_eq!(elapsed(5), "0:05");
        assert_eq!(elapsed(83), "1:23");
        assert_eq!(elapsed(727), "12:07");
    }

    #[test]
    fn running_joins_time_target_and_note() {
        assert_eq!(
            running(83, "Website / fix login", Some("login form")),
            "1:23 · Website / fix login · login form"
        );
        assert_eq!(
            running(83, "Website / fix login", None),
            "1:23 · Website / fix login"
        );
        assert_eq!(running(83, "Website", Some("  ")), "1:23 · Website");
    }

    #[test]
    fn today_uses_the_cli_duration_form() {
        assert_eq!(today(192), "Today 3h12m");
        assert_eq!(today(0), "Today 0m");
        assert_eq!(today(120), "Today 2h");
    }

    #[test]
    fn running_title_and_tooltip() {
        let model = TrayModel {
            running: Some("1:23 · Website / fix login".into()),
            today: "Today 3h12m".into(),
            ..TrayModel::default()
        };
        assert_eq!(title(&model), "1:23 · Website / fix login");
        assert_eq!(
            tooltip(&model),
            Tooltip {
                heading: "1:23 · Website / fix login".into(),
                body: "Today 3h12m".into(),
            }
        );
    }

    #[test]
    fn idle_title_and_tooltip() {
        let model = TrayModel {
            today: "Today 3h12m".into(),
            ..TrayModel::default()
        };
        assert_eq!(title(&model), "Punch");
        assert_eq!(
            tooltip(&model),
            Tooltip {
                heading: "Punch".into(),
                body: "Not running · Today 3h12m".into(),
            }
        );
    }

    #[test]
    fn attention_gets_its_own_tooltip_line() {
        let model = TrayModel {
            today: "Today 1h".into(),
            attention: Some("Zoho Books needs you to sign in again".into()),
            ..TrayModel::default()
        };
        assert_eq!(
            tooltip(&model).body,
            "Not running · Today 1h\nZoho Books needs you to sign in again"
        );
    }
}
