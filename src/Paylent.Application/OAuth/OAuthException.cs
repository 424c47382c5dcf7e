namespace Paylent.Application.OAuth;

/// <summary>
/// A protocol error with its RFC 6749 §5.2 code, answered as <c>{"error", "error_description"}</c>
/// by the OAuth endpoints, with a code of <see cref="OAuthErrors"/> (401 with <c>WWW-Authenticate</c> for failed HTTP Basic client auth).
/// </summary>
public sealed class OAuthException(string error, string description, int status = 400) : Exception(description)
{
    public string Error { get; } = error;

    public int Status { get; } = status;
}
