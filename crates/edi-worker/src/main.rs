//! The EDI Web Worker (built by trunk with `data-type="worker"`): receives a `File` or
//! `ArrayBuffer` from the page, reads it, parses it off the main thread and posts progress,
//! the parsed documents in chunks, and `done` or the error (protocol in `lib.rs`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::js_sys::{ArrayBuffer, Uint8Array};
    use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = web_sys::js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let mut post = |msg: String| {
            let _ = replies.post_message(&JsValue::from_str(&msg));
        };
        let data = ev.data();
        let bytes: Option<Vec<u8>> = if let Some(blob) = data.dyn_ref::<Blob>() {
            let total = blob.size() as u64;
            post(takt_edi_worker::progress("reading", 0, total));
            let read = FileReaderSync::new()
                .and_then(|r| r.read_as_array_buffer(blob))
                .ok()
                .map(|buf| Uint8Array::new(&buf).to_vec());
            post(takt_edi_worker::progress("reading", total, total));
            read
        } else if data.is_instance_of::<ArrayBuffer>() {
            Some(Uint8Array::new(&data).to_vec())
        } else {
            None
        };
        match bytes {
            Some(b) => takt_edi_worker::run(&b, &mut post),
            None => post(takt_edi_worker::error_message(
                &takt_engine::edi::EdiError::new(
                    takt_engine::edi::ErrorKind::Syntax,
                    "a readable file",
                    "",
                ),
            )),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(r#"{"type":"ready"}"#));
}

/// Natively there is no worker: the crate's logic is tested through its library.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("takt-edi-worker runs in the browser as a Web Worker (built by trunk)");
}
