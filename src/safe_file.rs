//! Reading a file that may be hostile: opened without blocking, only a regular file, its size checked
//! on the open file before a byte is read, and never more than a limit. Data files of the program are
//! also refused when another user owns them or may change them.

use crate::text::strip_controls;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Why a file could not be read. The message names the file and says what to do; it never shows
/// what the file holds.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("there is no file at {}", shown(.path))]
    NotFound { path: PathBuf },
    #[error(
        "{} is not a regular file (a folder, pipe or device); give the path of the file itself",
        shown(.path)
    )]
    NotRegular { path: PathBuf },
    #[error(
        "{} is not a folder; give the path of a folder, or move that file out of the way",
        shown(.path)
    )]
    NotAFolder { path: PathBuf },
    /// A data file that is a symbolic link: the program keeps its data in plain files only.
    #[error(
        "{} is a symbolic link; portwiz keeps its data in plain files only: put the file itself there",
        shown(.path)
    )]
    Link { path: PathBuf },
    #[error(
        "{} is {}, more than the {} such a file may be",
        shown(.path),
        size_text(*.size),
        size_text(*.limit)
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{} {why}", shown(.path))]
    NotPrivate { path: PathBuf, why: String },
    #[error("cannot read {}: {error}", shown(.path))]
    Io { path: PathBuf, error: io::Error },
}

fn shown(path: &Path) -> String {
    strip_controls(&path.display().to_string())
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{bytes} bytes")
    }
}

impl FileError {
    pub fn path(&self) -> &Path {
        match self {
            FileError::NotFound { path }
            | FileError::NotRegular { path }
            | FileError::NotAFolder { path }
            | FileError::Link { path }
            | FileError::TooLarge { path, .. }
            | FileError::NotPrivate { path, .. }
            | FileError::Io { path, .. } => path,
        }
    }
}

fn effective_user() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Owned by this user and writable by nobody else: what the program's own files must be.
fn check_private(path: &Path, meta: &Metadata, folder: bool) -> Result<(), FileError> {
    let kind = if folder { "folder" } else { "file" };
    let mode = meta.mode() & 0o7777;
    // A folder with the sticky bit (as /tmp, mode 1777) is shared by design: making it private
    // would break every other user's files in it, so the advice is another place.
    if folder && mode & 0o1000 != 0 && mode & 0o022 != 0 {
        return Err(FileError::NotPrivate {
            path: path.to_path_buf(),
            why: format!(
                "is a folder shared by every user (mode {mode:04o}, as /tmp is), so portwiz does not keep its files in it; choose a private folder of your own, e.g. `mkdir -m 700 ~/portwiz-data` and then --data-dir ~/portwiz-data"
            ),
        });
    }
    let owner = meta.uid();
    if owner != effective_user() {
        return Err(FileError::NotPrivate {
            path: path.to_path_buf(),
            why: format!(
                "belongs to another user (user {owner}), so portwiz does not trust it; run portwiz as that user, or have the {kind} given to you (chown)"
            ),
        });
    }
    if mode & 0o022 != 0 {
        return Err(FileError::NotPrivate {
            path: path.to_path_buf(),
            why: format!(
                "can be changed by other users (mode {mode:04o}), so portwiz does not trust it; make it private with chmod {}",
                if folder { "700" } else { "600" }
            ),
        });
    }
    Ok(())
}

fn opening_failed(path: &Path, error: io::Error) -> FileError {
    match error.kind() {
        io::ErrorKind::NotFound => FileError::NotFound {
            path: path.to_path_buf(),
        },
        _ => FileError::Io {
            path: path.to_path_buf(),
            error,
        },
    }
}

