//! Writes the texts whose Welsh is missing or stale as XLIFF 1.2, the format Trados, memoQ and
//! Weblate read: one unit per text, its id the text's slot, its English fingerprint in a
//! `<context context-type="x-source-hash">` (valid against the strict schema), notes giving the
//! action and context, and a `state` CAT tools show as work. A stale unit carries the English
//! its Welsh was translated from, with that Welsh, as an `<alt-trans>`, when that English is known.
//! The narrative's units (one per heading, paragraph and list item) are its Markdown, with notes
//! naming the page and the position.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::ingest::{ACTION_CTYPE, HASH_CONTEXT, TranslationRecord, XLIFF_NAMESPACE};
use crate::model::{
    Action, ActionId, Bilingual, Dataset, Inline, Lang, Slot, Text, TextAt, WelshState, fingerprint,
};

/// How many units an export holds, by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub missing: usize,
    pub stale: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.missing + self.stale
    }
}

/// The English each text's Welsh was translated from, where it is known and is not the English
/// of now: the English a `[[correction]]` replaced, or the English of a returned unit whose Welsh
/// is in use. A stale unit shows it to the translators beside the new English.
pub fn previous_english(dataset: &Dataset, units: &[&TranslationRecord]) -> BTreeMap<TextAt, Text> {
    let mut out = BTreeMap::new();
    let translates = |at: &TextAt| dataset.text_at(at).and_then(|t| t.cy_translates.clone());
    for c in dataset.corrections.iter().filter(|c| c.lang == Lang::En) {
        let Some(old) = &c.old else { continue };
        let at = TextAt::Action(Slot {
            action: c.action.clone(),
            field: c.field,
            year: c.update_year,
        });
        if translates(&at) == Some(fingerprint(old)) {
            out.insert(at, old.clone());
        }
    }
    for u in units {
        if translates(&u.slot) == Some(fingerprint(&u.english)) {
            out.insert(u.slot.clone(), u.english.clone());
        }
    }
    out
}

/// The XLIFF document for every text of `dataset` whose Welsh is missing or stale, as `parity`
/// counts it (Welsh that is not Welsh is missing); `previous` is what [`previous_english`] gives.
pub fn xliff(
    dataset: &Dataset,
    parity: &super::Parity,
    previous: &BTreeMap<TextAt, Text>,
) -> (String, Counts) {
    let mut counts = Counts::default();
    let mut body = String::new();
    for action in &dataset.actions {
        let units = action
            .texts()
            .filter_map(|(slot, text)| {
                let state = text.welsh_state();
                let state = match parity.not_welsh.is_empty() {
                    true => state,
                    false => state_of(parity, &TextAt::Action(slot.clone()), state),
                };
                let state = needs_work(&mut counts, state)?;
                let old = previous.get(&TextAt::Action(slot.clone()));
                Some(unit(action, &slot, text, state, old))
            })
            .collect();
        let id = action.id.to_string();
        group(
            &mut body,
            &format!("action-{id}"),
            &id,
            &about(dataset, action),
            units,
        );
    }
    for page in &dataset.narrative {
        let units = page
            .texts()
            .filter_map(|(at, piece)| {
                let state = state_of(
                    parity,
                    &TextAt::Narrative(at.clone()),
                    piece.text.welsh_state(),
                );
                let state = needs_work(&mut counts, state)?;
                let old = previous.get(&TextAt::Narrative(at.clone()));
                Some(narrative_unit(page, &at, piece, state, old))
            })
            .collect();
        group(
            &mut body,
            &format!("narrative-{}", page.name.replace('/', "-")),
            &format!("narrative/{}", page.name),
            &format!(
                "The narrative page {}: its headings, paragraphs and list items in order. {NARRATIVE_HOW}",
                page.name
            ),
            units,
        );
    }
    let title = &dataset.plan.title.en;
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}">
  <file original="annual-update-{year}" source-language="en-GB" target-language="cy-GB" datatype="plaintext" product-name="{product}">
    <header>
      <tool tool-id="annual-update" tool-name="annual-update" tool-version="{version}"/>
      <note from="annual-update">{how}</note>
    </header>
    <body>
{body}    </body>
  </file>
