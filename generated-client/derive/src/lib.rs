// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! The derives of the generated client's types, written for them alone (they
//! read only what the generator writes) and kept small: their output is code
//! every crate that builds the client compiles.
//!
//! - [`Deserialize`] reads a struct through the runtime's `lenient::Object`:
//!   one line per field. serde's own derive would do the same job with many
//!   times the code (a visitor per struct), which made the crate twice as
//!   slow to check. A field's JSON name is its `#[serde(rename = "…")]` or its
//!   name; how it reads follows its type: `Option<Option<T>>` tells a missing
//!   member from `null`, `Option<T>` reads both as `None`, any other type is
//!   required (a missing member or `null` reads as the placeholder). The
//!   `#[serde(flatten)]` field takes the members no other field takes.
//! - [`StringEnum`] gives a string enum with a catch-all variant (the one
//!   marked `#[serde(untagged)]`, holding a `String`) its wire values, from
//!   `#[serde(rename = "…")]` or the enum's `#[serde(rename_all = "…")]` (serde's
//!   rules): `Serialize`, `Deserialize`, `as_str`, `Display`, `From<&str>`,
//!   `FromStr`. Unknown values land in the catch-all, as they were sent.
//! - [`EmptyDefault`] gives a struct read from responses a `Default`: its
//!   empty value, the one a missing value reads as (`lenient::empty`). Such a
//!   struct is `#[non_exhaustive]`, so `T::default()` is how code outside the
//!   crate builds one (a test fixture), and a field the API adds breaks none
//!   of it.
//!
//! Both name the runtime as `crate::runtime`, which the crate hosting the
//! generated code provides (ARCHITECTURE.md lists that contract). Parsing is
//! done on the tokens directly: the generator writes a narrow subset of Rust
//! (no generics, no `where`), and a parser crate would cost more to compile
//! than this whole crate.

use proc_macro::{Delimiter, Group, TokenStream, TokenTree};

/// Reads a generated struct from a JSON object, leniently (see the crate docs).
#[proc_macro_derive(Deserialize, attributes(serde))]
pub fn derive_deserialize(input: TokenStream) -> TokenStream {
    match Item::parse(input).and_then(|item| item.struct_deserialize()) {
        Ok(code) => code.parse().unwrap_or_else(|_| error("the generated Deserialize does not parse")),
        Err(message) => error(&message),
    }
}

/// Writes a generated struct as a JSON object (see the crate docs).
#[proc_macro_derive(Serialize, attributes(serde))]
pub fn derive_serialize(input: TokenStream) -> TokenStream {
    match Item::parse(input).and_then(|item| item.struct_serialize()) {
        Ok(code) => code.parse().unwrap_or_else(|_| error("the generated Serialize does not parse")),
        Err(message) => error(&message),
    }
}

/// The conversions of a string enum with a catch-all variant (see the crate docs).
#[proc_macro_derive(StringEnum, attributes(serde))]
pub fn derive_string_enum(input: TokenStream) -> TokenStream {
    match Item::parse(input).and_then(|item| item.string_enum()) {
        Ok(code) => code.parse().unwrap_or_else(|_| error("the generated string enum impls do not parse")),
        Err(message) => error(&message),
    }
}

/// `Default` as the struct's empty value (see the crate docs).
#[proc_macro_derive(EmptyDefault)]
pub fn derive_empty_default(input: TokenStream) -> TokenStream {
    match Item::parse(input) {
        Ok(item) if item.kind == Kind::Struct => format!(
            "impl ::core::default::Default for {name} {{
                fn default() -> Self {{
                    crate::runtime::lenient::empty()
                }}
            }}",
            name = item.name
        )
        .parse()
        .unwrap_or_else(|_| error("the generated Default does not parse")),
        Ok(_) => error("`EmptyDefault` is for structs"),
        Err(message) => error(&message),
    }
}

fn error(message: &str) -> TokenStream {
    format!("::core::compile_error!({message:?});").parse().unwrap_or_default()
}

