//! A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder, started on a free
//! port of 127.0.0.1 and stopped (and its folder removed) at the end. The server refuses to run as
//! root, so as root it runs as the `postgres` user (or a `portwiz-pg` user made for it) through
//! `runuser`. Without PostgreSQL's programs, it says why, and the tests that need it are skipped.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

pub struct Server {
    folder: tempfile::TempDir,
    bin: PathBuf,
    user: Option<String>,
    pub port: u16,
}

/// Where PostgreSQL's server programs are: `PORTWIZ_PG_BIN`, or Debian's newest
/// `/usr/lib/postgresql/N/bin`.
fn bin_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("PORTWIZ_PG_BIN") {
        let dir = PathBuf::from(dir);
        return match dir.join("initdb").is_file() {
            true => Ok(dir),
            false => Err(format!(
                "PORTWIZ_PG_BIN is {}, which has no initdb; point it at PostgreSQL's bin folder",
                dir.display()
            )),
        };
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).ok_or_else(|| {
        "PostgreSQL's server programs are not installed (no /usr/lib/postgresql/*/bin/initdb); install them with `apt-get install -y postgresql` (or set PORTWIZ_PG_BIN) to run these tests".to_string()
    })
}

fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The user the server runs as when we are root: one that exists, or one made for it.
fn server_user() -> Result<String, String> {
    for user in ["postgres", "portwiz-pg"] {
        if Command::new("id")
            .arg("-u")
            .arg(user)
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Ok(user.to_string());
        }
    }
    let made = Command::new("useradd")
        .args([
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            "portwiz-pg",
        ])
        .status()
        .map_err(|e| format!("cannot run useradd to make a user for the test server: {e}"))?;
    if !made.success() {
        return Err("useradd could not make the user portwiz-pg for the test server".into());
    }
    Ok("portwiz-pg".into())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl Server {
    pub fn start() -> Result<Server, String> {
        let bin = bin_dir()?;
        let user = if is_root() {
            Some(server_user()?)
        } else {
            None
        };
        // Short: a socket path may be about 100 bytes at most.
        let folder = tempfile::Builder::new()
            .prefix("pwpg")
            .tempdir_in("/tmp")
            .map_err(|e| format!("cannot make the test server's folder: {e}"))?;
        if let Some(user) = &user {
            let owned = Command::new("chown")
                .arg(user)
                .arg(folder.path())
                .status()
                .map_err(|e| e.to_string())?;
            assert!(owned.success(), "chown of the test server's folder");
        }
        let mut server = Server {
            folder,
            bin,
            user,
            port: 0,
        };
        let data = server.folder.path().join("data");
        server.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-A".as_ref(),
                "trust".as_ref(),
                "-U".as_ref(),
                "portwiz".as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--no-locale".as_ref(),
                "--no-sync".as_ref(),
            ],
        )?;
        // Another program may take the free port before the server does: try a few.
        let mut last = String::new();
        for _ in 0..5 {
            server.port = free_port();
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                server.port,
                server.folder.path().display()
            );
            let log = server.folder.path().join("log");
            match server.run(
                "pg_ctl",
                &[
                    "-D".as_ref(),
                    data.as_os_str(),
                    "-l".as_ref(),
                    log.as_os_str(),
                    "-w".as_ref(),
                    "-o".as_ref(),
                    options.as_ref(),
                    "start".as_ref(),
                ],
            ) {
                Ok(()) => return Ok(server),
                Err(why) => last = why,
            }
        }
        Err(last)
    }

    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
        let path = self.bin.join(program);
        let mut command = match &self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        let output = command
            .args(args)
            .current_dir(self.folder.path())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", path.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    /// A URL of a database on this server.
    pub fn url(&self, dbname: &str) -> String {
        format!(
            "postgres://portwiz@127.0.0.1:{}/{dbname}?sslmode=disable",
            self.port
        )
    }
}

impl Server {
    /// The server stopped and started again, as an administrator's restart does.
    pub fn restart(&self) -> Result<(), String> {
        let data = self.folder.path().join("data");
        // Its log to the file: a server writing to our pipe would keep it open forever.
        let log = self.folder.path().join("log");
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-m".as_ref(),
                "fast".as_ref(),
                "-w".as_ref(),
                "restart".as_ref(),
            ],
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.folder.path().join("data");
        let _ = self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "-w".as_ref(),
                "stop".as_ref(),
            ],
        );
    }
}
