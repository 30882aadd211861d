//! Hearing that the network came back, so the tray retries and pulls at once instead of
//! waiting out its backoff: NetworkManager's `StateChanged` signal on the system bus.
//! One blocked thread, woken only by the signal; where there is no NetworkManager (or
//! no system bus) the schedule's backoff and periodic pull still get everything through.

use std::thread;

use zbus::MatchRule;
use zbus::blocking::{Connection, MessageIterator};

/// `NM_STATE_CONNECTED_GLOBAL`: full connectivity, so Zoho is reachable again.
const CONNECTED_GLOBAL: u32 = 70;

/// Calls `on_back` each time NetworkManager reports full connectivity after a state
/// short of it. `address` is the bus to use; `None` is the system bus.
pub fn watch(address: Option<&str>, on_back: impl Fn() + Send + 'static) {
    let connection = match address {
        Some(address) => {
            zbus::blocking::connection::Builder::address(address).and_then(|b| b.build())
        }
        None => Connection::system(),
    };
    let connection = match connection {
        Ok(connection) => connection,
        Err(e) => {
            tracing::debug!("no system bus ({e}): the network's return is noticed by retrying");
            return;
        }
    };
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface("org.freedesktop.NetworkManager")
        .and_then(|b| b.member("StateChanged"))
        .and_then(|b| b.path("/org/freedesktop/NetworkManager"))
        .map(|b| b.build());
    let signals =
        match rule.and_then(|rule| MessageIterator::for_match_rule(rule, &connection, Some(4))) {
            Ok(signals) => signals,
            Err(e) => {
                tracing::debug!("can't listen to NetworkManager: {e}");
                return;
            }
        };
    let spawned = thread::Builder::new()
        .name("punch-network".into())
        .spawn(move || {
            let mut online = true;
            for message in signals {
                let Ok(message) = message else { continue };
                let Ok(state) = message.body().deserialize::<u32>() else {
                    continue;
                };
                if became_online(&mut online, state) {
                    tracing::info!("the network is back");
                    on_back();
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("can't watch the network: {e}");
    }
}

/// Whether `state` is the network coming back, given whether it was `online`.
fn became_online(online: &mut bool, state: u32) -> bool {
    let now = state >= CONNECTED_GLOBAL;
    let back = now && !*online;
    *online = now;
    back
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_return_to_full_connectivity_counts() {
        let mut online = true;
        // NetworkManager's states: 20 disconnected, 50 local, 60 site, 70 global.
        let seen: Vec<bool> = [70, 20, 50, 60, 70, 70, 60, 70]
            .into_iter()
            .map(|state| became_online(&mut online, state))
            .collect();
        assert_eq!(seen, [false, false, false, false, true, false, false, true]);
    }
}
