//! Phone numbers of the North American Numbering Plan: parsing what an administrator types, pastes or
//! imports, and the validity rules of SPEC §2, each refusal saying which rule and how to fix it.

use super::numbers_seen::NumbersSeen;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The countries a port order can be for; every number of an order belongs to one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    #[serde(rename = "US")]
    UnitedStates,
    #[serde(rename = "CA")]
    Canada,
}

impl Country {
    pub const ALL: [Country; 2] = [Country::UnitedStates, Country::Canada];

    pub fn name(self) -> &'static str {
        match self {
            Country::UnitedStates => "United States",
            Country::Canada => "Canada",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Country::UnitedStates => "US",
            Country::Canada => "CA",
        }
    }
}

/// What kind of number the digits say it is; mobile is learned from the carrier, not the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberType {
    Geographic,
    TollFree,
}

impl NumberType {
    pub fn label(self) -> &'static str {
        match self {
            NumberType::Geographic => "geographic",
            NumberType::TollFree => "toll-free",
        }
    }
}

/// A valid NANP number, always E.164 text (`+1NPANXXXXXX`), never an integer. Those are always
/// twelve ASCII bytes, kept in place: the order index holds hundreds of thousands of numbers, and
/// one allocation each was most of the cost of reading it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber([u8; E164_LEN]);

const E164_LEN: usize = 12;

impl PhoneNumber {
    pub fn e164(&self) -> &str {
        std::str::from_utf8(&self.0).expect("an E.164 number is ASCII")
    }

    pub fn area_code(&self) -> &str {
        &self.e164()[2..5]
    }

    pub fn number_type(&self) -> NumberType {
        if is_toll_free(&self.0[2..5]) {
            NumberType::TollFree
        } else {
            NumberType::Geographic
        }
    }

    /// `(212) 736-5000`, the form administrators read on bills.
    pub fn national(&self) -> String {
        let d = &self.e164()[2..];
        format!("({}) {}-{}", &d[0..3], &d[3..6], &d[6..10])
    }

    /// Parses one entry in any accepted form and checks the NANP rules (not the country).
    pub fn parse(entry: &str) -> Result<PhoneNumber, NumberError> {
        let digits = digits_of(entry)?;
        let national = match digits.count {
            10 => &digits.first[..10],
            11 if digits.first[0] == b'1' => &digits.first[1..],
            11 => return Err(NumberError::ElevenDigitsNotOne),
            n if n < 10 => return Err(NumberError::TooFewDigits(n)),
            n => return Err(NumberError::TooManyDigits(n)),
        };
        check_nanp(national)?;
        Ok(PhoneNumber::of_checked_national(national))
    }

    /// From ten NANP digits that passed `check_nanp`.
    fn of_checked_national(national: &[u8]) -> PhoneNumber {
        let mut bytes = [0u8; E164_LEN];
        bytes[..2].copy_from_slice(b"+1");
        bytes[2..].copy_from_slice(national);
        PhoneNumber(bytes)
    }

    /// A number as it is stored (already E.164) is checked as it is, without a copy; any other
    /// form is parsed.
    fn from_stored(value: &str) -> Result<PhoneNumber, NumberError> {
        let national = value
            .strip_prefix("+1")
            .filter(|rest| rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()));
        match national {
            Some(national) => {
                check_nanp(national.as_bytes())?;
                Ok(PhoneNumber::of_checked_national(national.as_bytes()))
            }
            None => PhoneNumber::parse(value),
        }
    }

    /// The ten national digits as one integer: what a set of numbers seen keeps, and the order
    /// index stores.
    pub fn national_number(&self) -> u64 {
        self.0[2..]
            .iter()
            .fold(0u64, |n, digit| n * 10 + u64::from(digit - b'0'))
    }

    /// Checks that the number may be ported in an order for one of the two countries: a toll-free
    /// number, or an area code of the United States or Canada (not of another +1 country).
    pub fn check_portable(&self) -> Result<(), NumberError> {
        let npa = &self.0[2..5];
        if self.number_type() == NumberType::Geographic && area_kind(npa) == AreaKind::OtherCountry
        {
            return Err(NumberError::OtherNanpCountry(self.area_code().to_string()));
        }
        Ok(())
    }

    /// Checks that the number may be ported in an order for `country`.
    pub fn check_country(&self, country: Country) -> Result<(), NumberError> {
        if self.number_type() == NumberType::TollFree {
            return Ok(());
        }
        self.check_portable()?;
        let npa = self.area_code();
        let canadian = area_kind(npa.as_bytes()) == AreaKind::Canada;
        match (country, canadian) {
            (Country::Canada, false) | (Country::UnitedStates, true) => {
                Err(NumberError::NotInCountry {
                    npa: npa.to_string(),
                    country,
                })
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.e164()).finish()
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.e164())
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = NumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneNumber::from_stored(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> String {
        value.e164().to_string()
    }
}

/// As text (`+12127365001`) in a human-readable form such as an order file; in a compact binary
/// one (the order index) as the ten national digits in one integer, which is read without text.
impl Serialize for PhoneNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(self.e164())
        } else {
            serializer.serialize_u64(self.national_number())
        }
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct E164;
        impl serde::de::Visitor<'_> for E164 {
            type Value = PhoneNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a phone number")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<PhoneNumber, E> {
                PhoneNumber::from_stored(value).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, mut value: u64) -> Result<PhoneNumber, E> {
                if value >= 10_000_000_000 {
                    return Err(E::custom("more than ten national digits"));
                }
                let mut national = [0u8; 10];
                for digit in national.iter_mut().rev() {
                    *digit = b'0' + (value % 10) as u8;
                    value /= 10;
                }
                check_nanp(&national).map_err(E::custom)?;
                Ok(PhoneNumber::of_checked_national(&national))
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(E164)
        } else {
            deserializer.deserialize_u64(E164)
        }
    }
}

