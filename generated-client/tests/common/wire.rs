//! Comparing what went over the wire with what the synthesizer says must:
//! the request a server received against an [`Expected`], and the client's
//! answer ([`Called`]) against the [`Served`] one. Every difference is
//! returned as a sentence, so that a test over many operations can report
//! them all at once.

use serde_json::Value;
use wiremock::Request;

use super::api::reqwest::Url;
use super::call_support::{Answer, Called};
use super::synth::{Expect, Expected, ExpectedBody, Part, PartKind, Served};
use super::{TOKEN, form_pairs, user_agent};

/// How `request` differs from `expected`.
pub fn request_differences(expected: &Expected, request: &Request) -> Vec<String> {
    let mut out = Vec::new();
    if request.method.as_str() != expected.method {
        out.push(format!("method: sent {}, expected {}", request.method, expected.method));
    }
    if request.url.path() != expected.path {
        out.push(format!("path: sent {:?}, expected {:?}", request.url.path(), expected.path));
    }
    let sent: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    // Different parameters may come in any order; the values of one parameter keep theirs.
    let by_name = |pairs: &[(String, String)]| {
        let mut pairs = pairs.to_vec();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs
    };
    if by_name(&sent) != by_name(&expected.query) {
        out.push(format!(
            "query: sent {:?} (raw {:?}), expected {:?}",
            sent,
            request.url.query().unwrap_or_default(),
            expected.query
        ));
    }
    let values = |name: &str| -> Vec<String> {
        request.headers.get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect()
    };
    let authorization = values("authorization");
    let bearer = format!("Bearer {TOKEN}");
    match (expected.bearer, authorization.as_slice()) {
        (true, [one]) if *one == bearer => {}
        (true, found) => out.push(format!("Authorization: sent {found:?}, expected exactly one {bearer:?}")),
        (false, []) => {}
        (false, found) => out.push(format!("Authorization: sent {found:?}, expected none (no bearer scheme)")),
    }
    let agent = values("user-agent");
    if agent != [user_agent()] {
        out.push(format!("User-Agent: sent {agent:?}, expected {:?}", user_agent()));
    }
    for (name, value) in &expected.headers {
        let sent = values(name);
        if sent != [value.clone()] {
            out.push(format!("header {name}: sent {sent:?}, expected exactly {value:?}"));
        }
    }
    let content_type = values("content-type");
    let content_type = content_type.first().map(String::as_str);
    let body = request.body.as_slice();
    match &expected.body {
        ExpectedBody::None => {
            if !body.is_empty() || content_type.is_some() {
                out.push(format!(
                    "body: sent {} bytes with Content-Type {content_type:?}, expected no body",
                    body.len()
                ));
            }
        }
        ExpectedBody::Json { content_type: expected_type, value } => {
            check_content_type(content_type, expected_type, &mut out);
            match serde_json::from_slice::<Value>(body) {
                Ok(sent) if sent == *value => {}
                Ok(sent) => out.push(format!("JSON body: {}", json_difference(value, &sent, "$"))),
                Err(e) => out.push(format!("body: not JSON ({e}): {:?}", String::from_utf8_lossy(body))),
            }
        }
        ExpectedBody::Form { content_type: expected_type, pairs } => {
            check_content_type(content_type, expected_type, &mut out);
            let text = String::from_utf8_lossy(body);
            let mut sent = form_pairs(&text);
            let mut pairs = pairs.clone();
            sent.sort();
            pairs.sort();
            if sent != pairs {
                out.push(format!("form body: sent {sent:?} ({text:?}), expected {pairs:?}"));
            }
        }
        ExpectedBody::Multipart(parts) => match multipart_parts(content_type, body) {
            Ok(sent) => compare_parts(parts, &sent, &mut out),
            Err(why) => out.push(format!("multipart body: {why}")),
        },
        ExpectedBody::Bytes { content_type: expected_type, bytes } => {
            check_content_type(content_type, expected_type, &mut out);
            if body != bytes.as_slice() {
                out.push(format!("raw body: sent {body:?}, expected {bytes:?}"));
            }
        }
    }
    out
}

fn check_content_type(sent: Option<&str>, expected: &str, out: &mut Vec<String>) {
    if sent != Some(expected) {
        out.push(format!("Content-Type: sent {sent:?}, expected {expected:?}"));
    }
}

