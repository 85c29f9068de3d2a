//! The data directory's file primitives: private folders, lock files, temporaries named after their
//! writer, and the crash-safe replace (write a temporary, flush it, rename it over, flush the folder),
//! each step passing a [`WriteFaults`] hook first so that tests can make any step fail.

use super::index::FileStamp;
use crate::safe_file;
use crate::text::strip_controls;
use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The steps of an atomic write, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteStep {
    Create,
    Write,
    Flush,
    Rename,
    DirFlush,
}

/// Called before each step of every write; an error aborts the write as if the step had failed.
pub trait WriteFaults: Send + Sync {
    fn before(&self, step: WriteStep, path: &Path) -> io::Result<()>;
}

/// The real disk: no faults added.
pub struct NoFaults;

impl WriteFaults for NoFaults {
    fn before(&self, _: WriteStep, _: &Path) -> io::Result<()> {
        Ok(())
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary beside `target`, named `.<name>.<pid>-<n>.tmp` so that a sweep can tell whose it is.
pub fn temporary_for(target: &Path) -> PathBuf {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The process that wrote a temporary file, from its name `.<name>.<pid>-<n>.tmp`.
pub fn temporary_writer(file_name: &str) -> Option<u32> {
    let stem = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (name, tail) = stem.rsplit_once('.')?;
    let (pid, counter) = tail.split_once('-')?;
    // `parse` also takes a leading `+`, which no temporary's name has.
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if name.is_empty() || !digits(pid) || !digits(counter) {
        return None;
    }
    counter.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether `name` is an editing mark of an older portwiz (`.<ID>.saving`), kept in `orders/` before
/// the editing locks moved to `locks/`.
pub fn is_old_editing_mark(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".saving"))
        .is_some_and(|id| !id.is_empty() && !id.contains('.'))
}

/// Looks `name` up in the open `folder` (one look-up, no walk of the whole path; a link is
/// followed, as reading does): whether it is a regular file, and its stamp.
pub fn look_up(folder: &File, name: &str) -> io::Result<(bool, FileStamp)> {
    let name = CString::new(name).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `name` is a NUL-terminated string and `stat` a buffer of the size fstatat writes.
    let done = unsafe { libc::fstatat(folder.as_raw_fd(), name.as_ptr(), stat.as_mut_ptr(), 0) };
    if done != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fstatat filled it.
    let stat = unsafe { stat.assume_init() };
    let regular = stat.st_mode & libc::S_IFMT == libc::S_IFREG;
    Ok((
        regular,
        FileStamp {
            size: stat.st_size as u64,
            modified_ns: stat.st_mtime.saturating_mul(1_000_000_000) + stat.st_mtime_nsec,
            changed_ns: stat.st_ctime.saturating_mul(1_000_000_000) + stat.st_ctime_nsec,
            inode: stat.st_ino,
        },
    ))
}

/// Whether a process runs. `kill(pid, 0)` asks the system without sending anything: it works
/// wherever processes do (no /proc needed); a process of another user still counts as running.
pub fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is delivered.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Creates a folder of the program's, private to the user (0700); an existing one must already be
/// private: it is never chmod'ed, since it may be shared on purpose.
pub fn private_dir(path: &Path) -> Result<(), String> {
    match fs::symlink_metadata(path) {
        Ok(_) => safe_file::check_private_dir(path).map_err(|e| {
            format!("{e}; portwiz keeps account details there and uses only a private folder")
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .map_err(|e| {
                format!(
                    "cannot create the folder {}: {e}",
                    strip_controls(&path.display().to_string())
                )
            }),
        Err(e) => Err(format!(
            "cannot open the folder {}: {e}",
            strip_controls(&path.display().to_string())
        )),
    }
}

/// Opens (creating if needed) a lock file, private to the user, whose contents outlive the lock.
pub fn open_lock_file(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::EISDIR) => not_a_lock(path),
            _ => e,
        })?;
    // A pipe or device in its place, or a file of another user's (who could hold it forever), is
    // not a lock this program can trust.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_a_lock(path));
    }
    safe_file::check_private_file(path, &meta).map_err(|e| io::Error::other(e.to_string()))?;
    Ok(file)
}

