//! Account pages: sign-up, confirmation, login, logout, password reset, account, tokens,
//! invitations, language switch.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{normalize_email, ApiToken, NewUser, Role};
use super::{repo, service};
use crate::auth::{password, session, Ctx};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::{redirect, redirect_flash, render, render_status, safe_next, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inscription", get(signup_page).post(signup_submit))
        .route(
            "/confirmation/{token}",
            get(confirm_page).post(confirm_submit),
        )
        .route("/connexion", get(login_page).post(login_submit))
        .route("/deconnexion", post(logout))
        .route("/mot-de-passe-oublie", get(forgot_page).post(forgot_submit))
        .route(
            "/reinitialisation/{token}",
            get(reset_page).post(reset_submit),
        )
        .route("/compte", get(account_page))
        .route("/compte/profil", post(profile_submit))
        .route("/compte/mot-de-passe", post(password_submit))
        .route("/compte/suppression", post(delete_submit))
        .route("/compte/export", get(export))
        .route("/compte/jetons", get(tokens_page).post(token_create))
        .route("/compte/jetons/{id}/revoquer", post(token_revoke))
        .route(
            "/invitation/{token}",
            get(invitation_page).post(invitation_accept),
        )
        .route("/langue", post(switch_language))
}

// ---- sign-up ----

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignupTpl {
    c: Chrome,
    errors: FieldErrors,
    email: String,
    display_name: String,
    /// Where the person was going (`/`: nowhere in particular).
    next: String,
}

/// `next` as a query string to append to a link (empty for `/`).
fn next_query(next: &str) -> String {
    if next == "/" {
        String::new()
    } else {
        format!("?next={}", urlencoding::encode(next))
    }
}

#[derive(Template)]
#[template(path = "accounts/message.html")]
struct MessageTpl {
    c: Chrome,
    heading: String,
    text: String,
}

fn message(ctx: &Ctx, headers: &HeaderMap, key: &str) -> AppResult<Response> {
    render(&MessageTpl {
        c: Chrome::new(ctx, headers, &format!("{key}-title")),
        heading: ctx.lang.t(&format!("{key}-title")),
        text: ctx.lang.t(&format!("{key}-text")),
    })
}

#[derive(Deserialize, Default)]
struct EmailQuery {
    email: Option<String>,
    next: Option<String>,
}

async fn signup_page(
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<EmailQuery>,
) -> AppResult<Response> {
    render(&SignupTpl {
        c: Chrome::new(&ctx, &headers, "signup-title"),
        errors: FieldErrors::default(),
        email: q.email.unwrap_or_default(),
        display_name: String::new(),
        next: safe_next(q.next.as_deref()),
    })
}

#[derive(Deserialize)]
struct SignupForm {
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
    next: Option<String>,
}

async fn signup_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<SignupForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    match NewUser::parse(&f.email, &f.display_name, &f.password, &f.password_confirm) {
        Ok(new) => {
            service::signup(&state, &ctx, new, &next).await?;
            message(&ctx, &headers, "signup-done")
        }
        Err(errors) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignupTpl {
                c: Chrome::new(&ctx, &headers, "signup-title"),
                errors,
                email: f.email,
                display_name: f.display_name,
                next,
            },
        ),
    }
}

// ---- email confirmation ----

#[derive(Template)]
#[template(path = "accounts/confirm.html")]
struct ConfirmTpl {
    c: Chrome,
    token: String,
    next: String,
}

async fn confirm_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if service::peek(&state, "confirm_email", &token)
        .await
        .is_err()
    {
        return link_invalid(&ctx, &headers);
    }
    render(&ConfirmTpl {
        c: Chrome::new(&ctx, &headers, "confirm-title"),
        token,
        next: safe_next(q.next.as_deref()),
    })
}

#[derive(Deserialize, Default)]
struct ConfirmForm {
    next: Option<String>,
}

async fn confirm_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<ConfirmForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    match service::confirm_email(&state, &ctx, &token).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/connexion{}", next_query(&next)),
            "flash-email-confirmed",
        )),
        Err(AppError::NotFound) => link_invalid(&ctx, &headers),
        Err(e) => Err(e),
    }
}