/// The first place where two JSON values differ, in words.
pub fn json_difference(expected: &Value, found: &Value, at: &str) -> String {
    match (expected, found) {
        (Value::Object(a), Value::Object(b)) => {
            let missing: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
            let extra: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
            if !missing.is_empty() || !extra.is_empty() {
                return format!("at {at}: members lost {missing:?}, members invented {extra:?}");
            }
            a.iter()
                .find(|(k, v)| b.get(*k) != Some(v))
                .map(|(k, v)| json_difference(v, &b[k], &format!("{at}.{k}")))
                .unwrap_or_default()
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find(|(_, (x, y))| x != y)
            .map(|(i, (x, y))| json_difference(x, y, &format!("{at}[{i}]")))
            .unwrap_or_default(),
        _ => format!("at {at}: expected {expected}, found {found}"),
    }
}

/// A part of a multipart body as it was received.
#[derive(Debug)]
pub struct ReceivedPart {
    pub name: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// The parts of a `multipart/form-data` body (RFC 7578).
pub fn multipart_parts(content_type: Option<&str>, body: &[u8]) -> Result<Vec<ReceivedPart>, String> {
    let content_type = content_type.ok_or("no Content-Type")?;
    let boundary = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split(';').find_map(|p| p.trim().strip_prefix("boundary=")))
        .ok_or_else(|| format!("Content-Type {content_type:?} is not multipart/form-data with a boundary"))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut rest = body.strip_prefix(delimiter.as_bytes()).ok_or("the body does not start with the boundary")?;
    let separator = format!("\r\n--{boundary}");
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest.strip_prefix(b"\r\n").ok_or("no line break after a boundary")?;
        let end = find(rest, separator.as_bytes()).ok_or("a part is not closed by the boundary")?;
        let (part, after) = rest.split_at(end);
        rest = &after[separator.len()..];
        let head_end = find(part, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
        let head = String::from_utf8_lossy(&part[..head_end]);
        let data = part[head_end + 4..].to_vec();
        let mut received = ReceivedPart { name: None, file_name: None, content_type: None, data };
        for line in head.split("\r\n") {
            let Some((header, value)) = line.split_once(':') else { continue };
            if header.eq_ignore_ascii_case("content-disposition") {
                received.name = parameter(value, "name");
                received.file_name = parameter(value, "filename");
            } else if header.eq_ignore_ascii_case("content-type") {
                received.content_type = Some(value.trim().to_string());
            }
        }
        parts.push(received);
    }
}

/// `name="value"` of a header value.
fn parameter(value: &str, name: &str) -> Option<String> {
    value
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix(&format!("{name}=\"")).map(|v| v.trim_end_matches('"').to_string()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn compare_parts(expected: &[Part], sent: &[ReceivedPart], out: &mut Vec<String>) {
    // Parts of different names may come in any order; parts of one name keep theirs.
    let mut expected: Vec<&Part> = expected.iter().collect();
    expected.sort_by(|a, b| a.name.cmp(&b.name));
    let mut sent: Vec<&ReceivedPart> = sent.iter().collect();
    sent.sort_by(|a, b| a.name.cmp(&b.name));
    let names = |parts: &[&ReceivedPart]| parts.iter().map(|p| p.name.clone().unwrap_or_default()).collect::<Vec<_>>();
    let expected_names: Vec<String> = expected.iter().map(|p| p.name.clone()).collect();
    if names(&sent) != expected_names {
        out.push(format!("multipart parts: sent {:?}, expected {expected_names:?}", names(&sent)));
        return;
    }
    for (want, got) in expected.iter().zip(sent) {
        let name = &want.name;
        let content_type = got.content_type.as_deref();
        match want.kind {
            PartKind::File => {
                if got.file_name.is_none() || content_type != Some("application/octet-stream") {
                    out.push(format!(
                        "multipart part {name}: a file part needs a filename and application/octet-stream, got filename {:?}, Content-Type {content_type:?}",
                        got.file_name
                    ));
                }
                if got.data != want.data {
                    out.push(format!("multipart part {name}: sent {:?}, expected {:?}", got.data, want.data));
                }
            }
            PartKind::Json => {
                if content_type != Some("application/json") {
                    out.push(format!(
                        "multipart part {name}: Content-Type {content_type:?}, expected application/json"
                    ));
                }
                let sent = serde_json::from_slice::<Value>(&got.data);
                let wanted = serde_json::from_slice::<Value>(&want.data).expect("the expected part is JSON");
                match sent {
                    Ok(sent) if sent == wanted => {}
                    Ok(sent) => out.push(format!("multipart part {name}: {}", json_difference(&wanted, &sent, "$"))),
                    Err(e) => out.push(format!("multipart part {name}: not JSON ({e})")),
                }
            }
            PartKind::Text => {
                if !matches!(content_type, None | Some("text/plain") | Some("text/plain; charset=utf-8")) {
                    out.push(format!("multipart part {name}: Content-Type {content_type:?} for a text part"));
                }
                if got.data != want.data {
                    out.push(format!(
                        "multipart part {name}: sent {:?}, expected {:?}",
                        String::from_utf8_lossy(&got.data),
                        String::from_utf8_lossy(&want.data)
                    ));
                }
            }
        }
    }
}

/// How the client's answer differs from what was served: the status, the
/// documented headers, and the body read into its type and written back.
pub fn answer_differences(served: &Served, called: &Called, request_url: &Url) -> Vec<String> {
    let mut out = Vec::new();
    if called.status.as_u16() != served.status {
        out.push(format!("answer status: got {}, served {}", called.status, served.status));
    }
    for (name, value) in &served.headers {
        let got = called.headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if got.as_deref() != Some(value.as_str()) {
            out.push(format!("answer header {name}: got {got:?}, served {value:?}"));
        }
    }
    match (&served.expect, &called.answer) {
        (Expect::Json(sent), Answer::Json(got)) if sent == got => {}
        (Expect::Json(sent), Answer::Json(got)) => {
            out.push(format!("answer read and written back: {}", json_difference(sent, got, "$")));
        }
        (Expect::Text(sent), Answer::Text(got)) if sent == got => {}
        (Expect::Bytes(sent), Answer::Bytes(got)) if sent.as_slice() == got.as_ref() => {}
        (Expect::Empty, Answer::Empty) => {}
        (Expect::Redirect(location), Answer::Redirect(got)) => match request_url.join(location) {
            Ok(url) if url == *got => {}
            Ok(url) => out.push(format!("redirect: got {got}, expected {url}")),
            Err(e) => out.push(format!("redirect: the served Location {location:?} is not a URL ({e})")),
        },
        (expect, got) => out.push(format!("answer: got {got:?}, expected {expect:?}")),
    }
    out
}
