//! The registration of the wizard's companions: the records it shows beside its form, in the
//! order they are asked (the first that wants the column beside the fields has it).

use super::companion::Companion;

pub mod csr;

/// Every companion of a wizard just opened.
pub fn registered() -> Vec<Box<dyn Companion>> {
    vec![Box::new(csr::CsrView::default())]
}
