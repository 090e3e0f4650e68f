//! Errors callers must tell apart: invalid input (exit 2) and interruption (exit 130).
//! Everything else is an `anyhow::Error` and exits 1.

use std::fmt;

/// Bad input from the user: a mistyped id, a missing rating, a broken file. Exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub message: String,
    /// How to fix it, shown on its own line.
    pub hint: Option<String>,
}

impl Invalid {
    pub fn new(message: impl Into<String>) -> Invalid {
        Invalid {
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Invalid {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// The user pressed Ctrl-C at a prompt. Exit code 130.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interrupted {
    /// What was kept, e.g. "your answers so far are saved in …".
    pub message: String,
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "interrupted; {}", self.message)
    }
}

impl std::error::Error for Interrupted {}

/// Process exit codes, as documented in the README.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const INVALID: u8 = 2;
    pub const INTERRUPTED: u8 = 130;
}

/// The exit code for an error: 2 for invalid input, 130 for an interruption, else 1.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if cause.is::<Invalid>() {
            return exit::INVALID;
        }
        if cause.is::<Interrupted>() {
            return exit::INTERRUPTED;
        }
    }
    exit::FAILURE
}

/// Whether the error is only a closed pipe (`pathway roles | head -1`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
