//! Paths and operations → [`Operation`]s: names, parameters, bodies, responses.

use std::collections::BTreeMap;

use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, SchemaKind,
    SecurityScheme, StatusCode, Type,
};

use super::encoding::{Described, style_encoding};
use super::pagination::PAGINATION;
use super::schema::optional_if;
use super::{Lowerer, deprecation};
use crate::error::{Error, Result};
use crate::model::{
    Alias, Body, BodyEncoding, BodyKind, BodyVariant, Docs, Encoding, ErrorStatus, Method, Operation, Param,
    ParamLocation, Response as ModelResponse, ResponseBody, Segment, StatusVariant, Ty, TypeDef, TypeKind,
};
use crate::names::{self, Namespace};
use crate::pointer::Pointer;

/// Methods of the generated client other than operations.
const CLIENT_METHODS: &[&str] =
    &["new", "builder", "transport", "last_rate_limit", "base_url", "from", "request", "clone", "fmt"];
/// Names a parameter must not take: the methods of every request, and the
/// names the generated code uses next to the arguments.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_meta",
    "with_timeout",
    "with_retry",
    "into_future",
    "body",
    "query",
    "header",
    "with",
    "query_encoded",
    "json_body",
    "form_body",
    "multipart_body",
    "bytes_body",
    "request",
    "items",
    "pages",
];
/// Names an operation's type must not take: what the `operations` module
/// names unqualified (the runtime's, and the prelude's that signatures use).
const RESERVED_OPERATION_TYPES: &[&str] = &[
    "Request",
    "Operation",
    "Method",
    "Encoding",
    "String",
    "Option",
    "Vec",
    "Box",
    "Result",
    "From",
    "Into",
    "Client",
];

