//! Pretty JSON straight into a byte buffer: the bytes `serde_json::to_string_pretty` writes,
//! for half the work or less. `plan` and `assess` print 80-100 KB of JSON, mostly keys and
//! short strings, and serde_json's generic writer spends its time on an `io::Write` call per
//! token (a `memcpy` call for a few bytes) and on a byte-at-a-time escape loop. Here small
//! pieces are fixed-size copies into room kept ahead in the buffer, and strings are checked
//! for escapes a word at a time.
//!
//! What this writer does not cover (a sequence that lies about its length, flattening anything
//! but a struct or a map, rare map keys) fails with [`Unsupported`], and the caller falls back
//! to serde_json, which writes the same bytes or reports its own error. Floats (and 128-bit
//! integers beyond 64 bits) are written by serde_json's own formatter.

use serde::ser::{self, Impossible, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};
use std::fmt;

/// The document is not one this writer covers; serde_json must write it.
#[derive(Debug)]
pub struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not covered by the fast JSON writer")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    // A `Serialize` impl that fails fails again under serde_json, with its own message.
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Unsupported
    }
}

type Result<T = ()> = std::result::Result<T, Unsupported>;

/// `serde_json::to_string_pretty` of `{"schema_version": .., "kind": .., ...body}`, where body
/// is flattened as `#[serde(flatten)]` does, followed by a newline.
pub fn document<T: ?Sized + Serialize>(
    schema_version: u32,
    kind: &str,
    body: &T,
) -> Result<String> {
    let mut writer = Writer::new();
    write_document(&mut writer, schema_version, kind, body)?;
    Ok(writer.finish())
}

fn write_document<T: ?Sized + Serialize>(
    writer: &mut Writer,
    schema_version: u32,
    kind: &str,
    body: &T,
) -> Result {
    writer.put(b"{\n  \"schema_version\": ");
    writer.integer(false, schema_version.into());
    writer.put(b",\n  \"kind\": ");
    writer.string(kind.as_bytes());
    writer.depth = 1;
    body.serialize(Flat(&mut *writer))?;
    // Two entries are always written, so the object always closes on its own line.
    writer.put(b"\n}\n");
    Ok(())
}

/// Why [`stream_document`] stopped.
#[derive(Debug)]
pub enum StreamError {
    /// The document is not one this writer covers, and nothing was written yet: serde_json
    /// can write it instead.
    Unsupported,
    /// The document is not one this writer covers, found after part of it was written.
    UnsupportedAfterOutput,
    /// Writing to the sink failed (a closed pipe, say).
    Io(std::io::Error),
}

/// [`document`], written to `sink` as it is made, [`FLUSH_AT`] bytes at a time. `plan` and
/// `assess` write 80-100 KB: kept whole, the document touched 25 fresh pages of memory; a
/// buffer emptied into the sink as it fills reuses its first few.
pub fn stream_document<T: ?Sized + Serialize>(
    schema_version: u32,
    kind: &str,
    body: &T,
    sink: Box<dyn std::io::Write>,
) -> std::result::Result<(), StreamError> {
    stream(schema_version, kind, body, sink, FLUSH_AT)
}

fn stream<T: ?Sized + Serialize>(
    schema_version: u32,
    kind: &str,
    body: &T,
    sink: Box<dyn std::io::Write>,
    flush_at: usize,
) -> std::result::Result<(), StreamError> {
    let mut writer = Writer::streaming(sink);
    writer.flush_at = flush_at;
    let written = write_document(&mut writer, schema_version, kind, body);
    let flushed = writer.flushed;
    if written.is_err() {
        return Err(if flushed {
            StreamError::UnsupportedAfterOutput
        } else {
            StreamError::Unsupported
        });
    }
    writer.flush();
    if let (None, Some(sink)) = (&writer.error, writer.sink.as_mut()) {
        writer.error = sink.flush().err();
    }
    match writer.error.take() {
        Some(error) => Err(StreamError::Io(error)),
        None => Ok(()),
    }
}

/// `serde_json::to_string_pretty(value)`.
#[cfg(test)]
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let mut writer = Writer::new();
    value.serialize(&mut writer)?;
    Ok(writer.finish())
}

/// The output. Most of what a document holds is small pieces (punctuation, indentation, keys,
/// short strings, numbers), so the writer keeps zeroed room ahead of what it has written and
/// copies each piece into that room as a fixed-size array: plain stores, one bounds check,
/// no `memcpy` call and no capacity check per piece. A piece may be written longer than it
/// is (a whole 32-byte indentation, two 8-byte words that overlap); only the length counts,
/// and what lies past it is written over next.
struct Writer {
    /// What is written is `buf[..len]`; the rest is room.
    buf: Vec<u8>,
    len: usize,
    /// Nesting level of the container being written.
    depth: usize,
    /// Where a streamed document goes (see [`stream_document`]); `None` keeps it whole.
    sink: Option<Box<dyn std::io::Write>>,
    /// Past this many bytes, the next container to open first empties the buffer into the
    /// sink (`usize::MAX` when there is none). Only there: pieces that look back at what they
    /// wrote (`display`, `deep_item`) are leaves and never span an opening.
    flush_at: usize,
    /// Whether part of the document has gone to the sink.
    flushed: bool,
    /// The first error writing to the sink; what follows it is dropped.
    error: Option<std::io::Error>,
}

/// How much of a streamed document is kept before it goes to the sink.
const FLUSH_AT: usize = 16 * 1024;

/// Room is zeroed a kilobyte at a time, just ahead of the writes: pages of the buffer that are
/// never written are never touched. (Larger steps make `memset` switch to `rep stosb`, which
/// costs an instruction a byte.)
const ROOM_STEP: usize = 1024;

/// A comma, a line break and spaces for 32 levels; deeper levels write the rest.
const COMMA_NEWLINE_INDENT: &[u8; 66] =
    b",\n                                                                ";

impl Writer {
    fn new() -> Self {
        // `plan` and `assess` write 80-100 KB: growing from a small buffer copies them again
        // and again.
        Writer {
            buf: Vec::with_capacity(128 * 1024),
            ..Writer::new_empty()
        }
    }

    fn streaming(sink: Box<dyn std::io::Write>) -> Self {
        Writer {
            // Room for a flush's worth and a few pieces after it; a longer piece grows the
            // buffer, in place when nothing was allocated after it.
            buf: Vec::with_capacity(FLUSH_AT + 4 * 1024),
            sink: Some(sink),
            flush_at: FLUSH_AT,
            ..Writer::new_empty()
        }
    }

    fn new_empty() -> Self {
        Writer {
            buf: Vec::new(),
            len: 0,
            depth: 0,
            sink: None,
            flush_at: usize::MAX,
            flushed: false,
            error: None,
        }
    }

    /// Empties the buffer into the sink (when there is one and it has not failed).
    fn flush(&mut self) {
        self.write_out(self.len);
    }

    /// Empties the buffer into the sink up to its last line break, and keeps the rest of
    /// the line. Stdout is line-buffered: a write that ends mid-line leaves the tail in its
    /// buffer, to go out in a system call of its own.
    #[cold]
    #[inline(never)]
    fn flush_lines(&mut self) {
        let cut =
            crate::byte_search::rfind(b'\n', &self.buf[..self.len]).map_or(self.len, |at| at + 1);
        self.write_out(cut);
    }