fn open(path: &Path, follow_links: bool) -> Result<(File, Metadata), FileError> {
    // A FIFO would block the open until a writer comes; O_NONBLOCK makes it return at once.
    let mut flags = libc::O_NONBLOCK | libc::O_CLOEXEC;
    if !follow_links {
        flags |= libc::O_NOFOLLOW;
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) if !follow_links => FileError::Link {
                path: path.to_path_buf(),
            },
            _ => opening_failed(path, error),
        })?;
    let meta = file.metadata().map_err(|error| FileError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    if !meta.file_type().is_file() {
        return Err(FileError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    Ok((file, meta))
}

fn read_open(path: &Path, file: File, meta: &Metadata, limit: u64) -> Result<Vec<u8>, FileError> {
    let too_large = |size| FileError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| FileError::Io {
            path: path.to_path_buf(),
            error,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let (file, meta) = open(path, true)?;
    read_open(path, file, &meta, limit)
}

/// Opens a regular file to be read as a stream, of any size (a numbers list checked line by line).
pub fn open_regular(path: &Path) -> Result<File, FileError> {
    open(path, true).map(|(file, _)| file)
}

/// As [`read_regular`]; a file that does not exist is `None`.
pub fn read_regular_if_exists(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, FileError> {
    match read_regular(path, limit) {
        Err(FileError::NotFound { .. }) => Ok(None),
        other => other.map(Some),
    }
}

/// One of the program's own data files: as [`read_regular_if_exists`], and refused when it is a
/// link, or another user owns it or may write to it.
pub fn read_private_if_exists(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, FileError> {
    let (file, meta) = match open(path, false) {
        Err(FileError::NotFound { .. }) => return Ok(None),
        other => other?,
    };
    check_private(path, &meta, false)?;
    read_open(path, file, &meta, limit).map(Some)
}

/// As [`read_private_if_exists`], but only opened and checked: the file and its size (at most
/// `limit`), for a caller that reads parts of it.
pub fn open_private_if_exists(path: &Path, limit: u64) -> Result<Option<(File, u64)>, FileError> {
    let (file, meta) = match open(path, false) {
        Err(FileError::NotFound { .. }) => return Ok(None),
        other => other?,
    };
    check_private(path, &meta, false)?;
    if meta.len() > limit {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit,
        });
    }
    Ok(Some((file, meta.len())))
}

/// A file the program opened for itself (a lock), as `meta` describes it: owned by this user and
/// writable by nobody else.
pub fn check_private_file(path: &Path, meta: &Metadata) -> Result<(), FileError> {
    check_private(path, meta, false)
}

/// A folder of the program's: owned by this user and writable by nobody else.
pub fn check_private_dir(path: &Path) -> Result<(), FileError> {
    let meta = std::fs::metadata(path).map_err(|error| opening_failed(path, error))?;
    if !meta.is_dir() {
        return Err(FileError::NotAFolder {
            path: path.to_path_buf(),
        });
    }
    check_private(path, &meta, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    fn private_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        path
    }

    #[test]
    fn a_regular_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = private_file(dir.path(), "a.json", b"{\"a\": 1}");
        assert_eq!(read_regular(&path, 100).unwrap(), b"{\"a\": 1}");
        assert_eq!(
            read_private_if_exists(&path, 100).unwrap().unwrap(),
            b"{\"a\": 1}"
        );
        assert!(
            read_regular_if_exists(&dir.path().join("none"), 100)
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            read_regular(&dir.path().join("none"), 100),
            Err(FileError::NotFound { .. })
        ));
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clock.json");
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_private_if_exists(&path, 100).unwrap_err();
        assert!(matches!(err, FileError::NotRegular { .. }), "{err}");
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn devices_and_folders_are_refused_even_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("inventory.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(
            read_regular(&link, 1 << 20),
            Err(FileError::NotRegular { .. })
        ));
        assert!(matches!(
            read_regular(dir.path(), 1 << 20),
            Err(FileError::NotRegular { .. })
        ));
    }

    #[test]
    fn a_data_file_that_is_a_link_is_refused_and_a_file_is_no_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = private_file(dir.path(), "elsewhere.json", b"{}");
        let link = dir.path().join("PW-1.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = read_private_if_exists(&link, 100).unwrap_err();
        assert!(
            matches!(err, FileError::Link { .. }) && err.to_string().contains("symbolic link"),
            "{err}"
        );
        assert_eq!(
            read_regular(&link, 100).unwrap(),
            b"{}",
            "a user's own path may be a link"
        );
        let err = check_private_dir(&target).unwrap_err();
        assert!(err.to_string().contains("is not a folder"), "{err}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        File::create(&path).unwrap().set_len(64 << 30).unwrap();
        let err = read_regular(&path, 16 << 20).unwrap_err();
        match &err {
            FileError::TooLarge { size, limit, .. } => {
                assert_eq!((*size, *limit), (64 << 30, 16 << 20))
            }
            other => panic!("{other}"),
        }
        assert!(err.to_string().contains("65536.0 MiB"), "{err}");
    }

    #[test]
    fn files_others_may_change_or_own_are_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = private_file(dir.path(), "porting_pin.json", b"{}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
        let err = read_private_if_exists(&path, 100).unwrap_err();
        assert!(
            matches!(err, FileError::NotPrivate { .. }) && err.to_string().contains("0666"),
            "{err}"
        );
        assert_eq!(
            read_regular(&path, 100).unwrap(),
            b"{}",
            "a user's own file is not judged"
        );
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        let err = check_private_dir(dir.path()).unwrap_err();
        assert!(err.to_string().contains("chmod 700"), "{err}");
        // A shared folder such as /tmp is not to be made private: another one is to be chosen.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o1777)).unwrap();
        let err = check_private_dir(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("shared by every user") && err.contains("choose a private folder"),
            "{err}"
        );
        assert!(!err.contains("chmod"), "{err}");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        check_private_dir(dir.path()).unwrap();
        if effective_user() == 0 {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
            std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
            let err = read_private_if_exists(&path, 100).unwrap_err();
            assert!(err.to_string().contains("user 65534"), "{err}");
        }
    }
}
