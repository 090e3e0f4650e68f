use std::process::ExitCode;

/// The main thread's first few megabytes come from a bump arena: see `pathway::arena`.
#[global_allocator]
static ALLOCATOR: pathway::arena::Arena = pathway::arena::Arena::new();

fn main() -> ExitCode {
    // Before anything allocates: from here on, this thread is the one the arena serves.
    ALLOCATOR.claim();
    match run() {
        Ok(code) => ExitCode::from(code),
        Err(error) if pathway::error::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pathway: {error:#}");
            ExitCode::from(pathway::error::exit_code(&error))
        }
    }
}

/// `pathway::run`, with the argument parser's memory reused by the command: clap builds and
/// drops about 130 KB of its own, in blocks of other sizes than a command's (see
/// `pathway::arena`).
fn run() -> anyhow::Result<u8> {
    let mark = ALLOCATOR.mark();
    let cli = match pathway::parse(std::env::args_os())? {
        Ok(cli) => cli,
        Err(code) => return Ok(code),
    };
    // The parsed arguments move out of the arena; then none of the parser's blocks is in use.
    let kept = ALLOCATOR.outside(|| cli.clone());
    drop(cli);
    if let Some(mark) = mark {
        ALLOCATOR.release(mark);
    }
    pathway::execute(kept)
}
