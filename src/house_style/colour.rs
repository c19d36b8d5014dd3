//! Colours as the house style writes them (`rgb(…)`, `luma(…)`, Typst's named colours), read from
//! the parsed `style.typ`, and the contrast ratio between two of them as WCAG 2.1 defines it.

use std::fmt;

use typst_syntax::ast::{self, AstNode, Expr};

/// An sRGB colour, each channel from 0 to 1, with its opacity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    pub rgb: [f64; 3],
    pub alpha: f64,
}

/// The contrast WCAG 2.1 asks of text at level AA (success criterion 1.4.3).
pub const AA: f64 = 4.5;

impl Colour {
    fn grey(v: f64) -> Colour {
        Colour {
            rgb: [v; 3],
            alpha: 1.0,
        }
    }

    /// `"#1b4b5a"`, `"1b4b5a"`, `"#abc"`, with an optional alpha (`"#1b4b5a80"`, `"#abc8"`).
    pub fn hex(s: &str) -> Option<Colour> {
        let s = s.strip_prefix('#').unwrap_or(s);
        if !s.is_ascii() {
            return None;
        }
        let digits: Vec<f64> = match s.len() {
            3 | 4 => s
                .chars()
                .map(|c| c.to_digit(16).map(|d| f64::from(d * 17) / 255.0))
                .collect::<Option<_>>()?,
            6 | 8 => (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
                .map(|b| b.map(|b| f64::from(b) / 255.0))
                .collect::<Option<_>>()?,
            _ => return None,
        };
        Some(Colour {
            rgb: [digits[0], digits[1], digits[2]],
            alpha: digits.get(3).copied().unwrap_or(1.0),
        })
    }

    /// Typst's named colours, as `typst-library` 0.15.1 defines them.
    pub fn named(name: &str) -> Option<Colour> {
        let hex = match name {
            "black" => return Some(Colour::grey(0.0)),
            "gray" => return Some(Colour::grey(0.666_666_6)),
            "silver" => return Some(Colour::grey(0.866_666_7)),
            "white" => return Some(Colour::grey(1.0)),
            "navy" => "#001f3f",
            "blue" => "#0074d9",
            "aqua" => "#7fdbff",
            "teal" => "#39cccc",
            "eastern" => "#239dad",
            "purple" => "#b10dc9",
            "fuchsia" => "#f012be",
            "maroon" => "#85144b",
            "red" => "#ff4136",
            "orange" => "#ff851b",
            "yellow" => "#ffdc00",
            "olive" => "#3d9970",
            "green" => "#2ecc40",
            "lime" => "#01ff70",
            _ => return None,
        };
        Colour::hex(hex)
    }

    /// A colour written in Typst: `rgb("#1b4b5a")`, `rgb(27, 75, 90)`, `rgb(10%, 30%, 35%)`,
    /// `luma(92%)`, `luma(235)`, `white`, `color.white`. Anything else (other colour spaces,
    /// methods such as `.lighten(…)`, variables) is not read: `None`.
    pub fn of(expr: Expr<'_>) -> Option<Colour> {
        match expr {
            Expr::Ident(name) => Colour::named(name.get()),
            Expr::FieldAccess(access) => match access.target() {
                Expr::Ident(target) if target.get() == "color" => {
                    Colour::named(access.field().get())
                }
                _ => None,
            },
            Expr::FuncCall(call) => {
                let Expr::Ident(callee) = call.callee() else {
                    return None;
                };
                let args: Vec<Expr> = call
                    .args()
                    .items()
                    .map(|arg| match arg {
                        ast::Arg::Pos(e) => Some(e),
                        _ => None,
                    })
                    .collect::<Option<_>>()?;
                match (callee.get().as_str(), args.as_slice()) {
                    ("rgb", [Expr::Str(s)]) => Colour::hex(&s.get()),
                    ("rgb", [r, g, b, alpha @ ..]) if alpha.len() <= 1 => Some(Colour {
                        rgb: [channel(*r)?, channel(*g)?, channel(*b)?],
                        alpha: alpha.first().map_or(Some(1.0), |a| channel(*a))?,
                    }),
                    ("luma", [l, alpha @ ..]) if alpha.len() <= 1 => Some(Colour {
                        rgb: [channel(*l)?; 3],
                        alpha: alpha.first().map_or(Some(1.0), |a| channel(*a))?,
                    }),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// This colour as it shows on `background` (which shows on white if it is not opaque).
    fn over(self, background: Colour) -> Colour {
        let background = if background.alpha < 1.0 {
            background.over(Colour::grey(1.0))
        } else {
            background
        };
        let mix = |i: usize| self.rgb[i] * self.alpha + background.rgb[i] * (1.0 - self.alpha);
        Colour {
            rgb: [mix(0), mix(1), mix(2)],
            alpha: 1.0,
        }
    }

    /// Relative luminance, as WCAG 2.1 defines it.
    fn luminance(self) -> f64 {
        let linear = |c: f64| {
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.rgb[0]) + 0.7152 * linear(self.rgb[1]) + 0.0722 * linear(self.rgb[2])
    }

    /// Whether this colour, as text on `background`, is the darker of the two.
    pub fn darker_than(self, background: Colour) -> bool {
        let background = background.over(Colour::grey(1.0));
        self.over(background).luminance() < background.luminance()
    }

    /// The contrast ratio of text in this colour on `background`, from 1 to 21.
    pub fn contrast(self, background: Colour) -> f64 {
        let background = background.over(Colour::grey(1.0));
        let (a, b) = (self.over(background).luminance(), background.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// A channel of `rgb(…)` or `luma(…)`: an integer from 0 to 255 or a percentage.
fn channel(expr: Expr<'_>) -> Option<f64> {
    let value = match expr {
        Expr::Int(i) => i.get() as f64 / 255.0,
        Expr::Numeric(n) => match n.get() {
            (v, ast::Unit::Percent) => v / 100.0,
            _ => return None,
        },
        _ => return None,
    };
    (0.0..=1.0).contains(&value).then_some(value)
}

/// `#1b4b5a`, as people write colours (with the alpha when it is not opaque).
impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let byte = |v: f64| (v * 255.0).round() as u8;
        let [r, g, b] = self.rgb.map(byte);
        write!(f, "#{r:02x}{g:02x}{b:02x}")?;
        if self.alpha < 1.0 {
            write!(f, "{:02x}", byte(self.alpha))?;
        }
        Ok(())
    }
}

/// The expression's source, for messages.
pub fn written(expr: Expr<'_>) -> String {
    crate::findings::clip(&expr.to_untyped().full_text(), 60).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(code: &str) -> Option<Colour> {
        let root = typst_syntax::parse_code(code);
        Colour::of(root.children().find_map(|n| n.cast::<Expr>())?)
    }

    #[test]
    fn reads_what_the_style_writes() {
        assert_eq!(parse(r##"rgb("#1b4b5a")"##).unwrap().to_string(), "#1b4b5a");
        assert_eq!(parse(r##"rgb("abc")"##).unwrap().to_string(), "#aabbcc");
        assert_eq!(parse("rgb(27, 75, 90)").unwrap().to_string(), "#1b4b5a");
        assert_eq!(parse("rgb(100%, 0%, 50%)").unwrap().to_string(), "#ff0080");
        assert_eq!(parse("luma(92%)").unwrap().to_string(), "#ebebeb");
        assert_eq!(parse("luma(0, 50%)").unwrap().to_string(), "#00000080");
        assert_eq!(parse("white").unwrap().to_string(), "#ffffff");
        assert_eq!(parse("color.navy").unwrap().to_string(), "#001f3f");
        for unread in [
            "cmyk(0%, 0%, 0%, 100%)",
            "red.lighten(20%)",
            "x",
            "rgb(300, 0, 0)",
        ] {
            assert_eq!(parse(unread), None, "{unread}");
        }
    }

    #[test]
    fn contrast_is_wcag_2_1() {
        let white = Colour::named("white").unwrap();
        let black = Colour::named("black").unwrap();
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the lightest grey that passes AA: 4.54:1.
        let grey = Colour::hex("#767676").unwrap();
        assert!((grey.contrast(white) - 4.54).abs() < 0.01);
        assert!(Colour::hex("#777777").unwrap().contrast(white) < AA);
        // Half-transparent black on white shows as mid grey.
        let half = Colour::hex("#00000080").unwrap();
        assert!(
            (half.contrast(white) - Colour::hex("#7f7f7f").unwrap().contrast(white)).abs() < 0.05
        );
    }
}
