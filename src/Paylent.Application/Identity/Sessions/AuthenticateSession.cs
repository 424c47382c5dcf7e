using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
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
        var hash = Secrets.Hash(command.Token);
        var found = await (
            from session in db.Sessions.Where(Session.Live.At(now))
            join user in db.Users.Where(u => u.Status == UserStatus.Active) on session.UserId equals user.Id
            where session.TokenHash == hash
            select new
            {
                session.Id, session.LastSeenAt, session.AbsoluteExpiresAt, session.AuthenticatedAt, session.AuthenticationMethods,
                UserId = user.Id, user.Email, user.GivenName, user.FamilyName,
            }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        await db.TouchAsync(found.Id, found.LastSeenAt, found.AbsoluteExpiresAt, policies.Sessions, now, cancellationToken);
        audit.IdentifyActor(AuditActor.User(found.UserId));
        return new AuthenticatedSession(
            found.Id, found.UserId, found.Email, User.FullNameOf(found.GivenName, found.FamilyName), found.AuthenticatedAt, found.AuthenticationMethods);
    }
}
