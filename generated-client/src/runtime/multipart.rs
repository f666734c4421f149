// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! `multipart/form-data` bodies (RFC 7578), built in memory so that a retry
//! can send the same bytes again. Small on purpose: text, JSON and file parts
//! are all an API document can describe.

use std::fmt::Display;

use bytes::{BufMut, Bytes, BytesMut};

/// A body struct that is sent as `multipart/form-data`.
pub(crate) trait Form {
    fn parts(&self) -> Vec<Part>;
}

/// One part of a multipart body.
pub(crate) struct Part {
    name: String,
    /// `Some` for file parts (`filename` in the disposition).
    file_name: Option<String>,
    content_type: Option<&'static str>,
    data: Bytes,
}

impl Part {
    pub(crate) fn text(name: &str, value: &impl Display) -> Part {
        Part { name: name.to_string(), file_name: None, content_type: None, data: value.to_string().into() }
    }

    pub(crate) fn json(name: &str, value: &impl serde::Serialize) -> Part {
        // Serializing the generated types to JSON cannot fail: they have string keys only.
        let data = serde_json::to_vec(value).unwrap_or_default();
        Part { name: name.to_string(), file_name: None, content_type: Some("application/json"), data: data.into() }
    }

    pub(crate) fn file(name: &str, data: Bytes) -> Part {
        Part {
            name: name.to_string(),
            file_name: Some(name.to_string()),
            content_type: Some("application/octet-stream"),
            data,
        }
    }
}

/// A boundary that no part contains, and the encoded body.
pub(crate) fn encode(parts: &[Part]) -> (String, Bytes) {
    let boundary = loop {
        let candidate: String = std::iter::repeat_with(fastrand::alphanumeric).take(32).collect::<String>();
        let candidate = format!("clientgen-{candidate}");
        if !parts.iter().any(|p| contains(&p.data, candidate.as_bytes())) {
            break candidate;
        }
    };
    let mut body = BytesMut::new();
    for part in parts {
        body.put_slice(format!("--{boundary}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quote(&part.name));
        if let Some(file_name) = &part.file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
        }
        body.put_slice(disposition.as_bytes());
        body.put_slice(b"\r\n");
        if let Some(content_type) = part.content_type {
            body.put_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.put_slice(b"\r\n");
        body.put_slice(&part.data);
        body.put_slice(b"\r\n");
    }
    body.put_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body.freeze())
}

/// Names are quoted strings: escape what would end them (RFC 7578 §4.2).
fn quote(name: &str) -> String {
    name.replace('\\', "\\\\").replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The parts of a `multipart/form-data` body of type `content_type`: what
/// [`encode`] writes, and what other clients write (a preamble, quoted
/// boundaries, headers in any case), for the mock server to read back.
#[cfg(feature = "mock")]
pub(crate) fn decode(content_type: Option<&str>, body: &Bytes) -> Result<Vec<super::mock::ReceivedPart>, String> {
    let content_type = content_type.unwrap_or_default();
    let (essence, parameters) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !essence.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(format!("the body is not multipart/form-data (its content type is {content_type:?})"));
    }
    let boundary = parameters
        .split(';')
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"'))
        .filter(|boundary| !boundary.is_empty())
        .ok_or_else(|| format!("the content type {content_type:?} has no boundary"))?;
    let delimiter = format!("--{boundary}");
    let unterminated = || format!("the body does not end with the closing delimiter {delimiter}--");
    let start = find(body, delimiter.as_bytes()).ok_or_else(unterminated)?;
    let mut rest = body.slice(start + delimiter.len()..);
    let separator = format!("\r\n{delimiter}");
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let after_line = rest.strip_prefix(b"\r\n").ok_or_else(unterminated)?;
        // The headers end at the first blank line (at once, for a part without headers).
        let (headers_len, blank_len) = if after_line.starts_with(b"\r\n") {
            (0, 2)
        } else {
            let at = find(after_line, b"\r\n\r\n")
                .ok_or_else(|| format!("part {} has no blank line after its headers", parts.len() + 1))?;
            (at, 4)
        };
        let headers = String::from_utf8_lossy(&after_line[..headers_len]).into_owned();
        let content_start = rest.len() - after_line.len() + headers_len + blank_len;
        let content = rest.slice(content_start..);
        let end = find(&content, separator.as_bytes()).ok_or_else(unterminated)?;
        parts.push(part_of(&headers, content.slice(..end), parts.len() + 1)?);
        rest = content.slice(end + separator.len()..);
    }
}

