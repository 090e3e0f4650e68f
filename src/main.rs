use std::process::ExitCode;

/// Startup allocations come from a bump arena: see `pathway::arena`.
#[global_allocator]
static ALLOCATOR: pathway::arena::Arena = pathway::arena::Arena::new();

fn main() -> ExitCode {
    match pathway::run(std::env::args_os()) {
        Ok(code) => ExitCode::from(code),
        Err(error) if pathway::error::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pathway: {error:#}");
            ExitCode::from(pathway::error::exit_code(&error))
        }
    }
}
