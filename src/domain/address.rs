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

/// The names of the states and provinces, as people write them instead of the code.
#[rustfmt::skip]
const REGION_NAMES: &[(&str, &str)] = &[
    ("alabama", "AL"), ("alaska", "AK"), ("arizona", "AZ"), ("arkansas", "AR"),
    ("california", "CA"), ("colorado", "CO"), ("connecticut", "CT"), ("delaware", "DE"),
    ("district of columbia", "DC"), ("florida", "FL"), ("georgia", "GA"), ("hawaii", "HI"),
    ("idaho", "ID"), ("illinois", "IL"), ("indiana", "IN"), ("iowa", "IA"), ("kansas", "KS"),
    ("kentucky", "KY"), ("louisiana", "LA"), ("maine", "ME"), ("maryland", "MD"),
    ("massachusetts", "MA"), ("michigan", "MI"), ("minnesota", "MN"), ("mississippi", "MS"),
    ("missouri", "MO"), ("montana", "MT"), ("nebraska", "NE"), ("nevada", "NV"),
    ("new hampshire", "NH"), ("new jersey", "NJ"), ("new mexico", "NM"), ("new york", "NY"),
    ("north carolina", "NC"), ("north dakota", "ND"), ("ohio", "OH"), ("oklahoma", "OK"),
    ("oregon", "OR"), ("pennsylvania", "PA"), ("rhode island", "RI"), ("south carolina", "SC"),
    ("south dakota", "SD"), ("tennessee", "TN"), ("texas", "TX"), ("utah", "UT"),
    ("vermont", "VT"), ("virginia", "VA"), ("washington", "WA"), ("west virginia", "WV"),
    ("wisconsin", "WI"), ("wyoming", "WY"), ("puerto rico", "PR"), ("guam", "GU"),
    ("alberta", "AB"), ("british columbia", "BC"), ("manitoba", "MB"), ("new brunswick", "NB"),
    ("newfoundland and labrador", "NL"), ("nova scotia", "NS"), ("northwest territories", "NT"),
    ("nunavut", "NU"), ("ontario", "ON"), ("prince edward island", "PE"), ("quebec", "QC"),
    ("québec", "QC"), ("saskatchewan", "SK"), ("yukon", "YT"),
];

/// The two-letter code of a state or province written as its code or its name ("New York" is NY),
/// or why it is not one of the order's country.
pub fn normalize_region(country: Country, text: &str) -> Result<String, String> {
    let words = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let code = REGION_NAMES
        .iter()
        .find(|(name, _)| *name == words)
        .map_or_else(
            || text.trim().to_ascii_uppercase(),
            |(_, code)| code.to_string(),
        );
    check_region(country, &code).map(|()| code)
}

