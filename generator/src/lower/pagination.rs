//! `x-pagination` on an operation → [`Pagination`]: how its answers come in
//! pages. The extension names the query parameters a walk over the pages
//! sets and, as JSON pointers into the success answer, where the items and
//! the next cursor are:
//!
//! - `{"style": "offset", "offset": "offset", "limit": "limit", "items": "/projects"}`
//!   (`limit` may be left out);
//! - `{"style": "cursor", "cursor": "cursor", "next": "/cursor", "items": "/data"}`.
//!
//! `items` is `""` when the answer itself is the array. Every name and pointer
//! is checked against the operation, and the pointers are followed through
//! the generated types, so the steps recorded are the Rust fields to read.

use serde_json::{Map, Value};

use super::Lowerer;
use crate::changes::rust_type;
use crate::error::{Error, Result};
use crate::model::{PageStyle, Pagination, Param, ParamLocation, Presence, Response, ResponseBody, Step, Ty, TypeKind};
use crate::pointer::Pointer;

/// The operation extension that declares paging.
pub(super) const PAGINATION: &str = "x-pagination";

const OFFSET_MEMBERS: [&str; 4] = ["style", "offset", "limit", "items"];
const CURSOR_MEMBERS: [&str; 4] = ["style", "cursor", "next", "items"];

/// What a query parameter of the extension must be.
#[derive(Clone, Copy)]
enum ParamKind {
    Number,
    Text,
}

/// What a pointer of the extension must lead to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Array,
    String,
}

impl Lowerer<'_> {
    /// The pagination `value` (at `pointer`) declares for an operation with
    /// these parameters and this response.
    pub(super) fn lower_pagination(
        &self,
        value: &Value,
        params: &[Param],
        response: &Response,
        pointer: &Pointer,
    ) -> Result<Pagination> {
        let Some(object) = value.as_object() else {
            return Err(Error::new(
                pointer.as_str(),
                format!("{PAGINATION} must be an object with a \"style\" (\"offset\" or \"cursor\")"),
            ));
        };
        let members = match object.get("style").and_then(Value::as_str) {
            Some("offset") => OFFSET_MEMBERS,
            Some("cursor") => CURSOR_MEMBERS,
            _ => {
                return Err(Error::new(pointer.push("style").as_str(), "style must be \"offset\" or \"cursor\""));
            }
        };
        let mut keys: Vec<&String> = object.keys().collect();
        keys.sort();
        if let Some(unknown) = keys.into_iter().find(|key| !members.contains(&key.as_str())) {
            return Err(Error::new(
                pointer.push(unknown).as_str(),
                format!("unknown member {unknown:?} (this style takes {})", members.join(", ")),
            ));
        }
        let page = match response {
            Response::Single { body: ResponseBody::Json(ty), .. } => ty,
            _ => {
                return Err(Error::new(
                    pointer.as_str(),
                    "a paged operation must answer with JSON, the same for every success status",
                ));
            }
        };
        let (items, item) = self.follow(page, object, "items", Target::Array, pointer)?;
        let style = if members == OFFSET_MEMBERS {
            PageStyle::Offset {
                offset: self.query_param(params, object, "offset", ParamKind::Number, pointer)?,
                limit: match object.get("limit") {
                    None => None,
                    Some(_) => Some(self.query_param(params, object, "limit", ParamKind::Number, pointer)?),
                },
            }
        } else {
            PageStyle::Cursor {
                cursor: self.query_param(params, object, "cursor", ParamKind::Text, pointer)?,
                next: self.follow(page, object, "next", Target::String, pointer)?.0,
            }
        };
        Ok(Pagination { style, page: page.clone(), item, items })
    }

    /// Follows the JSON pointer in member `key` from the answer type `page`:
    /// the steps to the value it leads to, and the type of an array's items.
    fn follow(
        &self,
        page: &Ty,
        object: &Map<String, Value>,
        key: &str,
        target: Target,
        pointer: &Pointer,
    ) -> Result<(Vec<Step>, Ty)> {
        let at = pointer.push(key);
        let wanted = match target {
            Target::Array => "an array",
            Target::String => "a string",
        };
        let Some(written) = object.get(key).map(|v| v.as_str().ok_or(v)) else {
            return Err(Error::new(
                pointer.as_str(),
                format!("missing member {key:?}: the JSON pointer to {wanted} in the answer"),
            ));
        };
        let Ok(written) = written else {
            return Err(Error::new(at.as_str(), "must be a JSON pointer (a string)"));
        };
        let Some(tokens) = pointer_tokens(written) else {
            return Err(Error::new(
                at.as_str(),
                format!("{written:?} is not a JSON pointer: it must be empty or start with '/'"),
            ));
        };
        let lead_nowhere = |what: String| {
            Error::new(
                at.as_str(),
                format!("{written:?} must lead to {wanted} in the answer `{}`: {what}", rust_type(page)),
            )
        };
        let mut steps = Vec::new();
        let mut ty = page.clone();
        for token in &tokens {
            ty = self.unwrap(ty, &mut steps);
            let fields = match &ty {
                Ty::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => &s.fields,
                    _ => return Err(lead_nowhere(format!("`{name}` is not an object with members"))),
                },
                other => return Err(lead_nowhere(format!("`{}` is not an object with members", rust_type(other)))),
            };
            let Some(field) = fields.iter().find(|f| f.json_name == *token) else {
                return Err(lead_nowhere(format!("`{}` has no member {token:?}", rust_type(&ty))));
            };
            steps.push(Step::Field(field.rust_name.clone()));
            let option = |ty: Ty| Ty::Option(Box::new(ty));
            ty = match field.presence() {
                Presence::Required => field.ty.clone(),
                Presence::RequiredNullable | Presence::Optional => option(field.ty.clone()),
                Presence::OptionalNullable => option(option(field.ty.clone())),
            };
        }
        let ty = self.unwrap(ty, &mut steps);
        match (target, ty) {
            (Target::Array, Ty::Vec(item)) => Ok((steps, *item)),
            (Target::String, Ty::String) => Ok((steps, Ty::String)),
            (_, other) => Err(lead_nowhere(format!("it leads to `{}`", rust_type(&other)))),
        }
    }

    /// `ty` without the `Option`s (each a step), boxes and aliases around it.
    fn unwrap(&self, mut ty: Ty, steps: &mut Vec<Step>) -> Ty {
        loop {
            ty = match ty {
                Ty::Option(inner) => {
                    steps.push(Step::Some);
                    *inner
                }
                Ty::Boxed(inner) => *inner,
                Ty::Named(name) => match self.types.get(&name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(aliased)) => aliased.clone(),
                    _ => return Ty::Named(name),
                },
                other => return other,
            };
        }
    }

    /// The query parameter that member `key` names, checked to be of `kind`.
    fn query_param(
        &self,
        params: &[Param],
        object: &Map<String, Value>,
        key: &str,
        kind: ParamKind,
        pointer: &Pointer,
    ) -> Result<String> {
        let at = pointer.push(key);
        let Some(value) = object.get(key) else {
            return Err(Error::new(pointer.as_str(), format!("missing member {key:?}: the name of a query parameter")));
        };
        let Some(name) = value.as_str() else {
            return Err(Error::new(at.as_str(), "must be the name of a query parameter (a string)"));
        };
        let query: Vec<&Param> = params.iter().filter(|p| p.location == ParamLocation::Query).collect();
        let Some(param) = query.iter().find(|p| p.wire_name == name) else {
            let names: Vec<String> = query.iter().map(|p| format!("{:?}", p.wire_name)).collect();
            let known = if names.is_empty() { "none".to_string() } else { names.join(", ") };
            return Err(Error::new(
                at.as_str(),
                format!("the operation has no query parameter {name:?} (its query parameters: {known})"),
            ));
        };
        if !self.is_kind(&param.ty, kind) {
            let wanted = match kind {
                ParamKind::Number => "an integer or a number",
                ParamKind::Text => "a string",
            };
            return Err(Error::new(
                at.as_str(),
                format!("the query parameter {name:?} is `{}`; the {key} must be {wanted}", rust_type(&param.ty)),
            ));
        }
        Ok(name.to_string())
    }

    /// Whether `ty` (through `Option`s and aliases) is of this kind.
    fn is_kind(&self, ty: &Ty, kind: ParamKind) -> bool {
        matches!(
            (self.unwrap(ty.clone(), &mut Vec::new()), kind),
            (Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64, ParamKind::Number) | (Ty::String, ParamKind::Text)
        )
    }
}