/// Why an entry is not a number that can be ported; `Display` says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("no number given")]
    Empty,
    #[error(
        "contains {}; use digits only (spaces, dashes, dots, parentheses and a leading + are ignored)",
        describe_char(*.0)
    )]
    BadCharacter(char),
    #[error("not a +1 number; only United States and Canada numbers (+1) can be ported here")]
    NotPlusOne,
    #[error("ranges are not accepted; list every number, one per line")]
    Range,
    #[error(
        "has {0} digit{s}; a number needs 10 (area code + 7 digits), e.g. 212 736 5000",
        s = if *.0 == 1 { "" } else { "s" }
    )]
    TooFewDigits(usize),
    #[error("has {0} digits; a number needs 10, or 11 starting with 1")]
    TooManyDigits(usize),
    #[error("has 11 digits but does not start with 1; give 10 digits, or 1 and 10 digits")]
    ElevenDigitsNotOne,
    #[error("area code {0} starts with {first}; area codes start with 2-9", first = &.0[..1])]
    AreaCodeStart(String),
    #[error(
        "exchange {0} starts with {first}; the 3 digits after the area code start with 2-9",
        first = &.0[..1]
    )]
    ExchangeStart(String),
    #[error("area code {0} is an N11 service code (like 411 or 911), not an area code")]
    AreaCodeN11(String),
    #[error("exchange {0} is an N11 service code (like 411 or 911), not an exchange")]
    ExchangeN11(String),
    #[error("area code {0} is reserved and not in service (N9X, 37X and 96X codes)")]
    AreaCodeReserved(String),
    #[error(
        "area code {0} is a non-geographic service code; only geographic and toll-free numbers can be ported"
    )]
    AreaCodeService(String),
    #[error("555-0100 to 555-0199 are fictional numbers and cannot be ported")]
    Fictional,
    #[error(
        "area code {0} belongs to another country of the +1 plan; only United States and Canada numbers can be ported"
    )]
    OtherNanpCountry(String),
    #[error(
        "area code {npa} is not in {}; numbers of another country need their own order",
        .country.name()
    )]
    NotInCountry { npa: String, country: Country },
    #[error("the header is {0:?}; a CSV must have one column with the header PhoneNumber")]
    CsvHeader(String),
    #[error("has {0} columns; a CSV must have one column, PhoneNumber, one number a row")]
    CsvColumns(usize),
    /// The header of several cells: the file is not a numbers CSV at all.
    #[error("has {0} columns; a CSV must have one column, PhoneNumber, one number a row")]
    CsvHeaderColumns(usize),
}

impl NumberError {
    /// Whether the error is the header's: then the file is no numbers CSV, and nothing of it is
    /// taken (the wizard imports nothing, `check-numbers` checks nothing).
    pub fn is_csv_header(&self) -> bool {
        matches!(
            self,
            NumberError::CsvHeader(_) | NumberError::CsvHeaderColumns(_)
        )
    }
}

fn describe_char(c: char) -> String {
    if c.is_control() {
        format!("a control character (U+{:04X})", c as u32)
    } else if c.is_alphabetic() {
        format!("the letter '{c}' (spell vanity numbers in digits)")
    } else {
        format!("'{c}'")
    }
}

/// The digits of an entry: how many, and the first eleven (a number has at most that many).
struct Digits {
    count: usize,
    first: [u8; 11],
}