</xliff>
"#,
        year = dataset.year,
        product = escape(title.as_str()),
        version = env!("CARGO_PKG_VERSION"),
        how = escape(HOW),
    );
    (doc, counts)
}

/// A text's Welsh state as parity counts it: Welsh that is not Welsh is missing.
fn state_of(parity: &super::Parity, at: &TextAt, state: Option<WelshState>) -> Option<WelshState> {
    match state {
        Some(_) if parity.is_not_welsh(at) => Some(WelshState::Missing),
        state => state,
    }
}

/// The state of a text whose Welsh needs work, counted; `None` for one that needs none.
fn needs_work(counts: &mut Counts, state: Option<WelshState>) -> Option<WelshState> {
    match state? {
        WelshState::Translated => return None,
        WelshState::Missing => counts.missing += 1,
        WelshState::Stale => counts.stale += 1,
    }
    state
}

/// One `<group>` of units (an action's, or a narrative page's) with a note for the translator;
/// nothing when no unit needs work. Every attribute is escaped: a page's name is a file's name.
fn group(body: &mut String, id: &str, resname: &str, note: &str, units: Vec<String>) {
    if units.is_empty() {
        return;
    }
    let _ = writeln!(
        body,
        "      <group id=\"{}\" resname=\"{}\">\n        <note from=\"annual-update\">{}</note>",
        escape(id),
        escape(resname),
        escape(note),
    );
    for u in units {
        body.push_str(&u);
    }
    body.push_str("      </group>\n");
}

const HOW: &str = "Translate each unit into Welsh and set it to translated. Each tag stands for an action number (see action 3.3 / gweler cam gweithredu 3.3): keep every tag once. A blank line separates paragraphs; a line starting with • is a bullet point. Do not change the English or the unit ids. Return the file for `annual-update xliff import`.";

const NARRATIVE_HOW: &str = "These units are Markdown: keep [words](addresses) as links, **strong** and *emphasis* marks, and a backslash before a character that would otherwise be read as a mark.";

/// One unit of the narrative: its English written as Markdown, action numbers as placeholders.
fn narrative_unit(
    page: &crate::model::Page,
    at: &crate::model::PieceAt,
    piece: &crate::model::Piece,
    state: WelshState,
    old: Option<&Text>,
) -> String {
    let context = format!(
        "The {} numbered {} in the narrative page {} (inputs/narrative/{}.en.md).",
        piece.kind.what(),
        at.index + 1,
        page.name,
        page.name
    );
    trans_unit(
        &at.to_string(),
        &piece.text,
        state,
        &context,
        old,
        markdown_marked_up,
    )
}

/// A narrative text as Markdown, escaped for XML, each action reference a `<ph>` placeholder as
/// in [`marked_up`].
fn markdown_marked_up(text: &Text) -> String {
    let mut seen: HashMap<ActionId, usize> = HashMap::new();
    let mut out = String::new();
    for (i, run) in text.inlines().enumerate() {
        match run {
            Inline::Action(id) => out.push_str(&placeholder(&mut seen, id)),
            other => out.push_str(&escape(crate::text::markdown::run(other, i == 0))),
        }
    }
    out
}