/// A struct or enum as the generator writes it.
struct Item {
    name: String,
    kind: Kind,
    /// The item's `#[serde(…)]` arguments.
    serde: Vec<SerdeArg>,
    body: Group,
}

#[derive(PartialEq)]
enum Kind {
    Struct,
    Enum,
}

/// One argument of a `#[serde(…)]` attribute: `flatten`, or `rename = "x"`.
#[derive(Debug, PartialEq)]
enum SerdeArg {
    Flag(String),
    Value(String, String),
}

/// A field of a struct or a variant of an enum: its attributes' `serde`
/// arguments, its name, and the tokens of its type (a variant's payload).
struct Member {
    serde: Vec<SerdeArg>,
    name: String,
    ty: String,
}

impl Item {
    fn parse(input: TokenStream) -> Result<Item, String> {
        let mut tokens = input.into_iter().peekable();
        let mut serde = Vec::new();
        let mut kind = None;
        let mut name = None;
        while let Some(token) = tokens.next() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == '#' => {
                    if let Some(TokenTree::Group(attribute)) = tokens.next() {
                        serde.extend(serde_args(&attribute));
                    }
                }
                TokenTree::Ident(ident) if kind.is_none() && ident.to_string() == "struct" => kind = Some(Kind::Struct),
                TokenTree::Ident(ident) if kind.is_none() && ident.to_string() == "enum" => kind = Some(Kind::Enum),
                TokenTree::Ident(ident) if kind.is_some() && name.is_none() => name = Some(ident.to_string()),
                TokenTree::Punct(p) if p.as_char() == '<' && name.is_some() => {
                    return Err("generic types are not supported".to_string());
                }
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && name.is_some() => {
                    let (Some(kind), Some(name)) = (kind, name) else { break };
                    return Ok(Item { name, kind, serde, body: group.clone() });
                }
                _ => {}
            }
        }
        Err("expected a struct or an enum with named fields or variants".to_string())
    }

    /// The fields or variants, split at the commas between them.
    fn members(&self) -> Vec<Member> {
        let mut members = Vec::new();
        let mut serde = Vec::new();
        let mut name: Option<String> = None;
        let mut ty = String::new();
        let mut angle_depth = 0usize;
        let mut after_colon = false;
        let mut tokens = self.body.stream().into_iter().peekable();
        let mut finish = |serde: &mut Vec<SerdeArg>, name: &mut Option<String>, ty: &mut String| {
            if let Some(name) = name.take() {
                members.push(Member { serde: std::mem::take(serde), name, ty: std::mem::take(ty) });
            }
            serde.clear();
            ty.clear();
        };
        while let Some(token) = tokens.next() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == '#' && !after_colon => {
                    if let Some(TokenTree::Group(attribute)) = tokens.next() {
                        serde.extend(serde_args(&attribute));
                    }
                }
                TokenTree::Punct(p) if p.as_char() == ',' && angle_depth == 0 => {
                    finish(&mut serde, &mut name, &mut ty);
                    after_colon = false;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && !after_colon && name.is_some() => {
                    // `::` inside a type is two joint colons; a field's colon is alone.
                    after_colon = true;
                }
                TokenTree::Ident(ident) if !after_colon => {
                    let text = ident.to_string();
                    if text != "pub" {
                        name = Some(text);
                    }
                }
                // A variant's payload (before a name, it is the `(crate)` of `pub(crate)`).
                TokenTree::Group(group)
                    if !after_colon && group.delimiter() == Delimiter::Parenthesis && name.is_some() =>
                {
                    ty = group.stream().to_string();
                }
                _ if after_colon => {
                    if let TokenTree::Punct(p) = &token {
                        match p.as_char() {
                            '<' => angle_depth += 1,
                            '>' => angle_depth = angle_depth.saturating_sub(1),
                            _ => {}
                        }
                    }
                    ty.push_str(&token.to_string());
                }
                _ => {}
            }
        }
        finish(&mut serde, &mut name, &mut ty);
        members
    }

    fn struct_deserialize(&self) -> Result<String, String> {
        if self.kind != Kind::Struct {
            return Err("`Deserialize` of the generated client is for structs".to_string());
        }
        let mut fields = String::new();
        for field in self.members() {
            if field.serde.contains(&SerdeArg::Flag("flatten".to_string())) {
                fields.push_str(&format!("{}: object.rest(),", field.name));
                continue;
            }
            let json = rename(&field.serde).unwrap_or_else(|| field.name.trim_start_matches("r#").to_string());
            let ty: String = field.ty.split_whitespace().collect();
            let read = if is_option(&ty, 2) {
                "nullable"
            } else if is_option(&ty, 1) {
                "optional"
            } else {
                "required"
            };
            fields.push_str(&format!("{}: object.{read}({json:?}),", field.name));
        }
        Ok(format!(
            "#[allow(deprecated)]
            impl<'de> ::serde::Deserialize<'de> for {name} {{
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {{
                    let mut object = crate::runtime::lenient::Object::read(deserializer)?;
                    let value = Self {{ {fields} }};
                    object.finish(value)
                }}
            }}",
            name = self.name
        ))
    }

    fn struct_serialize(&self) -> Result<String, String> {
        if self.kind != Kind::Struct {
            return Err("`Serialize` of the generated client is for structs".to_string());
        }
        let mut fields = String::new();
        for field in self.members() {
            let name = &field.name;
            if field.serde.contains(&SerdeArg::Flag("flatten".to_string())) {
                fields.push_str(&format!("object.extend(&self.{name});"));
                continue;
            }
            let json = rename(&field.serde).unwrap_or_else(|| name.trim_start_matches("r#").to_string());
            let skip =
                field.serde.iter().any(|arg| matches!(arg, SerdeArg::Value(key, _) if key == "skip_serializing_if"));
            let with = field.serde.iter().find_map(|arg| match arg {
                SerdeArg::Value(key, path) if key == "serialize_with" => Some(path.clone()),
                _ => None,
            });
            let value = match &with {
                Some(path) => format!("&crate::runtime::lenient::With(&self.{name}, {path})"),
                None => format!("&self.{name}"),
            };
            if skip {
                fields.push_str(&format!("if self.{name}.is_some() {{ object.put({json:?}, {value}); }}"));
            } else {
                fields.push_str(&format!("object.put({json:?}, {value});"));
            }
        }
        Ok(format!(
            "#[allow(deprecated)]
            impl ::serde::Serialize for {name} {{
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {{
                    let mut object = crate::runtime::lenient::Writer::default();
                    {fields}
                    object.finish(serializer)
                }}
            }}",
            name = self.name
        ))
    }

    fn string_enum(&self) -> Result<String, String> {
        if self.kind != Kind::Enum {
            return Err("`StringEnum` is for enums".to_string());
        }
        let rename_all = self.serde.iter().find_map(|arg| match arg {
            SerdeArg::Value(key, value) if key == "rename_all" => Some(value.as_str()),
            _ => None,
        });
        let mut known = Vec::new();
        let mut other = None;
        for variant in self.members() {
            if variant.serde.contains(&SerdeArg::Flag("untagged".to_string())) {
                other = Some(variant.name);
                continue;
            }
            let value = match (rename(&variant.serde), rename_all) {
                (Some(value), _) => value,
                (None, Some(rule)) => apply_rule(rule, &variant.name)?,
                (None, None) => variant.name.clone(),
            };
            known.push((variant.name, value));
        }
        let other = other.ok_or("a string enum needs a catch-all variant marked #[serde(untagged)]")?;
        let to_str: String = known.iter().map(|(variant, value)| format!("Self::{variant} => {value:?},")).collect();
        let from_str: String = known.iter().map(|(variant, value)| format!("{value:?} => Self::{variant},")).collect();
        Ok(format!(
            "impl {name} {{
                /// The value as it appears on the wire.
                pub fn as_str(&self) -> &str {{
                    match self {{ {to_str} Self::{other}(value) => value }}
                }}
            }}
            impl ::core::fmt::Display for {name} {{
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{
                    f.write_str(self.as_str())
                }}
            }}
            impl ::core::convert::From<&str> for {name} {{
                fn from(value: &str) -> Self {{
                    match value {{ {from_str} other => Self::{other}(::std::string::ToString::to_string(other)) }}
                }}
            }}
            impl ::core::str::FromStr for {name} {{
                type Err = ::core::convert::Infallible;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {{
                    ::core::result::Result::Ok(Self::from(value))
                }}
            }}
            impl ::serde::Serialize for {name} {{
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {{
                    serializer.serialize_str(self.as_str())
                }}
            }}
            impl<'de> ::serde::Deserialize<'de> for {name} {{
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {{
                    crate::runtime::lenient::text(deserializer).map(|value| Self::from(&*value))
                }}
            }}",
            name = self.name
        ))
    }
}

