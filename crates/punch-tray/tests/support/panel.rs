//! A desktop panel, as far as a StatusNotifierItem can tell: it owns
//! `org.kde.StatusNotifierWatcher`, takes registrations, reads the item's properties and
//! menu, and clicks, all over the private bus.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};

use zbus::blocking::Connection;
use zbus::zvariant::{OwnedValue, Value};

use super::bus::PrivateBus;
use super::{DEADLINE, wait_until};

/// The watcher's side: it records every item that registers.
struct Watcher {
    registered: Sender<String>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(&self, service: String) {
        let _ = self.registered.send(service);
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        Vec::new()
    }
}

/// A panel on the bus. Dropping it takes the watcher off the bus, as a crashing or
/// restarting shell would.
pub struct Panel {
    conn: Connection,
    registered: Receiver<String>,
}

impl Panel {
    pub fn start(bus: &PrivateBus) -> Self {
        let (sender, registered) = mpsc::channel();
        let conn = zbus::blocking::connection::Builder::address(bus.address())
            .and_then(|b| b.serve_at("/StatusNotifierWatcher", Watcher { registered: sender }))
            .and_then(|b| b.name("org.kde.StatusNotifierWatcher"))
            .and_then(|b| b.build())
            .expect("the panel takes the watcher's name");
        Panel { conn, registered }
    }

    /// Waits for the next item to register and returns a way to read and click it.
    pub fn next_item(&self) -> Item<'_> {
        let service = self
            .registered
            .recv_timeout(DEADLINE)
            .expect("an item registers with the watcher");
        Item {
            conn: &self.conn,
            service,
        }
    }
}

/// A menu line as the panel draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: i32,
    pub label: String,
    pub enabled: bool,
    pub separator: bool,
    pub children: Vec<Node>,
}

impl Node {
    /// The first node, depth first, whose label is `label`.
    pub fn find(&self, label: &str) -> Option<&Node> {
        if self.label == label {
            return Some(self);
        }
        self.children.iter().find_map(|child| child.find(label))
    }

    /// Labels of the direct children, separators as `---`.
    pub fn labels(&self) -> Vec<String> {
        self.children
            .iter()
            .map(|child| {
                if child.separator {
                    "---".to_owned()
                } else {
                    child.label.clone()
                }
            })
            .collect()
    }
}

pub type Pixmaps = Vec<(i32, i32, Vec<u8>)>;

/// A registered item, seen from the panel.
pub struct Item<'p> {
    conn: &'p Connection,
    pub service: String,
}

impl Item<'_> {
    fn call<B, R>(&self, path: &str, interface: &str, method: &str, body: &B) -> zbus::Result<R>
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
        R: for<'d> serde::Deserialize<'d> + zbus::zvariant::Type,
    {
        self.conn
            .call_method(
                Some(self.service.as_str()),
                path,
                Some(interface),
                method,
                body,
            )?
            .body()
            .deserialize()
    }

    /// A property of the item, read fresh each time: ksni announces some changes with
    /// their own signals (NewTitle, NewIcon), which a property cache would miss.
    pub fn property<T>(&self, name: &str) -> T
    where
        T: TryFrom<OwnedValue>,
        T::Error: std::fmt::Debug,
    {
        let value: OwnedValue = self
            .call(
                "/StatusNotifierItem",
                "org.freedesktop.DBus.Properties",
                "Get",
                &("org.kde.StatusNotifierItem", name),
            )
            .unwrap_or_else(|e| panic!("the item has {name}: {e}"));
        T::try_from(value).unwrap_or_else(|e| panic!("{name} has the expected type: {e:?}"))
    }

    pub fn title(&self) -> String {
        self.property("Title")
    }

    /// (heading, body)
    pub fn tooltip(&self) -> (String, String) {
        let (_icon, _pixmaps, heading, body): (String, Pixmaps, String, String) =
            self.property("ToolTip");
        (heading, body)
    }

    pub fn icon(&self) -> Pixmaps {
        self.property("IconPixmap")
    }

    /// Waits until the title reads `expected`.
    pub fn wait_for_title(&self, expected: &str) {
        wait_until(&format!("the title reads {expected:?}"), || {
            self.title() == expected
        });
    }

    /// A left click on the icon.
    pub fn activate(&self) {
        let () = self
            .call(
                "/StatusNotifierItem",
                "org.kde.StatusNotifierItem",
                "Activate",
                &(0i32, 0i32),
            )
            .expect("Activate is answered");
    }

    fn menu_path(&self) -> String {
        let path: zbus::zvariant::OwnedObjectPath = self.property("Menu");
        path.to_string()
    }

    /// The whole menu, as a panel fetches it before drawing.
    pub fn menu(&self) -> Node {
        type Layout = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);
        let (_revision, root): (u32, Layout) = self
            .call(
                &self.menu_path(),
                "com.canonical.dbusmenu",
                "GetLayout",
                &(0i32, -1i32, Vec::<String>::new()),
            )
            .expect("GetLayout is answered");
        node(root)
    }

    /// Clicks the menu line labelled `label`, as a panel does when it is chosen.
    pub fn click(&self, label: &str) {
        self.try_click(label).expect("the click is answered");
    }

    /// [`Item::click`], for a click that may end the item before it answers (Quit).
    pub fn try_click(&self, label: &str) -> zbus::Result<()> {
        let menu = self.menu();
        let id = menu
            .find(label)
            .unwrap_or_else(|| panic!("the menu has {label:?}: {:#?}", menu))
            .id;
        self.call(
            &self.menu_path(),
            "com.canonical.dbusmenu",
            "Event",
            &(id, "clicked", Value::from(0i32), 0u32),
        )
    }
}

fn node((id, properties, children): (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>)) -> Node {
    let text = |key: &str| {
        properties
            .get(key)
            .and_then(|value| String::try_from(value.try_clone().ok()?).ok())
    };
    Node {
        id,
        label: text("label").unwrap_or_default(),
        // dbusmenu leaves out properties that hold their default.
        enabled: properties
            .get("enabled")
            .map(|value| bool::try_from(value).expect("enabled is a boolean"))
            .unwrap_or(true),
        separator: text("type").as_deref() == Some("separator"),
        children: children
            .into_iter()
            .map(|child| node(child.try_into().expect("a child is (ia{sv}av)")))
            .collect(),
    }
}
