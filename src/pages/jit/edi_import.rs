//! EDI import on the JIT screen: a file picker and a drop zone; the file is read and parsed in
//! a Web Worker (`crates/edi-worker`, so a 50 MB interchange does not freeze the page and the
//! parsers stay out of the main bundle); the documents come back in chunks; the page maps them
//! to commands (`edi::import::commands_for`) and shows a preview — envelope, counts, the first
//! calls, warnings, errors with their place — before anything changes. "Import" tries every
//! command on a copy (in chunks, yielding to the browser), then applies them all at once
//! through the store (`Store::dispatch_all`): all or nothing, offline too; they sync later
//! like any other command. A repeated interchange (same sender and control reference) is
//! refused.

use crate::i18n::{fmt_datetime, fmt_int, fmt_qty, lang, t, tr};
use crate::store::{Store, use_store};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use takt_engine::edi::import::{self, ImportIds};
use takt_engine::edi::{
    self, EdiError, EdiWarning, EnvelopeInfo, ErrorKind, InboundDoc, JitCall, Parsed, Standard,
    When,
};
use takt_engine::types::CustomerId;
use takt_engine::{Command, State};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The worker's loader (trunk `data-type="worker"` with `data-loader-shim`; worker files are
/// not content-hashed, so the name is fixed).
pub const WORKER_URL: &str = "/takt-edi-worker_loader.js";
/// Component rows shown in the preview table.
pub const PREVIEW_ROWS: usize = 10;
/// Commands tried per chunk before the page yields to the browser.
const APPLY_CHUNK: usize = 20;

/// The steps of an import, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Reading,
    Parsing,
    Mapping,
    Applying,
}

impl Phase {
    pub fn key(self) -> &'static str {
        match self {
            Phase::Reading => "edi.phase.reading",
            Phase::Parsing => "edi.phase.parsing",
            Phase::Mapping => "edi.phase.mapping",
            Phase::Applying => "edi.phase.applying",
        }
    }
    pub fn code(self) -> &'static str {
        self.key().trim_start_matches("edi.phase.")
    }
}

/// Where a running import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
}

impl Progress {
    /// Percent of the whole import: each phase is a quarter.
    pub fn percent(&self) -> u64 {
        let base = match self.phase {
            Phase::Reading => 0,
            Phase::Parsing => 25,
            Phase::Mapping => 50,
            Phase::Applying => 75,
        };
        base + (self.done.min(self.total) * 25)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

/// One component row of the preview's call table.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    pub call: String,
    pub sequence: String,
    pub customer_material: String,
    pub our_material: String,
    pub qty: takt_engine::Qty,
    pub unit: String,
    pub required: When,
    pub place: String,
}

/// What the file holds, for the preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub envelope: EnvelopeInfo,
    /// Message type and count, in order of first appearance.
    pub message_types: Vec<(String, usize)>,
    pub messages: usize,
    pub calls: usize,
    pub components: usize,
    pub rows: Vec<CallRow>,
    pub warnings: Vec<EdiWarning>,
}

impl Summary {
    /// Counts and the first rows of a parsed interchange (no arithmetic beyond counting).
    pub fn of(parsed: &Parsed) -> Summary {
        let edi::Counts {
            message_types,
            calls,
            components,
        } = parsed.counts();
        let rows = parsed
            .documents
            .iter()
            .filter_map(|doc| match doc {
                InboundDoc::JitCall(m) => Some(m),
                _ => None,
            })
            .flat_map(|m| &m.calls)
            .flat_map(|c| c.components.iter().map(move |k| row(c, k)))
            .take(PREVIEW_ROWS)
            .collect();
        Summary {
            envelope: parsed.envelope.clone(),
            message_types,
            messages: parsed.documents.len(),
            calls,
            components,
            rows,
            warnings: parsed.warnings.clone(),
        }
    }
}

fn row(c: &JitCall, k: &edi::JitComponent) -> CallRow {
    let place = [k.unloading_point.as_deref(), k.supply_area.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" / ");
    CallRow {
        call: c.call_number.to_string(),
        sequence: c
            .sequence
            .as_ref()
            .map_or_else(String::new, |s| match &s.vehicle {
                Some(v) => format!("{} · {v}", s.sequence_no),
                None => s.sequence_no.to_string(),
            }),
        customer_material: k.customer_material.to_string(),
        our_material: k.our_material.as_deref().unwrap_or_default().to_owned(),
        qty: k.qty,
        unit: k.unit.to_string(),
        required: k.required,
        place,
    }
}

