//! Questions put to a person, behind a trait: dialoguer on a terminal, a scripted fake in tests.
//!
//! Ctrl-C at any prompt surfaces as [`PromptError::Interrupted`]; the caller knows what was kept
//! (the draft) and turns it into [`crate::error::Interrupted`], which exits 130.

use std::collections::VecDeque;

/// Whether standard input is a terminal, asked of the descriptor itself: the first call to
/// `std::io::stdin()` sets up its 8 KB read buffer, which a run that never reads stdin need not.
pub fn stdin_is_terminal() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: isatty only inspects the descriptor; a closed one gives 0 (not a terminal).
        unsafe { libc::isatty(libc::STDIN_FILENO) == 1 }
    }
    #[cfg(not(unix))]
    {
        use std::io::IsTerminal;
        std::io::stdin().is_terminal()
    }
}

/// Why a prompt did not produce an answer.
#[derive(Debug)]
pub enum PromptError {
    /// The person pressed Ctrl-C.
    Interrupted,
    /// The terminal failed (or, in tests, the script did not match the questions).
    Failed(anyhow::Error),
}

impl std::fmt::Display for PromptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PromptError::Interrupted => f.write_str("interrupted"),
            PromptError::Failed(error) => write!(f, "{error:#}"),
        }
    }
}

pub type PromptResult<T> = Result<T, PromptError>;

pub trait Prompter {
    /// Text shown before a question: where the person is, what is asked.
    fn show(&mut self, text: &str);
    /// One item from a short list; `default` is highlighted first. An item may read
    /// `label - description`; once chosen, the terminal echoes the label.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> PromptResult<usize>;
    /// One item from a long list, narrowed by typing.
    fn fuzzy_select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> PromptResult<usize>;
    /// A line of text; Enter keeps `default`.
    fn input(&mut self, prompt: &str, default: &str) -> PromptResult<String>;
    /// An optional line of text; Enter alone skips it.
    fn note(&mut self, prompt: &str) -> PromptResult<Option<String>>;
    fn confirm(&mut self, prompt: &str, default: bool) -> PromptResult<bool>;
    /// Columns available for text shown with [`Prompter::show`].
    fn width(&self) -> usize {
        100
    }
}

pub use terminal::TerminalPrompter;

