//! Where a PostgreSQL store is and how to reach it: a libpq-style `postgres://` URL read as libpq
//! reads it (the password from the URL, `PGPASSWORD` or the password file, `sslmode` with its six
//! values), turned into the client's settings and a TLS connector. The client crate reads none of
//! the `PG*` variables nor `~/.pgpass`, and knows only three `sslmode`s, so this does it.
//! The password is kept inside the settings only: what is shown is the URL without it.

use postgres::config::SslMode;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The six `sslmode`s of libpq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl TlsMode {
    fn parse(text: &str) -> Result<TlsMode, String> {
        Ok(match text {
            "disable" => TlsMode::Disable,
            "allow" => TlsMode::Allow,
            "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode={} is not one of disable, allow, prefer, require, verify-ca, verify-full",
                    crate::text::strip_controls(other)
                ));
            }
        })
    }
}

/// A PostgreSQL server and database, with everything needed to connect to it.
#[derive(Clone)]
pub struct Target {
    config: postgres::Config,
    tls: TlsMode,
    root_cert: Option<PathBuf>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

/// The URL's settings that libpq also takes from the environment.
struct Parts {
    user: Option<String>,
    password: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    dbname: Option<String>,
    sslmode: Option<String>,
    sslrootcert: Option<String>,
    connect_timeout: Option<u64>,
    application_name: Option<String>,
}

fn percent_decoded(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a % in the database URL must be followed by two hexadecimal digits")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the database URL decodes to text that is not UTF-8".into())
}

fn parse_url(url: &str) -> Result<Parts, String> {
    let rest = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))
        .ok_or("the database URL must start with postgres:// or postgresql:// (for example postgres://alice@db.example.com/portwiz)")?;
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => (Some(userinfo), hostport),
        None => (None, authority),
    };
    let mut parts = Parts {
        user: None,
        password: None,
        host: None,
        port: None,
        dbname: None,
        sslmode: None,
        sslrootcert: None,
        connect_timeout: None,
        application_name: None,
    };
    if let Some(userinfo) = userinfo {
        let (user, password) = match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        };
        parts.user = Some(percent_decoded(user)?).filter(|u| !u.is_empty());
        parts.password = password.map(percent_decoded).transpose()?;
    }
    if hostport.contains(',') {
        return Err("the database URL names several hosts; give one".into());
    }
    let (host, port) = match hostport.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6
                .split_once(']')
                .ok_or("an IPv6 host in the database URL needs its closing ]")?;
            (host, after.strip_prefix(':'))
        }
        None => match hostport.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        },
    };
    parts.host = Some(percent_decoded(host)?).filter(|h| !h.is_empty());
    parts.port = port.map(port_number).transpose()?;
    parts.dbname = Some(percent_decoded(path)?).filter(|d| !d.is_empty());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or("each setting after ? in the database URL must be name=value")?;
        let value = percent_decoded(value)?;
        match key {
            "sslmode" => parts.sslmode = Some(value),
            "sslrootcert" => parts.sslrootcert = Some(value),
            "host" => parts.host = Some(value),
            "port" => parts.port = Some(port_number(&value)?),
            "user" => parts.user = Some(value),
            "password" => parts.password = Some(value),
            "dbname" => parts.dbname = Some(value),
            "application_name" => parts.application_name = Some(value),
            "connect_timeout" => {
                parts.connect_timeout = Some(value.parse().map_err(
                    |_| "connect_timeout in the database URL must be a number of seconds",
                )?)
            }
            other => {
                return Err(format!(
                    "the database URL has the setting {}, which portwiz does not read; it reads sslmode, sslrootcert, host, port, user, dbname, application_name and connect_timeout",
                    crate::text::strip_controls(other)
                ));
            }
        }
    }
    Ok(parts)
}

fn port_number(text: &str) -> Result<u16, String> {
    text.parse()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| "the port in the database URL must be a number from 1 to 65535".into())
}

