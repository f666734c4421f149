//! Documentation text → `#[doc]` attributes that rustdoc renders cleanly:
//! no accidental intra-doc links (`[Beta]`), no doctests from code in the API's
//! prose, no HTML tags, no bare URLs.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for these lines (nothing when there are none).
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| format!(" {line}"));
    quote! { #(#[doc = #lines])* }
}

/// `#[deprecated(note = …)]` for a deprecated item; nothing otherwise.
pub fn deprecated(deprecation: &crate::model::Deprecation) -> Option<TokenStream> {
    deprecation.as_ref().map(|note| quote!(#[deprecated(note = #note)]))
}

/// Makes API prose safe for rustdoc, line by line.
pub fn sanitize(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Code in the API's prose is not Rust: never let it become a doctest.
            out.push(if in_fence { "```".to_string() } else { "```text".to_string() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.clone());
        } else {
            // Leading spaces would make an indented code block (a doctest).
            out.push(inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out
}

/// Escapes brackets that are not Markdown links and HTML, and wraps bare URLs.
pub fn inline(text: &str) -> String {
    inline_text(text, true)
}

fn inline_text(text: &str, wrap_urls: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // A Markdown link `[text](url)` stays a link.
                let close = chars[i + 1..].iter().position(|&d| d == ']').map(|p| p + i + 1);
                match close {
                    Some(close) if chars.get(close + 1) == Some(&'(') => {
                        let end = chars[close + 1..].iter().position(|&d| d == ')').map(|p| p + close + 1);
                        match end {
                            Some(end) => {
                                out.push('[');
                                // A URL as a link's text stays as it is.
                                out.push_str(&inline_text(&chars[i + 1..close].iter().collect::<String>(), false));
                                out.push(']');
                                out.extend(&chars[close + 1..=end]);
                                i = end + 1;
                            }
                            None => {
                                out.push_str("\\[");
                                i += 1;
                            }
                        }
                    }
                    _ => {
                        out.push_str("\\[");
                        i += 1;
                    }
                }
            }
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                out.push_str("&lt;");
                i += 1;
            }
            '>' => {
                out.push_str("&gt;");
                i += 1;
            }
            'h' if wrap_urls && starts_url(&chars[i..]) => {
                let end = chars[i..]
                    .iter()
                    .position(|&d| d.is_whitespace() || d == '<' || d == '>' || d == '"' || d == '`')
                    .map_or(chars.len(), |p| p + i);
                // A sentence's closing punctuation is not part of the URL.
                let mut url_end = end;
                while url_end > i && matches!(chars[url_end - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?' | '\'') {
                    url_end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..url_end]);
                out.push('>');
                i = url_end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(8).collect();
    head.starts_with("https://") || head.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::code_span;

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(inline("[Beta] Run sql query"), "\\[Beta\\] Run sql query");
        assert_eq!(inline("see [the docs](https://x.y/z)"), "see [the docs](https://x.y/z)");
        assert_eq!(inline("`a[0]`"), "`a[0]`");
    }

    #[test]
    fn urls_and_html_are_made_safe() {
        assert_eq!(inline("Visit https://supabase.com/docs."), "Visit <https://supabase.com/docs>.");
        assert_eq!(inline("a<br>b"), "a&lt;br&gt;b");
        assert_eq!(inline("[https://a.b](https://a.b)"), "[https://a.b](https://a.b)");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code_span("ACTIVE"), "`ACTIVE`");
        assert_eq!(code_span("a`~"), "`` a`~ ``");
        assert_eq!(code_span("``"), "``` `` ```");
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        let lines: Vec<String> = ["Example:", "```", "fn x() {}", "```", "    indented"].map(String::from).to_vec();
        assert_eq!(sanitize(&lines), ["Example:", "```text", "fn x() {}", "```", "indented"]);
        let open: Vec<String> = ["```js", "x"].map(String::from).to_vec();
        assert_eq!(sanitize(&open), ["```text", "x", "```"]);
    }
}
