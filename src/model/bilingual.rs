//! A text published in both languages, where the Welsh remembers which English it translates, so
//! that a change to the English makes the Welsh stale until it is translated again.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Lang, PerLang, Text};

/// A text in English and Welsh. `cy_translates` is the [`fingerprint`] of the English the Welsh
/// was translated from: set when both languages arrive together, or when a translation is
/// imported or corrected; left alone when the English changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Bilingual {
    pub en: Option<Text>,
    pub cy: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cy_translates: Option<String>,
    /// Set when the words were let go and only the checks' verdicts on them kept (see
    /// [`Bilingual::seal`]). A sealed text is never written: serialising one is an error.
    #[serde(
        skip_deserializing,
        skip_serializing_if = "Option::is_none",
        serialize_with = "refuse_sealed"
    )]
    pub sealed: Option<Box<Sealed>>,
}

/// What is kept of a text whose words a run does not need (`check` keeps few of last year's
/// words; see `sieve`): the verdicts the checks would reach on them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// [`Bilingual::welsh_state`] of the words.
    pub welsh: Option<WelshState>,
    /// Per language, the characters the documents' fonts cannot print (see `crate::fonts`),
    /// found with the fonts of the run that sealed the text.
    pub unprintable: PerLang<Vec<char>>,
    /// Per language, the [`fingerprint`] of the words, when the run compares text with them
    /// (see [`Bilingual::is`]); `None` if it does not.
    pub fingerprints: Option<PerLang<Option<String>>>,
}

fn refuse_sealed<S: serde::Serializer>(_: &Option<Box<Sealed>>, _: S) -> Result<S::Ok, S::Error> {
    Err(serde::ser::Error::custom(
        "a sealed text has no words to write (only `check` seals texts, and it writes no dataset)",
    ))
}

/// Whether the Welsh of a text is there and current.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WelshState {
    /// The Welsh translates the English as it is now.
    Translated,
    /// There is English and no Welsh.
    Missing,
    /// The Welsh translates an earlier English text.
    Stale,
}

impl WelshState {
    pub const ALL: [WelshState; 3] = [
        WelshState::Translated,
        WelshState::Missing,
        WelshState::Stale,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WelshState::Translated => "translated",
            WelshState::Missing => "missing",
            WelshState::Stale => "stale",
        }
    }
}

/// A short, stable fingerprint of a text: the first 16 hex digits of the SHA-256 of its plain form
/// (the form a person types, which parses back to the same text).
pub fn fingerprint(text: &Text) -> String {
    let digest = Sha256::digest(text.plain().as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Bilingual {
    /// Text as a partner sent it: Welsh sent with its English translates that English.
    pub fn submitted(text: PerLang<Option<Text>>) -> Bilingual {
        let cy_translates = match (&text.en, &text.cy) {
            (Some(en), Some(_)) => Some(fingerprint(en)),
            _ => None,
        };
        Bilingual {
            en: text.en,
            cy: text.cy,
            cy_translates,
            sealed: None,
        }
    }

    pub fn get(&self, lang: Lang) -> &Option<Text> {
        match lang {
            Lang::Cy => &self.cy,
            Lang::En => &self.en,
        }
    }

    /// Replaces the English. The Welsh is left as it is, and so becomes stale if the text changed.
    pub fn set_english(&mut self, text: Option<Text>) -> Option<Text> {
        std::mem::replace(&mut self.en, text)
    }

    /// Sets the Welsh, recording the English fingerprint it was translated from.
    pub fn set_welsh(&mut self, text: Option<Text>, translates: Option<String>) -> Option<Text> {
        self.cy_translates = translates.filter(|_| text.is_some());
        std::mem::replace(&mut self.cy, text)
    }

    /// Sets the Welsh as a translation of the English as it is now.
    pub fn set_current_welsh(&mut self, text: Option<Text>) -> Option<Text> {
        let translates = self.en.as_ref().map(fingerprint);
        self.set_welsh(text, translates)
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_none() && self.cy.is_none() && self.sealed.is_none()
    }

    /// Lets the words go, keeping the Welsh's state, from `unprintable` the characters in each
    /// language that no font has and, if the text will be `compared` with others, the words'
    /// fingerprints. Used on the history a run will neither change nor print.
    pub fn seal(&mut self, unprintable: impl Fn(&Text) -> Vec<char>, compared: bool) {
        if self.sealed.is_some() || self.is_empty() {
            return;
        }
        let missing = |t: &Option<Text>| t.as_ref().map(&unprintable).unwrap_or_default();
        let sealed = Sealed {
            welsh: self.welsh_state(),
            unprintable: PerLang {
                en: missing(&self.en),
                cy: missing(&self.cy),
            },
            fingerprints: compared.then(|| PerLang {
                en: self.en.as_ref().map(fingerprint),
                cy: self.cy.as_ref().map(fingerprint),
            }),
        };
        *self = Bilingual {
            sealed: Some(Box::new(sealed)),
            ..Bilingual::default()
        };
    }

    /// Whether the text in `lang` is `other`: the same words, or for a sealed text, words of the
    /// same fingerprint.
    pub fn is(&self, lang: Lang, other: &Option<Text>) -> bool {
        let Some(sealed) = &self.sealed else {
            return self.get(lang) == other;
        };
        let fingerprints = sealed
            .fingerprints
            .as_ref()
            .expect("a text compared with others is sealed with its fingerprints (see `Sieve`)");
        *fingerprints.get(lang) == other.as_ref().map(fingerprint)
    }

    /// The fingerprint of the English as it is now.
    pub fn english_fingerprint(&self) -> Option<String> {
        debug_assert!(self.sealed.is_none(), "the words of a sealed text are gone");
        self.en.as_ref().map(fingerprint)
    }

    /// The state of the Welsh, for a text that has English (`None` otherwise).
    pub fn welsh_state(&self) -> Option<WelshState> {
        if let Some(sealed) = &self.sealed {
            return sealed.welsh;
        }
        let en = self.en.as_ref()?;
        Some(match (&self.cy, &self.cy_translates) {
            (None, _) => WelshState::Missing,
            (Some(_), Some(hash)) if *hash == fingerprint(en) => WelshState::Translated,
            (Some(_), _) => WelshState::Stale,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::parse;

    fn both(en: &str, cy: &str) -> Bilingual {
        Bilingual::submitted(PerLang {
            en: parse(en),
            cy: parse(cy),
        })
    }

    #[test]
    fn welsh_sent_with_english_is_current_until_the_english_changes() {
        let mut t = both("We will publish.", "Byddwn yn cyhoeddi.");
        assert_eq!(t.welsh_state(), Some(WelshState::Translated));
        t.set_english(parse("We published."));
        assert_eq!(t.welsh_state(), Some(WelshState::Stale));
        t.set_current_welsh(parse("Rydym wedi cyhoeddi."));
        assert_eq!(t.welsh_state(), Some(WelshState::Translated));
        // Back to the words it was first translated from: the fingerprint is of the words only.
        let mut t = both("We will publish.", "Byddwn yn cyhoeddi.");
        t.set_english(parse("We will  publish."));
        assert_eq!(t.welsh_state(), Some(WelshState::Translated));
    }

    #[test]
    fn english_only_is_missing_and_welsh_only_has_no_state() {
        assert_eq!(
            both("We will publish.", "").welsh_state(),
            Some(WelshState::Missing)
        );
        assert_eq!(both("", "Byddwn yn cyhoeddi.").welsh_state(), None);
    }
}
