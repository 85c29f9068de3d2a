//! How long each field of an order may be, and how large a file the administrator names may be:
//! the one place the wizard's input, the validation, the import and the file readers take them from.
//!
//! The figures follow what carriers' port-in forms and the industry's local service request (LSR)
//! take, rounded up so that no real value is refused: names and address lines as carriers print them
//! on a Customer Service Record, account numbers and PINs as their systems issue them, an email
//! address as RFC 5321 allows (254 characters), a path as Linux allows (4,096 bytes).

use super::order::OrderFields;
use super::validate::Field;
use std::borrow::Cow;

/// The largest numbers list or CSV read (`check-numbers`, the wizard's CSV import): far above the
/// 999 numbers an order holds, with room for other columns.
pub const MAX_NUMBERS_FILE_BYTES: u64 = 5 << 20;

/// The longest line (or CSV record) of a list that `check-numbers` reads as a stream: a number is
/// 10 to 20 characters, so a line this long holds tens of thousands of them, separated by commas.
pub const MAX_LIST_LINE_BYTES: usize = 1 << 20;

/// The largest carrier network file read (`--carriers`): the sample is 10 KB; a network of a
/// million numbers is about 40 MiB.
pub const MAX_CARRIER_FILE_BYTES: u64 = 64 << 20;

/// The most characters a path to a file takes (the signed LOA, a numbers CSV), as Linux allows.
pub const PATH: usize = 4_096;

/// The most characters `field` takes, or `None` for a field that is not typed (a choice, a group).
pub fn max_chars(field: Field) -> Option<usize> {
    Some(match field {
        // One order holds 999 numbers, but a pasted list may hold several carriers' groups that
        // become drafts of their own: room for about 50,000 numbers in any usual form.
        Field::Numbers => 1_000_000,
        Field::LoaPath => PATH,
        // "+1 (212) 736-5000 ext. 1234" is 27; carriers take numbers, not notes.
        Field::Btn | Field::ReplacementBtn | Field::ContactPhone => 30,
        // Carriers print up to 60 (some cut at 25, which the validation warns about).
        Field::OrganizationName => 60,
        // Carrier account numbers run to 20 characters; room for the spaces and dashes of a bill.
        Field::AccountNumber => 32,
        // Carrier PINs have 4 to 15 digits.
        Field::AccountPin => 15,
        Field::AuthorizedFirstName | Field::AuthorizedLastName => 40,
        Field::Street => 80,
        Field::Suite => 30,
        Field::City => 40,
        // A two-letter code, or the state's or province's name, which becomes its code
        // ("Newfoundland and Labrador" is 25); room for stray spaces.
        Field::Region => 30,
        // "12345-6789" or "A1A 1A1", with room for stray spaces.
        Field::PostalCode => 12,
        // YYYY-MM-DD and HH:MM, with room for stray spaces.
        Field::LoaSignedOn | Field::PortDate => 12,
        Field::PortTime => 8,
        Field::OrderName => 80,
        Field::ContactName => 60,
        Field::ContactEmail => 254,
        // At most 10 addresses of 254 characters, with "; " between them.
        Field::NotificationEmails => 2_560,
        Field::Country
        | Field::Group
        | Field::Usage
        | Field::PortType
        | Field::CurrentProvider
        | Field::ServiceCountry => return None,
    })
}

/// The text the administrator types into `field`, or `None` for a field that is not typed.
pub fn field_text(fields: &OrderFields, field: Field) -> Option<&str> {
    let text = super::fields::spec(field).text.as_ref()?;
    Some((text.get)(fields))
}

/// Whether `text` has more than `max` characters; looks at no more than `max + 1` of them, so a
/// huge value costs no more than a short one.
pub fn exceeds(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().nth(max).is_some()
}

/// `text` cut to `max` characters, ending in `…` when cut: how a value over its limit is shown, so
/// that showing it never costs more than the limit.
pub fn clipped(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// The validation's message for a field over its limit; it never repeats the value (it may be secret).
pub fn over_limit(fields: &OrderFields, field: Field) -> Option<String> {
    let max = max_chars(field)?;
    exceeds(field_text(fields, field)?, max)
        .then(|| format!("longer than {max} characters, the most carrier forms take: shorten it"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::FIELDS;
    use crate::domain::order::Secret;

    #[test]
    fn every_typed_field_has_a_limit_and_its_text() {
        for field in FIELDS.iter().map(|s| s.field) {
            assert_eq!(
                max_chars(field).is_some(),
                field_text(&OrderFields::default(), field).is_some(),
                "{field:?}"
            );
        }
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(!exceeds("ééé", 3));
        assert!(exceeds("éééé", 3));
        assert!(!exceeds("", 0));
        assert!(exceeds("a", 0));
    }

    #[test]
    fn values_over_a_limit_are_shown_clipped() {
        assert_eq!(clipped("abc", 3), "abc");
        assert_eq!(clipped("abcd", 3), "abc…");
        assert_eq!(clipped(&"é".repeat(9_000_000), 2), "éé…");
    }

    #[test]
    fn the_message_names_the_limit_and_never_the_value() {
        let mut fields = OrderFields {
            organization_name: "x".repeat(60),
            ..Default::default()
        };
        assert_eq!(over_limit(&fields, Field::OrganizationName), None);
        fields.organization_name.push('y');
        let message = over_limit(&fields, Field::OrganizationName).unwrap();
        assert_eq!(
            message,
            "longer than 60 characters, the most carrier forms take: shorten it"
        );
        fields.account_pin = Secret::new("1234567890123456");
        let message = over_limit(&fields, Field::AccountPin).unwrap();
        assert!(message.contains("15 characters") && !message.contains("123456"));
    }
}
