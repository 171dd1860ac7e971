//! Messages that come from the engine — rejections, applied-command lines, planning reasons and
//! warnings — in the user's language.
//!
//! The engine speaks English only and stores no UI language (its texts are part of the stored
//! and synced JSON, which must not change). The UI translates them here: a rejection by its
//! structure (`NotFound { entity, id }`, `Invalid { field, message }`, `Precondition { id,
//! message }`), a planning line's reason by its kind, and free texts through a table of the
//! engine's message templates (`{}` = a value). Values taken out of a message are shown in the
//! user's locale (ISO dates → 22.11.2026, integers → 1.234). A text the table does not know stays
//! English — visible, never lost.

use crate::i18n::{Lang, fmt_date, fmt_day, fmt_int};
use takt_engine::Rejection;
use takt_engine::mrp::engine::{LineKind, Reason};
use takt_engine::state::Applied;

/// A rejection in `lang`.
pub fn rejection(lang: Lang, r: &Rejection) -> String {
    match (lang, r) {
        (Lang::En, r) => r.to_string(),
        (Lang::De, Rejection::NotFound { entity, id }) => {
            format!("{} {id} existiert nicht", entity_de(entity))
        }
        (Lang::De, Rejection::Invalid { field, message }) => {
            format!("{field}: {}", message_in(lang, message))
        }
        (Lang::De, Rejection::Precondition { id, message }) => {
            format!("{id}: {}", message_in(lang, message))
        }
    }
}

/// What an applied command did, with its per-subject outcomes, in `lang`.
pub fn applied(lang: Lang, a: &Applied) -> String {
    let mut s = message_in(lang, &a.message);
    for o in &a.outcomes {
        s.push_str(&format!(" · {}: {}", o.id, message_in(lang, &o.message)));
    }
    s
}

/// A planning line's reason in `lang` (by its kind; day and quantities in the locale).
pub fn reason(lang: Lang, r: &Reason) -> String {
    if lang == Lang::En {
        return r.to_string();
    }
    let (d, p, l) = (
        fmt_day(lang, r.day),
        fmt_int(lang, r.projected),
        fmt_int(lang, r.level),
    );
    match r.kind {
        LineKind::Emergency => format!(
            "Notfall: der Anfangsbestand ist {p}; ein Zugang vor dem Planungsbeginn deckt die Lücke"
        ),
        LineKind::SafetyStock => format!(
            "Ausnahme: der voraussichtliche Bestand {p} am {d} liegt unter dem Sicherheitsbestand {l}"
        ),
        LineKind::Shortage => format!(
            "Ausnahme: der Bedarf am {d} ist nicht gedeckt (voraussichtlich {p}, Sicherheitsbestand {l})"
        ),
        LineKind::ReorderPoint => format!(
            "Voraussichtlicher Bestand {p} am Ende der Periode bis {d} liegt auf oder unter dem Meldebestand {l}"
        ),
        LineKind::LotForLot => format!(
            "Los für Los: der Bedarf ab {d} braucht einen Zugang, damit der Bestand beim Sicherheitsbestand {l} bleibt (vorher: {p})"
        ),
        LineKind::Order => format!("Auftrag: der Bedarf am {d} bekommt einen eigenen Zugang"),
        LineKind::Overflow => format!(
            "Achtung: der voraussichtliche Bestand {p} liegt am {d} über dem Überlaufbestand {l}"
        ),
        LineKind::Surplus => {
            format!("Überschuss: kein Bedarf braucht diesen Zugang (voraussichtlich {p} am {d})")
        }
    }
}

/// A free engine text (a rejection's message, a warning, a diagnostic) in `lang`.
pub fn message_in(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_owned();
    }
    for (en, de) in TEMPLATES {
        if let Some(values) = match_template(en, text) {
            return fill(
                de,
                &values.iter().map(|v| value_in(lang, v)).collect::<Vec<_>>(),
            );
        }
    }
    text.to_owned()
}

