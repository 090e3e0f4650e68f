//! A small fluent harness around the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The date every test pins as "today" unless it says otherwise.
pub const TODAY: &str = "2026-11-21";

pub struct Pathway {
    home: tempfile::TempDir,
    today: String,
}

pub struct Run {
    pub output: Output,
}

// Some helpers serve test modules that arrive with later commands.
#[allow(dead_code)]
impl Pathway {
    pub fn new() -> Pathway {
        Pathway {
            home: tempfile::tempdir().expect("temp home"),
            today: TODAY.to_string(),
        }
    }

    pub fn today(mut self, date: &str) -> Pathway {
        self.today = date.to_string();
        self
    }

    /// The folder assessments are saved in (`PATHWAY_HOME`).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// A path inside the temporary home, for input files.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.home.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pathway"));
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("PATHWAY_HOME", self.home.path())
            .env("PATHWAY_TODAY", &self.today)
            .env("COLUMNS", "100")
            .env("USER", "tester")
            .env("HOME", self.home.path())
            .current_dir(self.home.path());
        command
    }

    /// Runs with no stdin (like CI) and returns the output.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[], None)
    }

    /// Runs with extra environment variables and, optionally, text on stdin.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
        let mut command = self.command(args);
        for (key, value) in env {
            command.env(key, value);
        }
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        command.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let mut child = command.spawn().expect("spawn pathway");
        if let Some(text) = stdin {
            use std::io::Write;
            let mut pipe = child.stdin.take().expect("stdin");
            // A command may exit before reading it all; that is its business, not a test failure.
            let _ = pipe.write_all(text.as_bytes());
        }
        Run {
            output: child.wait_with_output().expect("wait for pathway"),
        }
    }
}

#[allow(dead_code)]
impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8(self.output.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8(self.output.stderr.clone()).expect("stderr is UTF-8")
    }

    /// Asserts success and returns stdout.
    pub fn ok(&self) -> String {
        assert_eq!(
            self.code(),
            0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self.stdout()
    }

    /// Asserts the exit code and returns stderr.
    pub fn fails(&self, code: i32) -> String {
        assert_eq!(
            self.code(),
            code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self.stderr()
    }

    /// Parses stdout as JSON, asserting it is nothing else.
    pub fn json(&self) -> serde_json::Value {
        let text = self.ok();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{text}"))
    }
}

/// The repository's own folder (for `data/` and `examples/`).
#[allow(dead_code)]
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