    /// Writes the first `cut` bytes to the sink and moves what follows to the front.
    fn write_out(&mut self, cut: usize) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        if self.error.is_none() {
            if let Err(error) = sink.write_all(&self.buf[..cut]) {
                self.error = Some(error);
            }
        }
        self.flushed |= cut > 0;
        self.buf.copy_within(cut..self.len, 0);
        self.len -= cut;
    }

    fn finish(mut self) -> String {
        self.buf.truncate(self.len);
        debug_assert!(std::str::from_utf8(&self.buf).is_ok());
        // SAFETY: each byte below `len` is part of a piece written to be there (a piece
        // written longer than it is counts only up to its length, and the next is written
        // over the rest). Pieces are ASCII, or bytes of a `&str` (or of `Display` output)
        // copied whole or cut only next to an ASCII byte (`escape`), so they are UTF-8.
        // Checking 100 KB again would cost 50k instructions.
        unsafe { String::from_utf8_unchecked(self.buf) }
    }

    /// The next `N` bytes of room, for a piece of at most `N` bytes.
    #[inline(always)]
    fn room<const N: usize>(&mut self) -> &mut [u8; N] {
        if self.buf.len() - self.len < N {
            self.grow(N);
        }
        self.buf[self.len..]
            .first_chunk_mut()
            .expect("room was made")
    }

    /// Room for the fast paths that do not make it themselves ([`Writer::spare`]): called
    /// when one fails, so that the next ones do not.
    fn make_room(&mut self) {
        if self.buf.len() - self.len < 128 {
            self.grow(128);
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self, wanted: usize) {
        self.buf.resize(self.len + wanted.max(ROOM_STEP), 0);
    }

    /// Appends the first `len` bytes of `piece` (all of it is copied).
    #[inline(always)]
    fn piece<const N: usize>(&mut self, piece: &[u8; N], len: usize) {
        *self.room::<N>() = *piece;
        self.len += len;
    }

    #[inline(always)]
    fn byte(&mut self, byte: u8) {
        self.piece(&[byte], 1);
    }

    /// Appends bytes of any length.
    fn put(&mut self, bytes: &[u8]) {
        if self.buf.len() - self.len < bytes.len() {
            self.grow(bytes.len());
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Bytes of a line break and the indentation of the current depth, after a comma unless
    /// this is the first item: how much of `COMMA_NEWLINE_INDENT[usize::from(first)..]` to
    /// write.
    #[inline(always)]
    fn indent_len(&self, first: bool) -> usize {
        2 + 2 * self.depth - usize::from(first)
    }

    /// Where an item of the current container starts: after a comma unless it is the first,
    /// on a new line indented to the container's depth.
    #[inline]
    fn item(&mut self, first: bool) {
        let len = self.indent_len(first);
        match COMMA_NEWLINE_INDENT[usize::from(first)..].first_chunk::<32>() {
            Some(chunk) if len <= chunk.len() => self.piece(chunk, len),
            _ => self.deep_item(first, len),
        }
    }

    #[cold]
    fn deep_item(&mut self, first: bool, len: usize) {
        let line = &COMMA_NEWLINE_INDENT[usize::from(first)..];
        let start = self.len;
        self.put(&line[..len.min(line.len())]);
        while self.len < start + len {
            self.byte(b' ');
        }
    }

    #[inline]
    fn open(&mut self, bracket: u8) {
        if self.len >= self.flush_at {
            self.flush_lines();
        }
        self.byte(bracket);
        self.depth += 1;
    }

    /// Closes a container: on its own line if it holds anything, else right after `[` or `{`.
    #[inline]
    fn close(&mut self, bracket: u8, empty: bool) {
        self.depth -= 1;
        if !empty {
            // The line break and indentation, without the comma.
            self.item(true);
        }
        self.byte(bracket);
    }

    /// `N` bytes of room if there are, without making more: for the fast paths of `string`
    /// and `entry`, which make no calls (the `long_` functions make room when one fails).
    #[inline(always)]
    fn spare<const N: usize>(&mut self) -> Option<&mut [u8; N]> {
        self.buf.get_mut(self.len..)?.first_chunk_mut()
    }

    // `string` and `entry` run for every string and every key, from the `Serialize` code of
    // every field: inlined there, their fast paths save a call and its register saves each
    // time (40k instructions on `plan`, for 40 KB more code). What does not fit them is out of
    // line.

    /// A string in quotes, escaped. (Bytes of a `&str`: see `finish`.)
    #[inline(always)]
    fn string(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        if let (true, Some(room)) = (len <= 32, self.spare::<34>()) {
            room[0] = b'"';
            if copy_clean_32(&mut room[1..], bytes) {
                room[1 + len] = b'"';
                self.len += len + 2;
                return;
            }
        }
        self.long_string(bytes);
    }

    #[inline(never)]
    fn long_string(&mut self, bytes: &[u8]) {
        self.make_room();
        self.byte(b'"');
        self.escape(bytes);
        self.byte(b'"');
    }

    /// An object entry up to its value: comma, line break, indentation, `"key": `. (Bytes of
    /// a `&str`: see `finish`.)
    #[inline(always)]
    fn entry(&mut self, first: bool, key: &[u8]) {
        let indent = self.indent_len(first);
        let line = COMMA_NEWLINE_INDENT[usize::from(first)..].first_chunk::<32>();
        if let (true, Some(line), Some(room)) =
            (indent <= 32 && key.len() <= 16, line, self.spare::<52>())
        {
            room[..32].copy_from_slice(line);
            room[indent] = b'"';
            let rest = &mut room[indent + 1..];
            if copy_clean(rest, key) {
                rest[key.len()..key.len() + 3].copy_from_slice(b"\": ");
                self.len += indent + key.len() + 4;
                return;
            }
        }
        self.long_entry(first, key);
    }

    #[inline(never)]
    fn long_entry(&mut self, first: bool, key: &[u8]) {
        self.make_room();
        self.item(first);
        self.key(key);
    }

    /// The key of an object entry, its quotes and the `": "` that follows.
    fn key(&mut self, key: &[u8]) {
        self.byte(b'"');
        self.escape(key);
        self.piece(b"\": ", 3);
    }

    /// [`Writer::integer`] for the `Serializer`.
    #[inline]
    fn int(&mut self, negative: bool, magnitude: u64) -> Result {
        self.integer(negative, magnitude);
        Ok(())
    }

    /// An integer in decimal, as itoa writes it for serde_json.
    #[inline]
    fn integer(&mut self, negative: bool, magnitude: u64) {
        // Most numbers in a document are counts and levels: one digit.
        match u8::try_from(magnitude) {
            Ok(digit @ 0..10) if !negative => self.byte(b'0' + digit),
            _ => self.long_integer(negative, magnitude),
        }
    }

    #[inline(never)]
    fn long_integer(&mut self, negative: bool, magnitude: u64) {
        let sign = usize::from(negative);
        let len = sign + magnitude.checked_ilog10().unwrap_or(0) as usize + 1;
        // A sign and the 20 digits of `u64::MAX` (`i128`s come here down to `-u64::MAX`).
        let room = self.room::<21>();
        if negative {
            room[0] = b'-';
        }
        let mut rest = magnitude;
        for digit in room[sign..len].iter_mut().rev() {
            *digit = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        self.len += len;
    }

    /// A finite float as serde_json writes it (the shortest decimal that reads back as the
    /// same float). Most floats in a document are hours, weights and gaps with at most two
    /// decimals: those are written here, for a tenth of the work of the general formatter.
    #[inline]
    fn float(&mut self, value: f64) -> Result {
        match short_decimal(value) {
            Some((negative, hundredths)) => {
                self.decimal(negative, hundredths);
                Ok(())
            }
            None => self.number(|f, out| f.write_f64(out, value)),
        }
    }

    /// `hundredths / 100` with one or two decimals, as `1.0`, `0.5`, `-12.25`.
    fn decimal(&mut self, negative: bool, hundredths: u64) {
        self.integer(negative, hundredths / 100);
        let cents = (hundredths % 100) as u8;
        let (tens, ones) = (b'0' + cents / 10, b'0' + cents % 10);
        if ones == b'0' {
            self.piece(&[b'.', tens], 2);
        } else {
            self.piece(&[b'.', tens, ones], 3);
        }
    }

    /// A number as serde_json's formatter writes it (for floats and 128-bit integers).
    fn number(
        &mut self,
        write: impl FnOnce(&mut CompactFormatter, &mut Self) -> std::io::Result<()>,
    ) -> Result {
        write(&mut CompactFormatter, self).map_err(|_| Unsupported)
    }

    /// Display output as a JSON string. Written as it comes (dates come a character at a
    /// time), then checked once for anything to escape.
    fn display<T: ?Sized + fmt::Display>(&mut self, value: &T) -> Result {
        struct Raw<'a>(&'a mut Writer);
        impl fmt::Write for Raw<'_> {
            fn write_str(&mut self, piece: &str) -> fmt::Result {
                self.0.put(piece.as_bytes());
                Ok(())
            }

            fn write_char(&mut self, c: char) -> fmt::Result {
                if c.is_ascii() {
                    self.0.byte(c as u8);
                    Ok(())
                } else {
                    self.write_str(c.encode_utf8(&mut [0; 4]))
                }
            }
        }
        self.byte(b'"');
        let start = self.len;
        fmt::write(&mut Raw(self), format_args!("{value}")).map_err(|_| Unsupported)?;
        if self.buf[start..self.len]
            .iter()
            .any(|&byte| is_escaped(byte))
        {
            let raw = self.buf[start..self.len].to_vec();
            self.len = start;
            self.escape(&raw);
        }
        self.byte(b'"');
        Ok(())
    }

    /// `bytes` escaped as serde_json escapes string contents, for strings too long for
    /// [`copy_clean`] or with something to escape: the clean runs between escapes are found
    /// 16 bytes at a time and copied whole.
    fn escape(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        loop {
            let clean = clean_len(rest);
            self.put(&rest[..clean]);
            let Some(&byte) = rest.get(clean) else {
                return;
            };
            self.escape_byte(byte);
            rest = &rest[clean + 1..];
        }
    }

    /// serde_json's escape of a byte [`needs_escape`] marks: a short one where JSON has it,
    /// `\u00XX` in lowercase hex for other control characters.
    fn escape_byte(&mut self, byte: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0c => b'f',
            b'\r' => b'r',
            _ => 0,
        };
        if short == 0 {
            let (high, low) = (usize::from(byte >> 4), usize::from(byte & 0xf));
            self.piece(&[b'\\', b'u', b'0', b'0', HEX[high], HEX[low]], 6);
        } else {
            self.piece(&[b'\\', short], 2);
        }
    }
}

