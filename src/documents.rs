//! Downloads of JIT documents (shipping notice, invoice): the one place the download buttons
//! call. JSON is rendered here; EDI rendering (DESADV / INVOIC) is wired in by the EDI work
//! later in [`render`] — until then its button is shown disabled.

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

/// Whether `format` can be rendered yet (the EDI button is disabled until it can).
pub fn available(format: Format) -> bool {
    render_edi_hook().is_some() || format == Format::Json
}

/// Where the EDI renderer plugs in: returns `None` while there is none.
fn render_edi_hook() -> Option<fn(Document<'_>) -> Option<File>> {
    None
}

/// Renders `doc` in `format`; `None` when the format is not available.
pub fn render(doc: Document<'_>, format: Format) -> Option<File> {
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
        Format::Edi => render_edi_hook().and_then(|f| f(doc)),
    }
}

/// Renders and downloads `doc` (a Blob URL clicked through a temporary link). Returns whether
/// a download was started.
pub fn download(doc: Document<'_>, format: Format) -> bool {
    render(doc, format).is_some_and(|f| save(&f).is_some())
}

fn save(file: &File) -> Option<()> {
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
