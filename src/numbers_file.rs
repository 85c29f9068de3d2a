//! Reading a numbers file the administrator names (`check-numbers FILE`, the wizard's CSV import):
//! one reader with one size limit, and messages that name the file and the line.

use crate::domain::limits::MAX_NUMBERS_FILE_BYTES;
use crate::domain::phone::{Country, ListEntry, NumberError, NumberList, parse_csv};
use crate::safe_file;
use crate::strings;
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

/// What a numbers CSV gives the wizard: the cells to add to the numbers, one entry each, and the
/// rows left out, each with its line and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvImport {
    pub cells: Vec<String>,
    pub left_out: Vec<ListEntry>,
}

impl CsvImport {
    /// The rows the file holds under its header.
    pub fn rows(&self) -> usize {
        self.cells.len() + self.left_out.len()
    }
}

/// The rows of the CSV file at `path` to import, judged as `check-numbers` judges them, or why
/// nothing is: a file that cannot be read, a header that is not the one `PhoneNumber` column, or
/// no row at all. A row of several cells, or a cell holding a separator of the numbers field
/// (comma, semicolon, line end, which the field would split into pieces), is left out with its
/// line and why; every other cell is imported as one entry, and a wrong number is shown where the
/// numbers are checked.
pub fn import_csv(path: &Path, country: Option<Country>) -> Result<CsvImport, String> {
    let list = read_csv(path, country)?;
    let shown = shown(path);
    let header = |e: &ListEntry| {
        e.result
            .as_ref()
            .err()
            .is_some_and(NumberError::is_csv_header)
    };
    if let Some(bad) = list.entries.iter().find(|e| header(e)) {
        return Err(format!(
            "nothing imported: {shown} line {} {}",
            bad.line,
            bad.reason()
        ));
    }
    let mut import = CsvImport::default();
    for entry in list.entries {
        let cell = entry.input.trim();
        let split = cell.contains([',', ';', '\n', '\r']);
        let structural = matches!(entry.result, Err(NumberError::CsvColumns(_)));
        if split || structural {
            import.left_out.push(entry);
        } else {
            import.cells.push(cell.to_string());
        }
    }
    if import.rows() == 0 {
        return Err(strings::csv_no_rows(&shown));
    }
    Ok(import)
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
        let import = import_csv(&path, None).unwrap();
        assert_eq!(import.cells, ["2127365000", "212 736 5001"]);
        assert!(import.left_out.is_empty());
    }

    /// A row is one entry, as `check-numbers` reads it: a row of two cells, or a quoted cell
    /// holding a comma, is left out with its line and why, never split into pieces.
    #[test]
    fn a_row_that_is_not_one_number_cell_is_left_out_with_its_line() {
        let (_dir, path) = file_with(
            b"PhoneNumber\n2127365000\n2127365001,Main office\n\"212,736,5008\"\n212 555 0150\n",
        );
        let import = import_csv(&path, None).unwrap();
        assert_eq!(
            import.cells,
            ["2127365000", "212 555 0150"],
            "a wrong number is imported"
        );
        let left: Vec<(usize, String)> = (import.left_out.iter())
            .map(|e| (e.line, e.reason()))
            .collect();
        assert_eq!(
            left,
            [
                (3, "has 2 columns; a CSV must have one column, PhoneNumber, one number a row".into()),
                (4, "contains ','; use digits only (spaces, dashes, dots, parentheses and a leading + are ignored)".into()),
            ]
        );
        assert_eq!(import.rows(), 4);
    }

    #[test]
    fn a_wrong_header_or_no_row_imports_nothing_and_says_why() {
        for (bytes, why) in [
            (
                &b"Phone\n2127365000\n"[..],
                "line 1 the header is \"Phone\"; a CSV must have one column with the header PhoneNumber",
            ),
            (
                b"PhoneNumber,Name\n2127365000,A\n",
                "line 1 has 2 columns; a CSV must have one column, PhoneNumber, one number a row",
            ),
            (b"", "holds no phone number"),
            (b"PhoneNumber\r\n\r\n", "holds no phone number"),
        ] {
            let (_dir, path) = file_with(bytes);
            let error = import_csv(&path, None).unwrap_err();
            assert!(
                error.starts_with(&format!("nothing imported: {}", path.display())),
                "{error}"
            );
            assert!(error.contains(why), "{error}");
        }
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