/// serde_json's formatter writes floats here.
impl std::io::Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.put(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A float that is a whole number of hundredths below a million (and not `-0.0`), as its sign
/// and hundredths. Then the decimal `hundredths / 100` is what serde_json writes: dividing the
/// exact integer by 100 gives the float nearest that decimal, so the decimal reads back as
/// the float, and any other decimal of as many digits or fewer lies at least 0.01 away, far
/// outside the float's rounding interval; shortest-decimal formatting (Ryu, zmij) therefore
/// picks this one. Below a million, serde_json writes no exponent.
#[inline]
fn short_decimal(value: f64) -> Option<(bool, u64)> {
    let magnitude = value.abs();
    let scaled = magnitude * 100.0;
    // `-0.0` keeps its sign through the slow path.
    if scaled.is_nan() || scaled >= 1e8 || (value == 0.0 && value.is_sign_negative()) {
        return None;
    }
    // Any rounding will do: the check below decides.
    let hundredths = (scaled + 0.5) as u64;
    (hundredths as f64 / 100.0 == magnitude).then_some((value < 0.0, hundredths))
}

/// Copies `src` of at most 16 bytes to the start of `dst` if nothing in it needs an escape,
/// and says whether it did. Checked and copied as two words that overlap (or two halves of
/// one, or three bytes): no loop for the keys and short values that most strings are.
#[inline(always)]
fn copy_clean(dst: &mut [u8], src: &[u8]) -> bool {
    debug_assert!(src.len() <= 16);
    let len = src.len();
    if let (Some(head), Some(last)) = (src.first_chunk::<8>(), src.last_chunk::<8>()) {
        dst[..8].copy_from_slice(head);
        dst[len - 8..len].copy_from_slice(last);
        needs_escape(u64::from_le_bytes(*head)) | needs_escape(u64::from_le_bytes(*last)) == 0
    } else if let (Some(head), Some(last)) = (src.first_chunk::<4>(), src.last_chunk::<4>()) {
        dst[..4].copy_from_slice(head);
        dst[len - 4..len].copy_from_slice(last);
        let word =
            u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*last)) << 32;
        needs_escape(word) == 0
    } else if let (Some(&first), Some(&last)) = (src.first(), src.last()) {
        let middle = src[len / 2];
        dst[0] = first;
        dst[len / 2] = middle;
        dst[len - 1] = last;
        needs_escape(u64::from_le_bytes([
            first, middle, last, last, last, last, last, last,
        ])) == 0
    } else {
        true
    }
}

/// [`copy_clean`] up to 32 bytes, the longer ones as two 16-byte blocks that overlap.
#[inline(always)]
fn copy_clean_32(dst: &mut [u8], src: &[u8]) -> bool {
    debug_assert!(src.len() <= 32);
    let len = src.len();
    match (src.first_chunk::<16>(), src.last_chunk::<16>()) {
        (Some(head), Some(last)) if len > 16 => {
            dst[..16].copy_from_slice(head);
            dst[len - 16..len].copy_from_slice(last);
            block_hits(head) | block_hits(last) == 0
        }
        _ => copy_clean(dst, src),
    }
}

