//! Bulk writes: rows of one table gathered in memory and written with multi-row `INSERT`
//! statements (up to 500 rows each), a few thousand rows per transaction, through the
//! application's pool. The SQL is written once with `$N` placeholders; SQLite gets them
//! anonymous ([`dialect::positional`]).

use crate::db::{dialect, Db};
use crate::error::{AppError, AppResult};
use crate::{db_run, db_tx};

/// One value of a row.
#[derive(Debug, Clone)]
pub enum V {
    I(i64),
    /// An integer or NULL.
    OI(Option<i64>),
    T(String),
    /// A text or NULL.
    OT(Option<String>),
    B(bool),
}

impl From<i64> for V {
    fn from(v: i64) -> V {
        V::I(v)
    }
}
impl From<Option<i64>> for V {
    fn from(v: Option<i64>) -> V {
        V::OI(v)
    }
}
impl From<String> for V {
    fn from(v: String) -> V {
        V::T(v)
    }
}
impl From<&str> for V {
    fn from(v: &str) -> V {
        V::T(v.to_string())
    }
}
impl From<Option<String>> for V {
    fn from(v: Option<String>) -> V {
        V::OT(v)
    }
}
impl From<bool> for V {
    fn from(v: bool) -> V {
        V::B(v)
    }
}

/// `V` from any list of values: `row![a, b, c]`.
macro_rules! row {
    ($($v:expr),* $(,)?) => {
        vec![$($crate::demo::national::sink::V::from($v)),*]
    };
}
pub(crate) use row;

/// Rows waiting for one table; written every `FLUSH_ROWS` rows and at [`Batch::finish`].
/// Batches of tables that refer to one another are [`Batch::linked`]: they are written only
/// together, parents first ([`flush_linked`]), so that no row is written before the row it
/// refers to.
pub struct Batch {
    table: &'static str,
    cols: &'static [&'static str],
    buf: Vec<V>,
    auto: bool,
    pub written: i64,
}

/// Rows per transaction.
const FLUSH_ROWS: usize = 20_000;
/// Rows per statement (and fewer than 30 000 parameters, under both engines' limits).
const ROWS_PER_STATEMENT: usize = 500;

impl Batch {
    pub fn new(table: &'static str, cols: &'static [&'static str]) -> Batch {
        Batch {
            table,
            cols,
            buf: Vec::new(),
            auto: true,
            written: 0,
        }
    }

    /// A batch written only by [`flush_linked`] (and [`Batch::finish`]).
    pub fn linked(table: &'static str, cols: &'static [&'static str]) -> Batch {
        Batch {
            auto: false,
            ..Batch::new(table, cols)
        }
    }

    fn full(&self) -> bool {
        self.buf.len() >= FLUSH_ROWS * self.cols.len()
    }

    pub async fn push(&mut self, db: &Db, row: Vec<V>) -> AppResult<()> {
        debug_assert_eq!(row.len(), self.cols.len(), "{}", self.table);
        self.buf.extend(row);
        if self.auto && self.full() {
            self.flush(db).await?;
        }
        Ok(())
    }

    pub async fn flush(&mut self, db: &Db) -> AppResult<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let vals = std::mem::take(&mut self.buf);
        let w = self.cols.len();
        let per = ROWS_PER_STATEMENT.min(30_000 / w);
        let head = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.cols.join(", ")
        );
        let statements: Vec<(String, Vec<V>)> = vals
            .chunks(per * w)
            .map(|chunk| {
                let mut sql = head.clone();
                for r in 0..chunk.len() / w {
                    if r > 0 {
                        sql.push_str(", ");
                    }
                    sql.push('(');
                    for c in 0..w {
                        if c > 0 {
                            sql.push_str(", ");
                        }
                        sql.push('$');
                        sql.push_str(&(r * w + c + 1).to_string());
                    }
                    sql.push(')');
                }
                dialect::positional(db.backend(), &sql, chunk)
            })
            .collect();
        db_tx!(db, |tx| async {
            for (sql, args) in &statements {
                let mut q = sqlx::query(sql);
                for a in args {
                    q = match a {
                        V::I(v) => q.bind(*v),
                        V::OI(v) => q.bind(*v),
                        V::T(v) => q.bind(v.as_str()),
                        V::OT(v) => q.bind(v.as_deref()),
                        V::B(v) => q.bind(*v),
                    };
                }
                q.execute(&mut *tx).await?;
            }
            Ok::<(), AppError>(())
        })?;
        self.written += (vals.len() / w) as i64;
        Ok(())
    }

    /// Writes what is left; the number of rows written in all.
    pub async fn finish(mut self, db: &Db) -> AppResult<i64> {
        self.flush(db).await?;
        Ok(self.written)
    }
}

/// Writes linked batches, in the order given (parents first), once one of them is full.
pub async fn flush_linked(db: &Db, batches: &mut [&mut Batch]) -> AppResult<()> {
    if batches.iter().any(|b| b.full()) {
        for b in batches.iter_mut() {
            b.flush(db).await?;
        }
    }
    Ok(())
}

/// Writes what is left of linked batches, parents first; the rows written by the first.
pub async fn finish_linked(db: &Db, batches: Vec<Batch>) -> AppResult<i64> {
    let mut first = None;
    for b in batches {
        let n = b.finish(db).await?;
        first.get_or_insert(n);
    }
    Ok(first.unwrap_or(0))
}

/// The largest id of a table (0 when empty): generated rows take the next ones.
pub async fn max_id(db: &Db, table: &str) -> AppResult<i64> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) FROM {table}");
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(&sql)
        .fetch_one(p)
        .await)?)
}

/// `SELECT COUNT(*) FROM table`.
pub async fn count(db: &Db, table: &str) -> AppResult<i64> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(&sql)
        .fetch_one(p)
        .await)?)
}
