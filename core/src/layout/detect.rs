//! Recognising a database on open: which generation its columns say it is, how it stores time,
//! and the schema version it records. A database that matches no generation is refused with the
//! columns missing for the closest one.

use std::collections::{BTreeMap, HashSet};

use super::columns::{columns, OptionalColumn, OPTIONAL, PRESENCE_ONLY};
use super::{Generation, Layout, TimeEncoding};
use crate::db::{Database, Dialect};
use crate::error::{Error, Result};

/// What [`detect`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub layout: Layout,
    /// Python eras: `alembic_version.version_num`; the Rust gateway: its newest applied migration.
    pub schema_version: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ColumnRow {
    table_name: String,
    column_name: String,
    data_type: Option<String>,
}

/// Every `table.column` of the database (lower case) with its declared type.
async fn present_columns(db: &Database) -> Result<BTreeMap<String, String>> {
    columns_where(db, "TRUE", None).await
}

/// The columns of one table (lower case): what optional reads check before naming a column
/// some databases of a generation lack.
pub(crate) async fn table_columns(db: &Database, table: &str) -> Result<HashSet<String>> {
    let named = columns_where(db, "CAST(table_name AS TEXT) = $1", Some(table)).await?;
    let prefix = format!("{}.", table.to_lowercase());
    Ok(named
        .into_keys()
        .filter_map(|k| k.strip_prefix(&prefix).map(str::to_owned))
        .collect())
}

/// The optional columns ([`OPTIONAL`]) this database has, in the list's order.
pub(crate) async fn present_optional(db: &Database) -> Result<Vec<OptionalColumn>> {
    let mut present = Vec::new();
    let mut tables: Vec<&str> = OPTIONAL.iter().map(|(t, _, _)| *t).collect();
    tables.dedup();
    for table in tables {
        let columns = table_columns(db, table).await?;
        present.extend(
            OPTIONAL
                .iter()
                .filter(|(t, c, _)| *t == table && columns.contains(*c))
                .copied(),
        );
    }
    Ok(present)
}

/// [`present_columns`] filtered by `condition` on `table_name` (`$1` = `table`).
async fn columns_where(
    db: &Database,
    condition: &str,
    table: Option<&str>,
) -> Result<BTreeMap<String, String>> {
    let sql = match db.dialect() {
        Dialect::Sqlite => format!(
            "SELECT table_name, column_name, data_type FROM \
             (SELECT CAST(m.name AS TEXT) AS table_name, CAST(p.name AS TEXT) AS column_name, \
              CAST(p.type AS TEXT) AS data_type \
              FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
              WHERE m.type IN ('table', 'view')) WHERE {condition}"
        ),
        Dialect::Postgres => format!(
            "SELECT CAST(table_name AS TEXT) AS table_name, \
             CAST(column_name AS TEXT) AS column_name, CAST(data_type AS TEXT) AS data_type \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND {condition}"
        ),
        Dialect::Mysql => format!(
            "SELECT CAST(table_name AS TEXT) AS table_name, \
             CAST(column_name AS TEXT) AS column_name, CAST(data_type AS TEXT) AS data_type \
             FROM information_schema.columns WHERE table_schema = DATABASE() AND {condition}"
        ),
    };
    let rows = match table {
        Some(table) => crate::fetch!(db, fetch_all, ColumnRow, sql, table)?,
        None => crate::fetch!(db, fetch_all, ColumnRow, sql)?,
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                format!("{}.{}", r.table_name, r.column_name).to_lowercase(),
                r.data_type.unwrap_or_default().to_lowercase(),
            )
        })
        .collect())
}

/// The columns `generation` needs that `present` lacks, as `table.column`.
fn missing_for(generation: Generation, present: &HashSet<&str>) -> Vec<String> {
    let read = columns(generation)
        .iter()
        .flat_map(|(table, cols)| cols.iter().map(move |c| format!("{table}.{c}")));
    let presence = PRESENCE_ONLY
        .iter()
        .filter(|(g, _, _)| *g == generation)
        .map(|(_, table, column)| format!("{table}.{column}"));
    read.chain(presence)
        .filter(|name| !present.contains(name.as_str()))
        .collect()
}

/// The generation whose columns are all present, newest first; else `SchemaMismatch` with what
/// is missing for the generation that lacks the fewest.
pub(crate) fn classify(present: &HashSet<&str>) -> Result<Generation> {
    let newest_first = [Generation::Rust, Generation::V03, Generation::Legacy];
    let mut closest: Option<(Generation, Vec<String>)> = None;
    for generation in newest_first {
        let missing = missing_for(generation, present);
        if missing.is_empty() {
            return Ok(generation);
        }
        if closest
            .as_ref()
            .is_none_or(|(_, m)| missing.len() < m.len())
        {
            closest = Some((generation, missing));
        }
    }
    let (generation, missing) = closest.expect("there is at least one generation");
    Err(Error::SchemaMismatch {
        missing,
        closest: Some(generation),
    })
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    version: Option<String>,
}

/// Recognises the open database.
pub async fn detect(db: &Database) -> Result<Detected> {
    let present = present_columns(db).await?;
    let names: HashSet<&str> = present.keys().map(String::as_str).collect();
    let generation = classify(&names)?;
    let encoding = match db.dialect() {
        Dialect::Postgres => TimeEncoding::Timestamptz,
        // The Rust gateway's MySQL layout: BIGINT unix times, as in its SQLite file.
        Dialect::Mysql => TimeEncoding::UnixEpoch,
        Dialect::Sqlite => {
            let declared = present.get("providers.created_at").map(String::as_str);
            if declared.is_some_and(|t| t.contains("int")) {
                TimeEncoding::UnixEpoch
            } else {
                TimeEncoding::Rfc3339Text
            }
        }
    };
    let version_sql = if names.contains("_sqlx_migrations.version") {
        Some(
            "SELECT CAST(version AS TEXT) || ' ' || CAST(description AS TEXT) AS version \
             FROM _sqlx_migrations WHERE success ORDER BY version DESC LIMIT 1",
        )
    } else if names.contains("alembic_version.version_num") {
        Some("SELECT CAST(version_num AS TEXT) AS version FROM alembic_version LIMIT 1")
    } else {
        None
    };
    let schema_version = match version_sql {
        Some(sql) => crate::fetch!(db, fetch_optional, VersionRow, sql)?.and_then(|r| r.version),
        None => None,
    };
    Ok(Detected {
        layout: Layout::new(generation, encoding),
        schema_version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_of(generation: Generation) -> Vec<String> {
        missing_for(generation, &HashSet::new())
    }

    #[test]
    fn each_generation_is_recognised_by_its_own_columns() {
        for generation in Generation::ALL {
            let names = all_of(generation);
            let present: HashSet<&str> = names.iter().map(String::as_str).collect();
            assert_eq!(classify(&present).unwrap(), generation);
        }
    }

    #[test]
    fn a_partial_schema_names_what_the_closest_generation_lacks() {
        let mut names = all_of(Generation::V03);
        names.retain(|n| n != "provider_api_keys.health_by_format");
        let present: HashSet<&str> = names.iter().map(String::as_str).collect();
        match classify(&present) {
            Err(Error::SchemaMismatch { missing, closest }) => {
                assert_eq!(missing, ["provider_api_keys.health_by_format"]);
                assert_eq!(closest, Some(Generation::V03));
            }
            other => panic!("expected SchemaMismatch, got {other:?}"),
        }
    }
}