/// How many bytes at the start of `bytes` need no escape.
#[inline]
fn clean_len(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(block) = bytes[at..].first_chunk::<16>() {
        let hits = block_hits(block);
        if hits != 0 {
            return at + hits.trailing_zeros() as usize / 8;
        }
        at += 16;
    }
    match bytes.last_chunk::<16>() {
        // The last 16 bytes overlap bytes already found clean: a mark among them is in the tail.
        Some(block) if at > 0 => match block_hits(block) {
            0 => bytes.len(),
            hits => bytes.len() - 16 + hits.trailing_zeros() as usize / 8,
        },
        _ => (at..bytes.len())
            .find(|&at| is_escaped(bytes[at]))
            .unwrap_or(bytes.len()),
    }
}

/// [`needs_escape`] of 16 bytes: the lowest set bit marks the first byte to escape.
#[inline(always)]
fn block_hits(block: &[u8; 16]) -> u128 {
    let (low, high) = block.split_at(8);
    let word = |half: &[u8]| needs_escape(u64::from_le_bytes(half.try_into().expect("8 bytes")));
    u128::from(word(low)) | u128::from(word(high)) << 64
}

const ONES: u64 = u64::from_ne_bytes([1; 8]);

/// The high bit of each byte of `word` that serde_json escapes: below 0x20, `"` or `\`. Any
/// bit set means some byte needs an escape; the lowest set bit marks the first (a borrow can
/// also mark a clean byte above one that needs an escape).
#[inline]
fn needs_escape(word: u64) -> u64 {
    // Flipping bit 1 turns `"` (0x22) into 0x20 and keeps 0x00-0x1f below 0x20: one
    // comparison, "below 0x21", finds both.
    let control_or_quote = (word ^ (ONES * 0x02)).wrapping_sub(ONES * 0x21);
    let backslash = (word ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
    // `!word` drops bytes of 0x80 and above, which never need an escape.
    (control_or_quote | backslash) & !word & (ONES * 0x80)
}

/// Whether serde_json escapes `byte`: control characters, `"` and `\`.
#[inline]
fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// `serialize_i8` to `serialize_u64`, through `self.$write(negative, magnitude)`.
macro_rules! integers {
    ($write:ident: $($signed:ident($signed_type:ty)),*; $($unsigned:ident($unsigned_type:ty)),*) => {
        $(
            #[inline]
            fn $signed(self, value: $signed_type) -> Result {
                let value = i64::from(value);
                self.$write(value < 0, value.unsigned_abs())
            }
        )*
        $(
            #[inline]
            fn $unsigned(self, value: $unsigned_type) -> Result {
                self.$write(false, u64::from(value))
            }
        )*
    };
    ($write:ident) => {
        integers!($write:
            serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64);
            serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64)
        );
    };
}

/// `Serializer` methods for what a serializer leaves to serde_json: each fails with
/// [`Unsupported`].
macro_rules! refuse {
    ($($method:ident $(<$t:ident>)? ($($arg:ident: $type:ty),*) -> $ok:ty;)*) => {
        $(
            fn $method $(<$t: ?Sized + Serialize>)? (self, $($arg: $type),*) -> Result<$ok> {
                Err(Unsupported)
            }
        )*
    };
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Variant<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Variant<'a>;

    integers!(int);

    fn serialize_i128(self, value: i128) -> Result {
        match u64::try_from(value.unsigned_abs()) {
            Ok(magnitude) => self.int(value < 0, magnitude),
            Err(_) => self.number(|f, out| f.write_i128(out, value)),
        }
    }

    fn serialize_u128(self, value: u128) -> Result {
        match u64::try_from(value) {
            Ok(value) => self.int(false, value),
            Err(_) => self.number(|f, out| f.write_u128(out, value)),
        }
    }

    #[inline]
    fn serialize_bool(self, value: bool) -> Result {
        self.piece(
            if value { b"true\0" } else { b"false" },
            5 - usize::from(value),
        );
        Ok(())
    }

    #[inline]
    fn serialize_f32(self, value: f32) -> Result {
        if value.is_finite() {
            self.number(|f, out| f.write_f32(out, value))
        } else {
            self.serialize_unit()
        }
    }

    #[inline]
    fn serialize_f64(self, value: f64) -> Result {
        if value.is_finite() {
            self.float(value)
        } else {
            self.serialize_unit()
        }
    }

    fn serialize_char(self, value: char) -> Result {
        self.string(value.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }

    #[inline]
    fn serialize_str(self, value: &str) -> Result {
        self.string(value.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(None)?;
        for byte in value {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }

    #[inline]
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }

    #[inline]
    fn serialize_unit(self) -> Result {
        self.piece(b"null", 4);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }

    #[inline]
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    /// `{"variant": value}`, as serde_json writes it.
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open(b'{');
        self.item(true);
        self.key(variant.as_bytes());
        value.serialize(&mut *self)?;
        self.close(b'}', false);
        Ok(())
    }

    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        Ok(Compound::open(self, b'[', len))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<'a>> {
        self.open(b'{');
        self.item(true);
        self.key(variant.as_bytes());
        Ok(Variant(Compound::open(self, b'[', Some(len))))
    }

    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>> {
        Ok(Compound::open(self, b'{', len))
    }

    #[inline]
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<'a>> {
        self.open(b'{');
        self.item(true);
        self.key(variant.as_bytes());
        Ok(Variant(Compound::open(self, b'{', Some(len))))
    }

    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result {
        self.display(value)
    }
}

#[derive(PartialEq)]
enum State {
    /// Declared empty: already closed, as serde_json closes it.
    Empty,
    First,
    Rest,
}

/// An array or an object being written.
struct Compound<'a> {
    writer: &'a mut Writer,
    state: State,
    /// `]` or `}`.
    closer: u8,
}

impl<'a> Compound<'a> {
    #[inline]
    fn open(writer: &'a mut Writer, bracket: u8, len: Option<usize>) -> Self {
        writer.open(bracket);
        let close = if bracket == b'[' { b']' } else { b'}' };
        let state = if len == Some(0) {
            writer.close(close, true);
            State::Empty
        } else {
            State::First
        };
        Compound {
            writer,
            state,
            closer: close,
        }
    }

    /// Whether the next item is the first. serde_json writes garbage for items of a container
    /// that said it was empty; leave that to it.
    #[inline]
    fn next(&mut self) -> Result<bool> {
        let first = match self.state {
            State::First => true,
            State::Rest => false,
            State::Empty => return Err(Unsupported),
        };
        self.state = State::Rest;
        Ok(first)
    }

    #[inline]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        let first = self.next()?;
        self.writer.item(first);
        value.serialize(&mut *self.writer)
    }

    #[inline]
    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result {
        let first = self.next()?;
        self.writer.entry(first, key.as_bytes());
        value.serialize(&mut *self.writer)
    }

    #[inline]
    fn end(self) -> Result {
        if self.state != State::Empty {
            self.writer.close(self.closer, self.state == State::First);
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    #[inline]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    #[inline]
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    #[inline]
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        let first = self.next()?;
        key.serialize(Key {
            writer: self.writer,
            first,
        })
    }

    #[inline]
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.writer)
    }

    #[inline]
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }

    #[inline]
    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// The array or object inside `{"variant": ...}`: closing it closes both.
struct Variant<'a>(Compound<'a>);

