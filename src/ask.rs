//! The interactive questionnaire (to be written).
use crate::cli::AskArgs;
use crate::error::{Error, Exit, Result};
use crate::rules::RuleSet;

pub fn run(_rules: &RuleSet, _args: AskArgs) -> Result<Exit> {
    Err(Error::Usage("the questionnaire is not written yet".into()))
}