/// Read byte by byte: every character a number may hold is ASCII, so the first byte that is not
/// one of them starts the character that is told.
fn digits_of(entry: &str) -> Result<Digits, NumberError> {
    let trimmed = entry.trim();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    let mut digits = Digits {
        count: 0,
        first: [0; 11],
    };
    let mut plus = false;
    for (i, &b) in trimmed.as_bytes().iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                if let Some(place) = digits.first.get_mut(digits.count) {
                    *place = b;
                }
                digits.count += 1;
            }
            b'+' if i == 0 => plus = true,
            b' ' | b'-' | b'.' | b'(' | b')' | b'\t' => {}
            _ => {
                let other = trimmed[i..]
                    .chars()
                    .next()
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                return Err(NumberError::BadCharacter(other));
            }
        }
    }
    if plus && (digits.count == 0 || digits.first[0] != b'1') {
        return Err(NumberError::NotPlusOne);
    }
    if plus && digits.count != 11 {
        return Err(if digits.count < 11 {
            NumberError::TooFewDigits(digits.count.saturating_sub(1))
        } else {
            NumberError::TooManyDigits(digits.count)
        });
    }
    Ok(digits)
}

/// Three digits as told in a message.
fn code(digits: &[u8]) -> String {
    String::from_utf8_lossy(digits).into_owned()
}

/// The NANP rules on ten ASCII digits.
fn check_nanp(national: &[u8]) -> Result<(), NumberError> {
    let (b, x, line) = (&national[0..3], &national[3..6], &national[6..10]);
    if b[0] < b'2' {
        return Err(NumberError::AreaCodeStart(code(b)));
    }
    if b[1] == b'1' && b[2] == b'1' {
        return Err(NumberError::AreaCodeN11(code(b)));
    }
    if b[1] == b'9' || b.starts_with(b"37") || b.starts_with(b"96") {
        return Err(NumberError::AreaCodeReserved(code(b)));
    }
    if (b[1] == b'0' && b[2] == b'0' && b != b"800") || area_kind(b) == AreaKind::Service {
        return Err(NumberError::AreaCodeService(code(b)));
    }
    if x[0] < b'2' {
        return Err(NumberError::ExchangeStart(code(x)));
    }
    if x[1] == b'1' && x[2] == b'1' {
        return Err(NumberError::ExchangeN11(code(x)));
    }
    if x == b"555" && line.starts_with(b"01") {
        return Err(NumberError::Fictional);
    }
    Ok(())
}

fn looks_like_range(entry: &str) -> bool {
    let bytes = entry.as_bytes();
    let digit_count = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    // The words are looked for only in an entry with a `t`: most entries have none.
    let has_to = || {
        bytes.iter().any(|&b| b | 0x20 == b't')
            && entry
                .split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("to"))
    };
    (digit_count > 11 && bytes.contains(&b'-')) || (digit_count >= 4 && has_to())
}

/// One entry of a pasted or imported list, after checking; as a list is streamed, its text is
/// borrowed from the piece being checked (`ListEntry<&str>`), not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry<Text = String> {
    /// 1-based line of the input the entry came from.
    pub line: usize,
    /// The entry as given, trimmed.
    pub input: Text,
    pub result: Result<PhoneNumber, NumberError>,
    /// True for the second and later occurrences of a number; those are dropped from the order.
    pub duplicate: bool,
}

impl ListEntry<&str> {
    fn into_owned(self) -> ListEntry {
        ListEntry {
            line: self.line,
            input: self.input.to_string(),
            result: self.result,
            duplicate: self.duplicate,
        }
    }
}

impl<Text> ListEntry<Text> {
    /// What is wrong with the entry, or nothing for a valid number.
    pub fn reason(&self) -> String {
        self.result
            .as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default()
    }
}

/// A checked list: every entry with its verdict, in input order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberList {
    pub entries: Vec<ListEntry>,
}

impl NumberList {
    /// The valid numbers, first occurrence only, in input order.
    pub fn unique_numbers(&self) -> impl Iterator<Item = &PhoneNumber> {
        self.entries
            .iter()
            .filter(|e| !e.duplicate)
            .filter_map(|e| e.result.as_ref().ok())
    }

    pub fn unique_count(&self) -> usize {
        self.unique_numbers().count()
    }

    pub fn duplicate_count(&self) -> usize {
        self.entries.iter().filter(|e| e.duplicate).count()
    }

    pub fn errors(&self) -> impl Iterator<Item = &ListEntry> {
        self.entries.iter().filter(|e| e.result.is_err())
    }

    pub fn error_count(&self) -> usize {
        self.errors().count()
    }

    pub fn counts(&self) -> ListCounts {
        let mut counts = ListCounts::default();
        for entry in &self.entries {
            counts.add(entry);
        }
        counts
    }
}

/// How many entries of each kind a checked list holds: what its summary says, kept as a list of
/// any length is checked without keeping its entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCounts {
    pub entries: usize,
    /// Valid numbers, each counted once.
    pub unique: usize,
    pub errors: usize,
    pub duplicates: usize,
}

impl ListCounts {
    pub fn add<Text>(&mut self, entry: &ListEntry<Text>) {
        self.entries += 1;
        match (&entry.result, entry.duplicate) {
            (Err(_), _) => self.errors += 1,
            (Ok(_), true) => self.duplicates += 1,
            (Ok(_), false) => self.unique += 1,
        }
    }
}

