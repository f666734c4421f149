// Hand-written: not generated, and never overwritten by `cargo xtask regen`.

//! Walking every page of an operation whose answers come in pages. The
//! generated code says, per operation, how pages are asked for and where an
//! answer keeps its items and next cursor ([`Paginated`]); the walk itself is
//! written once, here: one request per page, each sent only when the stream
//! is polled, each a copy of the request as it was built with only the
//! page's offset or cursor changed.

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;

use super::call::Call;
use super::error::{DecodeError, Error};
use super::request::{Answer, BoxFuture, Operation, Request};
use super::response::Exchange;

/// The answer of one page of operation `O`: what `.await` on its request gives.
pub type Page<O> = <<O as Operation>::Answer as Answer>::Output;

/// How the pages of an operation are asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// By position: query parameter `offset` is the number of items before
    /// the page; `limit`, when the request sets it, is the size of a page.
    Offset {
        /// The name of the offset's query parameter.
        offset: &'static str,
        /// The name of the page size's query parameter, if the operation has one.
        limit: Option<&'static str>,
    },
    /// By cursor: query parameter `cursor` is the cursor the answer before gave.
    Cursor {
        /// The name of the cursor's query parameter.
        cursor: &'static str,
    },
}

/// An operation whose answers come in pages: how they are asked for, and
/// where an answer keeps its items and the cursor of the next page.
/// `Request::items` and `Request::pages` walk them.
pub trait Paginated: Operation {
    /// One item of a page.
    type Item;
    /// How pages are asked for.
    const PAGING: Paging;
    /// The items of a page (`None`: the answer has none where they belong).
    fn page_items(page: &Page<Self>) -> Option<&[Self::Item]>;
    /// The items of a page, taken out of it.
    fn into_items(page: Page<Self>) -> Option<Vec<Self::Item>>;
    /// The cursor of the next page ([`Paging::Cursor`] only).
    fn next_cursor(page: &Page<Self>) -> Option<&str> {
        let _ = page;
        None
    }
}

impl<'a, O: Paginated + 'a> Request<'a, O> {
    /// Every item of every page, as a stream: a request per page, sent when
    /// the stream is polled past the items already received. The first page
    /// is this request as built (its query parameters, timeout and retry
    /// policy); each next one changes only the offset or cursor.
    ///
    /// The walk ends after a page without items, a page shorter than the
    /// limit the request set (offset paging), or a page without a next cursor
    /// (cursor paging). An error ends it too, after it is given once; a next
    /// cursor already sent is an [`Error::Decode`], as following it would
    /// walk the same pages forever.
    pub fn items(self) -> Items<'a, O> {
        Items { pages: self.pages(), items: Vec::new().into_iter() }
    }

    /// Every page's answer, whole, as a stream; walked as [`items`](Self::items) does.
    pub fn pages(self) -> Pages<'a, O> {
        Pages {
            call: self.into_call(),
            next: Next::First,
            offset: 0,
            limit: None,
            sent: HashSet::new(),
            last_body: None,
            fetching: None,
        }
    }
}

/// What the walk does at the next poll.
enum Next {
    /// Send the request as it was built.
    First,
    /// Send it with its offset or cursor set to this.
    At(String),
    /// Give this error, then end.
    Fail(Error),
    /// End.
    Done,
}

/// A page's answer, with its exchange (for the error if its cursor repeats).
type Fetching<'a, O> = BoxFuture<'a, Result<(Page<O>, Exchange), Error>>;

/// The stream of [`Request::pages`]: each page's answer.
#[must_use = "a walk sends nothing until it is polled"]
pub struct Pages<'a, O: Paginated> {
    /// The request as it was built; each page sends a copy.
    call: Call<'a>,
    next: Next,
    /// The offset of the last page asked for (offset paging).
    offset: u64,
    /// The page size the request asks for, when it sets one (offset paging).
    limit: Option<u64>,
    /// The cursors sent so far (cursor paging).
    sent: HashSet<String>,
    /// The body of the last page (offset paging): a server that ignores the
    /// offset answers the same page again, which would be walked forever.
    last_body: Option<bytes::Bytes>,
    fetching: Option<Fetching<'a, O>>,
}