mod terminal {
    use super::{PromptError, PromptResult, Prompter};
    use dialoguer::console::Term;
    use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
    use dialoguer::{Confirm, FuzzySelect, Input, Select};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Set by the Ctrl-C handler; checked before every prompt.
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);
    /// Whether a prompter is alive: only then does Ctrl-C wait for the prompt to handle it.
    static PROMPTING: AtomicBool = AtomicBool::new(false);

    /// dialoguer prompts on stderr.
    pub struct TerminalPrompter {
        term: Term,
        theme: Box<dyn Theme>,
        #[cfg(unix)]
        _keys: Option<tty::CtrlCAsKey>,
    }

    impl TerminalPrompter {
        /// `color`: whether stderr may be coloured (the caller decides: `--color`, `NO_COLOR`...).
        pub fn new(color: bool) -> TerminalPrompter {
            // console reads Ctrl-C as a key and then raises SIGINT on itself; without a handler
            // that signal would kill the process before the draft message is printed.
            // Once the questions are over, Ctrl-C ends the run as usual (130).
            PROMPTING.store(true, Ordering::SeqCst);
            let _ = ctrlc::set_handler(|| {
                if PROMPTING.load(Ordering::SeqCst) {
                    INTERRUPTED.store(true, Ordering::SeqCst);
                } else {
                    std::process::exit(i32::from(crate::error::exit::INTERRUPTED));
                }
            });
            let theme: Box<dyn Theme> = if color {
                Box::new(ColorfulTheme::default())
            } else {
                Box::new(SimpleTheme)
            };
            TerminalPrompter {
                term: Term::stderr(),
                theme,
                #[cfg(unix)]
                _keys: tty::CtrlCAsKey::enable(),
            }
        }

        fn before_prompt(&self) -> PromptResult<()> {
            if INTERRUPTED.load(Ordering::SeqCst) {
                self.restore();
                return Err(PromptError::Interrupted);
            }
            Ok(())
        }

        fn after_prompt<T>(&self, result: dialoguer::Result<T>) -> PromptResult<T> {
            match result {
                Ok(value) => Ok(value),
                Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
                    self.restore();
                    Err(PromptError::Interrupted)
                }
                Err(e) => {
                    self.restore();
                    Err(PromptError::Failed(
                        anyhow::Error::new(e).context("prompt failed"),
                    ))
                }
            }
        }

        /// Select and fuzzy-select hide the cursor and leave it hidden when a key read fails.
        fn restore(&self) {
            let _ = self.term.show_cursor();
            let _ = self.term.write_line("");
        }

        /// Items that fit the terminal: a line wider than the screen breaks dialoguer's
        /// redraw. Up to two lines an item when the screen is tall enough for all of them.
        fn fit(&self, items: &[String], lines: usize) -> Vec<String> {
            let room = self.width().saturating_sub(4).max(20);
            let rows = usize::from(self.term.size().0);
            let lines = if rows >= items.len() * lines + 4 {
                lines
            } else {
                1
            };
            items
                .iter()
                .map(|item| fit_item(item, room, lines))
                .collect()
        }
    }

    /// Word-wraps `text` into at most `lines` lines of at most `room` bytes (dialoguer measures
    /// items in bytes), continuation lines indented; what does not fit ends in "...".
    fn fit_item(text: &str, room: usize, lines: usize) -> String {
        const INDENT: &str = "    ";
        let mut out: Vec<String> = vec![String::new()];
        let mut cut = false;
        for word in text.split_whitespace() {
            let width = if out.len() == 1 {
                room
            } else {
                room - INDENT.len()
            };
            let count = out.len();
            let line = out.last_mut().expect("one line");
            if line.is_empty() || line.len() + 1 + word.len() <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            } else if count < lines {
                out.push(word.to_string());
            } else {
                cut = true;
                break;
            }
        }
        let last_room = if out.len() == 1 {
            room
        } else {
            room - INDENT.len()
        };
        let last = out.last_mut().expect("one line");
        if cut || last.len() > last_room {
            let mut end = last.len().min(last_room.saturating_sub(3));
            while !last.is_char_boundary(end) {
                end -= 1;
            }
            last.truncate(end);
            let trimmed = last.trim_end().len();
            last.truncate(trimmed);
            last.push_str("...");
        }
        out.join(&format!("\n{INDENT}"))
    }

    impl Drop for TerminalPrompter {
        fn drop(&mut self) {
            PROMPTING.store(false, Ordering::SeqCst);
            let _ = self.term.show_cursor();
        }
    }

    impl Prompter for TerminalPrompter {
        fn show(&mut self, text: &str) {
            let _ = self.term.write_str(text);
            let _ = self.term.flush();
        }

        fn select(
            &mut self,
            prompt: &str,
            items: &[String],
            default: usize,
        ) -> PromptResult<usize> {
            self.before_prompt()?;
            let result = Select::with_theme(&*self.theme)
                .with_prompt(prompt)
                .items(self.fit(items, 2))
                .default(default.min(items.len().saturating_sub(1)))
                .report(false)
                .interact_on(&self.term);
            let choice = self.after_prompt(result)?;
            // Echo the label alone: a wrapped description would not fit after the prompt.
            let label = items[choice].split(" - ").next().unwrap_or_default();
            let mut line = String::new();
            if self
                .theme
                .format_select_prompt_selection(&mut line, prompt, label)
                .is_ok()
            {
                let _ = self.term.write_line(&line);
            }
            Ok(choice)
        }

        fn fuzzy_select(
            &mut self,
            prompt: &str,
            items: &[String],
            default: usize,
        ) -> PromptResult<usize> {
            self.before_prompt()?;
            let result = FuzzySelect::with_theme(&*self.theme)
                .with_prompt(prompt)
                .items(self.fit(items, 1))
                .default(default.min(items.len().saturating_sub(1)))
                .max_length(10)
                .interact_on(&self.term);
            self.after_prompt(result)
        }

        fn input(&mut self, prompt: &str, default: &str) -> PromptResult<String> {
            self.before_prompt()?;
            let result = Input::<String>::with_theme(&*self.theme)
                .with_prompt(prompt)
                .default(default.to_string())
                .interact_text_on(&self.term);
            self.after_prompt(result)
                .map(|text| text.trim().to_string())
        }

        fn note(&mut self, prompt: &str) -> PromptResult<Option<String>> {
            self.before_prompt()?;
            let result = Input::<String>::with_theme(&*self.theme)
                .with_prompt(prompt)
                .allow_empty(true)
                .interact_text_on(&self.term);
            self.after_prompt(result).map(|text| {
                let text = text.trim();
                (!text.is_empty()).then(|| text.to_string())
            })
        }

        fn confirm(&mut self, prompt: &str, default: bool) -> PromptResult<bool> {
            self.before_prompt()?;
            let result = Confirm::with_theme(&*self.theme)
                .with_prompt(prompt)
                .default(default)
                .interact_on(&self.term);
            self.after_prompt(result)
        }

        fn width(&self) -> usize {
            usize::from(self.term.size().1).max(40)
        }
    }

    #[cfg(unix)]
    mod tty {
        /// Turns off the terminal's signal keys while prompts run, so Ctrl-C always arrives as
        /// a key that console turns into an error at the prompt. With the signal on, a Ctrl-C
        /// landing between two key reads would only set a flag while the next read blocks.
        /// The original settings come back on drop (Ctrl-Z and Ctrl-\ are off meanwhile too).
        pub struct CtrlCAsKey {
            fd: libc::c_int,
            original: libc::termios,
        }

        impl CtrlCAsKey {
            pub fn enable() -> Option<CtrlCAsKey> {
                let fd = libc::STDIN_FILENO;
                // SAFETY: plain termios calls on stdin with a zero-initialised struct that
                // tcgetattr fills in; nothing is kept beyond this struct.
                unsafe {
                    if libc::isatty(fd) != 1 {
                        return None;
                    }
                    let mut settings: libc::termios = std::mem::zeroed();
                    if libc::tcgetattr(fd, &mut settings) != 0 {
                        return None;
                    }
                    let original = settings;
                    settings.c_lflag &= !libc::ISIG;
                    if libc::tcsetattr(fd, libc::TCSANOW, &settings) != 0 {
                        return None;
                    }
                    Some(CtrlCAsKey { fd, original })
                }
            }
        }

        impl Drop for CtrlCAsKey {
            fn drop(&mut self) {
                // SAFETY: restores the settings read in `enable` on the same descriptor.
                unsafe {
                    libc::tcsetattr(self.fd, libc::TCSANOW, &self.original);
                }
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::fit_item;

        #[test]
        fn long_items_wrap_then_are_cut_on_a_char_boundary() {
            let item = "3 Proficient - Traces incidents to systemic causes – across network, \
                        configuration, code and scale, and proposes fixes that stop recurrence";
            let one = fit_item(item, 50, 1);
            assert!(
                one.len() <= 50 && one.ends_with("...") && !one.contains('\n'),
                "{one}"
            );
            let two = fit_item(item, 50, 2);
            let lines: Vec<&str> = two.lines().collect();
            assert_eq!(lines.len(), 2, "{two}");
            assert!(lines.iter().all(|l| l.len() <= 50), "{two}");
            assert!(
                lines[1].starts_with("    ") && lines[1].ends_with("..."),
                "{two}"
            );
            assert_eq!(fit_item("short item", 50, 2), "short item");
            let long_word = fit_item(&"x".repeat(80), 50, 1);
            assert!(
                long_word.len() <= 50 && long_word.ends_with("..."),
                "{long_word}"
            );
        }
    }
}

/// One scripted answer for [`ScriptedPrompter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Select the first item that starts with this text.
    Pick(String),
    /// Accept the default (Enter): the highlighted item, the default text, no note.
    Enter,
    /// Type this text (input or note).
    Text(String),
    Yes,
    No,
    /// Press Ctrl-C.
    Interrupt,
}

