//! The X11 idle source on a real X server (Xvfb): the XScreenSaver counter rises while
//! nobody types and input from xdotool resets it; polled, it says "idle" and then
//! "active" again.

mod support;
#[path = "support/virtual_display.rs"]
mod virtual_display;

use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use punch_tray::idle::x11::X11Idle;
use punch_tray::idle::{IdleSource, Signal, Watch};
use support::{DEADLINE, wait_until};
use virtual_display::VirtualDisplay;

fn next(signals: &Receiver<Signal>, what: &str) -> Signal {
    signals
        .recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("the X11 source never said {what}"))
}

#[test]
fn the_idle_counter_rises_without_input_and_xdotool_input_resets_it() {
    let display = VirtualDisplay::start();
    let idle = X11Idle::connect(display.name()).expect("Xvfb has MIT-SCREEN-SAVER");
    let first = idle.idle_time().unwrap();
    wait_until("the idle time rises while nobody types", || {
        idle.idle_time().unwrap() > first + Duration::from_millis(300)
    });
    let before = idle.idle_time().unwrap();
    display.press("shift");
    wait_until("a key press resets the idle time", || {
        idle.idle_time().unwrap() < before
    });
}

#[test]
fn polled_while_a_timer_runs_it_reports_idle_then_active() {
    let display = VirtualDisplay::start();
    let idle = X11Idle::connect(display.name()).unwrap();
    let (sent, signals) = mpsc::channel();
    let watch = Watch::new(move |signal| sent.send(signal).is_ok());
    let source = idle.polling(Duration::from_millis(50), Duration::from_millis(400));
    let running = watch.clone();
    std::thread::spawn(move || Box::new(source).run(running));
    watch.set_polling(true);

    let Signal::Idle { since } = next(&signals, "idle") else {
        panic!("the first signal is not idle");
    };
    assert!(since <= chrono::Utc::now());
    // Type until the source has seen it (a poll can fall just before the key press).
    let deadline = Instant::now() + DEADLINE;
    let back = loop {
        display.press("shift");
        if let Ok(signal) = signals.recv_timeout(Duration::from_millis(200)) {
            break signal;
        }
        assert!(Instant::now() < deadline, "input was never seen");
    };
    let Signal::Active { at } = back else {
        panic!("after input: {back:?}");
    };
    assert!(at >= since, "back ({at}) after leaving ({since})");
    watch.close();
}
