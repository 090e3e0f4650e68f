use std::process::ExitCode;

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