fn link_invalid(ctx: &Ctx, headers: &HeaderMap) -> AppResult<Response> {
    let mut res = message(ctx, headers, "link-invalid")?;
    *res.status_mut() = StatusCode::NOT_FOUND;
    Ok(res)
}

// ---- login / logout ----

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginTpl {
    c: Chrome,
    error: Option<String>,
    email: String,
    next: String,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    render(&LoginTpl {
        c: Chrome::new(&ctx, &headers, "login-title"),
        error: None,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    let fail = |key: &str, status: StatusCode| {
        render_status(
            status,
            &LoginTpl {
                c: Chrome::new(&ctx, &headers, "login-title"),
                error: Some(ctx.lang.t(key)),
                email: f.email.clone(),
                next: next.clone(),
            },
        )
    };
    match service::login(&state, &ctx, &f.email, &f.password).await {
        Ok((user, token)) => {
            // Nowhere in particular: the person's own space ("Mon espace").
            let to = if next == "/" {
                "/mon-espace"
            } else {
                next.as_str()
            };
            let mut res = redirect_flash(to, "flash-logged-in");
            session::set_cookie(res.headers_mut(), &state.config, &token);
            // The account's language becomes the page language.
            if let Some(lang) = Lang::parse(&user.locale) {
                set_lang_cookie(res.headers_mut(), lang);
            }
            Ok(res)
        }
        Err(service::LoginError::Invalid) => fail("login-invalid", StatusCode::UNAUTHORIZED),
        Err(service::LoginError::Unconfirmed) => fail("login-unconfirmed", StatusCode::FORBIDDEN),
        Err(service::LoginError::Throttled(until)) => {
            // How long to wait, in the page (minutes, rounded up) and in `Retry-After`
            // (seconds): the same for an address with or without an account.
            let secs = ((until - state.clock.now_ms()) / 1000 + 1).max(1);
            let minutes = ((secs + 59) / 60).to_string();
            let mut res = render_status(
                StatusCode::TOO_MANY_REQUESTS,
                &LoginTpl {
                    c: Chrome::new(&ctx, &headers, "login-title"),
                    error: Some(ctx.lang.ta("login-too-many-wait", &[("minutes", &minutes)])),
                    email: f.email.clone(),
                    next: next.clone(),
                },
            )?;
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(secs));
            Ok(res)
        }
        Err(service::LoginError::Other(AppError::TooManyRequests)) => {
            fail("error-too-many", StatusCode::TOO_MANY_REQUESTS)
        }
        Err(service::LoginError::Other(e)) => Err(e),
    }
}

async fn logout(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    service::logout(&state, &ctx).await?;
    let mut res = redirect_flash("/", "flash-logged-out");
    session::clear_cookie(res.headers_mut(), &state.config);
    Ok(res)
}

// ---- password reset ----

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotTpl {
    c: Chrome,
    errors: FieldErrors,
    email: String,
}

async fn forgot_page(ctx: Ctx, headers: HeaderMap) -> AppResult<Response> {
    render(&ForgotTpl {
        c: Chrome::new(&ctx, &headers, "forgot-title"),
        errors: FieldErrors::default(),
        email: String::new(),
    })
}

#[derive(Deserialize)]
struct ForgotForm {
    email: String,
}

async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<ForgotForm>,
) -> AppResult<Response> {
    match normalize_email(&f.email) {
        Ok(email) => {
            service::request_reset(&state, &ctx, &email).await?;
            message(&ctx, &headers, "forgot-done")
        }
        Err(key) => {
            let mut errors = FieldErrors::default();
            errors.add("email", key);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ForgotTpl {
                    c: Chrome::new(&ctx, &headers, "forgot-title"),
                    errors,
                    email: f.email,
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetTpl {
    c: Chrome,
    errors: FieldErrors,
    token: String,
}

async fn reset_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if service::peek(&state, "reset_password", &token)
        .await
        .is_err()
    {
        return link_invalid(&ctx, &headers);
    }
    render(&ResetTpl {
        c: Chrome::new(&ctx, &headers, "reset-title"),
        errors: FieldErrors::default(),
        token,
    })
}

#[derive(Deserialize)]
struct NewPasswordForm {
    password: String,
    password_confirm: String,
}

async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<NewPasswordForm>,
) -> AppResult<Response> {
    if let Some(key) = password::check_new(&f.password, &f.password_confirm) {
        let mut errors = FieldErrors::default();
        errors.add("password", key);
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetTpl {
                c: Chrome::new(&ctx, &headers, "reset-title"),
                errors,
                token,
            },
        );
    }
    match service::reset_password(&state, &ctx, &token, &f.password).await {
        Ok(()) => Ok(redirect_flash("/connexion", "flash-password-reset")),
        Err(AppError::NotFound) => link_invalid(&ctx, &headers),
        Err(e) => Err(e),
    }
}

// ---- account ----

pub struct RoleView {
    pub label: String,
    pub scope: String,
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountTpl {
    c: Chrome,
    email: String,
    display_name: String,
    locale: String,
    roles: Vec<RoleView>,
    profile_errors: FieldErrors,
    password_errors: FieldErrors,
    delete_errors: FieldErrors,
}

async fn role_views(state: &AppState, lang: Lang, roles: &[Role]) -> AppResult<Vec<RoleView>> {
    let mut out = Vec::new();
    for r in roles {
        let scope = if r.network_id.is_some() || r.place_id.is_some() {
            repo::scope_name(&state.db, r.network_id, r.place_id)
                .await?
                .unwrap_or_default()
        } else {
            lang.t("scope-instance")
        };
        out.push(RoleView {
            label: lang.t(r.kind.label_key()),
            scope,
        });
    }
    Ok(out)
}

async fn account_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    errors: [FieldErrors; 3],
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let [profile_errors, password_errors, delete_errors] = errors;
    let status =
        if profile_errors.is_empty() && password_errors.is_empty() && delete_errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
    render_status(
        status,
        &AccountTpl {
            c: Chrome::new(ctx, headers, "account-title"),
            email: p.user.email.clone(),
            display_name: p.user.display_name.clone(),
            locale: p.user.locale.clone(),
            roles: role_views(state, ctx.lang, &p.roles).await?,
            profile_errors,
            password_errors,
            delete_errors,
        },
    )
}

async fn account_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    account_view(&state, &ctx, &headers, Default::default()).await
}

