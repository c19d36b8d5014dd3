//! Opening and listing input files so that no input can make a command wait forever or read
//! outside the inputs: only regular files are read, opened without blocking (a named pipe, a
//! device or a `/proc` file that would wait for data gives an error at once), and a folder's
//! listing says what each entry really is, following a symbolic link only to a file inside the
//! folder the inputs are in. Every input the tool reads is opened here, and what a build reads
//! is noted with its SHA-256 as it is read ([`Reads`]).

mod reads;

pub use reads::{Hashing, Reads};

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, FileType, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What a path is, as the file system says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    /// A named pipe (FIFO): reading one waits for a writer.
    NamedPipe,
    Socket,
    /// A character device such as `/dev/zero`, which never ends.
    CharDevice,
    BlockDevice,
    /// Anything else the system has.
    Other,
}

impl Kind {
    pub fn of(kind: FileType) -> Kind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Kind::NamedPipe;
            } else if kind.is_socket() {
                return Kind::Socket;
            } else if kind.is_char_device() {
                return Kind::CharDevice;
            } else if kind.is_block_device() {
                return Kind::BlockDevice;
            }
        }
        if kind.is_file() {
            Kind::File
        } else if kind.is_dir() {
            Kind::Folder
        } else {
            Kind::Other
        }
    }

    /// The kind in words, with its article: "a named pipe (FIFO)".
    pub fn describe(self) -> &'static str {
        match self {
            Kind::File => "a file",
            Kind::Folder => "a folder",
            Kind::NamedPipe => "a named pipe (FIFO)",
            Kind::Socket => "a socket",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Other => "a special file",
        }
    }
}

/// The error [`open`] gives for a path that is not a regular file: the system's error carries it,
/// so that messages say what the path is ("it is a named pipe (FIFO), not a file").
#[derive(Debug)]
pub struct NotAFile(pub Kind);

impl fmt::Display for NotAFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "it is {}, not a file", self.0.describe())
    }
}

impl std::error::Error for NotAFile {}

impl NotAFile {
    /// The kind, if `e` is [`open`]'s refusal of something that is not a file.
    pub fn kind_of(e: &io::Error) -> Option<Kind> {
        e.get_ref()?.downcast_ref::<NotAFile>().map(|n| n.0)
    }
}

fn not_a_file(kind: Kind) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, NotAFile(kind))
}

/// Opens `path` (following symbolic links) for reading, only if it is a regular file, and without
/// ever waiting: what it is is checked before it is opened (opening some devices does something)
/// and again on the opened file, which is opened non-blocking on Unix (`O_NONBLOCK`, kept for
/// the reads, so a file that would wait for data, such as `/proc/kmsg`, gives an error instead).
pub fn open(path: &Path) -> io::Result<File> {
    let kind = Kind::of(fs::metadata(path)?.file_type());
    if kind != Kind::File {
        return Err(not_a_file(kind));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    // It may have been replaced between the look and the opening.
    let kind = Kind::of(file.metadata()?.file_type());
    if kind != Kind::File {
        return Err(not_a_file(kind));
    }
    Ok(file)
}

/// The bytes of the file at `path` (see [`open`]).
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The text of the file at `path` (see [`open`]); an error if it is not UTF-8.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|_| not_utf8())
}

/// The error for a file that is not UTF-8, as the standard library words it.
fn not_utf8() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "stream did not contain valid UTF-8",
    )
}

/// One entry of a folder (see [`list`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry's path in the folder (the link's own, for a symbolic link).
    pub path: PathBuf,
    pub name: OsString,
    pub what: What,
}

/// What an entry is, once any symbolic link is followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A regular file, or a symbolic link to one inside the root: to be read at `path`.
    File,
    /// A folder, or a link to one inside the root.
    Folder,
    /// A named pipe, socket, device or other special file (or a link to one inside the root).
    Special(Kind),
    /// A symbolic link whose target does not exist.
    Dangling { target: PathBuf },
    /// A symbolic link that leads round in a loop, or that cannot be followed for another reason.
    Unfollowable { why: String },
    /// A symbolic link to `target`, which is outside the root: never followed.
    Outside { target: PathBuf },
}

