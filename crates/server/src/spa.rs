//! Serving the built SPA: hashed build files are immutable, everything else (index.html, the
//! manifest, the service worker) is revalidated on every load so a new release reaches users.
//! Unknown paths without a file extension get index.html, so client-side routes survive reloads.

use axum::http::{HeaderValue, Request, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// A router serving `dist` with SPA fallback and caching headers.
pub fn service(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let files = ServeDir::new(dist).fallback(ServeFile::new(index));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// True for trunk's content-hashed outputs such as `takt-app-3f2a9c0d1e2b4a5f_bg.wasm`.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit('-')
        .next()
        .is_some_and(|h| h.len() >= 16 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

async fn cache_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let value = if is_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/takt-app-3f2a9c0d1e2b4a5f_bg.wasm"));
        assert!(is_hashed("/takt-app-3f2a9c0d1e2b4a5f.js"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        // The lazily loaded chunks and their loader (`cargo xtask split`).
        assert!(is_hashed("/takt-app-split_jit-0123456789abcdef.wasm"));
        assert!(is_hashed("/takt-app-split-0123456789abcdef.js"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/manifest.webmanifest"));
    }
}
