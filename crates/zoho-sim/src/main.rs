//! `zoho-sim --port N`: the simulator as a standalone server, for demos and e2e runs.

use std::time::Duration;

fn main() {
    let mut port = 8790u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| usage("--port needs a number"));
            }
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    let sim = zoho_sim::RunningSim::start(zoho_sim::SimConfig::default(), port)
        .unwrap_or_else(|e| usage(&format!("can't listen on 127.0.0.1:{port}: {e}")));
    println!("zoho-sim listening on {}", sim.base_url());
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!("usage: zoho-sim [--port N]   (default 8790)");
    std::process::exit(if problem.is_empty() { 0 } else { 2 });
}
