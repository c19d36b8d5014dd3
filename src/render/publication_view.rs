//! What a publication says of itself, in one language: the organisation, the publication and
//! "Last updated" dates, the reference, the ISBN, the copyright and licence (the Open
//! Government Licence v3.0 and Crown copyright unless `plan.toml` says otherwise) and whom to ask
//! for another format. The web pages' "About this publication" block, the PDFs' colophon and
//! their XMP metadata are all made from it. Every value is plain text; templates escape it.

use serde::Serialize;

use super::labels::Labels;
use crate::model::{Lang, Plan};

#[derive(Clone, Debug, Serialize)]
pub struct PublicationView {
    /// "About this publication": the heading of the block.
    pub heading: String,
    /// Label and value, in order: organisation, published, last updated, reference, ISBN.
    pub facts: Vec<Fact>,
    /// "Published 24 November 2026 · Last updated 3 December 2026", for under a page's title.
    pub dates: Option<String>,
    /// "© Crown copyright 2026".
    pub copyright: String,
    /// The licence sentence, and the licence's address when it is the default one.
    pub licence: String,
    pub licence_url: Option<String>,
    /// "To ask for this publication in another format, e-mail " + address + ".": the sentence
    /// around the address, and the address.
    pub contact: Option<Contact>,
    /// The PDF's XMP description (`dc:description`): every fact above on one line.
    pub description: String,
    /// The PDF's XMP keywords (`pdf:Keywords`): the reference and the ISBN.
    pub keywords: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Fact {
    /// A stable name for the fact (`isbn`), for styles and tests.
    pub key: &'static str,
    pub label: String,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Contact {
    pub before: String,
    pub email: String,
    pub after: String,
}

/// The publication's view for `year`'s edition in `labels`' language.
pub fn publication(plan: &Plan, year: u16, labels: &Labels) -> PublicationView {
    let lang: Lang = labels.lang;
    let w = |key: &str| labels.word(&format!("/publication/{key}"));
    let publication = plan.publication.as_ref();
    let edition = plan.edition_meta(year);
    let published_iso = plan.publication_dates.get(&year);
    let published = published_iso.and_then(|iso| labels.long_date(iso));
    let updated = edition
        .and_then(|e| e.last_updated.as_deref())
        .and_then(|iso| labels.long_date(iso));
    let organisation = plan.organisation.get(lang).clone();
    let mut facts = vec![];
    let mut fact = |key: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            facts.push(Fact {
                key,
                label: w(key),
                value,
            });
        }
    };
    fact("organisation", Some(organisation.clone()));
    fact("published", published.clone());
    fact("last-updated", updated.clone());
    fact(
        "reference",
        edition
            .and_then(|e| e.reference.as_ref())
            .map(|r| r.trim().to_string()),
    );
    fact(
        "isbn",
        edition
            .and_then(|e| e.isbn.as_ref())
            .map(|i| i.trim().to_string()),
    );
    let dates = [
        published.map(|d| format!("{} {d}", w("published"))),
        updated.map(|d| format!("{} {d}", w("last-updated"))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    let copyright_year = published_iso
        .and_then(|iso| crate::dates::parse(iso))
        .map_or(year, |(y, _, _)| y);
    let holder = publication
        .and_then(|p| p.copyright.as_ref())
        .map_or_else(|| w("crown"), |c| c.get(lang).clone());
    let copyright = w("copyright")
        .replace("{holder}", &holder)
        .replace("{year}", &copyright_year.to_string());
    let own_licence = publication.and_then(|p| p.licence.as_ref());
    let licence = own_licence.map_or_else(|| w("licence"), |l| l.get(lang).clone());
    let licence_url = own_licence.is_none().then(|| w("licence-url"));
    let contact = publication.and_then(|p| p.contact.as_ref()).map(|email| {
        let sentence = w("contact");
        let (before, after) = sentence
            .split_once("{email}")
            .map_or((format!("{sentence} "), String::new()), |(b, a)| {
                (b.to_string(), a.to_string())
            });
        Contact {
            before,
            email: email.trim().to_string(),
            after,
        }
    });
    let description = facts
        .iter()
        .map(|f| format!("{}: {}", f.label, f.value))
        .chain([copyright.clone(), licence.clone()])
        .chain(
            contact
                .iter()
                .map(|c| format!("{}{}{}", c.before, c.email, c.after)),
        )
        .collect::<Vec<_>>()
        .join(" · ");
    let keywords = facts
        .iter()
        .filter(|f| matches!(f.key, "reference" | "isbn"))
        .map(|f| format!("{} {}", f.label, f.value))
        .collect();
    PublicationView {
        heading: w("about"),
        facts,
        dates: (!dates.is_empty()).then(|| dates.join(" · ")),
        copyright,
        licence,
        licence_url,
        contact,
        description,
        keywords,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EditionMeta, PerLang, Publication};

    fn labels(lang: Lang) -> Labels {
        let text = match lang {
            Lang::En => include_str!("../../report-templates/labels/en.toml"),
            Lang::Cy => include_str!("../../report-templates/labels/cy.toml"),
        };
        Labels::parse(lang, "labels", text).unwrap()
    }

    fn plan() -> Plan {
        toml::from_str(include_str!("../../inputs/plan.toml")).unwrap()
    }

    #[test]
    fn without_publication_the_open_government_licence_and_crown_copyright() {
        let en = publication(&plan(), 2026, &labels(Lang::En));
        assert_eq!(en.copyright, "© Crown copyright 2026");
        assert!(en.licence.contains("Open Government Licence v3.0"));
        assert!(en.licence_url.is_some() && en.contact.is_none());
        let keys: Vec<&str> = en.facts.iter().map(|f| f.key).collect();
        assert_eq!(keys, ["organisation", "published"]);
        assert!(en.keywords.is_empty());
        let cy = publication(&plan(), 2026, &labels(Lang::Cy));
        assert_eq!(cy.copyright, "© Hawlfraint y Goron 2026");
        assert_eq!(cy.facts[0].value, "Llywodraeth Cymru");
    }

    #[test]
    fn every_fact_in_the_view_the_description_and_the_keywords() {
        let mut plan = plan();
        plan.publication = Some(Publication {
            contact: Some("a@gov.wales".into()),
            licence: Some(PerLang {
                en: "Licensed by us.".into(),
                cy: "Trwyddedwyd gennym.".into(),
            }),
            copyright: None,
            editions: [(
                2026,
                EditionMeta {
                    reference: Some("WG1".into()),
                    isbn: Some("978-0-306-40615-7".into()),
                    last_updated: Some("2026-12-03".into()),
                },
            )]
            .into(),
        });
        let cy = publication(&plan, 2026, &labels(Lang::Cy));
        assert_eq!(cy.licence, "Trwyddedwyd gennym.");
        assert!(
            cy.licence_url.is_none(),
            "a licence of its own has no OGL link"
        );
        let contact = cy.contact.as_ref().unwrap();
        assert_eq!(
            format!("{}{}{}", contact.before, contact.email, contact.after),
            "I gael y cyhoeddiad hwn mewn fformat arall, fel print bras, anfonwch e-bost at a@gov.wales."
        );
        assert!(
            cy.dates
                .as_deref()
                .unwrap()
                .ends_with("Diweddarwyd ddiwethaf 3 Rhagfyr 2026")
        );
        assert_eq!(cy.keywords, ["Cyfeirnod WG1", "ISBN 978-0-306-40615-7"]);
        assert!(
            cy.description
                .contains("ISBN: 978-0-306-40615-7 · © Hawlfraint y Goron 2026")
        );
    }
}
