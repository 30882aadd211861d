//! The network watcher against a stand-in NetworkManager on a private bus: a return to
//! full connectivity is heard, other state changes are not.

mod support;

use std::sync::mpsc;
use std::time::Duration;

use support::DEADLINE;
use support::bus::PrivateBus;

fn state_changed(nm: &zbus::blocking::Connection, state: u32) {
    nm.emit_signal(
        None::<()>,
        "/org/freedesktop/NetworkManager",
        "org.freedesktop.NetworkManager",
        "StateChanged",
        &(state,),
    )
    .expect("the signal is sent");
}

#[test]
fn the_network_coming_back_is_heard_once_per_return() {
    let bus = PrivateBus::start();
    let nm = zbus::blocking::connection::Builder::address(bus.address())
        .and_then(|b| b.name("org.freedesktop.NetworkManager"))
        .and_then(|b| b.build())
        .expect("the stand-in takes NetworkManager's name");
    let (heard, back) = mpsc::channel();
    punch_tray::network::watch(Some(bus.address()), move || {
        let _ = heard.send(());
    });
    // Connected all along, then lost, then half there: nothing to retry yet.
    for state in [70, 20, 50, 60] {
        state_changed(&nm, state);
    }
    assert!(back.recv_timeout(Duration::from_millis(300)).is_err());
    state_changed(&nm, 70);
    back.recv_timeout(DEADLINE).expect("the return is heard");
    state_changed(&nm, 70);
    state_changed(&nm, 20);
    state_changed(&nm, 70);
    back.recv_timeout(DEADLINE)
        .expect("the second return is heard");
    assert!(
        back.recv_timeout(Duration::from_millis(300)).is_err(),
        "a repeated 'connected' is not a return"
    );
}
