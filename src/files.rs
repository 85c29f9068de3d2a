//! The administrator's own files: listing a folder for the file browser (sub-folders, then files
//! with the wanted extension), where to start browsing, paths typed with `~`, and writing a new
//! file (an exported order) without ever replacing one.

use crate::text::strip_controls;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

/// Lists a folder: sub-folders, then files with the wanted extension; hidden entries are left out.
pub fn list(dir: &Path, extension: &str) -> Result<Vec<Entry>, String> {
    let listing = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "cannot open the folder {}: {e}",
            strip_controls(&dir.display().to_string())
        )
    })?;
    let mut entries: Vec<Entry> = listing
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                return None;
            }
            let is_dir = e.path().is_dir();
            let wanted = is_dir
                || Path::new(&name)
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case(extension));
            wanted.then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

/// The folder to browse for a path typed so far: its folder (or itself, when it is one), else the
/// working folder.
pub fn near(path: &Path) -> PathBuf {
    [
        path.parent().map(Path::to_path_buf),
        path.is_dir().then(|| path.to_path_buf()),
    ]
    .into_iter()
    .flatten()
    .rev()
    .find(|d| !d.as_os_str().is_empty() && d.is_dir())
    .or_else(|| std::env::current_dir().ok())
    .unwrap_or_else(|| PathBuf::from("/"))
}

/// Writes `bytes` to a new file at `path` and returns where it is; a file already there (a pipe
/// too) is never replaced, a file that could not be written whole is not left behind, and only
/// its owner may read it (an order's export or LOA holds the account's details).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    use std::io::{ErrorKind, Write};
    use std::os::unix::fs::OpenOptionsExt;
    let shown = strip_controls(&path.display().to_string());
    if path.as_os_str().is_empty() {
        return Err("give the name of the file to write".into());
    }
    let opened = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
    let mut file = opened.map_err(|e| match e.kind() {
        ErrorKind::AlreadyExists => {
            format!("{shown} is there already; give another name (a file is never replaced)")
        }
        ErrorKind::NotFound => {
            format!("there is no folder for {shown}; give a path in a folder that exists")
        }
        ErrorKind::PermissionDenied => {
            format!(
                "{shown} may not be written (permission denied); give a folder you can write to"
            )
        }
        _ => format!("{shown} cannot be written: {e}"),
    })?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        let _ = std::fs::remove_file(path);
        return Err(format!(
            "{shown} could not be written whole ({e}); nothing was kept"
        ));
    }
    Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// When `path` is taken, the first name beside it that is not (`order-2.txt`, `order-3.txt`…, up
/// to 99), to propose instead; None when `path` is free, or when every such name is taken.
pub fn free_name_beside(path: &Path) -> Option<PathBuf> {
    let taken = |p: &Path| p.symlink_metadata().is_ok();
    if !taken(path) {
        return None;
    }
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()));
    (2..100)
        .map(|n| path.with_file_name(format!("{stem}-{n}{}", extension.as_deref().unwrap_or(""))))
        .find(|p| !taken(p))
}

/// A path as typed, with a leading `~` for the home folder.
/// Whether a file written at `path` would land in `folder` or below it, symbolic links followed (of
/// the folder the file would go in, which must exist to be written to at all).
pub fn lands_in(path: &Path, folder: &Path) -> bool {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    match (parent.canonicalize(), folder.canonicalize()) {
        (Ok(parent), Ok(folder)) => parent.starts_with(folder),
        _ => false,
    }
}

pub fn expand_home(path: &str) -> PathBuf {
    let trimmed = path.trim();
    match (trimmed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ if trimmed == "~" => std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default(),
        _ => PathBuf::from(trimmed),
    }
}
