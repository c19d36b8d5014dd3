//! What a person saw when a command ran: its exit code and both streams, with the assertions a
//! test makes on them, each saying what was seen when it fails.

use std::process::Output;

/// What one person saw when a command ran: its exit code and what it printed.
pub struct Seen {
    pub command: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Seen {
    /// What `command` (as a person would type it) gave.
    pub fn of(command: &str, out: &Output) -> Seen {
        Seen {
            command: command.to_string(),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Both streams, as a person at a terminal reads them.
    pub fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn exit(&self, code: i32) -> &Seen {
        assert_eq!(self.code, Some(code), "{self}");
        self
    }

    /// Asserts that the person was told `what` (on either stream).
    #[track_caller]
    pub fn says(&self, what: &str) -> &Seen {
        assert!(self.text().contains(what), "expected {what:?} in {self}");
        self
    }

    /// The lines the fix of the first finding with `code` asks to paste, exactly as printed: the
    /// lines indented under its `fix:` line.
    #[track_caller]
    pub fn snippet(&self, code: &str) -> String {
        let text = self.text();
        let mut lines = text
            .lines()
            .skip_while(|l| !l.contains(&format!("[{code}]: ")))
            .skip_while(|l| !l.starts_with("  fix: "));
        assert!(
            lines.next().is_some(),
            "no {code} finding with a fix in {self}"
        );
        let snippet: Vec<&str> = lines.take_while(|l| l.starts_with("    ")).collect();
        assert!(
            !snippet.is_empty(),
            "the {code} fix has no lines to paste in {self}"
        );
        snippet.iter().map(|l| format!("{l}\n")).collect()
    }

    /// The lines that report findings (`error[…]`, `warning[…]`, `note[…]`, each with its
    /// `  fix:` line), with `file` (the file as the command named it) written `FILE`: what a
    /// partner and a coordinator see of one file, to compare.
    pub fn findings_of(&self, file: &str) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| {
                ["error[", "warning[", "note[", "  fix: "]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .map(|l| l.replace(file, "FILE"))
            .collect()
    }

    /// Asserts that `what` was said on stderr, where errors, findings and progress go.
    #[track_caller]
    pub fn warns(&self, what: &str) -> &Seen {
        assert!(
            self.stderr.contains(what),
            "expected {what:?} on stderr in {self}"
        );
        self
    }

    /// Asserts that the person was told `what` as a line of its own.
    #[track_caller]
    pub fn says_line(&self, what: &str) -> &Seen {
        assert!(
            self.text().lines().any(|l| l == what),
            "expected the line {what:?} in {self}"
        );
        self
    }

    /// Asserts that the person was not told `what`.
    #[track_caller]
    pub fn never_says(&self, what: &str) -> &Seen {
        assert!(
            !self.text().contains(what),
            "did not expect {what:?} in {self}"
        );
        self
    }
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` exited {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.command, self.code, self.stdout, self.stderr
        )
    }
}
