//! Downloads of JIT documents (shipping notice, invoice): the one place the download buttons
//! call. JSON is the stored document; EDI is the engine's rendering in the customer's format
//! (`edi::export`: DESADV / VDA 4913 / X12 856, INVOIC / X12 810, from the partner profile).

use takt_engine::State;
use takt_engine::edi::export::{self, Rendered};
use takt_engine::jit::{Invoice, ShippingNotice};
use wasm_bindgen::JsCast;

/// A document to download.
#[derive(Debug, Clone, Copy)]
pub enum Document<'a> {
    ShippingNotice(&'a ShippingNotice),
    Invoice(&'a Invoice),
}

/// The file format of a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Edi,
}

/// A rendered file: name, MIME type and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub mime: &'static str,
    pub contents: String,
}

/// The interchange control number of a downloaded message: the digits of the document number
/// (so the same document always gets the same number), else 1. The server's outbox numbers
/// what it sends itself; a download is a copy for the planner.
pub fn control_number(id: &str) -> u32 {
    let digits: String = id.chars().filter(char::is_ascii_digit).collect();
    let tail = &digits[digits.len().saturating_sub(9)..];
    tail.parse::<u32>().ok().filter(|n| *n > 0).unwrap_or(1)
}

/// Renders `doc` as EDI for its customer, prepared at `now`. The error says why not (no
/// partner profile for the customer, or data the format cannot carry).
pub fn render_edi(
    state: &State,
    doc: Document<'_>,
    now: chrono::NaiveDateTime,
) -> Result<Rendered, String> {
    let prepared = export::when(now);
    match doc {
        Document::ShippingNotice(n) => {
            export::render_shipping_notice(state, &n.id, control_number(&n.id), prepared)
        }
        Document::Invoice(i) => {
            export::render_invoice(state, &i.id, control_number(&i.id), prepared)
        }
    }
    .map_err(|e| e.to_string())
}

/// Whether `doc` can be downloaded as EDI: `Err` with the reason (shown on the disabled button).
pub fn edi_available(state: &State, doc: Document<'_>) -> Result<(), String> {
    let customer = match doc {
        Document::ShippingNotice(n) => &n.customer,
        Document::Invoice(i) => &i.customer,
    };
    if state.edi.partners.contains_key(customer) {
        Ok(())
    } else {
        Err(format!("{customer} has no EDI partner profile"))
    }
}

/// Renders `doc` in `format`; `None` when it cannot be rendered.
pub fn render(
    state: &State,
    doc: Document<'_>,
    format: Format,
    now: chrono::NaiveDateTime,
) -> Option<File> {
    match format {
        Format::Json => {
            let (name, json) = match doc {
                Document::ShippingNotice(d) => (
                    format!("shipping-notice-{}.json", d.id),
                    serde_json::to_string_pretty(d),
                ),
                Document::Invoice(d) => (
                    format!("invoice-{}.json", d.id),
                    serde_json::to_string_pretty(d),
                ),
            };
            Some(File {
                name,
                mime: "application/json",
                contents: json.ok()?,
            })
        }
        Format::Edi => {
            let r = render_edi(state, doc, now).ok()?;
            let what = match doc {
                Document::ShippingNotice(_) => "shipping-notice",
                Document::Invoice(_) => "invoice",
            };
            Some(File {
                name: format!("{what}-{}-{}.edi", r.document, r.message_type),
                mime: "application/edi",
                contents: r.body,
            })
        }
    }
}

/// Renders and downloads `doc` (a Blob URL clicked through a temporary link). Returns whether
/// a download was started.
pub fn download(
    state: &State,
    doc: Document<'_>,
    format: Format,
    now: chrono::NaiveDateTime,
) -> bool {
    render(state, doc, format, now).is_some_and(|f| save(&f).is_some())
}

/// Offers `file` as a download (a Blob URL clicked through a temporary link; works offline).
pub fn save(file: &File) -> Option<()> {
    let parts = js_sys_array(&file.contents);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(file.mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let doc = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(&file.name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

fn js_sys_array(s: &str) -> wasm_bindgen::JsValue {
    let arr = web_sys::js_sys::Array::new();
    arr.push(&wasm_bindgen::JsValue::from_str(s));
    arr.into()
}
