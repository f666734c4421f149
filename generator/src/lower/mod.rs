//! Stage 2, lower: an `openapiv3` document → the [`model`](crate::model).
//!
//! This is where every naming decision and every check happens, so that
//! emitting cannot fail. Maps of the document are walked in sorted order and
//! names are claimed in that order: the result does not depend on the order of
//! keys in the input.

mod encoding;
mod operation;
mod pagination;
mod schema;

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, SecurityScheme};

use crate::error::{Error, Result};
use crate::load::Document;
use crate::model::{Api, Docs, Ty, TypeDef, TypeKind};
use crate::names::{self, Namespace};
use crate::pointer::Pointer;

/// Builds the model. Holds the type namespace and the types made so far.
pub(crate) struct Lowerer<'a> {
    doc: &'a Document,
    /// Component schema name → the Rust type name given to it.
    component_names: BTreeMap<String, String>,
    /// Every named type, by Rust name.
    types: BTreeMap<String, TypeDef>,
    type_names: Namespace,
    /// Depth of `$ref`s followed to places other than components, to stop cycles.
    ref_depth: usize,
    /// The type each inline schema (by JSON pointer) became, claimed before its
    /// contents are lowered: a schema met again (through an `allOf` that merges
    /// its own component, or a `$ref` into it) is that type, not a new one.
    inline_types: BTreeMap<String, String>,
    /// Request bodies and responses by `$ref`: lowered once, shared by every user.
    shared_bodies: BTreeMap<String, crate::model::Body>,
    shared_responses: BTreeMap<String, crate::model::ResponseBody>,
    /// Whether `x-internal` operations are kept (`Options::keep_internal`).
    keep_internal: bool,
}

