use std::process::ExitCode;

fn main() -> ExitCode {
    cp_screen::app::run_args(std::env::args_os()).into()
}
