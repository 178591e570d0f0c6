//! A snapshot of a live PostgreSQL of any generation: one `REPEATABLE READ, READ ONLY`
//! transaction, whose `now()` is the snapshot's as-of time, streams every table's rows.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use sqlx::{PgConnection, PgPool};

use super::request::Plan;
use super::{copy, Copied, Origin, Progress, TakenAtBasis};
use crate::error::{Error, Result};
use crate::model::Timestamp;

/// Copies the database behind `pg` into a new snapshot file at `out`, with its metadata.
pub(super) async fn copy(
    pg: &PgPool,
    origin: &Origin,
    plan: &Plan,
    out: &Path,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<Copied> {
    let mut tx = pg
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let taken_at = server_now(&mut tx).await?;
    let filter = copy::Filter {
        providers: plan.providers.clone(),
        cutoff: plan.since.cutoff(taken_at),
    };
    copy::prepare_source_session(&mut tx, &filter).await?;
    copy::check_providers_exist(&mut tx, &filter).await?;

    let dst = origin.create_file(out).await?;
    let written = async {
        let specs = origin.tables();
        let row_counts =
            copy::copy_from_postgres(&mut tx, specs, out.to_owned(), progress, cancel).await?;
        tx.rollback().await?;
        crate::health::rollup::write_rollups(&dst).await?;
        let meta = origin.meta(taken_at, plan, row_counts);
        crate::db::write_snapshot_meta(&dst, &meta).await?;
        Ok::<_, Error>(meta)
    }
    .await;
    dst.close().await;
    Ok(Copied {
        meta: written?,
        basis: TakenAtBasis::ServerClock,
    })
}

/// The server's clock at the start of the transaction (`now()` is fixed for a transaction):
/// the instant the copy shows, and so the snapshot's as-of time.
async fn server_now(conn: &mut PgConnection) -> Result<Timestamp> {
    let (now,): (Timestamp,) = sqlx::query_as("SELECT now()").fetch_one(&mut *conn).await?;
    Ok(now)
}
