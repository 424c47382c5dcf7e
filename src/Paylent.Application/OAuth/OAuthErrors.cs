namespace Paylent.Application.OAuth;

/// <summary>
/// Every protocol error code Paylent answers, in one place: the token, introspection and revocation
/// endpoints (RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8707 §2), authorization responses (RFC 6749
/// §4.1.2.1, OIDC Core §3.1.2.6, §6) and bearer-token challenges (RFC 6750 §3.1).
/// </summary>
public static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidTarget = "invalid_target";
    public const string UnsupportedTokenType = "unsupported_token_type";

    /// <summary>RFC 6749 §4.1.2.1; also the body of a protocol endpoint's 500, as peers answer one.</summary>
    public const string ServerError = "server_error";

    public const string AccessDenied = "access_denied";
    public const string UnsupportedResponseType = "unsupported_response_type";
    public const string LoginRequired = "login_required";
    public const string ConsentRequired = "consent_required";
    public const string InteractionRequired = "interaction_required";
    public const string RequestNotSupported = "request_not_supported";
    public const string RequestUriNotSupported = "request_uri_not_supported";
    public const string RegistrationNotSupported = "registration_not_supported";

    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>Not registered by any RFC: a 429's body, named as the status says (with <c>Retry-After</c>).</summary>
    public const string TooManyRequests = "too_many_requests";
}