/// The values of `text` at the `{}` of `template`, or `None` when it does not fit.
fn match_template<'a>(template: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = template.split("{}").collect();
    let (first, rest) = parts.split_first()?;
    let mut pos = text.strip_prefix(first).map(|_| first.len())?;
    let mut values = Vec::new();
    for (k, part) in rest.iter().enumerate() {
        let last = k + 1 == rest.len();
        let end = if last {
            if part.is_empty() {
                text.len()
            } else if text.ends_with(part) && text.len() - part.len() >= pos {
                text.len() - part.len()
            } else {
                return None;
            }
        } else if part.is_empty() {
            return None;
        } else {
            pos + text.get(pos..)?.find(part)?
        };
        values.push(text.get(pos..end)?);
        pos = end + part.len();
    }
    (pos == text.len()).then_some(values)
}

/// `template` with its `{}` replaced by `values` in order.
fn fill(template: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut it = values.iter();
    let mut parts = template.split("{}").peekable();
    while let Some(p) = parts.next() {
        out.push_str(p);
        if parts.peek().is_some() {
            out.push_str(it.next().map(String::as_str).unwrap_or(""));
        }
    }
    out
}

/// A value inside a message in the locale: ISO dates and plain integers reformatted, known
/// status words translated, anything else as it is.
fn value_in(lang: Lang, v: &str) -> String {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return fmt_date(lang, d);
    }
    let digits = v.strip_prefix('-').unwrap_or(v);
    if !digits.is_empty()
        && digits.len() < 19
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = v.parse::<i64>()
    {
        return fmt_int(lang, n);
    }
    WORDS
        .iter()
        .find(|(en, _)| *en == v)
        .map(|(_, de)| (*de).to_owned())
        .unwrap_or_else(|| entity_de(v).to_owned())
}

/// The German name of an entity kind named in a `NotFound`.
fn entity_de(entity: &str) -> &str {
    ENTITIES
        .iter()
        .find(|(en, _)| *en == entity)
        .map(|(_, de)| *de)
        .unwrap_or(entity)
}

const ENTITIES: &[(&str, &str)] = &[
    ("JIT call", "JIT-Abruf"),
    ("customer", "Kunde"),
    ("delivery", "Lieferung"),
    ("forecast", "Prognose"),
    ("item", "Artikel"),
    ("partner profile", "Partnerprofil"),
    ("planning data", "Kundendispositionsdaten"),
    ("planning parameters", "Planungsparameter"),
    ("production order", "Fertigungsauftrag"),
    ("proposal", "Vertriebsvorschlag"),
    ("purchase order", "Bestellung"),
    ("sales line", "Auftragsposition"),
    ("sales order", "Vertriebsauftrag"),
    ("sales organisation", "Vertriebsorganisation"),
    ("rejected command", "abgelehnter Befehl"),
    ("call", "Abruf"),
];

/// Status words the engine puts into messages (`{:?}` of proposal statuses and the like).
const WORDS: &[(&str, &str)] = &[
    ("New", "neuer"),
    ("Edited", "bearbeiteter"),
    ("Accepted", "angenommener"),
    ("Converted", "umgesetzter"),
    ("Deleted", "gelöschter"),
    ("None", "keine"),
];