/// Whether the type (spaces removed) is `depth` nested `Option`s of something.
fn is_option(ty: &str, depth: usize) -> bool {
    let mut rest = ty;
    for _ in 0..depth {
        match rest.strip_prefix("Option<").or_else(|| rest.strip_prefix("::std::option::Option<")) {
            Some(inner) => rest = inner,
            None => return false,
        }
    }
    true
}

/// The `rename = "…"` of a member's `serde` arguments.
fn rename(args: &[SerdeArg]) -> Option<String> {
    args.iter().find_map(|arg| match arg {
        SerdeArg::Value(key, value) if key == "rename" => Some(value.clone()),
        _ => None,
    })
}

/// The arguments of an attribute, if it is `serde(…)`.
fn serde_args(attribute: &Group) -> Vec<SerdeArg> {
    let mut tokens = attribute.stream().into_iter();
    match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Ident(ident)), Some(TokenTree::Group(args))) if ident.to_string() == "serde" => {
            let mut parsed = Vec::new();
            let mut key: Option<String> = None;
            let mut expects_value = false;
            for token in args.stream() {
                match token {
                    TokenTree::Ident(ident) => key = Some(ident.to_string()),
                    TokenTree::Punct(p) if p.as_char() == '=' => expects_value = true,
                    TokenTree::Literal(literal) if expects_value => {
                        if let Some(key) = key.take() {
                            parsed.push(SerdeArg::Value(key, unquote(&literal.to_string())));
                        }
                        expects_value = false;
                    }
                    TokenTree::Punct(p) if p.as_char() == ',' => {
                        if let Some(key) = key.take() {
                            parsed.push(SerdeArg::Flag(key));
                        }
                    }
                    _ => {}
                }
            }
            if let Some(key) = key {
                parsed.push(SerdeArg::Flag(key));
            }
            parsed
        }
        _ => Vec::new(),
    }
}

