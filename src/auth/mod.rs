//! Authentication (passwords, sessions, API tokens), the request context, CSRF, rate limits,
//! and — in [`policy`] — every authorization decision.

pub mod csrf;
pub mod ctx;
pub mod identity;
pub mod password;
pub mod policy;
pub mod ratelimit;
pub mod secret;
pub mod session;
pub mod throttle;

pub use ctx::{api_user, Ctx, Principal};
pub use identity::{Role, RoleKind, User};
