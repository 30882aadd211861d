//! A real panel to show the tray in: Xfce's, whose status tray plugin is a complete
//! StatusNotifierItem host (its own watcher, dbusmenu menus drawn by GTK), on a desktop
//! painted as a person's would be rather than X's bare black.

use std::process::Command;

use crate::cmd;
use crate::desktop::Desktop;

/// The panel's X11 class: the tray plugin runs in a `wrapper-2.0` process of its own.
pub const PLUGIN_CLASS: &str = "wrapper-2.0";
pub const HEIGHT: i32 = 30;

/// Starts Xfce's settings daemon and a panel across the top of the screen: a spacer, the
/// status tray, a clock.
pub fn start(desktop: &mut Desktop) -> Result<(), String> {
    paint_background(desktop)?;
    let channel = desktop
        .dir("config")
        .join("xfce4/xfconf/xfce-perchannel-xml");
    std::fs::create_dir_all(&channel)
        .map_err(|e| format!("can't create {}: {e}", channel.display()))?;
    let config = channel.join("xfce4-panel.xml");
    // With a configuration in place, the panel skips its first-start question.
    std::fs::write(&config, PANEL_XML)
        .map_err(|e| format!("can't write {}: {e}", config.display()))?;
    // Its settings come over the bus from xfconfd, which the private bus can't start
    // by activation.
    let xfconfd = xfconfd()?;
    let command = desktop.command(xfconfd);
    desktop.spawn("xfconfd", command)?;
    desktop.wait_for_bus_name("xfconfd", "org.xfce.Xfconf")?;
    let mut panel = desktop.command("xfce4-panel");
    // No window manager: the panel is a dock and its menus pop up on their own.
    panel.arg("--disable-wm-check");
    desktop.spawn("xfce4-panel", panel)?;
    desktop.wait_for_bus_name("xfce4-panel", "org.kde.StatusNotifierWatcher")
}

fn xfconfd() -> Result<String, String> {
    let files = cmd::stdout_of(Command::new("dpkg").args(["-L", "xfconf"]))?;
    files
        .lines()
        .find(|l| l.ends_with("/xfconfd"))
        .map(str::to_owned)
        .ok_or_else(|| "the xfconf package has no xfconfd".to_owned())
}

/// A calm gradient where a wallpaper would be.
fn paint_background(desktop: &mut Desktop) -> Result<(), String> {
    let picture = desktop.dir("home").join("background.png");
    cmd::stdout_of(
        Command::new("/usr/bin/convert")
            .args(["-size", "1280x800", "gradient:#4b6584-#1e2a38"])
            .arg(&picture),
    )?;
    // `display -window root` sets the root window's background and exits 1 without a
    // word even when it worked, so only failing to run at all counts.
    desktop
        .command("/usr/bin/display")
        .args(["-window", "root"])
        .arg(&picture)
        .output()
        .map(drop)
        .map_err(|e| format!("can't run ImageMagick's display: {e}"))
}

const PANEL_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="dark-mode" type="bool" value="true"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="30"/>
      <property name="icon-size" type="uint" value="22"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
        <value type="int" value="2"/>
        <value type="int" value="3"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="separator">
      <property name="expand" type="bool" value="true"/>
      <property name="style" type="uint" value="0"/>
    </property>
    <property name="plugin-2" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
    </property>
    <property name="plugin-3" type="string" value="clock">
      <property name="digital-layout" type="uint" value="3"/>
      <property name="digital-time-format" type="string" value="%a %d %b  %H:%M"/>
    </property>
  </property>
</channel>
"#;
