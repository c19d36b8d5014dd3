//! The year as the people who run it meet it: a plan started with `init`, partners' files in each
//! format they send, translation, two yearly cycles and `publish`, played with the real binary
//! and real Typst. Each scenario plays a mistake a newcomer makes (or the year done right) and
//! asserts what each person sees: the partner's `check FILE`, each team's feedback, `status`, the
//! draft's notes, the translators' XLIFF, the reviewers' change summary, and the refusal of
//! `build --final` and `publish`.

mod world;

mod old_workbook;
mod partner_check;
mod pasted_fixes;
mod plan_messages;
mod published_text_edit;
mod readable_redline;
mod rejected_row;
mod retranslation;
mod small_things;
// Pastes suggestions into a POSIX shell.
#[cfg(unix)]
mod suggested_commands;
mod two_years;
mod unfinished_plan;
mod welsh_that_is_welsh;
mod where_welsh_was_due;
mod who_acts;
mod year_folders;
