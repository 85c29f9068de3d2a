//! Writes the Letter of Authorization as a PDF (krilla) in the embedded DejaVu Sans: the
//! certified values, the numbers (on the first page when they fit, else in an exhibit), a blank
//! signature block, and on every page the stamp with the order ID and the fingerprint, which the
//! document's metadata carries too.

use super::certified::{Certified, Form, Language, stamp};
use super::words::{GAINING_SERVICE, Words};
use krilla::Document;
use krilla::configure::{Archival, ConfigurationBuilder, Validator};
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use std::sync::OnceLock;

/// DejaVu Sans (Bitstream Vera licence with public-domain DejaVu changes: assets/fonts/DejaVu-LICENSE.txt).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// US Letter, in points.
const PAGE_WIDTH: f32 = 612.0;
const PAGE_HEIGHT: f32 = 792.0;
const MARGIN: f32 = 54.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where the flowing content stops: the footer's stamp sits below.
const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - MARGIN - 18.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 8.0;
const LINE: f32 = BODY * 1.35;
/// The label column: wider for the bilingual form's two-language labels.
const LABEL_WIDTH: f32 = 185.0;
const BILINGUAL_LABEL_WIDTH: f32 = 225.0;
const NUMBER_COLUMNS: usize = 5;
/// Room the signature block needs: its heading, the statement and two lines of blanks.
const SIGNATURE_BLOCK: f32 = 150.0;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "the {what} holds characters the LOA's font cannot print ({chars}); write it as on the carrier's record, in Latin, Greek or Cyrillic letters"
    )]
    Unprintable { what: &'static str, chars: String },
    /// The PDF library refused its own output: a bug in portwiz, not in the order.
    #[error("the LOA could not be written (a fault in portwiz, please report it): {0}")]
    Writer(String),
}

struct Typeface {
    font: Font,
    data: &'static [u8],
}

impl Typeface {
    fn load(data: &'static [u8]) -> Typeface {
        // The bundled font is a fixed, known-good file: failing to read it is a build fault.
        let font = Font::new(data.into(), 0).expect("the bundled DejaVu Sans font reads");
        Typeface { font, data }
    }

    fn reader(&self) -> skrifa::FontRef<'static> {
        skrifa::FontRef::new(self.data).expect("the bundled DejaVu Sans font reads")
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let reader = self.reader();
        let (charmap, metrics) = (
            reader.charmap(),
            reader.glyph_metrics(Size::new(size), LocationRef::default()),
        );
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|g| metrics.advance_width(g))
            .sum()
    }

    fn covers(&self, c: char) -> bool {
        c.is_whitespace() || self.reader().charmap().map(c).is_some()
    }
}

struct Fonts {
    regular: Typeface,
    bold: Typeface,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        regular: Typeface::load(REGULAR),
        bold: Typeface::load(BOLD),
    })
}

/// One thing drawn on a page.
enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rule {
        x: f32,
        y: f32,
        width: f32,
    },
}

/// Lays the letter out top to bottom, starting a page whenever the next block does not fit.
struct Layout {
    pages: Vec<Vec<Mark>>,
    y: f32,
    label_width: f32,
}

impl Layout {
    fn new(label_width: f32) -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
            label_width,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Makes room for `height` on this page, or starts the next.
    fn room(&mut self, height: f32) {
        if self.y + height > CONTENT_BOTTOM && self.y > MARGIN {
            self.new_page();
        }
    }

