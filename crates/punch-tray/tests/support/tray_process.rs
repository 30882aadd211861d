//! The tray in a process of its own. ksni finds the session bus only through
//! `DBUS_SESSION_BUS_ADDRESS`, and changing the test's own environment would point every
//! other test at it; so the test binary runs itself again, as the tray, with the private
//! bus's address, and the two talk in lines: models by name in, actions and answers out.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};

use punch_tray::TrayFace;
use punch_tray::sni::SniTray;

use super::bus::PrivateBus;
use super::{DEADLINE, models};

/// Set in the tray's process, to the name of the model it starts with.
const MODEL_VAR: &str = "PUNCH_TRAY_TEST_MODEL";
/// Marks the tray process's own lines among the test harness's.
const MARK: &str = "tray-process: ";

/// The test's handle on the tray process.
pub struct TrayProcess {
    child: Child,
    stdin: ChildStdin,
    /// Answers to what the test said.
    answers: Receiver<String>,
    /// What clicks asked of the run loop; apart from the answers, since a click's
    /// action may be printed after the test has moved on to its next request.
    actions: Receiver<String>,
}

impl TrayProcess {
    /// Starts the tray on `bus` showing the model named `model`, and waits until it
    /// is on the bus. `entry` is the name of the `#[test]` that calls [`serve`].
    pub fn start(bus: &PrivateBus, entry: &str, model: &str) -> Self {
        let exe = std::env::current_exe().expect("the test binary knows its path");
        let mut child = Command::new(exe)
            .args([entry, "--exact", "--ignored", "--nocapture"])
            .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
            .env(MODEL_VAR, model)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the test binary starts again as the tray");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let (answer, answers) = mpsc::channel();
        let (action, actions) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let Some(line) = line.strip_prefix(MARK) else {
                    continue;
                };
                let _ = match line.strip_prefix("action ") {
                    Some(clicked) => action.send(clicked.to_owned()),
                    None => answer.send(line.to_owned()),
                };
            }
        });
        let tray = TrayProcess {
            child,
            stdin,
            answers,
            actions,
        };
        tray.expect_line("ready");
        tray
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn say(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").expect("the tray process reads its input");
    }

    fn next_line(&self) -> String {
        self.answers
            .recv_timeout(DEADLINE)
            .expect("the tray process answers")
    }

    fn expect_line(&self, expected: &str) {
        assert_eq!(self.next_line(), expected);
    }

    /// Shows the model named `name`.
    pub fn show(&mut self, name: &str) {
        self.say(&format!("show {name}"));
        self.expect_line("shown");
    }

    pub fn has_host(&mut self) -> bool {
        self.say("host?");
        match self.next_line().as_str() {
            "host true" => true,
            "host false" => false,
            other => panic!("expected the host answer, got {other:?}"),
        }
    }

    /// The next action the tray sent to the run loop, in `Debug` form.
    pub fn next_action(&self) -> String {
        self.actions
            .recv_timeout(DEADLINE)
            .expect("the click reaches the run loop")
    }
}

impl Drop for TrayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The tray process's side: a no-op in a normal test run, the tray when started by
/// [`TrayProcess::start`]. It answers its input line by line and ends with it.
pub fn serve() {
    let Ok(model) = std::env::var(MODEL_VAR) else {
        return;
    };
    let (actions, clicked) = mpsc::channel();
    let mut tray = SniTray::start(&models::named(&model), actions).expect("the tray starts");
    std::thread::spawn(move || {
        for action in clicked {
            println!("{MARK}action {action:?}");
        }
    });
    println!("{MARK}ready");
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        match line.split_once(' ') {
            Some(("show", name)) => {
                tray.show(&models::named(name));
                println!("{MARK}shown");
            }
            _ if line == "host?" => println!("{MARK}host {}", tray.has_host()),
            _ => panic!("the tray process doesn't know {line:?}"),
        }
    }
}