/// The preview of one file: what it holds, the commands it maps to, and every problem that
/// stops the import.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub file_name: String,
    pub file_size: u64,
    pub summary: Option<Summary>,
    pub partner: Option<CustomerId>,
    pub commands: Vec<Command>,
    pub errors: Vec<EdiError>,
}

impl Preview {
    /// Builds the preview of a parse result against the current state: the partner from the
    /// sender's profile, the commands, and the duplicate check.
    pub fn build(
        state: &State,
        file_name: String,
        file_size: u64,
        parsed: Result<Parsed, EdiError>,
    ) -> Preview {
        let mut p = Preview {
            file_name,
            file_size,
            summary: None,
            partner: None,
            commands: Vec::new(),
            errors: Vec::new(),
        };
        let parsed = match parsed {
            Ok(x) => x,
            Err(e) => {
                p.errors.push(e);
                return p;
            }
        };
        p.summary = Some(Summary::of(&parsed));
        if let Err(e) = duplicate_check(state, &parsed.envelope) {
            p.errors.push(e);
        }
        match import::resolve_partner(state, &parsed, None) {
            Ok(c) => {
                match import::commands_for(&parsed, state, &c, &ImportIds::for_interchange(&parsed))
                {
                    Ok(cmds) => p.commands = cmds,
                    Err(e) => p.errors.push(e),
                }
                p.partner = Some(c);
            }
            Err(e) => p.errors.push(e),
        }
        p
    }

    pub fn ready(&self) -> bool {
        self.errors.is_empty() && !self.commands.is_empty()
    }
}

/// Refuses an interchange whose calls are already in the state (see
/// [`import::imported_before`]), as `edi::check_duplicate` does with the server's inbox.
pub fn duplicate_check(state: &State, env: &EnvelopeInfo) -> Result<(), EdiError> {
    let mut seen = std::collections::BTreeSet::new();
    if import::imported_before(state, env) {
        seen.insert(edi::interchange_key(env));
    }
    edi::check_duplicate(env, &seen)
}

/// What "Import" did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Commands applied, and the calls they received.
    Imported { commands: usize, calls: Vec<String> },
    /// Nothing applied: which command was refused and why.
    Refused(String),
}