    fn left(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    fn mark(&mut self, mark: Mark) {
        self.pages
            .last_mut()
            .expect("a layout has a page")
            .push(mark);
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let y = self.y + size;
        self.mark(Mark::Text {
            x,
            y,
            size,
            bold,
            text: text.to_string(),
        });
    }

    /// A paragraph wrapped to `width` from `x`, each line a page break may fall before.
    fn paragraph(&mut self, x: f32, width: f32, size: f32, bold: bool, text: &str) {
        let face = if bold {
            &fonts().bold
        } else {
            &fonts().regular
        };
        for line in wrap(face, text, size, width) {
            self.room(size * 1.35);
            self.text(x, size, bold, &line);
            self.y += size * 1.35;
        }
    }

    /// A bold heading wrapped to the page's width, `space` below the top of its first line to
    /// what follows a heading of one line.
    fn heading(&mut self, size: f32, text: &str, space: f32) {
        self.paragraph(MARGIN, CONTENT_WIDTH, size, true, text);
        self.y += space - size * 1.35;
    }

    /// A label and its value side by side; the value wraps in its column.
    fn field(&mut self, label: &str, value: &str) {
        let label_lines = wrap(&fonts().bold, label, BODY, self.label_width - 8.0);
        let value_lines = wrap(
            &fonts().regular,
            value,
            BODY,
            CONTENT_WIDTH - self.label_width,
        );
        let rows = label_lines.len().max(value_lines.len());
        self.room(rows as f32 * LINE);
        for row in 0..rows {
            if let Some(l) = label_lines.get(row) {
                self.text(MARGIN, BODY, true, l);
            }
            if let Some(v) = value_lines.get(row) {
                self.text(MARGIN + self.label_width, BODY, false, v);
            }
            self.y += LINE;
        }
        self.y += 2.0;
    }

    fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// The numbers in columns, a page break possible before each row.
    fn numbers(&mut self, numbers: &[String]) {
        let column = CONTENT_WIDTH / NUMBER_COLUMNS as f32;
        for row in numbers.chunks(NUMBER_COLUMNS) {
            self.room(LINE);
            for (i, n) in row.iter().enumerate() {
                self.text(MARGIN + i as f32 * column, BODY, false, n);
            }
            self.y += LINE;
        }
    }

    /// A paragraph in each of the letter's languages.
    fn in_each(&mut self, langs: &[Language], text: impl Fn(&Words) -> String) {
        for l in langs {
            self.paragraph(MARGIN, CONTENT_WIDTH, BODY, false, &text(l.words()));
        }
    }

    /// Two blanks side by side to sign or write on, each with its caption under it and, on a
    /// signed copy, what was written on it.
    fn blanks(&mut self, blanks: [(&str, Option<String>); 2]) {
        self.room(46.0);
        self.y += 28.0;
        let half = CONTENT_WIDTH / 2.0;
        for (i, (caption, written)) in blanks.iter().enumerate() {
            let x = MARGIN + i as f32 * half;
            let y = self.y;
            let width = half - 24.0;
            if let Some(written) = written {
                // Just above the rule, in the two lines of room above it: smaller when long.
                let (size, lines) = [BODY, SMALL]
                    .map(|size| (size, wrap(&fonts().regular, written, size, width)))
                    .into_iter()
                    .find(|(_, lines)| lines.len() <= 2)
                    .unwrap_or_else(|| (SMALL, wrap(&fonts().regular, written, SMALL, width)));
                for (row, line) in lines.iter().enumerate() {
                    self.y = y - (lines.len() - row) as f32 * size * 1.35 - 2.0;
                    self.text(x, size, false, line);
                }
            }
            self.y = y;
            self.mark(Mark::Rule { x, y, width });
            self.y += 2.0;
            self.text(x, SMALL, false, caption);
            self.y = y;
        }
        self.y += 2.0 + SMALL * 1.35;
    }
}

/// Greedy word wrap; a word wider than the line is cut between characters.
fn wrap(face: &Typeface, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if face.width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if face.width(&line, size) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The languages a form is written in, the first one leading.
fn languages(form: Form, language: Language) -> Vec<Language> {
    match form {
        Form::Canada => vec![language, language.other()],
        Form::UnitedStates | Form::TollFree => vec![language],
    }
}

/// Which of the letter's words a line takes.
type Pick = fn(&Words) -> &'static str;

/// A label in each of the letter's languages: `Account number / Numéro de compte`.
fn label(langs: &[Language], pick: Pick) -> String {
    let words: Vec<&str> = langs.iter().map(|l| pick(l.words())).collect();
    let mut unique = words.clone();
    unique.dedup();
    unique.join(" / ")
}

/// Refuses a value with a character the font lacks, instead of printing an empty box.
fn check_printable(certified: &Certified) -> Result<(), GenerateError> {
    let face = &fonts().regular;
    let values = [
        ("organization name", certified.organization.as_str()),
        ("authorized user's name", &certified.authorized_user),
        ("account number", &certified.account_number),
        ("losing carrier's name", &certified.losing_carrier),
        ("BTN", &certified.btn),
        ("service address", &certified.service_address.join(" ")),
        (
            "replacement BTN",
            certified.replacement_btn.as_deref().unwrap_or(""),
        ),
        ("port date", certified.port_date.as_deref().unwrap_or("")),
        ("order ID", &certified.order_id),
    ];
    for (what, value) in values {
        let mut missing: Vec<char> = value.chars().filter(|c| !face.covers(*c)).collect();
        missing.dedup();
        if !missing.is_empty() {
            let chars = missing.iter().take(8).collect();
            return Err(GenerateError::Unprintable { what, chars });
        }
    }
    Ok(())
}

/// The PDF's creation date, as the clock gives it (UTC).
fn creation_date(now: jiff::Timestamp) -> DateTime {
    let t = now.to_zoned(jiff::tz::TimeZone::UTC);
    DateTime::new(t.year() as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// An e-signature to print on the letter: in its blanks, and on a certificate page after it.
pub struct Signing<'a> {
    pub signer: &'a str,
    pub email: &'a str,
    pub sent_at: jiff::Timestamp,
    pub signed_at: jiff::Timestamp,
}

/// The LOA for `certified`, as PDF bytes, prepared at `prepared_at`; signed, when `signing` says
/// by whom and when.
pub fn generate(
    certified: &Certified,
    language: Language,
    prepared_at: jiff::Timestamp,
    signing: Option<&Signing>,
) -> Result<Vec<u8>, GenerateError> {
    check_printable(certified)?;
    let langs = languages(certified.form, language);
    let lead = language.words();
    let toll_free = certified.toll_free;
    let stamp = stamp(&certified.order_id, &certified.fingerprint);
    // The day in Eastern time, as every other date of the order is: at 19:41 ET it is still the
    // day the administrator would write as the signing date, whatever UTC says.
    let prepared = prepared_at
        .to_zoned(crate::domain::calendar::eastern())
        .date()
        .to_string();

    let mut page = Layout::new(match certified.form {
        Form::Canada => BILINGUAL_LABEL_WIDTH,
        Form::UnitedStates | Form::TollFree => LABEL_WIDTH,
    });
    page.heading(18.0, &label(&langs, |w| w.title), 26.0);
    let subtitle = if toll_free {
        label(&langs, |w| w.toll_free_subtitle)
    } else {
        label(&langs, |w| w.port_subtitle)
    };
    page.paragraph(MARGIN, CONTENT_WIDTH, 12.0, false, &subtitle);
    let order_line: Vec<String> = (langs.iter())
        .map(|l| {
            let w = l.words();
            format!(
                "{} {}, {} {prepared}",
                w.order, certified.order_id, w.prepared_on
            )
        })
        .collect();
    page.paragraph(MARGIN, CONTENT_WIDTH, SMALL, false, &order_line.join(" / "));
    page.gap(8.0);
    for l in &langs {
        let text = l.words().authorization(
            toll_free,
            &certified.organization,
            &certified.losing_carrier,
        );
        page.paragraph(MARGIN, CONTENT_WIDTH, BODY, false, &text);
        page.gap(6.0);
    }
    page.gap(4.0);
    let in_languages = |pick: &dyn Fn(&Words) -> &'static str| {
        (langs.iter())
            .map(|l| pick(l.words()))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let port_date = match &certified.port_date {
        Some(date) => date.clone(),
        None => in_languages(&|w| w.port_date_open),
    };
    let losing: Pick = if toll_free {
        |w| w.current_resporg
    } else {
        |w| w.losing
    };
    let rows: [(Pick, Option<String>); 10] = [
        (|w| w.gaining, Some(GAINING_SERVICE.to_string())),
        (losing, Some(certified.losing_carrier.clone())),
        (|w| w.account, Some(certified.account_number.clone())),
        (|w| w.btn, Some(certified.btn.clone())),
        (
            |w| w.port_type,
            Some(in_languages(&|w| w.port_type(certified.port_type))),
        ),
        (|w| w.replacement_btn, certified.replacement_btn.clone()),
        (|w| w.organization, Some(certified.organization.clone())),
        (
            |w| w.authorized_user,
            Some(certified.authorized_user.clone()),
        ),
        (
            |w| w.service_address,
            Some(certified.service_address.join(", ")),
        ),
        (|w| w.port_date, Some(port_date)),
    ];
    for (name, value) in rows {
        if let Some(value) = value {
            page.field(&label(&langs, name), &value);
        }
    }

    let numbers: Vec<String> = certified.numbers.iter().map(|n| n.national()).collect();
    let heading = format!("{} ({})", label(&langs, |w| w.numbers), numbers.len());
    page.gap(6.0);
    page.room(LINE * 2.0);
    page.heading(BODY, &heading, LINE);
    let height = numbers.len().div_ceil(NUMBER_COLUMNS) as f32 * LINE;
    // On the first page when they fit there with the signature block; or when they fit and the
    // block would go to the next page even after a note naming the exhibit (a long letter).
    let note = langs.len() as f32 * 2.0 * LINE;
    let left = page.left();
    let inline =
        height + SIGNATURE_BLOCK <= left || (height <= left && note + SIGNATURE_BLOCK > left);
    if inline {
        page.numbers(&numbers);
    } else {
        page.in_each(&langs, |w| w.in_exhibit(numbers.len()));
    }

    page.gap(12.0);
    page.room(SIGNATURE_BLOCK);
    page.heading(12.0, &label(&langs, |w| w.signature_heading), 18.0);
    page.in_each(&langs, |w| w.signature_statement.to_string());
    let signed_on = signing.map(|s| moment(s.signed_at));
    page.blanks([
        (
            &label(&langs, |w| w.signature),
            // The usual mark of an electronic signature; the certificate page says how it was made.
            signing.map(|s| format!("/s/ {}", s.signer)),
        ),
        (&label(&langs, |w| w.date), signed_on.clone()),
    ]);
    page.blanks([
        (
            &label(&langs, |w| w.printed_name),
            signing.map(|s| s.signer.to_string()),
        ),
        (&label(&langs, |w| w.signer_title), None),
    ]);

    if !inline {
        page.new_page();
        page.heading(14.0, &label(&langs, |w| w.exhibit), 24.0);
        page.paragraph(MARGIN, CONTENT_WIDTH, BODY, true, &heading);
        page.gap(4.0);
        page.numbers(&numbers);
    }
    if let Some(signing) = signing {
        let letter_pages = page.pages.len();
        page.new_page();
        page.heading(14.0, &label(&langs, |w| w.certificate), 24.0);
        page.in_each(&langs, |w| w.certifies(letter_pages));
        page.gap(6.0);
        let rows: [(Pick, String); 5] = [
            (|w| w.signed_by, signing.signer.to_string()),
            (|w| w.email, signing.email.to_string()),
            (|w| w.sent, moment(signing.sent_at)),
            (|w| w.signed, moment(signing.signed_at)),
            (|w| w.fingerprint, certified.fingerprint.to_string()),
        ];
        for (name, value) in rows {
            page.field(&label(&langs, name), &value);
        }
    }

    let metadata = Metadata::new()
        .title(format!("{} {}", lead.title, certified.order_id))
        .description(stamp.clone())
        .keywords(vec![
            "portwiz-loa".into(),
            certified.order_id.clone(),
            certified.fingerprint.to_string(),
        ])
        .creator(format!("portwiz {}", env!("CARGO_PKG_VERSION")))
        .language(language.tag(certified.form).into())
        .creation_date(creation_date(signing.map_or(prepared_at, |s| s.signed_at)));
    render(page.pages, &stamp, &langs, metadata)
}

/// A moment as the screens show it, in Eastern time.
fn moment(at: jiff::Timestamp) -> String {
    crate::clock::show(&at.to_zoned(crate::domain::calendar::eastern()))
}

/// Draws the laid-out pages, each with its footer, into a PDF/A-2b document.
fn render(
    pages: Vec<Vec<Mark>>,
    stamp: &str,
    langs: &[Language],
    metadata: Metadata,
) -> Result<Vec<u8>, GenerateError> {
    let configuration = ConfigurationBuilder::new()
        .set_validator(Validator::from(Archival::A2_B))
        .finish()
        .map_err(|e| GenerateError::Writer(format!("{e:?}")))?;
    let settings = krilla::SerializeSettings {
        configuration,
        ..Default::default()
    };
    let mut document = Document::new_with(settings);
    document.set_metadata(metadata);
    let fonts = fonts();
    let count = pages.len();
    for (index, marks) in pages.into_iter().enumerate() {
        let mut page = document.start_page_with(
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("US Letter is a valid page size"),
        );
        let mut surface = page.surface();
        let of: Vec<String> = (langs.iter())
            .map(|l| format!("page {} {} {count}", index + 1, l.words().page_of))
            .collect();
        let footer = Mark::Text {
            x: MARGIN,
            y: PAGE_HEIGHT - MARGIN + SMALL,
            size: SMALL,
            bold: false,
            text: format!("{stamp} · {}", of.join(" / ")),
        };
        for mark in marks.iter().chain([&footer]) {
            match mark {
                Mark::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                } => {
                    let face = if *bold { &fonts.bold } else { &fonts.regular };
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        face.font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Mark::Rule { x, y, width } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x, *y);
                    path.line_to(x + width, *y);
                    if let Some(line) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            width: 0.75,
                            ..Default::default()
                        }));
                        surface.draw_path(&line);
                        surface.set_stroke(None);
                        surface.set_fill(Some(Default::default()));
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| GenerateError::Writer(format!("{e:?}")))
}