pub fn lower(doc: &Document, options: &crate::Options) -> Result<Api> {
    let mut lowerer = Lowerer {
        doc,
        keep_internal: options.keep_internal,
        component_names: BTreeMap::new(),
        types: BTreeMap::new(),
        type_names: Namespace::new(),
        ref_depth: 0,
        inline_types: BTreeMap::new(),
        shared_bodies: BTreeMap::new(),
        shared_responses: BTreeMap::new(),
    };
    lowerer.lower_components()?;
    let operations = lowerer.lower_operations()?;
    lowerer.check_alias_cycles()?;
    let mut types: Vec<TypeDef> = lowerer.types.into_values().collect();
    schema::box_recursive_fields(&mut types);
    finish_structs(&mut types, &operations);

    let api = &doc.api;
    let base_url = api
        .servers
        .first()
        .map(|server| server.url.trim_end_matches('/').to_string())
        .filter(|url| (url.starts_with("https://") || url.starts_with("http://")) && !url.contains('{'));
    let uses_bearer = api.components.iter().flat_map(|c| c.security_schemes.values()).any(|scheme| {
        matches!(scheme, ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer"))
    });
    Ok(Api {
        title: api.info.title.clone(),
        description: api.info.description.clone(),
        version: api.info.version.clone(),
        base_url,
        uses_bearer,
        types,
        operations,
    })
}

impl<'a> Lowerer<'a> {
    /// Names every component schema first (so that inline types never take a
    /// component's name), then lowers each.
    fn lower_components(&mut self) -> Result<()> {
        let Some(components) = &self.doc.api.components else {
            return Ok(());
        };
        let mut raw_names: Vec<&String> = components.schemas.keys().collect();
        raw_names.sort();
        // Two schemas whose names become the same Rust name are an error, not a
        // numbered pair: which one got the number would change as the API changes.
        let mut by_rust_name: BTreeMap<String, &String> = BTreeMap::new();
        for raw in &raw_names {
            let base = names::upper_camel(raw, "T", "Schema");
            if let Some(first) = by_rust_name.insert(base.clone(), raw) {
                return Err(Error::new(
                    Pointer::root().push("components").push("schemas").push(raw).as_str(),
                    format!("schema names {first:?} and {raw:?} both become the Rust type `{base}`; rename one"),
                ));
            }
            let name = self.type_names.claim(&base);
            self.component_names.insert((*raw).clone(), name);
        }
        for raw in raw_names {
            let pointer = Pointer::root().push("components").push("schemas").push(raw);
            let name = self.component_names[raw].clone();
            let schema = &components.schemas[raw];
            let lowered = match schema {
                ReferenceOr::Reference { reference } => {
                    let (ty, _) = self.lower_reference(reference, &name, &pointer)?;
                    ty
                }
                ReferenceOr::Item(schema) => self.lower_schema_as(schema, &name, &pointer)?.0,
            };
            if lowered != Ty::Named(name.clone()) {
                let docs = match schema {
                    ReferenceOr::Item(schema) => schema_docs(&schema::annotated(schema)),
                    ReferenceOr::Reference { .. } => Docs::default(),
                };
                self.types.insert(name.clone(), TypeDef { name, docs, kind: TypeKind::Alias(lowered) });
            }
        }
        Ok(())
    }

    /// Claims a fresh type name derived from `base`.
    fn claim_type_name(&mut self, base: &str) -> String {
        self.type_names.claim(&names::upper_camel(base, "T", "Schema"))
    }

    fn add_type(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    /// The JSON value a local `$ref` points at, or an error naming `pointer`.
    fn resolve_raw(&self, reference: &str, pointer: &Pointer) -> Result<&'a serde_json::Value> {
        let Some(tokens) = Pointer::tokens_of_ref(reference) else {
            return Err(Error::new(
                pointer.as_str(),
                format!("$ref {reference:?} points outside this document; only local references (#/...) are supported"),
            ));
        };
        let mut node = &self.doc.raw;
        for token in &tokens {
            node = match node {
                serde_json::Value::Object(map) => map.get(token),
                serde_json::Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }
            .ok_or_else(|| {
                Error::new(pointer.as_str(), format!("$ref {reference:?} does not resolve: nothing at that place"))
            })?;
        }
        Ok(node)
    }

    /// Follows `$ref`s of a non-schema object (parameter, response, request
    /// body) to the object, through any chain of references.
    /// `section` is the components section such references belong in
    /// (`parameters`, `responses`, `requestBodies`).
    fn resolve_item<T>(&self, item: &ReferenceOr<T>, section: &str, pointer: &Pointer) -> Result<T>
    where
        T: serde::de::DeserializeOwned + Clone,
    {
        let mut reference = match item {
            ReferenceOr::Item(t) => return Ok(t.clone()),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        for _ in 0..32 {
            if let Some(tokens) = Pointer::tokens_of_ref(&reference)
                && tokens.len() >= 2
                && tokens[0] == "components"
                && tokens[1] != section
            {
                return Err(Error::new(
                    pointer.as_str(),
                    format!(
                        "$ref {reference:?} points into components/{}, where components/{section} belong",
                        tokens[1]
                    ),
                ));
            }
            let raw = self.resolve_raw(&reference, pointer)?;
            let next: ReferenceOr<T> = serde_json::from_value(raw.clone()).map_err(|e| {
                Error::new(pointer.as_str(), format!("$ref {reference:?} points at something of the wrong kind: {e}"))
            })?;
            match next {
                ReferenceOr::Item(t) => return Ok(t),
                ReferenceOr::Reference { reference: further } => reference = further,
            }
        }
        Err(Error::new(pointer.as_str(), format!("$ref {reference:?} is part of a cycle of references")))
    }

    /// An alias that leads back to itself through aliases only (`A = B`,
    /// `B = Vec<A>`) has no Rust representation.
    fn check_alias_cycles(&self) -> Result<()> {
        for (name, def) in &self.types {
            let TypeKind::Alias(ty) = &def.kind else { continue };
            let mut stack = vec![ty.clone()];
            let mut seen = std::collections::BTreeSet::new();
            while let Some(ty) = stack.pop() {
                for target in named_in(&ty) {
                    if target == *name {
                        let raw = self
                            .component_names
                            .iter()
                            .find(|(_, n)| **n == *name)
                            .map(|(raw, _)| raw.as_str())
                            .unwrap_or(name);
                        return Err(Error::new(
                            Pointer::root().push("components").push("schemas").push(raw).as_str(),
                            "this schema refers to itself without an object in between (a cyclic $ref or a recursive array/map); it has no finite type",
                        ));
                    }
                    if seen.insert(target.clone())
                        && let Some(TypeDef { kind: TypeKind::Alias(next), .. }) = self.types.get(&target)
                    {
                        stack.push(next.clone());
                    }
                }
            }
        }
        Ok(())
    }
}

/// What a struct is decided to be once every type and operation is known:
/// whether it is a multipart form, whether it is sent (it gets a
/// constructor), whether it keeps unknown members (it is read from
/// responses), and which members its `Debug` hides.
fn finish_structs(types: &mut [TypeDef], operations: &[crate::model::Operation]) {
    use crate::model::{BodyEncoding, BodyKind, Response};
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut forms = Vec::new();
    let mut answers = Vec::new();
    let mut sent = Vec::new();
    let bodies_of = |kind: &BodyKind, forms: &mut Vec<String>| {
        let encodings: Vec<BodyEncoding> = match kind {
            BodyKind::Single { encoding, .. } => vec![encoding.clone()],
            BodyKind::Choice(name) => match index.get(name).map(|&i| &types[i].kind) {
                Some(TypeKind::Bodies(variants)) => variants.iter().map(|v| v.encoding.clone()).collect(),
                _ => Vec::new(),
            },
        };
        for encoding in encodings {
            if let BodyEncoding::Multipart(Ty::Named(name)) = encoding {
                forms.push(name);
            }
        }
    };
    for op in operations {
        // Objects in the query are built by the caller too.
        sent.extend(op.params.iter().map(|p| p.ty.clone()));
        if let Some(body) = &op.body {
            bodies_of(&body.kind, &mut forms);
            sent.push(match &body.kind {
                BodyKind::Single { encoding, .. } => encoding.ty(),
                BodyKind::Choice(name) => Ty::Named(name.clone()),
            });
        }
        answers.extend(op.errors.iter().filter_map(|error| error.body.clone()));
        match &op.response {
            Response::Single { body, .. } => answers.extend(body.ty()),
            Response::ByStatus(name) => answers.push(Ty::Named(name.clone())),
            Response::Redirect => {}
        }
    }
    let read_from_responses = reachable(types, &index, answers);
    let sent = reachable(types, &index, sent);
    for name in forms {
        if let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = index.get(&name).map(|&i| &mut types[i]) {
            s.multipart = true;
        }
    }
    let redacted: Vec<Vec<String>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) if s.fields.iter().any(|f| f.secret) => {
                let own = Ty::Named(t.name.clone());
                let mut names: Vec<String> = reachable(types, &index, vec![own])
                    .into_iter()
                    .filter_map(|i| match &types[i].kind {
                        TypeKind::Struct(s) => Some(s.fields.iter().filter(|f| f.secret).map(|f| f.json_name.clone())),
                        _ => None,
                    })
                    .flatten()
                    .collect();
                names.sort();
                names.dedup();
                names
            }
            _ => Vec::new(),
        })
        .collect();
    for (i, (def, redacted)) in types.iter_mut().zip(redacted).enumerate() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.redacted = redacted;
            s.sent = sent.contains(&i);
            if read_from_responses.contains(&i) && s.additional.is_none() {
                s.additional = Some(Ty::Json);
            }
        }
    }
}

