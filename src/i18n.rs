//! English and German: the `Lang` signal in context, the language selector, `t(key)` string
//! tables and date/number formatting per locale (de: 22.11.2026, 1.234; en: 2026-11-22, 1,234).
//!
//! Strings live in one table so a missing translation is one grep away; a key without an
//! entry shows the key itself (visible in review, never a panic).

use chrono::{NaiveDate, NaiveDateTime};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use takt_engine::{Day, Qty};

/// localStorage key of the chosen language.
pub const STORAGE_KEY: &str = "takt.lang";

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// BCP 47 code, also the stored value and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The language's own name (shown in the selector whatever the current language).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }
}

/// Copy handle to the language signal.
#[derive(Debug, Clone, Copy)]
pub struct LangCtx(pub RwSignal<Lang>);

/// Provides the language at the root: the stored choice, else English.
pub fn provide_lang() -> RwSignal<Lang> {
    let stored = LocalStorage::get::<String>(STORAGE_KEY)
        .ok()
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or_default();
    let lang = RwSignal::new(stored);
    set_document_lang(stored);
    provide_context(LangCtx(lang));
    lang
}

/// The language signal; where none is provided (isolated components), a fresh English one
/// owned by the caller (not put in context, so no other component depends on its lifetime).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<LangCtx>()
        .map(|LangCtx(l)| l)
        .unwrap_or_else(|| RwSignal::new(Lang::En))
}

/// Changes the language, stores the choice and updates `<html lang>` for screen readers.
/// Takes the signal (captured where the component is built: event handlers run outside the
/// component's owner, where the context is not reachable).
pub fn set_lang(signal: RwSignal<Lang>, lang: Lang) {
    signal.set(lang);
    // Storage can be unavailable (private mode); the choice then lasts for the session.
    let _ = LocalStorage::set(STORAGE_KEY, lang.code());
    set_document_lang(lang);
}

fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
    }
}

/// The current language (tracked: use inside reactive closures); English without a context.
pub fn lang() -> Lang {
    use_context::<LangCtx>()
        .map(|LangCtx(l)| l.get())
        .unwrap_or_default()
}

/// The string for `key` in the current language (tracked).
pub fn t(key: &'static str) -> &'static str {
    tr(lang(), key)
}

/// The string for `key` in `lang`; the key itself when the table has no entry.
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    let planning = crate::i18n_plan::STRINGS.iter();
    match STRINGS.iter().chain(planning).find(|(k, _, _)| *k == key) {
        Some((_, en, de)) => match lang {
            Lang::En => en,
            Lang::De => de,
        },
        None => key,
    }
}

/// Integer with thousands separators: en 1,234 · de 1.234.
pub fn fmt_int(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::En => ',',
        Lang::De => '.',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

pub fn fmt_qty(lang: Lang, q: Qty) -> String {
    fmt_int(lang, q.0)
}

/// Cents as money: en 1,234.50 EUR · de 1.234,50 EUR.
pub fn fmt_money(lang: Lang, cents: i64, currency: &str) -> String {
    let dec = match lang {
        Lang::En => '.',
        Lang::De => ',',
    };
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = i64::try_from(abs / 100).unwrap_or(i64::MAX);
    format!(
        "{sign}{}{dec}{:02} {currency}",
        fmt_int(lang, whole),
        abs % 100
    )
}

/// en 2026-11-22 · de 22.11.2026.
pub fn fmt_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::En => d.format("%Y-%m-%d").to_string(),
        Lang::De => d.format("%d.%m.%Y").to_string(),
    }
}

pub fn fmt_day(lang: Lang, d: Day) -> String {
    d.date()
        .map(|d| fmt_date(lang, d))
        .unwrap_or_else(|| d.to_string())
}

/// en 2026-11-22 06:30 · de 22.11.2026 06:30.
pub fn fmt_datetime(lang: Lang, t: NaiveDateTime) -> String {
    format!("{} {}", fmt_date(lang, t.date()), t.format("%H:%M"))
}