/// A `.pgpass` field: `*` matches anything; `\:` and `\\` are a colon and a backslash.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// The password of the first line of a libpq password file that matches, as libpq looks it up. A
/// file others may read is ignored, as libpq ignores it.
fn pgpass_password(text: &str, host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .map(pgpass_fields)
        .filter(|fields| fields.len() == 5)
        .find(|f| {
            let matches = |field: &str, value: &str| field == "*" || field == value;
            matches(&f[0], host)
                && matches(&f[1], &port)
                && matches(&f[2], dbname)
                && matches(&f[3], user)
        })
        .map(|mut f| f.swap_remove(4))
}

fn password_file() -> Option<PathBuf> {
    std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass")))
}

fn read_password_file(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    crate::safe_file::read_regular(path, 1 << 20)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The directory of the local server's socket where no host is given, as Debian's libpq has it.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

impl Target {
    /// Reads a `postgres://` URL; what the URL leaves out comes from the `PG*` variables and the
    /// password file, as with libpq.
    pub fn parse(url: &str) -> Result<Target, String> {
        Target::parse_with(url, env, password_file().as_deref())
    }

    fn parse_with(
        url: &str,
        env: impl Fn(&str) -> Option<String>,
        password_file: Option<&Path>,
    ) -> Result<Target, String> {
        let parts = parse_url(url.trim())?;
        let host = parts
            .host
            .or_else(|| env("PGHOST"))
            .unwrap_or_else(|| DEFAULT_SOCKET_DIR.to_string());
        let port = match parts.port {
            Some(port) => port,
            None => env("PGPORT")
                .map(|p| port_number(&p))
                .transpose()?
                .unwrap_or(5432),
        };
        let user = parts
            .user
            .or_else(|| env("PGUSER"))
            .unwrap_or_else(|| whoami::username().unwrap_or_else(|_| "postgres".into()));
        let dbname = parts
            .dbname
            .or_else(|| env("PGDATABASE"))
            .unwrap_or_else(|| user.clone());
        let tls = TlsMode::parse(
            &parts
                .sslmode
                .or_else(|| env("PGSSLMODE"))
                .unwrap_or_else(|| "prefer".into()),
        )?;
        let socket = host.starts_with('/');
        // A socket's password file entry is written for "localhost", as libpq looks it up.
        let pass_host = if socket { "localhost" } else { host.as_str() };
        let password = parts.password.or_else(|| env("PGPASSWORD")).or_else(|| {
            password_file
                .and_then(read_password_file)
                .and_then(|text| pgpass_password(&text, pass_host, port, &dbname, &user))
        });
        let mut config = postgres::Config::new();
        config
            .host(&host)
            .port(port)
            .user(&user)
            .dbname(&dbname)
            .application_name(&parts.application_name.unwrap_or_else(|| {
                format!(
                    "portwiz/{}@{}",
                    whoami::username().unwrap_or_default(),
                    whoami::hostname().unwrap_or_default()
                )
            }))
            .connect_timeout(Duration::from_secs(parts.connect_timeout.unwrap_or(5)))
            .keepalives_idle(Duration::from_secs(30))
            .tcp_user_timeout(Duration::from_secs(30))
            .ssl_mode(match tls {
                TlsMode::Disable => SslMode::Disable,
                _ if socket => SslMode::Disable,
                TlsMode::Allow | TlsMode::Prefer => SslMode::Prefer,
                TlsMode::Require | TlsMode::VerifyCa | TlsMode::VerifyFull => SslMode::Require,
            });
        if let Some(password) = password {
            config.password(password);
        }
        let root_cert = parts
            .sslrootcert
            .or_else(|| env("PGSSLROOTCERT"))
            .map(PathBuf::from);
        Ok(Target {
            config,
            tls,
            root_cert,
        })
    }

    /// The URL without its password, for the header and messages.
    pub fn shown(&self) -> String {
        let first = |list: &[String]| list.first().cloned().unwrap_or_default();
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .map(|h| match h {
                postgres::config::Host::Tcp(name) if name.contains(':') => format!("[{name}]"),
                postgres::config::Host::Tcp(name) => name.clone(),
                postgres::config::Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        let host = first(&hosts);
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let user = self.config.get_user().unwrap_or_default();
        let dbname = self.config.get_dbname().unwrap_or_default();
        let shown = if host.starts_with('/') {
            format!("postgres://{user}@:{port}/{dbname}?host={host}")
        } else {
            format!("postgres://{user}@{host}:{port}/{dbname}")
        };
        crate::text::strip_controls(&shown)
    }

    /// `host/database`, for the header where the whole URL does not fit.
    pub fn short(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(name)) => name.clone(),
            _ => "local".into(),
        };
        crate::text::strip_controls(&format!(
            "{host}/{}",
            self.config.get_dbname().unwrap_or_default()
        ))
    }

    /// A new connection, or why there is none, in words that name the server (never the password).
    pub fn connect(&self) -> Result<postgres::Client, String> {
        let connected = match self.tls {
            TlsMode::Disable => self.config.connect(postgres::NoTls),
            mode => self
                .config
                .connect(tokio_postgres_rustls::MakeRustlsConnect::new(
                    self.tls_config(mode)?,
                )),
        };
        connected.map_err(|e| self.unreachable(&e))
    }

    /// Why a connection failed, in words.
    pub fn unreachable(&self, e: &postgres::Error) -> String {
        let why = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => {
                let mut why = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(cause) = source {
                    why = format!("{why}: {cause}");
                    source = cause.source();
                }
                why
            }
        };
        let advice = if why.contains("password") {
            "give the password in PGPASSWORD or ~/.pgpass (mode 0600), or in the URL"
        } else {
            "check that the server runs and that the URL is right"
        };
        format!(
            "the PostgreSQL store {} cannot be reached ({}); {advice}",
            self.shown(),
            crate::text::strip_controls(&why)
        )
    }

    fn tls_config(&self, mode: TlsMode) -> Result<ClientConfig, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS cannot be set up: {e}"))?;
        // libpq's meaning of allow, prefer and require: encrypted, the certificate not checked.
        let chain = match mode {
            TlsMode::Allow | TlsMode::Prefer | TlsMode::Require | TlsMode::Disable => None,
            TlsMode::VerifyCa | TlsMode::VerifyFull => Some(
                rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(self.roots()?),
                    provider.clone(),
                )
                .build()
                .map_err(|e| {
                    format!("the certificates to check the server with cannot be used: {e}")
                })?,
            ),
        };
        Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ServerCheck {
                chain,
                check_name: mode == TlsMode::VerifyFull,
                algorithms: provider.signature_verification_algorithms,
            }))
            .with_no_client_auth())
    }

    /// The certificates the server's is checked against: `sslrootcert` (or `~/.postgresql/root.crt`,
    /// libpq's default), else the system's.
    fn roots(&self) -> Result<RootCertStore, String> {
        let mut roots = RootCertStore::empty();
        let file = self.root_cert.clone().or_else(|| {
            std::env::var_os("HOME")
                .map(|home| Path::new(&home).join(".postgresql/root.crt"))
                .filter(|p| p.is_file())
        });
        match file {
            Some(path) => {
                let shown = crate::text::strip_controls(&path.display().to_string());
                let pem = crate::safe_file::read_regular(&path, 4 << 20).map_err(|e| {
                    format!("the root certificate file {shown} cannot be read: {e}")
                })?;
                for cert in rustls::pki_types::pem::PemObject::pem_slice_iter(&pem) {
                    let cert: CertificateDer =
                        cert.map_err(|_| format!("{shown} is not a PEM certificate file"))?;
                    roots
                        .add(cert)
                        .map_err(|e| format!("a certificate in {shown} cannot be used: {e}"))?;
                }
            }
            None => {
                for cert in rustls_native_certs::load_native_certs().certs {
                    let _ = roots.add(cert);
                }
            }
        }
        if roots.is_empty() {
            return Err(
                "no root certificate to check the server's with: give sslrootcert=FILE in the URL"
                    .into(),
            );
        }
        Ok(roots)
    }
}

