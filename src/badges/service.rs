//! Badges use cases: who writes an achievement and awards or revokes it (the issuer's
//! writers: a place's managers and its networks' animators, a network's animators, instance
//! admins — the same rule as trainings), the issuer's keys (made at first use, rotated on
//! demand, every one kept), issuing a credential, the status list credentials, and the
//! verification of a credential (proof, issuer key, status, validity period).

use base64::Engine;
use ed25519_dalek::SigningKey;
use rand::RngCore;
use serde_json::Value;

use super::model::credential::{self, Award, Issuer};
use super::model::{
    self, proof, status, Achievement, Credential, Failure, IssuerKey, Provider, Verification,
};
use super::repo::{self, Fields, NewCredential};
use crate::auth::policy::may_see_scope;
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::ids::{AchievementId, CredentialId, NetworkId, PathId, PlaceId, TrainingId, UserId};
use crate::state::AppState;
use crate::trainings::service::{may_write_in, provider_target};

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

/// May `who` issue badges for `issuer`? (False for an issuer that does not exist.)
pub async fn may_issue(
    state: &AppState,
    who: Option<&Principal>,
    issuer: Provider,
) -> AppResult<bool> {
    Ok(provider_target(state, issuer)
        .await?
        .is_some_and(|t| may_write_in(who, issuer, &t)))
}

