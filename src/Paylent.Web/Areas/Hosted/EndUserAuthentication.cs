using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Paylent.Application.Identity.Sessions;

namespace Paylent.Web.Areas.Hosted;

/// <summary>
/// The end user's session on an environment host, as an authentication scheme: hosted pages and the
/// OAuth authorize endpoint ask it whether a live session exists, whose it is and when the user
/// authenticated. Separate from the dashboard's <c>Dashboard</c> scheme, which serves admins on the bare domain.
/// </summary>
public static class EndUserAuthentication
{
    public const string Scheme = "EndUser";

    // OIDC claim names (OpenID Connect Core §2, §5.1), so tokens can copy them unchanged.
    public const string SubjectClaim = "sub";
    public const string SessionIdClaim = "sid";
    public const string AuthTimeClaim = "auth_time";
    public const string MethodsClaim = "amr";
    public const string EmailClaim = "email";
    public const string NameClaim = "name";

    public static IServiceCollection AddEndUserAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, EndUserSessionHandler>(Scheme, displayName: null, _ => { });
        return services;
    }

    public static ClaimsPrincipal Principal(AuthenticatedSession session)
    {
        var claims = new List<Claim>
        {
            new(SubjectClaim, session.UserId.ToString()),
            new(SessionIdClaim, session.SessionId.ToString()),
            new(AuthTimeClaim, new DateTimeOffset(session.AuthenticatedAt, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            new(EmailClaim, session.Email),
        };
        claims.AddRange(session.AuthenticationMethods.Select(method => new Claim(MethodsClaim, method)));
        if (session.Name is { } name)
        {
            claims.Add(new Claim(NameClaim, name));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, NameClaim, roleType: null));
    }

    /// <summary>The signed-in end user, when the principal came from this scheme.</summary>
    public static EndUser? EndUser(this ClaimsPrincipal principal)
    {
        if (principal.Identities.FirstOrDefault(i => i.AuthenticationType == Scheme) is not { } identity
            || !Guid.TryParse(identity.FindFirst(SubjectClaim)?.Value, out var userId)
            || !Guid.TryParse(identity.FindFirst(SessionIdClaim)?.Value, out var sessionId)
            || !long.TryParse(identity.FindFirst(AuthTimeClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var authTime))
        {
            return null;
        }

        return new EndUser(
            userId,
            sessionId,
            DateTimeOffset.FromUnixTimeSeconds(authTime),
            identity.FindAll(MethodsClaim).Select(c => c.Value).ToList(),
            identity.FindFirst(EmailClaim)?.Value ?? string.Empty);
    }
}

/// <summary>Who is signed in on this environment host, through which session, and since when.</summary>
public sealed record EndUser(Guid UserId, Guid SessionId, DateTimeOffset AuthenticatedAt, IReadOnlyList<string> AuthenticationMethods, string Email);
