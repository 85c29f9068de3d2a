//! Reading a numbers file the administrator names (`check-numbers FILE`, the wizard's CSV import):
//! one reader with one size limit, and messages that name the file and the line.

use crate::domain::limits::MAX_NUMBERS_FILE_BYTES;
use crate::domain::phone::{Country, NumberError, NumberList, parse_csv};
use crate::safe_file;
use crate::text::strip_controls;
use std::path::Path;

/// The text of the file at `path`: a regular file of at most [`MAX_NUMBERS_FILE_BYTES`], in UTF-8.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = safe_file::read_regular(path, MAX_NUMBERS_FILE_BYTES).map_err(|e| e.to_string())?;
    utf8_text(bytes, &shown(path))
}

/// `bytes` as text; when they are not UTF-8, the message names `source` and the line.
fn utf8_text(bytes: Vec<u8>, source: &str) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        not_utf8(source, 1 + valid.iter().filter(|&&b| b == b'\n').count())
    })
}

/// Why a list is refused whose `line` is not UTF-8.
pub fn not_utf8(source: &str, line: usize) -> String {
    format!("{source} is not UTF-8 text (line {line}); save the list as plain text or CSV (UTF-8)")
}

/// Every row of the CSV file at `path`, checked: a row whose layout is wrong is an entry in error,
/// as a number that is wrong is.
pub fn read_csv(path: &Path, country: Option<Country>) -> Result<NumberList, String> {
    read_text(path).map(|text| parse_csv(&text, country))
}

/// The rows of the CSV file at `path` to import, or why nothing is: a file that cannot be read, or
/// a row (the header's included) that is not one `PhoneNumber` cell. Numbers that are wrong are
/// imported and shown where the numbers are checked.
pub fn import_csv(path: &Path, country: Option<Country>) -> Result<NumberList, String> {
    let list = read_csv(path, country)?;
    let layout =
        |e: &NumberError| matches!(e, NumberError::CsvHeader(_) | NumberError::CsvColumns(_));
    if let Some(bad) = list
        .errors()
        .find(|e| e.result.as_ref().err().is_some_and(layout))
    {
        return Err(format!(
            "nothing imported: {} line {} {}",
            shown(path),
            bad.line,
            bad.reason()
        ));
    }
    Ok(list)
}

pub fn shown(path: &Path) -> String {
    strip_controls(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("numbers.csv");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn imports_the_rows_of_a_good_file() {
        let (_dir, path) = file_with(b"PhoneNumber\r\n2127365000\r\n\"212 736 5001\"\r\n");
        let list = import_csv(&path, None).unwrap();
        let numbers: Vec<&str> = list.unique_numbers().map(|n| n.e164()).collect();
        assert_eq!(numbers, ["+12127365000", "+12127365001"]);
    }

    #[test]
    fn a_row_of_two_cells_names_the_file_and_the_line_and_imports_nothing() {
        let (_dir, path) = file_with(b"PhoneNumber\n2127365000\n2127365001,Main office\n");
        let error = import_csv(&path, None).unwrap_err();
        assert_eq!(
            error,
            format!(
                "nothing imported: {} line 3 has 2 columns; a CSV must have one column, PhoneNumber, one number a row",
                path.display()
            )
        );
        let read = read_csv(&path, None).unwrap();
        assert_eq!(read.unique_count(), 1, "reading keeps the good rows");
        assert_eq!(read.error_count(), 1);
    }

    #[test]
    fn a_file_that_is_not_utf8_names_the_file_and_the_line() {
        let (_dir, path) = file_with(b"PhoneNumber\n2127365000\n212\xff7365001\n");
        let error = read_csv(&path, None).unwrap_err();
        assert_eq!(
            error,
            format!(
                "{} is not UTF-8 text (line 3); save the list as plain text or CSV (UTF-8)",
                path.display()
            )
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_unread() {
        let (_dir, path) = file_with(b"");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(MAX_NUMBERS_FILE_BYTES + 1)
            .unwrap();
        let error = import_csv(&path, None).unwrap_err();
        assert!(error.starts_with(&path.display().to_string()), "{error}");
        assert!(error.contains("more than the 5.0 MiB"), "{error}");
    }
}
