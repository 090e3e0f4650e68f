use std::process::ExitCode;

/// The main thread's first few megabytes come from a bump arena: see `pathway::arena`.
#[global_allocator]
static ALLOCATOR: pathway::arena::Arena = pathway::arena::Arena::new();

fn main() -> ExitCode {
    // Before anything allocates: from here on, this thread is the one the arena serves.
    ALLOCATOR.claim();
    match pathway::run(std::env::args_os()) {
        Ok(code) => ExitCode::from(code),
        Err(error) if pathway::error::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pathway: {error:#}");
            ExitCode::from(pathway::error::exit_code(&error))
        }
    }
}
