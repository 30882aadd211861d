//! One window under test: a store, XDG dirs and a runtime dir in a temp dir, zoho-sim on
//! a free loopback port, a desktop of its own, `punch tray` for the change socket, and
//! the real `punch-app` started by WebDriver (tauri-driver over WebKitWebDriver).
//! Everything it started ends with it, and a failing test prints every log.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use tempfile::TempDir;
use zoho_sim::{RunningSim, SimConfig};

use crate::desktop::{self, Desktop};
use crate::{DEADLINE, binaries};

/// The directories Punch and anything XDG-aware may write to, each under the rig.
const DIRS: &[(&str, &str)] = &[
    ("PUNCH_HOME", "punch-home"),
    ("HOME", "home"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
    ("XDG_RUNTIME_DIR", "runtime"),
];

/// How the window is launched.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// `punch-app --view NAME`.
    pub view: Option<String>,
    /// Force the dark GTK theme, which WebKitGTK turns into `prefers-color-scheme: dark`.
    pub dark: bool,
}

#[derive(Debug)]
pub struct Rig {
    pub client: Client,
    pub sim: RunningSim,
    driver: Child,
    tray: Child,
    desktop: Desktop,
    env: Vec<(String, String)>,
    root: TempDir,
}

impl Rig {
    /// The window on its first view, over an empty store.
    pub async fn start() -> Rig {
        Rig::launch(Launch::default()).await
    }

    /// Panics (the test fails) with the reason and the logs when anything won't start.
    pub async fn launch(launch: Launch) -> Rig {
        let root = tempfile::Builder::new()
            .prefix("punch-e2e-")
            .tempdir()
            .expect("a temp dir for the rig");
        let sim = RunningSim::start(SimConfig::default(), 0).expect("zoho-sim listens");
        {
            // Zoho refuses weekends and holidays; the tests run any day of the year.
            let mut people = zoho_sim::state::lock(&sim.shared.people);
            people.weekend.clear();
            people.holidays.clear();
        }
        let (desktop, env) = match prepare(root.path(), &sim, &launch) {
            Ok(ready) => ready,
            Err(e) => panic!("{e}\n{}", logs(root.path())),
        };
        let tray = spawn_tray(root.path(), &env).unwrap_or_else(|e| fail(root.path(), &e));
        let (driver, url) = spawn_driver(root.path(), &env).unwrap_or_else(|e| {
            fail(root.path(), &e);
        });
        let client = match connect(&url, &launch).await {
            Ok(client) => client,
            Err(e) => {
                let mut driver = driver;
                end_group(&mut driver);
                let mut tray = tray;
                end_group(&mut tray);
                fail(root.path(), &e)
            }
        };
        Rig {
            client,
            sim,
            driver,
            tray,
            desktop,
            env,
            root,
        }
    }