#[derive(Deserialize)]
struct ProfileForm {
    display_name: String,
    locale: String,
}

async fn profile_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<ProfileForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    match service::update_profile(&state, p, &f.display_name, &f.locale).await {
        Ok(lang) => {
            let mut res = redirect_flash("/compte", "flash-profile-saved");
            set_lang_cookie(res.headers_mut(), lang);
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            account_view(
                &state,
                &ctx,
                &headers,
                [errors, FieldErrors::default(), FieldErrors::default()],
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct ChangePasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

async fn password_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<ChangePasswordForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    if let Some(k) = password::check_new(&f.password, &f.password_confirm) {
        errors.add("password", k);
    }
    if errors.is_empty() {
        match service::change_password(&state, &ctx, &p.user, &f.current_password, &f.password)
            .await
        {
            Ok(()) => return Ok(redirect_flash("/compte", "flash-password-changed")),
            Err(AppError::Invalid(e)) => errors = e,
            Err(e) => return Err(e),
        }
    }
    account_view(
        &state,
        &ctx,
        &headers,
        [FieldErrors::default(), errors, FieldErrors::default()],
    )
    .await
}

#[derive(Deserialize)]
struct DeleteForm {
    password: String,
}

async fn delete_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<DeleteForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    match service::delete_account(&state, &ctx, &p.user, &f.password).await {
        Ok(()) => {
            let mut res = redirect_flash("/", "flash-account-deleted");
            session::clear_cookie(res.headers_mut(), &state.config);
            Ok(res)
        }
        Err(AppError::Invalid(e)) => {
            account_view(
                &state,
                &ctx,
                &headers,
                [FieldErrors::default(), FieldErrors::default(), e],
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let data = service::export(&state, &p.user).await?;
    let body = serde_json::to_vec_pretty(&data).map_err(anyhow::Error::from)?;
    let mut res = body.into_response();
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res.headers_mut().insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"maillage-mes-donnees.json\""),
    );
    Ok(res)
}

// ---- API tokens ----

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensTpl {
    c: Chrome,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    errors: FieldErrors,
    /// To tell expired tokens.
    now: i64,
}

#[derive(Template)]
#[template(path = "accounts/token_row.html")]
struct TokenRowTpl {
    c: Chrome,
    t: ApiToken,
    now: i64,
}

async fn tokens_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    new_token: Option<String>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut res = render_status(
        status,
        &TokensTpl {
            c: Chrome::new(ctx, headers, "tokens-title"),
            tokens: repo::tokens_of(&state.db, p.user.id).await?,
            new_token,
            errors,
            now: state.clock.now_ms(),
        },
    )?;
    // A page showing a secret must not be cached.
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

async fn tokens_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    tokens_view(&state, &ctx, &headers, None, FieldErrors::default()).await
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
    /// Optional last day of validity, `YYYY-MM-DD`.
    #[serde(default)]
    expires_on: String,
}

async fn token_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let name = f.name.trim();
    let mut errors = FieldErrors::default();
    if name.is_empty() || name.chars().count() > 100 {
        errors.add(
            "name",
            if name.is_empty() {
                "field-required"
            } else {
                "field-too-long"
            },
        );
    }
    let expires_at = super::model::token_expiry(&f.expires_on, state.clock.now_ms())
        .unwrap_or_else(|key| {
            errors.add("expires_on", key);
            None
        });
    if !errors.is_empty() {
        return tokens_view(&state, &ctx, &headers, None, errors).await;
    }
    let token =
        service::create_token_until(&state, p.user.id, name, expires_at, &ctx.ip_string()).await?;
    tokens_view(&state, &ctx, &headers, Some(token), FieldErrors::default()).await
}