/// The entries of `dir`, sorted by name, each with what it is. A symbolic link is followed only
/// to see what it leads to, and only if that is inside `root` (the inputs folder): a link that
/// leaves it is [`What::Outside`], whatever it leads to.
pub fn list(dir: &Path, root: &Path) -> io::Result<Vec<Entry>> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        let what = if kind.is_symlink() {
            followed(&path, &root)
        } else {
            what_is(Kind::of(kind))
        };
        entries.push(Entry {
            path,
            name: entry.file_name(),
            what,
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

fn what_is(kind: Kind) -> What {
    match kind {
        Kind::File => What::File,
        Kind::Folder => What::Folder,
        other => What::Special(other),
    }
}

/// What the symbolic link `link` leads to, if it stays inside `root` (a canonical path).
fn followed(link: &Path, root: &Path) -> What {
    match fs::canonicalize(link) {
        Ok(target) if !target.starts_with(root) => What::Outside { target },
        Ok(target) => match fs::metadata(&target) {
            Ok(meta) => what_is(Kind::of(meta.file_type())),
            Err(e) => What::Unfollowable { why: e.to_string() },
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => What::Dangling {
            target: fs::read_link(link).unwrap_or_default(),
        },
        Err(e) if looping(&e) => What::Unfollowable {
            why: "it leads round in a loop of links and never reaches a file".into(),
        },
        Err(e) => What::Unfollowable { why: e.to_string() },
    }
}

/// Whether `e` says a path has too many levels of symbolic links (a loop).
fn looping(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(windows)]
    {
        // ERROR_CANT_RESOLVE_FILENAME: "The name of the file cannot be resolved by the system."
        e.raw_os_error() == Some(1921)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xml");
        fs::write(&path, "<x/>").unwrap();
        assert_eq!(read(&path).unwrap(), b"<x/>");
        assert_eq!(read_to_string(&path).unwrap(), "<x/>");
    }

    #[test]
    fn a_folder_is_refused_as_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path()).unwrap_err();
        assert_eq!(NotAFile::kind_of(&e), Some(Kind::Folder));
        assert_eq!(e.to_string(), "it is a folder, not a file");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("p.xlsx");
        let c = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = read(&pipe).unwrap_err();
        assert_eq!(NotAFile::kind_of(&e), Some(Kind::NamedPipe));
        assert_eq!(e.to_string(), "it is a named pipe (FIFO), not a file");
        let e = read(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(NotAFile::kind_of(&e), Some(Kind::CharDevice));
    }

    #[cfg(unix)]
    #[test]
    fn a_listing_says_what_each_entry_is_and_follows_links_only_inside_the_root() {
        use std::os::unix::fs::symlink;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("submissions/2026");
        fs::create_dir_all(dir.join("x.xml")).unwrap();
        fs::write(root.path().join("plan.toml"), "").unwrap();
        fs::write(dir.join("a.xlsx"), "").unwrap();
        symlink("a.xlsx", dir.join("b.xlsx")).unwrap();
        symlink("../../plan.toml", dir.join("c.xml")).unwrap();
        symlink("/dev/zero", dir.join("d.xml")).unwrap();
        symlink("gone.xml", dir.join("e.xml")).unwrap();
        symlink("f.xml", dir.join("f.xml")).unwrap();
        symlink("x.xml", dir.join("g.xml")).unwrap();
        let what: Vec<(String, What)> = list(&dir, root.path())
            .unwrap()
            .into_iter()
            .map(|e| (e.name.to_string_lossy().into_owned(), e.what))
            .collect();
        let loop_why = "it leads round in a loop of links and never reaches a file".to_string();
        assert_eq!(
            what,
            [
                ("a.xlsx".into(), What::File),
                ("b.xlsx".into(), What::File),
                ("c.xml".into(), What::File),
                (
                    "d.xml".into(),
                    What::Outside {
                        target: "/dev/zero".into()
                    }
                ),
                (
                    "e.xml".into(),
                    What::Dangling {
                        target: "gone.xml".into()
                    }
                ),
                ("f.xml".into(), What::Unfollowable { why: loop_why }),
                ("g.xml".into(), What::Folder),
                ("x.xml".into(), What::Folder),
            ]
        );
        // The folder itself as the root: the plan is outside it.
        let c = list(&dir, &dir).unwrap().remove(2);
        assert!(matches!(c.what, What::Outside { .. }), "{c:?}");
    }
}
