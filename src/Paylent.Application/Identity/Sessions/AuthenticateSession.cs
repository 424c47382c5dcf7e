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
/// at most once a minute) and names the user as the actor of what the request does. A session read
/// recently comes from <see cref="ISessionCache"/>, without a query.
/// </summary>
public sealed record AuthenticateSession(string Token) : ICommand<AuthenticatedSession?>;

internal sealed class AuthenticateSessionHandler(IIdentityData db, ISessionCache sessions, IdentityPolicies policies, AuditContext audit, TimeProvider clock)
    : ICommandHandler<AuthenticateSession, AuthenticatedSession?>
{
    public async Task<AuthenticatedSession?> Handle(AuthenticateSession command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.Hash(command.Token);
        var found = await sessions.GetAsync(hash, () => LiveSessionWithToken.SingleAsync(db, hash, now, cancellationToken));
        if (found is not null && !found.WithinExpiriesAt(now))
        {
            // Held from before its idle expiry: activity recorded by another instance may have slid it.
            sessions.Forget(hash);
            found = await LiveSessionWithToken.SingleAsync(db, hash, now, cancellationToken);
        }

        if (found is null)
        {
            return null;
        }

        if (await db.TouchAsync(found.Id, found.LastSeenAt, found.AbsoluteExpiresAt, policies.Sessions, now, cancellationToken))
        {
            // What the cache holds of the session's activity is behind now; the next request reads it again.
            sessions.Forget(hash);
        }

        audit.IdentifyActor(AuditActor.User(found.UserId));
        return new AuthenticatedSession(
            found.Id, found.UserId, found.Email, User.FullNameOf(found.GivenName, found.FamilyName), found.AuthenticatedAt, found.AuthenticationMethods);
    }

    // Compiled once: a hosted page or an authorization request reads its cookie's session on every request.
    // Only the columns it needs: the user's password hash stays in the database.
    private static readonly CompiledQuery<string, DateTime, CachedSession?> LiveSessionWithToken = new((context, hash, now, cancellationToken) =>
            (from session in ((IIdentityData)context).Sessions
             join user in ((IIdentityData)context).Users on session.UserId equals user.Id
             where session.TokenHash == hash && Session.Live.Rule.Invoke(session, now) && user.Status == UserStatus.Active
             select new CachedSession(
                 session.Id, session.LastSeenAt, session.IdleExpiresAt, session.AbsoluteExpiresAt, session.AuthenticatedAt, session.AuthenticationMethods,
                 user.Id, user.Email, user.GivenName, user.FamilyName))
            .SingleOrDefault());
}