impl Answer {
    pub fn pick(prefix: &str) -> Answer {
        Answer::Pick(prefix.to_string())
    }

    pub fn text(text: &str) -> Answer {
        Answer::Text(text.to_string())
    }
}

/// Answers prompts from a script and records everything shown, for unit tests of whole flows.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    answers: VecDeque<Answer>,
    /// Everything shown and asked, in order: `show` text as is, prompts as `? prompt`, and
    /// select items as `  - item`.
    pub transcript: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> ScriptedPrompter {
        ScriptedPrompter {
            answers: answers.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    /// Answers not used yet.
    pub fn remaining(&self) -> usize {
        self.answers.len()
    }

    pub fn text(&self) -> String {
        self.transcript.join("\n")
    }

    /// The prompts asked, in order.
    pub fn prompts(&self) -> Vec<&str> {
        self.transcript
            .iter()
            .filter_map(|line| line.strip_prefix("? "))
            .collect()
    }

    fn next(&mut self, prompt: &str) -> PromptResult<Answer> {
        self.transcript.push(format!("? {prompt}"));
        match self.answers.pop_front() {
            Some(Answer::Interrupt) => Err(PromptError::Interrupted),
            Some(answer) => Ok(answer),
            None => Err(PromptError::Failed(anyhow::anyhow!(
                "the script ran out of answers at `{prompt}`"
            ))),
        }
    }

    fn choose(&mut self, prompt: &str, items: &[String], default: usize) -> PromptResult<usize> {
        let answer = self.next(prompt)?;
        self.transcript
            .extend(items.iter().map(|item| format!("  - {item}")));
        match answer {
            Answer::Enter => Ok(default),
            Answer::Pick(prefix) => items
                .iter()
                .position(|item| item.starts_with(&prefix))
                .ok_or_else(|| {
                    PromptError::Failed(anyhow::anyhow!(
                        "no item starts with `{prefix}` at `{prompt}`: {items:?}"
                    ))
                }),
            other => Err(mismatch(prompt, "a pick", &other)),
        }
    }
}

fn mismatch(prompt: &str, wanted: &str, got: &Answer) -> PromptError {
    PromptError::Failed(anyhow::anyhow!(
        "`{prompt}` wants {wanted}, the script has {got:?}"
    ))
}

impl Prompter for ScriptedPrompter {
    fn show(&mut self, text: &str) {
        self.transcript.push(text.trim_end().to_string());
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> PromptResult<usize> {
        self.choose(prompt, items, default)
    }

    fn fuzzy_select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> PromptResult<usize> {
        self.choose(prompt, items, default)
    }

    fn input(&mut self, prompt: &str, default: &str) -> PromptResult<String> {
        match self.next(prompt)? {
            Answer::Enter => Ok(default.to_string()),
            Answer::Text(text) => Ok(text),
            other => Err(mismatch(prompt, "text", &other)),
        }
    }

    fn note(&mut self, prompt: &str) -> PromptResult<Option<String>> {
        match self.next(prompt)? {
            Answer::Enter => Ok(None),
            Answer::Text(text) if text.trim().is_empty() => Ok(None),
            Answer::Text(text) => Ok(Some(text)),
            other => Err(mismatch(prompt, "a note", &other)),
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> PromptResult<bool> {
        match self.next(prompt)? {
            Answer::Enter => Ok(default),
            Answer::Yes => Ok(true),
            Answer::No => Ok(false),
            other => Err(mismatch(prompt, "yes or no", &other)),
        }
    }
}
