//! An "Export CSV" button: the CSV text is made when it is clicked (a list of 100,000 calls is
//! not turned into text on every change) and saved as a Blob download, offline too.

use crate::documents::{File, save};
use leptos::prelude::*;

/// "Export CSV" button downloading `csv()` as `filename`.
#[component]
pub fn CsvLink(
    filename: &'static str,
    label: Signal<&'static str>,
    csv: Signal<String>,
) -> impl IntoView {
    let click = move |_| {
        let _ = save(&File {
            name: filename.to_owned(),
            mime: "text/csv;charset=utf-8",
            contents: csv.get_untracked(),
        });
    };
    view! {
        <button type="button" class="csv-link" data-file=filename on:click=click>
            {move || label.get()}
        </button>
    }
}