/// At most this many numbers go in one order (SPEC §2).
pub const MAX_NUMBERS_PER_ORDER: usize = 999;

/// Checks a typed or pasted list: entries separated by commas, semicolons or new lines; a CSV with the
/// `PhoneNumber` header is recognized by its first record. `country`, when known, adds the country rule.
pub fn parse_list(text: &str, country: Option<Country>) -> NumberList {
    NumberList {
        entries: ListChecker::new(country).check(text),
    }
}

/// Checks a CSV file's text: exactly one column headed `PhoneNumber`, one number a row. Cells are
/// read as spreadsheets write them: quoted (with commas or quotes inside), lines ending in CRLF, a
/// byte-order mark at the start; each entry keeps the line its record starts on.
pub fn parse_csv(text: &str, country: Option<Country>) -> NumberList {
    NumberList {
        entries: ListChecker::csv(country).check(text),
    }
}

/// How a list is written: entries on lines (separated by commas and semicolons too), or a CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListForm {
    Lines,
    Csv,
}

/// Checks a list piece by piece as it is read, so that a list of any length is checked in little
/// memory: each piece holds whole lines (whole records of a CSV) following the piece before, entries
/// keep the line they are on, and a number given in an earlier piece is a duplicate. Only the
/// numbers seen are kept (a bit each, see [`NumbersSeen`]), never the entries.
#[derive(Debug)]
pub struct ListChecker {
    country: Option<Country>,
    /// `None` until the first line that is not blank says (a `PhoneNumber` header makes a CSV).
    form: Option<ListForm>,
    seen: NumbersSeen,
    /// The line the next piece starts on.
    next_line: usize,
    /// Whether no piece has been checked yet: a CSV's byte-order mark is at the start of the first.
    at_start: bool,
    /// Whether a CSV's header has been read (the first record that is not blank).
    header_read: bool,
}

impl ListChecker {
    /// A checker of a typed or pasted list, or of a CSV recognized by its header.
    pub fn new(country: Option<Country>) -> ListChecker {
        ListChecker {
            country,
            form: None,
            seen: NumbersSeen::new(),
            next_line: 1,
            at_start: true,
            header_read: false,
        }
    }

    /// A checker of a CSV, whatever its first record holds.
    pub fn csv(country: Option<Country>) -> ListChecker {
        ListChecker {
            form: Some(ListForm::Csv),
            ..ListChecker::new(country)
        }
    }

    /// The line the next piece starts on.
    pub fn next_line(&self) -> usize {
        self.next_line
    }