/// `Ok` when `who` issues for `issuer`: 404 for an unknown issuer or one `who` cannot see,
/// 403 otherwise.
async fn check_issuer(state: &AppState, who: &Principal, issuer: Provider) -> AppResult<()> {
    let Some(t) = provider_target(state, issuer).await? else {
        return Err(AppError::NotFound);
    };
    if may_write_in(Some(who), issuer, &t) {
        Ok(())
    } else if may_see_scope(Some(who), &t) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// The name and page of an issuer; `NotFound` for one that does not exist.
pub async fn issuer_names(state: &AppState, issuer: Provider) -> AppResult<(String, String)> {
    let (name, page) = crate::trainings::service::provider_names(state, issuer).await?;
    Ok((name, format!("{}{page}", base(state))))
}

pub async fn achievement(state: &AppState, id: AchievementId) -> AppResult<Achievement> {
    repo::achievement(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn achievements_of(state: &AppState, issuer: Provider) -> AppResult<Vec<Achievement>> {
    repo::achievements_of(&state.db, issuer).await
}

/// An achievement as a page or the API sends it (what could not be read is in `errors`).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub name: String,
    pub description: String,
    pub criteria: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub image_url: String,
    pub tags: Vec<String>,
    pub skill: String,
    /// Award it automatically on completing this training (of the issuer, or for a network
    /// of its places), or this path.
    pub training_id: Option<TrainingId>,
    pub path_id: Option<PathId>,
    pub errors: FieldErrors,
}

/// The automatic trigger of an achievement of `issuer`: a training it may name (its own, a
/// network's places', a place's networks'), a path of the same scope; not both.
async fn check_trigger(
    state: &AppState,
    issuer: Provider,
    d: &Draft,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if d.training_id.is_some() && d.path_id.is_some() {
        errors.add("path_id", "badge-error-trigger-both");
        return Ok(());
    }
    if let Some(t) = d.training_id {
        let ok = crate::trainings::service::path_choices(state, issuer)
            .await?
            .iter()
            .any(|(id, _)| *id == t);
        if !ok {
            errors.add("training_id", "badge-error-trigger-training");
        }
    }
    if let Some(p) = d.path_id {
        let ok = match crate::trainings::service::path_by_id(state, p).await {
            Ok(path) => {
                path.provider() == issuer
                    || match (issuer, path.provider()) {
                        (Provider::Network(n), Provider::Place(pl)) => {
                            crate::tenancy::repo::networks_of_place(&state.db, pl)
                                .await?
                                .contains(&n)
                        }
                        _ => false,
                    }
            }
            Err(AppError::NotFound) => false,
            Err(e) => return Err(e),
        };
        if !ok {
            errors.add("path_id", "badge-error-trigger-path");
        }
    }
    Ok(())
}

/// Writes an achievement for its issuer (the issuer's writers).
pub async fn create_achievement(
    state: &AppState,
    who: &Principal,
    d: Draft,
) -> AppResult<Achievement> {
    let mut errors = d.errors.clone();
    let name =
        model::parse_text(&d.name, "name", model::NAME_MAX, true, &mut errors).replace('\n', " ");
    let description = model::parse_text(
        &d.description,
        "description",
        model::TEXT_MAX,
        true,
        &mut errors,
    );
    let criteria = model::parse_text(&d.criteria, "criteria", model::TEXT_MAX, true, &mut errors);
    let image_url = model::parse_image(&d.image_url, &mut errors);
    let tags = model::parse_tags(d.tags.iter().map(String::as_str), &mut errors);
    let skill = d.skill.trim();
    let skill_id = if skill.is_empty() {
        None
    } else {
        match repo::skill_named(&state.db, &crate::text::fold_words(skill)).await? {
            Some((id, _)) => Some(id),
            None => {
                errors.add("skill", "badge-error-skill");
                None
            }
        }
    };
    let Some(issuer) = Provider::one(d.network_id, d.place_id) else {
        errors.add("place_id", "badge-error-issuer");
        return Err(AppError::Invalid(errors));
    };
    check_issuer(state, who, issuer).await?;
    check_trigger(state, issuer, &d, &mut errors).await?;
    errors.into_result()?;
    let f = Fields {
        training_id: d.training_id,
        path_id: d.path_id,
        name,
        description,
        criteria,
        image_url,
        tags: tags.join("\n"),
        skill_id,
    };
    let id =
        repo::insert_achievement(&state.db, issuer, &f, who.user.id, state.clock.now_ms()).await?;
    achievement(state, id).await
}

fn new_key() -> (String, String, SigningKey) {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SigningKey::from_bytes(&seed);
    (
        proof::multikey(&key.verifying_key()),
        base64::engine::general_purpose::STANDARD.encode(seed),
        key,
    )
}

fn signing_key(k: &IssuerKey) -> AppResult<SigningKey> {
    let seed: [u8; 32] = base64::engine::general_purpose::STANDARD
        .decode(&k.secret_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unreadable key {}", k.id)))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The current key of an issuer, made at its first use.
pub async fn current_key(state: &AppState, issuer: Provider) -> AppResult<IssuerKey> {
    for _ in 0..3 {
        if let Some(k) = repo::keys_of(&state.db, issuer)
            .await?
            .into_iter()
            .find(|k| k.retired_at.is_none())
        {
            return Ok(k);
        }
        let (public, secret, _) = new_key();
        repo::add_key(
            &state.db,
            issuer,
            &public,
            &secret,
            false,
            state.clock.now_ms(),
        )
        .await?;
    }
    Err(AppError::Internal(anyhow::anyhow!("no key for the issuer")))
}

/// Every key of an issuer, the retired ones too.
pub async fn keys_of(state: &AppState, issuer: Provider) -> AppResult<Vec<IssuerKey>> {
    repo::keys_of(&state.db, issuer).await
}

/// Retires the issuer's current key and makes a new one (the issuer's writers); the retired
/// key stays in the profile, so that what it signed still verifies.
pub async fn rotate_key(
    state: &AppState,
    who: &Principal,
    issuer: Provider,
) -> AppResult<IssuerKey> {
    check_issuer(state, who, issuer).await?;
    let (public, secret, _) = new_key();
    repo::add_key(
        &state.db,
        issuer,
        &public,
        &secret,
        true,
        state.clock.now_ms(),
    )
    .await?;
    current_key(state, issuer).await
}

/// The issuer's profile and controller document (reading it writes nothing: an issuer that
/// has signed nothing yet has no key).
pub async fn profile(state: &AppState, issuer: Provider) -> AppResult<Value> {
    let (name, url) = issuer_names(state, issuer).await?;
    let id = model::issuer_url(base(state), issuer);
    let keys: Vec<(String, String)> = keys_of(state, issuer)
        .await?
        .into_iter()
        .map(|k| {
            (
                model::key_url(base(state), issuer, k.position),
                k.public_key,
            )
        })
        .collect();
    Ok(credential::profile(
        &Issuer {
            id: &id,
            name: &name,
            url: &url,
        },
        &keys,
    ))
}

/// Who receives an award.
pub enum Recipient {
    User(UserId),
    Email(String),
}

fn random_uid() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn proof_err(e: proof::ProofError) -> AppError {
    AppError::Internal(anyhow::anyhow!("signing a credential: {e}"))
}

/// The achievement `id` when `who` awards it (404 for an unknown one or one of an issuer
/// `who` cannot see, 403 otherwise).
pub async fn awardable(
    state: &AppState,
    who: &Principal,
    id: AchievementId,
) -> AppResult<Achievement> {
    let a = achievement(state, id).await?;
    check_issuer(state, who, a.issuer()).await?;
    Ok(a)
}

/// Awards an achievement to an account (the issuer's writers): issues its
/// `OpenBadgeCredential`, signed by the issuer's current key, with an entry of the issuer's
/// status list. 422 for an unknown account, 409 when the person already holds it.
pub async fn award(
    state: &AppState,
    who: &Principal,
    id: AchievementId,
    to: Recipient,
    valid_until: Option<i64>,
) -> AppResult<Credential> {
    let a = achievement(state, id).await?;
    let issuer = a.issuer();
    check_issuer(state, who, issuer).await?;
    let user = match to {
        Recipient::User(u) => crate::auth::identity::user_by_id(&state.db, u).await?,
        Recipient::Email(e) => {
            crate::accounts::repo::user_by_email(&state.db, &e.trim().to_lowercase()).await?
        }
    };
    let Some(user) = user else {
        let mut errors = FieldErrors::default();
        errors.add("email", "badge-error-recipient");
        return Err(AppError::Invalid(errors));
    };
    issue(state, &a, &user, Some(who.user.id), valid_until).await
}

/// Issues achievement `a` to `user`, awarded by `by` (`None`: automatically): the signed
/// credential with its status entry, in one transaction; 409 when `user` holds it already.
async fn issue(
    state: &AppState,
    a: &Achievement,
    user: &crate::auth::identity::User,
    by: Option<UserId>,
    valid_until: Option<i64>,
) -> AppResult<Credential> {
    let issuer = a.issuer();
    let now = state.clock.now_ms();
    if valid_until.is_some_and(|u| u <= now) {
        let mut errors = FieldErrors::default();
        errors.add("valid_until", "badge-error-valid-until");
        return Err(AppError::Invalid(errors));
    }
    let key = current_key(state, issuer).await?;
    let signer = signing_key(&key)?;
    let (issuer_name, issuer_page) = issuer_names(state, issuer).await?;
    let uid = random_uid();
    let b = base(state).to_string();
    let issuer_id = model::issuer_url(&b, issuer);
    let vm = model::key_url(&b, issuer, key.position);
    let tags = a.tag_list();
    let skill_url = format!("{issuer_page}/vitrine");
    let valid_from = crate::clock::rfc3339(now);
    let until = valid_until.map(crate::clock::rfc3339);
    let salt = random_uid();
    let cid = repo::award(
        &state.db,
        &NewCredential {
            uid: &uid,
            achievement: a.id,
            issuer,
            user: user.id,
            by,
            now,
            valid_until,
        },
        |list, index| {
            let status_url = model::status_list_url(&b, list);
            let doc = credential::open_badge(
                &Issuer {
                    id: &issuer_id,
                    name: &issuer_name,
                    url: &issuer_page,
                },
                &Award {
                    id: &model::credential_url(&b, &uid),
                    achievement_id: &model::achievement_url(&b, a.id),
                    name: &a.name,
                    description: &a.description,
                    criteria: &a.criteria,
                    image_url: &a.image_url,
                    tags: &tags,
                    skill: a
                        .skill_name
                        .as_deref()
                        .zip(a.skill_id)
                        .map(|(n, id)| (n, skill_url.as_str(), id.to_string())),
                    email: &user.email,
                    salt: &salt,
                    valid_from: &valid_from,
                    valid_until: until.as_deref(),
                    status: (&status_url, index),
                },
            );
            let signed = proof::sign(&doc, &signer, &vm, &valid_from).map_err(proof_err)?;
            serde_json::to_string(&signed).map_err(|e| AppError::Internal(e.into()))
        },
    )
    .await?;
    credential(state, cid).await
}

/// Awards what completing `training` earns `user`: the achievements of that training, and
/// those of every path holding it that `user` has now finished. Awarding twice (two
/// completions racing, a job run again) gives one credential: the second finds it held.
pub async fn award_automatically(
    state: &AppState,
    user: UserId,
    training: TrainingId,
) -> AppResult<Vec<CredentialId>> {
    let mut finished = Vec::new();
    for p in crate::trainings::service::paths_with(state, training).await? {
        let steps = crate::trainings::service::path_steps(state, p).await?;
        if crate::trainings::service::path_progress(state, user, &steps)
            .await?
            .complete
        {
            finished.push(p);
        }
    }
    let earned: Vec<Achievement> = repo::automatic(&state.db, training, &finished)
        .await?
        .into_iter()
        .filter(|a| {
            a.training_id == Some(training) || a.path_id.is_some_and(|p| finished.contains(&p))
        })
        .collect();
    let Some(u) = crate::auth::identity::user_by_id(&state.db, user).await? else {
        return Ok(Vec::new());
    };
    let mut issued = Vec::new();
    for a in &earned {
        match issue(state, a, &u, None, None).await {
            Ok(c) => issued.push(c.id),
            Err(AppError::Conflict("already_awarded")) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(issued)
}

async fn on_completion(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let c: crate::trainings::model::paths::Completed = serde_json::from_str(payload)?;
    award_automatically(state, c.user_id, c.training_id).await?;
    Ok(())
}

/// The job this area handles: the automatic awards after a completion.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(
        crate::trainings::model::paths::COMPLETED_JOB,
        |state, payload| Box::pin(on_completion(state, payload)),
    );
}

pub async fn credential(state: &AppState, id: CredentialId) -> AppResult<Credential> {
    repo::credential(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn credential_by_uid(state: &AppState, uid: &str) -> AppResult<Credential> {
    if uid.len() != 32 || !uid.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    repo::credential_by_uid(&state.db, uid)
        .await?
        .ok_or(AppError::NotFound)
}

/// A credential `who` may read through the API: its holder, its issuer's writers, instance
/// admins (anyone else: 404; its public page is at its `uid`).
pub async fn readable(
    state: &AppState,
    who: &Principal,
    id: CredentialId,
) -> AppResult<Credential> {
    let c = credential(state, id).await?;
    if c.user_id == who.user.id {
        return Ok(c);
    }
    let a = achievement(state, c.achievement_id).await?;
    if may_issue(state, Some(who), a.issuer()).await? {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn credentials_of_user(state: &AppState, user: UserId) -> AppResult<Vec<Credential>> {
    repo::credentials_of_user(&state.db, user).await
}

pub async fn credentials_of_achievement(
    state: &AppState,
    id: AchievementId,
) -> AppResult<Vec<Credential>> {
    repo::credentials_of_achievement(&state.db, id).await
}

/// Revokes a credential (its issuer's writers): its bit in the status list becomes 1. 404 for
/// those who may not; revoking twice changes nothing.
pub async fn revoke(state: &AppState, who: &Principal, id: CredentialId) -> AppResult<Credential> {
    let c = credential(state, id).await?;
    let a = achievement(state, c.achievement_id).await?;
    if !may_issue(state, Some(who), a.issuer()).await? {
        return Err(AppError::NotFound);
    }
    repo::revoke(&state.db, id, who.user.id, state.clock.now_ms()).await?;
    credential(state, id).await
}

/// The signed `BitstringStatusListCredential` of a list, as of now (signed by its issuer's
/// current key).
pub async fn status_list_credential(state: &AppState, list: i64) -> AppResult<Value> {
    let issuer = repo::status_list_issuer(&state.db, list)
        .await?
        .ok_or(AppError::NotFound)?;
    let (name, page) = issuer_names(state, issuer).await?;
    let b = base(state);
    let id = model::issuer_url(b, issuer);
    let encoded = status::encode(&repo::revoked_entries(&state.db, list).await?);
    let now = crate::clock::rfc3339(state.clock.now_ms());
    let doc = credential::status_list(
        &Issuer {
            id: &id,
            name: &name,
            url: &page,
        },
        &model::status_list_url(b, list),
        &encoded,
        &now,
    );
    let key = current_key(state, issuer).await?;
    proof::sign(
        &doc,
        &signing_key(&key)?,
        &model::key_url(b, issuer, key.position),
        &now,
    )
    .map_err(proof_err)
}

fn text_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(*k))?.as_str()
}

fn instant(text: Option<&str>) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|d| d.timestamp_millis())
}

/// Verifies a credential: it is an Open Badges credential with a Data Integrity proof of
/// `eddsa-rdfc-2022`, signed by a key published in its issuer's profile here (retired keys
/// too), unchanged since, not revoked in its status list, and within its validity period.
pub async fn verify(state: &AppState, lang: Lang, doc: &Value) -> AppResult<Verification> {
    let b = base(state).to_string();
    let issuer_id = doc
        .get("issuer")
        .and_then(|i| i.as_str().or_else(|| text_at(i, &["id"])))
        .map(str::to_owned);
    let mut v = Verification {
        valid: false,
        failure: None,
        message: String::new(),
        detail: None,
        checks: Vec::new(),
        issuer_name: text_at(doc, &["issuer", "name"]).map(str::to_owned),
        issuer_id: issuer_id.clone(),
        achievement_name: text_at(doc, &["credentialSubject", "achievement", "name"])
            .map(str::to_owned),
        valid_from: text_at(doc, &["validFrom"]).map(str::to_owned),
        valid_until: text_at(doc, &["validUntil"]).map(str::to_owned),
        verification_method: None,
    };
    let fail = |mut v: Verification, f: Failure, detail: Option<String>| {
        v.failure = Some(f);
        v.message = lang.t(f.key());
        v.detail = detail;
        Ok(v)
    };
    let types = doc.get("type").and_then(Value::as_array);
    let has_type = |t: &str| types.is_some_and(|ts| ts.iter().any(|x| x.as_str() == Some(t)));
    if !doc.is_object()
        || doc
            .get("@context")
            .and_then(|c| c.get(0))
            .and_then(Value::as_str)
            != Some(proof::CREDENTIALS_V2)
        || !has_type("VerifiableCredential")
        || !has_type("OpenBadgeCredential")
    {
        return fail(v, Failure::Malformed, None);
    }
    let vm = match proof::verification_method(doc) {
        Ok(vm) => vm.to_string(),
        Err(e) => return fail(v, Failure::Proof, Some(e.to_string())),
    };
    v.verification_method = Some(vm.clone());
    v.checks.push("proof".into());
    // The key: `{issuer}#key-{n}` of an issuer of this instance.
    let key = async {
        let issuer_id = issuer_id.as_deref()?;
        let (profile, position) = vm.split_once("#key-")?;
        if profile != issuer_id {
            return None;
        }
        let issuer =
            model::parse_issuer_key(profile.strip_prefix(&format!("{b}/badges/emetteurs/"))?)?;
        let position: i32 = position.parse().ok()?;
        let keys = repo::keys_of(&state.db, issuer).await.ok()?;
        let k = keys.into_iter().find(|k| k.position == position)?;
        Some((issuer, k))
    }
    .await;
    let Some((issuer, key)) = key else {
        return fail(v, Failure::IssuerUnknown, None);
    };
    if let Ok((name, _)) = issuer_names(state, issuer).await {
        v.issuer_name = Some(name);
    }
    v.checks.push("issuer".into());
    let public = match proof::parse_multikey(&key.public_key) {
        Ok(k) => k,
        Err(e) => return fail(v, Failure::IssuerUnknown, Some(e.to_string())),
    };
    match proof::verify(doc, &public) {
        Ok(()) => {}
        Err(e @ proof::ProofError::JsonLd(_)) => {
            return fail(v, Failure::Malformed, Some(e.to_string()))
        }
        Err(e @ proof::ProofError::BadSignature) => {
            return fail(v, Failure::Signature, Some(e.to_string()))
        }
        Err(e) => return fail(v, Failure::Proof, Some(e.to_string())),
    }
    v.checks.push("signature".into());
    // The status: an entry of a list of the same issuer, here.
    if let Some(entry) = doc.get("credentialStatus") {
        let list = text_at(entry, &["statusListCredential"])
            .and_then(|u| u.strip_prefix(&format!("{b}/badges/statuts/")))
            .and_then(|id| id.parse::<i64>().ok());
        let index = text_at(entry, &["statusListIndex"]).and_then(|i| i.parse::<i64>().ok());
        let (Some(list), Some(index)) = (list, index) else {
            return fail(
                v,
                Failure::Malformed,
                Some("unreadable credentialStatus".into()),
            );
        };
        if repo::status_list_issuer(&state.db, list).await? != Some(issuer) {
            return fail(
                v,
                Failure::IssuerUnknown,
                Some("status list of another issuer".into()),
            );
        }
        let encoded = status::encode(&repo::revoked_entries(&state.db, list).await?);
        match status::is_set(&encoded, index) {
            Some(false) => {}
            Some(true) => return fail(v, Failure::Revoked, None),
            None => {
                return fail(
                    v,
                    Failure::Malformed,
                    Some("status index out of the list".into()),
                )
            }
        }
        v.checks.push("status".into());
    }
    let now = state.clock.now_ms();
    if instant(v.valid_until.as_deref()).is_some_and(|u| u <= now) {
        return fail(v, Failure::Expired, None);
    }
    if instant(v.valid_from.as_deref()).is_some_and(|f| f > now) {
        return fail(v, Failure::NotYetValid, None);
    }
    v.checks.push("validity".into());
    v.valid = true;
    v.message = lang.t("badge-valid");
    Ok(v)
}
