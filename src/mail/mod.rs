//! Outgoing email. Handlers enqueue; a worker (in every `serve` process, safe with several
//! nodes) claims jobs from the database and sends them through SMTP (lettre) or, when no SMTP
//! host is configured, writes them as `.eml` files to `data_dir/outbox/`.

use lettre::message::{
    header::ContentType, Attachment as MailAttachment, Mailbox, Message, MultiPart, SinglePart,
};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::{Deserialize, Serialize};

use crate::config::{Config, SmtpTls};
use crate::db::Db;
use crate::error::AppResult;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Files sent with the message (an `.ics` invitation…); the text stays the first part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A text attachment (iCalendar, CSV…), stored in the job payload as is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    /// e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
    pub content_type: String,
    pub content: String,
}

/// Puts an email in the persistent queue; it is sent by the worker, with retries.
pub async fn enqueue(db: &Db, now: i64, email: &Email) -> AppResult<()> {
    let payload = serde_json::to_string(email).map_err(anyhow::Error::from)?;
    crate::jobs::enqueue(db, EMAIL_JOB, &payload, now).await
}

/// The job kind of an outgoing email.
pub const EMAIL_JOB: &str = "email";

/// Registers the sending of emails with the job worker: `mailer` sends them, from the
/// configured sender address.
pub fn register_jobs(registry: &mut crate::jobs::Registry, mailer: Mailer) {
    let mailer = std::sync::Arc::new(mailer);
    registry.register(EMAIL_JOB, move |state, payload| {
        let mailer = mailer.clone();
        Box::pin(async move {
            let email: Email = serde_json::from_str(payload)?;
            mailer.send(&state.config.mail_from, &email).await
        })
    });
}

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn from_config(config: &Config) -> anyhow::Result<Mailer> {
        if config.smtp_host.is_empty() {
            let dir = config.data_dir.join("outbox");
            std::fs::create_dir_all(&dir)?;
            return Ok(Mailer::File(AsyncFileTransport::new(dir)));
        }
        let builder = match config.smtp_tls {
            SmtpTls::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.smtp_host)
            }
            SmtpTls::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.smtp_host)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.smtp_host)?,
        };
        let mut builder = builder
            .port(config.smtp_port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if !config.smtp_username.is_empty() {
            builder = builder.credentials(Credentials::new(
                config.smtp_username.clone(),
                config.smtp_password.0.clone(),
            ));
        }
        Ok(Mailer::Smtp(builder.build()))
    }

    pub async fn send(&self, from: &str, email: &Email) -> anyhow::Result<()> {
        let from: Mailbox = from.parse()?;
        let to: Mailbox = email.to.parse()?;
        let builder = Message::builder()
            .from(from)
            .to(to)
            .subject(email.subject.clone());
        let msg = if email.attachments.is_empty() {
            builder
                .header(ContentType::TEXT_PLAIN)
                .body(email.text.clone())?
        } else {
            let mut multipart =
                MultiPart::mixed().singlepart(SinglePart::plain(email.text.clone()));
            for a in &email.attachments {
                let content_type = ContentType::parse(&a.content_type)?;
                multipart = multipart.singlepart(
                    MailAttachment::new(a.filename.clone()).body(a.content.clone(), content_type),
                );
            }
            builder.multipart(multipart)?
        };
        self.send_message(msg).await
    }

    /// Sends a message built by the caller (a newsletter, with its HTML part and its
    /// `List-Unsubscribe` headers).
    pub async fn send_message(&self, msg: Message) -> anyhow::Result<()> {
        match self {
            Mailer::Smtp(t) => {
                t.send(msg).await?;
            }
            Mailer::File(t) => {
                t.send(msg).await?;
            }
        }
        Ok(())
    }
}

/// Did the SMTP server refuse for good (a `5xx` reply: unknown mailbox…), rather than for a
/// while (`4xx`, connection lost)?
pub fn is_permanent(e: &anyhow::Error) -> bool {
    e.downcast_ref::<lettre::transport::smtp::Error>()
        .is_some_and(|e| e.is_permanent())
}