/// An operation found in the document, before names are given.
struct Found<'d> {
    path: &'d str,
    method: Method,
    operation: &'d openapiv3::Operation,
    item: &'d PathItem,
    pointer: Pointer,
    base_name: String,
    full_name: String,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>> {
        let doc = self.doc;
        let mut found = Vec::new();
        let mut paths: Vec<(&String, &ReferenceOr<PathItem>)> = doc.api.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (path, item) in paths {
            let item_pointer = Pointer::root().push("paths").push(path);
            let ReferenceOr::Item(item) = item else {
                return Err(Error::new(
                    item_pointer.as_str(),
                    "a $ref'd path item is not supported; write the operations in place",
                ));
            };
            for (method_name, operation) in item.iter() {
                if !self.keep_internal && operation.extensions.get("x-internal") == Some(&serde_json::Value::Bool(true))
                {
                    continue;
                }
                let method = match method_name {
                    "get" => Method::Get,
                    "put" => Method::Put,
                    "post" => Method::Post,
                    "delete" => Method::Delete,
                    "options" => Method::Options,
                    "head" => Method::Head,
                    "patch" => Method::Patch,
                    _ => Method::Trace,
                };
                let (base_name, full_name) = match &operation.operation_id {
                    Some(id) => (names::operation_method(id), names::snake(id, "operation")),
                    None => {
                        let name = names::operation_method_from_path(method_name, path);
                        (name.clone(), name)
                    }
                };
                found.push(Found {
                    path,
                    method,
                    operation,
                    item,
                    pointer: item_pointer.push(method_name),
                    base_name,
                    full_name,
                });
            }
        }
        check_unique_operation_ids(&found)?;
        let method_names = assign_method_names(&found);
        let aliases = previous_method_names(&found, &method_names)?;
        let mut builder_names = Namespace::with_reserved(RESERVED_OPERATION_TYPES);
        let mut operations = Vec::with_capacity(found.len());
        for (op, method_name) in found.iter().zip(method_names) {
            let builder_name = builder_names.claim(&names::upper_camel(&method_name, "Op", "Operation"));
            operations.push(self.lower_operation(op, method_name, builder_name)?);
        }
        // The former types' names are claimed after every current one, so
        // that keeping a former name never renames a current type.
        for (operation, aliases) in operations.iter_mut().zip(aliases) {
            operation.aliases = aliases
                .into_iter()
                .map(|method_name| {
                    let wanted = names::upper_camel(&method_name, "Op", "Operation");
                    let builder_name = (!builder_names.contains(&wanted)).then(|| builder_names.claim(&wanted));
                    Alias { method_name, builder_name }
                })
                .collect();
        }
        operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        Ok(operations)
    }

    fn lower_operation(&mut self, found: &Found<'_>, method_name: String, builder_name: String) -> Result<Operation> {
        let op = found.operation;
        let pointer = &found.pointer;
        let mut arg_names = Namespace::with_reserved(BUILDER_METHODS);
        let (params, segments) = self.lower_params(found, &builder_name, &mut arg_names)?;
        let body = match &op.request_body {
            None => None,
            Some(body) => Some(self.lower_body(body, &builder_name, &pointer.push("requestBody"))?),
        };
        let (response, errors) = self.lower_responses(op, &builder_name, pointer)?;
        let pagination = match op.extensions.get(PAGINATION) {
            Some(value) => Some(self.lower_pagination(value, &params, &response, &pointer.push(PAGINATION))?),
            None => None,
        };
        let bearer = self.uses_bearer(op);
        Ok(Operation {
            id: op.operation_id.clone().unwrap_or_else(|| format!("{} {}", found.method.as_str(), found.path)),
            method_name,
            builder_name,
            method: found.method,
            path: found.path.to_string(),
            segments,
            summary: op.summary.clone().or_else(|| found.item.summary.clone()),
            description: op.description.clone().or_else(|| found.item.description.clone()),
            deprecated: deprecation(op.deprecated, op.description.as_deref()),
            aliases: Vec::new(),
            params,
            body,
            response,
            errors,
            bearer,
            pagination,
        })
    }

    /// Whether the operation's effective security asks for an HTTP bearer token.
    fn uses_bearer(&self, op: &openapiv3::Operation) -> bool {
        let requirements = op.security.as_ref().or(self.doc.api.security.as_ref());
        let Some(requirements) = requirements else { return false };
        let schemes = self.doc.api.components.as_ref().map(|c| &c.security_schemes);
        requirements.iter().flat_map(|r| r.keys()).any(|name| {
            matches!(
                schemes.and_then(|s| s.get(name)),
                Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) if scheme.eq_ignore_ascii_case("bearer")
            )
        })
    }

    /// Parameters (path-item level ones overridden by the operation's), checked
    /// against the path template.
    fn lower_params(
        &mut self,
        found: &Found<'_>,
        builder_name: &str,
        arg_names: &mut Namespace,
    ) -> Result<(Vec<Param>, Vec<Segment>)> {
        let item_pointer = Pointer::root().push("paths").push(found.path);
        let key = |p: &Parameter| {
            let name = &p.parameter_data_ref().name;
            // Header names are case-insensitive; the others are not.
            let name = if matches!(p, Parameter::Header { .. }) { name.to_ascii_lowercase() } else { name.clone() };
            (location_name(p), name)
        };
        let mut declared: Vec<(Parameter, Pointer)> = Vec::new();
        let mut seen = BTreeMap::new();
        for (i, p) in found.operation.parameters.iter().enumerate() {
            let ptr = found.pointer.push("parameters").push(i);
            let p = self.resolve_item(p, "parameters", &ptr)?;
            if let Some(first) = seen.insert(key(&p), ptr.clone()) {
                return Err(Error::new(
                    ptr.as_str(),
                    format!("parameter {:?} is declared twice (also at {first})", p.parameter_data_ref().name),
                ));
            }
            declared.push((p, ptr));
        }
        // Path-item parameters apply unless the operation redeclares them.
        let own = seen.len();
        for (i, p) in found.item.parameters.iter().enumerate() {
            let ptr = item_pointer.push("parameters").push(i);
            let p = self.resolve_item(p, "parameters", &ptr)?;
            match seen.get(&key(&p)) {
                Some(first) if declared[..own].iter().any(|(_, q)| q == first) => {}
                Some(first) => {
                    return Err(Error::new(
                        ptr.as_str(),
                        format!("parameter {:?} is declared twice (also at {first})", p.parameter_data_ref().name),
                    ));
                }
                None => {
                    seen.insert(key(&p), ptr.clone());
                    declared.push((p, ptr));
                }
            }
        }

        // Path parameters first, in template order.
        let template = parse_template(found.path, &found.pointer)?;
        let mut params: Vec<Param> = Vec::new();
        let mut segments = Vec::new();
        for piece in &template {
            match piece {
                TemplatePiece::Literal(text) => segments.push(Segment::Literal(text.clone())),
                TemplatePiece::Param(name) => {
                    let Some((p, ptr)) = declared
                        .iter()
                        .find(|(p, _)| matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *name)
                    else {
                        return Err(Error::new(
                            found.pointer.as_str(),
                            format!(
                                "the path template has {{{name}}} but the operation declares no path parameter {name:?}"
                            ),
                        ));
                    };
                    if let Some(index) = params.iter().position(|q| q.wire_name == *name) {
                        segments.push(Segment::Param(index));
                        continue;
                    }
                    let param = self.lower_param(p, ptr, builder_name, arg_names)?;
                    segments.push(Segment::Param(params.len()));
                    params.push(param);
                }
            }
        }
        for (p, ptr) in &declared {
            match p {
                Parameter::Path { parameter_data, .. } => {
                    if !params.iter().any(|q| q.wire_name == parameter_data.name) {
                        return Err(Error::new(
                            ptr.as_str(),
                            format!(
                                "path parameter {:?} does not appear in the path template {:?}",
                                parameter_data.name, found.path
                            ),
                        ));
                    }
                }
                Parameter::Cookie { .. } => {
                    return Err(Error::new(ptr.as_str(), "cookie parameters are not supported"));
                }
                Parameter::Header { parameter_data, .. }
                    if ["accept", "content-type", "authorization"]
                        .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
                {
                    // OpenAPI says these header parameters are ignored: the client sets them.
                }
                _ => {
                    let param = self.lower_param(p, ptr, builder_name, arg_names)?;
                    params.push(param);
                }
            }
        }
        Ok((params, segments))
    }

    fn lower_param(
        &mut self,
        p: &Parameter,
        pointer: &Pointer,
        builder_name: &str,
        arg_names: &mut Namespace,
    ) -> Result<Param> {
        let data = p.parameter_data_ref();
        let location = match p {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => unreachable!("rejected by the caller"),
        };
        let hint = format!("{builder_name}{}", names::upper_camel(&data.name, "P", "Param"));
        let mut docs = Docs::from_text(data.description.as_deref().unwrap_or(""));
        // `content` says the value is a document of that media type: the
        // JSON text of any value, whatever its shape.
        let (schema, schema_pointer, json_content) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, pointer.push("schema"), false),
            ParameterSchemaOrContent::Content(content) => {
                let (schema, at) = json_content_schema(content, location, &pointer.push("content"))?;
                (schema, at, true)
            }
        };
        // A union of scalars is sent as the text of whichever it is: the
        // parameter is a string, and the docs list the alternatives.
        let alternatives = if json_content { None } else { self.scalar_alternatives(schema, &schema_pointer)? };
        let (ty, nullable) = match alternatives {
            Some((alternatives, nullable)) => {
                docs.push_paragraph(&format!("One of: {}.", alternatives.join("; ")));
                (Ty::String, nullable)
            }
            None => self.lower_schema(schema, &hint, &schema_pointer)?,
        };
        // A parameter with an empty schema (any value) is sent as text.
        let ty = if ty == Ty::Json && !json_content { Ty::String } else { ty };
        let ty = optional_if(ty, nullable && location != ParamLocation::Path);
        // A scalar is sent as its text; anything else as its style says.
        let encoding = match p {
            Parameter::Query { .. } if json_content => {
                docs.push_paragraph("Sent as JSON text.");
                Some(Encoding::Json)
            }
            Parameter::Query { style, .. } => {
                let encoding = style_encoding(Some(style), data.explode);
                // deepObject is checked for scalars too: it has no way to write one.
                if self.is_scalar(&ty) && encoding != Encoding::DeepObject {
                    None
                } else {
                    let encoding = self.query_encoding(&ty, encoding, pointer);
                    if encoding == Encoding::Json {
                        docs.push_paragraph("Sent as JSON text.");
                    }
                    let what = Described::QueryParameter(&data.name);
                    self.check_pairs(&ty, encoding, &what, &pointer.push("schema"), &pointer.push("style"))?;
                    Some(encoding)
                }
            }
            _ if self.is_scalar(&ty) => None,
            _ => {
                return Err(Error::new(
                    pointer.push("schema").as_str(),
                    "path and header parameters must be strings, numbers, booleans or enums",
                ));
            }
        };
        let default = match schema {
            ReferenceOr::Item(s) => s.schema_data.default.as_ref().map(|d| d.to_string()),
            ReferenceOr::Reference { .. } => None,
        };
        Ok(Param {
            wire_name: data.name.clone(),
            rust_name: arg_names.claim(&names::snake(&data.name, "param")),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            encoding,
            docs,
            deprecated: deprecation(data.deprecated.unwrap_or(false), data.description.as_deref()),
            default,
        })
    }

    /// When `schema` is a `oneOf`/`anyOf` whose alternatives are all scalars
    /// (strings, numbers, booleans, enums of them), a description of each
    /// alternative for the docs, and whether the union is nullable. The
    /// union and its alternatives may be `allOf`s that wrap one part, as in
    /// bodies.
    fn scalar_alternatives(
        &self,
        schema: &ReferenceOr<openapiv3::Schema>,
        pointer: &Pointer,
    ) -> Result<Option<(Vec<String>, bool)>> {
        // A reference elsewhere than to a component schema is lowered as usual.
        let Ok((schema, at, data)) = self.unwrapped(schema, pointer) else { return Ok(None) };
        let (alternatives, keyword) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            _ => return Ok(None),
        };
        let mut described = Vec::with_capacity(alternatives.len());
        let mut nullable = data.nullable;
        for (i, alternative) in alternatives.iter().enumerate() {
            let (alternative, _, data) = self.unwrapped(alternative, &at.push(keyword).push(i))?;
            let mut text = match &alternative.schema_kind {
                SchemaKind::Type(Type::String(s)) => {
                    let values: Vec<String> = s.enumeration.iter().flatten().map(|v| docs_code(v)).collect();
                    match (&s.format, values.is_empty()) {
                        (_, false) => format!("one of {}", values.join(", ")),
                        (format, true) => match super::schema::string_format_name(format) {
                            Some(format) => format!("a string of format {}", docs_code(&format)),
                            None => "a string".to_string(),
                        },
                    }
                }
                SchemaKind::Type(Type::Integer(_)) => "an integer".to_string(),
                SchemaKind::Type(Type::Number(_)) => "a number".to_string(),
                SchemaKind::Type(Type::Boolean(_)) => "a boolean".to_string(),
                _ => return Ok(None),
            };
            // The title names the alternative (as it names a union's variant).
            let notes: Vec<String> = [&data.title, &data.description]
                .into_iter()
                .flatten()
                .map(|note| note.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|note| !note.is_empty())
                .collect();
            if !notes.is_empty() {
                text.push_str(&format!(" ({})", notes.join(": ")));
            }
            if data.deprecated {
                text.push_str(" (deprecated)");
            }
            nullable |= data.nullable;
            described.push(text);
        }
        Ok(Some((described, nullable)))
    }

    /// Whether a `text/*` body with this schema is a string: no schema, or a
    /// string schema that is not `binary`.
    fn is_text_schema(&self, schema: Option<&ReferenceOr<openapiv3::Schema>>) -> bool {
        let Some(schema) = schema else { return true };
        let Ok((schema, _)) = self.resolved(schema, &Pointer::root()) else { return false };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                super::schema::string_format_name(&s.format).as_deref() != Some("binary")
            }
            SchemaKind::Any(any) => any.typ.is_none() && any.properties.is_empty(),
            _ => false,
        }
    }

    /// Strings, numbers, booleans and enums of them (through aliases).
    fn is_scalar(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => true,
            Ty::Option(inner) => self.is_scalar(inner),
            Ty::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)) => true,
                Some(TypeKind::Alias(inner)) => self.is_scalar(inner),
                _ => false,
            },
            _ => false,
        }
    }

    fn lower_body(&mut self, body: &ReferenceOr<RequestBody>, builder_name: &str, pointer: &Pointer) -> Result<Body> {
        // A `$ref`'d body is lowered once and named after its component.
        if let ReferenceOr::Reference { reference } = body {
            if let Some(shared) = self.shared_bodies.get(reference) {
                return Ok(shared.clone());
            }
            let name = reference.rsplit('/').next().unwrap_or(builder_name).to_string();
            let resolved = ReferenceOr::Item(self.resolve_item(body, "requestBodies", pointer)?);
            let lowered = self.lower_body(&resolved, &names::upper_camel(&name, "T", "Body"), pointer)?;
            self.shared_bodies.insert(reference.clone(), lowered.clone());
            return Ok(lowered);
        }
        let body: RequestBody = self.resolve_item(body, "requestBodies", pointer)?;
        let mut media: Vec<(&String, &MediaType)> = body.content.iter().collect();
        media.sort_by(|a, b| a.0.cmp(b.0));
        if media.is_empty() {
            return Err(Error::new(pointer.push("content").as_str(), "a request body needs at least one media type"));
        }
        let hint =
            if builder_name.ends_with("Body") { builder_name.to_string() } else { format!("{builder_name}Body") };
        if media.len() == 1 {
            let (content_type, media_type) = media[0];
            let encoding =
                self.lower_body_encoding(content_type, media_type, &hint, &pointer.push("content").push(content_type))?;
            return Ok(Body {
                required: body.required,
                kind: BodyKind::Single { content_type: content_type.clone(), encoding },
            });
        }
        let enum_name = self.claim_type_name(&hint);
        let mut variant_names = Namespace::new();
        let mut variants = Vec::new();
        for (content_type, media_type) in media {
            let name = variant_names.claim(&media_variant_name(content_type));
            let encoding = self.lower_body_encoding(
                content_type,
                media_type,
                &format!("{enum_name}{name}"),
                &pointer.push("content").push(content_type),
            )?;
            variants.push(BodyVariant { name, content_type: content_type.clone(), encoding });
        }
        let mut docs = Docs::from_text(body.description.as_deref().unwrap_or(""));
        docs.push_paragraph("The request body, in one of the content types the operation accepts.");
        self.add_type(TypeDef { name: enum_name.clone(), docs, kind: TypeKind::Bodies(variants) });
        Ok(Body { required: body.required, kind: BodyKind::Choice(enum_name) })
    }

    fn lower_body_encoding(
        &mut self,
        content_type: &str,
        media: &MediaType,
        hint: &str,
        pointer: &Pointer,
    ) -> Result<BodyEncoding> {
        let kind = media_kind(content_type);
        let schema_pointer = pointer.push("schema");
        match kind {
            MediaKind::Json => Ok(BodyEncoding::Json(match &media.schema {
                Some(schema) => {
                    let (ty, nullable) = self.lower_schema(schema, hint, &schema_pointer)?;
                    optional_if(ty, nullable)
                }
                None => Ty::Json,
            })),
            MediaKind::Form => {
                let Some(schema) = &media.schema else {
                    return Err(Error::new(pointer.as_str(), "a form body needs a schema"));
                };
                let (ty, _) = self.lower_schema(schema, hint, &schema_pointer)?;
                let encodings = self.form_encodings(media, pointer)?;
                self.check_form_encodable(&ty, &encodings, schema, pointer)?;
                Ok(BodyEncoding::Form(ty, encodings))
            }
            MediaKind::Multipart => {
                let Some(schema) = &media.schema else {
                    return Err(Error::new(pointer.as_str(), "a multipart body needs a schema"));
                };
                let (ty, _) = self.lower_schema(schema, hint, &schema_pointer)?;
                self.check_multipart_encodable(&ty, &schema_pointer)?;
                Ok(BodyEncoding::Multipart(ty))
            }
            MediaKind::Text | MediaKind::Other => Ok(BodyEncoding::Bytes),
        }
    }

    /// A multipart body is an object: each field becomes a part (arrays, one
    /// part per item).
    fn check_multipart_encodable(&self, ty: &Ty, pointer: &Pointer) -> Result<()> {
        match ty {
            Ty::Named(name) if matches!(self.types.get(name).map(|t| &t.kind), Some(TypeKind::Struct(_))) => Ok(()),
            _ => Err(Error::new(pointer.as_str(), "a multipart/form-data body must be an object with properties")),
        }
    }

    /// A form body is an object whose every field its encoding can write as
    /// pairs. `pointer` is the media type's.
    fn check_form_encodable(
        &self,
        ty: &Ty,
        encodings: &[(String, Encoding)],
        schema: &ReferenceOr<openapiv3::Schema>,
        pointer: &Pointer,
    ) -> Result<()> {
        let schema_pointer = pointer.push("schema");
        let fields = match ty {
            Ty::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => &s.fields,
                _ => return Err(Error::new(schema_pointer.as_str(), "a form body must be an object with properties")),
            },
            _ => return Err(Error::new(schema_pointer.as_str(), "a form body must be an object with properties")),
        };
        for field in fields {
            let name = &field.json_name;
            let encoding = encodings.iter().find(|(property, _)| property == name).map_or(Encoding::Exploded, |e| e.1);
            self.check_pairs(
                &field.ty,
                encoding,
                &Described::FormField(name),
                &self.property_pointer(schema, &schema_pointer, name),
                &pointer.push("encoding").push(name).push("style"),
            )?;
        }
        Ok(())
    }

    /// Success responses decide the return type; the others are the
    /// operation's documented errors, with the type of their body if any.
    fn lower_responses(
        &mut self,
        op: &openapiv3::Operation,
        builder_name: &str,
        pointer: &Pointer,
    ) -> Result<(ModelResponse, Vec<ErrorStatus>)> {
        let responses_pointer = pointer.push("responses");
        let mut entries: Vec<(&StatusCode, &ReferenceOr<Response>)> = op.responses.responses.iter().collect();
        entries.sort_by_key(|(code, _)| match code {
            StatusCode::Code(n) => (*n, 0),
            // `4XX` after the 4xx codes it stands for.
            StatusCode::Range(n) => (*n * 100 + 99, 1),
        });
        let mut successes: Vec<(Option<u16>, Response, Pointer, Option<String>)> = Vec::new();
        let mut redirects = false;
        let mut errors = Vec::new();
        for (code, response) in entries {
            let ptr = responses_pointer.push(code);
            let resolved = self.resolve_item(response, "responses", &ptr)?;
            let reference = match response {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            };
            match code {
                StatusCode::Code(n) if (200..300).contains(n) => successes.push((Some(*n), resolved, ptr, reference)),
                StatusCode::Range(2) => successes.push((None, resolved, ptr, reference)),
                StatusCode::Code(n) if (300..400).contains(n) => redirects = true,
                StatusCode::Range(3) => redirects = true,
                StatusCode::Code(n) if !(100..600).contains(n) => {
                    return Err(Error::new(ptr.as_str(), format!("{n} is not an HTTP status code")));
                }
                _ => {
                    let hint = format!("{builder_name}Error{}", code.to_string().to_uppercase());
                    let body = self.error_body(&resolved, reference.as_ref(), &hint, &ptr)?;
                    errors.push(ErrorStatus {
                        status: code.to_string(),
                        description: resolved.description.clone(),
                        body,
                    });
                }
            }
        }
        if successes.is_empty() && redirects {
            return Ok((ModelResponse::Redirect, errors));
        }
        if successes.is_empty() {
            if let Some(default) = &op.responses.default {
                let ptr = responses_pointer.push("default");
                let reference = match default {
                    ReferenceOr::Reference { reference } => Some(reference.clone()),
                    ReferenceOr::Item(_) => None,
                };
                successes.push((None, self.resolve_item(default, "responses", &ptr)?, ptr, reference));
            }
        } else if let Some(default) = &op.responses.default {
            let ptr = responses_pointer.push("default");
            let resolved = self.resolve_item(default, "responses", &ptr)?;
            let reference = match default {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            };
            let body = self.error_body(&resolved, reference.as_ref(), &format!("{builder_name}ErrorDefault"), &ptr)?;
            errors.push(ErrorStatus { status: "default".to_string(), description: resolved.description.clone(), body });
        }
        if successes.is_empty() {
            return Ok((ModelResponse::Single { statuses: Vec::new(), body: ResponseBody::Empty }, errors));
        }
        let several = successes.len() > 1;
        let mut bodies = Vec::new();
        for (status, response, ptr, reference) in &successes {
            let hint = match (several, status) {
                (true, Some(code)) => format!("{builder_name}Response{code}"),
                _ => format!("{builder_name}Response"),
            };
            let body = match reference {
                Some(reference) => self.shared_response(reference, response, &hint, ptr)?,
                None => self.lower_response_body(response, &hint, ptr)?,
            };
            bodies.push((*status, body));
        }
        let first = &bodies[0].1;
        if bodies.iter().all(|(_, body)| body == first) {
            let statuses = bodies.iter().filter_map(|(status, _)| *status).collect();
            return Ok((ModelResponse::Single { statuses, body: first.clone() }, errors));
        }
        let enum_name = self.claim_type_name(&format!("{builder_name}Response"));
        let mut variant_names = Namespace::new();
        let variants = bodies
            .into_iter()
            .map(|(status, body)| StatusVariant {
                name: variant_names.claim(&status_variant_name(status)),
                status,
                body,
            })
            .collect();
        let docs = Docs::from_text("The response, which depends on the status the server answered with.");
        self.add_type(TypeDef { name: enum_name.clone(), docs, kind: TypeKind::Responses(variants) });
        Ok((ModelResponse::ByStatus(enum_name), errors))
    }

    /// The type of an error answer's JSON body, if the document gives one.
    fn error_body(
        &mut self,
        response: &Response,
        reference: Option<&String>,
        hint: &str,
        pointer: &Pointer,
    ) -> Result<Option<Ty>> {
        let body = match reference {
            Some(reference) => self.shared_response(reference, response, hint, pointer)?,
            None => self.lower_response_body(response, hint, pointer)?,
        };
        Ok(match body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        })
    }

    /// A `$ref`'d response, lowered once and named after its component.
    fn shared_response(
        &mut self,
        reference: &String,
        response: &Response,
        hint: &str,
        pointer: &Pointer,
    ) -> Result<ResponseBody> {
        if let Some(shared) = self.shared_responses.get(reference) {
            return Ok(shared.clone());
        }
        let name = reference.rsplit('/').next().unwrap_or(hint).to_string();
        let body = self.lower_response_body(response, &names::upper_camel(&name, "T", "Response"), pointer)?;
        self.shared_responses.insert(reference.clone(), body.clone());
        Ok(body)
    }

    fn lower_response_body(&mut self, response: &Response, hint: &str, pointer: &Pointer) -> Result<ResponseBody> {
        let mut media: Vec<(&String, &MediaType)> = response.content.iter().collect();
        media.sort_by(|a, b| a.0.cmp(b.0));
        if media.is_empty() {
            return Ok(ResponseBody::Empty);
        }
        let json = media.iter().find(|(content_type, _)| media_kind(content_type) == MediaKind::Json);
        let Some((content_type, media)) = json else {
            let text = media.iter().all(|(content_type, media)| {
                media_kind(content_type) == MediaKind::Text && self.is_text_schema(media.schema.as_ref())
            });
            return Ok(if text { ResponseBody::Text } else { ResponseBody::Bytes });
        };
        Ok(ResponseBody::Json(match &media.schema {
            Some(schema) => {
                let (ty, nullable) =
                    self.lower_schema(schema, hint, &pointer.push("content").push(content_type).push("schema"))?;
                optional_if(ty, nullable)
            }
            None => Ty::Json,
        }))
    }
}

