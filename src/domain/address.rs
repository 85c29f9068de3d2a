//! Service addresses (SPEC §3 step 5): state and province codes, ZIP and postal codes, no PO boxes.

use super::phone::Country;

const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
];

const CANADIAN_PROVINCES: &[&str] = &[
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// Checks a two-letter state or province code for the order's country.
pub fn check_region(country: Country, code: &str) -> Result<(), String> {
    let code = code.trim();
    let (list, what) = match country {
        Country::UnitedStates => (US_STATES, "state"),
        Country::Canada => (CANADIAN_PROVINCES, "province or territory"),
    };
    if code.is_empty() {
        return Err(format!(
            "enter the two-letter {what} code, e.g. {}",
            list[32.min(list.len() - 1)]
        ));
    }
    if list.contains(&code.to_ascii_uppercase().as_str()) {
        return Ok(());
    }
    let other = match country {
        Country::UnitedStates => CANADIAN_PROVINCES,
        Country::Canada => US_STATES,
    };
    if other.contains(&code.to_ascii_uppercase().as_str()) {
        return Err(format!(
            "{code} is not in {}; the service address must be in the order's country",
            country.name()
        ));
    }
    Err(format!(
        "{code:?} is not a {what} code of {}; use two letters, e.g. {}",
        country.name(),
        list[0]
    ))
}

/// Checks and normalizes a US ZIP code or a Canadian postal code.
pub fn normalize_postal_code(country: Country, text: &str) -> Result<String, String> {
    let t = text.trim();
    match country {
        Country::UnitedStates => {
            let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
            let valid = match t.split_once('-') {
                None => ok(t, 5),
                Some((zip, plus4)) => ok(zip, 5) && ok(plus4, 4),
            };
            if valid {
                Ok(t.to_string())
            } else if t.is_empty() {
                Err("enter the ZIP code: 5 digits, e.g. 10118, or ZIP+4, e.g. 10118-0110".into())
            } else {
                Err(format!(
                    "{t:?} is not a ZIP code; use 5 digits (12345) or ZIP+4 (12345-6789)"
                ))
            }
        }
        Country::Canada => {
            let compact: String = t
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_uppercase();
            let b = compact.as_bytes();
            let letter = |c: u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(&c);
            let valid = b.len() == 6
                && letter(b[0])
                && !b"WZ".contains(&b[0])
                && b[1].is_ascii_digit()
                && letter(b[2])
                && b[3].is_ascii_digit()
                && letter(b[4])
                && b[5].is_ascii_digit();
            if valid {
                Ok(format!("{} {}", &compact[..3], &compact[3..]))
            } else if t.is_empty() {
                Err("enter the postal code, e.g. M5X 1C7".into())
            } else {
                Err(format!(
                    "{t:?} is not a Canadian postal code; use the form A1A 1A1, e.g. M5X 1C7"
                ))
            }
        }
    }
}

/// True when the street line is a post-office box, which cannot be a service address.
pub fn is_po_box(street: &str) -> bool {
    let folded: String = street
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace())
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let joined = words.join(" ");
    joined.contains("po box")
        || joined.contains("p o box")
        || joined.contains("post office box")
        || joined.starts_with("box ")
            && words
                .get(1)
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
        || words.contains(&"pobox")
}

/// Folds an address line or a name for comparison: case, punctuation and spacing are ignored, and the
/// usual abbreviations (Street/St, Avenue/Ave, Suite/Ste, North/N, Fifth/5th …) count as the same word.
pub fn fold(text: &str) -> String {
    const SAME: &[(&str, &str)] = &[
        ("street", "st"),
        ("avenue", "ave"),
        ("av", "ave"),
        ("suite", "ste"),
        ("road", "rd"),
        ("drive", "dr"),
        ("boulevard", "blvd"),
        ("place", "pl"),
        ("lane", "ln"),
        ("court", "ct"),
        ("floor", "fl"),
        ("parkway", "pkwy"),
        ("highway", "hwy"),
        ("square", "sq"),
        ("terrace", "ter"),
        ("apartment", "apt"),
        ("building", "bldg"),
        ("room", "rm"),
        ("unit", "unit"),
        ("north", "n"),
        ("south", "s"),
        ("east", "e"),
        ("west", "w"),
        ("northeast", "ne"),
        ("northwest", "nw"),
        ("southeast", "se"),
        ("southwest", "sw"),
        ("first", "1st"),
        ("second", "2nd"),
        ("third", "3rd"),
        ("fourth", "4th"),
        ("fifth", "5th"),
        ("sixth", "6th"),
        ("seventh", "7th"),
        ("eighth", "8th"),
        ("ninth", "9th"),
        ("tenth", "10th"),
        ("limited", "ltd"),
        ("incorporated", "inc"),
        ("corporation", "corp"),
        ("company", "co"),
    ];
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(|w| {
            SAME.iter()
                .find(|(long, _)| *long == w)
                .map(|(_, short)| *short)
                .unwrap_or(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_regions_per_country() {
        assert!(check_region(Country::UnitedStates, "ny").is_ok());
        assert!(check_region(Country::Canada, "ON").is_ok());
        assert!(
            check_region(Country::UnitedStates, "ON")
                .unwrap_err()
                .contains("not in United States")
        );
        assert!(
            check_region(Country::Canada, "XX")
                .unwrap_err()
                .contains("not a province")
        );
        assert!(check_region(Country::UnitedStates, "").is_err());
    }

    #[test]
    fn checks_zip_and_postal_codes() {
        assert_eq!(
            normalize_postal_code(Country::UnitedStates, "10118"),
            Ok("10118".into())
        );
        assert_eq!(
            normalize_postal_code(Country::UnitedStates, "10118-0110"),
            Ok("10118-0110".into())
        );
        assert!(
            normalize_postal_code(Country::UnitedStates, "1234")
                .unwrap_err()
                .contains("5 digits")
        );
        assert!(normalize_postal_code(Country::UnitedStates, "1011a").is_err());
        assert_eq!(
            normalize_postal_code(Country::Canada, "m5x1c7"),
            Ok("M5X 1C7".into())
        );
        assert!(normalize_postal_code(Country::Canada, "D5X 1C7").is_err());
        assert!(normalize_postal_code(Country::Canada, "W5X 1C7").is_err());
        assert!(
            normalize_postal_code(Country::Canada, "12345")
                .unwrap_err()
                .contains("A1A 1A1")
        );
    }

    #[test]
    fn folding_forgives_case_punctuation_and_abbreviations() {
        assert_eq!(fold("350 Fifth Avenue"), fold("350 5th Ave."));
        assert_eq!(fold("Suite 4100"), fold("STE  4100"));
        assert_eq!(fold("100 King Street West"), fold("100 King St. W"));
        assert_eq!(fold("Contoso Ltd."), fold("contoso limited"));
        assert_ne!(fold("350 Fifth Avenue"), fold("350 Sixth Avenue"));
    }

    #[test]
    fn spots_po_boxes() {
        for s in [
            "PO Box 12",
            "P.O. Box 12",
            "post office box 9",
            "Box 44",
            "POBox 3",
        ] {
            assert!(is_po_box(s), "{s}");
        }
        for s in ["350 Fifth Avenue", "12 Boxwood Lane", "1 Box Hill Road"] {
            assert!(!is_po_box(s), "{s}");
        }
    }
}
