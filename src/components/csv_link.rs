//! A download link for CSV text (a `data:` URL, so it works offline without a server).

use leptos::prelude::*;

/// Percent-encodes everything except unreserved ASCII, for a `data:` URL.
pub fn data_url(csv: &str) -> String {
    let mut out = String::from("data:text/csv;charset=utf-8,");
    for b in csv.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "Export CSV" link downloading `csv()` as `filename`.
#[component]
pub fn CsvLink(
    filename: &'static str,
    label: Signal<&'static str>,
    csv: Signal<String>,
) -> impl IntoView {
    view! {
        <a class="button csv-link" download=filename href=move || data_url(&csv.get())>
            {move || label.get()}
        </a>
    }
}