impl<'a, O: Paginated + 'a> Pages<'a, O> {
    /// The next page's answer: `None` once the walk ended, or after an error.
    pub async fn next(&mut self) -> Option<Result<Page<O>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The request of the page `next` says, or why there is none.
    fn request(&mut self, next: Next) -> Result<Call<'a>, Option<Error>> {
        let mut call = self.call.clone();
        match (next, O::PAGING) {
            (Next::Done, _) => return Err(None),
            (Next::Fail(error), _) => return Err(Some(error)),
            (Next::First, Paging::Offset { offset, limit }) => {
                self.offset = match call.query_value(offset) {
                    None => 0,
                    Some(value) => value.parse().map_err(|_| {
                        Some(Error::InvalidArgument(format!(
                            "the offset `{offset}` must be a whole number to walk the pages (it is {value:?})"
                        )))
                    })?,
                };
                // A limit that is not a whole number is left to the server to judge.
                self.limit = limit.and_then(|name| call.query_value(name)).and_then(|value| value.parse().ok());
            }
            (Next::First, Paging::Cursor { cursor }) => {
                if let Some(value) = call.query_value(cursor).filter(|value| !value.is_empty()) {
                    self.sent.insert(value.to_string());
                }
            }
            (Next::At(value), Paging::Offset { offset: name, .. } | Paging::Cursor { cursor: name }) => {
                call.query_in_place(name, &value);
            }
        }
        Ok(call)
    }

    /// Where the walk goes after `page`.
    fn after(&mut self, page: &Page<O>, exchange: Exchange) -> Next {
        let count = O::page_items(page).map_or(0, <[O::Item]>::len);
        if count == 0 {
            return Next::Done;
        }
        match O::PAGING {
            Paging::Offset { .. } if self.last_body.as_ref() == Some(&exchange.body) => {
                Next::Fail(Error::Decode(Box::new(DecodeError {
                    exchange,
                    expected: std::any::type_name::<Page<O>>(),
                    path: None,
                    message: "the page at this offset is the page before it again: the server ignores the offset"
                        .to_string(),
                })))
            }
            Paging::Offset { .. } if self.limit.is_some_and(|limit| (count as u64) < limit) => Next::Done,
            Paging::Offset { .. } => {
                self.last_body = Some(exchange.body.clone());
                self.offset = self.offset.saturating_add(count as u64);
                Next::At(self.offset.to_string())
            }
            Paging::Cursor { .. } => match O::next_cursor(page).filter(|cursor| !cursor.is_empty()) {
                None => Next::Done,
                Some(cursor) if self.sent.insert(cursor.to_string()) => Next::At(cursor.to_string()),
                Some(_) => Next::Fail(Error::Decode(Box::new(DecodeError {
                    exchange,
                    expected: std::any::type_name::<Page<O>>(),
                    path: None,
                    message: "the next cursor is one already sent: following it would walk the same pages again"
                        .to_string(),
                }))),
            },
        }
    }
}

/// Sends one page's request and reads its answer.
fn fetch<'a, O: Paginated + 'a>(call: Call<'a>) -> Fetching<'a, O> {
    Box::pin(call.send_decoded(<O::Answer as Answer>::REDIRECT, |response| {
        let exchange = response.0.clone();
        let page = <O::Answer as Answer>::decode(response)?.into_inner();
        Ok((page, exchange))
    }))
}

impl<'a, O: Paginated + 'a> Stream for Pages<'a, O> {
    type Item = Result<Page<O>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let fetching = match &mut this.fetching {
            Some(fetching) => fetching,
            None => {
                let next = std::mem::replace(&mut this.next, Next::Done);
                let call = match this.request(next) {
                    Ok(call) => call,
                    Err(error) => return Poll::Ready(error.map(Err)),
                };
                this.fetching.insert(fetch::<O>(call))
            }
        };
        let fetched = ready!(fetching.as_mut().poll(cx));
        this.fetching = None;
        Poll::Ready(Some(fetched.map(|(page, exchange)| {
            this.next = this.after(&page, exchange);
            page
        })))
    }
}

/// The stream of [`Request::items`]: every item of every page.
#[must_use = "a walk sends nothing until it is polled"]
pub struct Items<'a, O: Paginated> {
    pages: Pages<'a, O>,
    /// The items of the last page not yet given.
    items: std::vec::IntoIter<O::Item>,
}

// Items are only moved out of the buffer, never pinned in it.
impl<O: Paginated> Unpin for Items<'_, O> {}

impl<'a, O: Paginated + 'a> Items<'a, O> {
    /// The next item: `None` once every page was walked, or after an error.
    pub async fn next(&mut self) -> Option<Result<O::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<'a, O: Paginated + 'a> Stream for Items<'a, O> {
    type Item = Result<O::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.items = O::into_items(page).unwrap_or_default().into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<O: Paginated> std::fmt::Debug for Pages<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &std::any::type_name::<O>())
            .field("call", &self.call)
            .field("fetching", &self.fetching.is_some())
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> std::fmt::Debug for Items<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.items.len()).finish()
    }
}
