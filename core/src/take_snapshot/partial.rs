//! The snapshot under construction: a hidden file beside the destination, removed unless the
//! copy completes, so no half-written snapshot can ever be opened.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folder a file goes in (`.` for a bare file name).
pub(super) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Deletes its file (and SQLite's side files) when dropped, unless committed.
pub(super) struct PartialFile {
    path: PathBuf,
    committed: bool,
}

impl PartialFile {
    /// A fresh name in `out`'s folder, so the final rename stays on one file system (atomic).
    pub fn beside(out: &Path) -> Result<Self> {
        let name = out
            .file_name()
            .ok_or_else(|| Error::invalid("out", "give the snapshot file to create"))?;
        let path = parent_dir(out).join(format!(
            ".{}.{}.partial",
            name.to_string_lossy(),
            std::process::id()
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

    /// Flushes the finished file to disk and renames it to `out`.
    pub fn commit(mut self, out: &Path, force: bool) -> Result<()> {
        let io = |what: &str, e: std::io::Error| Error::Database {
            message: format!("{what} {}: {e}; no snapshot was written", out.display()),
        };
        fs::File::open(&self.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| io("could not flush", e))?;
        if out.exists() && !force {
            return Err(Error::invalid(
                "out",
                format!(
                    "{} appeared while the snapshot was taken; choose another file, or pass --force",
                    out.display()
                ),
            ));
        }
        fs::rename(&self.path, out).map_err(|e| io("could not move the snapshot to", e))?;
        self.committed = true;
        Ok(())
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