/// Yields to the browser's event loop (a zero timeout), so it can paint the progress.
async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Tries `commands` on a copy of the state in chunks (yielding between them, reporting
/// progress), then applies them at once through the store. Nothing changes unless all apply.
pub async fn apply_import(
    store: Store,
    envelope: EnvelopeInfo,
    commands: Vec<Command>,
    progress: impl Fn(Progress),
) -> Outcome {
    let total = commands.len() as u64;
    let mut scratch = store.with_untracked(State::clone);
    for (n, chunk) in commands.chunks(APPLY_CHUNK).enumerate() {
        progress(Progress {
            phase: Phase::Applying,
            done: (n * APPLY_CHUNK) as u64,
            total,
        });
        yield_now().await;
        for (i, c) in chunk.iter().enumerate() {
            let at = n * APPLY_CHUNK + i;
            match takt_engine::apply(&mut scratch, c.clone()) {
                Ok(a) => {
                    if let Some(bad) = a.outcomes.iter().find(|o| !o.ok) {
                        return refused(at, c, &format!("{}: {}", bad.id, bad.message));
                    }
                }
                Err(r) => return refused(at, c, &r.to_string()),
            }
        }
    }
    progress(Progress {
        phase: Phase::Applying,
        done: total,
        total,
    });
    // The state may have changed while we yielded (a sync): check again, then apply at once.
    if let Err(e) = store.with_untracked(|s| duplicate_check(s, &envelope)) {
        return Outcome::Refused(e.to_string());
    }
    let calls = received_calls(&commands);
    let n = commands.len();
    match store.dispatch_all(commands.clone()) {
        Ok(_) => Outcome::Imported { commands: n, calls },
        Err((i, r)) => match commands.get(i) {
            Some(c) => refused(i, c, &r.to_string()),
            None => Outcome::Refused(r.to_string()),
        },
    }
}

fn refused(index: usize, c: &Command, why: &str) -> Outcome {
    Outcome::Refused(format!("command {} ({}): {why}", index + 1, c.action()))
}

/// The internal numbers of the calls a list of commands receives.
fn received_calls(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Jit {
                command: takt_engine::jit::JitCommand::Receive { calls },
            } => Some(calls.iter().map(|n| n.id.to_string())),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The messages the worker posts (see `crates/edi-worker/src/lib.rs`).
#[derive(Debug, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum FromWorker {
    Ready,
    Progress {
        phase: String,
        done: u64,
        total: u64,
    },
    Header {
        envelope: EnvelopeInfo,
        warnings: Vec<EdiWarning>,
        documents: u64,
    },
    Documents {
        docs: Vec<InboundDoc>,
    },
    Calls {
        calls: Vec<JitCall>,
    },
    Done,
    Error {
        error: EdiError,
    },
}

/// The interchange being put together from the worker's chunks.
#[derive(Debug, Default)]
struct Assembly {
    envelope: Option<EnvelopeInfo>,
    warnings: Vec<EdiWarning>,
    documents: Vec<InboundDoc>,
    expected: u64,
}

/// A running worker and its handlers (kept alive until the next import replaces them).
type WorkerSlot = Option<(
    web_sys::Worker,
    Closure<dyn FnMut(web_sys::MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
)>;

fn worker_error(found: String) -> EdiError {
    EdiError::new(
        ErrorKind::Syntax,
        "the EDI reader to start (Web Worker)",
        found,
    )
}

/// Starts parsing `file` in a new worker; `on_result` gets the parse result once.
fn parse_in_worker(
    slot: Rc<RefCell<WorkerSlot>>,
    file: web_sys::File,
    on_progress: impl Fn(Progress) + 'static,
    on_result: impl Fn(Result<Parsed, EdiError>) + 'static,
) {
    if let Some((old, _, _)) = slot.borrow_mut().take() {
        old.terminate();
    }
    let worker = match web_sys::Worker::new(WORKER_URL) {
        Ok(w) => w,
        Err(e) => {
            on_result(Err(worker_error(format!("{e:?}"))));
            return;
        }
    };
    let on_result = Rc::new(on_result);
    let assembly = Rc::new(RefCell::new(Assembly::default()));
    let finished = Rc::new(std::cell::Cell::new(false));
    let w2 = worker.clone();
    let (r2, f2) = (on_result.clone(), finished.clone());
    // The worker sets its message handler once its wasm has started; a message posted
    // before that would be lost, so the file goes when it says "ready".
    let mut file = Some(file);
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if f2.get() {
                return;
            }
            let Some(text) = ev.data().as_string() else {
                return;
            };
            let msg: FromWorker = match serde_json::from_str(&text) {
                Ok(m) => m,
                Err(e) => {
                    f2.set(true);
                    w2.terminate();
                    r2(Err(worker_error(e.to_string())));
                    return;
                }
            };
            let mut a = assembly.borrow_mut();
            match msg {
                FromWorker::Ready => {
                    if let Some(f) = file.take() {
                        let _ = w2.post_message(&f);
                    }
                }
                FromWorker::Progress { phase, done, total } => on_progress(Progress {
                    phase: if phase == "reading" {
                        Phase::Reading
                    } else {
                        Phase::Parsing
                    },
                    done,
                    total,
                }),
                FromWorker::Header {
                    envelope,
                    warnings,
                    documents,
                } => {
                    a.envelope = Some(envelope);
                    a.warnings = warnings;
                    a.expected = documents;
                    a.documents.reserve(usize::try_from(documents).unwrap_or(0));
                }
                FromWorker::Documents { docs } => {
                    a.documents.extend(docs);
                    on_progress(Progress {
                        phase: Phase::Mapping,
                        done: a.documents.len() as u64,
                        total: a.expected,
                    });
                }
                FromWorker::Calls { calls } => {
                    if let Some(InboundDoc::JitCall(m)) = a.documents.last_mut() {
                        m.calls.extend(calls);
                    }
                }
                FromWorker::Done => {
                    f2.set(true);
                    w2.terminate();
                    let a = std::mem::take(&mut *a);
                    match a.envelope {
                        Some(envelope) => r2(Ok(Parsed {
                            envelope,
                            documents: a.documents,
                            warnings: a.warnings,
                        })),
                        None => r2(Err(worker_error("no envelope".into()))),
                    }
                }
                FromWorker::Error { error } => {
                    f2.set(true);
                    w2.terminate();
                    r2(Err(error));
                }
            }
        });
    let w3 = worker.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if finished.get() {
            return;
        }
        finished.set(true);
        w3.terminate();
        let what = ev
            .dyn_ref::<web_sys::ErrorEvent>()
            .map_or_else(|| "an error".to_owned(), |e| e.message());
        on_result(Err(worker_error(what)));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *slot.borrow_mut() = Some((worker, on_message, on_error));
}