/// The engine's message templates (English as the engine writes them, `{}` = a value) and their
/// German. Kept in step with the engine by `tests/browser_i18n.rs`, which renders known
/// rejections; a template missing here shows the English text.
const TEMPLATES: &[(&str, &str)] = &[
    // Rejections: invalid values.
    ("SSCC {} is already used", "SSCC {} ist bereits vergeben"),
    (
        "a call needs at least one component",
        "ein Abruf braucht mindestens eine Komponente",
    ),
    (
        "a change names its order",
        "eine Änderung nennt ihren Auftrag",
    ),
    (
        "a container-based call needs a number of containers above zero",
        "ein behälterbezogener Abruf braucht eine Behälterzahl über null",
    ),
    (
        "a material cannot consume itself",
        "ein Material kann sich nicht selbst verbrauchen",
    ),
    (
        "a new version cannot change the call type",
        "eine neue Version kann die Abrufart nicht ändern",
    ),
    (
        "a sales order needs at least one line",
        "ein Vertriebsauftrag braucht mindestens eine Position",
    ),
    (
        "a stock report needs at least one line",
        "eine Bestandsmeldung braucht mindestens eine Zeile",
    ),
    ("above 1000 %", "über 1000 %"),
    (
        "an order number is needed for this customer",
        "für diesen Kunden ist eine Bestellnummer nötig",
    ),
    (
        "article classifications are numbered 1 to 5",
        "Artikel-Klassifikationen sind von 1 bis 5 nummeriert",
    ),
    (
        "at least one call must stay in the delivery",
        "mindestens ein Abruf muss in der Lieferung bleiben",
    ),
    (
        "delivery {} already exists",
        "Lieferung {} existiert bereits",
    ),
    ("empty or repeated id", "leere oder doppelte Nummer"),
    (
        "give a quantity, a date or both",
        "Menge, Datum oder beides angeben",
    ),
    ("invoice {} already exists", "Rechnung {} existiert bereits"),
    (
        "key {} does not match id {}",
        "Schlüssel {} passt nicht zur Nummer {}",
    ),
    (
        "must be above zero (delete instead)",
        "muss über null liegen (sonst löschen)",
    ),
    (
        "must be above zero (finished not negative)",
        "muss über null liegen (gefertigt nicht negativ)",
    ),
    (
        "must be above zero and at least the delivered {}",
        "muss über null und mindestens die gelieferte Menge {} sein",
    ),
    (
        "must be above zero and at least the finished quantity",
        "muss über null und mindestens die gefertigte Menge sein",
    ),
    (
        "must be above zero and at least the received {}",
        "muss über null und mindestens die erhaltene Menge {} sein",
    ),
    ("must be above zero", "muss über null liegen"),
    ("must be after the start", "muss nach dem Beginn liegen"),
    (
        "must be between 0 and 525600 minutes",
        "muss zwischen 0 und 525.600 Minuten liegen",
    ),
    ("must not be empty", "darf nicht leer sein"),
    (
        "must not be negative ({}); 0 is used",
        "darf nicht negativ sein ({}); 0 wird verwendet",
    ),
    ("must not be negative ({})", "darf nicht negativ sein ({})"),
    ("must not be negative", "darf nicht negativ sein"),
    (
        "negative delivered/reserved",
        "gelieferte/reservierte Menge negativ",
    ),
    (
        "no selected proposal is for this customer",
        "kein ausgewählter Vorschlag ist für diesen Kunden",
    ),
    ("nothing selected", "nichts ausgewählt"),
    (
        "order number {} is given for more than one customer",
        "Auftragsnummer {} ist für mehr als einen Kunden angegeben",
    ),
    (
        "parent organisation {} does not exist",
        "übergeordnete Organisation {} existiert nicht",
    ),
    ("position {} appears twice", "Position {} kommt doppelt vor"),
    (
        "reorder point {} is below the minimum stock {} for customer {} article {}",
        "Meldebestand {} liegt unter dem Mindestbestand {} für Kunde {} Artikel {}",
    ),
    (
        "replenishment lead time is in calendar days and must not be negative ({})",
        "die Wiederbeschaffungszeit ist in Kalendertagen und darf nicht negativ sein ({})",
    ),
    (
        "scenario supplies are not orders in the state",
        "Szenario-Zugänge sind keine Aufträge im Bestand der Daten",
    ),
    (
        "select at least one proposal",
        "mindestens einen Vorschlag auswählen",
    ),
    ("starts at 1", "beginnt bei 1"),
    (
        "the organisation tree has a cycle above {}",
        "der Organisationsbaum hat einen Zyklus oberhalb von {}",
    ),
    (
        "the range holds {} numbers, packing needs {}",
        "der Nummernkreis hat {} Nummern, das Verpacken braucht {}",
    ),
    ("the selection is empty", "die Auswahl ist leer"),
    (
        "two lines change the same order",
        "zwei Zeilen ändern denselben Auftrag",
    ),
    ("{} is not in delivery {}", "{} ist nicht in Lieferung {}"),
    ("{} appears twice", "{} kommt doppelt vor"),
    ("{} is listed twice", "{} ist doppelt aufgeführt"),
    ("{} is selected twice", "{} ist doppelt ausgewählt"),
    (
        "{} New line(s) need as many ids, {} given",
        "{} neue Zeile(n) brauchen ebenso viele Nummern, {} angegeben",
    ),
    (
        "{} proposals cannot count as MRP demand",
        "{} Vorschläge können nicht als Bedarf in der Disposition zählen",
    ),
    (
        "{} is already the id of {}",
        "{} ist bereits die Nummer von {}",
    ),
    // Rejections: preconditions.
    (
        "a converted proposal cannot be deleted",
        "ein umgesetzter Vorschlag kann nicht gelöscht werden",
    ),
    (
        "a delivery with this number exists",
        "eine Lieferung mit dieser Nummer existiert",
    ),
    (
        "a different stock report as of {} was already applied ({} / {} reserved)",
        "eine andere Bestandsmeldung zum {} wurde bereits übernommen ({} / {} reserviert)",
    ),
    (
        "a production order with this number exists",
        "ein Fertigungsauftrag mit dieser Nummer existiert",
    ),
    (
        "a proposal with this number exists: choose another prefix or first number",
        "ein Vorschlag mit dieser Nummer existiert: anderes Präfix oder andere erste Nummer wählen",
    ),
    (
        "a purchase order with this number exists",
        "eine Bestellung mit dieser Nummer existiert",
    ),
    (
        "a sales order with this number exists",
        "ein Vertriebsauftrag mit dieser Nummer existiert",
    ),
    (
        "a {} proposal cannot be converted",
        "ein {} Vorschlag kann nicht umgesetzt werden",
    ),
    (
        "a {} proposal cannot be edited",
        "ein {} Vorschlag kann nicht bearbeitet werden",
    ),
    (
        "a {} proposal cannot be accepted",
        "ein {} Vorschlag kann nicht angenommen werden",
    ),
    (
        "already handed to warehouse {}",
        "bereits an Lager {} übergeben",
    ),
    ("amount out of range", "Betrag außerhalb des Bereichs"),
    (
        "call {} is {}, every call must be goods issued",
        "Abruf {} ist {}, jeder Abruf muss warenausgangsgebucht sein",
    ),
    (
        "call {} is {}, every call must be picked",
        "Abruf {} ist {}, jeder Abruf muss kommissioniert sein",
    ),
    (
        "call {} is {}, needs to be {}",
        "Abruf {} ist {}, muss {} sein",
    ),
    ("component without material", "Komponente ohne Material"),
    (
        "delivery {} is with warehouse {}",
        "Lieferung {} liegt bei Lager {}",
    ),
    (
        "goods are already issued",
        "Warenausgang ist bereits gebucht",
    ),
    (
        "goods are issued; the delivery cannot be split",
        "Warenausgang ist gebucht; die Lieferung kann nicht geteilt werden",
    ),
    (
        "goods issue is posted by warehouse {}",
        "den Warenausgang bucht Lager {}",
    ),
    (
        "goods were received; reduce it instead",
        "Ware wurde erhalten; stattdessen die Menge verringern",
    ),
    (
        "has no failed stock posting",
        "hat keine fehlgeschlagene Bestandsbuchung",
    ),
    ("has no pending change", "hat keine offene Änderung"),
    ("is already billed in {}", "ist bereits in {} fakturiert"),
    ("is already cancelled", "ist bereits storniert"),
    ("is in no delivery", "ist in keiner Lieferung"),
    ("is {}, needs to be {}", "ist {}, muss {} sein"),
    (
        "it still has planning data",
        "es gibt noch Kundendispositionsdaten dazu",
    ),
    (
        "no price for {} and customer {}",
        "kein Preis für {} und Kunde {}",
    ),
    (
        "none of the {} selected could be processed ({}); first: {}",
        "keiner der {} ausgewählten konnte verarbeitet werden ({}); erster: {}",
    ),
    (
        "nothing to confirm: reprocess the failed postings",
        "nichts zu bestätigen: erst die fehlgeschlagenen Buchungen nachbearbeiten",
    ),
    (
        "only deliveries of summarized calls go to the external warehouse",
        "nur Lieferungen summarischer Abrufe gehen an das externe Lager",
    ),
    (
        "organisation {} is below it",
        "Organisation {} liegt darunter",
    ),
    (
        "picking is already confirmed",
        "die Kommissionierung ist bereits bestätigt",
    ),
    (
        "picking is done by warehouse {}; wait for its confirmation",
        "Lager {} kommissioniert; auf seine Bestätigung warten",
    ),
    (
        "planning data for customer {} article {} still uses this organisation",
        "Kundendispositionsdaten für Kunde {} Artikel {} verwenden diese Organisation noch",
    ),
    (
        "planning flexibility is None",
        "Planungsflexibilität ist Keine",
    ),
    ("prices in {} and {}", "Preise in {} und {}"),
    (
        "replacement call {} already exists",
        "Ersatzabruf {} existiert bereits",
    ),
    (
        "reprocessing failed again: {}",
        "die Nachbearbeitung ist erneut fehlgeschlagen: {}",
    ),
    (
        "reversing production needs {} of {} in stock, there are {}",
        "das Stornieren der Fertigung braucht {} von {} am Lager, vorhanden sind {}",
    ),
    (
        "stock of {} is {}, goods issue needs {}",
        "Bestand von {} ist {}, der Warenausgang braucht {}",
    ),
    ("the call is cancelled", "der Abruf ist storniert"),
    (
        "the internal number is already used",
        "die interne Nummer ist bereits vergeben",
    ),
    (
        "the order changed since the plan was made; plan again",
        "der Auftrag hat sich seit der Planung geändert; neu planen",
    ),
    (
        "the proposal is for another customer",
        "der Vorschlag ist für einen anderen Kunden",
    ),
    (
        "the warehouse has already picked it",
        "das Lager hat bereits kommissioniert",
    ),
    (
        "the warehouse has not confirmed picking",
        "das Lager hat die Kommissionierung nicht bestätigt",
    ),
    (
        "version {} is not newer than version {}",
        "Version {} ist nicht neuer als Version {}",
    ),
    (
        "was not handed to a warehouse",
        "wurde keinem Lager übergeben",
    ),
    (
        "Takt is open in another tab; choose \u{201c}Use here\u{201d} to work in this one",
        "Takt ist in einem anderen Tab geöffnet; \u{201e}Hier verwenden\u{201c} wählen, um hier zu arbeiten",
    ),
    ("not available", "nicht verfügbar"),
    // Planning diagnostics and ATP warnings.
    (
        "a time bucket of 0 days is planned as 1 day, the smallest bucket",
        "eine Periode von 0 Tagen wird als 1 Tag geplant, die kleinste Periode",
    ),
    (
        "minimum order quantity {} is above the maximum order quantity {}; the maximum is not used",
        "Mindestbestellmenge {} liegt über der Höchstbestellmenge {}; das Maximum wird nicht verwendet",
    ),
    (
        "maximum order quantity {} is not a multiple of the order multiple {}: rounded lots may exceed it",
        "Höchstbestellmenge {} ist kein Vielfaches des Bestellvielfachen {}: gerundete Lose können sie überschreiten",
    ),
    (
        "fixed reorder quantity policy needs a reorder quantity above 0; item planned without reorder-point orders",
        "feste Bestellmenge braucht eine Bestellmenge über 0; Artikel ohne Meldebestandsaufträge geplant",
    ),
    (
        "maximum inventory {} is not above the reorder point {}: orders bring projected inventory just above the reorder point ({})",
        "Höchstbestand {} liegt nicht über dem Meldebestand {}: Aufträge heben den Bestand nur knapp über den Meldebestand ({})",
    ),
    (
        "reorder point {} is below the safety stock {}: safety stock exceptions will come before reorder-point orders",
        "Meldebestand {} liegt unter dem Sicherheitsbestand {}: Sicherheitsbestands-Ausnahmen kommen vor Meldebestandsaufträgen",
    ),
    (
        "dampener period {} is longer than the lot accumulation period {}: reduced to {}",
        "Dämpfungsperiode {} ist länger als die Losbündelungsperiode {}: auf {} verkürzt",
    ),
    (
        "a demand of {} on {}, just after the ATP period (ends {}), would be short by {} if {} are promised",
        "ein Bedarf von {} am {}, kurz nach dem ATP-Zeitraum (endet {}), wäre um {} unterdeckt, wenn {} zugesagt werden",
    ),
    // Applied commands.
    ("VMI settings saved", "VMI-Einstellungen gespeichert"),
    ("customer {} saved", "Kunde {} gespeichert"),
    ("forecast {} deleted", "Prognose {} gelöscht"),
    ("forecast {} saved", "Prognose {} gespeichert"),
    ("item {} saved", "Artikel {} gespeichert"),
    (
        "planning data for customer {} article {} removed",
        "Kundendispositionsdaten für Kunde {} Artikel {} entfernt",
    ),
    (
        "planning lines accepted: {} new, {} changed, {} cancelled",
        "Planungszeilen übernommen: {} neu, {} geändert, {} storniert",
    ),
    (
        "planning parameters of {} saved",
        "Planungsparameter von {} gespeichert",
    ),
    ("planning setup saved", "Planungseinstellungen gespeichert"),
    (
        "production order {} cancelled",
        "Fertigungsauftrag {} storniert",
    ),
    (
        "production order {} changed",
        "Fertigungsauftrag {} geändert",
    ),
    (
        "production order {} placed",
        "Fertigungsauftrag {} angelegt",
    ),
    (
        "proposal {} accepted by {}",
        "Vorschlag {} angenommen von {}",
    ),
    ("proposal {} edited", "Vorschlag {} bearbeitet"),
    (
        "proposal {} was already accepted",
        "Vorschlag {} war bereits angenommen",
    ),
    ("purchase order {} cancelled", "Bestellung {} storniert"),
    (
        "purchase order {} now {} due {}",
        "Bestellung {} jetzt {} fällig {}",
    ),
    ("purchase order {} placed", "Bestellung {} angelegt"),
    ("sales line {} changed", "Auftragsposition {} geändert"),
    ("sales order {} placed", "Vertriebsauftrag {} angelegt"),
    (
        "sales organisation {} removed",
        "Vertriebsorganisation {} entfernt",
    ),
    (
        "sales organisation {} saved",
        "Vertriebsorganisation {} gespeichert",
    ),
    (
        "stock of {} adjusted by {}",
        "Bestand von {} um {} korrigiert",
    ),
    (
        "stock report: {} line(s) changed",
        "Bestandsmeldung: {} Zeile(n) geändert",
    ),
    (
        "{} proposal(s) created, {} replaced",
        "{} Vorschlag/Vorschläge erzeugt, {} ersetzt",
    ),
    ("{} is no longer planned", "{} wird nicht mehr geplant"),
    (
        "{} sales organisation(s) saved",
        "{} Vertriebsorganisation(en) gespeichert",
    ),
    (
        "{} planning line(s) rejected; nothing changed",
        "{} Planungszeile(n) verworfen; nichts geändert",
    ),
    (
        "{} proposal(s) converted into {} sales order(s)",
        "{} Vorschlag/Vorschläge in {} Vertriebsauftrag/-aufträge umgesetzt",
    ),
    ("{} proposal(s) deleted", "{} Vorschlag/Vorschläge gelöscht"),
    ("replaced by {}", "ersetzt durch {}"),
    ("order {} line {}", "Auftrag {} Position {}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_with_values() {
        assert_eq!(
            match_template(
                "call {} is {}, needs to be {}",
                "call C1 is Received, needs to be Packed"
            ),
            Some(vec!["C1", "Received", "Packed"])
        );
        assert_eq!(
            match_template("must be above zero", "must be above zero (delete instead)"),
            None
        );
        assert_eq!(
            match_template("{} is listed twice", "X is listed twice"),
            Some(vec!["X"])
        );
    }
}
