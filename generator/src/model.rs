//! Stage 2's output: a small model of the API, free of OpenAPI's many ways of
//! saying the same thing. Every name in it is final (unique, valid Rust), every
//! list is in a deterministic order, and emitting it cannot fail.

/// The whole API: named types and operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    /// The first server URL of the document, if it is absolute.
    pub base_url: Option<String>,
    /// Whether any security scheme is HTTP bearer: the client then takes a token.
    pub uses_bearer: bool,
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// Sorted by method name.
    pub operations: Vec<Operation>,
}

/// A Rust type written in terms of built-in types and the named [`TypeDef`]s.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Any JSON value (`serde_json::Value`).
    Json,
    /// A JSON object with arbitrary members (`serde_json::Map`).
    JsonObject,
    /// Raw bytes (`bytes::Bytes`), for bodies that are not JSON.
    Bytes,
    /// A type of [`Api::types`], by name.
    Named(String),
    Vec(Box<Ty>),
    /// A JSON object whose members all have this type (`BTreeMap<String, _>`).
    Map(Box<Ty>),
    Option(Box<Ty>),
    /// A named type behind a pointer, where a type contains itself.
    Boxed(Box<Ty>),
}

/// Whether an item is `deprecated`, and the note the compiler shows its users:
/// the first paragraph of its description, or a sentence saying the document
/// deprecates it.
pub type Deprecation = Option<String>;

/// `value` as Markdown inline code, whatever backticks it holds: the fence
/// is one backtick longer than the longest run inside.
pub fn code_span(value: &str) -> String {
    let longest = value.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{value}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {value} {fence}")
}

/// Documentation of an item: the summary line and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub docs: Docs,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// Strings from a fixed list, plus a catch-all that keeps unknown values.
    StringEnum(Enum<String>),
    /// Integers from a fixed list, plus a catch-all that keeps unknown values.
    IntegerEnum(Enum<i64>),
    /// `oneOf`/`anyOf`: the first variant that matches, or the raw JSON.
    OneOf(OneOf),
    /// A name for another type (a component that is an array, a map, a string …).
    Alias(Ty),
    /// A response of an operation that answers with different bodies per status.
    Responses(Vec<StatusVariant>),
    /// A request body of an operation that accepts several content types.
    Bodies(Vec<BodyVariant>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Sorted by JSON name.
    pub fields: Vec<Field>,
    /// Members beyond the declared fields, kept in a map of this value type:
    /// from `additionalProperties`, or any JSON for a struct read from
    /// responses (the API adds members before the document names them).
    pub additional: Option<Ty>,
    /// Sent as a `multipart/form-data` body: a part per field.
    pub multipart: bool,
    /// Part of a request (a body, a parameter): it gets a constructor of its
    /// required fields, and code outside the crate builds it as a literal.
    pub sent: bool,
    /// The JSON members its `Debug` hides, at any depth: its own secret fields
    /// and those of the types it holds. Empty when it holds no secret field of
    /// its own (its fields' own `Debug` then hides theirs).
    pub redacted: Vec<String>,
}

impl Struct {
    /// Whether every field may be left out, so that the struct derives `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }

    /// Whether the struct is `#[non_exhaustive]`: those only read from
    /// responses (never sent) are, so that a field the API adds to what it
    /// sends is an additive change. Code outside the crate builds one with
    /// `T::default()` and sets its fields. Structs that are sent stay
    /// exhaustive: a required field added to a request is a real break.
    pub fn non_exhaustive(&self) -> bool {
        !self.sent
    }

