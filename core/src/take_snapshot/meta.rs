//! What the snapshot records about its source, read inside the copy's transaction.

use sqlx::PgConnection;

use crate::error::Result;
use crate::model::Timestamp;

/// The server's clock at the start of the transaction (`now()` is fixed for a transaction):
/// the instant the copy shows, and so the snapshot's as-of time.
pub(super) async fn server_now(conn: &mut PgConnection) -> Result<Timestamp> {
    let (now,): (Timestamp,) = sqlx::query_as("SELECT now()").fetch_one(&mut *conn).await?;
    Ok(now)
}

/// Aether's migration head, `alembic_version.version_num`, when the table exists (several heads
/// are joined with commas).
pub(super) async fn aether_schema_version(conn: &mut PgConnection) -> Result<Option<String>> {
    let (exists,): (bool,) = sqlx::query_as("SELECT to_regclass('alembic_version') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await?;
    if !exists {
        return Ok(None);
    }
    let (version,): (Option<String>,) = sqlx::query_as(
        "SELECT string_agg(CAST(version_num AS TEXT), ',' ORDER BY version_num) FROM alembic_version",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(version)
}
