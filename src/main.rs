use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cp_screen::cli::Cli::parse();
    cp_screen::app::run(cli).into()
}
