//! One `punch tray` per `PUNCH_HOME`: two would sync the same outbox and fight over
//! the change socket. The change socket's listener is exclusive per home, so holding
//! it is what being the tray means.

use std::path::Path;

use punch_core::changes::ChangeListener;

/// This process's claim on a home: the change socket's listener.
#[derive(Debug)]
pub struct Instance {
    listener: ChangeListener,
}

impl Instance {
    /// Claim `home`, or fail (a `conflict`, exit 1) with "punch tray is already running
    /// for <home>" when another tray has it. A claim left by a crashed tray is taken over.
    pub fn take(home: &Path) -> punch_core::Result<Instance> {
        Ok(Instance {
            listener: ChangeListener::bind(home)?,
        })
    }

    pub fn listener(&self) -> &ChangeListener {
        &self.listener
    }

    pub fn into_listener(self) -> ChangeListener {
        self.listener
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_tray_on_the_same_home_is_refused_by_name_and_may_start_once_the_first_ends() {
        let home = tempfile::tempdir().unwrap();
        let first = Instance::take(home.path()).unwrap();
        let refused = Instance::take(home.path()).unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert_eq!(refused.exit_code(), 1);
        let expected = format!(
            "punch tray is already running for {}",
            home.path().display()
        );
        assert!(refused.to_string().starts_with(&expected), "{refused}");
        let other = tempfile::tempdir().unwrap();
        Instance::take(other.path()).expect("another home is another tray");
        drop(first);
        Instance::take(home.path()).expect("free again once the first tray is gone");
    }
}
