//! Schema `pattern`s: matching them as ECMAScript regular expressions (the
//! dialect OpenAPI names, and the one Prism's validator uses), and making a
//! short string that matches one.
//!
//! The generator reads the common subset of the syntax — literals, escapes,
//! `.`, classes, groups, alternatives, quantifiers, anchors and lookarounds
//! (which generate nothing) — and builds the string with every quantifier at
//! one count `k`, clamped to its bounds, for k = 0, 1, 2, …: the first
//! non-empty string that fits the length bounds and that the real regex
//! engine matches wins. Backreferences are not read; such a pattern gives
//! `None`.

/// Whether `text` matches `pattern` (a search, as JSON Schema's `pattern` is
/// not anchored). A pattern that does not compile matches nothing.
pub fn matches(pattern: &str, text: &str) -> bool {
    match regress::Regex::new(pattern) {
        Ok(regex) => regex.find(text).is_some(),
        Err(_) => false,
    }
}

/// Whether `pattern` is a regular expression this engine reads.
pub fn compiles(pattern: &str) -> bool {
    regress::Regex::new(pattern).is_ok()
}

/// A non-empty string of `min..=max` characters that matches `pattern`.
pub fn generate(pattern: &str, min: usize, max: usize) -> Option<String> {
    let node = Parser { chars: pattern.chars().collect(), at: 0 }.parse()?;
    (0..=64).map(|k| node.render(k)).find(|text| {
        let length = text.chars().count();
        length > 0 && (min..=max).contains(&length) && matches(pattern, text)
    })
}

/// The characters preferred where a class allows several: lower-case letters,
/// digits (not starting with 0), upper-case letters, then a few punctuation marks.
const PREFERRED: &str = "abcdefghijklmnopqrstuvwxyz1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ_-. ,:/";

#[derive(Debug, Clone)]
enum Node {
    Literal(char),
    Class(Class),
    Sequence(Vec<Node>),
    Alternatives(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
    /// Anchors, word boundaries and lookarounds: they match no characters.
    Nothing,
}

#[derive(Debug, Clone)]
struct Class {
    ranges: Vec<(char, char)>,
    negated: bool,
}

impl Class {
    fn of(ranges: &[(char, char)], negated: bool) -> Class {
        Class { ranges: ranges.to_vec(), negated }
    }

    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != self.negated
    }

    fn pick(&self) -> Option<char> {
        PREFERRED
            .chars()
            .find(|c| self.contains(*c))
            .or_else(|| if self.negated { None } else { self.ranges.first().map(|(lo, _)| *lo) })
    }
}

impl Node {
    fn render(&self, k: usize) -> String {
        let mut out = String::new();
        self.write(k, &mut out);
        out
    }

