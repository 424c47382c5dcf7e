using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;
using Paylent.Domain.Identity;

namespace Paylent.Application.Identity.Sessions;

/// <summary>
/// Reads a session cookie: the live session and its user, or null. Slides the idle expiry (written
/// at most once a minute) and names the user as the actor of what the request does.
/// </summary>
public sealed record AuthenticateSession(string Token) : ICommand<AuthenticatedSession?>;

internal sealed class AuthenticateSessionHandler(IIdentityData db, IdentityPolicies policies, AuditContext audit, TimeProvider clock)
    : ICommandHandler<AuthenticateSession, AuthenticatedSession?>
{
    public async Task<AuthenticatedSession?> Handle(AuthenticateSession command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await LiveSessionWithToken.SingleAsync(db, Secrets.Hash(command.Token), now, cancellationToken);
        if (found is null)
        {
            return null;
        }

        await db.TouchAsync(found.Id, found.LastSeenAt, found.AbsoluteExpiresAt, policies.Sessions, now, cancellationToken);
        audit.IdentifyActor(AuditActor.User(found.UserId));
        return new AuthenticatedSession(
            found.Id, found.UserId, found.Email, User.FullNameOf(found.GivenName, found.FamilyName), found.AuthenticatedAt, found.AuthenticationMethods);
    }

    // Compiled once: a hosted page or an authorization request reads its cookie's session on every request.
    // Only the columns it needs: the user's password hash stays in the database.
    private static readonly CompiledQuery<string, DateTime, Found?> LiveSessionWithToken = new((context, hash, now, cancellationToken) =>
            (from session in ((IIdentityData)context).Sessions
             join user in ((IIdentityData)context).Users on session.UserId equals user.Id
             where session.TokenHash == hash && Session.Live.Rule.Invoke(session, now) && user.Status == UserStatus.Active
             select new Found(
                 session.Id, session.LastSeenAt, session.AbsoluteExpiresAt, session.AuthenticatedAt, session.AuthenticationMethods,
                 user.Id, user.Email, user.GivenName, user.FamilyName))
            .SingleOrDefault());

    private sealed record Found(
        Guid Id, DateTime LastSeenAt, DateTime AbsoluteExpiresAt, DateTime AuthenticatedAt, IReadOnlyList<string> AuthenticationMethods,
        Guid UserId, string Email, string? GivenName, string? FamilyName);
}