    /// How many of `bytes` (read from where the last piece ended) make whole lines, or whole
    /// records of a CSV (a quoted cell may hold a line end), to check as the next piece; all of
    /// them at the end of the input.
    pub fn whole_part(&mut self, bytes: &[u8], at_end: bool) -> usize {
        if at_end {
            return bytes.len();
        }
        if self.form.is_none() {
            let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            self.decide_form(&String::from_utf8_lossy(&bytes[..complete]));
            if self.form.is_none() {
                // Blank lines only, so far: no record is cut by ending the piece after them.
                return complete;
            }
        }
        match self.form {
            Some(ListForm::Csv) => csv_record_ends(bytes),
            _ => bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1),
        }
    }

    /// Checks the next piece of the list: whole lines (whole records of a CSV) following the last
    /// piece, every entry with its verdict, in input order.
    pub fn check(&mut self, piece: &str) -> Vec<ListEntry> {
        let mut entries = Vec::new();
        self.check_each(piece, |entry| entries.push(entry.into_owned()));
        entries
    }

    /// As [`ListChecker::check`], giving each entry to `each` as it is checked, its text
    /// borrowed from `piece`: a list of any length is checked without an allocation an entry.
    pub fn check_each(&mut self, piece: &str, mut each: impl FnMut(ListEntry<&str>)) {
        let piece = if std::mem::take(&mut self.at_start) {
            self.decide_form(piece);
            match self.form {
                Some(ListForm::Csv) => without_byte_order_mark(piece),
                _ => piece,
            }
        } else {
            piece
        };
        match self.form {
            Some(ListForm::Csv) => self.check_csv(piece, &mut each),
            _ => self.check_lines(piece, &mut each),
        }
        self.next_line += piece.bytes().filter(|&b| b == b'\n').count();
    }

    /// Decides the form from the first record of `text` that is not blank, if `text` holds one.
    fn decide_form(&mut self, text: &str) {
        if self.form.is_some() {
            return;
        }
        let mut reader = csv_reader(without_byte_order_mark(text));
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).unwrap_or(false) {
            if !is_blank(&record) {
                self.form = Some(if record[0].eq_ignore_ascii_case("phonenumber") {
                    ListForm::Csv
                } else {
                    ListForm::Lines
                });
                return;
            }
        }
    }

    fn check_lines(&mut self, piece: &str, each: &mut impl FnMut(ListEntry<&str>)) {
        for (index, line) in piece.split('\n').enumerate() {
            for raw in line.split([',', ';']) {
                let input = raw.trim();
                if !input.is_empty() {
                    each(self.entry(self.next_line + index, input));
                }
            }
        }
    }

    fn check_csv(&mut self, text: &str, each: &mut impl FnMut(ListEntry<&str>)) {
        let mut reader = csv_reader(text);
        let mut record = csv::StringRecord::new();
        // The reader's own line count lags after blank lines and CRLF; lines are counted here, up to
        // where each record's text starts.
        let mut line = self.next_line;
        let mut counted_to = 0;
        // Read from a `&str`, a record can fail neither to be read nor to be UTF-8: reading stops only
        // at the end of the text.
        while reader.read_record(&mut record).unwrap_or(false) {
            let from = record.position().map_or(0, |p| p.byte() as usize);
            let to = reader.position().byte() as usize;
            // A record's position may be the line end before it (the `\n` of a CRLF).
            let raw = text.get(from..to).unwrap_or_default();
            let start = from + (raw.len() - raw.trim_start_matches(['\r', '\n']).len());
            line += text
                .get(counted_to..start)
                .map_or(0, |t| t.matches('\n').count());
            counted_to = start;
            if is_blank(&record) {
                continue;
            }
            let raw = raw.trim();
            let structural = |error: NumberError| ListEntry {
                line,
                input: raw,
                result: Err(error),
                duplicate: false,
            };
            if !self.header_read {
                self.header_read = true;
                if record.len() > 1 {
                    each(structural(NumberError::CsvHeaderColumns(record.len())));
                } else if &record[0] != "PhoneNumber" {
                    each(structural(NumberError::CsvHeader(record[0].to_string())));
                }
                continue;
            }
            if record.len() > 1 {
                each(structural(NumberError::CsvColumns(record.len())));
                continue;
            }
            each(self.entry(line, &record[0]));
        }
    }

    /// One entry checked: the number rules, the country's (or, with no country, that the number
    /// is of the United States or Canada), and whether it was given before.
    fn entry<'a>(&mut self, line: usize, input: &'a str) -> ListEntry<&'a str> {
        let result = if looks_like_range(input) {
            Err(NumberError::Range)
        } else {
            PhoneNumber::parse(input).and_then(|n| match self.country {
                Some(c) => n.check_country(c).map(|()| n),
                None => n.check_portable().map(|()| n),
            })
        };
        let duplicate = match &result {
            Ok(n) => !self.seen.insert(n.national_number()),
            Err(_) => false,
        };
        ListEntry {
            line,
            input,
            result,
            duplicate,
        }
    }
}

/// Where the last whole CSV record of `bytes` ends: after the last line end outside quotes, as
/// the csv reader reads them (a quote opens a quoted cell only at the start of a cell; two quotes
/// inside one are a quote).
fn csv_record_ends(bytes: &[u8]) -> usize {
    #[derive(Clone, Copy)]
    enum At {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut at = At::CellStart;
    let mut whole = 0;
    for (i, &b) in bytes.iter().enumerate() {
        at = match (at, b) {
            (At::Quoted, b'"') => At::QuoteInQuoted,
            (At::Quoted, _) => At::Quoted,
            (At::QuoteInQuoted, b'"') | (At::CellStart, b'"') => At::Quoted,
            (_, b',' | b'\r') => At::CellStart,
            (_, b'\n') => {
                whole = i + 1;
                At::CellStart
            }
            _ => At::Unquoted,
        };
    }
    whole
}

/// A reader of every record as it is: no header row of its own (the header is checked as a row),
/// rows of any length (a wrong one is named), cells trimmed of spaces.
fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// A line of spaces only: a record of one empty cell.
fn is_blank(record: &csv::StringRecord) -> bool {
    record.len() == 1 && record[0].is_empty()
}

fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

const TOLL_FREE_NPAS: [&str; 7] = ["800", "833", "844", "855", "866", "877", "888"];

fn is_toll_free(npa: &[u8]) -> bool {
    TOLL_FREE_NPAS.iter().any(|t| t.as_bytes() == npa)
}

/// What the bundled list says of an area code (every code it does not name is a US geographic one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AreaKind {
    UnitedStates,
    Canada,
    OtherCountry,
    Service,
}

/// The area codes apart from US geographic ones, with their source and date: one line each.
const AREA_CODES_FILE: &str = include_str!("../../assets/area_codes.txt");

/// The kind of every code from 000 to 999, read once from [`AREA_CODES_FILE`]: one look per number.
static AREA_KINDS: std::sync::LazyLock<[AreaKind; 1000]> = std::sync::LazyLock::new(|| {
    read_area_codes(AREA_CODES_FILE).expect("the bundled area code list is valid")
});

