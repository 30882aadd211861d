//! The window's views by name, as `punch-app --view` takes them (CLI.md), and the view
//! a launch asked for.

use std::sync::Mutex;

pub const VIEWS: [&str; 7] = [
    "timer",
    "quick-log",
    "picker",
    "today",
    "week",
    "accounts",
    "settings",
];

/// The view `--view NAME` asks for in `args` (the whole argv, program first), if any.
pub fn requested(args: &[String]) -> Result<Option<String>, String> {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let value = match arg.strip_prefix("--view=") {
            Some(value) => Some(value.to_owned()),
            None if arg == "--view" => Some(
                rest.next()
                    .cloned()
                    .ok_or_else(|| "--view needs a view name".to_owned())?,
            ),
            None => None,
        };
        if let Some(view) = value {
            return if VIEWS.contains(&view.as_str()) {
                Ok(Some(view))
            } else {
                Err(format!(
                    "`{view}` is not a view (use one of: {})",
                    VIEWS.join(", ")
                ))
            };
        }
    }
    Ok(None)
}

/// The view the window shows first; a later launch changes it.
#[derive(Debug)]
pub struct StartView(Mutex<String>);

impl StartView {
    pub fn new(view: Option<String>) -> StartView {
        StartView(Mutex::new(view.unwrap_or_else(|| "timer".into())))
    }

    pub fn get(&self) -> String {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn set(&self, view: &str) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = view.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(args: &[&str]) -> Vec<String> {
        std::iter::once("punch-app")
            .chain(args.iter().copied())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_view_flag_is_read_in_both_forms_and_checked() {
        assert_eq!(requested(&argv(&[])), Ok(None));
        assert_eq!(
            requested(&argv(&["--view", "week"])),
            Ok(Some("week".into()))
        );
        assert_eq!(
            requested(&argv(&["--view=quick-log"])),
            Ok(Some("quick-log".into()))
        );
        assert!(
            requested(&argv(&["--view", "weak"]))
                .unwrap_err()
                .contains("weak")
        );
        assert!(requested(&argv(&["--view"])).is_err());
    }
}