/// The unescaped reference tokens of a JSON pointer (RFC 6901) such as
/// `/data/items`; `None` when it is neither empty nor starts with `/`.
fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::model::{Operation, PageStyle, Step, Ty};
    use crate::{Error, Options, model_of};

    /// A document of one operation `GET /things` with these query parameters,
    /// this answer schema and this `x-pagination`.
    fn document(parameters: Value, answer: Value, pagination: Value) -> Vec<u8> {
        let doc = json!({
            "openapi": "3.0.3",
            "info": { "title": "T", "version": "1" },
            "paths": { "/things": { "get": {
                "operationId": "list-things",
                "x-pagination": pagination,
                "parameters": parameters,
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": answer } } } }
            } } },
            "components": { "schemas": {
                "Thing": { "type": "object", "properties": { "name": { "type": "string" } } },
                "Things": { "type": "array", "items": { "$ref": "#/components/schemas/Thing" } }
            } }
        });
        serde_json::to_vec(&doc).unwrap_or_default()
    }

    fn query(name: &str, schema: Value) -> Value {
        json!({ "name": name, "in": "query", "schema": schema })
    }

    fn offset_params() -> Value {
        json!([query("offset", json!({ "type": "integer" })), query("limit", json!({ "type": "number" }))])
    }

    /// `{ "things": [Thing], "next": string? , "total": integer }`
    fn page() -> Value {
        json!({
            "type": "object",
            "required": ["things", "total"],
            "properties": {
                "things": { "$ref": "#/components/schemas/Things" },
                "next": { "type": "string", "nullable": true },
                "total": { "type": "integer" }
            }
        })
    }

    fn operation(input: &[u8]) -> Result<Operation, Error> {
        let api = model_of(input, &Options::new("test"))?;
        Ok(api.operations.into_iter().next().expect("one operation"))
    }

    #[track_caller]
    fn error(parameters: Value, answer: Value, pagination: Value) -> Error {
        match operation(&document(parameters, answer, pagination)) {
            Ok(op) => panic!("expected an error, got {:?}", op.pagination),
            Err(e) => e,
        }
    }

    const AT: &str = "#/paths/~1things/get/x-pagination";

    #[test]
    fn offset_paging_through_an_alias_to_an_array() {
        let input = document(
            offset_params(),
            page(),
            json!({ "style": "offset", "offset": "offset", "limit": "limit", "items": "/things" }),
        );
        let pagination = operation(&input).expect("it lowers").pagination.expect("paged");
        assert_eq!(
            pagination.style,
            PageStyle::Offset { offset: "offset".to_string(), limit: Some("limit".to_string()) }
        );
        assert_eq!(pagination.items, [Step::Field("things".to_string())]);
        assert_eq!(pagination.item, Ty::Named("Thing".to_string()));
    }

    #[test]
    fn cursor_paging_through_optional_and_nullable_members_and_a_top_level_array() {
        let input = document(
            json!([query("after", json!({ "type": "string" }))]),
            page(),
            json!({ "style": "cursor", "cursor": "after", "next": "/next", "items": "/things" }),
        );
        let pagination = operation(&input).expect("it lowers").pagination.expect("paged");
        // `next` is optional and nullable: `Option<Option<String>>`.
        assert_eq!(
            pagination.style,
            PageStyle::Cursor {
                cursor: "after".to_string(),
                next: vec![Step::Field("next".to_string()), Step::Some, Step::Some]
            }
        );
        let input = document(
            offset_params(),
            json!({ "$ref": "#/components/schemas/Things" }),
            json!({ "style": "offset", "offset": "offset", "items": "" }),
        );
        let pagination = operation(&input).expect("it lowers").pagination.expect("paged");
        assert_eq!(pagination.items, []);
        assert_eq!(pagination.item, Ty::Named("Thing".to_string()));
    }

    #[test]
    fn wrong_declarations_fail_at_the_member_that_is_wrong() {
        let offset = |items: &str| json!({ "style": "offset", "offset": "offset", "items": items });
        let cases = [
            (error(offset_params(), page(), json!("offset")), AT.to_string(), "must be an object"),
            (
                error(offset_params(), page(), json!({ "style": "pages", "items": "" })),
                format!("{AT}/style"),
                "\"offset\" or \"cursor\"",
            ),
            (
                error(
                    offset_params(),
                    page(),
                    json!({ "style": "offset", "offset": "offset", "items": "/things", "next": "/next" }),
                ),
                format!("{AT}/next"),
                "unknown member \"next\"",
            ),
            (
                error(offset_params(), page(), json!({ "style": "offset", "offset": "start", "items": "/things" })),
                format!("{AT}/offset"),
                "no query parameter \"start\" (its query parameters: \"offset\", \"limit\")",
            ),
            (
                error(
                    json!([query("after", json!({ "type": "integer" }))]),
                    page(),
                    json!({ "style": "cursor", "cursor": "after", "next": "/next", "items": "/things" }),
                ),
                format!("{AT}/cursor"),
                "is `i64`; the cursor must be a string",
            ),
            (error(offset_params(), page(), offset("/total")), format!("{AT}/items"), "it leads to `i64`"),
            (error(offset_params(), page(), offset("/nothing")), format!("{AT}/items"), "has no member \"nothing\""),
            (
                error(offset_params(), page(), offset("/total/x")),
                format!("{AT}/items"),
                "`i64` is not an object with members",
            ),
            (
                error(offset_params(), page(), offset("things")),
                format!("{AT}/items"),
                "must be empty or start with '/'",
            ),
            (
                error(offset_params(), page(), json!({ "style": "offset", "offset": "offset" })),
                AT.to_string(),
                "missing member \"items\"",
            ),
            (
                error(
                    json!([query("after", json!({ "type": "string" }))]),
                    page(),
                    json!({ "style": "cursor", "cursor": "after", "next": "/total", "items": "/things" }),
                ),
                format!("{AT}/next"),
                "must lead to a string",
            ),
        ];
        for (error, pointer, fragment) in cases {
            assert_eq!(error.pointer, pointer, "{error}");
            assert!(error.message.contains(fragment), "{error} lacks {fragment:?}");
        }
    }

    #[test]
    fn a_paged_operation_must_answer_with_json() {
        let mut doc: Value = serde_json::from_slice(&document(
            offset_params(),
            page(),
            json!({ "style": "offset", "offset": "offset", "items": "" }),
        ))
        .unwrap_or_default();
        doc["paths"]["/things"]["get"]["responses"]["200"] = json!({ "description": "OK" });
        let error = operation(&serde_json::to_vec(&doc).unwrap_or_default()).expect_err("no JSON answer");
        assert_eq!(error.pointer, AT);
        assert!(error.message.contains("must answer with JSON"), "{error}");
    }
}