/// How the server's certificate is checked, as libpq's `sslmode` says: not at all (`allow`,
/// `prefer`, `require`: encrypted only), its chain (`verify-ca`), or its chain and host name
/// (`verify-full`). The handshake's signatures are checked in every mode.
#[derive(Debug)]
struct ServerCheck {
    /// The chain's verifier; `None` where the certificate is not checked.
    chain: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    check_name: bool,
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ServerCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_url_is_read_as_libpq_reads_it_and_shown_without_its_password() {
        let target = Target::parse_with(
            "postgres://al%40ice:s3cr%3At@db.example.com:6543/team?sslmode=verify-full&connect_timeout=3",
            no_env,
            None,
        )
        .unwrap();
        assert_eq!(target.shown(), "postgres://al@ice@db.example.com:6543/team");
        assert_eq!(target.short(), "db.example.com/team");
        assert_eq!(target.config.get_user(), Some("al@ice"));
        assert_eq!(target.config.get_password(), Some(&b"s3cr:t"[..]));
        assert_eq!(target.config.get_dbname(), Some("team"));
        assert_eq!(target.config.get_ports(), &[6543]);
        assert_eq!(target.tls, TlsMode::VerifyFull);
        assert_eq!(target.config.get_ssl_mode(), SslMode::Require);
        assert!(!format!("{target:?}").contains("s3cr"));
    }