    fn write(&self, k: usize, out: &mut String) {
        match self {
            Node::Literal(c) => out.push(*c),
            Node::Class(class) => out.extend(class.pick()),
            Node::Sequence(nodes) => nodes.iter().for_each(|n| n.write(k, out)),
            Node::Alternatives(alternatives) => {
                if let Some(first) = alternatives.first() {
                    first.write(k, out);
                }
            }
            Node::Repeat { node, min, max } => {
                let count = k.max(*min).min(max.unwrap_or(usize::MAX));
                (0..count).for_each(|_| node.write(k, out));
            }
            Node::Nothing => {}
        }
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.at += 1;
        c
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.at += 1;
        }
        found
    }

    fn parse(mut self) -> Option<Node> {
        let node = self.alternatives()?;
        (self.at == self.chars.len()).then_some(node)
    }

    fn alternatives(&mut self) -> Option<Node> {
        let mut alternatives = vec![self.sequence()?];
        while self.eat('|') {
            alternatives.push(self.sequence()?);
        }
        Some(if alternatives.len() == 1 { alternatives.remove(0) } else { Node::Alternatives(alternatives) })
    }

    fn sequence(&mut self) -> Option<Node> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            nodes.push(self.quantified(atom)?);
        }
        Some(Node::Sequence(nodes))
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => return self.braces(atom),
            _ => return Some(atom),
        };
        self.at += 1;
        self.eat('?'); // lazy: the same strings
        Some(Node::Repeat { node: Box::new(atom), min, max })
    }

    /// `{n}`, `{n,}`, `{n,m}`; a `{` that is not a quantifier is a literal.
    fn braces(&mut self, atom: Node) -> Option<Node> {
        let start = self.at;
        self.at += 1;
        let number = |p: &mut Parser| {
            let begin = p.at;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.at += 1;
            }
            p.chars[begin..p.at].iter().collect::<String>().parse::<usize>().ok()
        };
        let Some(min) = number(self) else {
            self.at = start;
            return Some(atom); // `{` is read as a literal by the next atom
        };
        let max = if self.eat(',') { number(self) } else { Some(min) };
        if !self.eat('}') {
            self.at = start;
            return Some(atom);
        }
        self.eat('?');
        Some(Node::Repeat { node: Box::new(atom), min, max })
    }

    fn atom(&mut self) -> Option<Node> {
        match self.next()? {
            '^' | '$' => Some(Node::Nothing),
            '.' => Some(Node::Class(Class::of(&[('\n', '\n'), ('\r', '\r')], true))),
            '[' => self.class(),
            '(' => self.group(),
            '\\' => self.escape(false).map(|e| match e {
                Escaped::Char(c) => Node::Literal(c),
                Escaped::Class(class) => Node::Class(class),
                Escaped::Nothing => Node::Nothing,
            }),
            c => Some(Node::Literal(c)),
        }
    }

    fn group(&mut self) -> Option<Node> {
        let mut lookaround = false;
        if self.eat('?') {
            match self.next()? {
                ':' => {}
                '=' | '!' => lookaround = true,
                '<' if matches!(self.peek(), Some('=' | '!')) => {
                    self.at += 1;
                    lookaround = true;
                }
                '<' => {
                    // A named group: skip the name.
                    while self.next()? != '>' {}
                }
                _ => return None,
            }
        }
        let inner = self.alternatives()?;
        if !self.eat(')') {
            return None;
        }
        Some(if lookaround { Node::Nothing } else { inner })
    }

    fn class(&mut self) -> Option<Node> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = match c {
                '\\' => match self.escape(true)? {
                    Escaped::Char(c) => c,
                    Escaped::Class(class) if !class.negated => {
                        ranges.extend(class.ranges);
                        continue;
                    }
                    // A negated class inside a class (`[\W]`): not read.
                    Escaped::Class(_) | Escaped::Nothing => return None,
                },
                c => c,
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                let hi = match self.next()? {
                    '\\' => match self.escape(true)? {
                        Escaped::Char(c) => c,
                        _ => return None,
                    },
                    c => c,
                };
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Some(Node::Class(Class { ranges, negated }))
    }

    fn escape(&mut self, in_class: bool) -> Option<Escaped> {
        const DIGITS: &[(char, char)] = &[('0', '9')];
        const WORD: &[(char, char)] = &[('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
        const SPACE: &[(char, char)] = &[(' ', ' '), ('\t', '\r')];
        Some(match self.next()? {
            'd' => Escaped::Class(Class::of(DIGITS, false)),
            'D' => Escaped::Class(Class::of(DIGITS, true)),
            'w' => Escaped::Class(Class::of(WORD, false)),
            'W' => Escaped::Class(Class::of(WORD, true)),
            's' => Escaped::Class(Class::of(SPACE, false)),
            'S' => Escaped::Class(Class::of(SPACE, true)),
            'b' if in_class => Escaped::Char('\u{8}'),
            'b' | 'B' => Escaped::Nothing,
            'n' => Escaped::Char('\n'),
            't' => Escaped::Char('\t'),
            'r' => Escaped::Char('\r'),
            'u' => {
                let hex: String = (0..4).filter_map(|_| self.next()).collect();
                Escaped::Char(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?)
            }
            // Backreferences and the like: not read.
            c if c.is_ascii_alphanumeric() => return None,
            c => Escaped::Char(c),
        })
    }
}

enum Escaped {
    Char(char),
    Class(Class),
    Nothing,
}
