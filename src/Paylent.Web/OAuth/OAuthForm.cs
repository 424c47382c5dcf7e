using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Primitives;
using Paylent.Application.Common;
using Paylent.Application.OAuth;
using Paylent.Application.OAuth.Tokens;

namespace Paylent.Web.OAuth;

/// <summary>
/// A token, introspection or revocation request's form, read by the rules every such endpoint shares:
/// POST as application/x-www-form-urlencoded, no parameter twice (RFC 6749 §3.2) unless it is meant
/// to repeat, bounded values, and one client authentication method at most (§2.3).
/// </summary>
internal sealed class OAuthForm
{
    public const int MaxValueLength = 8192;

    private readonly IFormCollection _form;

    private OAuthForm(IFormCollection form, ClientCredentials credentials)
    {
        _form = form;
        Credentials = credentials;
    }

    public ClientCredentials Credentials { get; }

    public string? this[string name] => _form[name] is { Count: 1 } value && value[0] is { Length: > 0 } text ? text : null;

    public IReadOnlyList<string> All(string name) => _form[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();

    /// <param name="repeatable">Parameters an extension lets repeat, such as RFC 8707 <c>resource</c>.</param>
    public static async Task<OAuthForm> ReadAsync(HttpRequest request, params string[] repeatable)
    {
        var form = await ReadFieldsAsync(request, repeatable);
        return new OAuthForm(form, ReadCredentials(request.Headers.Authorization, form));
    }

    /// <summary>The form by the shared rules, without reading client authentication (a bearer endpoint's form).</summary>
    public static async Task<IFormCollection> ReadFieldsAsync(HttpRequest request, params string[] repeatable)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "The request must be application/x-www-form-urlencoded.");
        }

        // Already read, charset and text checked, by InputTextMiddleware, which answers a body it cannot read.
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);

        foreach (var (name, values) in form)
        {
            if (values.Count > 1 && !repeatable.Contains(name, StringComparer.Ordinal))
            {
                throw new OAuthException(OAuthErrors.InvalidRequest, $"The parameter {name} is repeated.");
            }

            if (values.Any(v => v?.Length > MaxValueLength))
            {
                throw new OAuthException(OAuthErrors.InvalidRequest, $"The parameter {name} is too long.");
            }
        }

        return form;
    }

    private static ClientCredentials ReadCredentials(StringValues authorization, IFormCollection form)
    {
        var postedId = form["client_id"].FirstOrDefault();
        var postedSecret = form["client_secret"].FirstOrDefault();
        if (StringValues.IsNullOrEmpty(authorization))
        {
            return new ClientCredentials(postedId, postedSecret, postedSecret is null ? ClientAuthMethod.None : ClientAuthMethod.Post);
        }

        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            throw InvalidBasic("Only HTTP Basic client authentication is accepted in the Authorization header.");
        }

        var (id, secret) = DecodeBasic(header.Parameter);
        if (postedSecret is not null || (postedId is not null && postedId != id))
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "Use one client authentication method, not several.");
        }

        return new ClientCredentials(id, secret, ClientAuthMethod.Basic);
    }

    /// <summary>RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined with a colon.</summary>
    private static (string Id, string Secret) DecodeBasic(string? parameter)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter ?? string.Empty));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw InvalidBasic("The Basic credentials are malformed.");
            }

            var (id, secret) = (Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')), Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));

            // The header is read here, not by the form check every request passes (InputTextMiddleware).
            return InputRules.IsText(id) && InputRules.IsText(secret) ? (id, secret) : throw InvalidBasic("The Basic credentials are malformed.");
        }
        catch (FormatException)
        {
            throw InvalidBasic("The Basic credentials are malformed.");
        }
    }

    private static OAuthException InvalidBasic(string description) => new(OAuthErrors.InvalidClient, description, StatusCodes.Status401Unauthorized);
}