    /// `punch ARGS` on the rig's store; its stdout. Fails the test when it fails.
    pub fn punch(&self, args: &[&str]) -> String {
        let output = Command::new(binaries::punch())
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .output()
            .expect("punch runs");
        assert!(
            output.status.success(),
            "punch {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// A Self Client grant code, minted as Zoho's API console would.
    pub fn self_client_code(&self) -> String {
        let url = format!("{}/_sim/oauth/self-client-code", self.sim.base_url());
        let mut answer = ureq::post(&url)
            .send_json(serde_json::json!({}))
            .expect("zoho-sim mints a code");
        let doc: serde_json::Value = answer.body_mut().read_json().expect("JSON");
        doc["code"].as_str().expect("a code").to_owned()
    }

    /// The simulator's API client: (client id, client secret).
    pub fn sim_client(&self) -> (String, String) {
        self.sim.shared.config.clients[0].clone()
    }

    /// A People account for `user`, connected with the CLI through a fresh Self Client
    /// code, where connecting is not what is tested.
    pub fn connect_people(&self, user: &str) {
        let (client_id, secret) = self.sim_client();
        let code = self.self_client_code();
        self.punch(&[
            "account",
            "add",
            "people",
            "--client-id",
            &client_id,
            "--client-secret",
            &secret,
            "--grant-code",
            &code,
            "--user",
            user,
        ]);
    }

    /// The X display the window is on.
    pub fn display(&self) -> &str {
        self.desktop.display()
    }

    /// Ends the WebDriver session (the window goes with it), then everything else.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        end_group(&mut self.driver);
        end_group(&mut self.tray);
        if std::thread::panicking() {
            eprintln!("{}", logs(self.root.path()));
        }
    }
}

fn fail(root: &Path, e: &str) -> ! {
    panic!("{e}\n{}", logs(root))
}

/// The directories, the desktop and the environment every program of the rig gets.
fn prepare(
    root: &Path,
    sim: &RunningSim,
    launch: &Launch,
) -> Result<(Desktop, Vec<(String, String)>), String> {
    let mut env = Vec::new();
    for &(var, dir) in DIRS {
        let path = root.join(dir);
        std::fs::create_dir_all(&path)
            .map_err(|e| format!("can't create {}: {e}", path.display()))?;
        env.push((var.to_owned(), path.display().to_string()));
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root.join("runtime"), std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("can't make the runtime dir private: {e}"))?;
    std::fs::create_dir_all(root.join("logs")).map_err(|e| e.to_string())?;
    let desktop = Desktop::start(&root.join("logs"), 1280, 800)?;
    let fixed = [
        ("DISPLAY", desktop.display().to_owned()),
        ("DBUS_SESSION_BUS_ADDRESS", desktop.bus_address().to_owned()),
        ("PUNCH_SECRET_STORE", "file".to_owned()),
        ("PUNCH_ZOHO_ENDPOINT", sim.base_url()),
        // WebKitGTK's DMA-BUF renderer needs a GPU that Xvfb doesn't have.
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1".to_owned()),
        ("NO_AT_BRIDGE", "1".to_owned()),
        ("LANG", "C.UTF-8".to_owned()),
        (
            "TZ",
            std::env::var("TZ").unwrap_or_else(|_| "UTC".to_owned()),
        ),
        (
            "GTK_THEME",
            if launch.dark {
                "Adwaita:dark"
            } else {
                "Adwaita"
            }
            .to_owned(),
        ),
    ];
    env.extend(fixed.into_iter().map(|(k, v)| (k.to_owned(), v)));
    Ok((desktop, env))
}

/// Environment a developer's session may carry that must not reach the rig.
const CLEARED: &[&str] = &[
    "WAYLAND_DISPLAY",
    "SESSION_MANAGER",
    "DBUS_SYSTEM_BUS_ADDRESS",
    "PUNCH_LOG",
    "LC_ALL",
];

fn command(program: &Path, env: &[(String, String)]) -> Command {
    let mut command = Command::new(program);
    command
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        // A group of its own, so ending it ends whatever it started (WebKit's processes).
        .process_group(0);
    for var in CLEARED {
        command.env_remove(var);
    }
    command
}

fn with_log(mut command: Command, root: &Path, name: &str) -> Result<Child, String> {
    let path = root.join("logs").join(format!("{name}.log"));
    let log = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    let err = log.try_clone().map_err(|e| e.to_string())?;
    command
        .stdout(log)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("can't start {name}: {e}"))
}

/// The tray serves the change socket that brings CLI changes to the window. Started
/// here rather than by the window, so the rig owns it and ends it.
fn spawn_tray(root: &Path, env: &[(String, String)]) -> Result<Child, String> {
    let mut tray = command(&binaries::punch(), env);
    tray.arg("tray");
    let mut child = with_log(tray, root, "punch-tray")?;
    let runtime = root.join("runtime");
    let deadline = Instant::now() + DEADLINE;
    loop {
        let listening = std::fs::read_dir(&runtime).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with("punch-") && name.ends_with(".sock")
            })
        });
        if listening {
            return Ok(child);
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("punch tray exited ({status})"));
        }
        if Instant::now() > deadline {
            end_group(&mut child);
            return Err("punch tray never opened its change socket".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn spawn_driver(root: &Path, env: &[(String, String)]) -> Result<(Child, String), String> {
    let (port, native) = (free_port()?, free_port()?);
    let mut driver = command(&binaries::tauri_driver(), env);
    driver
        .args(["--port", &port.to_string()])
        .args(["--native-port", &native.to_string()]);
    if let Some(native_driver) = binaries::webkit_webdriver() {
        driver.arg("--native-driver").arg(native_driver);
    }
    let child = with_log(driver, root, "tauri-driver")?;
    Ok((child, format!("http://127.0.0.1:{port}")))
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))
}

/// A WebDriver session whose browser is `punch-app`; tauri-driver needs a moment to
/// listen, and the first session starts the app.
async fn connect(url: &str, launch: &Launch) -> Result<Client, String> {
    let mut args = Vec::new();
    if let Some(view) = &launch.view {
        args.extend(["--view".to_owned(), view.clone()]);
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({
            "application": binaries::punch_app(),
            "args": args,
        }),
    );
    let deadline = Instant::now() + DEADLINE;
    loop {
        let attempt = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(url)
            .await;
        match attempt {
            Ok(client) => return Ok(client),
            Err(e) if Instant::now() > deadline => {
                return Err(format!("no WebDriver session at {url}: {e}"));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

fn end_group(child: &mut Child) {
    // SIGTERM first, so WebKitWebDriver can end the app it started; then make sure.
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    std::thread::sleep(Duration::from_millis(200));
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = child.wait();
}

/// Every log the rig wrote, for a failing test's output.
fn logs(root: &Path) -> String {
    let mut text = String::from("--- the rig's logs ---");
    let Ok(entries) = std::fs::read_dir(root.join("logs")) else {
        return text;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
    {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        text.push_str(&format!("\n[{name}]\n{}", desktop::read(path)));
    }
    text
}
