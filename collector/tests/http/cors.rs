use crate::support::{heard_response, TestServer, ID};

const ALLOWED: &str = "https://www.example.nhs.uk";

fn server() -> TestServer {
    TestServer::start_with(|config| config.allow_origin(ALLOWED))
}

fn preflight(server: &TestServer, origin: &str) -> crate::support::Reply {
    server.request(
        "OPTIONS",
        "/responses",
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type, idempotency-key, x-council-auth"),
        ],
        b"",
    )
}

#[test]
fn a_preflight_from_an_allowed_origin_allows_post_and_the_requested_headers() {
    let server = server();
    let reply = preflight(&server, ALLOWED);
    assert_eq!(reply.status, 204, "{}", reply.body);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ALLOWED));
    assert!(reply.header("access-control-allow-methods").is_some_and(|m| m.contains("POST")));
    let headers = reply.header("access-control-allow-headers").unwrap_or_default();
    for name in ["content-type", "idempotency-key", "x-council-auth"] {
        assert!(headers.split(", ").any(|h| h == name), "{name} missing from {headers}");
    }
    assert_eq!(reply.header("access-control-allow-credentials"), None);
    assert!(reply.header("vary").is_some_and(|v| v.contains("origin")));
}

#[test]
fn a_preflight_from_another_origin_is_refused() {
    let server = server();
    let reply = preflight(&server, "https://evil.example");
    reply.assert_refused(403, "origin_not_allowed", "--allow-origin");
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[test]
fn without_an_allow_list_every_cross_origin_preflight_is_refused() {
    let server = TestServer::start();
    assert_eq!(preflight(&server, ALLOWED).status, 403);
}

#[test]
fn a_post_from_an_allowed_origin_can_be_read_by_that_origin_only() {
    let server = server();
    let body = heard_response(ID).to_string();
    let post = |origin: &str| {
        server.request(
            "POST",
            "/responses",
            &[("Content-Type", "application/json"), ("Origin", origin)],
            body.as_bytes(),
        )
    };
    let allowed = post(ALLOWED);
    assert_eq!(allowed.status, 201);
    assert_eq!(allowed.header("access-control-allow-origin"), Some(ALLOWED));
    let other = post("https://evil.example");
    assert_eq!(other.header("access-control-allow-origin"), None);
}

#[test]
fn the_exports_get_no_cors_headers_even_for_an_allowed_origin() {
    let server = server();
    for path in ["/responses.csv", "/responses.ndjson"] {
        let reply = server.request("GET", path, &[("Origin", ALLOWED)], b"");
        assert_eq!(reply.header("access-control-allow-origin"), None, "{path}");
    }
}

#[test]
fn no_response_ever_sets_a_cookie_or_a_wildcard_origin() {
    let server = server();
    let body = heard_response(ID).to_string();
    let replies = [
        preflight(&server, ALLOWED),
        preflight(&server, "https://evil.example"),
        server.request(
            "POST",
            "/responses",
            &[("Content-Type", "application/json"), ("Origin", ALLOWED)],
            body.as_bytes(),
        ),
        server.request("GET", "/health", &[("Origin", ALLOWED)], b""),
        server.get("/responses.csv"),
    ];
    for reply in replies {
        assert_eq!(reply.header("set-cookie"), None);
        assert_ne!(reply.header("access-control-allow-origin"), Some("*"));
    }
}