/// The indexes of the named types reachable from `roots`, through fields,
/// items, map values, union alternatives, answers by status and aliases.
fn reachable(types: &[TypeDef], index: &BTreeMap<String, usize>, roots: Vec<Ty>) -> std::collections::BTreeSet<usize> {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = roots;
    while let Some(ty) = stack.pop() {
        for name in named_in(&ty) {
            let Some(&i) = index.get(&name) else { continue };
            if !seen.insert(i) {
                continue;
            }
            match &types[i].kind {
                TypeKind::Struct(s) => stack.extend(s.fields.iter().map(|f| f.ty.clone()).chain(s.additional.clone())),
                TypeKind::OneOf(o) => stack.extend(o.variants.iter().map(|v| v.ty.clone())),
                TypeKind::Alias(ty) => stack.push(ty.clone()),
                TypeKind::Responses(variants) => stack.extend(variants.iter().filter_map(|v| v.body.ty())),
                TypeKind::Bodies(variants) => stack.extend(variants.iter().map(|v| v.encoding.ty())),
                TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
            }
        }
    }
    seen
}

/// The named types a type mentions.
pub(crate) fn named_in(ty: &Ty) -> Vec<String> {
    match ty {
        Ty::Named(name) => vec![name.clone()],
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => named_in(inner),
        _ => Vec::new(),
    }
}

/// The deprecation of an item marked `deprecated`: its note is the first
/// paragraph of the item's description, on one line.
pub(crate) fn deprecation(deprecated: bool, description: Option<&str>) -> crate::model::Deprecation {
    if !deprecated {
        return None;
    }
    let first_paragraph = description.unwrap_or("").trim().split("\n\n").next().unwrap_or("");
    let note = first_paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(if note.is_empty() { "deprecated by the API".to_string() } else { note })
}

/// Docs from a schema's description (or title).
pub(crate) fn schema_docs(data: &openapiv3::SchemaData) -> Docs {
    let text = data.description.as_deref().or(data.title.as_deref()).unwrap_or("");
    Docs::from_text(text)
}

impl Docs {
    pub fn from_text(text: &str) -> Docs {
        let text = text.trim();
        if text.is_empty() {
            return Docs::default();
        }
        Docs { lines: text.lines().map(|l| l.trim_end().to_string()).collect() }
    }

    pub fn push_paragraph(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.extend(text.lines().map(|l| l.trim_end().to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}
