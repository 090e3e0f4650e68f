//! Colour and width, decided once: `--color`, then `NO_COLOR`, then `TERM=dumb`, then whether
//! stdout is a terminal.

use crate::cli::ColorChoice;
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Columns available for tables and wrapped text.
    pub width: u16,
    /// Box-drawing characters; off for `TERM=dumb`.
    pub unicode: bool,
    /// stdout is a terminal: worth adding hints such as the next command to run.
    pub interactive: bool,
}

/// Tables fall back to this width when stdout is not a terminal and `COLUMNS` is unset.
const DEFAULT_WIDTH: u16 = 100;

impl Style {
    pub fn detect(choice: ColorChoice) -> Style {
        let term_dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let tty = std::io::stdout().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !term_dumb,
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
            .filter(|&w| w >= 40)
            .or_else(|| if tty { terminal_width() } else { None })
            .unwrap_or(DEFAULT_WIDTH);
        Style {
            color,
            width,
            unicode: !term_dumb,
            interactive: tty,
        }
    }

    /// A plain style for tests and files: no colour, fixed width.
    pub fn plain(width: u16) -> Style {
        Style {
            color: false,
            width,
            unicode: true,
            interactive: false,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    pub fn red(&self, text: &str) -> String {
        self.paint("31", text)
    }
    pub fn green(&self, text: &str) -> String {
        self.paint("32", text)
    }
    pub fn yellow(&self, text: &str) -> String {
        self.paint("33", text)
    }
    pub fn cyan(&self, text: &str) -> String {
        self.paint("36", text)
    }

    /// A dim hint line (e.g. the next command), only when a person is watching.
    pub fn hint(&self, text: &str) -> String {
        if self.interactive {
            format!("{}\n", self.dim(text))
        } else {
            String::new()
        }
    }

    /// A heading line: bold on a terminal, underlined with `=` in plain text.
    pub fn heading(&self, text: &str) -> String {
        if self.color {
            format!("{}\n", self.bold(text))
        } else {
            format!("{text}\n{}\n", "=".repeat(text.chars().count()))
        }
    }

    /// A section title inside a report.
    pub fn section(&self, text: &str) -> String {
        if self.color {
            format!("\n{}\n", self.bold(&self.cyan(text)))
        } else {
            format!("\n{text}\n{}\n", "-".repeat(text.chars().count()))
        }
    }
}

fn terminal_width() -> Option<u16> {
    comfy_table::Table::new().width()
}