fn standard_name(s: Standard) -> &'static str {
    match s {
        Standard::Edifact => "UN/EDIFACT",
        Standard::X12 => "ANSI X12",
        Standard::Vda => "VDA",
    }
}

fn when_text(l: crate::i18n::Lang, w: When) -> String {
    match (w.day.date(), w.minute) {
        (Some(d), m) => {
            let m = u32::from(m.unwrap_or(0));
            d.and_hms_opt(m / 60, m % 60, 0)
                .map_or_else(|| w.to_string(), |t| fmt_datetime(l, t))
        }
        (None, _) => w.to_string(),
    }
}

fn error_kind_key(k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::Syntax => "edi.kind.syntax",
        ErrorKind::Envelope => "edi.kind.envelope",
        ErrorKind::Content => "edi.kind.content",
        ErrorKind::Unsupported => "edi.kind.unsupported",
        ErrorKind::Duplicate => "edi.kind.duplicate",
        ErrorKind::Render => "edi.kind.render",
    }
}

/// Where an error is, in words ("line 12 · segment 12 QTY · element 1.2").
fn place(
    l: crate::i18n::Lang,
    line: u32,
    segment: u32,
    tag: &str,
    element: u32,
    component: u32,
) -> String {
    let mut parts = Vec::new();
    if line > 0 {
        parts.push(format!("{} {line}", tr(l, "edi.line")));
    }
    if segment > 0 || !tag.is_empty() {
        parts.push(
            format!("{} {segment} {tag}", tr(l, "edi.segment"))
                .trim()
                .to_owned(),
        );
    }
    if element > 0 {
        let c = if component > 0 {
            format!(".{component}")
        } else {
            String::new()
        };
        parts.push(format!("{} {element}{c}", tr(l, "edi.element")));
    }
    parts.join(" · ")
}

