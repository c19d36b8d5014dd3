//! What the contrast check reads of `style.typ`, with the pinned Typst's own parser (so comments,
//! strings and markup are read as Typst reads them): the `colours` dictionary, the `text-on`
//! dictionary and every `fill` given to `text(…)` or `set text(…)`, each with its place.

use typst_syntax::ast::{self, AstNode, Expr};
use typst_syntax::{LinkedNode, Source, SyntaxNode};

use super::colour::{self, Colour};

/// A colour of the `colours` dictionary.
pub struct Named {
    pub name: String,
    /// As written, for messages.
    pub written: String,
    /// `None` when the check cannot read it (another colour space, a computed value).
    pub colour: Option<Colour>,
    /// Byte offset of its value.
    pub at: usize,
}

/// An entry of `text-on`: a text colour and the backgrounds it is set on.
pub struct TextOn {
    pub name: String,
    /// Each background's name and byte offset; `None` when the entry is not an array of strings.
    pub backgrounds: Option<Vec<(String, usize)>>,
    pub at: usize,
}

/// What a `text(fill: …)` or `set text(fill: …)` gives as the text's colour.
pub enum FillValue {
    /// `colours.NAME`.
    Colour(String),
    /// A colour written in place, read or not.
    Literal(Option<Colour>, String),
}

pub struct Fill {
    pub value: FillValue,
    pub at: usize,
}

/// The parts of the style the check needs.
#[derive(Default)]
pub struct Style {
    pub colours: Option<Vec<Named>>,
    pub text_on: Option<Vec<TextOn>>,
    pub fills: Vec<Fill>,
}

/// Reads the style's source.
pub fn read(text: &str) -> Style {
    let source = Source::detached(text);
    let mut style = Style::default();
    walk(&source, &LinkedNode::new(source.root()), &mut style);
    style
}

fn walk(source: &Source, node: &LinkedNode, style: &mut Style) {
    if let Some(binding) = node.cast::<ast::LetBinding>() {
        let name = match binding.kind() {
            ast::LetBindingKind::Normal(ast::Pattern::Normal(Expr::Ident(name))) => {
                Some(name.get().clone())
            }
            _ => None,
        };
        if let (Some(name), Some(Expr::Dict(dict))) = (name, binding.init()) {
            match name.as_str() {
                "colours" => style.colours = Some(colours(source, dict)),
                "text-on" => style.text_on = Some(text_on(source, dict)),
                _ => {}
            }
        }
    }
    let args = if let Some(call) = node.cast::<ast::FuncCall>() {
        is_text(call.callee()).then(|| call.args())
    } else if let Some(rule) = node.cast::<ast::SetRule>() {
        is_text(rule.target()).then(|| rule.args())
    } else {
        None
    };
    for arg in args.iter().flat_map(|a| a.items()) {
        if let ast::Arg::Named(named) = arg
            && named.name().get() == "fill"
        {
            let expr = named.expr();
            let value = match expr {
                Expr::FieldAccess(access) if matches!(access.target(), Expr::Ident(t) if t.get() == "colours") => {
                    FillValue::Colour(access.field().get().to_string())
                }
                _ => FillValue::Literal(Colour::of(expr), colour::written(expr)),
            };
            style.fills.push(Fill {
                value,
                at: offset(source, expr.to_untyped()),
            });
        }
    }
    for child in node.children() {
        walk(source, &child, style);
    }
}

fn is_text(callee: Expr) -> bool {
    matches!(callee, Expr::Ident(name) if name.get() == "text")
}

fn colours(source: &Source, dict: ast::Dict) -> Vec<Named> {
    named_items(dict)
        .map(|(name, expr)| Named {
            name,
            written: colour::written(expr),
            colour: Colour::of(expr),
            at: offset(source, expr.to_untyped()),
        })
        .collect()
}

fn text_on(source: &Source, dict: ast::Dict) -> Vec<TextOn> {
    named_items(dict)
        .map(|(name, expr)| TextOn {
            name,
            backgrounds: match expr {
                Expr::Array(array) => array
                    .items()
                    .map(|item| match item {
                        ast::ArrayItem::Pos(Expr::Str(s)) => {
                            Some((s.get().to_string(), offset(source, s.to_untyped())))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => None,
            },
            at: offset(source, expr.to_untyped()),
        })
        .collect()
}

/// A dictionary's `name: value` entries (`"name": value` too).
fn named_items(dict: ast::Dict) -> impl Iterator<Item = (String, Expr)> {
    dict.items().filter_map(|item| match item {
        ast::DictItem::Named(named) => Some((named.name().get().to_string(), named.expr())),
        ast::DictItem::Keyed(keyed) => match keyed.key() {
            Expr::Str(key) => Some((key.get().to_string(), keyed.expr())),
            _ => None,
        },
        ast::DictItem::Spread(_) => None,
    })
}

fn offset(source: &Source, node: &SyntaxNode) -> usize {
    source.find(node.span()).map_or(0, |n| n.offset())
}
