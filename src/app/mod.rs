//! The reader's state machine, free of terminals and I/O.
//!
//! Input becomes [`Action`]s ([`input`] through the [`keymap`]); [`update`]
//! is the only code that changes the [`State`], and returns the side
//! effects it wants ([`Effect`]) for the caller to carry out. Drawing
//! (`crate::ui`) only reads the state. Tests drive the reader by calling
//! `update` with actions and looking at the state.

pub mod action;
pub mod effect;
pub mod filter;
pub mod find;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod links;
pub mod marks;
pub mod preview;
pub mod problems;
pub mod search;
pub mod settings;
pub mod state;
pub mod sync;
pub mod update;

#[cfg(test)]
mod tests;

pub use action::{Action, Command};
pub use effect::Effect;
pub use state::State;
pub use update::update;
