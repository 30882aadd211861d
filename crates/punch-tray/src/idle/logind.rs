//! systemd-logind (`org.freedesktop.login1` on the system bus): `PrepareForSleep`
//! before the machine sleeps and after it wakes, and this session's `Lock` and `Unlock`
//! (and its `LockedHint`, which GNOME and KDE set when their lock screen is up).
//! The bus is injectable, so tests run a stand-in on a private bus.

use chrono::Utc;
use zbus::blocking::Connection;
use zbus::zvariant::{OwnedObjectPath, OwnedValue};

use super::signals::{each, rule, subscribe};
use super::{IdleSource, Signal, Watch, has_owner};

const NAME: &str = "org.freedesktop.login1";
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";

#[derive(Debug)]
pub struct Logind {
    conn: Connection,
}

impl Logind {
    /// Connect on `address` (`None`: the system bus); an error when logind isn't there.
    pub fn connect(address: Option<&str>) -> zbus::Result<Logind> {
        let conn = match address {
            Some(address) => zbus::blocking::connection::Builder::address(address)?.build()?,
            None => Connection::system()?,
        };
        if !has_owner(&conn, NAME)? {
            return Err(zbus::Error::Failure(format!("{NAME} is not on the bus")));
        }
        Ok(Logind { conn })
    }

    /// This session's object: `auto` is the caller's session, or the user's graphical
    /// one when the tray runs outside any (as a user service).
    fn session(&self) -> zbus::Result<OwnedObjectPath> {
        self.conn
            .call_method(
                Some(NAME),
                MANAGER_PATH,
                Some(MANAGER),
                "GetSession",
                &("auto",),
            )?
            .body()
            .deserialize()
    }

    fn watch_lock(&self, watch: &Watch) -> zbus::Result<()> {
        let session = self.session()?;
        let path = Some(session.as_str());
        for member in ["Lock", "Unlock"] {
            let signals = subscribe(&self.conn, rule(SESSION, member, path)?)?;
            let watch = watch.clone();
            let lock = member == "Lock";
            std::thread::Builder::new()
                .name(format!("punch-idle-{}", member.to_lowercase()))
                .spawn(move || {
                    each(signals, |_| {
                        let at = Utc::now();
                        watch.report(if lock {
                            Signal::Lock { at }
                        } else {
                            Signal::Unlock { at }
                        })
                    });
                })
                .map_err(|e| zbus::Error::Failure(e.to_string()))?;
        }
        let hints = subscribe(
            &self.conn,
            rule("org.freedesktop.DBus.Properties", "PropertiesChanged", path)?,
        )?;
        let watch = watch.clone();
        std::thread::Builder::new()
            .name("punch-idle-locked-hint".into())
            .spawn(move || {
                each(hints, |message| {
                    let Ok((interface, changed, _)) = message.body().deserialize::<(
                        String,
                        std::collections::HashMap<String, OwnedValue>,
                        Vec<String>,
                    )>() else {
                        return true;
                    };
                    let Some(locked) = changed
                        .get("LockedHint")
                        .and_then(|v| bool::try_from(v).ok())
                        .filter(|_| interface == SESSION)
                    else {
                        return true;
                    };
                    let at = Utc::now();
                    watch.report(if locked {
                        Signal::Lock { at }
                    } else {
                        Signal::Unlock { at }
                    })
                });
            })
            .map_err(|e| zbus::Error::Failure(e.to_string()))?;
        Ok(())
    }
}

impl IdleSource for Logind {
    fn name(&self) -> &'static str {
        "logind"
    }

    fn run(self: Box<Self>, watch: Watch) {
        let sleeps = match rule(MANAGER, "PrepareForSleep", Some(MANAGER_PATH))
            .and_then(|r| subscribe(&self.conn, r))
        {
            Ok(sleeps) => sleeps,
            Err(e) => {
                tracing::warn!("can't listen to logind's sleep signal: {e}");
                return;
            }
        };
        if let Err(e) = self.watch_lock(&watch) {
            tracing::debug!("this session's lock is not watched through logind: {e}");
        }
        each(sleeps, |message| {
            let Ok(going) = message.body().deserialize::<bool>() else {
                return true;
            };
            let at = Utc::now();
            watch.report(if going {
                Signal::Sleep { at }
            } else {
                Signal::Resume { at }
            })
        });
    }
}