/// The language selector for the header: a labelled native `<select>` (keyboard and screen
/// reader support come with it).
#[component]
pub fn LangSelect() -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="lang-select">
            <span class="visually-hidden">{move || t("lang.label")}</span>
            <select
                data-testid="lang-select"
                prop:value=move || lang.get().code()
                on:change=move |ev| {
                    if let Some(l) = Lang::from_code(&event_target_value(&ev)) {
                        set_lang(lang, l);
                    }
                }
            >
                {Lang::ALL
                    .iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.code() selected=move || lang.get() == *l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// (key, English, German).
static STRINGS: &[(&str, &str, &str)] = &[
    ("lang.label", "Language", "Sprache"),
    // sign-in and roles
    ("login.sign_in", "Sign in", "Anmelden"),
    ("login.sign_out", "Sign out", "Abmelden"),
    ("login.name", "Name", "Name"),
    ("login.password", "Password", "Passwort"),
    ("role.not_available", "Not available", "Nicht verfügbar"),
    (
        "role.not_yours",
        "This area is not part of your role.",
        "Dieser Bereich gehört nicht zu Ihrer Rolle.",
    ),
    ("replenishment", "Replenishment", "Beschaffungsmethode"),
    ("replenishment.purchase", "Purchase", "Einkauf"),
    ("replenishment.production", "Production", "Fertigung"),
    // navigation
    ("nav.main", "Main", "Hauptmenü"),
    ("nav.jit", "JIT", "JIT"),
    ("nav.planning", "Planning", "Planung"),
    ("nav.atp", "ATP", "ATP"),
    ("nav.vmi", "VMI", "VMI"),
    // start page
    (
        "home.lead",
        "Supply planning for suppliers that deliver just in time.",
        "Versorgungsplanung für Lieferanten, die just in time liefern.",
    ),
    (
        "home.summary",
        "{items} items, {customers} customers, {orders} sales orders, {pos} purchase orders, {calls} JIT calls on this device",
        "{items} Artikel, {customers} Kunden, {orders} Verkaufsaufträge, {pos} Bestellungen, {calls} JIT-Abrufe auf diesem Gerät",
    ),
    (
        "home.jit",
        "calls from receipt to invoice",
        "Abrufe vom Eingang bis zur Rechnung",
    ),
    (
        "home.planning",
        "MRP worksheet and MRP card",
        "Planungsvorschlag und Dispositionskarte",
    ),
    (
        "home.atp",
        "can we promise this order?",
        "können wir diesen Auftrag zusagen?",
    ),
    (
        "home.vmi",
        "customers' stock and sales proposals",
        "Kundenbestand und Vertriebsvorschläge",
    ),
    ("home.not_found", "Page not found", "Seite nicht gefunden"),
    // an area's screens, loaded when it is opened (src/areas.rs)
    ("chunk.loading", "Loading…", "Wird geladen…"),
    (
        "chunk.failed",
        "This screen could not be loaded. Check the connection and try again.",
        "Diese Ansicht konnte nicht geladen werden. Prüfen Sie die Verbindung und versuchen Sie es erneut.",
    ),
    ("chunk.retry", "Try again", "Erneut versuchen"),
    (
        "home.back",
        "Back to the start page",
        "Zurück zur Startseite",
    ),
    // rejection inbox and banners
    ("inbox.refused", "Refused", "Abgelehnt"),
    ("sync.pending", "{n} pending", "{n} ausstehend"),
    (
        "sync.pending_title",
        "Changes not yet confirmed by the server",
        "Änderungen, die der Server noch nicht bestätigt hat",
    ),
    ("sync.synced", "synced {t}", "synchronisiert {t}"),
    ("sync.never", "never", "nie"),
    ("sync.syncing", "syncing…", "synchronisiere…"),
    (
        "sync.last_title",
        "Last sync (UTC)",
        "Letzte Synchronisierung (UTC)",
    ),
    ("sync.now", "Sync now", "Jetzt synchronisieren"),
    (
        "inbox.title",
        "Commands the server refused",
        "Vom Server abgelehnte Befehle",
    ),
    ("inbox.retry", "Retry", "Erneut senden"),
    ("inbox.discard", "Discard", "Verwerfen"),
    ("inbox.sent_again", "sent again", "erneut gesendet"),
    ("banner.dismiss", "Dismiss", "Schließen"),
    (
        "banner.other_tab",
        "Takt is open in another tab. Changes are made there.",
        "Takt ist in einem anderen Tab geöffnet. Änderungen werden dort gemacht.",
    ),
    ("banner.use_here", "Use here", "Hier verwenden"),
    // common
    ("common.all", "All", "Alle"),
    ("common.yes", "yes", "ja"),
    ("common.no", "no", "nein"),
    ("common.none", "none", "keine"),
    ("common.save", "Save", "Speichern"),
    ("common.delete", "Delete", "Löschen"),
    ("common.select", "Select", "Auswählen"),
    (
        "common.select_all",
        "Select all shown",
        "Alle angezeigten auswählen",
    ),
    (
        "common.clear_selection",
        "Clear selection",
        "Auswahl aufheben",
    ),
    ("common.selected", "selected", "ausgewählt"),
    ("common.rejected", "Rejected", "Abgelehnt"),
    ("common.done", "Done", "Erledigt"),
    ("common.customer", "Customer", "Kunde"),
    ("common.article", "Article", "Artikel"),
    ("common.material", "Material", "Material"),
    ("common.qty", "Quantity", "Menge"),
    ("common.date", "Date", "Datum"),
    ("common.status", "Status", "Status"),
    ("common.type", "Type", "Art"),
    ("common.location", "Location", "Lagerort"),
    ("common.planner", "Planner", "Disponent"),
    ("common.unit", "Unit", "Einheit"),
    ("common.more", "more", "weitere"),
    (
        "common.download_json",
        "Download JSON",
        "JSON herunterladen",
    ),
    ("common.download_edi", "Download EDI", "EDI herunterladen"),
    ("common.back", "Back", "Zurück"),
    ("common.not_found", "Not found", "Nicht gefunden"),
    // JIT monitor
    // EDI import (JIT screen)
    ("edi.import", "Import EDI", "EDI importieren"),
    (
        "edi.drop",
        "Drop an EDI file here, or press Enter to choose one",
        "EDI-Datei hier ablegen oder Enter drücken, um eine auszuwählen",
    ),
    (
        "edi.drop_hint",
        "DELJIT, DELFOR, INVRPT, X12 862/866/830/846, VDA 4905/4915/4916. Nothing changes before you confirm the preview.",
        "DELJIT, DELFOR, INVRPT, X12 862/866/830/846, VDA 4905/4915/4916. Nichts ändert sich, bevor Sie die Vorschau bestätigen.",
    ),
    ("edi.choose", "Choose an EDI file", "EDI-Datei auswählen"),
    (
        "edi.phase.reading",
        "Reading the file",
        "Datei wird gelesen",
    ),
    ("edi.phase.parsing", "Parsing", "Wird analysiert"),
    (
        "edi.phase.mapping",
        "Mapping to commands",
        "Wird in Befehle umgesetzt",
    ),
    ("edi.phase.applying", "Applying", "Wird angewendet"),
    ("edi.bytes", "bytes", "Bytes"),
    ("edi.standard", "Standard", "Standard"),
    ("edi.test", "test", "Test"),
    ("edi.message_types", "Message types", "Nachrichtentypen"),
    ("edi.sender", "Sender", "Absender"),
    ("edi.receiver", "Receiver", "Empfänger"),
    (
        "edi.partner",
        "Customer (partner profile)",
        "Kunde (Partnerprofil)",
    ),
    ("edi.control_ref", "Control reference", "Kontrollreferenz"),
    ("edi.prepared", "Prepared", "Erstellt"),
    ("edi.messages", "messages", "Nachrichten"),
    ("edi.commands", "commands", "Befehle"),
    ("edi.calls", "calls", "Abrufe"),
    ("edi.components", "components", "Komponenten"),
    ("edi.first_calls", "First calls", "Erste Abrufe"),
    (
        "edi.place",
        "Unloading point / supply area",
        "Abladestelle / Verbauort",
    ),
    (
        "edi.warnings",
        "Warnings (skipped segments)",
        "Warnungen (übersprungene Segmente)",
    ),
    (
        "edi.errors",
        "Errors — nothing can be imported",
        "Fehler — nichts kann importiert werden",
    ),
    ("edi.line", "line", "Zeile"),
    ("edi.segment", "segment", "Segment"),
    ("edi.element", "element", "Element"),
    ("edi.expected", "expected", "erwartet"),
    ("edi.found", "found", "gefunden"),
    ("edi.kind.syntax", "Syntax", "Syntax"),
    ("edi.kind.envelope", "Envelope", "Umschlag"),
    ("edi.kind.content", "Content", "Inhalt"),
    ("edi.kind.unsupported", "Not supported", "Nicht unterstützt"),
    (
        "edi.kind.duplicate",
        "Already imported",
        "Bereits importiert",
    ),
    ("edi.kind.render", "Output", "Ausgabe"),
    ("edi.import_button", "Import", "Importieren"),
    ("edi.discard", "Discard", "Verwerfen"),
    ("edi.imported", "Imported:", "Importiert:"),
    ("edi.refused", "Nothing imported", "Nichts importiert"),
    ("jit.title", "JIT calls", "JIT-Abrufe"),
    ("jit.counts", "Calls per status", "Abrufe je Status"),
    ("jit.progress", "Progress per day", "Fortschritt je Tag"),
    ("jit.alerts", "Alerts", "Warnungen"),
    ("jit.no_alerts", "No alerts.", "Keine Warnungen."),
    ("jit.calls", "Calls", "Abrufe"),
    ("jit.filters", "Filters", "Filter"),
    (
        "jit.filter.alert",
        "Only calls with alerts",
        "Nur Abrufe mit Warnungen",
    ),
    ("jit.filter.required_day", "Required on", "Benötigt am"),
    ("jit.shown", "calls shown", "Abrufe angezeigt"),
    (
        "jit.none_match",
        "No call matches the filters.",
        "Kein Abruf passt zu den Filtern.",
    ),
    ("jit.call", "Call", "Abruf"),
    ("jit.external", "External no.", "Externe Nr."),
    ("jit.required_at", "Required at", "Benötigt um"),
    ("jit.components", "Components", "Komponenten"),
    ("jit.produced", "Produced", "Produziert"),
    ("jit.shipped", "Shipped", "Versendet"),
    ("jit.completed", "Completed", "Abgeschlossen"),
    ("jit.cancelled", "Cancelled", "Storniert"),
    ("jit.day", "Day", "Tag"),
    ("jit.reason", "Reason", "Grund"),
    ("jit.action", "Action to take", "Zu tun"),
    ("jit.type.summarized", "summarized", "summarisch"),
    ("jit.type.sequenced", "sequenced", "sequenziert"),
    ("jit.actions", "Lifecycle steps", "Prozessschritte"),
    ("jit.cancel_reason", "Cancellation reason", "Stornogrund"),
    ("jit.result", "Result", "Ergebnis"),
    ("jit.detail", "Call", "Abruf"),
    ("jit.version", "Version", "Version"),
    ("jit.supply_area", "Supply area", "Verbauort"),
    ("jit.unloading_point", "Unloading point", "Abladestelle"),
    ("jit.ship_to", "Ship-to", "Warenempfänger"),
    ("jit.sequence", "Sequence no.", "Sequenznr."),
    ("jit.vehicle", "Vehicle", "Fahrzeug"),
    ("jit.position", "Pos.", "Pos."),
    (
        "jit.customer_material",
        "Customer material",
        "Kundenmaterial",
    ),
    ("jit.failure", "Posting error", "Buchungsfehler"),
    (
        "jit.production_group",
        "Production group",
        "Produktionsgruppe",
    ),
    ("jit.handling_units", "Handling units", "Handling Units"),
    ("jit.sscc", "SSCC", "SSCC"),
    ("jit.packaging", "Packaging", "Packmittel"),
    ("jit.parent", "On", "Auf"),
    ("jit.contents", "Contents", "Inhalt"),
    ("jit.delivery", "Delivery", "Lieferung"),
    (
        "jit.no_delivery",
        "No delivery yet.",
        "Noch keine Lieferung.",
    ),
    ("jit.shipping_date", "Shipping date", "Versanddatum"),
    ("jit.warehouse", "Warehouse", "Lager"),
    ("jit.goods_issued_at", "Goods issued at", "Warenausgang am"),
    ("jit.documents", "Documents", "Belege"),
    ("jit.shipping_notice", "Shipping notice", "Lieferavis"),
    ("jit.invoice", "Invoice", "Rechnung"),
    (
        "jit.no_documents",
        "No documents yet.",
        "Noch keine Belege.",
    ),
    ("jit.net", "Net", "Netto"),
    ("jit.tax", "Tax", "Steuer"),
    ("jit.gross", "Gross", "Brutto"),
    (
        "jit.pending_change",
        "Change received after release",
        "Änderung nach Freigabe erhalten",
    ),
    ("jit.external_status", "External status", "Externer Status"),
    ("jit.replaces", "Replaces", "Ersetzt"),
    ("jit.replaced_by", "Replaced by", "Ersetzt durch"),
    (
        "jit.split",
        "Split off to a new delivery",
        "In neue Lieferung abspalten",
    ),
    (
        "jit.unknown_call",
        "This call does not exist.",
        "Diesen Abruf gibt es nicht.",
    ),
    // statuses
    ("status.received", "received", "empfangen"),
    (
        "status.released_to_production",
        "released to production",
        "für Produktion freigegeben",
    ),
    (
        "status.posting_failed",
        "posting failed",
        "Buchung fehlerhaft",
    ),
    (
        "status.production_confirmed",
        "production confirmed",
        "Produktion rückgemeldet",
    ),
    (
        "status.released_for_packing",
        "released for packing",
        "zum Verpacken freigegeben",
    ),
    ("status.packed", "packed", "verpackt"),
    (
        "status.delivery_created",
        "delivery created",
        "Lieferung angelegt",
    ),
    ("status.picked", "picked", "kommissioniert"),
    (
        "status.goods_issued",
        "goods issued",
        "Warenausgang gebucht",
    ),
    ("status.billed", "billed", "fakturiert"),
    ("status.completed", "completed", "abgeschlossen"),
    ("status.cancelled", "cancelled", "storniert"),
    // steps
    (
        "step.release_to_production",
        "Release to production",
        "Für Produktion freigeben",
    ),
    (
        "step.confirm_production",
        "Confirm production",
        "Produktion rückmelden",
    ),
    (
        "step.reprocess_postings",
        "Reprocess postings",
        "Buchungen nachbearbeiten",
    ),
    (
        "step.release_for_packing",
        "Release for packing",
        "Zum Verpacken freigeben",
    ),
    ("step.pack", "Pack", "Verpacken"),
    (
        "step.create_deliveries",
        "Create deliveries",
        "Lieferungen anlegen",
    ),
    ("step.pick", "Pick", "Kommissionieren"),
    (
        "step.hand_over_to_warehouse",
        "Hand over to warehouse",
        "An Lager übergeben",
    ),
    (
        "step.confirm_warehouse_picking",
        "Confirm warehouse picking",
        "Lager-Kommissionierung bestätigen",
    ),
    (
        "step.confirm_warehouse_goods_issue",
        "Confirm warehouse goods issue",
        "Lager-Warenausgang bestätigen",
    ),
    (
        "step.post_goods_issue",
        "Post goods issue",
        "Warenausgang buchen",
    ),
    ("step.create_billing", "Create invoice", "Fakturieren"),
    ("step.complete", "Complete", "Abschließen"),
    ("step.cancel", "Cancel", "Stornieren"),
    ("step.reorder", "Reorder", "Nachbestellen"),
    ("step.accept_change", "Accept change", "Änderung übernehmen"),
    (
        "step.dismiss_change",
        "Dismiss change",
        "Änderung verwerfen",
    ),
    // alerts
    (
        "alert.late",
        "Late: expected after the required time",
        "Verspätet: erwartet nach dem Bedarfszeitpunkt",
    ),
    (
        "alert.late.action",
        "Expedite production and shipping, or tell the customer.",
        "Produktion und Versand beschleunigen oder den Kunden informieren.",
    ),
    (
        "alert.posting_failed",
        "Stock posting failed",
        "Bestandsbuchung fehlgeschlagen",
    ),
    (
        "alert.posting_failed.action",
        "Fix the cause (stock, block, mapping), then reprocess postings.",
        "Ursache beheben (Bestand, Sperre, Zuordnung), dann Buchungen nachbearbeiten.",
    ),
    (
        "alert.unknown_material",
        "Unknown customer material",
        "Unbekanntes Kundenmaterial",
    ),
    (
        "alert.unknown_material.action",
        "Map the customer material to our material.",
        "Kundenmaterial einem Material zuordnen.",
    ),
    (
        "alert.sequence_gap",
        "Sequence numbers missing",
        "Sequenznummern fehlen",
    ),
    (
        "alert.sequence_gap.action",
        "Ask the customer for the missing calls.",
        "Fehlende Abrufe beim Kunden anfragen.",
    ),
    (
        "alert.sequence_duplicate",
        "Sequence number used twice",
        "Sequenznummer doppelt",
    ),
    (
        "alert.sequence_duplicate.action",
        "Cancel the duplicate call.",
        "Den doppelten Abruf stornieren.",
    ),
    (
        "alert.changed_after_release",
        "Changed after release",
        "Nach Freigabe geändert",
    ),
    (
        "alert.changed_after_release.action",
        "Accept or dismiss the new version.",
        "Neue Version übernehmen oder verwerfen.",
    ),
    ("alert.minutes_late", "minutes late", "Minuten zu spät"),
    // VMI
    (
        "vmi.title",
        "Vendor-managed inventory",
        "Lieferantengesteuerter Bestand",
    ),
    (
        "vmi.planning",
        "Customer-article planning data",
        "Kundendispositionsdaten",
    ),
    (
        "vmi.no_planning",
        "No planning data.",
        "Keine Dispositionsdaten.",
    ),
    ("vmi.sales_org", "Sales org.", "Verkaufsorg."),
    ("vmi.reorder_point", "Reorder point", "Meldebestand"),
    ("vmi.min_stock", "Min. stock", "Mindestbestand"),
    ("vmi.fill_up", "Fill-up", "Auffüllmenge"),
    ("vmi.lot_size", "Lot size", "Losgröße"),
    ("vmi.lead_time", "Lead time (days)", "Vorlaufzeit (Tage)"),
    ("vmi.stock", "Customers' stock", "Kundenbestand"),
    ("vmi.current_stock", "Current stock", "Aktueller Bestand"),
    (
        "vmi.no_stock",
        "No stock reported.",
        "Kein Bestand gemeldet.",
    ),
    ("vmi.reserved", "Reserved", "Reserviert"),
    ("vmi.unreserved", "Unreserved", "Frei"),
    ("vmi.reported_at", "Reported at", "Gemeldet am"),
    (
        "vmi.generate",
        "Generate sales proposals",
        "Vertriebsvorschläge erzeugen",
    ),
    ("vmi.preview", "Preview", "Vorschau"),
    ("vmi.run", "Generate", "Erzeugen"),
    ("vmi.as_of", "As of", "Stichtag"),
    (
        "vmi.list_hint",
        "Comma-separated; empty selects all",
        "Kommagetrennt; leer wählt alle",
    ),
    ("vmi.classification", "Classification", "Klassifizierung"),
    ("vmi.articles", "Articles", "Artikel"),
    ("vmi.customers", "Customers", "Kunden"),
    ("vmi.planners", "Planners", "Disponenten"),
    ("vmi.drafts", "would be proposed", "würden vorgeschlagen"),
    ("vmi.proposals", "Sales proposals", "Vertriebsvorschläge"),
    (
        "vmi.no_proposals",
        "No open proposals.",
        "Keine offenen Vorschläge.",
    ),
    ("vmi.proposal", "Proposal", "Vorschlag"),
    ("vmi.delivery_date", "Delivery date", "Liefertermin"),
    (
        "vmi.convert",
        "Convert to sales orders",
        "In Kundenaufträge umwandeln",
    ),
    ("vmi.alerts", "Customer alerts", "Kundenwarnungen"),
    ("vmi.no_alerts", "No alerts.", "Keine Warnungen."),
    ("vmi.alert.out_of_stock", "out of stock", "kein Bestand"),
    (
        "vmi.alert.below_minimum",
        "below minimum",
        "unter Mindestbestand",
    ),
    (
        "vmi.alert.above_fill_up",
        "above fill-up",
        "über Auffüllmenge",
    ),
    ("vmi.projected", "Projected", "Prognose"),
    ("vmi.available", "Available", "Verfügbar"),
    ("vmi.accept", "Accept", "Annehmen"),
    ("vmi.customer_view", "Your stock", "Ihr Bestand"),
    ("vmi.history", "Stock over time", "Bestandsverlauf"),
    (
        "vmi.on_the_way",
        "Deliveries on the way",
        "Lieferungen unterwegs",
    ),
    (
        "vmi.nothing_on_the_way",
        "Nothing on the way.",
        "Nichts unterwegs.",
    ),
    ("vmi.order", "Order", "Auftrag"),
    ("vmi.report", "Report stock", "Bestand melden"),
    ("vmi.send_report", "Send report", "Meldung senden"),
    (
        "vmi.unknown_customer",
        "This customer does not exist.",
        "Diesen Kunden gibt es nicht.",
    ),
    ("vmi.pstatus.new", "new", "neu"),
    ("vmi.pstatus.edited", "edited", "bearbeitet"),
    ("vmi.pstatus.accepted", "accepted", "angenommen"),
    ("vmi.pstatus.converted", "converted", "umgewandelt"),
    ("vmi.pstatus.deleted", "deleted", "gelöscht"),
];