/// Reads the list: `CODE KIND place`, `#` comments and blank lines.
fn read_area_codes(text: &str) -> Result<[AreaKind; 1000], String> {
    let mut kinds = [AreaKind::UnitedStates; 1000];
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        let mut words = line.split_whitespace();
        let (Some(code), Some(kind)) = (words.next(), words.next()) else {
            if line.is_empty() {
                continue;
            }
            return Err(format!("line {}: give CODE KIND", n + 1));
        };
        let index = (code.len() == 3)
            .then(|| code.parse::<usize>().ok())
            .flatten()
            .ok_or_else(|| format!("line {}: {code:?} is not a 3-digit area code", n + 1))?;
        kinds[index] = match kind {
            "canada" => AreaKind::Canada,
            "other-country" => AreaKind::OtherCountry,
            "service" => AreaKind::Service,
            other => {
                return Err(format!(
                    "line {}: {other:?} is not canada, other-country or service",
                    n + 1
                ));
            }
        };
    }
    Ok(kinds)
}

fn area_kind(npa: &[u8]) -> AreaKind {
    match *npa {
        [a, b, c] if npa.iter().all(u8::is_ascii_digit) => {
            let index =
                usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0');
            AREA_KINDS[index]
        }
        _ => AreaKind::UnitedStates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<String, NumberError> {
        PhoneNumber::parse(s).map(|n| n.e164().to_string())
    }

    #[test]
    fn stored_as_text_in_json_and_as_one_checked_integer_in_the_binary_index() {
        let numbers: Vec<PhoneNumber> = ["+12127365001", "+18887362000", "+14169671000"]
            .iter()
            .map(|n| PhoneNumber::from_stored(n).unwrap())
            .collect();
        let json = serde_json::to_value(&numbers).unwrap();
        assert_eq!(json[0], "+12127365001");
        let binary = postcard::to_allocvec(&numbers).unwrap();
        assert!(binary.len() < 1 + 3 * 6, "{} bytes", binary.len());
        let back: Vec<PhoneNumber> = postcard::from_bytes(&binary).unwrap();
        assert_eq!(back, numbers);
        // What the text form refuses, the integer form refuses too.
        for refused in [12_127_365_001_u64, 212_736_500, 1_127_365_001] {
            let bytes = postcard::to_allocvec(&refused).unwrap();
            assert!(
                postcard::from_bytes::<PhoneNumber>(&bytes).is_err(),
                "{refused} is not ten NANP digits"
            );
        }
    }

    #[test]
    fn accepts_ten_eleven_and_e164_forms() {
        for input in [
            "2127365000",
            "12127365000",
            "+12127365000",
            "(212) 736-5000",
            "+1 212 736 5000",
            "212.736.5000",
            "1-212-736-5000",
        ] {
            assert_eq!(parse(input), Ok("+12127365000".into()), "{input}");
        }
    }

    #[test]
    fn refuses_wrong_lengths_and_characters() {
        assert_eq!(parse("212736500"), Err(NumberError::TooFewDigits(9)));
        assert_eq!(parse("221273650001"), Err(NumberError::TooManyDigits(12)));
        assert_eq!(parse("22127365000"), Err(NumberError::ElevenDigitsNotOne));
        assert_eq!(parse("+442071234567"), Err(NumberError::NotPlusOne));
        assert_eq!(parse("1-800-FLOWERS"), Err(NumberError::BadCharacter('F')));
        assert_eq!(parse("  "), Err(NumberError::Empty));
    }

    #[test]
    fn applies_each_nanp_rule() {
        assert_eq!(
            parse("1127365000"),
            Err(NumberError::AreaCodeStart("112".into()))
        );
        assert_eq!(
            parse("2121365000"),
            Err(NumberError::ExchangeStart("136".into()))
        );
        assert_eq!(
            parse("4117365000"),
            Err(NumberError::AreaCodeN11("411".into()))
        );
        assert_eq!(
            parse("2129115000"),
            Err(NumberError::ExchangeN11("911".into()))
        );
        assert_eq!(
            parse("2927365000"),
            Err(NumberError::AreaCodeReserved("292".into()))
        );
        assert_eq!(
            parse("3727365000"),
            Err(NumberError::AreaCodeReserved("372".into()))
        );
        assert_eq!(
            parse("9637365000"),
            Err(NumberError::AreaCodeReserved("963".into()))
        );
        assert_eq!(
            parse("9007365000"),
            Err(NumberError::AreaCodeService("900".into()))
        );
        assert_eq!(parse("2125550100"), Err(NumberError::Fictional));
        assert_eq!(parse("2125550199"), Err(NumberError::Fictional));
        assert_eq!(parse("2125550200"), Ok("+12125550200".into()));
        assert_eq!(parse("8005550150"), Err(NumberError::Fictional));
    }

    #[test]
    fn the_area_code_list_follows_the_numbering_plan() {
        // A Canadian overlay (Quebec, 2025) is Canadian, not US.
        let quebec = PhoneNumber::parse("2737365000").unwrap();
        assert_eq!(quebec.check_country(Country::Canada), Ok(()));
        assert!(quebec.check_country(Country::UnitedStates).is_err());
        // Non-geographic codes, Canadian and personal communications, are refused as 500 is.
        for npa in [
            "500", "521", "525", "529", "532", "533", "544", "566", "577", "588", "622", "633",
        ] {
            assert_eq!(
                parse(&format!("{npa}7365000")),
                Err(NumberError::AreaCodeService(npa.into())),
                "{npa}"
            );
        }
        for npa in ["520", "530", "531", "534", "212", "416"] {
            assert!(parse(&format!("{npa}7365000")).is_ok(), "{npa}");
        }
        let bermuda = PhoneNumber::parse("4417365000").unwrap();
        assert!(bermuda.check_country(Country::UnitedStates).is_err());
    }

    #[test]
    fn a_damaged_area_code_list_says_which_line() {
        assert_eq!(
            read_area_codes("# comment\n\n2x3 canada").unwrap_err(),
            "line 3: \"2x3\" is not a 3-digit area code"
        );
        assert_eq!(
            read_area_codes("273 quebec").unwrap_err(),
            "line 1: \"quebec\" is not canada, other-country or service"
        );
        assert_eq!(
            read_area_codes("273").unwrap_err(),
            "line 1: give CODE KIND"
        );
        assert_eq!(
            read_area_codes("273 canada Quebec").unwrap()[273],
            AreaKind::Canada
        );
    }

    #[test]
    fn tells_toll_free_from_geographic() {
        for npa in TOLL_FREE_NPAS {
            let n = PhoneNumber::parse(&format!("{npa}7365000")).unwrap();
            assert_eq!(n.number_type(), NumberType::TollFree, "{npa}");
        }
        let n = PhoneNumber::parse("2127365000").unwrap();
        assert_eq!(n.number_type(), NumberType::Geographic);
        assert_eq!(n.national(), "(212) 736-5000");
    }

    #[test]
    fn matches_the_country() {
        let toronto = PhoneNumber::parse("4163632200").unwrap();
        let new_york = PhoneNumber::parse("2127365000").unwrap();
        let toll_free = PhoneNumber::parse("8887365000").unwrap();
        let jamaica = PhoneNumber::parse("8762345678").unwrap();
        assert!(toronto.check_country(Country::Canada).is_ok());
        assert!(toronto.check_country(Country::UnitedStates).is_err());
        assert!(new_york.check_country(Country::UnitedStates).is_ok());
        assert!(new_york.check_country(Country::Canada).is_err());
        assert!(toll_free.check_country(Country::Canada).is_ok());
        assert!(toll_free.check_country(Country::UnitedStates).is_ok());
        assert_eq!(
            jamaica.check_country(Country::UnitedStates),
            Err(NumberError::OtherNanpCountry("876".into()))
        );
    }

    #[test]
    fn splits_lists_removes_duplicates_and_keeps_lines() {
        let list = parse_list(
            "2127365000, (212) 736-5001; +1 212 736 5002\n212 736 5000\n\n12\n",
            Some(Country::UnitedStates),
        );
        assert_eq!(list.entries.len(), 5);
        assert_eq!(list.unique_count(), 3);
        assert_eq!(list.duplicate_count(), 1);
        assert_eq!(list.error_count(), 1);
        let bad = list.errors().next().unwrap();
        assert_eq!((bad.line, bad.input.as_str()), (4, "12"));
        assert!(list.entries[3].duplicate);
        assert_eq!(list.entries[3].line, 2);
    }

    #[test]
    fn a_list_checked_in_pieces_keeps_its_lines_and_its_duplicates() {
        let mut checker = ListChecker::new(None);
        let first = checker.check("2127365000\n\n");
        let second = checker.check("12, 212 736 5000\n");
        assert_eq!(first[0].line, 1);
        assert_eq!((second[0].line, second[0].input.as_str()), (3, "12"));
        assert!(second[0].result.is_err());
        assert_eq!(second[1].line, 3);
        assert!(second[1].duplicate, "given in the piece before");
        assert_eq!(checker.next_line(), 4);
    }

    #[test]
    fn a_csv_piece_ends_after_a_whole_record() {
        let mut checker = ListChecker::new(None);
        let text = b"PhoneNumber\n\"212\n736 5000\"\n\"a\"\"\nb\"\n21\"2\n\"open";
        let whole = checker.whole_part(text, false);
        assert_eq!(
            &text[..whole],
            b"PhoneNumber\n\"212\n736 5000\"\n\"a\"\"\nb\"\n21\"2\n"
        );
        assert_eq!(
            checker.whole_part(b"\"212\n", false),
            0,
            "a quoted cell goes on"
        );
        assert_eq!(checker.whole_part(b"x\"\n", true), 3, "the end ends it");
        let mut lines = ListChecker::new(None);
        assert_eq!(lines.whole_part(b"2127365000\n\"212", false), 11);
        let mut blank = ListChecker::new(None);
        assert_eq!(
            blank.whole_part(b"\n  \nPhone", false),
            4,
            "undecided, blank lines"
        );
    }

    #[test]
    fn without_a_country_a_number_of_another_plus_one_country_is_refused() {
        let list = parse_list(
            "809 234 5678\n416 363 2200\n273 736 5000\n888 736 5000",
            None,
        );
        assert_eq!(
            list.entries[0].result,
            Err(NumberError::OtherNanpCountry("809".into()))
        );
        let valid: Vec<&str> = list.unique_numbers().map(PhoneNumber::e164).collect();
        assert_eq!(valid, ["+14163632200", "+12737365000", "+18887365000"]);
    }

    #[test]
    fn recognizes_and_refuses_ranges() {
        for input in [
            "2125550100-2125550199",
            "2127365000 to 5099",
            "212-736-5000 - 212-736-5099",
        ] {
            let list = parse_list(input, None);
            assert_eq!(list.entries[0].result, Err(NumberError::Range), "{input}");
        }
        assert!(parse_list("212-736-5000", None).entries[0].result.is_ok());
    }

    #[test]
    fn reads_a_phone_number_csv() {
        let list = parse_csv(
            "PhoneNumber\n2127365000\n+12127365001\n\"2127365002\"\n",
            None,
        );
        assert_eq!(list.unique_count(), 3);
        assert_eq!(list.error_count(), 0);
        let auto = parse_list("\u{feff}PhoneNumber\r\n2127365000\r\n", None);
        assert_eq!(auto.unique_count(), 1);
    }

    #[test]
    fn names_the_line_of_a_bad_csv() {
        let header = parse_csv("Number\n2127365000\n", None);
        assert_eq!(header.entries[0].line, 1);
        assert_eq!(
            header.entries[0].result,
            Err(NumberError::CsvHeader("Number".into()))
        );
        let columns = parse_csv("PhoneNumber\n2127365000\n2127365001,Main office\n", None);
        let bad = columns.errors().next().unwrap();
        assert_eq!(bad.line, 3);
        assert_eq!(bad.result, Err(NumberError::CsvColumns(2)));
        assert_eq!(columns.unique_count(), 1, "the good rows are kept");
        let wide_header = parse_csv("PhoneNumber,Name\n", None);
        assert_eq!(
            wide_header.entries[0].result,
            Err(NumberError::CsvHeaderColumns(2))
        );
    }

    #[test]
    fn reads_csv_cells_as_spreadsheets_write_them() {
        let list = parse_csv(
            "\u{feff}PhoneNumber\r\n\"212 736-5000\"\r\n\r\n\"212 736 5001, main\"\r\n  +12127365002 \r\n",
            None,
        );
        let lines: Vec<usize> = list.entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 4, 5], "CRLF lines, the blank one skipped");
        assert_eq!(list.entries[0].input, "212 736-5000", "quotes removed");
        assert_eq!(
            list.entries[1].result,
            Err(NumberError::BadCharacter(',')),
            "a quoted comma is inside one cell, not a second column"
        );
        assert_eq!(list.entries[2].input, "+12127365002", "spaces trimmed");
        assert_eq!(list.unique_count(), 2);
    }

    #[test]
    fn a_csv_record_keeps_the_line_it_starts_on() {
        let list = parse_csv(
            "PhoneNumber\n\"2127365000\n\"\n2127365001,\"Main, office\"\n\n\n2127365002\n",
            None,
        );
        assert_eq!(list.entries[0].line, 2);
        assert_eq!(
            list.entries[0].result.as_ref().unwrap().e164(),
            "+12127365000"
        );
        let bad = &list.entries[1];
        assert_eq!(bad.line, 4, "after a cell that spans two lines");
        assert_eq!(bad.result, Err(NumberError::CsvColumns(2)));
        assert_eq!(
            bad.input, "2127365001,\"Main, office\"",
            "the row as written"
        );
        assert_eq!(list.entries[2].line, 7, "after blank lines");
    }

    #[test]
    fn messages_say_how_to_fix() {
        assert!(
            NumberError::TooFewDigits(8)
                .to_string()
                .contains("needs 10")
        );
        assert!(
            NumberError::Range
                .to_string()
                .contains("ranges are not accepted")
        );
        let country = NumberError::NotInCountry {
            npa: "416".into(),
            country: Country::UnitedStates,
        };
        assert!(country.to_string().contains("416 is not in United States"));
    }
}