    /// Whether the struct implements `Default`: all its fields are optional
    /// (every field `None`), or it is non-exhaustive (its empty value, the
    /// one a response lacking every member reads as).
    pub fn has_default(&self) -> bool {
        self.all_optional() || self.non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub json_name: String,
    pub rust_name: String,
    /// The field's type without the `Option` that optionality adds.
    pub ty: Ty,
    /// The API requires it (in requests; responses are read leniently).
    pub required: bool,
    /// The API may send `null`.
    pub nullable: bool,
    pub docs: Docs,
    /// `deprecated: true`, with its note (see [`Deprecation`]).
    pub deprecated: Deprecation,
    /// `format: password`: hidden in `Debug` output.
    pub secret: bool,
    /// The schema's `format` (`date-time`, `uuid` …), for the docs.
    pub format: Option<String>,
    /// The schema's `default`, as JSON, for the docs.
    pub default: Option<String>,
}

/// How a field's presence and `null` map to its Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T` (a placeholder when the server leaves it out).
    Required,
    /// Required and nullable: `Option<T>`, written as `null` when `None`.
    RequiredNullable,
    /// Optional, not nullable: `Option<T>`, left out when `None`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>`: left out, `null`, or a value.
    OptionalNullable,
}

impl Field {
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Whether the Rust type is an `Option` (of something).
    pub fn is_optional(&self) -> bool {
        self.presence() != Presence::Required
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum<T> {
    pub variants: Vec<Variant<T>>,
    /// The catch-all variant that keeps a value this list does not know.
    pub other: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant<T> {
    pub name: String,
    pub value: T,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneOf {
    pub variants: Vec<OneOfVariant>,
    /// The catch-all variant that keeps JSON no variant accepts.
    pub other: String,
    /// A `discriminator`: the property naming the variant, and its values.
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    pub name: String,
    pub ty: Ty,
    /// What JSON shape this variant can take, to pick it when reading.
    pub shape: Shape,
}

/// The JSON shape of a `oneOf` variant, enough to tell variants apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// An object with these required properties.
    Object {
        required: Vec<String>,
    },
    Array,
    String,
    Integer,
    Number,
    Bool,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    pub property: String,
    /// Discriminator value → variant name.
    pub mapping: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub name: String,
    /// `None` for `2XX`: any success status not listed by another variant.
    pub status: Option<u16>,
    pub body: ResponseBody,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyVariant {
    pub name: String,
    pub content_type: String,
    pub encoding: BodyEncoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// RFC 9110 idempotent methods: safe to send again after a failure.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`, or `METHOD /path` when there is none.
    pub id: String,
    /// `list_all_projects`: the method on the client.
    pub method_name: String,
    /// `ListAllProjects`: the request builder it returns.
    pub builder_name: String,
    pub method: Method,
    pub path: String,
    pub segments: Vec<Segment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: Deprecation,
    /// Method names the operation had under earlier operationIds
    /// (`x-previous-operation-ids`): each stays as a deprecated alias.
    pub aliases: Vec<Alias>,
    /// Path parameters in template order, then the others in document order.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
    /// Documented statuses that are not successes.
    pub errors: Vec<ErrorStatus>,
    /// Whether the request carries the bearer token.
    pub bearer: bool,
    /// How its answers come in pages, when the document says so (`x-pagination`).
    pub pagination: Option<Pagination>,
}

/// A former name of an operation (`x-previous-operation-ids`), kept deprecated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The method of the former operationId, which forwards to the operation's.
    pub method_name: String,
    /// The former name of the operation's type (what its method returns a
    /// `Request` of), a deprecated type alias of the current one; `None` when
    /// another operation's type has that name now.
    pub builder_name: Option<String>,
}

impl Operation {
    /// Whether the operation keeps a method of this former name.
    pub fn keeps_method(&self, name: &str) -> bool {
        self.aliases.iter().any(|alias| alias.method_name == name)
    }

    /// Whether the operation keeps a type of this former name.
    pub fn keeps_builder(&self, name: &str) -> bool {
        self.aliases.iter().any(|alias| alias.builder_name.as_deref() == Some(name))
    }

    /// The document's `operationId`, unless the operation has none (then
    /// [`id`](Self::id) is made up from the endpoint).
    pub fn operation_id(&self) -> Option<&str> {
        (self.id != format!("{} {}", self.method.as_str(), self.path)).then_some(self.id.as_str())
    }
}

/// How an operation's answers come in pages: what a walk over every page
/// sends, and where in each answer it finds the items and the next cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PageStyle,
    /// The type of one page: the operation's JSON answer.
    pub page: Ty,
    /// The type of one item.
    pub item: Ty,
    /// From the answer to its list of items.
    pub items: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageStyle {
    /// Query parameters (wire names): the number of items to skip, and the
    /// page size, if the operation takes one.
    Offset { offset: String, limit: Option<String> },
    /// The query parameter (wire name) that takes the cursor, and the way
    /// from the answer to the next page's cursor (a string).
    Cursor { cursor: String, next: Vec<Step> },
}

/// One step from a value of a generated type towards a value inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The struct field of this Rust name.
    Field(String),
    /// Into the `Some` of an `Option` (no value when it is `None`).
    Some,
}

/// A documented error answer of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorStatus {
    /// `404`, `4XX`, or `default`.
    pub status: String,
    pub description: String,
    /// The type of its JSON body, when the document gives one.
    pub body: Option<Ty>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: Ty,
    /// How a query parameter that is not a scalar (an array, an object, a
    /// union of those) becomes pairs; a scalar is sent as its text.
    pub encoding: Option<Encoding>,
    pub docs: Docs,
    pub deprecated: Deprecation,
    /// The schema's `default`, as JSON, for the docs.
    pub default: Option<String>,
}

/// How a query parameter's or a form field's value becomes `key=value`
/// pairs: OpenAPI's `style` and `explode`, a form field's `contentType`, and
/// JSON text for what no style writes.
/// The runtime's `Encoding` has the same variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `style: form`, exploded (the default): `a=1&a=2`; an object, `k1=v1&k2=v2`.
    Exploded,
    /// Not exploded: `a=1,2` (form), `a=1+2` (spaceDelimited), `a=1|2`
    /// (pipeDelimited); an object, `a=k1,v1,k2,v2`.
    Joined(&'static str),
    /// `style: deepObject`: `a[k1]=v1&a[k2]=v2`.
    DeepObject,
    /// JSON text, `a={"k1":"v1"}`: a form field with `contentType:
    /// application/json`, or a query parameter whose value nests arrays or
    /// objects and whose document states no style.
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub required: bool,
    /// The argument type: one encoding, or an enum of several content types.
    pub kind: BodyKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Single {
        content_type: String,
        encoding: BodyEncoding,
    },
    /// Name of a [`TypeKind::Bodies`] type.
    Choice(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    Json(Ty),
    /// `application/x-www-form-urlencoded`: the struct's fields as pairs, by
    /// JSON name, each written as [`Encoding::Exploded`] unless listed here.
    Form(Ty, Vec<(String, Encoding)>),
    /// `multipart/form-data`: one part per field of this struct.
    Multipart(Ty),
    /// Raw bytes sent as they are.
    Bytes,
}

impl BodyEncoding {
    pub fn ty(&self) -> Ty {
        match self {
            BodyEncoding::Json(ty) | BodyEncoding::Form(ty, _) | BodyEncoding::Multipart(ty) => ty.clone(),
            BodyEncoding::Bytes => Ty::Bytes,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Every success status reads the same body.
    Single { statuses: Vec<u16>, body: ResponseBody },
    /// Name of a [`TypeKind::Responses`] type.
    ByStatus(String),
    /// The operation only answers with a redirect: the caller gets its `Location`.
    Redirect,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No content: the body, if any, is ignored.
    Empty,
    Json(Ty),
    /// `text/*` content, returned as a string.
    Text,
    /// Other content that is not JSON, returned as bytes.
    Bytes,
}

impl ResponseBody {
    pub fn ty(&self) -> Option<Ty> {
        match self {
            ResponseBody::Empty => None,
            ResponseBody::Json(ty) => Some(ty.clone()),
            ResponseBody::Text => Some(Ty::String),
            ResponseBody::Bytes => Some(Ty::Bytes),
        }
    }
}