/// The first three digits of the ZIP codes of each state (ranges as the USPS assigns them).
#[rustfmt::skip]
const ZIP_PREFIXES: &[(u16, u16, &str)] = &[
    (5, 5, "NY"), (6, 7, "PR"), (8, 8, "VI"), (9, 9, "PR"), (10, 27, "MA"), (28, 29, "RI"),
    (30, 38, "NH"), (39, 49, "ME"), (50, 54, "VT"), (55, 55, "MA"), (56, 59, "VT"),
    (60, 69, "CT"), (70, 89, "NJ"), (100, 149, "NY"), (150, 196, "PA"), (197, 199, "DE"),
    (200, 200, "DC"), (201, 201, "VA"), (202, 205, "DC"), (206, 219, "MD"), (220, 246, "VA"),
    (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"), (300, 319, "GA"), (320, 349, "FL"),
    (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"), (400, 427, "KY"),
    (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"), (500, 528, "IA"), (530, 549, "WI"),
    (550, 567, "MN"), (569, 569, "DC"), (570, 577, "SD"), (580, 588, "ND"), (590, 599, "MT"),
    (600, 629, "IL"), (630, 658, "MO"), (660, 679, "KS"), (680, 693, "NE"), (700, 714, "LA"),
    (716, 729, "AR"), (730, 732, "OK"), (733, 733, "TX"), (734, 749, "OK"), (750, 799, "TX"),
    (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"), (840, 847, "UT"), (850, 865, "AZ"),
    (870, 884, "NM"), (885, 885, "TX"), (889, 898, "NV"), (900, 961, "CA"), (967, 968, "HI"),
    (969, 969, "GU"), (970, 979, "OR"), (980, 994, "WA"), (995, 999, "AK"),
];

/// The first letter of the postal codes of each province.
const POSTAL_LETTERS: &[(char, &[&str])] = &[
    ('A', &["NL"]),
    ('B', &["NS"]),
    ('C', &["PE"]),
    ('E', &["NB"]),
    ('G', &["QC"]),
    ('H', &["QC"]),
    ('J', &["QC"]),
    ('K', &["ON"]),
    ('L', &["ON"]),
    ('M', &["ON"]),
    ('N', &["ON"]),
    ('P', &["ON"]),
    ('R', &["MB"]),
    ('S', &["SK"]),
    ('T', &["AB"]),
    ('V', &["BC"]),
    ('X', &["NT", "NU"]),
    ('Y', &["YT"]),
];

/// Why a valid ZIP or postal code cannot be in the region given (10118 is New York's, not
/// California's); nothing when it can, or when the table does not know the code.
pub fn postal_code_outside_region(country: Country, postal: &str, region: &str) -> Option<String> {
    let postal = normalize_postal_code(country, postal).ok()?;
    let region = normalize_region(country, region).ok()?;
    let belongs: Vec<&str> = match country {
        Country::UnitedStates => {
            let prefix: u16 = postal.get(..3)?.parse().ok()?;
            (ZIP_PREFIXES.iter())
                .filter(|(lo, hi, _)| (*lo..=*hi).contains(&prefix))
                .map(|(_, _, state)| *state)
                .collect()
        }
        Country::Canada => {
            let first = postal.chars().next()?;
            (POSTAL_LETTERS.iter())
                .find(|(letter, _)| *letter == first)
                .map(|(_, provinces)| provinces.to_vec())?
        }
    };
    (!belongs.is_empty() && !belongs.contains(&region.as_str())).then(|| {
        format!(
            "{postal} is a postal code of {}, not {region}: check the {} and the code",
            belongs.join(" or "),
            match country {
                Country::UnitedStates => "state",
                Country::Canada => "province",
            }
        )
    })
}

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
    fn a_state_written_out_is_understood_as_its_code() {
        assert_eq!(
            normalize_region(Country::UnitedStates, " New  York ").unwrap(),
            "NY"
        );
        assert_eq!(normalize_region(Country::UnitedStates, "ny").unwrap(), "NY");
        assert_eq!(normalize_region(Country::Canada, "Ontario").unwrap(), "ON");
        assert!(
            normalize_region(Country::UnitedStates, "Ontario")
                .unwrap_err()
                .contains("not in United States")
        );
    }

    #[test]
    fn a_zip_of_another_state_is_caught() {
        let us = Country::UnitedStates;
        let outside = postal_code_outside_region(us, "10118", "CA").unwrap();
        assert!(
            outside.starts_with("10118 is a postal code of NY, not CA"),
            "{outside}"
        );
        assert_eq!(postal_code_outside_region(us, "10118", "New York"), None);
        assert_eq!(postal_code_outside_region(us, "94105", "CA"), None);
        assert_eq!(postal_code_outside_region(us, "60606", "IL"), None);
        assert_eq!(postal_code_outside_region(us, "02110", "MA"), None);
        assert_eq!(postal_code_outside_region(us, "98101", "WA"), None);
        let ca = Country::Canada;
        assert_eq!(postal_code_outside_region(ca, "M5X 1C7", "ON"), None);
        assert!(postal_code_outside_region(ca, "M5X 1C7", "QC").is_some());
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
