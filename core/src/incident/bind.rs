//! Statements whose number of arguments depends on the request (an event list's filters): the
//! arguments are collected as values and bound in order on whichever engine is open.

use sqlx::mysql::MySqlRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::FromRow;

use crate::db::{mysql, Database, Pool};
use crate::error::Result;
use crate::layout::TsParam;

/// One bound value.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
    Ts(TsParam),
}

/// Statement text and its arguments, `$n` numbered as they are pushed.
#[derive(Debug, Default)]
pub(crate) struct Args(Vec<Arg>);

impl Args {
    /// Adds `arg` and returns its placeholder.
    pub fn push(&mut self, arg: Arg) -> String {
        self.0.push(arg);
        format!("${}", self.0.len())
    }
}

/// `query` with every argument bound in order.
macro_rules! bound {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for a in &$args.0 {
            q = match a {
                Arg::Text(v) => q.bind(v.clone()),
                Arg::Int(v) => q.bind(*v),
                Arg::Ts(v) => q.bind(*v),
            };
        }
        q
    }};
}

type MysqlBind<'a> = dyn Fn(&mut sqlx::mysql::MySqlArguments) -> std::result::Result<(), sqlx::error::BoxDynError>
    + 'a;

/// Runs `sql` with `args` and decodes every row.
pub(crate) async fn fetch_all<R>(db: &Database, sql: &str, args: &Args) -> Result<Vec<R>>
where
    R: for<'r> FromRow<'r, SqliteRow>
        + for<'r> FromRow<'r, PgRow>
        + for<'r> FromRow<'r, MySqlRow>
        + Send
        + Unpin,
{
    db.count_statement();
    let rows = match db.pool() {
        Pool::Sqlite(pool) => {
            bound!(sqlx::query_as::<_, R>(sql), args)
                .fetch_all(pool)
                .await
        }
        Pool::Postgres(pool) => {
            bound!(sqlx::query_as::<_, R>(sql), args)
                .fetch_all(pool)
                .await
        }
        Pool::Mysql(pool) => {
            let translated = mysql::translate(sql);
            // The binders borrow the arguments and are not `Send`: they end before the await.
            let bound = {
                let binders: Vec<Box<MysqlBind<'_>>> = args
                    .0
                    .iter()
                    .map(|a| -> Box<MysqlBind<'_>> {
                        Box::new(move |m| match a {
                            Arg::Text(v) => sqlx::Arguments::add(m, v),
                            Arg::Int(v) => sqlx::Arguments::add(m, v),
                            Arg::Ts(v) => sqlx::Arguments::add(m, v),
                        })
                    })
                    .collect();
                let refs: Vec<mysql::Binder<'_>> = binders.iter().map(|b| &**b).collect();
                mysql::arguments(&translated.order, &refs)
            };
            match bound {
                Ok(bound) => {
                    sqlx::query_as_with::<_, R, _>(&translated.sql, bound)
                        .fetch_all(pool)
                        .await
                }
                Err(e) => Err(e),
            }
        }
    };
    Ok(rows?)
}