fn not_a_lock(path: &Path) -> io::Error {
    io::Error::other(format!(
        "{} is not a regular file (a folder, pipe or device): remove it, and portwiz makes a new lock there",
        strip_controls(&path.display().to_string())
    ))
}

/// Flushes a folder, so that renames and removals in it survive a power loss.
pub fn flush_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Writes `bytes` to a new temporary beside `target` and flushes it; nothing is left on failure.
pub fn stage(
    faults: &dyn WriteFaults,
    target: &Path,
    bytes: &[u8],
) -> Result<PathBuf, (WriteStep, io::Error)> {
    let temp = temporary_for(target);
    let step = |step: WriteStep, result: io::Result<()>| result.map_err(|e| (step, e));
    let written = (|| {
        step(WriteStep::Create, faults.before(WriteStep::Create, target))?;
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
            .map_err(|e| (WriteStep::Create, e))?;
        step(
            WriteStep::Write,
            faults
                .before(WriteStep::Write, target)
                .and_then(|()| file.write_all(bytes)),
        )?;
        step(
            WriteStep::Flush,
            faults
                .before(WriteStep::Flush, target)
                .and_then(|()| file.sync_all()),
        )
    })();
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Writes `bytes` to `target` so that a crash leaves either the old file or the new one, telling
/// which step failed: before the rename, the old file is untouched and no temporary is left; at the
/// folder flush, the new file is already in place.
pub fn replace(
    faults: &dyn WriteFaults,
    target: &Path,
    bytes: &[u8],
) -> Result<(), (WriteStep, io::Error)> {
    let temp = stage(faults, target, bytes)?;
    if let Err(e) = faults
        .before(WriteStep::Rename, target)
        .and_then(|()| fs::rename(&temp, target))
    {
        let _ = fs::remove_file(&temp);
        return Err((WriteStep::Rename, e));
    }
    faults
        .before(WriteStep::DirFlush, target)
        .and_then(|()| flush_dir(target.parent().unwrap_or(Path::new("."))))
        .map_err(|e| (WriteStep::DirFlush, e))
}

/// Removes temporary files in `dir` that a crashed writer left behind; a live session's write in
/// progress is left alone. Returns how many went.
pub fn sweep_temporaries(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            temporary_writer(&name)
                .is_some_and(|pid| !process_alive(pid) && fs::remove_file(entry.path()).is_ok())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_name_their_writer() {
        assert_eq!(
            temporary_writer(".PW-1.json.999999999-3.tmp"),
            Some(999_999_999)
        );
        assert_eq!(temporary_writer(".notes.tmp"), None);
        // Found by the journal_reader fuzz target: not names `temporary_for` makes.
        for odd in [".PW-1.json.+12-3.tmp", ".PW-1.json.12-+3.tmp", "..12-3.tmp"] {
            assert_eq!(temporary_writer(odd), None, "{odd}");
        }
        let temp = temporary_for(Path::new("/x/orders/PW-1.json"));
        let name = temp.file_name().unwrap().to_str().unwrap();
        assert_eq!(temporary_writer(name), Some(std::process::id()));
    }

    #[test]
    fn this_process_is_alive_and_an_unused_pid_is_not() {
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(999_999_999));
    }

    #[test]
    fn an_existing_shared_folder_is_refused_and_left_as_it_is() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
        let err = private_dir(&shared).unwrap_err();
        assert!(
            err.contains("mode 1777") && err.contains("choose a private folder"),
            "{err}"
        );
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o7777,
            0o1777,
            "never chmod'ed"
        );
        let created = dir.path().join("new/deeper");
        private_dir(&created).unwrap();
        assert_eq!(
            fs::metadata(&created).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}