/// The text of a string literal as Rust writes it (`"a\"b"`, `r#"…"#`).
fn unquote(literal: &str) -> String {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.chars().take_while(|&c| c == '#').count();
        return raw[hashes + 1..raw.len() - hashes - 1].to_string();
    }
    let inner = &literal[1..literal.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                out.extend(u32::from_str_radix(&code, 16).ok().and_then(char::from_u32));
            }
            Some('x') => {
                let code: String = chars.by_ref().take(2).collect();
                out.extend(u8::from_str_radix(&code, 16).ok().map(char::from));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A variant's wire value under one of serde's `rename_all` rules.
fn apply_rule(rule: &str, variant: &str) -> Result<String, String> {
    let snake = || {
        let mut out = String::new();
        for (i, c) in variant.char_indices() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    };
    Ok(match rule {
        "PascalCase" => variant.to_string(),
        "lowercase" => variant.to_ascii_lowercase(),
        "UPPERCASE" => variant.to_ascii_uppercase(),
        "camelCase" => variant[..1].to_ascii_lowercase() + &variant[1..],
        "snake_case" => snake(),
        "SCREAMING_SNAKE_CASE" => snake().to_ascii_uppercase(),
        "kebab-case" => snake().replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => snake().to_ascii_uppercase().replace('_', "-"),
        other => return Err(format!("unknown rename_all rule {other:?}")),
    })
}
