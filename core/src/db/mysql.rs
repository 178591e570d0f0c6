//! MySQL (and MariaDB): the one engine whose SQL differs in spelling from the text every query is
//! written in. [`translate`] turns that text into MySQL's: `$n` placeholders become `?` (bound in
//! the order they appear, a placeholder used twice bound twice), standard cast types become
//! MySQL's, and `IS NOT DISTINCT FROM` becomes `<=>`. Quoted strings and identifiers are left
//! as they are. Everything else our SQL uses (window functions, `||` with the session's
//! `PIPES_AS_CONCAT`, `CASE`, `COALESCE`) MySQL 8 and MariaDB 10.5+ take as written.

use sqlx::error::BoxDynError;
use sqlx::mysql::MySqlArguments;

/// Statement text for MySQL and the parameter numbers (1-based) in the order to bind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub sql: String,
    pub order: Vec<usize>,
}

/// Cast target types of our SQL and MySQL's names for them.
const CAST_TYPES: &[(&str, &str)] = &[
    ("TEXT", "CHAR"),
    ("BIGINT", "SIGNED"),
    ("INTEGER", "SIGNED"),
    ("BOOLEAN", "SIGNED"),
    ("DOUBLE PRECISION", "DOUBLE"),
    ("REAL", "DOUBLE"),
];

/// See the module documentation.
pub fn translate(sql: &str) -> Translated {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut order = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\'' | b'"' | b'`' => {
                let end = quoted_end(bytes, i);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'$' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                order.push(sql[start..end].parse().unwrap_or(0));
                out.push('?');
                i = end;
            }
            _ if word_at(sql, i, "AS") => {
                if let Some((len, mysql)) = cast_type_at(sql, i + 2) {
                    out.push_str("AS ");
                    out.push_str(mysql);
                    i += 2 + len;
                } else {
                    out.push_str(&sql[i..i + 2]);
                    i += 2;
                }
            }
            _ if word_at(sql, i, "IS") && phrase_at(sql, i, "IS NOT DISTINCT FROM").is_some() => {
                out.push_str("<=>");
                i += phrase_at(sql, i, "IS NOT DISTINCT FROM").unwrap_or(2);
            }
            _ => {
                let ch = sql[i..].chars().next().expect("i is on a char boundary");
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    Translated { sql: out, order }
}

/// The index just past the quoted run starting at `start` (a doubled quote stays inside).
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the keyword `word` (case-insensitive) stands alone at `i`.
fn word_at(sql: &str, i: usize, word: &str) -> bool {
    let bytes = sql.as_bytes();
    let end = i + word.len();
    end <= bytes.len()
        && sql.is_char_boundary(end)
        && sql[i..end].eq_ignore_ascii_case(word)
        && (i == 0 || !is_word_byte(bytes[i - 1]))
        && bytes.get(end).is_none_or(|b| !is_word_byte(*b))
}

/// The length of `phrase` at `i` when its words appear there separated by any white space.
fn phrase_at(sql: &str, i: usize, phrase: &str) -> Option<usize> {
    let bytes = sql.as_bytes();
    let mut at = i;
    for (n, word) in phrase.split(' ').enumerate() {
        if n > 0 {
            let ws = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            if ws == 0 {
                return None;
            }
            at += ws;
        }
        if !word_at(sql, at, word) {
            return None;
        }
        at += word.len();
    }
    Some(at - i)
}

/// After an `AS` (at `i`): white space, a cast type of ours and the closing parenthesis. The
/// length up to the type's end and MySQL's name for it.
fn cast_type_at(sql: &str, i: usize) -> Option<(usize, &'static str)> {
    let bytes = sql.as_bytes();
    let ws = bytes[i..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    if ws == 0 {
        return None;
    }
    CAST_TYPES.iter().find_map(|(ours, mysql)| {
        let len = phrase_at(sql, i + ws, ours)?;
        let after = i + ws + len;
        let trailing = bytes[after..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        (bytes.get(after + trailing) == Some(&b')')).then_some((ws + len, *mysql))
    })
}

/// One bound value of a query, as the `fetch!` macro hands it over.
pub type Binder<'a> = &'a dyn Fn(&mut MySqlArguments) -> Result<(), BoxDynError>;

/// The arguments of a translated statement: `binders[n - 1]` binds `$n`, once per use.
pub fn arguments(order: &[usize], binders: &[Binder<'_>]) -> Result<MySqlArguments, sqlx::Error> {
    let mut args = MySqlArguments::default();
    for &n in order {
        let bind = n
            .checked_sub(1)
            .and_then(|i| binders.get(i))
            .ok_or_else(|| {
                sqlx::Error::Protocol(format!(
                    "the statement uses ${n} but only {} values are bound",
                    binders.len()
                ))
            })?;
        bind(&mut args).map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_question_marks_bound_in_the_order_they_appear() {
        let t = translate("UPDATE t SET a = $3, b = $4 WHERE id = $1 AND x <= $2 OR y <= $3");
        assert_eq!(
            t.sql,
            "UPDATE t SET a = ?, b = ? WHERE id = ? AND x <= ? OR y <= ?"
        );
        assert_eq!(t.order, [3, 4, 1, 2, 3]);
    }

    #[test]
    fn cast_types_and_null_safe_equality_are_spelled_as_mysql_spells_them() {
        let t = translate(
            "SELECT CAST(a AS TEXT) AS a, CAST(COUNT(*) AS BIGINT), CAST(x AS DOUBLE PRECISION), \
             CAST(y as real ) FROM t WHERE CAST(u AS TEXT) IS NOT DISTINCT FROM $1",
        );
        assert_eq!(
            t.sql,
            "SELECT CAST(a AS CHAR) AS a, CAST(COUNT(*) AS SIGNED), CAST(x AS DOUBLE), \
             CAST(y AS DOUBLE ) FROM t WHERE CAST(u AS CHAR) <=> ?"
        );
    }

    #[test]
    fn quoted_text_and_look_alike_words_are_left_alone() {
        let sql = "SELECT 'it''s $1 AS TEXT)', \"$2\", `AS TEXT)` AS text_len, CAST(ASTEXT AS textual) FROM t";
        let t = translate(sql);
        assert_eq!(t.sql, sql);
        assert!(t.order.is_empty());
        // An alias named like a type is not a cast.
        assert_eq!(
            translate("SELECT x AS text FROM t").sql,
            "SELECT x AS text FROM t"
        );
        assert_eq!(translate("SELECT é AS b").sql, "SELECT é AS b");
    }

    #[test]
    fn a_placeholder_beyond_the_bound_values_is_an_error_not_a_panic() {
        let one: Binder<'_> = &|a| sqlx::Arguments::add(a, 1i64);
        assert!(arguments(&[1, 1], &[one]).is_ok());
        assert!(arguments(&[2], &[one]).is_err());
        assert!(arguments(&[0], &[one]).is_err());
    }
}
