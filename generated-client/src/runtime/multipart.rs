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
    haystack.windows(needle.len()).any(|window| window == needle)
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

    #[test]
    fn names_cannot_break_out_of_their_quotes() {
        assert_eq!(quote("a\"b\r\nc"), "a%22b%0D%0Ac");
    }
}
