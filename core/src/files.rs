//! Writing a file beside its destination, then moving it into place: a snapshot, the demo, the
//! recent-databases list. A crash, a cancel or a failure leaves no half-written file at the
//! destination, and a destination that appears meanwhile is never replaced unless asked.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, FieldCode, Result};

/// The folder a file goes in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Deletes its file (and SQLite's side files) when dropped, unless committed.
#[derive(Debug)]
pub struct PartialFile {
    path: PathBuf,
    committed: bool,
}

impl PartialFile {
    /// A fresh hidden name in `out`'s folder, so the final move stays on one file system (atomic).
    /// Unique per process and call: two writers of one destination never share a partial file.
    pub fn beside(out: &Path) -> Result<Self> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = out
            .file_name()
            .ok_or_else(|| Error::invalid("out", FieldCode::Required, "give the file to create"))?;
        let path = parent_dir(out).join(format!(
            ".{}.{}-{}.partial",
            name.to_string_lossy(),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let partial = Self {
            path,
            committed: false,
        };
        // A crashed run of this same process id could have left one behind.
        partial.remove();
        Ok(partial)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the finished file to disk and moves it to `out`. Without `replace`, an `out` that
    /// exists (or appears at the last moment) is never replaced: the move is a hard link, which
    /// fails atomically when the name is taken, then the partial name is removed. Blocking: call
    /// it off the async runtime ([`Self::commit_blocking`] does).
    pub fn commit(mut self, out: &Path, replace: bool) -> Result<()> {
        let io = |what: &str, e: std::io::Error| Error::Database {
            message: format!("{what} {}: {e}; nothing was written there", out.display()),
        };
        fs::File::open(&self.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| io("could not flush", e))?;
        if replace {
            fs::rename(&self.path, out).map_err(|e| io("could not move the file to", e))?;
        } else {
            match fs::hard_link(&self.path, out) {
                Ok(()) => {
                    let _ = fs::remove_file(&self.path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(Error::invalid(
                        "out",
                        FieldCode::FileExists,
                        format!(
                            "{} already exists; choose another file, or pass --force to replace it",
                            out.display()
                        ),
                    ));
                }
                Err(e) => return Err(io("could not move the file to", e)),
            }
        }
        // The folder entry itself must reach the disk too.
        if let Ok(dir) = fs::File::open(parent_dir(out)) {
            let _ = dir.sync_all();
        }
        self.committed = true;
        Ok(())
    }

    /// [`Self::commit`] on a blocking thread, so the fsyncs never stall the async runtime.
    pub async fn commit_blocking(self, out: PathBuf, replace: bool) -> Result<()> {
        tokio::task::spawn_blocking(move || self.commit(&out, replace))
            .await
            .map_err(|e| Error::Database {
                message: format!("moving the finished file into place failed: {e}"),
            })?
    }

    fn remove(&self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut side = self.path.clone().into_os_string();
            side.push(suffix);
            let _ = fs::remove_file(side);
        }
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.committed {
            self.remove();
        }
    }
}

/// Writes `bytes` to `path` through a partial file, replacing what was there.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, true)
}

/// Writes `bytes` to `path` through a partial file; an existing `path` is replaced only when
/// `replace` (else `FileExists`, and nothing is written).
pub fn write_file(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let partial = PartialFile::beside(path)?;
    fs::write(partial.path(), bytes).map_err(|e| Error::Database {
        message: format!("cannot write {}: {e}", path.display()),
    })?;
    partial.commit(path, replace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_destination_that_exists_is_never_replaced_without_asking() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("snapshot.db");
        std::fs::write(&out, b"someone else's").unwrap();
        let partial = PartialFile::beside(&out).unwrap();
        std::fs::write(partial.path(), b"ours").unwrap();
        let err = partial.commit(&out, false).unwrap_err();
        assert_eq!(err.kind(), "Validation");
        assert_eq!(std::fs::read(&out).unwrap(), b"someone else's");
        // The partial file is gone too.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_committed_file_is_in_place_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.db");
        let partial = PartialFile::beside(&out).unwrap();
        std::fs::write(partial.path(), b"done").unwrap();
        partial.commit(&out, false).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"done");

        let other = dir.path().join("b.db");
        let dropped = PartialFile::beside(&other).unwrap();
        std::fs::write(dropped.path(), b"half").unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn two_partial_files_of_one_destination_have_different_names() {
        let out = Path::new("/tmp/x.db");
        let a = PartialFile::beside(out).unwrap();
        let b = PartialFile::beside(out).unwrap();
        assert_ne!(a.path(), b.path());
    }
}