async fn token_revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    service::revoke_token(&state, p, id, &ctx.ip_string()).await?;
    if crate::web::is_htmx(&headers) {
        let t = repo::tokens_of(&state.db, p.user.id)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or(AppError::NotFound)?;
        return render(&TokenRowTpl {
            c: Chrome::new(&ctx, &headers, "tokens-title"),
            t,
            now: state.clock.now_ms(),
        });
    }
    Ok(redirect_flash("/compte/jetons", "flash-token-revoked"))
}

// ---- invitations ----

#[derive(Template)]
#[template(path = "accounts/invitation.html")]
struct InvitationTpl {
    c: Chrome,
    token: String,
    email: String,
    role: String,
    target: String,
    signed_in_as: Option<String>,
}

async fn invitation_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Ok(t) = service::peek(&state, "invitation", &token).await else {
        return link_invalid(&ctx, &headers);
    };
    let target = if t.network_id.is_some() || t.place_id.is_some() {
        repo::scope_name(&state.db, t.network_id, t.place_id).await?
    } else {
        Some(ctx.lang.t("scope-instance"))
    };
    let role = t
        .role
        .as_deref()
        .and_then(super::model::RoleKind::parse)
        .map(|k| ctx.lang.t(k.label_key()))
        .unwrap_or_default();
    render(&InvitationTpl {
        c: Chrome::new(&ctx, &headers, "invitation-title"),
        token,
        email: t.email,
        role,
        target: target.unwrap_or_default(),
        signed_in_as: ctx.user.as_ref().map(|p| p.user.email.clone()),
    })
}

async fn invitation_accept(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    match service::accept_invitation(&state, &ctx, p, &token).await {
        Ok(()) => Ok(redirect_flash("/compte", "flash-invitation-accepted")),
        Err(AppError::NotFound) => link_invalid(&ctx, &headers),
        Err(e) => Err(e),
    }
}

// ---- language ----

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    next: Option<String>,
}

fn set_lang_cookie(headers: &mut HeaderMap, lang: Lang) {
    let v = format!(
        "lang={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&v) {
        headers.append(SET_COOKIE, v);
    }
}

async fn switch_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LangForm>,
) -> AppResult<Response> {
    let lang = Lang::parse(&f.lang).ok_or_else(|| AppError::BadRequest("lang".into()))?;
    if let Some(p) = &ctx.user {
        service::set_locale(&state, p, lang).await?;
    }
    let mut res = redirect(&safe_next(f.next.as_deref()));
    set_lang_cookie(res.headers_mut(), lang);
    Ok(res)
}
