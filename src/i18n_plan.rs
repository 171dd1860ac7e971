//! English and German strings of the planning, MRP card and ATP pages: a `Lang` signal in
//! context and `t(key)`. Same shape as the shared `i18n` module it will be merged into.

use leptos::prelude::*;

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

/// The language signal, provided on first use.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| {
        let lang = RwSignal::new(Lang::En);
        provide_context(lang);
        lang
    })
}

/// (key, English, German).
const STRINGS: &[(&str, &str, &str)] = &[
    ("planning", "Planning", "Planung"),
    ("as_of", "As of", "Stichtag"),
    ("language", "Language", "Sprache"),
    ("run_regen", "Run regenerative plan", "Neuplanung starten"),
    ("run_net", "Run net change", "Nettoänderungsplanung starten"),
    ("planning_busy", "Planning…", "Planung läuft…"),
    ("items_planned", "items planned", "Artikel geplant"),
    (
        "no_plan",
        "No plan yet: run a plan.",
        "Noch kein Plan: Planung starten.",
    ),
    ("lines", "Planning lines", "Planungszeilen"),
    ("select", "Select", "Auswählen"),
    ("item", "Item", "Artikel"),
    ("action", "Action", "Ereignismeldung"),
    ("supply", "Order", "Auftrag"),
    ("orig_due", "Original due", "Ursprünglich fällig"),
    ("due", "Due", "Fällig"),
    ("orig_qty", "Original qty", "Ursprüngliche Menge"),
    ("qty", "Quantity", "Menge"),
    ("reason", "Reason", "Grund"),
    ("accept", "Accept", "Annehmen"),
    ("reject", "Reject", "Ablehnen"),
    ("accept_selected", "Accept selected", "Auswahl annehmen"),
    ("reject_selected", "Reject selected", "Auswahl ablehnen"),
    (
        "no_lines",
        "No planning lines: every item is covered.",
        "Keine Planungszeilen: alles gedeckt.",
    ),
    ("diagnostics", "Parameter diagnostics", "Parameterhinweise"),
    ("purchase_orders", "Purchase orders", "Einkaufsbestellungen"),
    ("vendor", "Vendor", "Kreditor"),
    ("received", "Received", "Erhalten"),
    (
        "flexibility",
        "Planning flexibility",
        "Planungsflexibilität",
    ),
    ("flex_unlimited", "Unlimited", "Unbegrenzt"),
    ("flex_none", "None (frozen)", "Keine (fixiert)"),
    ("look_ahead", "Look-ahead warnings", "Vorschauwarnungen"),
    ("horizon", "Horizon (days)", "Horizont (Tage)"),
    ("day", "Day", "Tag"),
    (
        "projected",
        "Projected inventory",
        "Voraussichtl. Lagerbestand",
    ),
    ("reorder_point", "Reorder point", "Bestellpunkt"),
    (
        "no_warnings",
        "No item reaches its reorder point in this horizon.",
        "Kein Artikel erreicht im Horizont seinen Bestellpunkt.",
    ),
    (
        "po_change",
        "Delay or change a purchase order",
        "Einkaufsbestellung verschieben oder ändern",
    ),
    ("purchase_order", "Purchase order", "Einkaufsbestellung"),
    ("new_due", "New due date", "Neues Fälligkeitsdatum"),
    ("new_qty", "New quantity", "Neue Menge"),
    (
        "late_lines",
        "Sales lines that would ship late",
        "Verkaufszeilen, die zu spät würden",
    ),
    (
        "no_late_lines",
        "No sales line becomes late.",
        "Keine Verkaufszeile wird verspätet.",
    ),
    ("order", "Sales order", "Verkaufsauftrag"),
    ("line", "Line", "Zeile"),
    ("customer", "Customer", "Debitor"),
    ("shipping_date", "Shipping date", "Warenausgangsdatum"),
    ("covered_on", "Covered on", "Gedeckt am"),
    ("never", "never", "nie"),
    ("apply_change", "Apply change", "Änderung buchen"),
    ("export_csv", "Export CSV", "CSV exportieren"),
    ("mrp_card", "MRP card", "Dispositionskarte"),
    ("period", "Period", "Periode"),
    ("per_day", "Day", "Tag"),
    ("per_week", "Week", "Woche"),
    ("per_month", "Month", "Monat"),
    (
        "not_planned",
        "This item has no planning parameters: it is not planned.",
        "Dieser Artikel hat keine Planungsparameter: er wird nicht geplant.",
    ),
    ("start", "Start", "Beginn"),
    (
        "chart_title",
        "Projected inventory",
        "Voraussichtlicher Lagerbestand",
    ),
    ("params", "Planning parameters", "Planungsparameter"),
    ("policy", "Reordering policy", "Wiederbeschaffungsverfahren"),
    ("reorder_qty", "Reorder quantity", "Bestellmenge"),
    (
        "max_inventory",
        "Maximum inventory",
        "Maximaler Lagerbestand",
    ),
    ("overflow_level", "Overflow level", "Überlaufniveau"),
    ("safety_stock", "Safety stock", "Sicherheitsbestand"),
    ("lead_time", "Lead time (days)", "Beschaffungszeit (Tage)"),
    (
        "safety_lead_time",
        "Safety lead time (days, blank = setup)",
        "Sicherheitszuschlag (Tage, leer = Einrichtung)",
    ),
    (
        "min_order_qty",
        "Minimum order quantity",
        "Minimale Losgröße",
    ),
    (
        "max_order_qty",
        "Maximum order quantity",
        "Maximale Losgröße",
    ),
    (
        "order_multiple",
        "Order multiple",
        "Losgrößenrundungsfaktor",
    ),
    (
        "time_bucket",
        "Time bucket (days, blank = 1)",
        "Zeitrahmen (Tage, leer = 1)",
    ),
    (
        "lot_accumulation",
        "Lot accumulation period (days)",
        "Losgrößenperiode (Tage)",
    ),
    (
        "rescheduling",
        "Rescheduling period (days)",
        "Umplanungsperiode (Tage)",
    ),
    ("save", "Save", "Speichern"),
    (
        "back",
        "Back to the worksheet",
        "Zurück zum Planungsvorschlag",
    ),
    ("atp", "Available to promise", "Lieferzusage (ATP)"),
    ("requested", "Requested date", "Wunschtermin"),
    ("can_promise", "Can promise", "Zusage möglich"),
    ("cannot_promise", "Cannot promise", "Keine Zusage möglich"),
    ("available", "Available", "Verfügbar"),
    ("earliest", "Earliest date", "Frühester Termin"),
    (
        "ctp",
        "New supply could arrive",
        "Neue Beschaffung könnte eintreffen",
    ),
    ("alternatives", "Comparable items", "Vergleichbare Artikel"),
    (
        "no_alternatives",
        "No comparable item can be promised in full.",
        "Kein vergleichbarer Artikel ist voll verfügbar.",
    ),
    ("warnings", "Big-order warnings", "Großauftragswarnungen"),
    (
        "place_order",
        "Place sales order for",
        "Verkaufsauftrag anlegen für",
    ),
    ("choose", "Choose…", "Auswählen…"),
    ("import", "Import CSV", "CSV importieren"),
];

/// The string for `key` in the current language (tracked: use inside reactive closures).
pub fn t(key: &'static str) -> &'static str {
    tr(use_lang().get(), key)
}

/// The string for `key` in `lang`; an unknown key shows itself.
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, de)| if lang == Lang::De { *de } else { *en })
        .unwrap_or(key)
}

/// A day in the language's format (ISO in English, `dd.mm.yyyy` in German).
pub fn fmt_day(lang: Lang, day: takt_engine::Day) -> String {
    match (lang, day.date()) {
        (Lang::De, Some(d)) => d.format("%d.%m.%Y").to_string(),
        _ => day.to_string(),
    }
}

/// Language selector (English / Deutsch).
#[component]
pub fn LangSelect() -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="lang-select">
            {move || t("language")}
            " "
            <select on:change=move |ev| {
                lang.set(if event_target_value(&ev) == "de" { Lang::De } else { Lang::En })
            }>
                <option value="en" selected=move || lang.get() == Lang::En>"English"</option>
                <option value="de" selected=move || lang.get() == Lang::De>"Deutsch"</option>
            </select>
        </label>
    }
}