/// The preview of one file (envelope, counts, first calls, warnings, errors).
#[component]
pub fn EdiPreview(#[prop(into)] preview: Signal<Arc<Preview>>) -> impl IntoView {
    move || {
        let l = lang();
        let p = preview.get();
        let summary = p.summary.clone();
        let errors = p.errors.clone();
        view! {
            <div class="edi-preview" data-testid="edi-preview">
                <p class="file">
                    <strong>{p.file_name.to_string()}</strong>
                    " · "{fmt_int(l, i64::try_from(p.file_size).unwrap_or(i64::MAX))}" "{tr(l, "edi.bytes")}
                </p>
                {summary.map(|s| {
                    let types = s
                        .message_types
                        .iter()
                        .map(|(t, n)| format!("{t} × {n}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let env = s.envelope.clone();
                    let n = |x: usize| fmt_int(l, i64::try_from(x).unwrap_or(i64::MAX));
                    view! {
                        <dl class="facts" data-testid="edi-envelope">
                            <dt>{tr(l, "edi.standard")}</dt><dd data-testid="edi-standard">{standard_name(env.standard)}{env.test.then(|| format!(" ({})", tr(l, "edi.test")))}</dd>
                            <dt>{tr(l, "edi.message_types")}</dt><dd data-testid="edi-types">{types}</dd>
                            <dt>{tr(l, "edi.sender")}</dt><dd data-testid="edi-sender">{env.sender.to_string()}{env.sender_qualifier.clone().map(|q| format!(" ({q})"))}</dd>
                            <dt>{tr(l, "edi.receiver")}</dt><dd>{env.receiver.to_string()}{env.receiver_qualifier.clone().map(|q| format!(" ({q})"))}</dd>
                            <dt>{tr(l, "edi.partner")}</dt><dd data-testid="edi-partner">{p.partner.as_ref().map_or_else(|| "—".to_owned(), ToString::to_string)}</dd>
                            <dt>{tr(l, "edi.control_ref")}</dt><dd data-testid="edi-control-ref">{env.control_ref.to_string()}</dd>
                            {env.prepared.map(|w| view! { <dt>{tr(l, "edi.prepared")}</dt><dd>{when_text(l, w)}</dd> })}
                        </dl>
                        <ul class="edi-counts" data-testid="edi-counts">
                            <li><span class="n" data-testid="edi-messages">{n(s.messages)}</span>" "{tr(l, "edi.messages")}</li>
                            <li><span class="n" data-testid="edi-calls">{n(s.calls)}</span>" "{tr(l, "edi.calls")}</li>
                            <li><span class="n" data-testid="edi-components">{n(s.components)}</span>" "{tr(l, "edi.components")}</li>
                            <li><span class="n" data-testid="edi-commands">{n(p.commands.len())}</span>" "{tr(l, "edi.commands")}</li>
                        </ul>
                        {(!s.rows.is_empty()).then(|| view! {
                            <h3>{tr(l, "edi.first_calls")}</h3>
                            <div class="table-wrap" tabindex="0">
                                <table data-testid="edi-calls-table">
                                    <thead><tr>
                                        <th scope="col">{tr(l, "jit.call")}</th>
                                        <th scope="col">{tr(l, "jit.sequence")}</th>
                                        <th scope="col">{tr(l, "jit.customer_material")}</th>
                                        <th scope="col">{tr(l, "common.material")}</th>
                                        <th scope="col" class="num">{tr(l, "common.qty")}</th>
                                        <th scope="col">{tr(l, "common.unit")}</th>
                                        <th scope="col">{tr(l, "jit.required_at")}</th>
                                        <th scope="col">{tr(l, "edi.place")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {s.rows.iter().map(|r| view! {
                                            <tr>
                                                <td>{r.call.to_string()}</td>
                                                <td>{r.sequence.to_string()}</td>
                                                <td>{r.customer_material.to_string()}</td>
                                                <td>{r.our_material.to_string()}</td>
                                                <td class="num">{fmt_qty(l, r.qty)}</td>
                                                <td>{r.unit.to_string()}</td>
                                                <td>{when_text(l, r.required)}</td>
                                                <td>{r.place.to_string()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                        {(!s.warnings.is_empty()).then(|| view! {
                            <h3>{tr(l, "edi.warnings")}" ("{n(s.warnings.len())}")"</h3>
                            <ul class="edi-warnings" data-testid="edi-warnings">
                                {s.warnings.iter().take(100).map(|w| view! {
                                    <li>
                                        <span class="where">{place(l, w.line, w.segment, &w.tag, 0, 0)}</span>
                                        ": "{w.message.to_string()}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    }
                })}
                {(!errors.is_empty()).then(|| view! {
                    <div class="edi-errors" role="alert" data-testid="edi-errors">
                        <h3>{tr(l, "edi.errors")}</h3>
                        <ul>
                            {errors.iter().map(|e| {
                                let w = place(l, e.line, e.segment, &e.tag, e.element, e.component);
                                view! {
                                <li data-kind=format!("{:?}", e.kind).to_lowercase()>
                                    <strong class="kind">{tr(l, error_kind_key(e.kind))}</strong>
                                    {(!w.is_empty()).then(|| view! { " · "<span class="where" data-testid="edi-error-where">{w}</span> })}
                                    <div class="what">
                                        {tr(l, "edi.expected")}" "<span class="expected">{e.expected.to_string()}</span>
                                        {(!e.found.is_empty()).then(|| view! {
                                            ", "{tr(l, "edi.found")}" "<code class="found">{format!("{:?}", e.found)}</code>
                                        })}
                                    </div>
                                </li>
                            }}).collect_view()}
                        </ul>
                    </div>
                })}
            </div>
        }
    }
}

/// The import panel: picker, drop zone, progress, preview, import.
#[component]
pub fn EdiImport() -> impl IntoView {
    let store = use_store();
    let progress = RwSignal::new(None::<Progress>);
    let preview = RwSignal::new(None::<Arc<Preview>>);
    let outcome = RwSignal::new(None::<Outcome>);
    let dragging = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let slot: StoredValue<Rc<RefCell<WorkerSlot>>, LocalStorage> =
        StoredValue::new_local(Rc::new(RefCell::new(None)));
    let input_ref = NodeRef::<leptos::html::Input>::new();
    on_cleanup(move || {
        if let Some(s) = slot.try_get_value()
            && let Some((w, _, _)) = s.borrow_mut().take()
        {
            w.terminate();
        }
    });

    let start = move |file: web_sys::File| {
        let name = file.name();
        let size = file.size() as u64;
        preview.set(None);
        outcome.set(None);
        busy.set(true);
        progress.set(Some(Progress {
            phase: Phase::Reading,
            done: 0,
            total: size,
        }));
        parse_in_worker(
            slot.get_value(),
            file,
            move |p| progress.set(Some(p)),
            move |parsed| {
                let name = name.clone();
                leptos::task::spawn_local(async move {
                    progress.set(Some(Progress {
                        phase: Phase::Mapping,
                        done: 0,
                        total: 1,
                    }));
                    yield_now().await;
                    let p = store.with_untracked(|s| Preview::build(s, name, size, parsed));
                    preview.set(Some(Arc::new(p)));
                    progress.set(None);
                    busy.set(false);
                });
            },
        );
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            start(f);
        }
        // The same file can be chosen again (to see the duplicate refusal).
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if busy.get_untracked() {
            return;
        }
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            start(f);
        }
    };
    let open_picker = move || {
        if let Some(i) = input_ref.get_untracked() {
            i.click();
        }
    };
    let do_import = move |_| {
        let Some(p) = preview.get_untracked() else {
            return;
        };
        let Some(env) = p.summary.as_ref().map(|s| s.envelope.clone()) else {
            return;
        };
        if !p.ready() {
            return;
        }
        busy.set(true);
        let commands = p.commands.clone();
        leptos::task::spawn_local(async move {
            let o = apply_import(store, env, commands, move |x| progress.set(Some(x))).await;
            if matches!(o, Outcome::Imported { .. }) {
                preview.set(None);
            }
            outcome.set(Some(o));
            progress.set(None);
            busy.set(false);
        });
    };

    view! {
        <section aria-labelledby="edi-import-h" class="panel edi-import" data-testid="edi-import">
            <h2 id="edi-import-h">{move || t("edi.import")}</h2>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                role="button"
                tabindex="0"
                aria-describedby="edi-drop-hint"
                data-testid="edi-drop"
                on:dragenter=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
                on:click=move |_| open_picker()
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        open_picker();
                    }
                }
            >
                <span class="big" aria-hidden="true">"⇪"</span>
                <span>{move || t("edi.drop")}</span>
                <span id="edi-drop-hint" class="hint">{move || t("edi.drop_hint")}</span>
            </div>
            <label class="field">
                <span>{move || t("edi.choose")}</span>
                <input
                    type="file"
                    node_ref=input_ref
                    data-testid="edi-file"
                    accept=".edi,.txt,.x12,.dat,.edifact,text/plain"
                    disabled=move || busy.get()
                    on:change=on_pick
                />
            </label>
            {move || progress.get().map(|p| {
                let l = lang();
                let label = tr(l, p.phase.key());
                let detail = if p.total > 1 {
                    format!(" {} / {}", fmt_int(l, p.done as i64), fmt_int(l, p.total as i64))
                } else {
                    String::new()
                };
                view! {
                    <div class="edi-progress" role="status" aria-live="polite" data-testid="edi-progress" data-phase=p.phase.code()>
                        <span>{label}{detail}</span>
                        <progress max="100" value=p.percent().to_string() aria-label=label></progress>
                    </div>
                }
            })}
            {move || preview.get().map(|p| {
                let ready = p.ready();
                view! {
                    <EdiPreview preview=Signal::derive(move || p.clone()) />
                    <div class="buttons">
                        <button type="button" class="primary" data-testid="edi-import-button"
                            disabled=move || !ready || busy.get()
                            on:click=do_import>
                            {move || t("edi.import_button")}
                        </button>
                        <button type="button" data-testid="edi-discard"
                            disabled=move || busy.get()
                            on:click=move |_| { preview.set(None); outcome.set(None); }>
                            {move || t("edi.discard")}
                        </button>
                    </div>
                }
            })}
            <div role="status" aria-live="polite" data-testid="edi-outcome">
                {move || outcome.get().map(|o| {
                    let l = lang();
                    match o {
                        Outcome::Imported { commands, calls } => view! {
                            <p class="applied">
                                <strong>{tr(l, "edi.imported")}</strong>
                                " "{fmt_int(l, commands as i64)}" "{tr(l, "edi.commands")}
                                {(!calls.is_empty()).then(|| view! {
                                    " · "{tr(l, "jit.calls")}": "
                                    {calls.iter().take(20).map(|c| view! {
                                        <a href=format!("/jit/calls/{c}") data-testid="edi-imported-call">{c.to_string()}</a>" "
                                    }).collect_view()}
                                    {(calls.len() > 20).then(|| format!("+ {}", calls.len() - 20))}
                                })}
                            </p>
                        }.into_any(),
                        Outcome::Refused(why) => view! {
                            <p class="rejected"><strong>{tr(l, "edi.refused")}": "</strong>{why}</p>
                        }.into_any(),
                    }
                })}
            </div>
        </section>
    }
}