    #[test]
    fn the_password_comes_from_the_url_then_pgpassword_then_the_password_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# team\nother:*:*:*:nope\ndb.example.com:5432:*:alice:from\\:file\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let url = "postgres://alice@db.example.com/portwiz";
        let from_file = Target::parse_with(url, no_env, Some(&file)).unwrap();
        assert_eq!(from_file.config.get_password(), Some(&b"from:file"[..]));
        let pgpassword = |name: &str| (name == "PGPASSWORD").then(|| "from-env".to_string());
        let from_env = Target::parse_with(url, pgpassword, Some(&file)).unwrap();
        assert_eq!(from_env.config.get_password(), Some(&b"from-env"[..]));
        let in_url = Target::parse_with(
            "postgres://alice:inline@db.example.com/portwiz",
            pgpassword,
            Some(&file),
        )
        .unwrap();
        assert_eq!(in_url.config.get_password(), Some(&b"inline"[..]));
        // A password file others may read is ignored, as libpq ignores it.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let ignored = Target::parse_with(url, no_env, Some(&file)).unwrap();
        assert_eq!(ignored.config.get_password(), None);
    }

    #[test]
    fn a_wrong_url_says_what_to_write() {
        for (url, says) in [
            ("mysql://x/y", "must start with postgres://"),
            (
                "postgres://h/db?sslmode=verify",
                "sslmode=verify is not one of",
            ),
            ("postgres://h:99999/db", "port in the database URL"),
            (
                "postgres://h/db?passfile=x",
                "setting passfile, which portwiz does not read",
            ),
            ("postgres://a,b/db", "several hosts"),
        ] {
            let error = Target::parse_with(url, no_env, None).unwrap_err();
            assert!(error.contains(says), "{url}: {error}");
        }
    }

    #[test]
    fn a_socket_host_is_shown_as_the_url_gives_it() {
        let target =
            Target::parse_with("postgresql://bob@/portwiz?host=%2Ftmp%2Fpg", no_env, None).unwrap();
        assert_eq!(target.shown(), "postgres://bob@:5432/portwiz?host=/tmp/pg");
        assert_eq!(target.config.get_ssl_mode(), SslMode::Disable);
    }
}
