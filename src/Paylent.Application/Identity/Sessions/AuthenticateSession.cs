using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;

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
            from session in db.Sessions
            join user in db.Users on session.UserId equals user.Id
            where session.TokenHash == hash
            select new { Session = session, User = user }).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (found is null || !found.Session.IsActive(now) || !found.User.IsActive)
        {
            return null;
        }

        await db.TouchAsync(found.Session, policies.Sessions, now, cancellationToken);
        audit.IdentifyActor(AuditActor.User(found.User.Id));
        return new AuthenticatedSession(
            found.Session.Id, found.User.Id, found.User.Email, found.User.FullName, found.Session.AuthenticatedAt, found.Session.AuthenticationMethods);
    }
}