/// A part from its header lines and content.
#[cfg(feature = "mock")]
fn part_of(headers: &str, body: Bytes, number: usize) -> Result<super::mock::ReceivedPart, String> {
    let mut disposition = None;
    let mut content_type = None;
    for line in headers.split("\r\n").filter(|line| !line.is_empty()) {
        let (name, value) = line.split_once(':').ok_or_else(|| format!("part {number} has a header line {line:?}"))?;
        if name.trim().eq_ignore_ascii_case("content-disposition") {
            disposition = Some(value.trim().to_string());
        } else if name.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_string());
        }
    }
    let disposition = disposition.ok_or_else(|| format!("part {number} has no Content-Disposition"))?;
    let name = disposition_parameter(&disposition, "name")
        .ok_or_else(|| format!("part {number} has no name in {disposition:?}"))?;
    let file_name = disposition_parameter(&disposition, "filename");
    Ok(super::mock::ReceivedPart { name, file_name, content_type, body })
}

/// Parameter `wanted` of a Content-Disposition (`form-data; name="a"`), its
/// quotes and backslash escapes undone.
#[cfg(feature = "mock")]
fn disposition_parameter(disposition: &str, wanted: &str) -> Option<String> {
    let mut rest = disposition.split_once(';')?.1;
    loop {
        let (name, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let mut value = String::new();
                let mut chars = quoted.char_indices();
                let end = loop {
                    match chars.next()? {
                        (_, '\\') => value.push(chars.next()?.1),
                        (at, '"') => break at + 1,
                        (_, c) => value.push(c),
                    }
                };
                (value, quoted[end..].split_once(';').map_or("", |(_, next)| next))
            }
            None => {
                let (value, next) = after.split_once(';').unwrap_or((after, ""));
                (value.trim().to_string(), next)
            }
        };
        if name.trim().eq_ignore_ascii_case(wanted) {
            return Some(value);
        }
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary() {
        let parts = vec![
            Part::text("name", &"report \"q1\""),
            Part::file("content", Bytes::from_static(b"\x00\x01binary")),
            Part::json("meta", &serde_json::json!({"a": 1})),
        ];
        let (content_type, body) = encode(&parts);
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap_or_default().to_string();
        assert!(boundary.starts_with("clientgen-"), "{content_type}");
        let text = String::from_utf8_lossy(&body);
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nreport \"q1\"\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"content\"; filename=\"content\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}binary\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"a\":1}}\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(text, expected);
    }

    #[cfg(feature = "mock")]
    #[test]
    fn what_is_encoded_decodes_to_the_same_parts() {
        let parts = vec![
            Part::text("name", &"report \"q1\""),
            Part::file("content", Bytes::from_static(b"\x00\x01binary\r\n--not-the-boundary")),
            Part::json("meta", &serde_json::json!({"a": 1})),
            Part::text("empty", &""),
        ];
        let (content_type, body) = encode(&parts);
        let decoded = decode(Some(&content_type), &body).unwrap_or_else(|e| panic!("{e}"));
        let read: Vec<_> = decoded
            .iter()
            .map(|p| (p.name.as_str(), p.file_name.as_deref(), p.content_type.as_deref(), &p.body[..]))
            .collect();
        assert_eq!(
            read,
            [
                ("name", None, None, &b"report \"q1\""[..]),
                (
                    "content",
                    Some("content"),
                    Some("application/octet-stream"),
                    &b"\x00\x01binary\r\n--not-the-boundary"[..]
                ),
                ("meta", None, Some("application/json"), &b"{\"a\":1}"[..]),
                ("empty", None, None, &b""[..]),
            ]
        );
    }

    #[cfg(feature = "mock")]
    #[test]
    fn other_clients_bodies_decode_and_broken_ones_are_errors() {
        let body = Bytes::from_static(
            b"preamble\r\n--b\r\ncontent-disposition: form-data; filename=\"a \\\"b\\\".txt\"; name=file\r\n\r\nx\r\n--b--",
        );
        let parts = decode(Some("multipart/form-data; boundary=\"b\""), &body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((parts[0].name.as_str(), parts[0].file_name.as_deref()), ("file", Some("a \"b\".txt")));
        assert_eq!(&parts[0].body[..], b"x");

        let refused = |content_type: Option<&str>, body: &'static [u8]| {
            decode(content_type, &Bytes::from_static(body)).map(|_| ()).err().unwrap_or_default()
        };
        assert_eq!(
            refused(Some("application/json"), b"{}"),
            "the body is not multipart/form-data (its content type is \"application/json\")"
        );
        assert_eq!(refused(None, b""), "the body is not multipart/form-data (its content type is \"\")");
        assert_eq!(
            refused(Some("multipart/form-data"), b""),
            "the content type \"multipart/form-data\" has no boundary"
        );
        let form = Some("multipart/form-data; boundary=b");
        assert_eq!(
            refused(form, b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"),
            "the body does not end with the closing delimiter --b--"
        );
        assert_eq!(
            refused(form, b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"),
            "part 1 has no Content-Disposition"
        );
        assert_eq!(
            refused(form, b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"),
            "part 1 has no name in \"form-data\""
        );
    }

    #[test]
    fn names_cannot_break_out_of_their_quotes() {
        assert_eq!(quote("a\"b\r\nc"), "a%22b%0D%0Ac");
    }
}
