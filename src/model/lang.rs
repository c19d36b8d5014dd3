//! The two publication languages, and values held once per language.

use serde::{Deserialize, Serialize};

/// A publication language. Welsh comes first: in a bilingual document Welsh is read first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Cy,
    En,
}

impl Lang {
    /// Both languages, Welsh first.
    pub const ALL: [Lang; 2] = [Lang::Cy, Lang::En];

    /// The BCP 47 code, as written in `xml:lang`, Typst's `lang` and file names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Cy => "cy",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "cy" | "cy-gb" | "cym" | "wel" => Some(Lang::Cy),
            "en" | "en-gb" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name for itself in the other language's labels is in the label files;
    /// this is only for messages.
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::Cy => "Welsh",
            Lang::En => "English",
        }
    }
}

/// One value per language. `PerLang<Option<T>>` is text that may be missing in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerLang<T> {
    pub en: T,
    pub cy: T,
}

impl<T> PerLang<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Cy => &self.cy,
            Lang::En => &self.en,
        }
    }

    pub fn get_mut(&mut self, lang: Lang) -> &mut T {
        match lang {
            Lang::Cy => &mut self.cy,
            Lang::En => &mut self.en,
        }
    }
}

impl<T> PerLang<Option<T>> {
    /// Languages in which the value is missing.
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|&l| self.get(l).is_none())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_none() && self.cy.is_none()
    }
}
