//! PostgreSQL's binary `COPY` format, read as a byte stream: a header, then per row a field count
//! and each field as a length (-1 = NULL) and its bytes, then a trailer. The format is cheaper
//! for the server than text (no timestamp formatting) and needs no unescaping here.

use std::ops::Range;

const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// The stream's header: the signature, no flags, no extension (what a row source other than
/// PostgreSQL writes first).
pub(super) const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// What [`CopyReader::next_row`] found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// A complete row: its fields are in the ranges passed in.
    Row,
    /// The buffered bytes end mid-row: [`CopyReader::push`] more.
    NeedMore,
    /// The trailer: every row has been read.
    End,
}

/// Buffers the stream's bytes and splits complete rows out of them.
#[derive(Debug, Default)]
pub(super) struct CopyReader {
    buf: Vec<u8>,
    /// Where the next unread row starts.
    pos: usize,
    header_read: bool,
}

impl CopyReader {
    /// Appends the next bytes of the stream, dropping those already read.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.buf.extend_from_slice(bytes);
    }

    /// The buffer the ranges of [`Self::next_row`] point into.
    pub fn data(&self) -> &[u8] {
        &self.buf
    }

    /// Reads the next row of `columns` fields into `fields` (`None` = NULL).
    pub fn next_row(
        &mut self,
        columns: usize,
        fields: &mut Vec<Option<Range<usize>>>,
    ) -> Result<Next, String> {
        if !self.header_read {
            match self.header()? {
                Some(end) => {
                    self.pos = end;
                    self.header_read = true;
                }
                None => return Ok(Next::NeedMore),
            }
        }
        fields.clear();
        let mut at = self.pos;
        let Some(count) = self.int16(at) else {
            return Ok(Next::NeedMore);
        };
        at += 2;
        if count == -1 {
            return Ok(Next::End);
        }
        if usize::try_from(count).ok() != Some(columns) {
            return Err(format!(
                "a row of {count} fields where {columns} were selected"
            ));
        }
        for _ in 0..columns {
            let Some(len) = self.int32(at) else {
                return Ok(Next::NeedMore);
            };
            at += 4;
            if len == -1 {
                fields.push(None);
                continue;
            }
            let len = usize::try_from(len).map_err(|_| format!("a field length of {len}"))?;
            if self.buf.len() < at + len {
                return Ok(Next::NeedMore);
            }
            fields.push(Some(at..at + len));
            at += len;
        }
        self.pos = at;
        Ok(Next::Row)
    }

    /// The end of the header, once all of it is buffered.
    fn header(&self) -> Result<Option<usize>, String> {
        let fixed = SIGNATURE.len() + 8;
        if self.buf.len() < fixed {
            return Ok(None);
        }
        if !self.buf.starts_with(SIGNATURE) {
            return Err("the stream does not start with the binary COPY signature".to_owned());
        }
        let extension = self.int32(SIGNATURE.len() + 4).unwrap_or(0);
        let end = fixed + usize::try_from(extension).map_err(|_| "a negative header extension")?;
        Ok((self.buf.len() >= end).then_some(end))
    }

    fn int16(&self, at: usize) -> Option<i16> {
        let bytes = self.buf.get(at..at + 2)?;
        Some(i16::from_be_bytes(bytes.try_into().ok()?))
    }

    fn int32(&self, at: usize) -> Option<i32> {
        let bytes = self.buf.get(at..at + 4)?;
        Some(i32::from_be_bytes(bytes.try_into().ok()?))
    }
}

/// `timestamptz` travels as microseconds since 2000-01-01 00:00:00 UTC.
const POSTGRES_EPOCH_UNIX_MICROS: i64 = 946_684_800_000_000;

/// Unix milliseconds as a binary `timestamptz`; `None` when it overflows.
pub(super) fn micros_from_unix_millis(millis: i64) -> Option<i64> {
    millis
        .checked_mul(1000)?
        .checked_sub(POSTGRES_EPOCH_UNIX_MICROS)
}

/// A binary `timestamptz`; `None` for `±infinity` and other values outside chrono's range.
pub(super) fn timestamp(micros: i64) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_micros(micros.checked_add(POSTGRES_EPOCH_UNIX_MICROS)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream of `rows` (each a list of fields) in the binary format.
    fn encode(rows: &[Vec<Option<&[u8]>>]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend(0i32.to_be_bytes()); // flags
        out.extend(4i32.to_be_bytes()); // a header extension this reader must skip
        out.extend(*b"ext!");
        for row in rows {
            out.extend(i16::try_from(row.len()).unwrap().to_be_bytes());
            for field in row {
                match field {
                    None => out.extend((-1i32).to_be_bytes()),
                    Some(bytes) => {
                        out.extend(i32::try_from(bytes.len()).unwrap().to_be_bytes());
                        out.extend(*bytes);
                    }
                }
            }
        }
        out.extend((-1i16).to_be_bytes());
        out
    }

    /// Feeds `stream` in pieces of `piece` bytes; returns the rows read.
    fn read_all(stream: &[u8], piece: usize, columns: usize) -> Vec<Vec<Option<Vec<u8>>>> {
        let mut reader = CopyReader::default();
        let mut pieces = stream.chunks(piece);
        let mut fields = Vec::new();
        let mut rows = Vec::new();
        loop {
            match reader.next_row(columns, &mut fields).unwrap() {
                Next::Row => rows.push(
                    fields
                        .iter()
                        .map(|f| f.clone().map(|r| reader.data()[r].to_vec()))
                        .collect(),
                ),
                Next::NeedMore => reader.push(pieces.next().expect("the stream ended mid-row")),
                Next::End => return rows,
            }
        }
    }

    #[test]
    fn rows_split_anywhere_in_the_stream_read_the_same() {
        let rows: Vec<Vec<Option<&[u8]>>> = vec![
            vec![Some(b"p1"), None, Some(&[0, 0, 0, 7])],
            vec![Some(b""), Some("日本".as_bytes()), None],
            vec![None, None, None],
        ];
        let stream = encode(&rows);
        let expected: Vec<Vec<Option<Vec<u8>>>> = rows
            .iter()
            .map(|r| r.iter().map(|f| f.map(<[u8]>::to_vec)).collect())
            .collect();
        for piece in 1..=stream.len() {
            assert_eq!(read_all(&stream, piece, 3), expected, "pieces of {piece}");
        }
    }

    #[test]
    fn an_empty_copy_is_just_header_and_trailer() {
        assert!(read_all(&encode(&[]), 5, 4).is_empty());
    }

    #[test]
    fn a_wrong_field_count_or_signature_is_an_error() {
        let mut reader = CopyReader::default();
        reader.push(&encode(&[vec![Some(b"x")]]));
        let mut fields = Vec::new();
        assert!(reader.next_row(2, &mut fields).is_err());

        let mut reader = CopyReader::default();
        reader.push(b"id\tname\n0123456789abcdef");
        assert!(reader.next_row(2, &mut fields).is_err());
    }

    #[test]
    fn timestamps_count_from_2000_and_infinity_is_refused() {
        assert_eq!(
            timestamp(0).unwrap().to_rfc3339(),
            "2000-01-01T00:00:00+00:00"
        );
        assert_eq!(
            timestamp(-1).unwrap().to_rfc3339(),
            "1999-12-31T23:59:59.999999+00:00"
        );
        assert!(timestamp(i64::MAX).is_none());
        assert!(timestamp(i64::MIN).is_none());
    }
}
