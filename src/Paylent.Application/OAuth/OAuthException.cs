namespace Paylent.Application.OAuth;

/// <summary>
/// A protocol error with its RFC 6749 §5.2 code, answered as <c>{"error", "error_description"}</c>
/// by the OAuth endpoints (401 with <c>WWW-Authenticate</c> for failed HTTP Basic client auth).
/// </summary>
public sealed class OAuthException(string error, string description, int status = 400) : Exception(description)
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";

    /// <summary>RFC 8707 §2: the <c>resource</c> is not acceptable.</summary>
    public const string InvalidTarget = "invalid_target";

    /// <summary>RFC 7009 §2.2.1.</summary>
    public const string UnsupportedTokenType = "unsupported_token_type";

    public string Error { get; } = error;

    public int Status { get; } = status;
}