/// The `<ph>` of one action reference, numbered by how often the action was named before.
fn placeholder(seen: &mut HashMap<ActionId, usize>, id: &ActionId) -> String {
    let n = seen.entry(id.clone()).or_default();
    *n += 1;
    let tag = if *n == 1 {
        format!("a{id}")
    } else {
        format!("a{id}-{n}")
    };
    format!(r#"<ph id="{tag}" ctype="{ACTION_CTYPE}">{id}</ph>"#)
}

/// One line about the action, for the translator.
fn about(dataset: &Dataset, action: &Action) -> String {
    let category = dataset
        .plan
        .category(action.category)
        .map_or_else(String::new, |c| {
            format!(" in category {} ({})", c.number, c.name.en)
        });
    format!(
        "Action {}{category}, led by {}.",
        action.id, action.lead_team
    )
}

fn unit(
    action: &Action,
    slot: &Slot,
    text: &Bilingual,
    state: WelshState,
    old: Option<&Text>,
) -> String {
    let mut context = format!("Action {}, {}", action.id, slot.what());
    if let Some(update) = slot.year.and_then(|y| action.update_for(y)) {
        let _ = write!(
            context,
            " (status: {} / {})",
            update.status.name(Lang::En),
            update.status.name(Lang::Cy)
        );
        let _ = write!(context, "; sent in {}", update.source);
    }
    context.push('.');
    trans_unit(&slot.to_string(), text, state, &context, old, marked_up)
}

/// One `<trans-unit>`: the English written by `write`, an empty target for missing Welsh or the
/// previous Welsh to review for stale, the English fingerprint, and the notes; for stale Welsh
/// whose English is known (`old`), that English and the Welsh as an `<alt-trans>`.
fn trans_unit(
    id: &str,
    text: &Bilingual,
    state: WelshState,
    context: &str,
    old: Option<&Text>,
    write: fn(&Text) -> String,
) -> String {
    let english = text
        .en
        .as_ref()
        .expect("only texts with English have a state");
    let hash = text.english_fingerprint().unwrap_or_default();
    let alt = match (state, &text.cy, old) {
        (WelshState::Stale, Some(cy), Some(old)) => alt_trans(english, old, cy, write),
        _ => String::new(),
    };
    let (target, previous) = match (state, &text.cy) {
        (WelshState::Stale, Some(cy)) => (
            format!(
                r#"<target state="needs-review-translation">{}</target>"#,
                write(cy)
            ),
            format!(
                "\n          <note from=\"annual-update\" annotates=\"target\">The English has changed since this Welsh was written. Previous Welsh: {}</note>",
                escape(cy.plain())
            ),
        ),
        // Missing, yet there: Welsh the language check found is not Welsh (see `crate::language`).
        (WelshState::Missing, Some(_)) => (
            r#"<target state="needs-translation"></target>"#.to_string(),
            "\n          <note from=\"annual-update\" annotates=\"target\">The Welsh sent with this text was not Welsh (English in the Welsh column, or the English again), so it is not used: translate the English.</note>".to_string(),
        ),
        _ => (
            r#"<target state="needs-translation"></target>"#.to_string(),
            String::new(),
        ),
    };
    let id = escape(id);
    format!(
        r#"        <trans-unit id="{id}" resname="{id}" xml:space="preserve">
          <source>{source}</source>
          {target}
          <context-group purpose="information"><context context-type="{HASH_CONTEXT}">{hash}</context></context-group>
          <note from="annual-update" annotates="source">{context}</note>{previous}{alt}
        </trans-unit>
"#,
        source = write(english),
        context = escape(context),
    )
}

/// The `<alt-trans>` of a stale unit: the English its Welsh was translated from and that Welsh, as
/// a CAT tool shows a previous version beside the new English, with how much of the English is
/// the same (`match-quality`, a percentage of words).
fn alt_trans(english: &Text, old: &Text, welsh: &Text, write: fn(&Text) -> String) -> String {
    let (now, then) = (english.plain(), old.plain());
    let same = similar::TextDiff::from_words(then.as_str(), now.as_str()).ratio();
    format!(
        "\n          <alt-trans match-quality=\"{quality}\" origin=\"annual-update: the Welsh in use, translated from this earlier English\" alttranstype=\"previous-version\">\n            <source>{source}</source>\n            <target>{target}</target>\n          </alt-trans>",
        quality = (same * 100.0).round() as u32,
        source = write(old),
        target = write(welsh),
    )
}

/// A text's plain form, escaped, with each action reference a `<ph>` placeholder. A placeholder's
/// id is made from the action it stands for (`a3.3`, then `a3.3-2` for a second mention), so the
/// English and a previous Welsh text number theirs alike.
fn marked_up(text: &Text) -> String {
    let mut seen: HashMap<ActionId, usize> = HashMap::new();
    text.written(|inline| match inline {
        Inline::Action(id) => placeholder(&mut seen, id),
        other => escape(other.as_str()).into_owned(),
    })
}