impl Variant<'_> {
    fn end(self) -> Result {
        let Variant(inner) = self;
        let writer = &mut *inner.writer;
        if inner.state != State::Empty {
            writer.close(inner.closer, inner.state == State::First);
        }
        writer.close(b'}', false);
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Variant<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.0.element(value)
    }

    fn end(self) -> Result {
        Variant::end(self)
    }
}

impl ser::SerializeStructVariant for Variant<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.0.field(key, value)
    }

    fn end(self) -> Result {
        Variant::end(self)
    }
}

/// A map entry up to its value, with the key as serde_json's `MapKeySerializer` writes it:
/// strings, and integers, bools and finite floats in quotes. Anything else is an error there
/// too.
struct Key<'a> {
    writer: &'a mut Writer,
    /// Whether this is the map's first entry.
    first: bool,
}

impl Key<'_> {
    /// A key that is not a string: written in quotes by `write`.
    fn quoted(self, write: impl FnOnce(&mut Writer) -> Result) -> Result {
        self.writer.item(self.first);
        self.writer.byte(b'"');
        write(self.writer)?;
        self.writer.piece(b"\": ", 3);
        Ok(())
    }

    fn int(self, negative: bool, magnitude: u64) -> Result {
        self.quoted(|writer| writer.int(negative, magnitude))
    }
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    integers!(int);

    fn serialize_i128(self, value: i128) -> Result {
        self.quoted(|writer| writer.number(|f, out| f.write_i128(out, value)))
    }

    fn serialize_u128(self, value: u128) -> Result {
        self.quoted(|writer| writer.number(|f, out| f.write_u128(out, value)))
    }

    fn serialize_bool(self, value: bool) -> Result {
        self.quoted(|writer| {
            writer.put(if value { b"true" } else { b"false" });
            Ok(())
        })
    }

    fn serialize_f32(self, value: f32) -> Result {
        if !value.is_finite() {
            return Err(Unsupported);
        }
        self.quoted(|writer| writer.number(|f, out| f.write_f32(out, value)))
    }

    fn serialize_f64(self, value: f64) -> Result {
        if !value.is_finite() {
            return Err(Unsupported);
        }
        self.quoted(|writer| writer.float(value))
    }

    #[inline]
    fn serialize_str(self, value: &str) -> Result {
        self.writer.entry(self.first, value.as_bytes());
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result {
        self.writer.item(self.first);
        self.writer.display(value)?;
        self.writer.piece(b": ", 2);
        Ok(())
    }

    refuse! {
        serialize_bytes(_value: &[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(_name: &'static str) -> ();
        serialize_newtype_variant<T>(
            _name: &'static str, _index: u32, _variant: &'static str, _value: &T
        ) -> ();
        serialize_seq(_len: Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(_len: usize) -> Self::SerializeTuple;
        serialize_tuple_struct(_name: &'static str, _len: usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(
            _name: &'static str, _index: u32, _variant: &'static str, _len: usize
        ) -> Self::SerializeTupleVariant;
        serialize_map(_len: Option<usize>) -> Self::SerializeMap;
        serialize_struct(_name: &'static str, _len: usize) -> Self::SerializeStruct;
        serialize_struct_variant(
            _name: &'static str, _index: u32, _variant: &'static str, _len: usize
        ) -> Self::SerializeStructVariant;
    }
}

/// The body of a document, flattened into the envelope after `schema_version` and `kind`, as
/// `#[serde(flatten)]` does: its fields or entries continue the envelope's object. Only
/// structs and maps (possibly in newtypes or `Some`) are covered; serde_json handles the rest.
struct Flat<'a>(&'a mut Writer);

impl<'a> ser::Serializer for Flat<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = FlatEntries<'a>;
    type SerializeStruct = FlatEntries<'a>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<FlatEntries<'a>> {
        self.serialize_map(None)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<FlatEntries<'a>> {
        Ok(FlatEntries(Compound {
            writer: self.0,
            state: State::Rest,
            closer: b'}',
        }))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }

    refuse! {
        serialize_bool(_value: bool) -> ();
        serialize_i8(_value: i8) -> ();
        serialize_i16(_value: i16) -> ();
        serialize_i32(_value: i32) -> ();
        serialize_i64(_value: i64) -> ();
        serialize_u8(_value: u8) -> ();
        serialize_u16(_value: u16) -> ();
        serialize_u32(_value: u32) -> ();
        serialize_u64(_value: u64) -> ();
        serialize_f32(_value: f32) -> ();
        serialize_f64(_value: f64) -> ();
        serialize_char(_value: char) -> ();
        serialize_str(_value: &str) -> ();
        serialize_bytes(_value: &[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(_name: &'static str) -> ();
        serialize_unit_variant(_name: &'static str, _index: u32, _variant: &'static str) -> ();
        serialize_newtype_variant<T>(
            _name: &'static str, _index: u32, _variant: &'static str, _value: &T
        ) -> ();
        serialize_seq(_len: Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(_len: usize) -> Self::SerializeTuple;
        serialize_tuple_struct(_name: &'static str, _len: usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(
            _name: &'static str, _index: u32, _variant: &'static str, _len: usize
        ) -> Self::SerializeTupleVariant;
        serialize_struct_variant(
            _name: &'static str, _index: u32, _variant: &'static str, _len: usize
        ) -> Self::SerializeStructVariant;
    }
}

/// The entries of a flattened body: more entries of the envelope's object, which the caller
/// closes.
struct FlatEntries<'a>(Compound<'a>);

impl ser::SerializeMap for FlatEntries<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        ser::SerializeMap::serialize_key(&mut self.0, key)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        ser::SerializeMap::serialize_value(&mut self.0, value)
    }

    fn end(self) -> Result {
        Ok(())
    }
}

impl ser::SerializeStruct for FlatEntries<'_> {
    type Ok = ();
    type Error = Unsupported;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.0.field(key, value)
    }

    fn end(self) -> Result {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{json, Envelope, SCHEMA_VERSION};
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use serde::Serialize;
    use serde_json::Value;
    use std::collections::BTreeMap;

    fn value() -> impl Strategy<Value = Value> {
        let text = prop_oneof!["\\PC*", ".*", "[\"\\\\/\u{0}-\u{1f}\u{7f}é漢🙂]{0,8}",];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text.clone().prop_map(Value::String),
        ];
        leaf.prop_recursive(8, 96, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((text.clone(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    /// Strings dense in escapes, shifted by a clean prefix so that escapes fall at every
    /// offset of an 8-byte word and straddle word boundaries, next to multi-byte characters.
    fn tricky() -> impl Strategy<Value = String> {
        let chars = prop::sample::select(vec![
            '"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{0}', '\u{1}', '\u{b}', '\u{1b}',
            '\u{1f}', ' ', '!', '#', '[', ']', '/', '\u{7f}', '\u{80}', '\u{2028}', 'a', 'é', '漢',
            '🙂',
        ]);
        (
            "[a-z]{0,9}",
            prop::collection::vec(chars, 0..40),
            "[ -~]{0,20}",
        )
            .prop_map(|(prefix, chars, suffix)| {
                prefix + &chars.into_iter().collect::<String>() + &suffix
            })
    }

    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            prop::sample::select(vec![
                f64::NAN,
                -f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                0.0,
                -0.0,
                f64::MIN_POSITIVE,
                5e-324,
                -5e-324,
                f64::MAX,
                f64::MIN,
                f64::EPSILON,
                1e15,
                1e16,
                1e21,
                1e22,
                1e-5,
                1e-7,
                0.1,
                1.0 / 3.0,
                123456789012345680.0,
            ]),
            (-4000i32..4000).prop_map(|n| f64::from(n) / 8.0),
            // Whole hundredths, the writer's fast path, up to and past where it stops.
            (-200_000_000i64..200_000_000).prop_map(|n| n as f64 / 100.0),
        ]
    }

    fn float32() -> impl Strategy<Value = f32> {
        prop_oneof![
            any::<f32>(),
            prop::sample::select(vec![
                f32::NAN,
                f32::INFINITY,
                f32::NEG_INFINITY,
                -0.0,
                f32::MIN_POSITIVE,
                1e-45,
                f32::MAX,
                0.1,
                16777216.0,
            ]),
        ]
    }

    #[derive(Serialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
    #[serde(rename_all = "kebab-case")]
    enum Tag {
        Alpha,
        BetaGamma,
        #[serde(rename = "odd \"name\"\n")]
        Odd,
    }

    #[derive(Serialize, Clone, Debug)]
    enum Shape {
        Unit,
        Newtype(f64),
        Tuple(i32, String),
        EmptyTuple(),
        Struct { name: String, size: Option<u8> },
        EmptyStruct {},
    }

    #[derive(Serialize, Clone, Debug)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Event {
        Started { at: chrono::NaiveDate },
        Paused,
        Moved(Wrapped),
    }

    #[derive(Serialize, Clone, Debug)]
    #[serde(untagged)]
    enum Loose {
        Number(f32),
        Text(String),
    }

    #[derive(Serialize, Clone, Debug)]
    struct Wrapped {
        to: String,
    }

    #[derive(Serialize, Clone, Debug)]
    struct Unit;

    #[derive(Serialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct Newtype(String);

    #[derive(Serialize, Clone, Debug)]
    struct Pair(i64, f32);

    #[derive(Clone, Debug)]
    struct Bytes(Vec<u8>);

    impl Serialize for Bytes {
        fn serialize<S: ser::Serializer>(
            &self,
            serializer: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            serializer.serialize_bytes(&self.0)
        }
    }

    /// Display output that needs escaping, written through `collect_str`.
    #[derive(Clone, Debug)]
    struct Shown(String);

    impl Serialize for Shown {
        fn serialize<S: ser::Serializer>(
            &self,
            serializer: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            serializer.collect_str(&format_args!("<{}>{}", self.0, self.0.len()))
        }
    }

    #[derive(Serialize, Clone, Debug)]
    struct Record {
        title: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        maybe: Option<Shape>,
        score: f64,
        ratio: f32,
        shapes: Vec<Shape>,
        events: Vec<Event>,
        loose: Vec<Loose>,
        by_level: BTreeMap<u32, f64>,
        by_offset: BTreeMap<i64, Vec<i8>>,
        flags: BTreeMap<bool, char>,
        tagged: BTreeMap<Tag, Newtype>,
        named: BTreeMap<String, Option<u16>>,
        shown_keys: BTreeMap<String, Shown>,
        wide: (i128, u128),
        pair: Pair,
        unit: Unit,
        nothing: (),
        bytes: Bytes,
        when: chrono::DateTime<chrono::Utc>,
        keyed: Keyed,
        #[serde(flatten)]
        extra: BTreeMap<String, f64>,
    }

    /// Field names that need escaping or are long, every kind of map key serde_json takes,
    /// and integers around the one-digit fast path and the 64-bit limits.
    #[derive(Serialize, Clone, Debug)]
    struct Keyed {
        #[serde(rename = "quoted \"field\"\t")]
        quoted_field: u8,
        a_field_name_longer_than_sixteen_bytes: bool,
        wide_keys: BTreeMap<i128, u8>,
        char_keys: BTreeMap<char, u8>,
        date_keys: BTreeMap<chrono::NaiveDate, u8>,
        newtype_keys: BTreeMap<Newtype, Option<Newtype>>,
        integers: Vec<i128>,
    }

    fn integer() -> impl Strategy<Value = i128> {
        prop_oneof![
            -20i128..120,
            prop::sample::select(vec![
                i128::from(i64::MIN),
                i128::from(i64::MAX),
                i128::from(u64::MAX),
                i128::from(u64::MAX) + 1,
                -i128::from(u64::MAX),
                -i128::from(u64::MAX) - 1,
                i128::MIN,
                i128::MAX,
            ]),
            any::<i64>().prop_map(i128::from),
        ]
    }

    fn keyed() -> impl Strategy<Value = Keyed> {
        (
            any::<u8>(),
            any::<bool>(),
            prop::collection::btree_map(integer(), any::<u8>(), 0..4),
            prop::collection::btree_map(any::<char>(), any::<u8>(), 0..3),
            prop::collection::btree_map(
                (0i32..3_000_000)
                    .prop_map(|days| chrono::NaiveDate::from_num_days_from_ce_opt(days).unwrap()),
                any::<u8>(),
                0..3,
            ),
            prop::collection::btree_map(
                tricky().prop_map(Newtype),
                prop::option::of(tricky().prop_map(Newtype)),
                0..3,
            ),
            prop::collection::vec(integer(), 0..6),
        )
            .prop_map(
                |(
                    quoted_field,
                    a_field_name_longer_than_sixteen_bytes,
                    wide_keys,
                    char_keys,
                    date_keys,
                    newtype_keys,
                    integers,
                )| Keyed {
                    quoted_field,
                    a_field_name_longer_than_sixteen_bytes,
                    wide_keys,
                    char_keys,
                    date_keys,
                    newtype_keys,
                    integers,
                },
            )
    }

    fn shape() -> impl Strategy<Value = Shape> {
        prop_oneof![
            Just(Shape::Unit),
            float().prop_map(Shape::Newtype),
            (any::<i32>(), tricky()).prop_map(|(n, s)| Shape::Tuple(n, s)),
            Just(Shape::EmptyTuple()),
            (tricky(), any::<Option<u8>>()).prop_map(|(name, size)| Shape::Struct { name, size }),
            Just(Shape::EmptyStruct {}),
        ]
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            (0i32..3_000_000).prop_map(|days| Event::Started {
                at: chrono::NaiveDate::from_num_days_from_ce_opt(days).unwrap()
            }),
            Just(Event::Paused),
            tricky().prop_map(|to| Event::Moved(Wrapped { to })),
        ]
    }

    fn record() -> impl Strategy<Value = Record> {
        let maps = (
            prop::collection::btree_map(any::<u32>(), float(), 0..4),
            prop::collection::btree_map(
                any::<i64>(),
                prop::collection::vec(any::<i8>(), 0..3),
                0..4,
            ),
            prop::collection::btree_map(any::<bool>(), any::<char>(), 0..2),
            prop::collection::btree_map(
                prop::sample::select(vec![Tag::Alpha, Tag::BetaGamma, Tag::Odd]),
                tricky().prop_map(Newtype),
                0..3,
            ),
            prop::collection::btree_map(tricky(), any::<Option<u16>>(), 0..4),
            prop::collection::btree_map(tricky(), tricky().prop_map(Shown), 0..3),
            prop::collection::btree_map("[a-z]{1,4}", float(), 0..3),
        );
        let scalars = (
            tricky(),
            prop::option::of(tricky()),
            prop::option::of(shape()),
            float(),
            float32(),
            (any::<i128>(), any::<u128>()),
            (any::<i64>(), float32()),
            prop::collection::vec(any::<u8>(), 0..4),
            any::<i64>(),
            keyed(),
        );
        let lists = (
            prop::collection::vec(shape(), 0..5),
            prop::collection::vec(event(), 0..4),
            prop::collection::vec(
                prop_oneof![
                    float32().prop_map(Loose::Number),
                    tricky().prop_map(Loose::Text)
                ],
                0..3,
            ),
        );
        (scalars, lists, maps).prop_map(
            |(
                (title, note, maybe, score, ratio, wide, (left, right), bytes, seconds, keyed),
                (shapes, events, loose),
                (by_level, by_offset, flags, tagged, named, shown_keys, extra),
            )| Record {
                title,
                note,
                maybe,
                score,
                ratio,
                shapes,
                events,
                loose,
                by_level,
                by_offset,
                flags,
                tagged,
                named,
                shown_keys,
                wide,
                pair: Pair(left, right),
                unit: Unit,
                nothing: (),
                bytes: Bytes(bytes),
                when: chrono::DateTime::from_timestamp(seconds % 100_000_000_000, 0).unwrap(),
                keyed,
                extra,
            },
        )
    }

    /// What `render::json` wrote before this writer, or serde_json's error.
    fn serde_json_document<T: Serialize>(
        kind: &str,
        body: &T,
    ) -> std::result::Result<String, String> {
        serde_json::to_string_pretty(&Envelope {
            schema_version: SCHEMA_VERSION,
            kind,
            body,
        })
        .map(|text| text + "\n")
        .map_err(|error| error.to_string())
    }

    /// serde_json's escaping, one byte at a time.
    fn escape_bytewise(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for &byte in bytes {
            match byte {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                0..0x20 => out.extend_from_slice(format!("\\u{byte:04x}").as_bytes()),
                _ => out.push(byte),
            }
        }
        out
    }

    #[test]
    fn whole_hundredths_are_written_as_serde_json_writes_them() {
        // Every hundredth up to 1,000, then steps across the rest of the fast path's range
        // and past its end, both signs: the fast path and serde_json agree on each.
        let hundredths = (0..100_000).chain((100_000..200_000_000).step_by(99_991));
        for n in hundredths {
            for value in [n as f64 / 100.0, -(n as f64) / 100.0] {
                let mut writer = Writer::new();
                writer.float(value).unwrap();
                let written = std::str::from_utf8(&writer.buf[..writer.len]).unwrap();
                assert_eq!(
                    written,
                    serde_json::to_string(&value).unwrap(),
                    "{n} hundredths"
                );
            }
        }
        // Near misses take the general path and still agree.
        for value in [
            0.001,
            0.125,
            1.0 / 3.0,
            999_999.995,
            1e6,
            1e-7,
            0.1 + 0.2,
            -0.0,
        ] {
            let mut writer = Writer::new();
            writer.float(value).unwrap();
            let written = std::str::from_utf8(&writer.buf[..writer.len]).unwrap();
            assert_eq!(written, serde_json::to_string(&value).unwrap());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn values_are_written_as_serde_json_writes_them(value in value()) {
            prop_assert_eq!(to_string_pretty(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
        }

        #[test]
        fn strings_and_keys_are_escaped_as_serde_json_escapes_them(
            strings in prop::collection::vec(tricky(), 0..6),
        ) {
            let keyed: BTreeMap<&str, &str> =
                strings.iter().map(|s| (s.as_str(), s.as_str())).collect();
            prop_assert_eq!(to_string_pretty(&strings).unwrap(), serde_json::to_string_pretty(&strings).unwrap());
            prop_assert_eq!(to_string_pretty(&keyed).unwrap(), serde_json::to_string_pretty(&keyed).unwrap());
        }

        #[test]
        fn strings_and_keys_escape_every_byte_that_needs_it(
            bytes in prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    // Escapes, their neighbours, and their values with the high bit set.
                    prop::sample::select(vec![0u8, 0x1f, 0x20, 0x21, b'"', b'\\', 0x5b, 0x7f, 0x80, 0x9f, 0xa2, 0xdc]),
                ],
                0..100,
            ),
            prefix in prop::collection::vec(any::<u8>(), 0..8),
            depth in 0usize..3,
        ) {
            let escaped = escape_bytewise(&bytes);
            // After other output, so that pieces land at every offset of the buffer.
            let mut writer = Writer::new();
            writer.put(&prefix);
            writer.string(&bytes);
            prop_assert_eq!(&writer.buf[..writer.len], [&prefix[..], b"\"", &escaped, b"\""].concat());

            let mut writer = Writer::new();
            writer.depth = depth;
            writer.put(&prefix);
            writer.entry(false, &bytes);
            let indent = " ".repeat(2 * depth);
            let expected = [&prefix[..], b",\n", indent.as_bytes(), b"\"", &escaped, b"\": "].concat();
            prop_assert_eq!(&writer.buf[..writer.len], expected);
        }

        #[test]
        fn floats_are_formatted_as_serde_json_formats_them(values in prop::collection::vec((float(), float32()), 0..8)) {
            prop_assert_eq!(to_string_pretty(&values).unwrap(), serde_json::to_string_pretty(&values).unwrap());
            // Finite floats are keys too, quoted; serde_json refuses the others.
            let keys: Vec<(String, f64)> = values.iter().map(|&(x, _)| (x.to_string(), x)).collect();
            for (_, key) in keys {
                let map = BTreeMap::from([(Float(key), 1)]);
                match serde_json::to_string_pretty(&map) {
                    Ok(text) => prop_assert_eq!(to_string_pretty(&map).unwrap(), text),
                    Err(_) => prop_assert!(to_string_pretty(&map).is_err()),
                }
            }
        }

        #[test]
        fn streamed_documents_are_the_documents_written_whole(records in prop::collection::vec(record(), 0..3), flush_at in 0usize..400) {
            // Flushed at every container (0) up to a few times a document.
            let shared = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
            impl std::io::Write for Shared {
                fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                    self.0.borrow_mut().extend_from_slice(bytes);
                    Ok(bytes.len())
                }
                fn flush(&mut self) -> std::io::Result<()> {
                    Ok(())
                }
            }
            for record in &records {
                stream(SCHEMA_VERSION, "record", record, Box::new(Shared(shared.clone())), flush_at).unwrap();
                let streamed = String::from_utf8(shared.take()).unwrap();
                prop_assert_eq!(streamed, serde_json_document("record", record).unwrap());
            }
        }

        #[test]
        fn typed_documents_are_written_as_serde_json_writes_them(records in prop::collection::vec(record(), 0..3)) {
            prop_assert_eq!(to_string_pretty(&records).unwrap(), serde_json::to_string_pretty(&records).unwrap());
            for record in &records {
                // Straight from the fast writer, and through `render::json`.
                let expected = serde_json_document("record", record).unwrap();
                prop_assert_eq!(document(SCHEMA_VERSION, "record", record).unwrap(), expected.clone());
                prop_assert_eq!(json("record", record).unwrap(), expected);
            }
        }

        #[test]
        fn the_envelope_is_kept(value in value(), kind in tricky()) {
            let body = serde_json::json!({ "items": value, "count": 3 });
            let expected = serde_json_document(&kind, &body).unwrap();
            prop_assert_eq!(document(SCHEMA_VERSION, &kind, &body).unwrap(), expected.clone());
            prop_assert_eq!(json(&kind, &body).unwrap(), expected);
        }

        #[test]
        fn bodies_the_fast_writer_leaves_out_still_come_out_as_before(shape in shape(), value in value()) {
            prop_assert!(document(SCHEMA_VERSION, "shape", &shape).is_err());
            prop_assert_eq!(json("shape", &shape).map_err(|e| e.to_string()), serde_json_document("shape", &shape));
            let flat_or_not = json("value", &value).map_err(|e| e.to_string());
            prop_assert_eq!(flat_or_not, serde_json_document("value", &value));
        }
    }

    /// An f64 map key (`BTreeMap` wants `Ord`).
    struct Float(f64);

    impl PartialEq for Float {
        fn eq(&self, other: &Self) -> bool {
            self.cmp(other).is_eq()
        }
    }

    impl Eq for Float {}

    impl PartialOrd for Float {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }

    impl Ord for Float {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&other.0)
        }
    }

    impl Serialize for Float {
        fn serialize<S: ser::Serializer>(
            &self,
            serializer: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            serializer.serialize_f64(self.0)
        }
    }

    #[test]
    fn the_word_test_marks_exactly_the_bytes_serde_json_escapes() {
        for byte in 0..=u8::MAX {
            for position in 0..8 {
                let mut word = [b'a'; 8];
                word[position] = byte;
                let marks = needs_escape(u64::from_le_bytes(word));
                let expected = if is_escaped(byte) {
                    0x80 << (8 * position)
                } else {
                    0
                };
                assert_eq!(marks, expected, "byte {byte:#04x} at {position}");
            }
        }
        for byte in 0..0x80u8 {
            let mut writer = Writer::new();
            writer.string(&[byte]);
            let expected = serde_json::to_string(&char::from(byte).to_string()).unwrap();
            assert_eq!(writer.finish(), expected, "byte {byte:#04x}");
        }
    }

    #[test]
    fn deep_nesting_indents_past_the_static_buffer() {
        for depth in [0, 1, 31, 32, 33, 34, 40, 70] {
            let mut value = serde_json::json!({ "leaf": [1, {}, []] });
            for level in 0..depth {
                value = if level % 2 == 0 {
                    serde_json::json!([value, "x"])
                } else {
                    serde_json::json!({ "k": value })
                };
            }
            assert_eq!(
                to_string_pretty(&value).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }

    /// Says it holds nothing, then holds something: serde_json writes `[]` or `{}` and then
    /// the item after a comma, invalid JSON that this writer leaves to it.
    struct Liar {
        map: bool,
    }

    impl Serialize for Liar {
        fn serialize<S: ser::Serializer>(
            &self,
            serializer: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            use ser::{SerializeMap, SerializeSeq};
            if self.map {
                let mut map = serializer.serialize_map(Some(0))?;
                map.serialize_entry("k", &1)?;
                map.end()
            } else {
                let mut seq = serializer.serialize_seq(Some(0))?;
                seq.serialize_element(&1)?;
                seq.end()
            }
        }
    }

    #[test]
    fn containers_that_lie_about_their_length_are_left_to_serde_json() {
        for map in [false, true] {
            assert!(to_string_pretty(&vec![Liar { map }]).is_err());
            assert!(document(
                SCHEMA_VERSION,
                "lies",
                &BTreeMap::from([("liar", Liar { map })])
            )
            .is_err());
        }
    }

    #[test]
    fn flattened_options_and_newtypes_are_written_here() {
        #[derive(Serialize)]
        struct Outer(Option<Record>);
        let record = record()
            .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
            .unwrap()
            .current();
        let body = Outer(Some(record));
        assert_eq!(
            document(SCHEMA_VERSION, "outer", &body).unwrap(),
            serde_json_document("outer", &body).unwrap()
        );
        // Nothing to flatten: serde_json writes just the envelope.
        let empty = Outer(None);
        assert!(document(SCHEMA_VERSION, "outer", &empty).is_err());
        assert_eq!(
            json("outer", &empty).unwrap(),
            "{\n  \"schema_version\": 1,\n  \"kind\": \"outer\"\n}\n"
        );
    }

    #[test]
    fn keys_serde_json_refuses_are_its_errors_here_too() {
        let refused = BTreeMap::from([(vec![1u8], 1)]);
        assert!(document(SCHEMA_VERSION, "keys", &BTreeMap::from([("map", &refused)])).is_err());
        for body in [
            serde_json_document("keys", &BTreeMap::from([("map", &refused)])),
            serde_json_document("keys", &BTreeMap::from([(None::<&str>, 1)])),
            serde_json_document("keys", &BTreeMap::from([(Float(f64::NAN), 1)])),
        ] {
            assert!(body.is_err());
        }
        assert_eq!(
            json("keys", &BTreeMap::from([("map", &refused)])).map_err(|e| e.to_string()),
            serde_json_document("keys", &BTreeMap::from([("map", &refused)]))
        );
        // `Some` keys are their contents, `None` keys an error.
        let optional = BTreeMap::from([(Some("some"), 1)]);
        assert_eq!(
            document(SCHEMA_VERSION, "keys", &optional).unwrap(),
            serde_json_document("keys", &optional).unwrap()
        );
        let none = BTreeMap::from([(None::<&str>, 1)]);
        assert!(document(SCHEMA_VERSION, "keys", &none).is_err());
        assert_eq!(
            json("keys", &none).map_err(|e| e.to_string()),
            serde_json_document("keys", &none)
        );
    }

    #[test]
    fn documents_past_the_first_buffer_are_written_whole() {
        // 300 KB, more than the buffer reserved up front, in pieces of every size.
        let items: Vec<Value> = (0..6000)
            .map(|n| {
                let text = "x\"y".repeat(n % 40);
                serde_json::json!({ "n": n, "text": text, "list": [n % 7, "z".repeat(n % 33)] })
            })
            .collect();
        let body = serde_json::json!({ "items": items });
        let expected = serde_json_document("big", &body).unwrap();
        assert!(expected.len() > 256 * 1024);
        assert_eq!(document(SCHEMA_VERSION, "big", &body).unwrap(), expected);
    }

    #[test]
    fn bodies_that_cannot_be_flattened_are_serde_json_errors() {
        let error = json("list", &vec![1, 2]).unwrap_err().to_string();
        assert_eq!(Err(error), serde_json_document("list", &vec![1, 2]));
    }
}