/// `value` as inline code in docs, whatever backticks it holds.
fn docs_code(value: &str) -> String {
    crate::model::code_span(value)
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// operationIds must be unique, also once converted to Rust names: a method
/// numbered to resolve a clash would change name as the API changes.
fn check_unique_operation_ids(found: &[Found<'_>]) -> Result<()> {
    let mut seen: BTreeMap<&str, &Pointer> = BTreeMap::new();
    let mut converted: BTreeMap<&str, (&str, &Pointer)> = BTreeMap::new();
    for op in found {
        let Some(id) = &op.operation.operation_id else { continue };
        if let Some(first) = seen.insert(id, &op.pointer) {
            return Err(Error::new(
                op.pointer.push("operationId").as_str(),
                format!("operationId {id:?} is already used by {first}"),
            ));
        }
        if let Some((other, first)) = converted.insert(&op.full_name, (id, &op.pointer)) {
            return Err(Error::new(
                op.pointer.push("operationId").as_str(),
                format!(
                    "operationIds {other:?} ({first}) and {id:?} both become the method `{}`; rename one",
                    op.full_name
                ),
            ));
        }
    }
    Ok(())
}

/// The extension that lists the operationIds an operation had before, so that
/// the methods named after them stay (deprecated) when the API renames one.
const PREVIOUS_IDS: &str = "x-previous-operation-ids";

/// For each operation, the method names of its `x-previous-operation-ids`.
/// They must not take the name of any operation's method, nor each other's.
fn previous_method_names(found: &[Found<'_>], method_names: &[String]) -> Result<Vec<Vec<String>>> {
    let mut taken: BTreeMap<String, String> = method_names
        .iter()
        .zip(found)
        .map(|(name, op)| (name.clone(), format!("the operation at {}", op.pointer)))
        .collect();
    for reserved in CLIENT_METHODS {
        taken.insert(reserved.to_string(), "the client itself".to_string());
    }
    let mut all = Vec::with_capacity(found.len());
    for op in found {
        let pointer = op.pointer.push(PREVIOUS_IDS);
        let mut aliases = Vec::new();
        let Some(value) = op.operation.extensions.get(PREVIOUS_IDS) else {
            all.push(aliases);
            continue;
        };
        let ids = value.as_array().filter(|ids| ids.iter().all(serde_json::Value::is_string)).ok_or_else(|| {
            Error::new(pointer.as_str(), format!("{PREVIOUS_IDS} must be a list of operationIds (strings)"))
        })?;
        for (i, id) in ids.iter().filter_map(serde_json::Value::as_str).enumerate() {
            let name = names::operation_method(id);
            if let Some(owner) = taken.get(&name) {
                return Err(Error::new(
                    pointer.push(i).as_str(),
                    format!("the previous operationId {id:?} becomes the method `{name}`, which {owner} already has"),
                ));
            }
            taken.insert(name.clone(), format!("the alias at {}", pointer.push(i)));
            aliases.push(name);
        }
        all.push(aliases);
    }
    Ok(all)
}

/// Method names: the short name (without a version prefix) where it is unique,
/// the full name where short names clash, and a number as a last resort.
fn assign_method_names(found: &[Found<'_>]) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for op in found {
        *count.entry(op.base_name.as_str()).or_default() += 1;
    }
    let wanted: Vec<&str> = found
        .iter()
        .map(|op| if count[op.base_name.as_str()] > 1 { op.full_name.as_str() } else { op.base_name.as_str() })
        .collect();
    // Claim in a fixed order (name, path, method) so numbering is deterministic.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| {
        (wanted[a], found[a].path, found[a].method.as_str()).cmp(&(wanted[b], found[b].path, found[b].method.as_str()))
    });
    let mut namespace = Namespace::with_reserved(CLIENT_METHODS);
    let mut names = vec![String::new(); found.len()];
    for i in order {
        names[i] = namespace.claim(wanted[i]);
    }
    names
}

enum TemplatePiece {
    Literal(String),
    Param(String),
}

fn parse_template(path: &str, pointer: &Pointer) -> Result<Vec<TemplatePiece>> {
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if rest[..open].contains('}') {
            return Err(Error::new(pointer.as_str(), format!("unbalanced '}}' in path template {path:?}")));
        }
        if open > 0 {
            pieces.push(TemplatePiece::Literal(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(Error::new(pointer.as_str(), format!("unclosed '{{' in path template {path:?}")));
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || name.contains('{') {
            return Err(Error::new(pointer.as_str(), format!("malformed parameter in path template {path:?}")));
        }
        pieces.push(TemplatePiece::Param(name.to_string()));
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(Error::new(pointer.as_str(), format!("unbalanced '}}' in path template {path:?}")));
    }
    if !rest.is_empty() {
        pieces.push(TemplatePiece::Literal(rest.to_string()));
    }
    Ok(pieces)
}

/// The schema of a parameter described by `content` (one media type, JSON),
/// and its pointer. Only query parameters may be: JSON text in a path
/// segment or a header is rare enough that a `schema` is asked for instead.
fn json_content_schema<'a>(
    content: &'a openapiv3::Content,
    location: ParamLocation,
    pointer: &Pointer,
) -> Result<(&'a ReferenceOr<openapiv3::Schema>, Pointer)> {
    if location != ParamLocation::Query {
        return Err(Error::new(
            pointer.as_str(),
            "path and header parameters described by `content` are not supported; use `schema` (query parameters with `content: application/json` are sent as JSON text)",
        ));
    }
    let mut media_types = content.iter();
    let (Some((media_type, media)), None) = (media_types.next(), media_types.next()) else {
        return Err(Error::new(
            pointer.as_str(),
            format!("a parameter's `content` must name exactly one media type, not {}", content.len()),
        ));
    };
    let at = pointer.push(media_type);
    if media_kind(media_type) != MediaKind::Json {
        return Err(Error::new(
            at.as_str(),
            format!(
                "a query parameter of media type {media_type:?} is not supported; only JSON (sent as JSON text) is"
            ),
        ));
    }
    match &media.schema {
        Some(schema) => Ok((schema, at.push("schema"))),
        None => Err(Error::new(at.as_str(), "the parameter's media type has no `schema`")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Other,
}

fn media_kind(content_type: &str) -> MediaKind {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if essence.starts_with("text/") {
        MediaKind::Text
    } else {
        MediaKind::Other
    }
}

/// `application/json` → `Json`, `application/vnd.denoland.eszip` → `Eszip`.
fn media_variant_name(content_type: &str) -> String {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => return "Json".to_string(),
        "application/x-www-form-urlencoded" => return "Form".to_string(),
        "multipart/form-data" => return "Multipart".to_string(),
        "application/octet-stream" => return "Binary".to_string(),
        "text/plain" => return "Text".to_string(),
        _ => {}
    }
    let subtype = essence.rsplit('/').next().unwrap_or("");
    let subtype = subtype.strip_suffix("+json").map_or(subtype.to_string(), |s| format!("{s}Json"));
    let last = subtype.rsplit('.').next().unwrap_or("");
    let last = last.strip_prefix("x-").unwrap_or(last);
    names::upper_camel(last, "Media", "Body")
}

fn status_variant_name(status: Option<u16>) -> String {
    match status {
        None => "OtherSuccess".to_string(),
        Some(200) => "Ok".to_string(),
        Some(201) => "Created".to_string(),
        Some(202) => "Accepted".to_string(),
        Some(203) => "NonAuthoritativeInformation".to_string(),
        Some(204) => "NoContent".to_string(),
        Some(205) => "ResetContent".to_string(),
        Some(206) => "PartialContent".to_string(),
        Some(code) => format!("Status{code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_name_their_variants() {
        assert_eq!(media_variant_name("application/json"), "Json");
        assert_eq!(media_variant_name("application/vnd.denoland.eszip"), "Eszip");
        assert_eq!(media_variant_name("application/problem+json"), "ProblemJson");
        assert_eq!(media_variant_name("application/x-ndjson"), "Ndjson");
        assert_eq!(media_kind("application/merge-patch+json; charset=utf-8"), MediaKind::Json);
    }

    #[test]
    fn parameter_content_is_one_json_media_type_with_a_schema() {
        let content =
            |value: serde_json::Value| -> openapiv3::Content { serde_json::from_value(value).unwrap_or_default() };
        let at = Pointer::root().push("content");
        let refused = |value, location| match json_content_schema(&content(value), location, &at) {
            Ok(_) => String::new(),
            Err(error) => format!("{} {}", error.pointer, error.message),
        };
        let one = serde_json::json!({ "application/json": { "schema": { "type": "string" } } });
        let (_, pointer) = json_content_schema(&content(one.clone()), ParamLocation::Query, &at).unwrap_or_else(|e| {
            panic!("{e}");
        });
        assert_eq!(pointer.as_str(), "#/content/application~1json/schema");
        assert!(refused(one, ParamLocation::Path).starts_with("#/content path and header parameters"));
        let two = serde_json::json!({ "application/json": {}, "text/plain": {} });
        assert_eq!(
            refused(two, ParamLocation::Query),
            "#/content a parameter's `content` must name exactly one media type, not 2"
        );
        let none = serde_json::json!({});
        assert!(refused(none, ParamLocation::Query).ends_with("exactly one media type, not 0"));
        let without_schema = serde_json::json!({ "application/json": {} });
        assert_eq!(
            refused(without_schema, ParamLocation::Query),
            "#/content/application~1json the parameter's media type has no `schema`"
        );
    }

    #[test]
    fn templates_split_into_literals_and_params() {
        let pieces = parse_template("/v1/{ref}/x{y}", &Pointer::root()).unwrap_or_default();
        let rendered: Vec<String> = pieces
            .iter()
            .map(|p| match p {
                TemplatePiece::Literal(t) => t.clone(),
                TemplatePiece::Param(n) => format!("<{n}>"),
            })
            .collect();
        assert_eq!(rendered, ["/v1/", "<ref>", "/x", "<y>"]);
        assert!(parse_template("/a/{b", &Pointer::root()).is_err());
        assert!(parse_template("/a/b}", &Pointer::root()).is_err());
        assert!(parse_template("/a/{}", &Pointer::root()).is_err());
    }
}
