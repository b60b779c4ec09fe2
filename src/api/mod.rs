//! `/api/v1`: JSON, bearer tokens, errors as `{"error":{"code","message","fields"}}`, OpenAPI
//! generated from the handlers (utoipa) and a browsable documentation page rendered from it.

use askama::Template;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::auth::Ctx;
use crate::error::{ApiErrorText, AppResult};
use crate::i18n::AnswerLang;
use crate::state::AppState;
use crate::web::{render, Chrome};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Maillage API",
        description = "L'API de Maillage, le logiciel libre des tiers-lieux et de leurs réseaux. \
                       Authentification : `Authorization: Bearer <jeton>` (jeton créé sur la page « Mes jetons » ou par `maillage token create`). \
                       Dates en RFC 3339 (UTC), montants en centimes entiers (`*_cents`).",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        crate::accounts::api::me,
        crate::accounts::api::my_tokens,
        crate::notifications::api::get_prefs,
        crate::notifications::api::put_prefs,
        crate::tenancy::api::list_networks,
        crate::tenancy::api::create_network,
        crate::tenancy::api::get_network,
        crate::events::api::list_events,
        crate::events::api::create_event,
        crate::events::api::get_event,
        crate::events::api::register,
        crate::events::guests_api::register_guest,
        crate::events::api::cancel_registration,
        crate::events::api::get_registration,
        crate::events::api::list_registrations,
        crate::events::api::events_ics,
        crate::events::api::set_image,
        crate::events::api::delete_image,
        crate::events::api::import_events,
        crate::groups::api::groups::list_groups,
        crate::groups::api::groups::create_group,
        crate::groups::api::groups::get_group,
        crate::groups::api::members::list_members,
        crate::groups::api::members::add_member,
        crate::groups::api::members::update_member,
        crate::groups::api::members::remove_member,
        crate::groups::api::members::join,
        crate::groups::api::members::accept_invitation,
        crate::groups::api::members::decline_invitation,
        crate::groups::api::meetings::create_meeting,
        crate::groups::api::meetings::list_meetings,
        crate::groups::api::meetings::get_meeting,
        crate::groups::api::meetings::save_minutes,
        crate::groups::api::meetings::set_attendance,
        crate::groups::api::meetings::create_decision,
        crate::groups::api::meetings::search_decisions,
        crate::groups::api::actions::create_action,
        crate::groups::api::actions::list_actions,
        crate::groups::api::actions::my_actions,
        crate::groups::api::actions::update_action,
        crate::groups::api::groups::set_slot,
        crate::documents::api::list,
        crate::documents::api::upload,
        crate::documents::api::add_version,
        crate::documents::api::create_sheet,
        crate::documents::api::get,
        crate::documents::api::download,
        crate::documents::api::create_folder,
        crate::news::api::create_news,
        crate::news::api::list_news,
        crate::news::api::get_news,
        crate::news::api::patch_news,
        crate::news::api::delete_news,
        crate::news::api::set_news_image,
        crate::news::api::delete_news_image,
        crate::news::api::create_list,
        crate::news::api::subscribe_to_list,
        crate::news::api::import_subscribers,
        crate::letters::api::create_issue,
        crate::letters::api::send_issue,
        crate::letters::api::get_issue,
        crate::census::api::create_questionnaire,
        crate::census::api::get_questionnaire,
        crate::census::api::put_questionnaire,
        crate::census::api::create_campaign,
        crate::census::api::get_campaign,
        crate::census::api::patch_campaign,
        crate::census::api::remind_campaign,
        crate::census::api::campaign_aggregates,
        crate::census::api::get_response,
        crate::census::api::put_response,
        crate::census::api::submit_response,
        crate::census::api::reopen_response,
        crate::bookings::api::create_space,
        crate::bookings::api::list_spaces,
        crate::bookings::api::get_space,
        crate::bookings::api::search_members,
        crate::bookings::api::availability,
        crate::bookings::api::create_booking,
        crate::bookings::api::my_bookings,
        crate::bookings::api::cancel_booking,
        crate::bookings::api::list_space_photos,
        crate::bookings::api::add_space_photo,
        crate::services::api::list_services,
        crate::services::api::create_service,
        crate::services::api::get_service,
        crate::services::api::update_service,
        crate::services::api::patch_service,
        crate::services::api::delete_service,
        crate::places::api::list,
        crate::places::api::get,
        crate::places::api::create,
        crate::places::api::update,
        crate::places::api::patch,
        crate::places::api::delete,
        crate::places::api::typologies,
        crate::places::api::geojson,
        crate::places::api::csv,
        crate::places::api::datainclusion,
        crate::places::api::gogocarto,
        crate::places::api::map,
        crate::places::api::list_photos,
        crate::places::api::add_photo,
        crate::places::api::delete_photo,
        crate::places::api::import_progress,
        crate::projects::api::projects::create_project,
        crate::projects::api::projects::list_projects,
        crate::projects::api::projects::get_project,
        crate::projects::api::projects::network_decision,
        crate::projects::api::phases::update_phase,
        crate::projects::api::canvas::get_canvas,
        crate::projects::api::canvas::put_canvas,
        crate::projects::api::canvas::patch_canvas,
        crate::projects::api::canvas::canvas_versions,
        crate::projects::api::funding::create_funding,
        crate::projects::api::funding::list_funding,
        crate::projects::api::funding::update_funding,
        crate::projects::api::funding::get_funding,
        crate::projects::api::funding::patch_funding,
        crate::projects::api::funding::delete_funding,
        crate::projects::api::funding::create_budget_line,
        crate::projects::api::public::get_public,
        crate::projects::api::public::put_public,
        crate::projects::api::public::patch_public,
        crate::projects::api::public::post_event,
        crate::projects::api::dashboard::dashboard_json,
        crate::projects::api::stakeholders::api_list,
        crate::projects::api::stakeholders::api_create,
        crate::projects::api::stakeholders::api_update,
        crate::projects::api::stakeholders::api_get,
        crate::projects::api::stakeholders::api_patch,
        crate::projects::api::stakeholders::api_delete,
        crate::projects::api::timeline::api_timeline,
        crate::projects::api::members::api_list,
        crate::projects::api::members::api_add,
        crate::projects::api::members::api_remove,
        crate::projects::api::projects::api_update,
        crate::projects::api::projects::api_patch,
        crate::projects::api::funding::api_budget_update,
        crate::projects::api::funding::api_budget_get,
        crate::projects::api::funding::api_budget_patch,
        crate::projects::api::funding::api_budget_delete,
        crate::projects::api::funding::api_documents,
        crate::projects::api::funding::api_attach,
        crate::projects::api::funding::api_detach,
        crate::projects::api::phases::api_template_get,
        crate::projects::api::phases::api_template_put,
        crate::projects::api::phases::api_phase_create,
        crate::projects::api::phases::api_phase_delete,
        crate::actors::api::create,
        crate::actors::api::list,
        crate::actors::api::get,
        crate::actors::api::patch,
        crate::actors::api::delete,
        crate::actors::api::categories,
        crate::actors::export::geojson_export,
        crate::actors::export::csv_export,
        crate::actors::api::claim,
        crate::actors::api::list_photos,
        crate::actors::api::add_photo,
        crate::actors::api::delete_photo,
        crate::actors::api::claims,
        crate::actors::api::decide_claim,
        crate::actors::api::skills,
        crate::actors::api::merge_skill,
        crate::contacts::api::contact_actor,
        crate::contacts::api::contact_post,
        crate::contacts::api::list_threads,
        crate::contacts::api::get_thread,
        crate::contacts::api::reply_thread,
        crate::contacts::api::share_thread,
        crate::contacts::api::block_thread,
        crate::contacts::api::report_thread,
        crate::trainings::api::create_training,
        crate::trainings::api::list_trainings,
        crate::trainings::api::get_training,
        crate::trainings::api::patch_training,
        crate::trainings::api::create_session,
        crate::trainings::api::get_attendance,
        crate::trainings::api::put_attendance,
        crate::trainings::api::paths::create_path,
        crate::trainings::api::paths::get_path,
        crate::trainings::api::paths::update_path,
        crate::trainings::api::paths::path_progress,
        crate::trainings::api::paths::answer_survey,
        crate::trainings::api::paths::satisfaction,
        crate::badges::api::create_achievement,
        crate::badges::api::get_achievement,
        crate::badges::api::award,
        crate::badges::api::get_credential,
        crate::badges::api::revoke,
        crate::badges::api::verify,
        crate::badges::api::get_issuer,
        crate::badges::api::rotate_key,
        crate::employment::api::create_job,
        crate::employment::api::list_jobs,
        crate::employment::api::get_job,
        crate::employment::api::patch_job,
        crate::posts::api::create_post,
        crate::posts::api::list_posts,
        crate::posts::api::get_post,
        crate::posts::api::patch_post,
        crate::posts::api::delete_post,
        crate::posts::api::post_matches,
        crate::posts::api::renew_post,
        crate::posts::api::report_post,
    ),
    components(schemas(
        crate::error::ApiErrorBody,
        crate::error::ApiErrorInner,
        // Named only by a query parameter of `GET /api/v1/trainings`.
        crate::trainings::model::FundingRoute,
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn routes() -> Router<AppState> {
    use crate::{accounts, bookings, events, places, services, tenancy};
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/me", get(accounts::api::me))
        .route("/api/v1/me/tokens", get(accounts::api::my_tokens))
        .route(
            "/api/v1/networks",
            get(tenancy::api::list_networks).post(tenancy::api::create_network),
        )
        .route("/api/v1/networks/{id}", get(tenancy::api::get_network))
        .route(
            "/api/v1/events",
            get(events::api::list_events).post(events::api::create_event),
        )
        .route("/api/v1/events.ics", get(events::api::events_ics))
        .route("/api/v1/events/{id}", get(events::api::get_event))
        .route(
            "/api/v1/events/{id}/registrations",
            get(events::api::list_registrations).post(events::api::register),
        )
        .route(
            "/api/v1/events/{id}/guest-registrations",
            axum::routing::post(events::guests_api::register_guest),
        )
        .route(
            "/api/v1/registrations/{id}",
            get(events::api::get_registration).delete(events::api::cancel_registration),
        )
        .merge(crate::notifications::api::routes())
        .merge(crate::groups::api::routes())
        .merge(crate::events::api::routes())
        .merge(crate::projects::api::routes())
        .merge(crate::documents::api::routes())
        .merge(crate::actors::api::routes())
        .merge(crate::actors::export::routes())
        .merge(crate::news::api::routes())
        .merge(crate::letters::api::routes())
        .merge(crate::census::api::routes())
        .merge(crate::trainings::api::routes())
        .merge(crate::badges::api::routes())
        .merge(crate::employment::api::routes())
        .merge(crate::posts::api::routes())
        .merge(crate::contacts::api::routes())
        .route(
            "/api/v1/places/{id}/spaces",
            get(bookings::api::list_spaces).post(bookings::api::create_space),
        )
        .route("/api/v1/spaces/{id}", get(bookings::api::get_space))
        .route(
            "/api/v1/places/{id}/members",
            get(bookings::api::search_members),
        )
        .route(
            "/api/v1/spaces/{id}/photos",
            get(bookings::api::list_space_photos)
                .post(bookings::api::add_space_photo)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::media::MAX_PHOTO_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/api/v1/spaces/{id}/availability",
            get(bookings::api::availability),
        )
        .route(
            "/api/v1/spaces/{id}/bookings",
            axum::routing::post(bookings::api::create_booking),
        )
        .route("/api/v1/bookings", get(bookings::api::my_bookings))
        .route(
            "/api/v1/bookings/{id}",
            axum::routing::delete(bookings::api::cancel_booking),
        )
        .route(
            "/api/v1/places/{id}/services",
            get(services::api::list_services).post(services::api::create_service),
        )
        .route(
            "/api/v1/services/{id}",
            get(services::api::get_service)
                .put(services::api::update_service)
                .patch(services::api::patch_service)
                .delete(services::api::delete_service),
        )
        .route(
            "/api/v1/places",
            get(places::api::list).post(places::api::create),
        )
        .route(
            "/api/v1/places/{id}",
            get(places::api::get)
                .put(places::api::update)
                .patch(places::api::patch)
                .delete(places::api::delete),
        )
        .route("/api/v1/places.geojson", get(places::api::geojson))
        .route("/api/v1/places.csv", get(places::api::csv))
        .route(
            "/api/v1/places.datainclusion.json",
            get(places::api::datainclusion),
        )
        .route("/api/v1/places.gogocarto.json", get(places::api::gogocarto))
        .route("/api/v1/typologies", get(places::api::typologies))
        .route("/api/v1/map", get(places::api::map))
        .route(
            "/api/v1/places/{id}/photos",
            get(places::api::list_photos)
                .post(places::api::add_photo)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::media::MAX_PHOTO_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/api/v1/places/{id}/photos/{photo_id}",
            axum::routing::delete(places::api::delete_photo),
        )
        .route(
            "/api/v1/place-imports/{id}",
            get(places::api::import_progress),
        )
        .layer(axum::middleware::from_fn(errors_in_request_language))
        .route("/api/docs", get(docs))
}

/// Words the API's errors in the request's language: the caller's (`Ctx::lang`: the `lang`
/// cookie, `Accept-Language`, then the account's language) when the handler resolved it,
/// otherwise what the request asks for. Errors leave an [`ApiErrorText`] on the response;
/// those built by `?` (French by default) are thus answered in English when asked.
pub async fn errors_in_request_language(mut req: Request, next: Next) -> Response {
    let asked = crate::auth::ctx::requested_lang(req.headers(), true);
    let answer = AnswerLang::default();
    req.extensions_mut().insert(answer.clone());
    let mut res = next.run(req).await;
    if let Some(text) = res.extensions().get::<ApiErrorText>() {
        let lang = answer.get().or(asked).unwrap_or_default();
        let body = Json(text.body(lang)).into_response().into_body();
        *res.body_mut() = body;
        res.headers_mut().remove(axum::http::header::CONTENT_LENGTH);
    }
    res
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub struct OpView {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub auth: bool,
    pub params: Vec<String>,
    pub request: String,
    pub responses: Vec<String>,
}

#[derive(Template)]
#[template(path = "api/docs.html")]
struct DocsTpl {
    c: Chrome,
    ops: Vec<OpView>,
}

/// The operations of the OpenAPI document, for the documentation page.
pub fn operations() -> Vec<OpView> {
    let doc = ApiDoc::openapi();
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        let ops = [
            ("get", &item.get),
            ("post", &item.post),
            ("put", &item.put),
            ("patch", &item.patch),
            ("delete", &item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let request = op
                .request_body
                .as_ref()
                .and_then(|b| b.content.get("application/json"))
                .and_then(|c| c.schema.as_ref())
                .map(|s| schema_text(&doc, s))
                .unwrap_or_default();
            out.push(OpView {
                method: method.to_string(),
                path: path.clone(),
                summary: op.summary.clone().unwrap_or_default(),
                description: op.description.clone().unwrap_or_default(),
                auth: op.security.as_ref().is_some_and(|s| !s.is_empty()),
                params: op
                    .parameters
                    .iter()
                    .flatten()
                    .map(|p| p.name.clone())
                    .collect(),
                request,
                responses: op.responses.responses.keys().cloned().collect(),
            });
        }
    }
    out
}

/// A request body schema as pretty JSON, references resolved one level.
fn schema_text(
    doc: &utoipa::openapi::OpenApi,
    s: &utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
) -> String {
    let resolved = match s {
        utoipa::openapi::RefOr::Ref(r) => {
            let name = r.ref_location.rsplit('/').next().unwrap_or_default();
            doc.components
                .as_ref()
                .and_then(|c| c.schemas.get(name))
                .and_then(|s| serde_json::to_string_pretty(s).ok())
        }
        utoipa::openapi::RefOr::T(t) => serde_json::to_string_pretty(t).ok(),
    };
    resolved.unwrap_or_default()
}

async fn docs(ctx: Ctx, headers: HeaderMap) -> AppResult<Response> {
    render(&DocsTpl {
        c: Chrome::new(&ctx, &headers, "api-docs-title"),
        ops: operations(),
    })
}
